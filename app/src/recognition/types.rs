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
    /// A hidden recognition's points going back (giver +, recipient − as far as they still hold them).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "reversal"))]
    Reversal,
    /// Points spent on a reward (earned account, negative).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "redemption"))]
    Redemption,
    /// A declined redemption's points coming back (earned account, positive).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "refund"))]
    Refund,
}

/// Peer thanks (points from the giver's allowance) or a manager's award (points from a site's
/// budget, at a level).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum RecognitionKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "thanks"))]
    Thanks,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "award"))]
    Award,
}

/// Where a recognition stands: live (shown, points landed), waiting for HR's approval (its
/// budget reserved), or declined by HR (budget returned).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum RecognitionStatus {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "live"))]
    Live,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "declined"))]
    Declined,
}

/// What a budget ledger row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum BudgetKind {
    /// HR raising (+) or lowering (−) a site's budget for the quarter.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "allocation"))]
    Allocation,
    /// An award's points leaving the budget (reserved while it waits for approval).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "award"))]
    Award,
    /// Points coming back: a declined, withdrawn or hidden award.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "return"))]
    Return,
}

/// Where a redemption stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum RedemptionStatus {
    /// Redeemed; waiting for HR to hand it over.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pending"))]
    Pending,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "fulfilled"))]
    Fulfilled,
    /// HR could not fulfil it; its points were refunded.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "declined"))]
    Declined,
}

impl RedemptionStatus {
    pub fn label(self) -> &'static str {
        match self {
            RedemptionStatus::Pending => "Waiting for HR",
            RedemptionStatus::Fulfilled => "Fulfilled",
            RedemptionStatus::Declined => "Declined, points refunded",
        }
    }
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
    /// A department's id: everyone in it at that moment (but the giver) is recognised too.
    pub department: String,
    /// A customer's compliment this recognises ("Recognise" on the guest page), at most once.
    pub feedback: String,
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
    /// The reader may hide it (HR and admins).
    pub can_hide: bool,
    /// An award's level ("Great job").
    pub award: Option<String>,
    /// How many people applauded it, whether the reader did, and whether they may (not on
    /// recognition they gave or received).
    pub applause: u32,
    pub applauded: bool,
    pub can_applaud: bool,
    /// Comments, oldest first (deleted and hidden ones left out).
    pub comments: Vec<CommentView>,
}

/// A comment on a recognition as the feed shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub pid: String,
    pub author: String,
    pub body: String,
    pub when: String,
    /// Its author may delete it; HR and admins may hide it with a reason.
    pub can_delete: bool,
    pub can_hide: bool,
}

/// A comment as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommentInput {
    pub recognition: String,
    pub body: String,
    /// The form's one-time key: the same comment posted twice is kept once.
    pub request_key: String,
}

/// The feed's filter as sent (empty: everything the reader may see).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedQuery {
    pub region: String,
    pub site: String,
    pub department: String,
    /// A value's public id.
    pub value: String,
}

impl FeedQuery {
    pub fn is_empty(&self) -> bool {
        self.region.is_empty()
            && self.site.is_empty()
            && self.department.is_empty()
            && self.value.is_empty()
    }

    /// The query string that reads back as this filter (with `&` between, none leading).
    pub fn query_string(&self) -> String {
        let enc = crate::ui::text::url_encode;
        format!(
            "region={}&site={}&department={}&value={}",
            enc(&self.region),
            enc(&self.site),
            enc(&self.department),
            enc(&self.value)
        )
    }
}

/// What the feed's filter offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedFilters {
    pub regions: Vec<crate::training::types::Named>,
    pub sites: Vec<crate::training::types::Named>,
    pub departments: Vec<crate::training::types::Named>,
    pub values: Vec<crate::training::types::Named>,
    /// The reader's own site, for a one-click "my site" filter.
    pub my_site: Option<crate::training::types::Named>,
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
    pub may_manage_awards: bool,
    /// Managers, HR and admins: the recognition report.
    pub may_view_report: bool,
    /// Present for those who may give awards.
    pub award: Option<AwardChoices>,
    pub filters: FeedFilters,
    /// Achievement award winners announced lately (first page only).
    pub announcements: Vec<crate::recognition::programme::Announcement>,
}

/// A reward in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardView {
    pub pid: String,
    pub title: String,
    pub description: String,
    pub cost: i32,
    /// How many are left; `None` is no limit.
    pub stock: Option<i32>,
    pub active: bool,
}

/// The form that adds or edits a reward (numbers as typed; parsed by the service).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RewardForm {
    pub title: String,
    pub description: String,
    pub cost: String,
    /// Empty for no limit.
    pub stock: String,
}

/// A redemption as its redeemer or HR sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedemptionView {
    pub pid: String,
    pub reward: String,
    /// Who redeemed it (shown to HR).
    pub person: String,
    pub cost: i32,
    pub status: RedemptionStatus,
    pub note: Option<String>,
    /// When it was redeemed ("4 Dec 2026").
    pub when: String,
}

/// One row of a person's points history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub when: String,
    /// What happened, in words ("From Ben Silva: Own the fix").
    pub what: String,
    /// True for the monthly allowance, false for earned points.
    pub allowance: bool,
    pub amount: i32,
}

/// The rewards page: what the caller holds, what they can redeem, their redemptions and history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardsView {
    pub balance: Balance,
    pub catalogue: Vec<RewardView>,
    pub mine: Vec<RedemptionView>,
    pub history: Vec<HistoryRow>,
    /// The ledger row id to ask for older history with, when there is more.
    pub older: Option<i32>,
    pub request_key: String,
    pub may_manage: bool,
}

/// HR's rewards page: the whole catalogue and the redemptions waiting and done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardsAdminView {
    pub items: Vec<RewardView>,
    pub pending: Vec<RedemptionView>,
    pub recent: Vec<RedemptionView>,
}

/// How often a person received and gave recognition for one value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    pub value: String,
    pub received: u32,
    pub given: u32,
}

/// What a home page shows of recognition: the newest for the viewer and their points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeRecognition {
    /// The newest recognition the viewer received (or, if none yet, the newest they may see).
    pub latest: Option<FeedItem>,
    /// Whether `latest` was given to the viewer.
    pub latest_is_mine: bool,
    pub balance: Balance,
}

/// One role's monthly allowance, as the settings form shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAllowance {
    pub role: crate::auth::types::Role,
    pub amount: i32,
}

/// What points are worth, for budgeting: `points_per_unit` points make one unit of `currency`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyRule {
    pub points_per_unit: i32,
    /// An ISO 4217 code, such as EUR.
    pub currency: String,
}

impl Default for MoneyRule {
    fn default() -> Self {
        MoneyRule {
            points_per_unit: 10,
            currency: "EUR".into(),
        }
    }
}

impl MoneyRule {
    /// "EUR 1,234.50": points in money, to the cent, with thousands grouped.
    pub fn format(&self, points: i64) -> String {
        let per = i64::from(self.points_per_unit.max(1));
        // Cents, rounded half away from zero.
        let cents = (points * 100 * 2 + per * points.signum()) / (per * 2);
        let (sign, cents) = if cents < 0 {
            ("−", -cents)
        } else {
            ("", cents)
        };
        let whole = (cents / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{} {grouped}.{:02}", self.currency, cents % 100)
    }
}

/// The points settings admins keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointSettings {
    pub allowances: Vec<RoleAllowance>,
    pub cap: i32,
    pub money: MoneyRule,
}

/// The points settings form, numbers as typed (one allowance per role, by the role's key).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PointSettingsForm {
    pub staff: String,
    pub manager: String,
    pub hr: String,
    pub admin: String,
    pub cap: String,
    pub points_per_unit: String,
    pub currency: String,
}

/// An award level as pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelView {
    pub id: i32,
    pub name: String,
    pub points: i32,
    pub archived: bool,
}

/// A manager's award as typed: a recognition (points are the level's) and the level's id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AwardInput {
    pub recognition: ThanksInput,
    pub level: String,
}

/// One site's award budget for a quarter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRow {
    pub site_id: i32,
    pub site: String,
    pub region: String,
    pub allocated: i32,
    /// Awarded and landed.
    pub spent: i32,
    /// Set aside for awards waiting for approval.
    pub waiting: i32,
    pub left: i32,
}

/// An award as HR's approval list or its giver sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardView {
    pub pid: String,
    pub giver: String,
    pub recipients: Vec<String>,
    pub level: String,
    pub value: String,
    pub message: String,
    pub points_each: i32,
    pub total: i32,
    pub site: String,
    pub status: RecognitionStatus,
    /// Why HR declined it.
    pub note: Option<String>,
    pub when: String,
}

/// What the recognition page needs to give an award (managers and HR).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardChoices {
    pub levels: Vec<LevelView>,
    /// The people the giver may award (a manager's scope; everyone for HR).
    pub people: Vec<Colleague>,
    /// This quarter's budgets of the sites those people are in.
    pub budgets: Vec<BudgetRow>,
    pub quarter_label: String,
    /// Awards above this many points in total wait for HR.
    pub threshold: i32,
    pub request_key: String,
    /// The giver's awards waiting or declined lately.
    pub mine: Vec<AwardView>,
}

/// HR's awards page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardsAdminView {
    pub waiting: Vec<AwardView>,
    pub budgets: Vec<BudgetRow>,
    pub quarter: String,
    pub quarter_label: String,
    pub levels: Vec<LevelView>,
    pub threshold: i32,
    pub money: MoneyRule,
    /// Points given as peer thanks in the quarter (from monthly allowances, not budgets).
    pub peer_points: i64,
}

/// The equity report as its page shows it (`recognition::equity` computes it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EquityReport {
    /// Today, as the organisation writes it.
    pub as_of: String,
    /// HR and admins see everyone; a manager, their own people.
    pub whole_organisation: bool,
    /// The unit chosen ("" for all).
    pub unit: String,
    pub regions: Vec<crate::training::types::Named>,
    pub sites: Vec<crate::training::types::Named>,
    pub departments: Vec<crate::training::types::Named>,
    pub equity: crate::recognition::equity::Equity,
}

/// The unit an equity report or recognition figures are asked for (empty: all), as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitQuery {
    pub region: String,
    pub site: String,
    pub department: String,
}

impl UnitQuery {
    /// The unit, each bad value named.
    pub fn parse(&self) -> Result<crate::reporting::scope::ReportScope, crate::error::AppError> {
        crate::reporting::scope::ReportScope::parse(crate::reporting::scope::ScopeText {
            region: &self.region,
            site: &self.site,
            department: &self.department,
            ..Default::default()
        })
        .map_err(crate::error::AppError::Invalid)
    }

    pub fn query_string(&self) -> String {
        let enc = crate::ui::text::url_encode;
        format!(
            "region={}&site={}&department={}",
            enc(&self.region),
            enc(&self.site),
            enc(&self.department)
        )
    }
}

/// One month of a unit's recognition (`None`: hidden by the confidentiality rules).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    pub month: String,
    pub people: Option<u32>,
    pub recognitions: Option<f64>,
    /// Share of people recognised (0-100).
    pub recognised: Option<f64>,
    pub points: Option<f64>,
    pub given: Option<f64>,
}

/// A unit's recognition month by month, its parts side by side, and its values mix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecognitionTrend {
    /// "All sites", a region, a site or "Site · Department".
    pub unit: String,
    pub months: Vec<String>,
    pub rows: Vec<TrendRow>,
    /// "Regions", "Sites" or "Departments" (empty for a department).
    pub parts_label: String,
    /// Each part's share of people recognised per month.
    pub parts: Vec<(String, Vec<Option<f64>>)>,
    /// Recognitions per value over the months shown (hidden months left out).
    pub values: Vec<(String, Option<f64>)>,
    /// The period key the figures download for.
    pub period: String,
}

/// The recognition report page: equity for everyone who may see it, the monthly trend for HR.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecognitionReport {
    pub equity: EquityReport,
    pub trend: Option<RecognitionTrend>,
}

#[cfg(test)]
mod money_tests {
    use super::MoneyRule;

    #[test]
    fn points_read_as_money() {
        let m = MoneyRule::default();
        assert_eq!(m.format(0), "EUR 0.00");
        assert_eq!(m.format(25), "EUR 2.50");
        assert_eq!(m.format(1_234_567), "EUR 123,456.70");
        assert_eq!(m.format(-15), "−EUR 1.50");
        let thirds = MoneyRule {
            points_per_unit: 3,
            currency: "GBP".into(),
        };
        assert_eq!(thirds.format(1), "GBP 0.33");
        assert_eq!(thirds.format(2), "GBP 0.67");
        assert_eq!(thirds.format(3000), "GBP 1,000.00");
    }
}
