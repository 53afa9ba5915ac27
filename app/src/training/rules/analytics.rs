//! Choice analytics, pure: what a group did with one scenario version, and skills per group over time.
//! Groups smaller than the confidentiality threshold get no figures at all.
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::reporting::confidentiality::{Hidden, Threshold};
use crate::reporting::unit::{self, Level, Placement, Unit};
use crate::training::rules::model::{Ending, Scenario, Skill};

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
    if people < threshold.max(Threshold::MIN as usize) {
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
        let state = crate::training::rules::play::replay(
            s,
            &r.moves
                .iter()
                .map(|(step, choice)| crate::training::rules::play::Move {
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
    /// Where the person is.
    pub place: Placement,
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

/// One skill in one period: (person, score) per unit, and which units may be shown.
type SkillPeriod = (
    BTreeMap<Unit, Vec<(i32, i32)>>,
    BTreeMap<Unit, Option<Hidden>>,
);

/// Units against skills: the mean skill score this period and its change from the period before.
/// `display` lists the rows in order, with their names; `levels` are every level this table is
/// shown at on any page (sites, and a site's departments), so that a cell hidden here cannot be
/// worked out from cells shown there. Each skill and period is decided on its own.
pub fn heatmap(
    rows: &[SkillRow],
    display: &[(Unit, String)],
    levels: &[Level],
    k: Threshold,
) -> Vec<HeatRow> {
    // Per skill and period: the values per unit, and which units may be shown.
    let mut cells: BTreeMap<(Skill, bool), SkillPeriod> = BTreeMap::new();
    for skill in Skill::ALL {
        for current in [true, false] {
            let mut values: BTreeMap<Unit, Vec<(i32, i32)>> = BTreeMap::new();
            let mut people: Vec<(i32, Placement)> = Vec::new();
            for r in rows.iter().filter(|r| r.current == current) {
                for (_, v) in r.skills.iter().filter(|(s, _)| *s == skill) {
                    people.push((r.user, r.place));
                    for level in levels {
                        if let Some(unit) = r.place.at(*level) {
                            values.entry(unit).or_default().push((r.user, *v));
                        }
                    }
                }
            }
            let shown = unit::decide(&people, levels, k);
            cells.insert((skill, current), (values, shown));
        }
    }
    let mean = |skill: Skill, current: bool, unit: Unit| -> (Option<f64>, usize) {
        let Some((values, shown)) = cells.get(&(skill, current)) else {
            return (None, 0);
        };
        let v = values.get(&unit).map(Vec::as_slice).unwrap_or_default();
        let people = v.iter().map(|(u, _)| *u).collect::<HashSet<_>>().len();
        let visible = shown.get(&unit).is_some_and(|h| h.is_none()) && !v.is_empty();
        let m = visible.then(|| v.iter().map(|(_, x)| f64::from(*x)).sum::<f64>() / v.len() as f64);
        (m, people)
    };
    display
        .iter()
        .map(|(unit, name)| HeatRow {
            group: name.clone(),
            cells: Skill::ALL
                .iter()
                .map(|skill| {
                    let (now, people) = mean(*skill, true, *unit);
                    let (before, _) = mean(*skill, false, *unit);
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
    use crate::training::rules::tests_support::tiny;

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
        let at = |site: i32, department: i32| Placement {
            region: Some(1),
            site: Some(site),
            department: Some(department),
        };
        let mk = |place: Placement, user: i32, current: bool, v: i32| SkillRow {
            place,
            user,
            current,
            skills: vec![(Skill::Listening, v)],
        };
        let mut rows = Vec::new();
        for u in 0..5 {
            rows.push(mk(at(1, 10), u, true, 80));
            rows.push(mk(at(1, 10), u, false, 60));
        }
        for u in 10..13 {
            rows.push(mk(at(2, 20), u, true, 50));
        }
        let levels = [Level::Site, Level::Department];
        let display = [
            (Unit::Site(1), "Bay".to_owned()),
            (Unit::Site(2), "Cliff".to_owned()),
        ];
        let map = heatmap(&rows, &display, &levels, Threshold::DEFAULT);
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

    #[test]
    fn a_department_just_under_k_cannot_be_worked_out_from_its_site() {
        // Site 1: six people in department 10, four in department 11, all this period.
        let rows: Vec<SkillRow> = (0..10)
            .map(|u| SkillRow {
                place: Placement {
                    region: Some(1),
                    site: Some(1),
                    department: Some(if u < 6 { 10 } else { 11 }),
                },
                user: u,
                current: true,
                skills: vec![(Skill::Empathy, if u < 6 { 90 } else { 30 })],
            })
            .collect();
        let levels = [Level::Site, Level::Department];
        let sites = heatmap(
            &rows,
            &[(Unit::Site(1), "Bay".into())],
            &levels,
            Threshold::DEFAULT,
        );
        assert_eq!(sites[0].cells[1].score, Some(66));
        let departments = heatmap(
            &rows,
            &[
                (Unit::Department(10), "Front desk".into()),
                (Unit::Department(11), "Finance".into()),
            ],
            &levels,
            Threshold::DEFAULT,
        );
        // The six would otherwise show 90, and 66 * 10 - 90 * 6 gives the four's 30.
        assert_eq!(departments[0].cells[1].score, None);
        assert_eq!(departments[1].cells[1].score, None);
    }
}
