//! Playing a scenario: which choices are open, what a choice does to the customer, and the score at the end.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::training::model::{Choice, Ending, STAT_MAX, Scenario, Skill};

/// Where a conversation stands: the step shown and how the customer feels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayState {
    pub step: String,
    pub mood: i32,
    pub trust: i32,
    /// Per skill: points earned so far and how many choices touched it.
    pub tally: BTreeMap<Skill, (i32, i32)>,
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
    /// 0-100: skills weigh 70%, the outcome 30%.
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
        tally: BTreeMap::new(),
    }
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
    let choice = &step.choices[index];
    let (next, mood, trust) = consequence(choice, state.mood, state.trust);
    let mut tally = state.tally.clone();
    for (skill, points) in &choice.points.0 {
        let e = tally.entry(*skill).or_insert((0, 0));
        e.0 += points;
        e.1 += 1;
    }
    Ok(PlayState {
        step: next.to_owned(),
        mood,
        trust,
        tally,
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
        .tally
        .iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(k, (sum, n))| (*k, skill_score(*sum, *n)))
        .collect();
    let overall = if skills.is_empty() {
        ending.value()
    } else {
        let mean = skills.iter().map(|(_, v)| *v as f64).sum::<f64>() / skills.len() as f64;
        (0.7 * mean + 0.3 * ending.value() as f64).round() as i32
    };
    Some(Score {
        ending,
        overall: overall.clamp(0, 100),
        skills,
    })
}

/// The mean points per touching choice, from -3..+3 mapped onto 0..100.
pub fn skill_score(sum: i32, count: i32) -> i32 {
    if count <= 0 {
        return 0;
    }
    let mean = sum as f64 / count as f64;
    let max = crate::training::model::MAX_POINTS as f64;
    (((mean + max) / (2.0 * max)) * 100.0)
        .round()
        .clamp(0.0, 100.0) as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::tests_support::tiny;

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
    fn skill_scores_map_points_to_percent() {
        assert_eq!(skill_score(3, 1), 100);
        assert_eq!(skill_score(-3, 1), 0);
        assert_eq!(skill_score(0, 4), 50);
        assert_eq!(skill_score(2, 2), 67);
    }
}
