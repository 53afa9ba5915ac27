//! The starter library: original scenarios shipped with Rapport and loaded with the demo data.
#[cfg(feature = "ssr")]
use crate::training::format::{FileProblem, parse};
#[cfg(feature = "ssr")]
use crate::training::model::Scenario;

macro_rules! files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("library/", $name)))),*]
    };
}

/// (file name, text) of every starter scenario, in the order the demo modules use them.
pub const FILES: &[(&str, &str)] = files![
    "double-charge.toml",
    "ten-rings.toml",
    "policy-says-no.toml",
    "dead-end-transfer.toml",
    "wrong-order.toml",
    "three-departments.toml",
    "finance-refund.toml",
    "own-fault.toml",
    "repeat-problem.toml",
    "third-chat.toml",
    "room-not-ready.toml",
    "allergy.toml",
];

#[cfg(feature = "ssr")]
pub fn starter() -> Result<Vec<Scenario>, Vec<FileProblem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (file, text) in FILES {
        match parse(file, text) {
            Ok(s) => out.push(s),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
