//! Wire types for training, and the pure rules that turn attempts into progress.
use serde::{Deserialize, Serialize};

use crate::training::model::{Ending, Persona, Skill};

/// What finishing a module's scenarios means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleRule {
    /// Every scenario played to an ending.
    Completed,
    /// Every scenario with a best score at or above the pass mark.
    Passed,
}

impl ModuleRule {
    pub fn key(self) -> &'static str {
        match self {
            ModuleRule::Completed => "completed",
            ModuleRule::Passed => "passed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "completed" => Some(ModuleRule::Completed),
            "passed" => Some(ModuleRule::Passed),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ModuleRule::Completed => "Complete every scenario",
            ModuleRule::Passed => "Pass every scenario",
        }
    }
}

/// Who an assignment reaches. People who join the group later are reached too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetKind {
    Person,
    Department,
    Site,
    Region,
    Everyone,
}

impl TargetKind {
    pub const ALL: [TargetKind; 5] = [
        TargetKind::Person,
        TargetKind::Department,
        TargetKind::Site,
        TargetKind::Region,
        TargetKind::Everyone,
    ];
    pub fn key(self) -> &'static str {
        match self {
            TargetKind::Person => "person",
            TargetKind::Department => "department",
            TargetKind::Site => "site",
            TargetKind::Region => "region",
            TargetKind::Everyone => "everyone",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        TargetKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Done,
    InProgress,
    NotStarted,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Done",
            Status::InProgress => "In progress",
            Status::NotStarted => "Not started",
        }
    }
}

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
pub fn overdue(status: Status, due_on: &str, today: &str) -> bool {
    status != Status::Done && due_on < today
}

/// Percent of a module done, for progress bars.
pub fn percent(done: usize, total: usize) -> u32 {
    (done * 100).checked_div(total).map_or(0, |p| p as u32)
}

/// Where a scenario is in its life: only published ones can be started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lifecycle {
    Published,
    Unpublished,
    Archived,
}

impl Lifecycle {
    pub fn key(self) -> &'static str {
        match self {
            Lifecycle::Published => "published",
            Lifecycle::Unpublished => "unpublished",
            Lifecycle::Archived => "archived",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Lifecycle::Published,
            Lifecycle::Unpublished,
            Lifecycle::Archived,
        ]
        .into_iter()
        .find(|l| l.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Lifecycle::Published => "Published",
            Lifecycle::Unpublished => "Unpublished",
            Lifecycle::Archived => "Archived",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioSummary {
    pub slug: String,
    pub lifecycle: Lifecycle,
    pub title: String,
    pub summary: String,
    pub setting: String,
    pub skills: Vec<Skill>,
    pub minutes: i32,
    pub steps: i32,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleView {
    pub pid: String,
    pub title: String,
    pub description: String,
    pub pass_mark: i32,
    pub rule: ModuleRule,
    pub validity_months: Option<i32>,
    pub scenarios: Vec<ScenarioSummary>,
    pub assignments: Vec<AssignmentView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignmentView {
    /// "Everyone", "Region: North Coast", "Ana Lima"...
    pub target: String,
    pub due_on: String,
    pub people: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioProgress {
    pub slug: String,
    pub title: String,
    pub minutes: i32,
    pub best: Option<i32>,
    pub latest: Option<i32>,
    pub attempts: usize,
    pub in_progress: bool,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleProgress {
    pub pid: String,
    pub title: String,
    pub description: String,
    pub pass_mark: i32,
    pub rule: ModuleRule,
    pub due_on: String,
    pub overdue: bool,
    pub status: Status,
    pub done: usize,
    pub total: usize,
    pub scenarios: Vec<ScenarioProgress>,
    /// The scenario to play next: one in progress, else the first not done.
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkillLevel {
    pub skill: Skill,
    /// 0-100, the mean over the latest finished attempt of each scenario that trains it.
    pub score: i32,
    pub scenarios: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptBrief {
    pub pid: String,
    pub scenario: String,
    pub started_at: String,
    pub finished: bool,
    pub ending: Option<Ending>,
    pub score: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyTraining {
    pub name: String,
    pub certificates: Vec<CertificateView>,
    pub modules: Vec<ModuleProgress>,
    pub skills: Vec<SkillLevel>,
    pub attempts: Vec<AttemptBrief>,
    pub library: Vec<ScenarioSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastMove {
    pub choice: String,
    pub feedback: String,
    /// The skill points the choice earned (positive) or cost (negative).
    pub points: i32,
}

/// The class that colours feedback: helped, hurt or neither.
pub fn feedback_tone(points: i32) -> &'static str {
    match points {
        p if p > 0 => "feedback helped",
        p if p < 0 => "feedback hurt",
        _ => "feedback",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlayView {
    pub attempt: String,
    pub title: String,
    pub setting: String,
    pub persona: Persona,
    pub narration: String,
    pub customer: String,
    pub mood: i32,
    pub trust: i32,
    /// (index in the step, text) of the choices open now.
    pub choices: Vec<(usize, String)>,
    /// How many moves have been made; a choice is posted with it so a repeated post is caught.
    pub seq: i32,
    pub last: Option<LastMove>,
    pub finished: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    pub narration: String,
    pub customer: String,
    pub choice: String,
    pub feedback: String,
    pub points: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub attempt: String,
    pub person: String,
    pub own: bool,
    pub slug: String,
    pub title: String,
    pub version: i32,
    pub finished_at: String,
    pub ending: Ending,
    pub ending_narration: String,
    pub debrief: String,
    pub score: i32,
    pub skills: Vec<(Skill, i32)>,
    pub path: Vec<PathStep>,
    pub best: i32,
    pub latest: i32,
    pub attempts: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressCell {
    pub status: Status,
    pub overdue: bool,
    pub done: usize,
    pub total: usize,
    pub due_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamRow {
    pub pid: String,
    pub name: String,
    pub site: Option<String>,
    pub department: Option<String>,
    /// One per module of the report, `None` where the person has no such assignment.
    pub cells: Vec<Option<ProgressCell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamProgress {
    pub modules: Vec<(String, String)>,
    pub rows: Vec<TeamRow>,
}

/// Per site and department and module: how many assigned people are where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub region: String,
    pub site: String,
    pub department: String,
    pub module: String,
    pub assigned: usize,
    pub done: usize,
    pub in_progress: usize,
    pub not_started: usize,
    pub overdue: usize,
}

/// Assigned people of one group for one module, summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub assigned: usize,
    pub done: usize,
    pub in_progress: usize,
    pub overdue: usize,
}

/// One row of a group-by-module matrix: a site (under its region) or a department.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub group: String,
    pub label: String,
    pub cells: Vec<Option<Counts>>,
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AssignChoices {
    /// The due date the form suggests (30 days from today, YYYY-MM-DD).
    pub default_due: String,
    pub modules: Vec<Named>,
    pub people: Vec<Named>,
    pub departments: Vec<Named>,
    pub sites: Vec<Named>,
    pub regions: Vec<Named>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub modules_created: usize,
    pub modules_updated: usize,
    pub modules_unchanged: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(overdue(Status::InProgress, "2026-11-01", "2026-11-23"));
        assert!(!overdue(Status::Done, "2026-11-01", "2026-11-23"));
        assert!(!overdue(Status::NotStarted, "2026-11-23", "2026-11-23"));
        assert_eq!(percent(1, 3), 33);
    }
}

/// What an analytics page asks for; empty strings mean "all".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsQuery {
    #[serde(default)]
    pub scenario: String,
    /// 0 for the latest version.
    #[serde(default)]
    pub version: i32,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsOptions {
    pub scenarios: Vec<Named>,
    /// (scenario id, version number)
    pub versions: Vec<(String, i32)>,
    pub regions: Vec<Named>,
    pub sites: Vec<Named>,
    pub departments: Vec<Named>,
    pub threshold: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioReport {
    pub slug: String,
    pub title: String,
    pub version: i32,
    pub threshold: usize,
    pub analysis: crate::training::analytics::Analysis,
    /// The group has enough people, but its figures are hidden so that a smaller group beside
    /// it cannot be worked out by subtraction.
    pub protects: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkillHeatmap {
    /// "Site" or "Department".
    pub by: String,
    pub from: String,
    pub to: String,
    pub threshold: usize,
    pub rows: Vec<crate::training::analytics::HeatRow>,
}

/// Days before expiry when a module is assigned again.
pub const RENEWAL_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertStatus {
    Valid,
    /// Within the renewal window: the module has been assigned again.
    Renewing,
    Expired,
}

impl CertStatus {
    pub fn label(self) -> &'static str {
        match self {
            CertStatus::Valid => "Valid",
            CertStatus::Renewing => "Renewal due",
            CertStatus::Expired => "Expired",
        }
    }
}

/// A certificate's status on `today` (all dates YYYY-MM-DD, which compare as text).
pub fn cert_status(
    expires_on: Option<&str>,
    renewal_from: Option<&str>,
    today: &str,
) -> CertStatus {
    match (expires_on, renewal_from) {
        (Some(e), _) if e < today => CertStatus::Expired,
        (Some(_), Some(r)) if r <= today => CertStatus::Renewing,
        _ => CertStatus::Valid,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub pid: String,
    pub person: String,
    pub person_pid: String,
    pub module: String,
    pub issued_on: String,
    pub score: i32,
    pub expires_on: Option<String>,
    pub status: CertStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: i32,
    pub created_at: String,
    pub steps: i32,
    pub attempts: usize,
}

/// A scenario as HR and admins see it in the library: details, versions and its map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioDetail {
    pub summary: ScenarioSummary,
    pub persona: crate::training::model::Persona,
    pub start_mood: i32,
    pub start_trust: i32,
    pub endings: usize,
    pub versions: Vec<VersionInfo>,
    pub map: crate::training::map::Map,
    pub problems: Vec<crate::training::validate::Problem>,
    /// The open draft of the next version, if any.
    pub draft: Option<String>,
}

/// A draft in the list of drafts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub pid: String,
    pub slug: String,
    pub title: String,
    /// The published version this draft will follow; `None` for a new scenario.
    pub base_version: Option<i32>,
    pub problems: usize,
    pub updated_at: String,
    pub updated_by: String,
}

/// Everything the editor shows: the draft as typed, its problems, and its map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub pid: String,
    pub slug: String,
    pub revision: i32,
    pub base_version: Option<i32>,
    pub draft: crate::training::editor::DraftScenario,
    pub problems: Vec<crate::training::validate::Problem>,
    pub map: crate::training::map::Map,
    /// HR and admins publish; managers write drafts for them.
    pub can_publish: bool,
    pub updated_at: String,
    pub updated_by: String,
}

/// One screen of a play-test: the conversation so far replayed from the choices in the address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaytestView {
    pub pid: String,
    pub title: String,
    pub persona: crate::training::model::Persona,
    pub problems: usize,
    /// The choices made so far, as the address writes them ("0.2.1").
    pub path: String,
    pub step: String,
    pub narration: String,
    pub customer: String,
    pub mood: i32,
    pub trust: i32,
    /// The last choice's text and feedback, and the skill points it earned (negative: cost).
    pub last: Option<(String, String, i32)>,
    /// (index, text) of each choice open now.
    pub choices: Vec<(usize, String)>,
    pub ending: Option<PlaytestEnding>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaytestEnding {
    pub label: String,
    pub key: String,
    pub debrief: String,
    pub score: i32,
    pub skills: Vec<(String, i32)>,
}
