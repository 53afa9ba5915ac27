//! Training progress rules, pure: when a scenario counts, a module's status, overdue, percentages,
//! certificate status, the group-by-module matrix, and the skill profile.
use crate::reporting::period::Day;
use crate::training::types::{CertStatus, Counts, GroupRow, MatrixRow, ModuleRule, Status};

/// Whether a scenario counts towards its module under the module's rule.
pub fn scenario_done(rule: ModuleRule, pass_mark: i32, best: Option<i32>) -> bool {
    match (rule, best) {
        (_, None) => false,
        (ModuleRule::Completed, Some(_)) => true,
        (ModuleRule::Passed, Some(score)) => score >= pass_mark,
    }
}

pub fn module_status(done: usize, total: usize, started: bool) -> Status {
    if total > 0 && done >= total {
        Status::Done
    } else if done > 0 || started {
        Status::InProgress
    } else {
        Status::NotStarted
    }
}

/// Overdue: not done and the due date (YYYY-MM-DD) is before today (YYYY-MM-DD).
pub fn overdue(status: Status, due_on: Day, today: Day) -> bool {
    status != Status::Done && due_on < today
}

/// Percent of a module done, for progress bars.
pub fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).map_or(0, |p| p as u32)
}

/// The class that colours feedback: helped, hurt or neither.
pub fn feedback_tone(points: i32) -> &'static str {
    match points {
        p if p > 0 => "feedback helped",
        p if p < 0 => "feedback hurt",
        _ => "feedback",
    }
}

/// Sums department rows into a matrix: rows keyed by `key` (group, label), one column per module.
pub fn matrix(
    rows: &[GroupRow],
    key: impl Fn(&GroupRow) -> (String, String),
) -> (Vec<String>, Vec<MatrixRow>) {
    let mut modules: Vec<String> = rows.iter().map(|r| r.module.clone()).collect();
    modules.sort();
    modules.dedup();
    let mut out: Vec<MatrixRow> = Vec::new();
    for r in rows {
        let (group, label) = key(r);
        let i = match out
            .iter()
            .position(|m| m.group == group && m.label == label)
        {
            Some(i) => i,
            None => {
                out.push(MatrixRow {
                    group,
                    label,
                    cells: vec![None; modules.len()],
                });
                out.len() - 1
            }
        };
        let Some(col) = modules.iter().position(|m| m == &r.module) else {
            continue;
        };
        let c = out[i].cells[col].get_or_insert_with(Counts::default);
        c.assigned += r.assigned;
        c.done += r.done;
        c.in_progress += r.in_progress;
        c.overdue += r.overdue;
    }
    (modules, out)
}

/// A certificate's status on `today` (all dates YYYY-MM-DD, which compare as text).
pub fn cert_status(expires_on: Option<Day>, renewal_from: Option<Day>, today: Day) -> CertStatus {
    match (expires_on, renewal_from) {
        (Some(e), _) if e < today => CertStatus::Expired,
        (Some(_), Some(r)) if r <= today => CertStatus::Renewing,
        _ => CertStatus::Valid,
    }
}

/// One finished attempt's score for one skill: which scenario, when, and the score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub scenario: i32,
    pub day: Day,
    pub score: i32,
}

/// Evidence loses half its weight every this many days.
pub const HALF_LIFE_DAYS: f64 = 90.0;
/// Replays of one scenario within a week count once (their best score): practice that week
/// neither inflates nor wipes out the evidence.
pub const PERIOD_DAYS: i64 = 7;
/// The trend compares the level now with the level this many days ago.
pub const TREND_DAYS: i64 = 30;

/// A skill's level from all the evidence, with how many attempts stand behind it and its trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    pub score: i32,
    pub attempts: usize,
    pub scenarios: usize,
    /// Points up or down since `TREND_DAYS` ago; `None` when there was no evidence then.
    pub trend: Option<i32>,
}

/// The weighted mean as of `as_of`, counting only evidence from that day or before.
fn weighted(evidence: &[Evidence], as_of: Day) -> Option<f64> {
    let mut best: std::collections::BTreeMap<(i32, i64), (i32, i64)> = Default::default();
    for e in evidence.iter().filter(|e| e.day <= as_of) {
        let key = (e.scenario, e.day.ordinal().div_euclid(PERIOD_DAYS));
        let entry = best.entry(key).or_insert((e.score, e.day.ordinal()));
        if e.score > entry.0 {
            *entry = (e.score, entry.1.max(e.day.ordinal()));
        } else {
            entry.1 = entry.1.max(e.day.ordinal());
        }
    }
    let (mut sum, mut weights) = (0.0, 0.0);
    for (score, day) in best.values() {
        let age = (as_of.ordinal() - day).max(0) as f64;
        let w = 0.5f64.powf(age / HALF_LIFE_DAYS);
        sum += w * *score as f64;
        weights += w;
    }
    (weights > 0.0).then(|| sum / weights)
}

/// Per skill: a weighted mean of every finished attempt, newer ones weighing more (half the
/// weight every `HALF_LIFE_DAYS`), each scenario counted once per `PERIOD_DAYS` with its best.
pub fn skill_level(evidence: &[Evidence], today: Day) -> Option<Level> {
    let now = weighted(evidence, today)?;
    let then = weighted(evidence, today.plus_days(-TREND_DAYS));
    let scenarios: std::collections::BTreeSet<i32> = evidence.iter().map(|e| e.scenario).collect();
    Some(Level {
        score: now.round() as i32,
        attempts: evidence.iter().filter(|e| e.day <= today).count(),
        scenarios: scenarios.len(),
        trend: then.map(|t| (now.round() - t.round()) as i32),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn e(scenario: i32, day: &str, score: i32) -> Evidence {
        Evidence {
            scenario,
            day: d(day),
            score,
        }
    }

    #[test]
    fn the_skill_profile_weighs_all_the_evidence() {
        let today = d("2026-12-03");
        // A good run, then a careless replay the same week: the replay does not wipe it out.
        let l = skill_level(&[e(1, "2026-12-01", 97), e(1, "2026-12-02", 0)], today).unwrap();
        assert_eq!((l.score, l.attempts, l.scenarios), (97, 2, 1));
        assert_eq!(l.trend, None);
        // A poor replay months later lowers it, but the old evidence still counts.
        let l = skill_level(&[e(1, "2026-06-01", 97), e(1, "2026-12-02", 0)], today).unwrap();
        assert!((15..50).contains(&l.score), "{l:?}");
        // Two scenarios the same day weigh the same.
        let l = skill_level(&[e(1, "2026-12-01", 80), e(2, "2026-12-01", 40)], today).unwrap();
        assert_eq!(l.score, 60);
        // The trend compares with a month ago.
        let l = skill_level(&[e(1, "2026-10-01", 40), e(2, "2026-11-25", 90)], today).unwrap();
        assert_eq!(l.trend, Some(l.score - 40));
        assert!(l.score > 60, "{l:?}");
        // No evidence yet, or only in the future: no level.
        assert_eq!(skill_level(&[], today), None);
        assert_eq!(skill_level(&[e(1, "2027-01-01", 50)], today), None);
    }

    #[test]
    fn the_rule_decides_what_counts() {
        assert!(scenario_done(ModuleRule::Completed, 70, Some(10)));
        assert!(!scenario_done(ModuleRule::Passed, 70, Some(69)));
        assert!(scenario_done(ModuleRule::Passed, 70, Some(70)));
        assert!(!scenario_done(ModuleRule::Completed, 70, None));
    }

    #[test]
    fn matrix_sums_departments_into_sites() {
        let row = |site: &str, dep: &str, module: &str, done: usize, overdue: usize| GroupRow {
            region: "North".into(),
            site: site.into(),
            department: dep.into(),
            module: module.into(),
            assigned: 3,
            done,
            in_progress: 1,
            not_started: 2 - done.min(2),
            overdue,
        };
        let rows = vec![
            row("Bay", "Desk", "B module", 1, 0),
            row("Bay", "Finance", "B module", 2, 1),
            row("Bay", "Desk", "A module", 0, 2),
            row("Cliff", "Desk", "B module", 3, 0),
        ];
        let (modules, m) = matrix(&rows, |r| (r.region.clone(), r.site.clone()));
        assert_eq!(modules, vec!["A module", "B module"]);
        assert_eq!(m.len(), 2);
        let bay = &m[0];
        assert_eq!(bay.label, "Bay");
        assert_eq!(
            bay.cells[0],
            Some(Counts {
                assigned: 3,
                done: 0,
                in_progress: 1,
                overdue: 2
            })
        );
        assert_eq!(
            bay.cells[1],
            Some(Counts {
                assigned: 6,
                done: 3,
                in_progress: 2,
                overdue: 1
            })
        );
        assert_eq!(m[1].cells[0], None);
    }

    #[test]
    fn feedback_is_toned_by_the_points_a_choice_earned() {
        assert_eq!(feedback_tone(3), "feedback helped");
        assert_eq!(feedback_tone(-1), "feedback hurt");
        assert_eq!(feedback_tone(0), "feedback");
    }

    #[test]
    fn status_and_overdue() {
        assert_eq!(module_status(3, 3, false), Status::Done);
        assert_eq!(module_status(0, 3, true), Status::InProgress);
        assert_eq!(module_status(1, 3, false), Status::InProgress);
        assert_eq!(module_status(0, 3, false), Status::NotStarted);
        assert!(overdue(
            Status::InProgress,
            d("2026-11-01"),
            d("2026-11-23")
        ));
        assert!(!overdue(Status::Done, d("2026-11-01"), d("2026-11-23")));
        assert!(!overdue(
            Status::NotStarted,
            d("2026-11-23"),
            d("2026-11-23")
        ));
        assert_eq!(percent(1, 3), 33);
    }
}
