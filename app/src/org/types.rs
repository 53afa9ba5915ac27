//! Wire types for the organisation tree with active head counts.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentView {
    pub id: i32,
    pub site_id: i32,
    pub name: String,
    pub people: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteView {
    pub id: i32,
    pub region_id: i32,
    pub name: String,
    /// Everyone active at the site, with or without a department.
    pub people: u32,
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
