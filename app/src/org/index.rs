//! The organisation's index: every region, site and department by id, loaded once per request
//! (three small queries) and passed to whatever needs names, parents or placements. Services take
//! an `&OrgIndex` instead of loading sites again.
use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, EntityTrait};

use crate::entities::{department, region, site, user};
use crate::error::AppError;
use crate::reporting::unit::{Placement, Unit};

#[derive(Clone, Debug, Default)]
pub struct OrgIndex {
    pub regions: BTreeMap<i32, region::Model>,
    pub sites: BTreeMap<i32, site::Model>,
    pub departments: BTreeMap<i32, department::Model>,
}

impl OrgIndex {
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, AppError> {
        Ok(OrgIndex {
            regions: region::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|r| (r.id, r))
                .collect(),
            sites: site::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|s| (s.id, s))
                .collect(),
            departments: department::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|d| (d.id, d))
                .collect(),
        })
    }

    /// A 404 naming the first region, site or department in `scope` that does not exist, as
    /// from an old bookmark or an edited link.
    pub fn check(&self, scope: &crate::reporting::scope::ReportScope) -> Result<(), AppError> {
        if scope.region.is_some_and(|r| !self.regions.contains_key(&r)) {
            return Err(AppError::NotFound("That region".into()));
        }
        if scope.site.is_some_and(|s| !self.sites.contains_key(&s)) {
            return Err(AppError::NotFound("That site".into()));
        }
        if scope
            .department
            .is_some_and(|d| !self.departments.contains_key(&d))
        {
            return Err(AppError::NotFound("That department".into()));
        }
        Ok(())
    }

    pub fn region_name(&self, id: Option<i32>) -> Option<String> {
        id.and_then(|i| self.regions.get(&i))
            .map(|r| r.name.clone())
    }

    pub fn site_name(&self, id: Option<i32>) -> Option<String> {
        id.and_then(|i| self.sites.get(&i)).map(|s| s.name.clone())
    }

    pub fn department_name(&self, id: Option<i32>) -> Option<String> {
        id.and_then(|i| self.departments.get(&i))
            .map(|d| d.name.clone())
    }

    /// The region a site belongs to.
    pub fn region_of_site(&self, site: i32) -> Option<i32> {
        self.sites.get(&site).map(|s| s.region_id)
    }

    /// The site a department belongs to.
    pub fn site_of_department(&self, department: i32) -> Option<i32> {
        self.departments.get(&department).map(|d| d.site_id)
    }

    /// Where a person is now: their region follows from their site.
    pub fn placement(&self, u: &user::Model) -> Placement {
        Placement {
            region: u.site_id.and_then(|s| self.region_of_site(s)),
            site: u.site_id,
            department: u.department_id,
        }
    }

    /// "Harbour Hotel · Front desk": a department with its site, for lists that mix sites.
    pub fn department_label(&self, id: i32) -> Option<String> {
        let d = self.departments.get(&id)?;
        let site = self.sites.get(&d.site_id).map_or("", |s| s.name.as_str());
        Some(format!("{site} · {}", d.name))
    }

    /// A unit's name for headings and pickers; `company` names the whole organisation ("All
    /// sites", "Whole organisation"). Empty when the unit no longer exists.
    pub fn unit_name(&self, u: Unit, company: &str) -> String {
        match u {
            Unit::Company => company.to_string(),
            Unit::Region(id) => self.region_name(Some(id)).unwrap_or_default(),
            Unit::Site(id) => self.site_name(Some(id)).unwrap_or_default(),
            Unit::Department(id) => self.department_label(id).unwrap_or_default(),
        }
    }

    /// The unit a link or form names: a malformed key is refused with `bad` (422); one that does
    /// not exist (an old bookmark, an edited link) is a 404.
    pub fn find_unit(&self, raw: &str, bad: &str) -> Result<Unit, AppError> {
        let unit = Unit::parse(raw).ok_or_else(|| AppError::invalid(bad))?;
        let (exists, what) = match unit {
            Unit::Company => (true, ""),
            Unit::Region(id) => (self.regions.contains_key(&id), "That region"),
            Unit::Site(id) => (self.sites.contains_key(&id), "That site"),
            Unit::Department(id) => (self.departments.contains_key(&id), "That department"),
        };
        if exists {
            Ok(unit)
        } else {
            Err(AppError::NotFound(what.into()))
        }
    }
}
