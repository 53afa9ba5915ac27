//! Scenarios as TOML text files: reading one with problems named by file, line and field, and writing it back.
//!
//! The written form is canonical: exporting an imported canonical file gives the same bytes, and
//! `rapport scenarios fmt` rewrites any valid file into that form.
use crate::training::rules::model::Scenario;
use crate::training::rules::validate::{Problem, validate};

/// Larger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if !self.field.is_empty() {
            write!(f, ", `{}`", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads a TOML file into `T`: a file over `max_bytes`, or with a syntax or type error, gives one
/// problem with its line and field.
pub fn read_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    max_bytes: usize,
) -> Result<T, Vec<FileProblem>> {
    let problem = |line, field: &str, message: String| FileProblem {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    if text.len() > max_bytes {
        return Err(vec![problem(
            None,
            "",
            format!("the file is larger than {} KiB", max_bytes / 1024),
        )]);
    }
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|sp| line_of(text, sp.start));
        let field = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().to_owned())
            .filter(|k| !k.is_empty() && !k.starts_with('['))
            .unwrap_or_default();
        let message = e.message().trim().replace('\n', " ");
        vec![problem(line, &field, message)]
    })
}

/// Reads and validates one scenario file; every problem found is returned, each with its place.
pub fn parse(file: &str, text: &str) -> Result<Scenario, Vec<FileProblem>> {
    let scenario: Scenario = read_toml(file, text, MAX_FILE_BYTES)?;
    let problems = validate(&scenario);
    if problems.is_empty() {
        return Ok(scenario);
    }
    let blocks = Blocks::read(text);
    Err(problems
        .into_iter()
        .map(|p| {
            let line = blocks.line_for(&scenario, &p);
            FileProblem {
                file: file.to_owned(),
                line: Some(line),
                field: p.field.clone(),
                message: p.to_string(),
            }
        })
        .collect())
}

/// The canonical text of a scenario.
pub fn export(s: &Scenario) -> String {
    toml::to_string(s).unwrap_or_default()
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Section {
    Top,
    Persona,
    Step(usize),
    Choice(usize, usize),
}

/// A table of the file: its section, first line number, and its lines with their numbers.
type Block = (Section, usize, Vec<(usize, String)>);

/// The file cut into its tables, to find the line a problem is about.
struct Blocks {
    blocks: Vec<Block>,
}

impl Blocks {
    fn read(text: &str) -> Blocks {
        let mut blocks = vec![(Section::Top, 1, Vec::new())];
        let (mut step, mut choice) = (None::<usize>, 0usize);
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim();
            let section = match line {
                "[[steps]]" => {
                    step = Some(step.map_or(0, |s| s + 1));
                    choice = 0;
                    step.map(Section::Step)
                }
                "[[steps.choices]]" => {
                    let s = step.unwrap_or(0);
                    choice += 1;
                    Some(Section::Choice(s, choice - 1))
                }
                "[persona]" => Some(Section::Persona),
                _ => None,
            };
            match section {
                Some(sec) => blocks.push((sec, n, Vec::new())),
                None => {
                    if let Some(last) = blocks.last_mut() {
                        last.2.push((n, line.to_owned()));
                    }
                }
            }
        }
        Blocks { blocks }
    }

    fn find(&self, section: Section, field: &str) -> Option<usize> {
        let (_, start, lines) = self.blocks.iter().find(|(s, _, _)| *s == section)?;
        let hit = lines.iter().find(|(_, l)| {
            l.strip_prefix(field)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        Some(hit.map_or(*start, |(n, _)| *n))
    }

    fn line_for(&self, s: &Scenario, p: &Problem) -> usize {
        let step = p
            .step
            .as_ref()
            .and_then(|id| s.steps.iter().position(|st| &st.id == id));
        let section = match (step, p.choice) {
            (Some(k), Some(c)) => Section::Choice(k, c),
            (Some(k), None) => Section::Step(k),
            _ if matches!(p.field.as_str(), "name" | "situation" | "wants") => Section::Persona,
            _ => Section::Top,
        };
        self.find(section, &p.field)
            .or_else(|| self.find(section, ""))
            .unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::tests_support::tiny;

    #[test]
    fn export_then_import_is_lossless() {
        let s = tiny();
        let text = export(&s);
        let back = parse("tiny.toml", &text).expect("valid");
        assert_eq!(back, s);
        assert_eq!(export(&back), text);
    }

    #[test]
    fn syntax_errors_name_line_and_field() {
        let text = export(&tiny()).replace("minutes = 1", "minutes = \"soon\"");
        let errs = parse("tiny.toml", &text).expect_err("bad type");
        let line = text
            .lines()
            .position(|l| l.starts_with("minutes"))
            .expect("line")
            + 1;
        assert_eq!(errs[0].line, Some(line), "{errs:?}");
        assert_eq!(errs[0].field, "minutes");
        assert!(
            errs[0]
                .to_string()
                .starts_with(&format!("tiny.toml, line {line}, `minutes`"))
        );
    }

    #[test]
    fn unknown_fields_and_bad_conditions_are_refused() {
        let text = export(&tiny()).replace("title = ", "colour = \"red\"\ntitle = ");
        let errs = parse("t.toml", &text).expect_err("unknown");
        assert!(errs[0].message.contains("colour"), "{errs:?}");
        let text = export(&tiny()).replace("mood = 30\n", "mood = 30\nwhen = \"patience > 3\"\n");
        let errs = parse("t.toml", &text).expect_err("bad condition");
        assert!(errs[0].message.contains("not a condition"), "{errs:?}");
        assert_eq!(errs[0].field, "when");
    }

    #[test]
    fn model_errors_point_at_the_choice_line() {
        let mut s = tiny();
        s.steps[0].choices[1].next = "gone".into();
        let text = export(&s);
        let errs = parse("t.toml", &text).expect_err("dangling");
        let line = text
            .lines()
            .position(|l| l == "next = \"gone\"")
            .expect("line")
            + 1;
        assert_eq!(errs[0].line, Some(line), "{errs:?}");
        assert_eq!(errs[0].field, "next");
        assert!(
            errs[0].message.contains("step `start`, choice 2"),
            "{errs:?}"
        );
    }

    #[test]
    fn the_starter_library_is_valid_and_canonical() {
        let all = crate::training::files::library::starter().expect("every starter file is valid");
        assert!(all.len() >= 12, "{} starter scenarios", all.len());
        for (file, text) in crate::training::files::library::FILES {
            let s = parse(file, text).expect("valid");
            assert_eq!(
                &export(&s),
                text,
                "{file} is not in canonical form: run `rapport scenarios fmt`"
            );
            let steps = s.steps.len();
            let endings = s.steps.iter().filter(|st| st.ending.is_some()).count();
            assert!(steps >= 8, "{file}: {steps} steps");
            assert!(endings >= 2, "{file}: {endings} endings");
            assert!(
                s.steps
                    .iter()
                    .any(|st| st.ending == Some(crate::training::rules::model::Ending::Recovered)),
                "{file} has no recovery ending"
            );
        }
        let ids: std::collections::HashSet<_> = all.iter().map(|s| s.id.clone()).collect();
        assert_eq!(ids.len(), all.len(), "starter ids are unique");
    }
}
