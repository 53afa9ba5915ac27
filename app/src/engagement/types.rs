//! The enums stored and sent for engagement surveys, the built-in item bank, and the wire types.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::reporting::confidentiality::Hidden;
use crate::reporting::period::Day;

/// What an item measures: a driver of engagement, the engagement outcome itself, or eNPS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Driver {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "engagement"))]
    Engagement,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "enps"))]
    Enps,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "recognition"))]
    Recognition,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "growth"))]
    Growth,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "manager_support"))]
    ManagerSupport,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "enablement"))]
    Enablement,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "autonomy"))]
    Autonomy,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "internal_service"))]
    InternalService,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "customer_focus"))]
    CustomerFocus,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "belonging"))]
    Belonging,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "wellbeing"))]
    Wellbeing,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "communication"))]
    Communication,
}

impl Driver {
    pub const ALL: [Driver; 12] = [
        Driver::Engagement,
        Driver::Enps,
        Driver::Recognition,
        Driver::Growth,
        Driver::ManagerSupport,
        Driver::Enablement,
        Driver::Autonomy,
        Driver::InternalService,
        Driver::CustomerFocus,
        Driver::Belonging,
        Driver::Wellbeing,
        Driver::Communication,
    ];

    /// The drivers proper: what engagement depends on (not the outcome, not eNPS).
    pub fn is_driver(self) -> bool {
        !matches!(self, Driver::Engagement | Driver::Enps)
    }

    pub fn key(self) -> &'static str {
        match self {
            Driver::Engagement => "engagement",
            Driver::Enps => "enps",
            Driver::Recognition => "recognition",
            Driver::Growth => "growth",
            Driver::ManagerSupport => "manager_support",
            Driver::Enablement => "enablement",
            Driver::Autonomy => "autonomy",
            Driver::InternalService => "internal_service",
            Driver::CustomerFocus => "customer_focus",
            Driver::Belonging => "belonging",
            Driver::Wellbeing => "wellbeing",
            Driver::Communication => "communication",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Driver::Engagement => "Engagement",
            Driver::Enps => "eNPS",
            Driver::Recognition => "Recognition",
            Driver::Growth => "Growth",
            Driver::ManagerSupport => "Manager support",
            Driver::Enablement => "Tools and enablement",
            Driver::Autonomy => "Authority to use my judgement",
            Driver::InternalService => "Internal service",
            Driver::CustomerFocus => "Customer focus",
            Driver::Belonging => "Belonging",
            Driver::Wellbeing => "Workload and wellbeing",
            Driver::Communication => "Communication",
        }
    }

    pub fn parse(raw: &str) -> Option<Driver> {
        Driver::ALL.into_iter().find(|d| d.key() == raw.trim())
    }
}

/// How an item is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Scale {
    /// 1 strongly disagree .. 5 strongly agree.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "agreement"))]
    Agreement,
    /// 0 not at all likely .. 10 extremely likely.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "likelihood"))]
    Likelihood,
}

impl Scale {
    pub fn range(self) -> std::ops::RangeInclusive<i32> {
        match self {
            Scale::Agreement => 1..=5,
            Scale::Likelihood => 0..=10,
        }
    }

    /// The words under each point of an agreement item.
    pub const AGREEMENT: [&'static str; 5] = [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ];
}

/// A census asks the full set once or twice a year; a pulse asks a few items often.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum SurveyKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "census"))]
    Census,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pulse"))]
    Pulse,
    /// Departments rate the departments they depend on ("everyone is in customer service").
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "internal"))]
    Internal,
}

impl SurveyKind {
    pub const ALL: [SurveyKind; 3] = [SurveyKind::Census, SurveyKind::Pulse, SurveyKind::Internal];

    pub fn key(self) -> &'static str {
        match self {
            SurveyKind::Census => "census",
            SurveyKind::Pulse => "pulse",
            SurveyKind::Internal => "internal",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SurveyKind::Census => "Census",
            SurveyKind::Pulse => "Pulse",
            SurveyKind::Internal => "Internal service",
        }
    }

    pub fn parse(raw: &str) -> Option<SurveyKind> {
        SurveyKind::ALL.into_iter().find(|k| k.key() == raw.trim())
    }
}

/// Whom the respondents of an internal-service survey rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Reach {
    /// The other departments of their own site.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "site"))]
    Site,
    /// Any department the survey is asked of, at any site.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "company"))]
    Company,
}

impl Reach {
    pub const ALL: [Reach; 2] = [Reach::Site, Reach::Company];

    pub fn key(self) -> &'static str {
        match self {
            Reach::Site => "site",
            Reach::Company => "company",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reach::Site => "Within each site: people rate the other departments of their site",
            Reach::Company => "Across the company: people rate any department asked",
        }
    }

    pub fn parse(raw: &str) -> Option<Reach> {
        Reach::ALL.into_iter().find(|r| r.key() == raw.trim())
    }
}

/// Where an action of an action plan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum ActionStatus {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "open"))]
    Open,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "in_progress"))]
    InProgress,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "done"))]
    Done,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Done => "Done",
        }
    }

    pub fn parse(raw: &str) -> Option<ActionStatus> {
        ActionStatus::ALL
            .into_iter()
            .find(|s| s.key() == raw.trim())
    }
}

/// The kind of unit an audience names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum AudienceLevel {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "region"))]
    Region,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "site"))]
    Site,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "department"))]
    Department,
}

impl AudienceLevel {
    pub fn key(self) -> &'static str {
        match self {
            AudienceLevel::Region => "region",
            AudienceLevel::Site => "site",
            AudienceLevel::Department => "department",
        }
    }

    /// Reads "site:3" as an audience form sends it.
    pub fn parse_unit(raw: &str) -> Option<(AudienceLevel, i32)> {
        let (level, id) = raw.trim().split_once(':')?;
        let level = match level {
            "region" => AudienceLevel::Region,
            "site" => AudienceLevel::Site,
            "department" => AudienceLevel::Department,
            _ => return None,
        };
        let id: i32 = id.parse().ok().filter(|n| *n > 0)?;
        Some((level, id))
    }
}

/// A respondent's role, as coarse as results need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum RoleGroup {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "staff"))]
    Staff,
    /// Managers, HR and admins.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "leader"))]
    Leader,
}

/// How long a respondent has been with the organisation, in bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum TenureBand {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "under_1y"))]
    UnderOneYear,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "1y_3y"))]
    OneToThreeYears,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "over_3y"))]
    OverThreeYears,
}

impl RoleGroup {
    pub const ALL: [RoleGroup; 2] = [RoleGroup::Staff, RoleGroup::Leader];

    pub fn key(self) -> &'static str {
        match self {
            RoleGroup::Staff => "staff",
            RoleGroup::Leader => "leader",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RoleGroup::Staff => "Staff",
            RoleGroup::Leader => "Managers and leaders",
        }
    }
}

impl TenureBand {
    pub const ALL: [TenureBand; 3] = [
        TenureBand::UnderOneYear,
        TenureBand::OneToThreeYears,
        TenureBand::OverThreeYears,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TenureBand::UnderOneYear => "under_1y",
            TenureBand::OneToThreeYears => "1y_3y",
            TenureBand::OverThreeYears => "over_3y",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TenureBand::UnderOneYear => "Under a year",
            TenureBand::OneToThreeYears => "One to three years",
            TenureBand::OverThreeYears => "Over three years",
        }
    }

    /// The band for someone who joined `days` days ago.
    pub fn of_days(days: i64) -> TenureBand {
        if days < 365 {
            TenureBand::UnderOneYear
        } else if days < 3 * 365 {
            TenureBand::OneToThreeYears
        } else {
            TenureBand::OverThreeYears
        }
    }
}

/// Results narrowed to the respondents who kept a role group, a tenure band or both (empty:
/// everyone). Responses whose attribute was dropped at submission fall outside every narrowing.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Segment {
    pub role: Option<RoleGroup>,
    pub tenure: Option<TenureBand>,
}

impl Segment {
    pub fn is_everyone(self) -> bool {
        self.role.is_none() && self.tenure.is_none()
    }

    /// Reads the filters a link sends ("" is any).
    pub fn parse(role: &str, tenure: &str) -> Result<Segment, String> {
        let role = match role.trim() {
            "" => None,
            r => Some(
                RoleGroup::ALL
                    .into_iter()
                    .find(|g| g.key() == r)
                    .ok_or("Choose a role group from the list.")?,
            ),
        };
        let tenure = match tenure.trim() {
            "" => None,
            t => Some(
                TenureBand::ALL
                    .into_iter()
                    .find(|b| b.key() == t)
                    .ok_or("Choose a tenure band from the list.")?,
            ),
        };
        Ok(Segment { role, tenure })
    }

    /// Every narrowing a viewer can pick (not "everyone").
    pub fn all() -> Vec<Segment> {
        let roles = [None, Some(RoleGroup::Staff), Some(RoleGroup::Leader)];
        let tenures = [
            None,
            Some(TenureBand::UnderOneYear),
            Some(TenureBand::OneToThreeYears),
            Some(TenureBand::OverThreeYears),
        ];
        roles
            .iter()
            .flat_map(|r| {
                tenures.iter().map(|t| Segment {
                    role: *r,
                    tenure: *t,
                })
            })
            .filter(|s| !s.is_everyone())
            .collect()
    }

    /// Whether a response with these kept attributes is inside.
    pub fn holds(self, role: Option<RoleGroup>, tenure: Option<TenureBand>) -> bool {
        self.role.is_none_or(|r| role == Some(r)) && self.tenure.is_none_or(|t| tenure == Some(t))
    }

    /// "Staff, under a year", or empty for everyone.
    pub fn label(self) -> String {
        let parts: Vec<&str> = [
            self.role.map(RoleGroup::label),
            self.tenure.map(TenureBand::label),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(", ")
    }
}

/// Where a survey stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyPhase {
    Scheduled,
    Open,
    Closed,
}

impl SurveyPhase {
    pub fn of(opens_on: Day, closes_on: Day, today: Day) -> SurveyPhase {
        if today < opens_on {
            SurveyPhase::Scheduled
        } else if today <= closes_on {
            SurveyPhase::Open
        } else {
            SurveyPhase::Closed
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SurveyPhase::Scheduled => "Scheduled",
            SurveyPhase::Open => "Open",
            SurveyPhase::Closed => "Closed",
        }
    }
}

/// The built-in item bank: (lineage key, driver, scale, text). Lineage keys never change; the
/// texts may be reworded in the app, which adds versions.
pub const BANK: &[(&str, Driver, Scale, &str)] = &[
    (
        "engagement.proud",
        Driver::Engagement,
        Scale::Agreement,
        "I am proud to work for this organisation.",
    ),
    (
        "engagement.stay",
        Driver::Engagement,
        Scale::Agreement,
        "I see myself still working here in two years' time.",
    ),
    (
        "engagement.motivated",
        Driver::Engagement,
        Scale::Agreement,
        "This organisation motivates me to go beyond what I would in a similar role elsewhere.",
    ),
    (
        "engagement.recommend_place",
        Driver::Engagement,
        Scale::Agreement,
        "I would recommend this organisation as a great place to work.",
    ),
    (
        "enps.recommend",
        Driver::Enps,
        Scale::Likelihood,
        "How likely are you to recommend working here to a friend?",
    ),
    (
        "recognition.noticed",
        Driver::Recognition,
        Scale::Agreement,
        "When I do good work, someone notices.",
    ),
    (
        "recognition.fair",
        Driver::Recognition,
        Scale::Agreement,
        "Recognition here goes to the people who deserve it.",
    ),
    (
        "recognition.recent",
        Driver::Recognition,
        Scale::Agreement,
        "In the last month I have been thanked for how I served a customer or a colleague.",
    ),
    (
        "growth.learning",
        Driver::Growth,
        Scale::Agreement,
        "I have good opportunities to learn and grow here.",
    ),
    (
        "growth.path",
        Driver::Growth,
        Scale::Agreement,
        "I can see a path for my career in this organisation.",
    ),
    (
        "growth.training",
        Driver::Growth,
        Scale::Agreement,
        "The training I get helps me handle difficult customers.",
    ),
    (
        "manager.cares",
        Driver::ManagerSupport,
        Scale::Agreement,
        "My manager genuinely cares about my wellbeing.",
    ),
    (
        "manager.feedback",
        Driver::ManagerSupport,
        Scale::Agreement,
        "My manager gives me useful feedback on how I am doing.",
    ),
    (
        "manager.backs",
        Driver::ManagerSupport,
        Scale::Agreement,
        "My manager backs me up when I do the right thing for a customer.",
    ),
    (
        "enablement.tools",
        Driver::Enablement,
        Scale::Agreement,
        "I have the tools and equipment I need to do my job well.",
    ),
    (
        "enablement.information",
        Driver::Enablement,
        Scale::Agreement,
        "I get the information I need to answer customers' questions.",
    ),
    (
        "enablement.process",
        Driver::Enablement,
        Scale::Agreement,
        "Our ways of working make it easy to serve customers well.",
    ),
    (
        "autonomy.judgement",
        Driver::Autonomy,
        Scale::Agreement,
        "I am trusted to use my best judgement to solve a customer's problem.",
    ),
    (
        "autonomy.fix",
        Driver::Autonomy,
        Scale::Agreement,
        "I can put things right for a customer without waiting for approval.",
    ),
    (
        "autonomy.voice",
        Driver::Autonomy,
        Scale::Agreement,
        "I have a say in decisions that affect my work.",
    ),
    (
        "internal.help",
        Driver::InternalService,
        Scale::Agreement,
        "Other departments help me serve customers.",
    ),
    (
        "internal.handover",
        Driver::InternalService,
        Scale::Agreement,
        "When I hand something over to another team, it gets done.",
    ),
    (
        "internal.respect",
        Driver::InternalService,
        Scale::Agreement,
        "Teams here treat each other as customers worth serving well.",
    ),
    (
        "customer.first",
        Driver::CustomerFocus,
        Scale::Agreement,
        "Customers' needs come first in the decisions we make.",
    ),
    (
        "customer.quality",
        Driver::CustomerFocus,
        Scale::Agreement,
        "My team is committed to delivering excellent service.",
    ),
    (
        "customer.complaints",
        Driver::CustomerFocus,
        Scale::Agreement,
        "We learn from customer complaints and change what we do.",
    ),
    (
        "belonging.myself",
        Driver::Belonging,
        Scale::Agreement,
        "I can be myself at work.",
    ),
    (
        "belonging.team",
        Driver::Belonging,
        Scale::Agreement,
        "I feel part of a team that looks out for each other.",
    ),
    (
        "belonging.valued",
        Driver::Belonging,
        Scale::Agreement,
        "People here value different backgrounds and views.",
    ),
    (
        "wellbeing.workload",
        Driver::Wellbeing,
        Scale::Agreement,
        "My workload is manageable most weeks.",
    ),
    (
        "wellbeing.rest",
        Driver::Wellbeing,
        Scale::Agreement,
        "I get the breaks I need during a shift.",
    ),
    (
        "wellbeing.stress",
        Driver::Wellbeing,
        Scale::Agreement,
        "I can switch off from work when I am not working.",
    ),
    (
        "communication.informed",
        Driver::Communication,
        Scale::Agreement,
        "I am kept informed about changes that affect me.",
    ),
    (
        "communication.why",
        Driver::Communication,
        Scale::Agreement,
        "Leaders explain the reasons behind their decisions.",
    ),
    (
        "communication.heard",
        Driver::Communication,
        Scale::Agreement,
        "When I raise a concern, I hear back about what happened.",
    ),
];

/// The form field key for an item: serde_qs reads a key that starts with a digit as a list
/// index, and item ids may, so every key carries this prefix.
pub fn item_key(pid: &str) -> String {
    format!("item-{pid}")
}

/// The item id in a form field key, if it is one.
pub fn from_item_key(key: &str) -> Option<&str> {
    key.strip_prefix("item-")
}

pub const ITEM_TEXT_MIN: usize = 10;
pub const ITEM_TEXT_MAX: usize = 200;
pub const TITLE_MAX: usize = 80;

/// One item of the bank, as HR's item page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub pid: String,
    pub driver: Driver,
    pub scale: Scale,
    pub text: String,
    pub version: i32,
    pub builtin: bool,
    pub retired: bool,
    /// Surveys that ask this version.
    pub surveys: usize,
}

/// A custom item as HR types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub driver: String,
    pub text: String,
}

/// A unit an audience or a report can name ("site:3"), with its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub key: String,
    pub label: String,
    /// Indentation level in lists: 0 regions, 1 sites, 2 departments.
    pub depth: u8,
}

/// A survey as HR's form sends it: checkboxes by key ("site:3" and item public ids).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyForm {
    pub title: String,
    pub kind: String,
    pub opens_on: String,
    pub closes_on: String,
    /// Empty: everyone.
    pub audience: BTreeMap<String, String>,
    /// Keyed by `item_key`.
    pub items: BTreeMap<String, String>,
    /// "on" to end each driver's part with an optional comment; "on" for a free comment at the end.
    pub driver_comments: String,
    pub free_comment: String,
    /// For an internal-service survey: `Reach::key`.
    pub reach: String,
}

/// One survey in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub pid: String,
    pub title: String,
    pub kind: SurveyKind,
    pub opens_on: Day,
    pub closes_on: Day,
    pub phase: SurveyPhase,
    pub items: usize,
    pub audience: String,
    /// For the viewer: asked, and whether they have answered.
    pub asked: bool,
    pub answered: bool,
    /// For HR, admins and managers: people asked and who answered (whole survey), when the
    /// audience holds at least k people.
    pub participation: Option<(u32, u32)>,
}

/// The surveys page: what the viewer is asked, and for leaders every survey.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveysView {
    pub mine: Vec<SurveySummary>,
    pub all: Vec<SurveySummary>,
    pub may_manage: bool,
    pub may_see_results: bool,
    /// For the new-survey form: the bank's current items and the units.
    pub bank: Vec<ItemView>,
    pub units: Vec<UnitOption>,
    pub suggested: SurveyForm,
}

/// One question on the answer form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub pid: String,
    pub driver: Driver,
    pub scale: Scale,
    pub text: String,
}

/// The answer form, or why it cannot be answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    pub pid: String,
    pub title: String,
    pub closes_on: Day,
    pub phase: SurveyPhase,
    pub asked: bool,
    pub answered: bool,
    pub questions: Vec<Question>,
    pub threshold: u32,
    pub comment_threshold: u32,
    pub driver_comments: bool,
    pub free_comment: bool,
    /// An internal-service survey, and the departments the respondent may rate.
    pub internal: bool,
    pub targets: Vec<RatingTarget>,
}

/// A department an internal-service respondent may rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingTarget {
    pub department: i32,
    pub name: String,
    pub site: String,
}

/// The form keys of one department's rating: quality and ease in `answers`, the comment in
/// `comments`.
pub fn quality_key(department: i32) -> String {
    format!("quality-{department}")
}

pub fn ease_key(department: i32) -> String {
    format!("ease-{department}")
}

pub fn rating_key(department: i32) -> String {
    format!("dept-{department}")
}

/// The internal-service scales: service quality 1-5, "easy to work with" 1-7.
pub const QUALITY_MAX: i32 = 5;
pub const EASE_MAX: i32 = 7;

/// What one department receives from the others in an internal-service survey.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedRow {
    pub department: String,
    pub site: String,
    /// Raters, when shown.
    pub raters: Shown<u32>,
    /// Share rating quality 4 or 5.
    pub favorable: Shown<f64>,
    /// Mean quality, 1-5.
    pub quality: Shown<f64>,
    /// Mean ease, 1-7.
    pub ease: Shown<f64>,
    /// Comments about it, when it reaches the comment threshold (random order).
    pub comments: Vec<String>,
}

/// The internal-service results: what each department receives, and who rates whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InternalView {
    pub pid: String,
    pub title: String,
    pub phase: SurveyPhase,
    pub reach: Reach,
    pub threshold: u32,
    pub comment_threshold: u32,
    /// The site the matrix and table show ("site:3"), and the choices.
    pub site: String,
    pub sites: Vec<UnitOption>,
    pub received: Vec<ReceivedRow>,
    /// The matrix: rated departments across, rater departments down (only those kept as raters'
    /// departments, that is with at least k people asked), mean quality in each cell.
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
    /// Ratings from people whose department was too small to keep, per column, when shown.
    pub unattributed: Vec<Shown<u32>>,
    pub may_download: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub label: String,
    /// (mean quality, raters) per column.
    pub cells: Vec<Shown<(f64, u32)>>,
}

/// Answers as the form sends them: `item_key` of the item's public id to the chosen value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub survey: String,
    pub answers: BTreeMap<String, String>,
    /// Optional comments keyed by driver key, or `GENERAL` for the free comment.
    pub comments: BTreeMap<String, String>,
}

/// The key of the free comment (not about one driver).
pub const GENERAL: &str = "general";
/// The longest comment.
pub const COMMENT_MAX: usize = 1000;

/// One comment as the comments page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    /// The driver's label, or "General".
    pub about: String,
    pub text: String,
}

/// A survey's comments for one group, when it reaches the comment threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentsView {
    pub pid: String,
    pub title: String,
    pub threshold: u32,
    pub unit: String,
    pub unit_label: String,
    pub units: Vec<UnitOption>,
    /// The driver filter ("" for all, `GENERAL`, or a driver key) and the choices.
    pub about: String,
    pub abouts: Vec<(String, String)>,
    pub search: String,
    pub hidden: Option<Hidden>,
    pub comments: Vec<CommentView>,
    /// Comments for the group before the driver filter and search.
    pub total: usize,
}

/// A score of a group: favorable share and mean on 0-100, over `n` answers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub favorable: f64,
    pub mean: f64,
    pub n: u32,
}

/// A figure that may be hidden: the value, or why it is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Shown<T> {
    Value(T),
    Hidden(Hidden),
    /// Nobody in the group answered it (or nothing to compare with).
    None,
}

impl<T: Copy> Shown<T> {
    pub fn value(&self) -> Option<T> {
        match self {
            Shown::Value(v) => Some(*v),
            _ => None,
        }
    }
}

/// One row of results: a driver or an item, for the group, the company, and the previous cycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    pub driver: Driver,
    /// The item's public id and text; empty for a driver row.
    pub pid: String,
    pub text: String,
    pub score: Shown<Score>,
    pub company: Shown<Score>,
    /// Favorable points since the previous cycle that asked the same (version of the) item.
    pub change: Shown<f64>,
    /// For items: how many answered 1..5 (or 0..10), when shown.
    pub spread: Vec<u32>,
    /// The actions planned for this group on this driver or item after the previous cycle.
    pub actions: Vec<ActionBrief>,
}

/// An action as results show it beside the change it was meant to bring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionBrief {
    pub text: String,
    pub status: ActionStatus,
    pub due_on: Day,
}

/// A survey's results for one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub pid: String,
    pub title: String,
    pub kind: SurveyKind,
    pub phase: SurveyPhase,
    pub closes_on: Day,
    pub threshold: u32,
    /// The group shown ("site:3", or "" for the company) and its name.
    pub unit: String,
    pub unit_label: String,
    /// The narrowing by role group and tenure band (everyone when empty).
    pub segment: Segment,
    /// The groups the viewer may choose.
    pub units: Vec<UnitOption>,
    /// Why the group's results are hidden, if they are.
    pub hidden: Option<Hidden>,
    pub respondents: Option<u32>,
    pub asked: Option<u32>,
    pub engagement: Shown<Score>,
    pub engagement_company: Shown<Score>,
    pub engagement_change: Shown<f64>,
    pub enps: Shown<(f64, u32)>,
    pub enps_company: Shown<(f64, u32)>,
    pub enps_change: Shown<f64>,
    pub drivers: Vec<ResultRow>,
    pub items: Vec<ResultRow>,
    /// The previous cycle compared with, if any: its title and public id.
    pub previous: Option<String>,
    pub previous_pid: Option<String>,
    /// Participation per unit under the group: label, asked, answered (units of at least k asked).
    pub participation: Vec<(String, u32, u32)>,
    pub may_download: bool,
    /// Action plans for this group on this survey.
    pub plans: usize,
}

/// The heatmap: units down, drivers (or items) across.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatmapView {
    pub pid: String,
    pub title: String,
    pub threshold: u32,
    /// What the rows are ("regions", "sites", "site:3" for one site's departments).
    pub by: String,
    pub by_options: Vec<UnitOption>,
    /// The narrowing by role group and tenure band (everyone when empty).
    pub segment: Segment,
    pub items: bool,
    pub columns: Vec<String>,
    pub company: Vec<Shown<f64>>,
    pub rows: Vec<HeatmapRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeatmapRow {
    pub key: String,
    pub label: String,
    pub respondents: Shown<u32>,
    /// Favorable % per column.
    pub cells: Vec<Shown<f64>>,
}

/// The fewest respondents in a group for driver impact to be shown.
pub const FOCUS_MIN: u32 = 30;

/// Where a driver stands: what matters most to engagement here, and how it scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FocusKind {
    /// High impact, high score: keep doing it.
    Strength,
    /// High impact, low score: where action moves engagement most.
    FocusArea,
    /// Lower impact on engagement here.
    LowerImpact,
}

impl FocusKind {
    pub fn label(self) -> &'static str {
        match self {
            FocusKind::Strength => "Strength",
            FocusKind::FocusArea => "Focus area",
            FocusKind::LowerImpact => "Lower impact",
        }
    }
}

/// One driver's impact on the engagement index and its score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FocusRow {
    pub driver: Driver,
    /// Favorable %.
    pub score: f64,
    /// Pearson's r between respondents' driver mean and their engagement mean.
    pub impact: f64,
    /// Two-sided p-value of r (Student's t with n - 2 degrees of freedom).
    pub p: f64,
    pub n: u32,
    pub kind: FocusKind,
}

/// Focus areas for one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FocusView {
    pub pid: String,
    pub title: String,
    pub threshold: u32,
    pub unit: String,
    pub unit_label: String,
    pub units: Vec<UnitOption>,
    pub hidden: Option<Hidden>,
    /// Respondents in the group, when shown.
    pub respondents: Option<u32>,
    /// Empty when there are too few respondents (see `FOCUS_MIN`) or no outcome items.
    pub rows: Vec<FocusRow>,
}

/// Every cycle's figures for one group: engagement and drivers (favorable %), and items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendsView {
    pub pid: String,
    pub title: String,
    pub threshold: u32,
    pub unit: String,
    pub unit_label: String,
    pub units: Vec<UnitOption>,
    /// The cycles, oldest first ("Engagement census, Jan 2026").
    pub cycles: Vec<String>,
    /// Engagement, then each driver the survey asks: favorable % per cycle, over the items of
    /// that driver this survey asks (the same versions), none where hidden or not asked.
    pub drivers: Vec<(String, Vec<Option<f64>>)>,
    /// Each item version this survey asks, per cycle.
    pub items: Vec<(String, Vec<Option<f64>>)>,
}

/// One action of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    pub pid: String,
    pub text: String,
    pub owner: String,
    pub due_on: Day,
    pub status: ActionStatus,
    pub done_on: Option<Day>,
    /// Not done and past its due day.
    pub overdue: bool,
}

/// An action plan: a focus for a group and what will be done about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub pid: String,
    pub driver: Driver,
    /// The focus item's text, when the plan is about one item rather than a whole driver.
    pub item: Option<String>,
    /// The group's favorable % on the focus when the plan was made, when shown.
    pub score: Option<f64>,
    pub created_by: String,
    pub created_on: Day,
    pub actions: Vec<ActionView>,
}

/// A survey's action plans for one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlansView {
    pub pid: String,
    pub title: String,
    pub unit: String,
    pub unit_label: String,
    pub units: Vec<UnitOption>,
    pub plans: Vec<PlanView>,
    /// Focus choices: ("driver:<key>" or `item_key(pid)`, label), focus areas first.
    pub focuses: Vec<(String, String)>,
    /// Who may own an action: (public id, name); the viewer's public id, chosen first.
    pub owners: Vec<(String, String)>,
    pub viewer: String,
    pub today: Day,
}

/// A new plan as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub survey: String,
    pub unit: String,
    pub focus: String,
}

/// A new action as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub plan: String,
    pub text: String,
    pub owner: String,
    pub due_on: String,
}

/// The longest action text.
pub const ACTION_MAX: usize = 300;
