//! Units of the organisation that reports are about (the company, a region, a site, a department),
//! and the tree of them that confidentiality works on.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::reporting::confidentiality::{Group, Hidden, Threshold, suppress};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Unit {
    Company,
    Region(i32),
    Site(i32),
    Department(i32),
}

impl Unit {
    /// The unit as links and forms carry it: "region:3", "site:4", "department:7"; the company
    /// is "".
    pub fn key(self) -> String {
        match self {
            Unit::Company => String::new(),
            Unit::Region(id) => format!("region:{id}"),
            Unit::Site(id) => format!("site:{id}"),
            Unit::Department(id) => format!("department:{id}"),
        }
    }

    /// Reads a key back ("" or "company" is the company); `None` when it is not one.
    pub fn parse(raw: &str) -> Option<Unit> {
        let raw = raw.trim();
        if raw.is_empty() || raw == "company" {
            return Some(Unit::Company);
        }
        let (kind, id) = raw.split_once(':')?;
        let id: i32 = id.parse().ok().filter(|n| *n > 0)?;
        match kind {
            "region" => Some(Unit::Region(id)),
            "site" => Some(Unit::Site(id)),
            "department" => Some(Unit::Department(id)),
            _ => None,
        }
    }
}

/// The levels of the tree, top first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    Company,
    Region,
    Site,
    Department,
}

/// Where a person is: each part known or not (someone at a site may have no department).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Placement {
    pub region: Option<i32>,
    pub site: Option<i32>,
    pub department: Option<i32>,
}

impl Placement {
    /// The person's unit at one level, if they have one there.
    pub fn at(&self, level: Level) -> Option<Unit> {
        match level {
            Level::Company => Some(Unit::Company),
            Level::Region => self.region.map(Unit::Region),
            Level::Site => self.site.map(Unit::Site),
            Level::Department => self.department.map(Unit::Department),
        }
    }
}

/// The groups of a report that shows figures at `levels`: distinct people per unit, each unit's
/// parent being the person's unit at the nearest level above it that the report shows too.
pub fn groups<P: Ord + Copy>(people: &[(P, Placement)], levels: &[Level]) -> Vec<Group<Unit>> {
    let mut levels = levels.to_vec();
    levels.sort();
    levels.dedup();
    let mut members: BTreeMap<Unit, BTreeSet<P>> = BTreeMap::new();
    let mut parent: BTreeMap<Unit, Option<Unit>> = BTreeMap::new();
    for (person, place) in people {
        let mut above: Option<Unit> = None;
        for level in &levels {
            if let Some(unit) = place.at(*level) {
                members.entry(unit).or_default().insert(*person);
                parent.entry(unit).or_insert(above);
                above = Some(unit);
            }
        }
    }
    members
        .into_iter()
        .map(|(unit, people)| Group {
            id: unit,
            parent: parent.get(&unit).copied().flatten(),
            n: u32::try_from(people.len()).unwrap_or(u32::MAX),
        })
        .collect()
}

/// For each unit of a report at `levels`: shown (`None`) or why not. Units nobody is in are absent.
pub fn decide<P: Ord + Copy>(
    people: &[(P, Placement)],
    levels: &[Level],
    k: Threshold,
) -> BTreeMap<Unit, Option<Hidden>> {
    suppress(&groups(people, levels), k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(site: i32, department: Option<i32>) -> Placement {
        Placement {
            region: Some(1),
            site: Some(site),
            department,
        }
    }

    #[test]
    fn keys_read_back_and_nonsense_does_not() {
        for u in [
            Unit::Company,
            Unit::Region(2),
            Unit::Site(31),
            Unit::Department(7),
        ] {
            assert_eq!(Unit::parse(&u.key()), Some(u));
        }
        assert_eq!(Unit::parse(" company "), Some(Unit::Company));
        for bad in [
            "site", "site:", "site:x", "site:0", "site:-3", "team:4", "site:1:2",
        ] {
            assert_eq!(Unit::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn people_are_counted_once_per_unit_and_linked_to_the_level_above() {
        let people = [
            (1, at(10, Some(100))),
            (1, at(10, Some(100))),
            (2, at(10, None)),
            (3, at(11, Some(110))),
        ];
        let g = groups(&people, &[Level::Site, Level::Department]);
        let find = |u| g.iter().find(|x| x.id == u).copied();
        assert_eq!(
            find(Unit::Site(10)).map(|x| (x.parent, x.n)),
            Some((None, 2))
        );
        assert_eq!(
            find(Unit::Department(100)).map(|x| (x.parent, x.n)),
            Some((Some(Unit::Site(10)), 1))
        );
        assert_eq!(find(Unit::Region(1)), None);
        let g = groups(&people, &[Level::Company, Level::Department]);
        assert_eq!(
            g.iter()
                .find(|x| x.id == Unit::Department(110))
                .map(|x| x.parent),
            Some(Some(Unit::Company))
        );
    }

    #[test]
    fn a_department_just_under_k_beside_its_site_takes_a_sibling_with_it() {
        // Site 10: 6 people in department 100, 4 in department 101.
        let mut people: Vec<(i32, Placement)> = (0..6).map(|p| (p, at(10, Some(100)))).collect();
        people.extend((6..10).map(|p| (p, at(10, Some(101)))));
        let d = decide(
            &people,
            &[Level::Site, Level::Department],
            Threshold::DEFAULT,
        );
        assert_eq!(d[&Unit::Site(10)], None);
        assert_eq!(d[&Unit::Department(101)], Some(Hidden::TooFew));
        assert_eq!(d[&Unit::Department(100)], Some(Hidden::Protects));
    }
}
