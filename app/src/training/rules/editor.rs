//! The browser editor's form of a scenario: every field kept as the author typed it, so a draft never
//! loses work, and its reading into a scenario with every problem placed at its step and choice.
use serde::{Deserialize, Serialize};

use crate::training::rules::model::*;
use crate::training::rules::validate::{Problem, valid_id, validate};

/// Longest text a draft field keeps; longer input is refused before anything is saved.
pub const MAX_FIELD: usize = 4000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftScenario {
    pub id: String,
    #[serde(flatten)]
    pub meta: DraftMeta,
    pub steps: Vec<DraftStep>,
}

/// Everything about a scenario except its steps: one form in the editor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftMeta {
    pub title: String,
    pub summary: String,
    pub setting: String,
    #[serde(default)]
    pub skills: Vec<String>,
    pub minutes: String,
    pub mood: String,
    pub trust: String,
    pub start: String,
    pub persona_name: String,
    pub persona_situation: String,
    pub persona_wants: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftStep {
    pub id: String,
    #[serde(default)]
    pub narration: String,
    #[serde(default)]
    pub customer: String,
    /// Empty, or an ending's key (magic, recovered, misery).
    #[serde(default)]
    pub ending: String,
    #[serde(default)]
    pub debrief: String,
    #[serde(default)]
    pub choices: Vec<DraftChoice>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftChoice {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub next: String,
    /// "trust >= 60", or empty: the choice is always offered.
    #[serde(default)]
    pub when: String,
    /// One "trust >= 60 -> step" per line.
    #[serde(default)]
    pub branches: String,
    #[serde(default)]
    pub mood: String,
    #[serde(default)]
    pub trust: String,
    /// "listening +2, ownership -1".
    #[serde(default)]
    pub points: String,
    /// "first", "last", or empty: shown in the attempt's shuffled order.
    #[serde(default)]
    pub pin: String,
    /// Ticked in the form to remove the choice on save.
    #[serde(default, skip_serializing)]
    pub remove: Option<String>,
}

impl DraftChoice {
    fn is_blank(&self) -> bool {
        [
            &self.text,
            &self.feedback,
            &self.next,
            &self.when,
            &self.branches,
            &self.mood,
            &self.trust,
            &self.points,
            &self.pin,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
    }
}

fn num(v: i32) -> String {
    if v == 0 { String::new() } else { v.to_string() }
}

impl DraftScenario {
    pub fn from_scenario(s: &Scenario) -> DraftScenario {
        DraftScenario {
            id: s.id.clone(),
            meta: DraftMeta {
                title: s.title.clone(),
                summary: s.summary.clone(),
                setting: s.setting.key().into(),
                skills: s.skills.iter().map(|k| k.key().to_owned()).collect(),
                minutes: s.minutes.to_string(),
                mood: s.mood.to_string(),
                trust: s.trust.to_string(),
                start: s.start.clone(),
                persona_name: s.persona.name.clone(),
                persona_situation: s.persona.situation.clone(),
                persona_wants: s.persona.wants.clone(),
            },
            steps: s
                .steps
                .iter()
                .map(|st| DraftStep {
                    id: st.id.clone(),
                    narration: st.narration.clone(),
                    customer: st.customer.clone(),
                    ending: st.ending.map(|e| e.key().to_owned()).unwrap_or_default(),
                    debrief: st.debrief.clone(),
                    choices: st
                        .choices
                        .iter()
                        .map(|c| DraftChoice {
                            text: c.text.clone(),
                            feedback: c.feedback.clone(),
                            next: c.next.clone(),
                            when: c.when.map(|w| w.to_string()).unwrap_or_default(),
                            branches: c
                                .branches
                                .iter()
                                .map(|b| String::from(b.clone()))
                                .collect::<Vec<_>>()
                                .join("\n"),
                            mood: num(c.mood),
                            trust: num(c.trust),
                            points: String::from(c.points.clone()),
                            pin: c.pin.map(|p| p.key().to_owned()).unwrap_or_default(),
                            remove: None,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// A new scenario's first draft: an opening step with one choice leading to an ending.
    pub fn starter(id: &str, title: &str) -> DraftScenario {
        DraftScenario {
            id: id.to_owned(),
            meta: DraftMeta {
                title: title.to_owned(),
                setting: Setting::FrontDesk.key().into(),
                minutes: "5".into(),
                mood: "30".into(),
                trust: "40".into(),
                start: "opening".into(),
                ..DraftMeta::default()
            },
            steps: vec![
                DraftStep {
                    id: "opening".into(),
                    choices: vec![DraftChoice {
                        next: "resolved".into(),
                        ..DraftChoice::default()
                    }],
                    ..DraftStep::default()
                },
                DraftStep {
                    id: "resolved".into(),
                    ending: Ending::Recovered.key().into(),
                    ..DraftStep::default()
                },
            ],
        }
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Every problem, placed at its step and choice, and the scenario as far as it can be read.
    /// Fields that do not read (a number that is not one, a malformed condition) count as empty
    /// or zero, so the rest of the scenario is still checked.
    pub fn check(&self) -> (Scenario, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut at = |step: Option<&str>, choice: Option<usize>, field: &str, message: String| {
            problems.push(Problem {
                step: step.map(str::to_owned),
                choice,
                field: field.to_owned(),
                message,
            })
        };
        let m = &self.meta;
        let setting = Setting::parse(m.setting.trim()).unwrap_or_else(|| {
            at(
                None,
                None,
                "setting",
                "choose where the conversation takes place".into(),
            );
            Setting::FrontDesk
        });
        let mut skills = Vec::new();
        for k in &m.skills {
            match Skill::parse(k.trim()) {
                Some(s) if !skills.contains(&s) => skills.push(s),
                Some(_) => {}
                None => at(None, None, "skills", format!("`{k}` is not a skill")),
            }
        }
        let minutes = number("minutes", &m.minutes).unwrap_or_else(|e| {
            at(None, None, "minutes", e);
            0
        });
        let mood = number("mood", &m.mood).unwrap_or_else(|e| {
            at(None, None, "mood", e);
            0
        });
        let trust = number("trust", &m.trust).unwrap_or_else(|e| {
            at(None, None, "trust", e);
            0
        });
        let mut steps = Vec::new();
        for st in &self.steps {
            let sid = Some(st.id.as_str());
            let ending = match st.ending.trim() {
                "" => None,
                e => Ending::parse(e).or_else(|| {
                    at(sid, None, "ending", format!("`{e}` is not an ending"));
                    None
                }),
            };
            let mut choices = Vec::new();
            for (ci, c) in st.choices.iter().enumerate() {
                let ci = Some(ci);
                let when = match c.when.trim() {
                    "" => None,
                    w => w.parse::<Condition>().map_or_else(
                        |e| {
                            at(sid, ci, "when", e);
                            None
                        },
                        Some,
                    ),
                };
                let mut branches = Vec::new();
                for line in c.branches.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    match Branch::try_from(line.to_owned()) {
                        Ok(b) => branches.push(b),
                        Err(e) => at(sid, ci, "branches", e),
                    }
                }
                let points = Points::try_from(c.points.clone()).unwrap_or_else(|e| {
                    at(sid, ci, "points", e);
                    Points::default()
                });
                let pin = match c.pin.trim() {
                    "" => None,
                    p => Pin::parse(p).or_else(|| {
                        at(
                            sid,
                            ci,
                            "pin",
                            format!("`{p}` is not a position; choose first, last or shuffled"),
                        );
                        None
                    }),
                };
                choices.push(Choice {
                    pin,
                    text: c.text.trim().to_owned(),
                    feedback: c.feedback.trim().to_owned(),
                    next: c.next.trim().to_owned(),
                    branches,
                    when,
                    mood: number("mood", &c.mood).unwrap_or_else(|e| {
                        at(sid, ci, "mood", e);
                        0
                    }),
                    trust: number("trust", &c.trust).unwrap_or_else(|e| {
                        at(sid, ci, "trust", e);
                        0
                    }),
                    points,
                });
            }
            steps.push(Step {
                id: st.id.clone(),
                narration: st.narration.trim().to_owned(),
                customer: st.customer.trim().to_owned(),
                ending,
                debrief: st.debrief.trim().to_owned(),
                choices,
            });
        }
        let scenario = Scenario {
            id: self.id.clone(),
            title: m.title.trim().to_owned(),
            summary: m.summary.trim().to_owned(),
            setting,
            skills,
            minutes,
            mood,
            trust,
            start: m.start.trim().to_owned(),
            persona: Persona {
                name: m.persona_name.trim().to_owned(),
                situation: m.persona_situation.trim().to_owned(),
                wants: m.persona_wants.trim().to_owned(),
            },
            steps,
        };
        problems.extend(validate(&scenario));
        (scenario, problems)
    }

    /// Replaces the scenario's details; the only refusals are ones that would lose or corrupt text.
    pub fn set_meta(&mut self, meta: DraftMeta) -> Result<(), String> {
        let m = &meta;
        for (name, v) in [
            ("Title", &m.title),
            ("Summary", &m.summary),
            ("Customer's name", &m.persona_name),
            ("Situation", &m.persona_situation),
            ("What the customer wants", &m.persona_wants),
        ] {
            too_long(name, v)?;
        }
        for (name, v) in [
            ("Minutes", &m.minutes),
            ("Starting mood", &m.mood),
            ("Starting trust", &m.trust),
            ("Setting", &m.setting),
            ("First step", &m.start),
        ] {
            if v.chars().count() > 60 {
                return Err(format!("{name} is too long."));
            }
        }
        if m.skills.len() > Skill::ALL.len() {
            return Err("Choose each skill at most once.".into());
        }
        self.meta = meta;
        Ok(())
    }

    /// Adds an empty step with this id.
    pub fn add_step(&mut self, id: &str) -> Result<(), String> {
        let id = id.trim();
        step_id_ok(id)?;
        if self.step_index(id).is_some() {
            return Err(format!("There is already a step `{id}`."));
        }
        if self.steps.len() >= MAX_STEPS {
            return Err(format!("A scenario has at most {MAX_STEPS} steps."));
        }
        self.steps.push(DraftStep {
            id: id.to_owned(),
            ..DraftStep::default()
        });
        Ok(())
    }

    /// Replaces step `original` with `step`. Blank and ticked-for-removal choices are dropped;
    /// renaming the step also renames every reference to it.
    pub fn set_step(&mut self, original: &str, mut step: DraftStep) -> Result<(), String> {
        let k = self
            .step_index(original)
            .ok_or_else(|| format!("There is no step `{original}` in this draft any more."))?;
        step.id = step.id.trim().to_owned();
        step_id_ok(&step.id)?;
        if step.id != original && self.step_index(&step.id).is_some() {
            return Err(format!(
                "There is already a step `{}`; choose another id.",
                step.id
            ));
        }
        for (name, v) in [
            ("Narration", &step.narration),
            ("Customer's words", &step.customer),
            ("Debrief", &step.debrief),
        ] {
            too_long(name, v)?;
        }
        step.choices.retain(|c| c.remove.is_none() && !c.is_blank());
        if step.choices.len() > MAX_CHOICES {
            return Err(format!("A step has at most {MAX_CHOICES} choices."));
        }
        for (i, c) in step.choices.iter().enumerate() {
            for (name, v) in [
                ("text", &c.text),
                ("feedback", &c.feedback),
                ("conditional next steps", &c.branches),
            ] {
                too_long(&format!("Choice {}: {name}", i + 1), v)?;
            }
            for (name, v) in [
                ("next step", &c.next),
                ("condition", &c.when),
                ("mood", &c.mood),
                ("trust", &c.trust),
                ("skill points", &c.points),
                ("position", &c.pin),
            ] {
                if v.chars().count() > 200 {
                    return Err(format!("Choice {}: {name} is too long.", i + 1));
                }
            }
        }
        if step.ending.trim().is_empty() {
            step.debrief = step.debrief.trim().to_owned();
        }
        let renamed = (step.id != original).then(|| (original.to_owned(), step.id.clone()));
        self.steps[k] = step;
        if let Some((from, to)) = renamed {
            self.rename(&from, &to);
        }
        Ok(())
    }

    fn rename(&mut self, from: &str, to: &str) {
        if self.meta.start.trim() == from {
            self.meta.start = to.to_owned();
        }
        for st in &mut self.steps {
            for c in &mut st.choices {
                if c.next.trim() == from {
                    c.next = to.to_owned();
                }
                c.branches = c
                    .branches
                    .lines()
                    .map(|l| match l.split_once("->") {
                        Some((cond, next)) if next.trim() == from => {
                            format!("{} -> {to}", cond.trim())
                        }
                        _ => l.to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
    }

    /// Removes a step; choices that led to it keep pointing at it, so validation names them.
    pub fn remove_step(&mut self, id: &str) -> Result<(), String> {
        let k = self
            .step_index(id)
            .ok_or_else(|| format!("There is no step `{id}` in this draft any more."))?;
        if self.steps.len() == 1 {
            return Err("A scenario needs at least one step.".into());
        }
        self.steps.remove(k);
        Ok(())
    }
}

/// A whole number as typed ("+10", "-15"; empty is 0), or a message naming the field.
fn number(field: &str, v: &str) -> Result<i32, String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(0);
    }
    v.trim_start_matches('+')
        .parse()
        .map_err(|_| format!("`{field}` is “{v}”; write a whole number such as 10 or -15"))
}

fn too_long(name: &str, v: &str) -> Result<(), String> {
    if v.chars().count() > MAX_FIELD {
        return Err(format!(
            "{name} is longer than {MAX_FIELD} characters; nothing was saved."
        ));
    }
    Ok(())
}

fn step_id_ok(id: &str) -> Result<(), String> {
    if valid_id(id) {
        Ok(())
    } else {
        Err(format!(
            "“{id}” cannot be a step id: use 1 to 60 lower-case letters, digits and dashes, not starting with a dash."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::tests_support::tiny;

    #[test]
    fn a_scenario_survives_the_editor_unchanged() {
        let s = tiny();
        let d = DraftScenario::from_scenario(&s);
        let (back, problems) = d.check();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, s);
        for file in crate::training::files::library::starter().expect("starter") {
            let (back, problems) = DraftScenario::from_scenario(&file).check();
            assert!(problems.is_empty(), "{}: {problems:?}", file.id);
            assert_eq!(back, file);
        }
    }

    #[test]
    fn unreadable_fields_are_placed_at_their_choice_and_the_rest_is_still_checked() {
        let mut d = DraftScenario::from_scenario(&tiny());
        d.steps[0].choices[1].mood = "lots".into();
        d.steps[0].choices[0].when = "patience > 3".into();
        d.add_step("lonely").expect("added");
        let (_, problems) = d.check();
        let mood = problems
            .iter()
            .find(|p| p.field == "mood")
            .expect("mood problem");
        assert_eq!(
            (mood.step.as_deref(), mood.choice),
            (Some("start"), Some(1))
        );
        assert!(mood.message.contains("“lots”"), "{}", mood.message);
        assert!(
            problems
                .iter()
                .any(|p| p.field == "when" && p.choice == Some(0))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.step.as_deref() == Some("lonely") && p.message.contains("reach")),
            "{problems:?}"
        );
    }

    #[test]
    fn renaming_a_step_renames_every_reference() {
        let mut d = DraftScenario::from_scenario(&tiny());
        d.steps[0].choices[0].branches = "trust >= 60 -> bad".into();
        let mut bad = d.steps[2].clone();
        bad.id = "walked-out".into();
        d.set_step("bad", bad).expect("renamed");
        assert_eq!(d.steps[0].choices[1].next, "walked-out");
        assert_eq!(d.steps[0].choices[0].branches, "trust >= 60 -> walked-out");
        let mut start = d.steps[0].clone();
        start.id = "hello".into();
        d.set_step("start", start).expect("renamed");
        assert_eq!(d.meta.start, "hello");
        // Every reference still resolves; the only remark is that the new branch never fires.
        let (_, problems) = d.check();
        assert!(
            problems.iter().all(|p| p.field == "branches"),
            "{problems:?}"
        );
    }

    #[test]
    fn bad_edits_change_nothing() {
        let mut d = DraftScenario::from_scenario(&tiny());
        let before = d.clone();
        let mut st = d.steps[0].clone();
        st.id = "good".into();
        assert!(
            d.set_step("start", st)
                .expect_err("taken")
                .contains("already")
        );
        let mut st = d.steps[0].clone();
        st.id = "Not An Id".into();
        assert!(d.set_step("start", st).is_err());
        let mut st = d.steps[0].clone();
        st.narration = "x".repeat(MAX_FIELD + 1);
        assert!(d.set_step("start", st).is_err());
        assert!(d.add_step("start").is_err());
        assert_eq!(d, before);
    }

    #[test]
    fn blank_and_removed_choices_are_dropped() {
        let mut d = DraftScenario::from_scenario(&tiny());
        let mut st = d.steps[0].clone();
        st.choices.push(DraftChoice::default());
        st.choices[1].remove = Some("on".into());
        d.set_step("start", st).expect("saved");
        assert_eq!(d.steps[0].choices.len(), 1);
        let (_, problems) = d.check();
        assert!(
            problems
                .iter()
                .any(|p| p.step.as_deref() == Some("bad") && p.message.contains("reach")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_starter_draft_only_lacks_words() {
        let (_, problems) = DraftScenario::starter("new-one", "New one").check();
        assert!(!problems.is_empty());
        assert!(
            problems.iter().all(|p| p.message.contains("is empty")),
            "{problems:?}"
        );
    }
}
