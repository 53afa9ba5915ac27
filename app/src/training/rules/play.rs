//! Playing a scenario: which choices are open and in what order they are shown, what a choice
//! does to the customer, and the score at the end.
//!
//! Scoring: every decision is marked against the choices open at that moment. The choice worth
//! the most skill points earns full marks, the one worth the fewest none, the others their share
//! (a step whose choices are all worth the same is not marked). The score is 70% the mean mark
//! plus 30% for the ending (magic 100, recovered 70, misery 0), so the best choice at every step,
//! ending in a moment of magic, scores 100. A skill's score is the mean mark of the decisions
//! that tested it: those where the open choices differ in that skill's points.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::training::rules::model::{Choice, Ending, Pin, STAT_MAX, Scenario, Skill};

/// Where a conversation stands: the step shown and how the customer feels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayState {
    pub step: String,
    pub mood: i32,
    pub trust: i32,
    /// Per skill: the marks (in thousandths) of the decisions that tested it, and how many.
    pub skills: BTreeMap<Skill, (i32, i32)>,
    /// Per marked decision: points above the weakest open choice, and the best's margin over it.
    pub marks: Vec<(i32, i32)>,
}

/// One recorded move: the step it was made at and the index of the choice in that step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub step: String,
    pub choice: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlayError {
    #[error("The conversation is already over.")]
    Finished,
    #[error("That choice is not open at this point of the conversation.")]
    NotOpen,
    #[error("The scenario refers to a step that does not exist: {0}")]
    Broken(String),
}

/// The result of a finished conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub ending: Ending,
    /// 0-100: the decisions' marks weigh 70%, the ending 30%.
    pub overall: i32,
    /// 0-100 per skill the conversation touched.
    pub skills: Vec<(Skill, i32)>,
}

fn clamp(v: i32) -> i32 {
    v.clamp(0, STAT_MAX)
}

pub fn start(s: &Scenario) -> PlayState {
    PlayState {
        step: s.start.clone(),
        mood: clamp(s.mood),
        trust: clamp(s.trust),
        skills: BTreeMap::new(),
        marks: Vec::new(),
    }
}

/// A choice's worth for marking: its skill points added up.
pub fn worth(c: &Choice) -> i32 {
    c.points.0.values().sum()
}

/// FNV-1a: a small hash that stays the same across builds and platforms, so an attempt's order
/// of choices survives a restart or an upgrade.
fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter().chain(std::iter::once(&0xff)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The open choices (indices into `choices`) in the order one attempt shows them: pinned
/// choices first or last, the rest shuffled by the attempt's `seed`, the same on every load.
pub fn shown_order(choices: &[Choice], open: &[usize], seed: &str, step: &str) -> Vec<usize> {
    let mut order = open.to_vec();
    order.sort_by_key(|&i| {
        let group = match choices.get(i).and_then(|c| c.pin) {
            Some(Pin::First) => 0,
            None => 1,
            Some(Pin::Last) => 2,
        };
        let key = stable_hash(&[seed.as_bytes(), step.as_bytes(), &i.to_le_bytes()]);
        (group, key, i)
    });
    order
}

/// Indices of the choices offered at `mood` and `trust`.
pub fn open_choices(choices: &[Choice], mood: i32, trust: i32) -> Vec<usize> {
    choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.when.is_none_or(|w| w.holds(mood, trust)))
        .map(|(i, _)| i)
        .collect()
}

/// Mood and trust after a choice, and the step it leads to (branches see the new mood and trust).
pub fn consequence(choice: &Choice, mood: i32, trust: i32) -> (&str, i32, i32) {
    let mood = clamp(mood + choice.mood);
    let trust = clamp(trust + choice.trust);
    let next = choice
        .branches
        .iter()
        .find(|b| b.when.holds(mood, trust))
        .map_or(choice.next.as_str(), |b| b.next.as_str());
    (next, mood, trust)
}

pub fn choose(s: &Scenario, state: &PlayState, index: usize) -> Result<PlayState, PlayError> {
    let step = s
        .step(&state.step)
        .ok_or_else(|| PlayError::Broken(state.step.clone()))?;
    if step.ending.is_some() {
        return Err(PlayError::Finished);
    }
    if !open_choices(&step.choices, state.mood, state.trust).contains(&index) {
        return Err(PlayError::NotOpen);
    }
    let open = open_choices(&step.choices, state.mood, state.trust);
    let choice = &step.choices[index];
    let (next, mood, trust) = consequence(choice, state.mood, state.trust);
    let mut marks = state.marks.clone();
    let worths: Vec<i32> = open.iter().map(|&i| worth(&step.choices[i])).collect();
    let (low, high) = (
        worths.iter().copied().min().unwrap_or(0),
        worths.iter().copied().max().unwrap_or(0),
    );
    if high > low {
        marks.push((worth(choice) - low, high - low));
    }
    let mut skills = state.skills.clone();
    if high > low {
        // The decision's mark counts for every skill the open choices differ on.
        let mark = (1000.0 * (worth(choice) - low) as f64 / (high - low) as f64).round() as i32;
        let touched: std::collections::BTreeSet<Skill> = open
            .iter()
            .flat_map(|&i| step.choices[i].points.0.keys().copied())
            .collect();
        for skill in touched {
            let of = |i: usize| step.choices[i].points.0.get(&skill).copied().unwrap_or(0);
            let differ = open.iter().any(|&i| of(i) != of(open[0]));
            if differ {
                let e = skills.entry(skill).or_insert((0, 0));
                e.0 += mark;
                e.1 += 1;
            }
        }
    }
    Ok(PlayState {
        step: next.to_owned(),
        mood,
        trust,
        skills,
        marks,
    })
}

/// The state after playing `moves` from the start; a move made at another step than the current one is refused.
pub fn replay(s: &Scenario, moves: &[Move]) -> Result<PlayState, PlayError> {
    let mut state = start(s);
    for m in moves {
        if m.step != state.step {
            return Err(PlayError::NotOpen);
        }
        state = choose(s, &state, m.choice)?;
    }
    Ok(state)
}

/// The score once the conversation has reached an ending; `None` before that.
pub fn score(s: &Scenario, state: &PlayState) -> Option<Score> {
    let ending = s.step(&state.step)?.ending?;
    let skills: Vec<(Skill, i32)> = state
        .skills
        .iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(k, (marks, n))| (*k, percent(*marks, *n * 1000)))
        .collect();
    let overall = if state.marks.is_empty() {
        ending.value()
    } else {
        let mean = state
            .marks
            .iter()
            .map(|(got, range)| *got as f64 / *range as f64)
            .sum::<f64>()
            / state.marks.len() as f64;
        (70.0 * mean + 0.3 * ending.value() as f64).round() as i32
    };
    Some(Score {
        ending,
        overall: overall.clamp(0, 100),
        skills,
    })
}

/// `got` out of `range`, as a whole percentage.
pub fn percent(got: i32, range: i32) -> i32 {
    if range <= 0 {
        return 0;
    }
    ((got as f64 / range as f64) * 100.0)
        .round()
        .clamp(0.0, 100.0) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::rules::tests_support::tiny;

    #[test]
    fn a_good_path_scores_high_and_a_bad_one_low() {
        let s = tiny();
        let good = replay(
            &s,
            &[Move {
                step: "start".into(),
                choice: 0,
            }],
        )
        .expect("plays");
        let good = score(&s, &good).expect("ended");
        assert_eq!(good.ending, Ending::Magic);
        assert_eq!(good.skills, vec![(Skill::Listening, 100)]);
        assert_eq!(good.overall, 100);

        let bad = replay(
            &s,
            &[Move {
                step: "start".into(),
                choice: 1,
            }],
        )
        .expect("plays");
        let bad = score(&s, &bad).expect("ended");
        assert_eq!(bad.ending, Ending::Misery);
        assert_eq!(bad.overall, 0);
    }

    #[test]
    fn closed_and_stale_moves_are_refused() {
        let s = tiny();
        let state = start(&s);
        assert_eq!(choose(&s, &state, 9), Err(PlayError::NotOpen));
        let done = choose(&s, &state, 0).expect("plays");
        assert_eq!(choose(&s, &done, 0), Err(PlayError::Finished));
        let stale = [Move {
            step: "elsewhere".into(),
            choice: 0,
        }];
        assert_eq!(replay(&s, &stale), Err(PlayError::NotOpen));
    }

    #[test]
    fn decisions_are_marked_against_the_open_choices() {
        let mut s = tiny();
        // A middling third answer: worth 0 between +3 and -3, so half marks.
        let mut middle = s.steps[0].choices[0].clone();
        middle.points = crate::training::rules::model::Points::default();
        s.steps[0].choices.push(middle);
        let state = choose(&s, &start(&s), 2).expect("plays");
        assert_eq!(state.marks, vec![(3, 6)]);
        let sc = score(&s, &state).expect("ended");
        assert_eq!(sc.skills, vec![(Skill::Listening, 50)]);
        // 70% of a half mark, plus 30% of magic.
        assert_eq!(sc.overall, 65);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 0), 0);
    }

    #[test]
    fn the_shown_order_is_shuffled_per_attempt_and_stable() {
        use crate::training::rules::model::Pin;
        let mut s = tiny();
        for k in 0..4 {
            let mut c = s.steps[0].choices[0].clone();
            c.text = format!("Extra {k}");
            s.steps[0].choices.push(c);
        }
        let choices = &s.steps[0].choices;
        let open: Vec<usize> = (0..choices.len()).collect();
        let a = shown_order(choices, &open, "attempt-a", "start");
        assert_eq!(a, shown_order(choices, &open, "attempt-a", "start"));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, open);
        // Over many attempts every choice is shown first sometimes.
        let mut firsts = std::collections::BTreeSet::new();
        for k in 0..200 {
            firsts.insert(shown_order(choices, &open, &format!("attempt-{k}"), "start")[0]);
        }
        assert_eq!(firsts.len(), choices.len());
        // Pinned choices keep their place.
        let mut pinned = s.steps[0].choices.clone();
        pinned[1].pin = Some(Pin::First);
        pinned[0].pin = Some(Pin::Last);
        for k in 0..50 {
            let order = shown_order(&pinned, &open, &format!("attempt-{k}"), "start");
            assert_eq!(order[0], 1);
            assert_eq!(order[order.len() - 1], 0);
        }
    }
}
