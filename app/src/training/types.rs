//! Wire types for training, and the pure rules that turn attempts into progress.
use serde::{Deserialize, Serialize};

use crate::reporting::period::Day;
use crate::reporting::scope::{ReportScope, ScopeText};
use crate::training::rules::model::{Ending, Persona, Skill};

/// What finishing a module's scenarios means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum ModuleRule {
    /// Every scenario played to an ending.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "completed"))]
    Completed,
    /// Every scenario with a best score at or above the pass mark.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "passed"))]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum TargetKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "person"))]
    Person,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "department"))]
    Department,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "site"))]
    Site,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "region"))]
    Region,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "everyone"))]
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

/// Who a new assignment is for, as parsed from the form's `kind:id` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssignTarget {
    /// A person, by their public id.
    Person(String),
    /// A region, site or department, by id.
    Group(TargetKind, i32),
    Everyone,
}

impl AssignTarget {
    pub fn kind(&self) -> TargetKind {
        match self {
            AssignTarget::Person(_) => TargetKind::Person,
            AssignTarget::Group(k, _) => *k,
            AssignTarget::Everyone => TargetKind::Everyone,
        }
    }
}

/// The days a late joiner gets when the form leaves the field as it is.
pub const DEFAULT_JOINER_DAYS: i32 = 30;

/// A new assignment, parsed once from the submitted form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignInput {
    /// The module's public id.
    pub module: String,
    pub target: AssignTarget,
    pub due_on: Day,
    /// For groups: the days someone who joins later has, from the day they join. `None` gives
    /// them the assignment's own due date.
    pub joiner_days: Option<i32>,
}

impl AssignInput {
    /// Parses the assign form. Every problem is named; `today` is the earliest due date allowed.
    pub fn parse(
        module: &str,
        target: &str,
        due_on: &str,
        joiner_days: &str,
        today: Day,
    ) -> Result<AssignInput, Vec<String>> {
        let mut problems = Vec::new();
        let module = module.trim().to_owned();
        if module.is_empty() {
            problems.push("Choose a module.".to_owned());
        }
        let (kind, id) = target.trim().split_once(':').unwrap_or((target.trim(), ""));
        let target = match TargetKind::parse(kind.trim()) {
            Some(TargetKind::Everyone) => Some(AssignTarget::Everyone),
            Some(TargetKind::Person) if !id.trim().is_empty() => {
                Some(AssignTarget::Person(id.trim().to_owned()))
            }
            Some(k @ (TargetKind::Region | TargetKind::Site | TargetKind::Department)) => {
                match id.trim().parse::<i32>() {
                    Ok(n) if n > 0 => Some(AssignTarget::Group(k, n)),
                    _ => {
                        problems.push(format!("Choose a {}.", k.key()));
                        None
                    }
                }
            }
            _ => {
                problems.push("Choose who the module is for.".to_owned());
                None
            }
        };
        let due = match Day::parse(due_on) {
            Some(d) if d < today => {
                problems.push("The due date is in the past; choose today or later.".to_owned());
                None
            }
            Some(d) => Some(d),
            None => {
                problems.push("Give a due date (YYYY-MM-DD).".to_owned());
                None
            }
        };
        let joiner_days = match joiner_days.trim() {
            "" => None,
            v => match v.parse::<i32>() {
                Ok(n) if (1..=365).contains(&n) => Some(n),
                _ => {
                    problems.push(
                        "Days for people who join later must be a whole number from 1 to 365, or empty to give them the same due date."
                            .to_owned(),
                    );
                    None
                }
            },
        };
        match (target, due) {
            (Some(target), Some(due_on)) if problems.is_empty() => Ok(AssignInput {
                module,
                joiner_days: match target {
                    AssignTarget::Person(_) => None,
                    _ => joiner_days,
                },
                target,
                due_on,
            }),
            _ => Err(problems),
        }
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

/// Where a scenario is in its life: only published ones can be started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Lifecycle {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "published"))]
    Published,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unpublished"))]
    Unpublished,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "archived"))]
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
    pub pid: String,
    /// The module's title.
    pub module: String,
    /// "Everyone", "Region: North Coast", "Ana Lima"...
    pub target: String,
    pub kind: TargetKind,
    pub due_on: Day,
    /// For groups: days a late joiner has from the day they join (`None`: the same due date).
    pub joiner_days: Option<i32>,
    /// Active people it reaches now.
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
    pub due_on: Day,
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
    /// 0-100, weighted over every finished attempt (see `rules::progress::skill_level`).
    pub score: i32,
    pub scenarios: usize,
    pub attempts: usize,
    /// Points up or down over the last 30 days, when there was evidence then.
    pub trend: Option<i32>,
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
    pub due_on: Day,
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
    /// The assignments to these people, which the manager may remove.
    pub assignments: Vec<AssignmentView>,
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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    fn the_assign_form_is_parsed_once_with_every_problem_named() {
        let today = Day::new(2026, 12, 3).unwrap_or(Day {
            year: 2026,
            month: 12,
            day: 3,
        });
        let ok = AssignInput::parse("m1", "site:4", "2026-12-31", "14", today);
        assert_eq!(
            ok.map(|i| (i.target, i.joiner_days)),
            Ok((AssignTarget::Group(TargetKind::Site, 4), Some(14)))
        );
        // A person has their own due date: days for joiners do not apply.
        let person = AssignInput::parse("m1", "person:abc", "2026-12-03", "30", today);
        assert_eq!(
            person.map(|i| (i.target, i.joiner_days)),
            Ok((AssignTarget::Person("abc".into()), None))
        );
        let everyone = AssignInput::parse("m1", "everyone", "2026-12-31", "", today);
        assert_eq!(everyone.map(|i| i.joiner_days), Ok(None));
        let bad = AssignInput::parse("", "site:x", "2026-12-02", "0", today).unwrap_err();
        assert_eq!(
            bad,
            vec![
                "Choose a module.".to_owned(),
                "Choose a site.".into(),
                "The due date is in the past; choose today or later.".into(),
                "Days for people who join later must be a whole number from 1 to 365, or empty to give them the same due date.".into(),
            ]
        );
        assert!(AssignInput::parse("m1", "boss:1", "2026-12-31", "", today).is_err());
        assert!(AssignInput::parse("m1", "person:", "2026-12-31", "", today).is_err());
        assert!(AssignInput::parse("m1", "region:-3", "2026-12-31", "", today).is_err());
        assert!(AssignInput::parse("m1", "site:4", "31/12/2026", "", today).is_err());
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
    /// A month, quarter or year key (`2026-11`, `2026-Q4`, `2026`); `from` and `to` win over it.
    #[serde(default)]
    pub period: String,
}

/// An analytics request once its query has been read: which scenario version and what scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnalyticsRequest {
    /// The scenario's id (slug); `None`: the first by title.
    pub scenario: Option<String>,
    /// `None`: the latest version.
    pub version: Option<i32>,
    pub scope: ReportScope,
}

impl AnalyticsQuery {
    /// Reads the query once, at the boundary; the message names every bad value.
    pub fn parse(&self) -> Result<AnalyticsRequest, crate::error::AppError> {
        let scope = ReportScope::parse(ScopeText {
            region: &self.region,
            site: &self.site,
            department: &self.department,
            period: &self.period,
            from: &self.from,
            to: &self.to,
        })
        .map_err(crate::error::AppError::Invalid)?;
        if self.version < 0 {
            return Err(crate::error::AppError::invalid(
                "Choose a version from the list.",
            ));
        }
        let scenario = self.scenario.trim();
        Ok(AnalyticsRequest {
            scenario: (!scenario.is_empty()).then(|| scenario.to_owned()),
            version: (self.version > 0).then_some(self.version),
            scope,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsOptions {
    pub scenarios: Vec<Named>,
    /// (scenario id, version number)
    pub versions: Vec<(String, i32)>,
    pub regions: Vec<Named>,
    pub sites: Vec<Named>,
    pub departments: Vec<Named>,
    /// Recent months, quarters and years: (key, label), newest first.
    pub periods: Vec<(String, String)>,
    pub threshold: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioReport {
    pub slug: String,
    pub title: String,
    pub version: i32,
    pub threshold: usize,
    pub analysis: crate::training::rules::analytics::Analysis,
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
    pub rows: Vec<crate::training::rules::analytics::HeatRow>,
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
    pub const ALL: [CertStatus; 3] = [CertStatus::Valid, CertStatus::Renewing, CertStatus::Expired];

    /// The value in a link or form.
    pub fn key(self) -> &'static str {
        match self {
            CertStatus::Valid => "current",
            CertStatus::Renewing => "renewal-due",
            CertStatus::Expired => "expired",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertStatus::Valid => "Valid",
            CertStatus::Renewing => "Renewal due",
            CertStatus::Expired => "Expired",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub pid: String,
    pub person: String,
    pub person_pid: String,
    pub module: String,
    pub issued_on: Day,
    pub score: i32,
    pub expires_on: Option<Day>,
    pub status: CertStatus,
}

/// The certificate register's filter as typed in the address; empty means all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterQuery {
    pub module: String,
    pub site: String,
    pub department: String,
    pub status: String,
}

/// The register's filter once read: ids and a status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegisterFilter {
    pub module: Option<i32>,
    pub site: Option<i32>,
    pub department: Option<i32>,
    pub status: Option<CertStatus>,
}

impl RegisterQuery {
    /// Reads every field, naming each one that is not a choice on the page.
    pub fn parse(&self) -> Result<RegisterFilter, crate::error::AppError> {
        let mut problems = Vec::new();
        let mut id = |raw: &str, what: &str| -> Option<i32> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            raw.parse::<i32>().ok().filter(|n| *n > 0).or_else(|| {
                problems.push(format!("“{raw}” is not a {what} on the list."));
                None
            })
        };
        let module = id(&self.module, "module");
        let site = id(&self.site, "site");
        let department = id(&self.department, "department");
        let status = match self.status.trim() {
            "" => None,
            raw => CertStatus::ALL
                .into_iter()
                .find(|s| s.key() == raw)
                .or_else(|| {
                    problems.push(format!(
                        "“{raw}” is not a status; choose current, renewal-due or expired."
                    ));
                    None
                }),
        };
        if problems.is_empty() {
            Ok(RegisterFilter {
                module,
                site,
                department,
                status,
            })
        } else {
            Err(crate::error::AppError::Invalid(problems.join(" ")))
        }
    }
}

/// One line of the register: a certificate with where its holder works.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub certificate: CertificateView,
    pub site: String,
    pub department: String,
}

/// Every person's latest certificate per module, filtered, with counts per status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateRegister {
    pub rows: Vec<RegisterRow>,
    /// Per status, how many certificates match the module, site and department chosen.
    pub counts: Vec<(CertStatus, usize)>,
    pub modules: Vec<Named>,
    pub sites: Vec<Named>,
    pub departments: Vec<Named>,
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
    pub persona: crate::training::rules::model::Persona,
    pub start_mood: i32,
    pub start_trust: i32,
    pub endings: usize,
    pub versions: Vec<VersionInfo>,
    pub map: crate::training::rules::map::Map,
    pub problems: Vec<crate::training::rules::validate::Problem>,
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
    pub draft: crate::training::rules::editor::DraftScenario,
    pub problems: Vec<crate::training::rules::validate::Problem>,
    pub map: crate::training::rules::map::Map,
    /// How well the scenario assesses (once it has no problems): a summary line and warnings.
    pub assessment: Option<AssessmentReport>,
    /// HR and admins publish; managers write drafts for them.
    pub can_publish: bool,
    pub updated_at: String,
    pub updated_by: String,
}

/// The validator's report on scoring: the best path, naive play, and what to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentReport {
    pub summary: String,
    pub warnings: Vec<String>,
}

/// One screen of a play-test: the conversation so far replayed from the choices in the address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaytestView {
    pub pid: String,
    pub title: String,
    pub persona: crate::training::rules::model::Persona,
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
