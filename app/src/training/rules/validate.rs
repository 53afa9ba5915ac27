//! Finds every mistake an author can make in a scenario, by checking its fields and exploring every conversation.
//!
//! Mood and trust are whole numbers from 0 to 100, so the conversations a scenario allows form a
//! finite graph of (step, mood, trust) states. Exploring all of it gives exact answers: which steps
//! no conversation reaches, which conditions never hold, where a learner is left without a choice,
//! and which loops a learner could go round forever.
use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::training::rules::model::*;
use crate::training::rules::play::{consequence, open_choices};

/// One problem, and where it is: the scenario itself, a step, or a choice of a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub step: Option<String>,
    /// Index of the choice within its step.
    pub choice: Option<usize>,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.step, self.choice) {
            (Some(s), Some(c)) => write!(f, "step `{s}`, choice {}: {}", c + 1, self.message),
            (Some(s), None) => write!(f, "step `{s}`: {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

struct Found(Vec<Problem>);

impl Found {
    fn at(&mut self, step: Option<&str>, choice: Option<usize>, field: &str, message: String) {
        self.0.push(Problem {
            step: step.map(str::to_owned),
            choice,
            field: field.to_owned(),
            message,
        });
    }
    fn top(&mut self, field: &str, message: impl Into<String>) {
        self.at(None, None, field, message.into());
    }
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

fn text(
    f: &mut Found,
    step: Option<&str>,
    choice: Option<usize>,
    field: &str,
    v: &str,
    max: usize,
) {
    if v.trim().is_empty() {
        f.at(step, choice, field, format!("`{field}` is empty"));
    } else if v.chars().count() > max {
        f.at(
            step,
            choice,
            field,
            format!("`{field}` is longer than {max} characters"),
        );
    }
}

/// Every problem in the scenario; an empty list means it can be published.
pub fn validate(s: &Scenario) -> Vec<Problem> {
    let mut f = Found(Vec::new());
    check_fields(s, &mut f);
    // Exploring conversations only makes sense once every reference resolves.
    if f.0.iter().all(|p| {
        p.field != "next" && p.field != "branches" && p.field != "start" && p.field != "id"
    }) {
        explore(s, &mut f);
    }
    f.0
}

fn check_fields(s: &Scenario, f: &mut Found) {
    if !valid_id(&s.id) {
        f.top(
            "id",
            format!(
                "`{}` is not a valid scenario id: use 1-60 lower-case letters, digits and dashes",
                s.id
            ),
        );
    }
    text(f, None, None, "title", &s.title, 120);
    text(f, None, None, "summary", &s.summary, MAX_TEXT);
    text(f, None, None, "name", &s.persona.name, 120);
    text(f, None, None, "situation", &s.persona.situation, MAX_TEXT);
    text(f, None, None, "wants", &s.persona.wants, MAX_TEXT);
    if !(1..=120).contains(&s.minutes) {
        f.top(
            "minutes",
            format!("`minutes` is {}; it must be between 1 and 120", s.minutes),
        );
    }
    for (field, v) in [("mood", s.mood), ("trust", s.trust)] {
        if !(0..=STAT_MAX).contains(&v) {
            f.top(
                field,
                format!("`{field}` is {v}; it must be between 0 and {STAT_MAX}"),
            );
        }
    }
    let listed: BTreeSet<Skill> = s.skills.iter().copied().collect();
    if s.skills.is_empty() {
        f.top(
            "skills",
            "`skills` is empty: name the skills this scenario trains",
        );
    } else if listed.len() != s.skills.len() {
        f.top("skills", "`skills` names a skill twice");
    }
    if s.steps.is_empty() {
        f.top("steps", "the scenario has no steps");
        return;
    }
    if s.steps.len() > MAX_STEPS {
        f.top(
            "steps",
            format!(
                "the scenario has {} steps; at most {MAX_STEPS} are allowed",
                s.steps.len()
            ),
        );
    }
    let mut ids = HashSet::new();
    for step in &s.steps {
        let at = Some(step.id.as_str());
        if !valid_id(&step.id) {
            f.at(
                at,
                None,
                "id",
                format!(
                    "`{}` is not a valid step id: use lower-case letters, digits and dashes",
                    step.id
                ),
            );
        }
        if !ids.insert(step.id.as_str()) {
            f.at(
                at,
                None,
                "id",
                format!("two steps are called `{}`", step.id),
            );
        }
    }
    if !ids.contains(s.start.as_str()) {
        f.top(
            "start",
            format!("`start` names `{}`, which is not a step", s.start),
        );
    }
    if !s.steps.iter().any(|st| st.ending.is_some()) {
        f.top(
            "steps",
            "the scenario has no ending: mark at least one step with `ending`",
        );
    }
    let mut awarded = BTreeSet::new();
    for step in &s.steps {
        let at = Some(step.id.as_str());
        text(f, at, None, "narration", &step.narration, MAX_TEXT);
        if step.customer.chars().count() > MAX_TEXT {
            f.at(
                at,
                None,
                "customer",
                format!("`customer` is longer than {MAX_TEXT} characters"),
            );
        }
        match step.ending {
            Some(_) => {
                if !step.choices.is_empty() {
                    f.at(at, None, "choices", "an ending cannot have choices".into());
                }
                text(f, at, None, "debrief", &step.debrief, MAX_TEXT);
            }
            None => {
                if step.choices.is_empty() {
                    f.at(
                        at,
                        None,
                        "choices",
                        "this step has no way out: give it choices or make it an ending".into(),
                    );
                }
                if !step.debrief.is_empty() {
                    f.at(at, None, "debrief", "only endings have a debrief".into());
                }
            }
        }
        if step.choices.len() > MAX_CHOICES {
            f.at(
                at,
                None,
                "choices",
                format!(
                    "{} choices; at most {MAX_CHOICES} are allowed",
                    step.choices.len()
                ),
            );
        }
        for (i, c) in step.choices.iter().enumerate() {
            let ci = Some(i);
            text(f, at, ci, "text", &c.text, 500);
            text(f, at, ci, "feedback", &c.feedback, MAX_TEXT);
            if !ids.contains(c.next.as_str()) {
                f.at(
                    at,
                    ci,
                    "next",
                    format!("`next` points to `{}`, which is not a step", c.next),
                );
            }
            for b in &c.branches {
                if !ids.contains(b.next.as_str()) {
                    f.at(
                        at,
                        ci,
                        "branches",
                        format!("a branch points to `{}`, which is not a step", b.next),
                    );
                }
            }
            for (field, v) in [("mood", c.mood), ("trust", c.trust)] {
                if v.abs() > MAX_SWING {
                    f.at(
                        at,
                        ci,
                        field,
                        format!("`{field}` changes by {v}; at most ±{MAX_SWING} per choice"),
                    );
                }
            }
            for skill in c.points.0.keys() {
                awarded.insert(*skill);
                if !listed.contains(skill) {
                    f.at(
                        at,
                        ci,
                        "points",
                        format!(
                            "awards `{}`, which is not in the scenario's `skills`",
                            skill.key()
                        ),
                    );
                }
            }
        }
    }
    for skill in listed.difference(&awarded) {
        f.top(
            "skills",
            format!(
                "`skills` lists `{}` but no choice awards points for it",
                skill.key()
            ),
        );
    }
}

type State = (usize, i32, i32);

/// Mood and trust take 101 values each, so every state has a slot in a flat table.
const SIDE: usize = STAT_MAX as usize + 1;

fn slot((step, mood, trust): State) -> usize {
    (step * SIDE + mood.clamp(0, STAT_MAX) as usize) * SIDE + trust.clamp(0, STAT_MAX) as usize
}

struct Graph<'a> {
    s: &'a Scenario,
    index: HashMap<&'a str, usize>,
}

impl Graph<'_> {
    /// The states one move away, with the choice that leads there.
    fn next(&self, (step, mood, trust): State) -> Vec<(usize, State)> {
        let st = &self.s.steps[step];
        if st.ending.is_some() {
            return Vec::new();
        }
        open_choices(&st.choices, mood, trust)
            .into_iter()
            .filter_map(|i| {
                let (next, m, t) = consequence(&st.choices[i], mood, trust);
                self.index.get(next).map(|n| (i, (*n, m, t)))
            })
            .collect()
    }
}

fn explore(s: &Scenario, f: &mut Found) {
    let index: HashMap<&str, usize> = s
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| (st.id.as_str(), i))
        .collect();
    let Some(&start) = index.get(s.start.as_str()) else {
        return;
    };
    let g = Graph { s, index };
    let first = (start, s.mood.clamp(0, STAT_MAX), s.trust.clamp(0, STAT_MAX));

    let mut seen = vec![false; s.steps.len() * SIDE * SIDE];
    seen[slot(first)] = true;
    let mut queue = vec![first];
    let mut reached = vec![false; s.steps.len()];
    // Per step and choice: ever offered; per branch: ever taken.
    let mut offered: Vec<Vec<bool>> = s
        .steps
        .iter()
        .map(|st| vec![false; st.choices.len()])
        .collect();
    let mut branch_taken: Vec<Vec<Vec<bool>>> = s
        .steps
        .iter()
        .map(|st| {
            st.choices
                .iter()
                .map(|c| vec![false; c.branches.len()])
                .collect()
        })
        .collect();
    let mut stuck: HashMap<usize, State> = HashMap::new();
    while let Some(state) = queue.pop() {
        let (step, mood, trust) = state;
        reached[step] = true;
        let st = &s.steps[step];
        if st.ending.is_some() {
            continue;
        }
        let open = open_choices(&st.choices, mood, trust);
        if open.is_empty() {
            stuck.entry(step).or_insert(state);
        }
        for i in open {
            offered[step][i] = true;
            let c = &st.choices[i];
            let (_, m, t) = consequence(c, mood, trust);
            if let Some(b) = c.branches.iter().position(|b| b.when.holds(m, t)) {
                branch_taken[step][i][b] = true;
            }
        }
        for (_, n) in g.next(state) {
            if !std::mem::replace(&mut seen[slot(n)], true) {
                queue.push(n);
            }
        }
    }

    for (i, st) in s.steps.iter().enumerate() {
        let at = Some(st.id.as_str());
        if !reached[i] {
            f.at(
                at,
                None,
                "id",
                "no path through the conversation reaches this step".into(),
            );
            continue;
        }
        if let Some((_, m, t)) = stuck.get(&i) {
            f.at(at, None, "choices", format!("no choice is open when mood is {m} and trust is {t}: the learner would be stuck; add a choice without `when`"));
        }
        for (ci, c) in st.choices.iter().enumerate() {
            if c.when.is_some() && !offered[i][ci] {
                f.at(at, Some(ci), "when", format!("`when = \"{}\"` never holds when this step is reached, so the choice is never offered", c.when.map(|w| w.to_string()).unwrap_or_default()));
            }
            if offered[i][ci] {
                for (bi, b) in c.branches.iter().enumerate() {
                    if !branch_taken[i][ci][bi] {
                        f.at(at, Some(ci), "branches", format!("the branch `{} -> {}` is never taken: its condition never holds (or an earlier branch always wins)", b.when, b.next));
                    }
                }
            }
        }
    }
    if let Some(cycle) = find_loop(&g, first) {
        let names: Vec<&str> = cycle.iter().map(|i| s.steps[*i].id.as_str()).collect();
        let at = names.first().copied();
        f.at(at, None, "next", format!("the conversation can go round {} forever; let the loop end, for example by offering the way back only while mood or trust is above a value that each round lowers", names.join(" → ")));
    }
}

/// A loop of states the learner could repeat forever, as the steps it passes, if there is one.
fn find_loop(g: &Graph<'_>, first: State) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; g.s.steps.len() * SIDE * SIDE];
    let mut path: Vec<(State, Vec<State>)> =
        vec![(first, g.next(first).into_iter().map(|(_, n)| n).collect())];
    mark[slot(first)] = Mark::Open;
    while let Some((state, rest)) = path.last_mut() {
        let state = *state;
        match rest.pop() {
            Some(n) => match mark[slot(n)] {
                Mark::Open => {
                    let from = path.iter().position(|(s, _)| *s == n).unwrap_or(0);
                    let mut steps: Vec<usize> = path[from..].iter().map(|(s, _)| s.0).collect();
                    steps.push(n.0);
                    steps.dedup();
                    if steps.len() == 1 {
                        steps.push(steps[0]);
                    }
                    return Some(steps);
                }
                Mark::Done => {}
                Mark::New => {
                    mark[slot(n)] = Mark::Open;
                    let next = g.next(n).into_iter().map(|(_, s)| s).collect();
                    path.push((n, next));
                }
            },
            None => {
                mark[slot(state)] = Mark::Done;
                path.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::tests_support::tiny;

    fn messages(s: &Scenario) -> Vec<String> {
        validate(s).into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_sound_scenario_has_no_problems() {
        assert_eq!(messages(&tiny()), Vec::<String>::new());
    }

    #[test]
    fn finds_unreachable_steps_and_dead_ends() {
        let mut s = tiny();
        let mut orphan = s.steps[1].clone();
        orphan.id = "orphan".into();
        orphan.ending = None;
        orphan.debrief.clear();
        s.steps.push(orphan);
        let m = messages(&s);
        assert!(m.iter().any(|p| p.contains("`orphan`: no path")), "{m:?}");
        assert!(
            m.iter()
                .any(|p| p.contains("`orphan`: this step has no way out")),
            "{m:?}"
        );
    }

    #[test]
    fn finds_dangling_targets() {
        let mut s = tiny();
        s.steps[0].choices[0].next = "nowhere".into();
        let m = messages(&s);
        assert!(
            m.iter()
                .any(|p| p.contains("choice 1: `next` points to `nowhere`")),
            "{m:?}"
        );
    }

    #[test]
    fn finds_loops_that_cannot_end() {
        let mut s = tiny();
        let mut again = s.steps[0].choices[1].clone();
        again.next = "start".into();
        again.mood = 0;
        s.steps[0].choices.push(again);
        let m = messages(&s);
        assert!(
            m.iter()
                .any(|p| p.contains("go round start → start forever")),
            "{m:?}"
        );
        // Offered only while mood holds up, and each round lowers it: the loop ends.
        let c = s.steps[0].choices.last_mut().expect("choice");
        c.mood = -10;
        c.when = Some("mood >= 10".parse().expect("condition"));
        assert_eq!(messages(&s), Vec::<String>::new());
    }

    #[test]
    fn finds_conditions_that_never_hold() {
        let mut s = tiny();
        s.steps[0].choices[1].when = Some("trust < 5".parse().expect("condition"));
        let m = messages(&s);
        assert!(m.iter().any(|p| p.contains("never holds")), "{m:?}");
        s.steps[0].choices[1].when = None;
        s.steps[0].choices[0].branches = vec![crate::training::rules::model::Branch {
            when: "mood < 0".parse().expect("condition"),
            next: "bad".into(),
        }];
        let m = messages(&s);
        assert!(m.iter().any(|p| p.contains("is never taken")), "{m:?}");
    }

    #[test]
    fn finds_out_of_range_values_and_skill_mismatches() {
        let mut s = tiny();
        s.mood = 130;
        s.minutes = 0;
        s.steps[0].choices[0].trust = 80;
        s.skills.push(Skill::Speed);
        let m = messages(&s);
        for want in [
            "`mood` is 130",
            "`minutes` is 0",
            "`trust` changes by 80",
            "lists `speed`",
        ] {
            assert!(m.iter().any(|p| p.contains(want)), "{want}: {m:?}");
        }
    }

    #[test]
    fn a_stuck_learner_is_found() {
        let mut s = tiny();
        for c in &mut s.steps[0].choices {
            c.when = Some("trust >= 90".parse().expect("condition"));
        }
        let m = messages(&s);
        assert!(
            m.iter()
                .any(|p| p.contains("no choice is open when mood is 20 and trust is 30")),
            "{m:?}"
        );
    }
}
