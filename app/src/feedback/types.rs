//! Customer feedback's vocabulary: channels, sources, ratings and their scales.
use serde::{Deserialize, Serialize};

/// Where the customer was served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Channel {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "front_desk"))]
    FrontDesk,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "phone"))]
    Phone,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "chat"))]
    Chat,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "email"))]
    Email,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "restaurant"))]
    Restaurant,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "web"))]
    Web,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "other"))]
    Other,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::FrontDesk,
        Channel::Phone,
        Channel::Chat,
        Channel::Email,
        Channel::Restaurant,
        Channel::Web,
        Channel::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Channel::FrontDesk => "front_desk",
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Restaurant => "restaurant",
            Channel::Web => "web",
            Channel::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::FrontDesk => "Front desk",
            Channel::Phone => "Phone",
            Channel::Chat => "Chat",
            Channel::Email => "Email",
            Channel::Restaurant => "Restaurant",
            Channel::Web => "Web",
            Channel::Other => "Other",
        }
    }

    /// A channel by its key or label, ignoring case, spaces, hyphens and underscores
    /// ("Front desk", "front-desk", "FRONT_DESK").
    pub fn parse(raw: &str) -> Option<Channel> {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let want = norm(raw);
        Channel::ALL
            .into_iter()
            .find(|c| norm(c.key()) == want || norm(c.label()) == want)
    }
}

/// How a response came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum Source {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "import"))]
    Import,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "api"))]
    Api,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "link"))]
    Link,
}

/// A response's ratings, each on Rapport's own scale: CSAT 1-5, NPS 0-10, CES 1-7. At least one
/// is present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ratings {
    pub csat: Option<u8>,
    pub nps: Option<u8>,
    pub ces: Option<u8>,
}

impl Ratings {
    /// The ratings, or what is wrong with them.
    pub fn checked(self) -> Result<Ratings, String> {
        if self.csat.is_none() && self.nps.is_none() && self.ces.is_none() {
            return Err("Give at least one rating: CSAT, NPS or CES.".into());
        }
        if let Some(v) = self.csat
            && !(1..=5).contains(&v)
        {
            return Err(format!("CSAT is from 1 to 5, not {v}."));
        }
        if let Some(v) = self.nps
            && v > 10
        {
            return Err(format!("NPS is from 0 to 10, not {v}."));
        }
        if let Some(v) = self.ces
            && !(1..=7).contains(&v)
        {
            return Err(format!("CES is from 1 to 7, not {v}."));
        }
        Ok(self)
    }

    /// Unhappy: a detractor (NPS 0-6) or CSAT 1-2.
    pub fn unhappy(self) -> bool {
        self.nps.is_some_and(|v| v <= 6) || self.csat.is_some_and(|v| v <= 2)
    }

    /// Delighted: a promoter (NPS 9-10) or CSAT 5.
    pub fn delighted(self) -> bool {
        self.nps.is_some_and(|v| v >= 9) || self.csat == Some(5)
    }
}

/// The scale a source rates CSAT on; Rapport keeps 1-5.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsatScale {
    /// 1-5, kept as it is.
    #[default]
    #[serde(rename = "1-5")]
    OneToFive,
    /// 1-10, halved and rounded up: 9-10 is 5, 7-8 is 4, ..., 1-2 is 1.
    #[serde(rename = "1-10")]
    OneToTen,
    /// 0-100 (%), in fifths: 81-100 is 5, 61-80 is 4, ..., 0-20 is 1.
    #[serde(rename = "0-100")]
    Percent,
}

impl CsatScale {
    pub fn read(self, v: i64) -> Result<u8, String> {
        match self {
            CsatScale::OneToFive if (1..=5).contains(&v) => Ok(v as u8),
            CsatScale::OneToTen if (1..=10).contains(&v) => Ok(((v + 1) / 2) as u8),
            CsatScale::Percent if (0..=100).contains(&v) => Ok(((v.max(1) + 19) / 20) as u8),
            CsatScale::OneToFive => Err(format!("CSAT is from 1 to 5, not {v}.")),
            CsatScale::OneToTen => Err(format!(
                "CSAT on this source's scale is from 1 to 10, not {v}."
            )),
            CsatScale::Percent => Err(format!(
                "CSAT on this source's scale is from 0 to 100, not {v}."
            )),
        }
    }
}

/// The scale a source rates customer effort on; Rapport keeps 1-7.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CesScale {
    /// 1-7, kept as it is.
    #[default]
    #[serde(rename = "1-7")]
    OneToSeven,
    /// 1-5, stretched to 1-7 and rounded half up: 1, 2.5 -> 3, 4, 5.5 -> 6, 7.
    #[serde(rename = "1-5")]
    OneToFive,
}

impl CesScale {
    pub fn read(self, v: i64) -> Result<u8, String> {
        match self {
            CesScale::OneToSeven if (1..=7).contains(&v) => Ok(v as u8),
            // 1 + (v - 1) * 1.5, rounded half up, is 3v / 2 in integers.
            CesScale::OneToFive if (1..=5).contains(&v) => Ok((3 * v / 2) as u8),
            CesScale::OneToSeven => Err(format!("CES is from 1 to 7, not {v}.")),
            CesScale::OneToFive => Err(format!(
                "CES on this source's scale is from 1 to 5, not {v}."
            )),
        }
    }
}

/// A file value no unit matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ValueKind {
    Site,
    Department,
    Channel,
    Person,
}

impl ValueKind {
    pub fn label(self) -> &'static str {
        match self {
            ValueKind::Site => "Site",
            ValueKind::Department => "Department",
            ValueKind::Channel => "Channel",
            ValueKind::Person => "Person",
        }
    }
}

/// What is wrong with one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    pub message: String,
    /// The unmatched value that caused it, if one did.
    pub unmatched: Option<(ValueKind, String)>,
}

/// A file value that matched nothing, with how many rows hold it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub kind: ValueKind,
    pub value: String,
    pub rows: u64,
    pub first_line: u64,
}

/// What an import did, or in a dry run would do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Data lines read.
    pub rows: u64,
    /// Responses added (in a dry run: that would be added).
    pub added: u64,
    /// Responses already there from an earlier import of the same source (or repeated in the file).
    pub already: u64,
    /// Rows of sites the mapping skips.
    pub skipped: u64,
    /// Rows with a problem.
    pub bad: u64,
    /// Rows kept without the person they name, who matched no one.
    pub without_person: u64,
    /// The first problems, by line (all of them are counted in `bad`).
    pub problems: Vec<Problem>,
    /// Values that matched nothing, most frequent first.
    pub unmatched: Vec<Unmatched>,
    /// Whether the responses were kept: false for a dry run, and for an all-or-nothing import
    /// with problems.
    pub applied: bool,
    /// The date format read, as a pattern ("DD-MM-YYYY").
    pub date_format: String,
    pub delimiter: char,
}

/// How to apply an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum ImportMode {
    /// Count and check everything, keep nothing.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "dry_run"))]
    DryRun,
    /// Keep every row, or none if any has a problem.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "all_or_nothing"))]
    AllOrNothing,
    /// Keep the good rows; the report lists the others.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "skip_bad_rows"))]
    SkipBadRows,
}

/// Customer figures over some responses: each metric with the responses that rated it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerFigures {
    pub responses: u32,
    /// CSAT % (share of 4 and 5).
    pub csat: Option<f64>,
    pub csat_n: u32,
    /// NPS (-100..100).
    pub nps: Option<f64>,
    pub nps_n: u32,
    /// CES mean (1-7).
    pub ces: Option<f64>,
    pub ces_n: u32,
}

/// One month of a unit's trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// "Nov 2026"
    pub month: String,
    pub figures: CustomerFigures,
}

/// A unit beside others: the unit, its region, the company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareRow {
    pub label: String,
    pub figures: CustomerFigures,
}

/// One site in its region's league table, ranked by the lower bound of its CSAT % (Wilson, 95%),
/// so a handful of perfect answers does not beat hundreds of good ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeagueRow {
    pub rank: u32,
    pub site: String,
    /// The site's own key ("site:3"), to open its page.
    pub key: String,
    pub csat: f64,
    pub n: u32,
    pub low: f64,
    pub high: f64,
    /// Fewer responses than a fair comparison needs (`SMALL_SAMPLE`).
    pub small: bool,
    pub nps: Option<f64>,
}

/// A region's league.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct League {
    pub region: String,
    pub rows: Vec<LeagueRow>,
}

/// A site whose CSAT % changed beyond noise between the previous window and this one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mover {
    pub site: String,
    pub before: f64,
    pub before_n: u32,
    pub after: f64,
    pub after_n: u32,
    /// In percentage points.
    pub change: f64,
}

/// One department of a site beside the same department in the other sites of its region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentRow {
    pub department: String,
    pub key: String,
    pub figures: CustomerFigures,
    pub peers: CustomerFigures,
    /// CSAT % below its peers' beyond noise.
    pub behind: bool,
}

/// A customer's comment as a report shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub day: String,
    pub unit: String,
    pub channel: String,
    /// "CSAT 5 · NPS 10"
    pub ratings: String,
    pub served_by: Option<String>,
    pub text: String,
    pub unhappy: bool,
    /// "Recognise" for a compliment the viewer may recognise.
    pub recognise: Option<crate::feedback::followup_types::RecogniseOffer>,
}

/// Guest satisfaction for one unit: the last 90 days against the 90 before, twelve months of
/// trend, comparisons, the region's league tables and comments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerReport {
    /// The unit shown ("" is the whole organisation; "region:1", "site:3", "department:7").
    pub unit: String,
    pub unit_label: String,
    /// The units the viewer may pick, as (key, label).
    pub units: Vec<(String, String)>,
    /// "8 Sep – 6 Dec 2026"
    pub window: String,
    pub headline: CustomerFigures,
    pub previous: CustomerFigures,
    pub months: Vec<MonthFigures>,
    pub compare: Vec<CompareRow>,
    pub leagues: Vec<League>,
    pub improved: Vec<Mover>,
    pub declined: Vec<Mover>,
    pub departments: Vec<DepartmentRow>,
    pub comments: Vec<CommentView>,
    /// Who the comments are: "Latest comments at …" or "Comments that name you".
    pub comments_title: String,
    /// May download the monthly figures.
    pub can_download: bool,
    /// The last 13 weeks, oldest first ("w/c 1 Dec").
    pub weeks: Vec<MonthFigures>,
    /// The last 90 days by channel, busiest first.
    pub channels: Vec<BreakdownRow>,
    /// The last 90 days by the person who served (responses that name someone), most rated
    /// first; not for staff.
    pub people: Vec<BreakdownRow>,
    /// The values the "Recognise" forms offer (empty when no comment offers it).
    pub recognise_values: crate::feedback::followup_types::RecogniseValues,
    /// Follow-ups the viewer works on (not for staff).
    pub followups: Option<crate::feedback::followup_types::FollowUpCounts>,
}

/// One channel's or person's figures in a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub label: String,
    pub figures: CustomerFigures,
}

/// Below this many CSAT ratings a site's place in a league is marked as uncertain.
pub const SMALL_SAMPLE: u32 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_read_back_from_keys_and_labels() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.key()), Some(c));
            assert_eq!(Channel::parse(c.label()), Some(c));
        }
        assert_eq!(Channel::parse("FRONT-DESK"), Some(Channel::FrontDesk));
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn scales_map_onto_rapports() {
        let csat10: Vec<u8> = (1..=10)
            .map(|v| CsatScale::OneToTen.read(v).unwrap_or(0))
            .collect();
        assert_eq!(csat10, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        let pct: Vec<u8> = [0, 20, 21, 40, 60, 61, 80, 81, 100]
            .iter()
            .map(|v| CsatScale::Percent.read(*v).unwrap_or(0))
            .collect();
        assert_eq!(pct, [1, 1, 2, 2, 3, 4, 4, 5, 5]);
        let ces5: Vec<u8> = (1..=5)
            .map(|v| CesScale::OneToFive.read(v).unwrap_or(0))
            .collect();
        assert_eq!(ces5, [1, 3, 4, 6, 7]);
        assert!(CsatScale::OneToFive.read(6).is_err());
        assert!(CesScale::OneToSeven.read(0).is_err());
    }

    #[test]
    fn ratings_need_one_and_stay_in_range() {
        assert!(Ratings::default().checked().is_err());
        let r = Ratings {
            nps: Some(11),
            ..Ratings::default()
        };
        assert_eq!(r.checked(), Err("NPS is from 0 to 10, not 11.".into()));
        let r = Ratings {
            csat: Some(2),
            nps: Some(8),
            ces: None,
        };
        assert!(r.checked().is_ok() && r.unhappy() && !r.delighted());
    }
}

/// One ingest API token as the admin's list shows it (never its secret).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: i32,
    pub name: String,
    /// The secret's first characters.
    pub prefix: String,
    /// "Every site" or the sites' names.
    pub sites: String,
    /// When and by whom.
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
}

/// A token just created: the secret is shown this once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub name: String,
    pub secret: String,
}

/// The form that creates a token: a name, and every site or some (`sites[<id>]=on`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
    pub all_sites: Option<String>,
    pub sites: std::collections::BTreeMap<String, String>,
}

/// The feedback API page: its tokens (for admins) and the sites to scope new ones to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiPageView {
    pub can_manage: bool,
    pub tokens: Vec<ApiTokenRow>,
    pub sites: Vec<(i32, String)>,
    /// A token created by a form posted without JavaScript, shown once on the page it returns to.
    pub created: Option<NewApiToken>,
}

/// The form that creates a public feedback link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkForm {
    /// A site id.
    pub site: String,
    /// A department id of that site, or "".
    pub department: String,
    /// The email address of the person the link is for, or "".
    pub person: String,
    /// A channel key.
    pub channel: String,
    pub ask_csat: Option<String>,
    pub ask_nps: Option<String>,
    pub ask_ces: Option<String>,
}

/// A public feedback link as its list shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRow {
    pub id: i32,
    pub slug: String,
    /// "Harbour View Hotel · Restaurant · for Carla Ivanova".
    pub unit: String,
    pub channel: String,
    /// "CSAT, NPS".
    pub asks: String,
    pub answers: u64,
    pub created: String,
    pub disabled: Option<String>,
}

/// The feedback links page: the links and what a new one can be for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinksView {
    pub links: Vec<LinkRow>,
    pub sites: Vec<(i32, String)>,
    /// (id, "Site · Department").
    pub departments: Vec<(i32, String)>,
}
