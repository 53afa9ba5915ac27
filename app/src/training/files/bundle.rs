//! A whole module as one TOML file: its settings under `[module]`, then every scenario it lists,
//! each as `[[scenarios]]` in the same form as a single scenario file.
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::training::files::format::{self, FileProblem};
use crate::training::rules::model::Scenario;
use crate::training::rules::validate::validate;
use crate::training::types::ModuleRule;

/// A module file may hold several scenarios, so it may be larger than one scenario file.
pub const MAX_MODULE_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleHead {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub pass_mark: i32,
    /// `passed` or `completed`.
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_months: Option<i32>,
    /// Scenario ids in the order learners meet them.
    pub scenarios: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFile {
    pub module: ModuleHead,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
}

/// A module file is recognised by its `[module]` table.
pub fn is_module_file(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "[module]")
}

pub fn export(file: &ModuleFile) -> String {
    format!(
        "# A Rapport training module: its settings, then each scenario it lists.\n# Import it under Training admin, Import files.\n\n{}",
        toml::to_string(file).unwrap_or_default()
    )
}

/// Reads and checks a module file; every problem is returned with its place.
pub fn parse(name: &str, text: &str) -> Result<ModuleFile, Vec<FileProblem>> {
    let problem = |line: Option<usize>, field: &str, message: String| FileProblem {
        file: name.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    let file: ModuleFile = format::read_toml(name, text, MAX_MODULE_BYTES)?;
    let mut problems = Vec::new();
    let m = &file.module;
    if m.title.trim().is_empty() || m.title.chars().count() > 120 {
        problems.push(problem(
            None,
            "title",
            "the module needs a title of 1 to 120 characters".into(),
        ));
    }
    if !(0..=100).contains(&m.pass_mark) {
        problems.push(problem(
            None,
            "pass_mark",
            format!("the pass mark is {}; it must be 0 to 100", m.pass_mark),
        ));
    }
    if ModuleRule::parse(&m.rule).is_none() {
        problems.push(problem(
            None,
            "rule",
            format!("`{}` is not a rule; write `passed` or `completed`", m.rule),
        ));
    }
    if m.validity_months.is_some_and(|v| !(1..=120).contains(&v)) {
        problems.push(problem(
            None,
            "validity_months",
            "validity must be 1 to 120 months, or left out for certificates that do not expire"
                .into(),
        ));
    }
    if m.description.chars().count() > 2000 {
        problems.push(problem(
            None,
            "description",
            "the description is longer than 2000 characters".into(),
        ));
    }
    if m.scenarios.is_empty() {
        problems.push(problem(
            None,
            "scenarios",
            "list at least one scenario id".into(),
        ));
    }
    let mut seen = HashSet::new();
    for s in &file.scenarios {
        if !seen.insert(s.id.as_str()) {
            problems.push(problem(
                None,
                "id",
                format!("scenario `{}` appears twice", s.id),
            ));
        }
        for p in validate(s) {
            problems.push(problem(None, &p.field, format!("scenario `{}`, {p}", s.id)));
        }
    }
    let mut listed = HashSet::new();
    for id in &m.scenarios {
        if !listed.insert(id.as_str()) {
            problems.push(problem(
                None,
                "scenarios",
                format!("`{id}` is listed twice"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::tests_support::tiny;

    fn file() -> ModuleFile {
        ModuleFile {
            module: ModuleHead {
                title: "Basics".into(),
                description: "Start here.".into(),
                pass_mark: 70,
                rule: "passed".into(),
                validity_months: Some(12),
                scenarios: vec!["tiny".into()],
            },
            scenarios: vec![tiny()],
        }
    }

    #[test]
    fn a_module_file_round_trips() {
        let text = export(&file());
        assert!(is_module_file(&text));
        assert_eq!(parse("m.toml", &text).expect("valid"), file());
        assert!(!is_module_file(&crate::training::files::format::export(
            &tiny()
        )));
    }

    #[test]
    fn problems_name_the_scenario_and_step() {
        let mut f = file();
        f.module.rule = "sometimes".into();
        f.scenarios[0].steps[0].choices[0].next = "gone".into();
        let errs = parse("m.toml", &export(&f)).expect_err("bad");
        assert!(errs.iter().any(|e| e.field == "rule"), "{errs:?}");
        assert!(
            errs.iter().any(|e| e
                .message
                .contains("scenario `tiny`, step `start`, choice 1")),
            "{errs:?}"
        );
        let errs = parse("m.toml", "[module]\ntitle = 3\n").expect_err("syntax");
        assert_eq!(errs[0].line, Some(2), "{errs:?}");
    }
}
