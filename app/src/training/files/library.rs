//! The starter library: original scenarios shipped with Rapport and loaded with the demo data.
#[cfg(feature = "ssr")]
use crate::training::files::format::{FileProblem, parse};
#[cfg(feature = "ssr")]
use crate::training::rules::model::Scenario;

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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::starter;
    use crate::training::rules::assess::{USUAL_PASS_MARK, assess};
    use crate::training::rules::validate::validate;

    /// Every starter scenario assesses: the best path scores 100, and no naive strategy comes
    /// near the pass mark. The figures are printed for the record (`--nocapture`).
    #[test]
    fn the_starter_library_cannot_be_gamed() {
        let scenarios = starter().expect("the starter library parses");
        let mut failures = Vec::new();
        println!("scenario | best | first shown | last shown | random | random passes");
        for s in &scenarios {
            assert_eq!(validate(s), vec![], "{} has problems", s.id);
            let a = assess(s, USUAL_PASS_MARK).expect("assessed");
            let (first, last, random) = (a.naive[0].1, a.naive[1].1, a.naive[2].1);
            println!(
                "{} | {} | {first:.1} | {last:.1} | {random:.1} | {:.1}%",
                s.id,
                a.best,
                a.naive[2].2 * 100.0
            );
            if a.best != 100 {
                failures.push(format!("{}: the best path scores {}", s.id, a.best));
            }
            for (strategy, mean, _) in &a.naive {
                // Well below: at least 20 points under the pass mark.
                if *mean > (USUAL_PASS_MARK - 20) as f64 {
                    failures.push(format!("{}: {} averages {mean:.1}", s.id, strategy.label()));
                }
            }
            assert!(a.warnings().is_empty(), "{}: {:?}", s.id, a.warnings());
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
