//! Recognition's stored enums and wire types.
use serde::{Deserialize, Serialize};

/// Who sees a recognition: the feed of the recipients' sites, or only the giver, the
/// recipients, their managers and HR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Visibility {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "public"))]
    Public,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "private"))]
    Private,
}

impl Visibility {
    pub fn key(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Private => "private",
        }
    }

    pub fn parse(text: &str) -> Option<Visibility> {
        match text.trim() {
            "public" | "" => Some(Visibility::Public),
            "private" => Some(Visibility::Private),
            _ => None,
        }
    }
}

/// The two kinds of points a person holds: the monthly allowance they may give away, and the
/// points they have earned, which never expire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Account {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "allowance"))]
    Allowance,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "earned"))]
    Earned,
}

/// What a ledger row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum EntryKind {
    /// The month's allowance (allowance account, positive).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "grant"))]
    Grant,
    /// Points given with a recognition (giver's allowance, negative).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "gift"))]
    Gift,
    /// Points received with a recognition (recipient's earned account, positive).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "receipt"))]
    Receipt,
    /// A withdrawn recognition's points going back (giver +, recipient −).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "withdrawal"))]
    Withdrawal,
}

/// A value as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueView {
    pub pid: String,
    pub name: String,
    pub meaning: String,
    pub position: i32,
    pub archived: bool,
}

/// The form that adds or edits a value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueForm {
    pub name: String,
    pub meaning: String,
}

/// A person's points: what is left of this month's allowance and what they have earned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub month: String,
    /// The month as people say it ("December 2026").
    pub month_label: String,
    pub allowance: i32,
    pub allowance_left: i32,
    pub earned: i32,
}

/// A recognition as typed into the form (people by public id, the value by public id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThanksInput {
    pub recipients: Vec<String>,
    pub value: String,
    pub message: String,
    pub points: String,
    pub visibility: String,
    /// A random key the form carries: the same form posted twice makes one recognition.
    pub request_key: String,
}

/// One recognition as the feed shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    pub pid: String,
    pub giver: String,
    pub recipients: Vec<String>,
    pub value: String,
    pub message: String,
    pub points_each: i32,
    pub private: bool,
    /// When it was given, as the reader's organisation says it ("4 Dec 2026, 14:05").
    pub when: String,
    /// The giver may still take it back.
    pub can_withdraw: bool,
}

/// A person one may recognise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub pid: String,
    pub name: String,
    /// Site and department, to tell namesakes apart.
    pub place: String,
}

/// Everything the recognition page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionView {
    pub values: Vec<ValueView>,
    pub colleagues: Vec<Colleague>,
    pub balance: Balance,
    pub feed: Vec<FeedItem>,
    /// The id to ask for the next page with, when there is one.
    pub next: Option<i32>,
    /// A fresh key for the form (a double submit makes one recognition).
    pub request_key: String,
    pub may_manage_values: bool,
}
