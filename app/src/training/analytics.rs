//! Choice analytics, pure: what a group did with one scenario version, and skills per group over time.
//! Groups smaller than the confidentiality threshold get no figures at all.
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::training::model::{Ending, Scenario, Skill};

/// The threshold when none is set, and the lowest one allowed.
pub const DEFAULT_THRESHOLD: usize = 5;
pub const MIN_THRESHOLD: usize = 3;

/// One attempt as analytics needs it.
#[derive(Clone, Debug)]
pub struct AttemptRow {
    pub user: i32,
    pub score: Option<i32>,
    pub ending: Option<Ending>,
    /// (step id, choice index) in the order made.
    pub moves: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceStats {
    pub text: String,
    pub count: usize,
    /// Share of the choices made at this step, 0-100.
    pub percent: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepStats {
    pub id: String,
    pub narration: String,
    pub ending: Option<Ending>,
    /// Attempts that reached the step.
    pub reached: usize,
    /// Unfinished attempts that stopped here.
    pub dropped: usize,
    pub choices: Vec<ChoiceStats>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub attempts: usize,
    pub finished: usize,
    /// Finished attempts as a share of all, 0-100.
    pub completion: u32,
    pub average: Option<f64>,
    /// Finished attempts per score band: 0-9, 10-19, ... 90-100.
    pub histogram: [usize; 10],
    pub endings: Vec<(Ending, usize)>,
    pub steps: Vec<StepStats>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Distinct people with an attempt in the group.
    pub people: usize,
    /// `None` when `people` is below the threshold.
    pub figures: Option<Figures>,
}

fn percent(part: usize, whole: usize) -> u32 {
    ((part * 100) as f64 / whole.max(1) as f64).round() as u32
}

/// Analyses the attempts at one version; steps come in the order they are written, which
/// authors use to follow the conversation.
pub fn analyse(s: &Scenario, rows: &[AttemptRow], threshold: usize) -> Analysis {
    let people = rows.iter().map(|r| r.user).collect::<HashSet<_>>().len();
    if people < threshold.max(MIN_THRESHOLD) {
        return Analysis {
            people,
            figures: None,
        };
    }
    let finished: Vec<&AttemptRow> = rows.iter().filter(|r| r.ending.is_some()).collect();
    let mut histogram = [0usize; 10];
    for r in &finished {
        if let Some(score) = r.score {
            histogram[(score.clamp(0, 100) as usize / 10).min(9)] += 1;
        }
    }
    let scores: Vec<i32> = finished.iter().filter_map(|r| r.score).collect();
    let average =
        (!scores.is_empty()).then(|| scores.iter().sum::<i32>() as f64 / scores.len() as f64);
    let mut endings: BTreeMap<Ending, usize> = BTreeMap::new();
    for r in &finished {
        if let Some(e) = r.ending {
            *endings.entry(e).or_default() += 1;
        }
    }
    // Per step: attempts reaching it, choices made there, and unfinished attempts resting there.
    let mut reached: HashMap<&str, usize> = HashMap::new();
    let mut picked: HashMap<(&str, usize), usize> = HashMap::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let mut seen: HashSet<&str> = HashSet::from([s.start.as_str()]);
        for (step, choice) in &r.moves {
            seen.insert(step.as_str());
            *picked.entry((step.as_str(), *choice)).or_default() += 1;
        }
        // Where the attempt is now: replaying gives the step after the last move.
        let state = crate::training::play::replay(
            s,
            &r.moves
                .iter()
                .map(|(step, choice)| crate::training::play::Move {
                    step: step.clone(),
                    choice: *choice,
                })
                .collect::<Vec<_>>(),
        );
        if let Ok(state) = state {
            if let Some(id) = s.step(&state.step).map(|st| st.id.as_str()) {
                seen.insert(id);
            }
            if r.ending.is_none() {
                *dropped.entry(state.step).or_default() += 1;
            }
        }
        for id in seen {
            *reached.entry(id).or_default() += 1;
        }
    }
    let steps = s
        .steps
        .iter()
        .map(|st| {
            let made: usize = (0..st.choices.len())
                .map(|i| picked.get(&(st.id.as_str(), i)).copied().unwrap_or(0))
                .sum();
            StepStats {
                id: st.id.clone(),
                narration: st.narration.clone(),
                ending: st.ending,
                reached: reached.get(st.id.as_str()).copied().unwrap_or(0),
                dropped: dropped.get(&st.id).copied().unwrap_or(0),
                choices: st
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let count = picked.get(&(st.id.as_str(), i)).copied().unwrap_or(0);
                        ChoiceStats {
                            text: c.text.clone(),
                            count,
                            percent: percent(count, made),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Analysis {
        people,
        figures: Some(Figures {
            attempts: rows.len(),
            finished: finished.len(),
            completion: percent(finished.len(), rows.len()),
            average,
            histogram,
            endings: endings.into_iter().collect(),
            steps,
        }),
    }
}

/// One finished attempt's skill scores, for the heatmap.
#[derive(Clone, Debug)]
pub struct SkillRow {
    pub group: String,
    pub user: i32,
    /// True for the current period, false for the one before it.
    pub current: bool,
    pub skills: Vec<(Skill, i32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatCell {
    /// Mean score this period; `None` when fewer people than the threshold have one.
    pub score: Option<i32>,
    /// Change from the period before, when both periods reach the threshold.
    pub change: Option<i32>,
    pub people: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatRow {
    pub group: String,
    pub cells: Vec<HeatCell>,
}

fn mean_if_enough(values: &[(i32, i32)], threshold: usize) -> (Option<f64>, usize) {
    let people = values.iter().map(|(u, _)| *u).collect::<HashSet<_>>().len();
    if people < threshold.max(MIN_THRESHOLD) || values.is_empty() {
        return (None, people);
    }
    (
        Some(values.iter().map(|(_, v)| *v as f64).sum::<f64>() / values.len() as f64),
        people,
    )
}

/// Groups against skills: the mean skill score this period and its change from the period before.
pub fn heatmap(rows: &[SkillRow], threshold: usize) -> Vec<HeatRow> {
    let mut groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    groups.sort();
    groups.dedup();
    groups
        .into_iter()
        .map(|g| HeatRow {
            group: g.to_owned(),
            cells: Skill::ALL
                .iter()
                .map(|skill| {
                    let pick = |current: bool| -> Vec<(i32, i32)> {
                        rows.iter()
                            .filter(|r| r.group == g && r.current == current)
                            .flat_map(|r| {
                                r.skills
                                    .iter()
                                    .filter(|(k, _)| k == skill)
                                    .map(move |(_, v)| (r.user, *v))
                            })
                            .collect()
                    };
                    let (now, people) = mean_if_enough(&pick(true), threshold);
                    let (before, _) = mean_if_enough(&pick(false), threshold);
                    HeatCell {
                        score: now.map(|v| v.round() as i32),
                        change: now.zip(before).map(|(a, b)| (a - b).round() as i32),
                        people,
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::tests_support::tiny;

    fn row(user: i32, choice: usize) -> AttemptRow {
        let ending = if choice == 0 {
            Ending::Magic
        } else {
            Ending::Misery
        };
        AttemptRow {
            user,
            score: Some(if choice == 0 { 100 } else { 0 }),
            ending: Some(ending),
            moves: vec![("start".into(), choice)],
        }
    }

    #[test]
    fn counts_match_a_hand_count() {
        let s = tiny();
        // Five people: three pick the good answer, two the bad; one of them also left an attempt open.
        let mut rows: Vec<AttemptRow> = vec![row(1, 0), row(2, 0), row(3, 0), row(4, 1), row(5, 1)];
        rows.push(AttemptRow {
            user: 5,
            score: None,
            ending: None,
            moves: vec![],
        });
        let a = analyse(&s, &rows, 5);
        assert_eq!(a.people, 5);
        let f = a.figures.expect("five people reach the threshold");
        assert_eq!((f.attempts, f.finished, f.completion), (6, 5, 83));
        assert_eq!(f.average, Some(60.0));
        assert_eq!(f.histogram[0], 2);
        assert_eq!(f.histogram[9], 3);
        assert_eq!(f.endings, vec![(Ending::Magic, 3), (Ending::Misery, 2)]);
        let start = &f.steps[0];
        assert_eq!((start.reached, start.dropped), (6, 1));
        assert_eq!(start.choices[0].count, 3);
        assert_eq!(start.choices[0].percent, 60);
        assert_eq!(start.choices[1].percent, 40);
        let good = f.steps.iter().find(|st| st.id == "good").expect("step");
        assert_eq!(good.reached, 3);
    }

    #[test]
    fn small_groups_get_no_figures() {
        let s = tiny();
        let rows = vec![row(1, 0), row(2, 0), row(3, 1), row(4, 1), row(4, 0)];
        let a = analyse(&s, &rows, 5);
        assert_eq!(a.people, 4);
        assert!(a.figures.is_none());
        // The threshold never goes below 3, whatever is asked.
        assert!(analyse(&s, &rows[..2], 1).figures.is_none());
    }

    #[test]
    fn heatmap_suppresses_small_cells_and_shows_change() {
        let mk = |group: &str, user: i32, current: bool, v: i32| SkillRow {
            group: group.into(),
            user,
            current,
            skills: vec![(Skill::Listening, v)],
        };
        let mut rows = Vec::new();
        for u in 0..5 {
            rows.push(mk("Bay", u, true, 80));
            rows.push(mk("Bay", u, false, 60));
        }
        for u in 10..13 {
            rows.push(mk("Cliff", u, true, 50));
        }
        let map = heatmap(&rows, 5);
        assert_eq!(map[0].group, "Bay");
        let listening = &map[0].cells[0];
        assert_eq!(
            (listening.score, listening.change, listening.people),
            (Some(80), Some(20), 5)
        );
        assert_eq!(map[0].cells[1].score, None, "no empathy scores at all");
        assert_eq!(
            map[1].cells[0].score, None,
            "three people are below the threshold"
        );
        assert_eq!(map[1].cells[0].people, 3);
    }
}
