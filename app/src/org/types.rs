//! Wire types for the organisation tree with active head counts and unit leaders, and the
//! organisation's settings.
use serde::{Deserialize, Serialize};

use crate::reporting::confidentiality::Threshold;

/// A person who leads, or may lead, a site or department.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leader {
    pub pid: String,
    pub name: String,
}

/// Which kind of unit a leader is set for; read once from the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    Site,
    Department,
}

impl UnitKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "site" => Some(UnitKind::Site),
            "department" => Some(UnitKind::Department),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Site => "site",
            UnitKind::Department => "department",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentView {
    pub id: i32,
    pub site_id: i32,
    pub name: String,
    pub people: u32,
    /// The department's head.
    pub head: Option<Leader>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteView {
    pub id: i32,
    pub region_id: i32,
    pub name: String,
    /// Everyone active at the site, with or without a department.
    pub people: u32,
    /// The site's general manager.
    pub manager: Option<Leader>,
    pub departments: Vec<DepartmentView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionView {
    pub id: i32,
    pub name: String,
    pub sites: Vec<SiteView>,
}

impl RegionView {
    pub fn people(&self) -> u32 {
        self.sites.iter().map(|s| s.people).sum()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgTree {
    pub regions: Vec<RegionView>,
    /// Active people with no site.
    pub without_site: u32,
    /// Who may lead a unit: active managers, by name.
    pub leaders: Vec<Leader>,
}

impl OrgTree {
    pub fn sites(&self) -> impl Iterator<Item = &SiteView> {
        self.regions.iter().flat_map(|r| r.sites.iter())
    }

    pub fn departments(&self) -> impl Iterator<Item = (&SiteView, &DepartmentView)> {
        self.sites()
            .flat_map(|s| s.departments.iter().map(move |d| (s, d)))
    }

    pub fn total_people(&self) -> u32 {
        self.regions.iter().map(RegionView::people).sum::<u32>() + self.without_site
    }
}

/// The organisation's settings as they are in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettings {
    /// An IANA time-zone name; reports count days and months in it.
    pub time_zone: String,
    /// No figure about fewer people than this is shown.
    pub threshold: Threshold,
    /// The same for free-text comments.
    pub comment_threshold: Threshold,
    /// Days a customer's contact details are kept for follow-up before they are removed.
    pub contact_days: u16,
}

/// Customer contacts are kept this many days unless an admin says otherwise.
pub const DEFAULT_CONTACT_DAYS: u16 = 90;
/// The range an admin may choose from.
pub const CONTACT_DAYS: std::ops::RangeInclusive<u16> = 7..=730;

impl Default for OrgSettings {
    fn default() -> Self {
        OrgSettings {
            time_zone: "UTC".into(),
            threshold: Threshold::DEFAULT,
            comment_threshold: Threshold::DEFAULT_COMMENTS,
            contact_days: DEFAULT_CONTACT_DAYS,
        }
    }
}

/// The settings form as typed (a field left out reads as blank, which the check names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub time_zone: String,
    pub threshold: String,
    pub comment_threshold: String,
    pub contact_days: String,
}

/// The settings page: what is in force and the time-zone names to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub settings: OrgSettings,
    pub time_zones: Vec<String>,
}
