//! The internal-service survey's results: what each department receives from the departments
//! that depend on it, and a department × department matrix.
//!
//! Ratings are counted with one grouped query per survey (rated department × rater department).
//! Each rated department is a tree for the shared suppression: its total (everyone who rated
//! it) over one child per rater department kept at submission, plus one for raters whose
//! department was too small to keep. Every rater rates a department at most once, so counts are
//! people and the children add up to the total: nothing under k shows, directly or by
//! subtraction. Nothing is shown across rated departments (no row totals), so no other
//! subtraction exists. Comments about a department show only when it reaches the comment
//! threshold.
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::policy::Actor;
use crate::engagement::service::results::{Viewable, viewable};
use crate::engagement::service::surveys::{self, phase};
use crate::engagement::types::{
    InternalView, MatrixRow, Reach, ReceivedRow, Shown, SurveyKind, UnitOption,
};
use crate::entities::{internal_comment, internal_rating, survey};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::{Group, Hidden, Threshold, suppress};
use crate::reporting::csv::{Cell, Table};
use crate::reporting::period::Day;
use crate::reporting::unit::Unit;

/// Ratings of one rated department by one rater group: count, sums of quality and ease, and how
/// many rated quality 4 or 5.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sums {
    pub n: u32,
    pub quality: f64,
    pub ease: f64,
    pub favorable: u32,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.n += o.n;
        self.quality += o.quality;
        self.ease += o.ease;
        self.favorable += o.favorable;
    }

    pub fn mean_quality(&self) -> f64 {
        self.quality / f64::from(self.n.max(1))
    }

    pub fn mean_ease(&self) -> f64 {
        self.ease / f64::from(self.n.max(1))
    }

    pub fn favorable_pct(&self) -> f64 {
        f64::from(self.favorable) * 100.0 / f64::from(self.n.max(1))
    }
}

/// A cell of the counting: (rated department, rater department kept or none).
pub type Cellkey = (i32, Option<i32>);

/// Which figures may show: for each rated department, its total (`(d, None)` in the result's
/// outer option) and each rater group. `None` in the map: shown.
pub fn decide(
    cells: &BTreeMap<Cellkey, Sums>,
    k: Threshold,
) -> BTreeMap<(i32, Option<Option<i32>>), Option<Hidden>> {
    let mut by_rated: BTreeMap<i32, Vec<(Option<i32>, u32)>> = BTreeMap::new();
    for ((rated, rater), s) in cells {
        by_rated.entry(*rated).or_default().push((*rater, s.n));
    }
    let mut out = BTreeMap::new();
    for (rated, raters) in by_rated {
        let total: u32 = raters.iter().map(|(_, n)| n).sum();
        let mut groups = vec![Group {
            id: None,
            parent: None,
            n: total,
        }];
        groups.extend(raters.iter().map(|(r, n)| Group {
            id: Some(*r),
            parent: Some(None),
            n: *n,
        }));
        for (id, h) in suppress(&groups, k) {
            out.insert((rated, id), h);
        }
    }
    out
}

async fn counted(
    db: &DatabaseConnection,
    survey_id: i32,
) -> Result<BTreeMap<Cellkey, Sums>, AppError> {
    type Row = (i32, Option<i32>, i64, i64, i64, i64);
    let rows: Vec<Row> = internal_rating::Entity::find()
        .select_only()
        .column(internal_rating::Column::RatedDepartmentId)
        .column(internal_rating::Column::RaterDepartmentId)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(Expr::cust("SUM(quality)"), "q")
        .column_as(Expr::cust("SUM(ease)"), "e")
        .column_as(
            Expr::cust("SUM(CASE WHEN quality >= 4 THEN 1 ELSE 0 END)"),
            "f",
        )
        .filter(internal_rating::Column::SurveyId.eq(survey_id))
        .group_by(internal_rating::Column::RatedDepartmentId)
        .group_by(internal_rating::Column::RaterDepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Ok(rows
        .into_iter()
        .map(|(rated, rater, c, q, e, f)| {
            (
                (rated, rater),
                Sums {
                    n: n(c),
                    quality: q as f64,
                    ease: e as f64,
                    favorable: n(f),
                },
            )
        })
        .collect())
}

/// An internal-service survey, or a clear refusal for any other kind.
pub async fn find_internal(db: &DatabaseConnection, pid: &str) -> Result<survey::Model, AppError> {
    let s = surveys::find(db, pid).await?;
    if s.kind != SurveyKind::Internal {
        return Err(AppError::invalid(
            "This is not an internal-service survey; its results are on its results page.",
        ));
    }
    Ok(s)
}

fn shown_or<T>(h: Option<&Option<Hidden>>, v: impl FnOnce() -> T) -> Shown<T> {
    match h {
        Some(None) => Shown::Value(v()),
        Some(Some(h)) => Shown::Hidden(*h),
        None => Shown::Hidden(Hidden::TooFew),
    }
}

/// The internal-service results the viewer may see: `site_raw` "" for every site they may see
/// (no matrix), or "site:N".
pub async fn internal(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    site_raw: &str,
    today: Day,
    (k, kc): (Threshold, Threshold),
) -> Result<InternalView, AppError> {
    let s = find_internal(db, pid).await?;
    let org = OrgIndex::load(db).await?;
    let may = viewable(db, actor, &org).await?;
    let may_department = |d: i32| {
        may.may(Unit::Department(d))
            || org
                .site_of_department(d)
                .is_some_and(|s| may.may(Unit::Site(s)))
    };
    let sites: Vec<i32> = org
        .sites
        .keys()
        .copied()
        .filter(|s| {
            org.departments
                .values()
                .any(|d| d.site_id == *s && may_department(d.id))
        })
        .collect();
    if sites.is_empty() {
        return Err(AppError::invalid(
            "You do not lead a site or department yet, so there are no survey results to show you.",
        ));
    }
    let raw = site_raw.trim();
    let site = if raw.is_empty() {
        match may {
            Viewable::All => None,
            Viewable::Units(_) => sites.first().copied(),
        }
    } else {
        match crate::engagement::types::AudienceLevel::parse_unit(raw) {
            Some((crate::engagement::types::AudienceLevel::Site, id)) => {
                if !org.sites.contains_key(&id) {
                    return Err(AppError::NotFound("That site".into()));
                }
                if !sites.contains(&id) {
                    return Err(AppError::Forbidden);
                }
                Some(id)
            }
            _ => return Err(AppError::invalid("Choose a site from the list.")),
        }
    };
    let cells = counted(db, s.id).await?;
    let decision = decide(&cells, k);
    let decision_c = decide(&cells, kc);
    let mut totals: BTreeMap<i32, Sums> = BTreeMap::new();
    for ((rated, _), sums) in &cells {
        totals.entry(*rated).or_default().add(sums);
    }
    let mut columns: Vec<i32> = org
        .departments
        .values()
        .filter(|d| site.is_none_or(|x| d.site_id == x) && may_department(d.id))
        .map(|d| d.id)
        .collect();
    columns.sort_by_key(|d| {
        let dep = &org.departments[d];
        (org.site_name(Some(dep.site_id)), dep.name.clone())
    });
    // Comments: the departments that reach the comment threshold, in random-id order.
    let commented: BTreeSet<i32> = columns
        .iter()
        .copied()
        .filter(|d| matches!(decision_c.get(&(*d, None)), Some(None)))
        .collect();
    let mut notes: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    if !commented.is_empty() {
        for c in internal_comment::Entity::find()
            .filter(internal_comment::Column::SurveyId.eq(s.id))
            .filter(internal_comment::Column::DepartmentId.is_in(commented.iter().copied()))
            .order_by_asc(internal_comment::Column::Id)
            .all(db)
            .await?
        {
            notes.entry(c.department_id).or_default().push(c.text);
        }
    }
    let received = columns
        .iter()
        .map(|d| {
            let dep = &org.departments[d];
            let t = totals.get(d).copied().unwrap_or_default();
            let h = decision.get(&(*d, None));
            ReceivedRow {
                department: dep.name.clone(),
                site: org.site_name(Some(dep.site_id)).unwrap_or_default(),
                raters: shown_or(h, || t.n),
                favorable: shown_or(h, || t.favorable_pct()),
                quality: shown_or(h, || t.mean_quality()),
                ease: shown_or(h, || t.mean_ease()),
                comments: notes.remove(d).unwrap_or_default(),
            }
        })
        .collect();
    // The matrix, for one site: rater departments kept with any rating of these columns.
    let (matrix_columns, rows, unattributed) = match site {
        None => (Vec::new(), Vec::new(), Vec::new()),
        Some(_) => {
            let raters: BTreeSet<i32> = cells
                .keys()
                .filter(|(rated, _)| columns.contains(rated))
                .filter_map(|(_, rater)| *rater)
                .collect();
            let mut raters: Vec<i32> = raters.into_iter().collect();
            raters.sort_by_key(|d| org.department_label(*d));
            let cell = |rated: i32, rater: Option<i32>| -> Shown<(f64, u32)> {
                match cells.get(&(rated, rater)) {
                    None => Shown::None,
                    Some(sums) => shown_or(decision.get(&(rated, Some(rater))), || {
                        (sums.mean_quality(), sums.n)
                    }),
                }
            };
            let rows = raters
                .iter()
                .map(|r| MatrixRow {
                    label: org.department_label(*r).unwrap_or_default(),
                    cells: columns.iter().map(|c| cell(*c, Some(*r))).collect(),
                })
                .collect();
            let unattributed = columns
                .iter()
                .map(|c| match cell(*c, None) {
                    Shown::Value((_, n)) => Shown::Value(n),
                    Shown::Hidden(h) => Shown::Hidden(h),
                    Shown::None => Shown::None,
                })
                .collect();
            let names = columns
                .iter()
                .map(|c| org.departments[c].name.clone())
                .collect();
            (names, rows, unattributed)
        }
    };
    let mut site_options = Vec::new();
    if matches!(may, Viewable::All) {
        site_options.push(UnitOption {
            key: String::new(),
            label: "Every site".into(),
            depth: 0,
        });
    }
    for id in &sites {
        site_options.push(UnitOption {
            key: format!("site:{id}"),
            label: org.site_name(Some(*id)).unwrap_or_default(),
            depth: 0,
        });
    }
    Ok(InternalView {
        pid: s.pid.clone(),
        title: s.title.clone(),
        phase: phase(&s, today),
        reach: s.reach.unwrap_or(Reach::Site),
        threshold: k.get(),
        comment_threshold: kc.get(),
        site: site.map(|x| format!("site:{x}")).unwrap_or_default(),
        sites: site_options,
        received,
        columns: matrix_columns,
        rows,
        unattributed,
        may_download: true,
    })
}

/// The internal-service results as CSV: what each department receives, then the matrix's cells,
/// hidden ones empty with the reason.
pub async fn table(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    site: &str,
    today: Day,
    thresholds: (Threshold, Threshold),
) -> Result<Table, AppError> {
    let v = internal(db, actor, pid, site, today, thresholds).await?;
    let mut t = Table::new(
        "internal-service.csv",
        &[
            "rated_department",
            "site",
            "raters_group",
            "raters",
            "quality_favorable_pct",
            "quality_mean_1_5",
            "ease_mean_1_7",
            "note",
        ],
    );
    let note = |h: Option<Hidden>| match h {
        Some(Hidden::TooFew) => Cell::from("hidden: fewer than the threshold"),
        Some(Hidden::Protects) => Cell::from("hidden: would reveal a smaller group"),
        None => Cell::Empty,
    };
    let hidden_of = |s: &Shown<u32>| match s {
        Shown::Hidden(h) => Some(*h),
        _ => None,
    };
    let num =
        |s: &Shown<f64>, places: usize| s.value().map_or(Cell::Empty, |v| Cell::Num(v, places));
    for r in &v.received {
        t.row(vec![
            r.department.clone().into(),
            r.site.clone().into(),
            "everyone who rated it".into(),
            r.raters.value().map_or(Cell::Empty, Cell::from),
            num(&r.favorable, 1),
            num(&r.quality, 2),
            num(&r.ease, 2),
            note(hidden_of(&r.raters)),
        ]);
    }
    let site_name = v
        .sites
        .iter()
        .find(|o| o.key == v.site)
        .map(|o| o.label.clone())
        .unwrap_or_default();
    for row in &v.rows {
        for (c, cell) in v.columns.iter().zip(&row.cells) {
            let (raters, quality, h) = match cell {
                Shown::Value((q, n)) => (Cell::from(*n), Cell::Num(*q, 2), None),
                Shown::Hidden(h) => (Cell::Empty, Cell::Empty, Some(*h)),
                Shown::None => continue,
            };
            t.row(vec![
                c.clone().into(),
                site_name.clone().into(),
                row.label.clone().into(),
                raters,
                Cell::Empty,
                quality,
                Cell::Empty,
                note(h),
            ]);
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sums(n: u32) -> Sums {
        Sums {
            n,
            quality: 4.0 * f64::from(n),
            ease: 5.0 * f64::from(n),
            favorable: n,
        }
    }

    #[test]
    fn a_small_rater_group_is_hidden_with_its_protector() {
        let k = Threshold::parse("5").unwrap();
        let mut cells = BTreeMap::new();
        cells.insert((1, Some(10)), sums(6));
        cells.insert((1, Some(11)), sums(2));
        let d = decide(&cells, k);
        assert_eq!(d[&(1, None)], None, "the total of 8 shows");
        assert_eq!(d[&(1, Some(Some(11)))], Some(Hidden::TooFew));
        // Showing the group of 6 would give the group of 2 away by subtraction.
        assert_eq!(d[&(1, Some(Some(10)))], Some(Hidden::Protects));
    }

    proptest! {
        /// For every rated department, the total less the shown rater groups is 0 or at least k:
        /// no hidden group can be worked out, and nothing under k shows.
        #[test]
        fn nothing_under_k_by_subtraction(
            raw in proptest::collection::vec((1..4i32, proptest::option::of(10..16i32), 1..9u32), 1..30),
            k in 3..7u32,
        ) {
            let k = Threshold::parse(&k.to_string()).unwrap();
            let mut cells: BTreeMap<Cellkey, Sums> = BTreeMap::new();
            for (rated, rater, n) in raw {
                cells.entry((rated, rater)).or_default().add(&sums(n));
            }
            let d = decide(&cells, k);
            let mut totals: BTreeMap<i32, u32> = BTreeMap::new();
            for ((rated, _), s) in &cells {
                *totals.entry(*rated).or_default() += s.n;
            }
            for (rated, total) in totals {
                let shown_children: u32 = cells
                    .iter()
                    .filter(|((r, rater), _)| *r == rated && d[&(rated, Some(*rater))].is_none())
                    .map(|(_, s)| s.n)
                    .sum();
                for ((r, rater), s) in &cells {
                    if *r == rated && d[&(rated, Some(*rater))].is_none() {
                        prop_assert!(s.n >= k.get());
                    }
                }
                if d[&(rated, None)].is_none() {
                    prop_assert!(total >= k.get());
                    let rest = total - shown_children;
                    prop_assert!(rest == 0 || rest >= k.get());
                }
            }
        }
    }
}
