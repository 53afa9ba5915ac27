//! Closing the loop: follow-ups of unhappy customers and recognition from compliments, their
//! statuses, root causes and what the pages show.
use serde::{Deserialize, Serialize};

use crate::training::types::Named;

/// Hours a site's manager has to resolve a follow-up.
pub const DUE_HOURS: i64 = 48;
/// A response older than this when it arrives (an export of last year's feedback) opens no
/// follow-up: the customer is long gone, and a list of hundreds already overdue helps no one.
pub const FRESH_DAYS: i64 = 7;
/// The longest note a follow-up keeps.
pub const MAX_NOTE: usize = 2000;

/// Where a follow-up is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum FollowUpStatus {
    /// Nobody has reached the customer yet.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "open"))]
    Open,
    /// Someone spoke to the customer; the fix may still be under way.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contacted"))]
    Contacted,
    /// Fixed, with its root cause.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "resolved"))]
    Resolved,
}

impl FollowUpStatus {
    pub fn label(self) -> &'static str {
        match self {
            FollowUpStatus::Open => "Open",
            FollowUpStatus::Contacted => "Contacted",
            FollowUpStatus::Resolved => "Resolved",
        }
    }
}

/// Why it went wrong, from the recovery steps and service principles the training teaches: the
/// root cause found afterwards so it does not happen again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum RootCause {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "shields"))]
    Shields,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "internal"))]
    Internal,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "listening"))]
    Listening,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "empathy"))]
    Empathy,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "promise"))]
    Promise,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "slow_fix"))]
    SlowFix,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "truth"))]
    Truth,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "transfer"))]
    Transfer,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "manner"))]
    Manner,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "facility"))]
    Facility,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "other"))]
    Other,
}

impl RootCause {
    pub const ALL: [RootCause; 11] = [
        RootCause::Shields,
        RootCause::Internal,
        RootCause::Listening,
        RootCause::Empathy,
        RootCause::Promise,
        RootCause::SlowFix,
        RootCause::Truth,
        RootCause::Transfer,
        RootCause::Manner,
        RootCause::Facility,
        RootCause::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RootCause::Shields => "shields",
            RootCause::Internal => "internal",
            RootCause::Listening => "listening",
            RootCause::Empathy => "empathy",
            RootCause::Promise => "promise",
            RootCause::SlowFix => "slow_fix",
            RootCause::Truth => "truth",
            RootCause::Transfer => "transfer",
            RootCause::Manner => "manner",
            RootCause::Facility => "facility",
            RootCause::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RootCause::Shields => "A policy or process got in the way",
            RootCause::Internal => "Another team held us up",
            RootCause::Listening => "We did not listen until the problem was clear",
            RootCause::Empathy => "We did not see it from the customer's side",
            RootCause::Promise => "A promise was not kept",
            RootCause::SlowFix => "The fix was slow",
            RootCause::Truth => "Bad news came late, with no alternative",
            RootCause::Transfer => "Passed between departments",
            RootCause::Manner => "Greeting, tone or manner",
            RootCause::Facility => "Something broke: room, product or system",
            RootCause::Other => "Something else (say in the note)",
        }
    }

    pub fn parse(raw: &str) -> Option<RootCause> {
        RootCause::ALL.into_iter().find(|c| c.key() == raw.trim())
    }
}

/// What a line of the timeline records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum EventKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "note"))]
    Note,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "contacted"))]
    Contacted,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "resolved"))]
    Resolved,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "assigned"))]
    Assigned,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Note => "Note",
            EventKind::Contacted => "Contacted the customer",
            EventKind::Resolved => "Resolved",
            EventKind::Assigned => "Training assigned",
        }
    }
}

/// Which follow-ups a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpFilter {
    /// Open and contacted, due first.
    #[default]
    Unresolved,
    /// Unresolved past their due time.
    Overdue,
    /// Resolved, newest first.
    Resolved,
}

impl FollowUpFilter {
    pub const ALL: [FollowUpFilter; 3] = [
        FollowUpFilter::Unresolved,
        FollowUpFilter::Overdue,
        FollowUpFilter::Resolved,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FollowUpFilter::Unresolved => "unresolved",
            FollowUpFilter::Overdue => "overdue",
            FollowUpFilter::Resolved => "resolved",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FollowUpFilter::Unresolved => "To do",
            FollowUpFilter::Overdue => "Overdue",
            FollowUpFilter::Resolved => "Resolved",
        }
    }

    /// A filter from the address; anything else is the default.
    pub fn parse(raw: &str) -> FollowUpFilter {
        FollowUpFilter::ALL
            .into_iter()
            .find(|f| f.key() == raw)
            .unwrap_or_default()
    }
}

/// Open and overdue follow-ups the viewer is responsible for (home pages).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpCounts {
    pub unresolved: u32,
    pub overdue: u32,
}

/// One follow-up in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub pid: String,
    pub status: FollowUpStatus,
    /// "Front desk, Harbour Hotel"
    pub unit: String,
    /// "5 Dec 2026, 14:05"
    pub received: String,
    /// "Due 7 Dec, 14:05", "Overdue by 3 hours", "Resolved 6 Dec"
    pub due: String,
    pub overdue: bool,
    /// "NPS 2 · CSAT 1"
    pub ratings: String,
    /// The start of the customer's comment.
    pub excerpt: String,
    pub served_by: Option<String>,
}

/// Overdue follow-ups per site (HR's overview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteOverdue {
    pub site: String,
    pub unresolved: u32,
    pub overdue: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpList {
    pub filter: FollowUpFilter,
    pub rows: Vec<FollowUpRow>,
    /// More matched than are listed.
    pub more: bool,
    pub counts: FollowUpCounts,
    /// For HR and admins: every site with something unresolved.
    pub sites: Vec<SiteOverdue>,
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: EventKind,
    pub author: String,
    pub when: String,
    pub body: String,
}

/// A follow-up with everything its page offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDetail {
    pub pid: String,
    pub status: Option<FollowUpStatus>,
    pub unit: String,
    pub channel: String,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub ratings: String,
    pub comment: Option<String>,
    /// Gone once the retention period has passed.
    pub contact: Option<String>,
    /// The person who served the customer (name), and whether training may be assigned to them.
    pub served_by: Option<String>,
    pub root_cause: Option<RootCause>,
    pub events: Vec<EventView>,
    /// Modules that may be assigned to the person who served (empty when none or not allowed).
    pub modules: Vec<Named>,
    /// The due date the assign form suggests (YYYY-MM-DD).
    pub default_due: String,
}

/// What "Recognise" offers on a compliment: the person, the customer's words and the value
/// preselected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecogniseOffer {
    /// The response recognised.
    pub response: String,
    pub person_pid: String,
    pub person: String,
    /// The message the form starts with: the customer's words, quoted.
    pub message: String,
    /// The form's key: posted twice, it makes one recognition.
    pub request_key: String,
}

/// The values the "Recognise" forms offer, and the one preselected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecogniseValues {
    pub values: Vec<Named>,
    pub preselected: String,
}
