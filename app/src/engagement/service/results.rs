//! Results: a survey's answers counted per unit (two grouped queries, optionally narrowed), which units may be shown
//! (the shared suppression, over respondents), and the views and CSVs built from them. Every
//! figure goes through `Loaded::shown`, so nothing under the threshold leaves this module.
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::auth::policy::Actor;
use crate::auth::types::Role;
use crate::engagement::rules::{AnswerCount, Counts, RespondentCount, Tally, units_of};
use crate::engagement::service::answering::{last_answered, questions};
use crate::engagement::service::surveys::{self, phase};
use crate::engagement::types::{
    CommentView, CommentsView, Driver, GENERAL, HeatmapRow, HeatmapView, ResultRow, ResultsView,
    RoleGroup, Scale, Score, Segment, Shown, SurveyPhase, TenureBand, UnitOption,
};
use crate::entities::{survey, survey_answer, survey_comment, survey_item, survey_response, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::{Hidden, Overlay, Threshold, suppress_overlays};
use crate::reporting::csv::{Cell, Table};
use crate::reporting::period::Day;
use crate::reporting::unit::Unit;

/// A survey with its answers counted and the decision on every unit.
pub struct Loaded {
    pub survey: survey::Model,
    pub items: Vec<survey_item::Model>,
    pub counts: Counts,
    pub decision: BTreeMap<Unit, Option<Hidden>>,
}

/// A survey's respondents per (site, department), answers per (site, department, item, value)
/// and respondents per (site, department, role group, tenure band).
pub struct Grouped {
    respondents: Vec<RespondentCount>,
    answers: Vec<AnswerCount>,
    cells: Vec<Cell4>,
}

type Cell4 = (
    Option<i32>,
    Option<i32>,
    Option<RoleGroup>,
    Option<TenureBand>,
    u32,
);

/// Grouped counts of surveys closed for good (closing day two days back, so in every time
/// zone), by public id and narrowing: their answers never change again, so each instance counts
/// them once.
type Cache = BTreeMap<(String, Segment), std::sync::Arc<Grouped>>;
static CLOSED: std::sync::LazyLock<std::sync::Mutex<Cache>> =
    std::sync::LazyLock::new(Default::default);
const CLOSED_CACHED: usize = 64;

/// Grouped counts of open surveys, kept for `OPEN_FRESH` from when counting began and dropped
/// as soon as this instance takes an answer to the survey (`answering::last_answered`): while a
/// survey is open, many managers read results between answers, and each reading need not count
/// the same answers again.
type Fresh = BTreeMap<(String, Segment), (std::time::Instant, std::sync::Arc<Grouped>)>;
static OPEN: std::sync::LazyLock<std::sync::Mutex<Fresh>> =
    std::sync::LazyLock::new(Default::default);
const OPEN_FRESH: std::time::Duration = std::time::Duration::from_secs(5);
const OPEN_CACHED: usize = 64;

/// Whether counts begun at `began` still hold: younger than `OPEN_FRESH` and begun after the
/// last answer this instance took.
fn still_fresh(pid: &str, began: std::time::Instant) -> bool {
    began.elapsed() < OPEN_FRESH && last_answered(pid).is_none_or(|t| t < began)
}

fn count(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// A survey's counts (two grouped queries: responses by cell, answers by unit and value), or the cache for a closed survey or, for seconds, an open one; narrowed, the
/// respondents and answers count only responses inside the narrowing.
async fn counted<C: ConnectionTrait>(
    db: &C,
    survey: &survey::Model,
    segment: Segment,
) -> Result<std::sync::Arc<Grouped>, AppError> {
    let settled = survey.closes_on < chrono::Utc::now().date_naive() - chrono::Duration::days(1);
    let key = (survey.pid.clone(), segment);
    if settled
        && let Ok(cache) = CLOSED.lock()
        && let Some(hit) = cache.get(&key)
    {
        return Ok(hit.clone());
    }
    if !settled
        && let Ok(cache) = OPEN.lock()
        && let Some((began, hit)) = cache.get(&key)
        && still_fresh(&survey.pid, *began)
    {
        return Ok(hit.clone());
    }
    let began = std::time::Instant::now();
    type CellRow = (
        Option<i32>,
        Option<i32>,
        Option<RoleGroup>,
        Option<TenureBand>,
        i64,
    );
    let cells: Vec<CellRow> = survey_response::Entity::find()
        .select_only()
        .column(survey_response::Column::SiteId)
        .column(survey_response::Column::DepartmentId)
        .column(survey_response::Column::RoleGroup)
        .column(survey_response::Column::TenureBand)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(survey_response::Column::SurveyId.eq(survey.id))
        .group_by(survey_response::Column::SiteId)
        .group_by(survey_response::Column::DepartmentId)
        .group_by(survey_response::Column::RoleGroup)
        .group_by(survey_response::Column::TenureBand)
        .into_tuple()
        .all(db)
        .await?;
    let cells: Vec<Cell4> = cells
        .into_iter()
        .map(|(s, d, r, t, n)| (s, d, r, t, count(n)))
        .collect();
    let mut respondents: BTreeMap<(Option<i32>, Option<i32>), u32> = BTreeMap::new();
    for (s, d, r, t, n) in &cells {
        if segment.holds(*r, *t) {
            *respondents.entry((*s, *d)).or_default() += n;
        }
    }
    type Row = (Option<i32>, Option<i32>, i32, i32, i64);
    let mut answers = survey_answer::Entity::find()
        .select_only()
        .column(survey_answer::Column::SiteId)
        .column(survey_answer::Column::DepartmentId)
        .column(survey_answer::Column::ItemId)
        .column(survey_answer::Column::Value)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(survey_answer::Column::SurveyId.eq(survey.id));
    if let Some(r) = segment.role {
        answers = answers.filter(survey_answer::Column::RoleGroup.eq(r));
    }
    if let Some(t) = segment.tenure {
        answers = answers.filter(survey_answer::Column::TenureBand.eq(t));
    }
    let answers: Vec<Row> = answers
        .group_by(survey_answer::Column::SiteId)
        .group_by(survey_answer::Column::DepartmentId)
        .group_by(survey_answer::Column::ItemId)
        .group_by(survey_answer::Column::Value)
        .into_tuple()
        .all(db)
        .await?;
    let grouped = std::sync::Arc::new(Grouped {
        respondents: respondents
            .into_iter()
            .map(|((s, d), n)| (s, d, n))
            .collect(),
        answers: answers
            .into_iter()
            .map(|(s, d, i, v, c)| (s, d, i, v, count(c)))
            .collect(),
        cells,
    });
    if settled && let Ok(mut cache) = CLOSED.lock() {
        if cache.len() >= CLOSED_CACHED {
            cache.clear();
        }
        cache.insert(key, grouped.clone());
    } else if !settled
        && still_fresh(&survey.pid, began)
        && let Ok(mut cache) = OPEN.lock()
    {
        if cache.len() >= OPEN_CACHED {
            cache.retain(|(pid, _), (t, _)| still_fresh(pid, *t));
            if cache.len() >= OPEN_CACHED {
                cache.clear();
            }
        }
        cache.insert(key, (began, grouped.clone()));
    }
    Ok(grouped)
}

/// The decision on every unit narrowed to `segment`: each unit under each narrowing is an
/// overlay on the tree of units (decided alone first), and the shared overlay suppression keeps
/// every combination a viewer can put together (a unit with and without a narrowing, two
/// narrowings, a narrowed unit and its narrowed parent) free of groups under k.
fn decide_segment(
    cells: &[Cell4],
    tree: &Counts,
    tree_decision: &BTreeMap<Unit, Option<Hidden>>,
    region_of: &BTreeMap<i32, i32>,
    segment: Segment,
    k: Threshold,
) -> BTreeMap<Unit, Option<Hidden>> {
    let n: Vec<u32> = cells.iter().map(|c| c.4).collect();
    let units_of_cell: Vec<Vec<Unit>> = cells
        .iter()
        .map(|(s, d, ..)| {
            units_of(*s, *d, region_of)
                .into_iter()
                .map(|(u, _)| u)
                .collect()
        })
        .collect();
    let inside = |u: Unit| -> Vec<usize> {
        (0..cells.len())
            .filter(|c| units_of_cell[*c].contains(&u))
            .collect()
    };
    let shown_tree: Vec<Vec<usize>> = tree_decision
        .iter()
        .filter(|(_, h)| h.is_none())
        .map(|(u, _)| inside(*u))
        .collect();
    let mut overlays = Vec::new();
    for u in tree.respondents.keys() {
        let cells_in = inside(*u);
        for seg in Segment::all() {
            overlays.push(Overlay {
                id: (*u, seg),
                cells: cells_in
                    .iter()
                    .copied()
                    .filter(|c| seg.holds(cells[*c].2, cells[*c].3))
                    .collect(),
                // Both narrowings at once go first.
                rank: u32::from(seg.role.is_none() || seg.tenure.is_none()),
            });
        }
    }
    suppress_overlays(&n, &shown_tree, &overlays, k)
        .into_iter()
        .filter(|((_, seg), _)| *seg == segment)
        .map(|((u, _), h)| (u, h))
        .collect()
}

impl Loaded {
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        survey: survey::Model,
        org: &OrgIndex,
        k: Threshold,
    ) -> Result<Loaded, AppError> {
        Self::load_segment(db, survey, org, k, Segment::default()).await
    }

    /// The survey's answers narrowed to a role group and tenure band (everyone when empty).
    pub async fn load_segment<C: ConnectionTrait>(
        db: &C,
        survey: survey::Model,
        org: &OrgIndex,
        k: Threshold,
        segment: Segment,
    ) -> Result<Loaded, AppError> {
        let region_of: BTreeMap<i32, i32> =
            org.sites.values().map(|s| (s.id, s.region_id)).collect();
        let grouped = counted(db, &survey, segment).await?;
        let counts = Counts::build(&grouped.respondents, &grouped.answers, &region_of);
        let decision = if segment.is_everyone() {
            counts.decide(k)
        } else {
            // The tree of units over everyone, from the cells (every response, whatever the
            // narrowing).
            let everyone: Vec<RespondentCount> = grouped
                .cells
                .iter()
                .map(|(s, d, _, _, n)| (*s, *d, *n))
                .collect();
            let tree = Counts::build(&everyone, &[], &region_of);
            let tree_decision = tree.decide(k);
            decide_segment(
                &grouped.cells,
                &tree,
                &tree_decision,
                &region_of,
                segment,
                k,
            )
        };
        let items = questions(db, survey.id).await?;
        Ok(Loaded {
            survey,
            items,
            counts,
            decision,
        })
    }

    /// `Ok` when the unit's figures may be shown; why not otherwise (nobody there: too few).
    pub fn shown(&self, unit: Unit) -> Result<u32, Hidden> {
        // (A unit nobody answered in is absent from the decision: too few.)
        match self.decision.get(&unit) {
            Some(None) => Ok(self.counts.respondents.get(&unit).copied().unwrap_or(0)),
            Some(Some(h)) => Err(*h),
            None => Err(Hidden::TooFew),
        }
    }

    pub fn ids(&self, pick: impl Fn(&survey_item::Model) -> bool) -> Vec<i32> {
        self.items
            .iter()
            .filter(|i| pick(i))
            .map(|i| i.id)
            .collect()
    }

    /// The pooled agreement score of some items for a unit, if shown.
    pub fn score(&self, unit: Unit, items: &[i32]) -> Shown<Score> {
        match self.shown(unit) {
            Err(h) => Shown::Hidden(h),
            Ok(_) => self
                .counts
                .pooled(unit, items)
                .agreement()
                .map_or(Shown::None, Shown::Value),
        }
    }

    pub fn nps(&self, unit: Unit, items: &[i32]) -> Shown<(f64, u32)> {
        match self.shown(unit) {
            Err(h) => Shown::Hidden(h),
            Ok(_) => {
                let t = self.counts.pooled(unit, items);
                t.nps().map_or(Shown::None, |v| Shown::Value((v, t.n())))
            }
        }
    }

    fn tally(&self, unit: Unit, item: i32) -> Option<Tally> {
        self.shown(unit).ok().map(|_| self.counts.tally(unit, item))
    }
}

/// The units a viewer may see results for: everything for HR and admins; for a manager, their
/// team as far as units can say it: every unit whose people all report to them, directly or
/// further down (a regional manager's region, a department head's department), together with
/// the sites they manage (with their departments) and the departments they head. Answers carry
/// units, never a manager, so a team that only fills part of a unit has no figure of its own.
pub enum Viewable {
    All,
    Units(BTreeSet<Unit>),
}

impl Viewable {
    pub fn may(&self, unit: Unit) -> bool {
        match self {
            Viewable::All => true,
            Viewable::Units(u) => u.contains(&unit),
        }
    }
}

pub async fn viewable<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    org: &OrgIndex,
) -> Result<Viewable, AppError> {
    match actor.role {
        Role::Hr | Role::Admin => Ok(Viewable::All),
        Role::Staff => Err(AppError::Forbidden),
        Role::Manager => {
            let scope = crate::org::scope::scope(db, actor.id).await?;
            let mut units = BTreeSet::new();
            for s in &scope.sites {
                units.insert(Unit::Site(*s));
                for d in org.departments.values().filter(|d| d.site_id == *s) {
                    units.insert(Unit::Department(d.id));
                }
            }
            for d in &scope.departments {
                units.insert(Unit::Department(*d));
            }
            let region_of: BTreeMap<i32, i32> =
                org.sites.values().map(|s| (s.id, s.region_id)).collect();
            let people: Vec<(i32, Option<i32>, Option<i32>)> = user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .column(user::Column::SiteId)
                .column(user::Column::DepartmentId)
                .filter(user::Column::Active.eq(true))
                .into_tuple()
                .all(db)
                .await?;
            let mut all_theirs: BTreeMap<Unit, bool> = BTreeMap::new();
            let mut reports: BTreeSet<Unit> = BTreeSet::new();
            for (id, site, dept) in people {
                let report = scope.people.contains(&id);
                for (u, _) in units_of(site, site.and(dept), &region_of) {
                    *all_theirs.entry(u).or_insert(true) &= report || id == actor.id;
                    if report {
                        reports.insert(u);
                    }
                }
            }
            units.extend(
                all_theirs
                    .into_iter()
                    .filter(|(u, theirs)| *theirs && reports.contains(u))
                    .map(|(u, _)| u),
            );
            Ok(Viewable::Units(units))
        }
    }
}

/// What the whole organisation is called in survey pickers and headings.
pub const WHOLE: &str = "Whole organisation";

/// Reads a unit key as a link sends it ("" is the whole organisation).
pub fn parse_unit(raw: &str, org: &OrgIndex) -> Result<Unit, AppError> {
    org.find_unit(raw, "Choose a group from the list.")
}

/// The viewer's choices of group, in tree order.
fn choices(org: &OrgIndex, may: &Viewable) -> Vec<UnitOption> {
    let mut out = Vec::new();
    if may.may(Unit::Company) {
        out.push(UnitOption {
            key: String::new(),
            label: WHOLE.into(),
            depth: 0,
        });
    }
    for o in surveys::unit_options(org) {
        let depth = o.depth + 1;
        if let Some(unit) = Unit::parse(&o.key)
            && may.may(unit)
        {
            out.push(UnitOption { depth, ..o });
        }
    }
    out
}

/// The group a viewer asked for (empty: the whole organisation, or a manager's first unit), the
/// units they may see and the choices to offer; refused when the group is not theirs.
pub async fn pick_unit<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    org: &OrgIndex,
    raw: &str,
) -> Result<(Viewable, Unit, Vec<UnitOption>), AppError> {
    let may = viewable(db, actor, org).await?;
    let options = choices(org, &may);
    let unit = if raw.trim().is_empty() && !may.may(Unit::Company) {
        match options.first() {
            Some(o) => parse_unit(&o.key, org)?,
            None => {
                return Err(AppError::invalid(
                    "You do not lead a site or department yet, so there are no survey results to show you.",
                ));
            }
        }
    } else {
        parse_unit(raw, org)?
    };
    if !may.may(unit) {
        return Err(AppError::Forbidden);
    }
    Ok((may, unit, options))
}

/// The closed survey before this one that asked at least one of the same item versions.
async fn previous<C: ConnectionTrait>(
    db: &C,
    s: &survey::Model,
    items: &[survey_item::Model],
    today: Day,
) -> Result<Option<survey::Model>, AppError> {
    let mine: BTreeSet<i32> = items.iter().map(|i| i.id).collect();
    let earlier = survey::Entity::find()
        .filter(survey::Column::OpensOn.lt(s.opens_on))
        .order_by_desc(survey::Column::OpensOn)
        .all(db)
        .await?;
    for p in earlier {
        if phase(&p, today) != SurveyPhase::Closed {
            continue;
        }
        let theirs = questions(db, p.id).await?;
        if theirs.iter().any(|i| mine.contains(&i.id)) {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

fn change(now: Shown<Score>, before: Shown<Score>) -> Shown<f64> {
    match (now, before) {
        (Shown::Value(a), Shown::Value(b)) => Shown::Value(a.favorable - b.favorable),
        (Shown::Hidden(h), _) | (_, Shown::Hidden(h)) => Shown::Hidden(h),
        _ => Shown::None,
    }
}

/// A survey's results for one group the viewer may see, narrowed to a role group and tenure
/// band when `segment` says so (the comparison with the whole organisation is narrowed too).
pub async fn results(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    unit_raw: &str,
    segment: Segment,
    today: Day,
    k: Threshold,
) -> Result<ResultsView, AppError> {
    let org = OrgIndex::load(db).await?;
    let (may, unit, options) = pick_unit(db, actor, &org, unit_raw).await?;
    let s = surveys::find_engagement(db, pid).await?;
    let this = Loaded::load_segment(db, s, &org, k, segment).await?;
    let prev = match previous(db, &this.survey, &this.items, today).await? {
        Some(p) => Some(Loaded::load_segment(db, p, &org, k, segment).await?),
        None => None,
    };
    let hidden = this.shown(unit).err();
    let common = |ids: &[i32]| -> Vec<i32> {
        let theirs: BTreeSet<i32> = prev
            .as_ref()
            .map(|p| p.items.iter().map(|i| i.id).collect())
            .unwrap_or_default();
        ids.iter().copied().filter(|i| theirs.contains(i)).collect()
    };
    let change_of = |ids: &[i32]| -> Shown<f64> {
        let both = common(ids);
        match &prev {
            Some(p) if !both.is_empty() => change(this.score(unit, &both), p.score(unit, &both)),
            _ => Shown::None,
        }
    };
    let outcome = this.ids(|i| i.driver == Driver::Engagement);
    let enps = this.ids(|i| i.driver == Driver::Enps);
    let mut drivers = Vec::new();
    for d in Driver::ALL.into_iter().filter(|d| d.is_driver()) {
        let ids = this.ids(|i| i.driver == d);
        if ids.is_empty() {
            continue;
        }
        drivers.push(ResultRow {
            driver: d,
            pid: String::new(),
            text: String::new(),
            score: this.score(unit, &ids),
            company: this.score(Unit::Company, &ids),
            change: change_of(&ids),
            spread: Vec::new(),
            actions: Vec::new(),
        });
    }
    let items = this
        .items
        .iter()
        .filter(|i| i.scale == Scale::Agreement)
        .map(|i| ResultRow {
            driver: i.driver,
            pid: i.pid.clone(),
            text: i.text.clone(),
            score: this.score(unit, &[i.id]),
            company: this.score(Unit::Company, &[i.id]),
            change: change_of(&[i.id]),
            spread: this
                .tally(unit, i.id)
                .map(|t| t.spread(i.scale))
                .unwrap_or_default(),
            actions: Vec::new(),
        })
        .collect();
    let enps_change = match (&prev, common(&enps).is_empty()) {
        (Some(p), false) => match (this.nps(unit, &enps), p.nps(unit, &enps)) {
            (Shown::Value((a, _)), Shown::Value((b, _))) => Shown::Value(a - b),
            (Shown::Hidden(h), _) | (_, Shown::Hidden(h)) => Shown::Hidden(h),
            _ => Shown::None,
        },
        _ => Shown::None,
    };
    // Participation under the group: the group and its children, each asked of at least k.
    let asked = surveys::asked_per_unit(db, &this.survey, &org).await?;
    let under = |x: Unit| -> bool {
        x == unit
            || this.counts.parent.get(&x) == Some(&unit)
            || match (unit, x) {
                (Unit::Company, Unit::Region(_)) => true,
                (Unit::Region(r), Unit::Site(s)) => org.region_of_site(s) == Some(r),
                (Unit::Site(s), Unit::Department(d)) => org.site_of_department(d) == Some(s),
                _ => false,
            }
    };
    // The audience is not counted by role group or tenure band, so a narrowed view shows none.
    let participation = asked
        .iter()
        .filter(|_| segment.is_everyone())
        .filter(|(x, n)| under(**x) && **n >= k.get() && may.may(**x))
        .map(|(x, n)| {
            (
                org.unit_name(*x, WHOLE),
                *n,
                this.counts.respondents.get(x).copied().unwrap_or(0),
            )
        })
        .collect();
    Ok(ResultsView {
        pid: this.survey.pid.clone(),
        title: this.survey.title.clone(),
        kind: this.survey.kind,
        phase: phase(&this.survey, today),
        closes_on: this.survey.closes_on.into(),
        threshold: k.get(),
        unit: unit.key(),
        unit_label: org.unit_name(unit, WHOLE),
        segment,
        units: options,
        hidden,
        respondents: this.shown(unit).ok(),
        asked: asked
            .get(&unit)
            .copied()
            .filter(|n| *n >= k.get() && segment.is_everyone()),
        engagement: this.score(unit, &outcome),
        engagement_company: this.score(Unit::Company, &outcome),
        engagement_change: change_of(&outcome),
        enps: this.nps(unit, &enps),
        enps_company: this.nps(Unit::Company, &enps),
        enps_change,
        drivers,
        items,
        previous: prev.as_ref().map(|p| p.survey.title.clone()),
        previous_pid: prev.as_ref().map(|p| p.survey.pid.clone()),
        participation,
        may_download: true,
        plans: 0,
    })
}

/// The heatmap's rows: regions, sites, one region's sites or one site's departments.
fn heatmap_rows(by: &str, org: &OrgIndex, may: &Viewable) -> Result<Vec<Unit>, AppError> {
    let rows: Vec<Unit> = match by.trim() {
        "" | "sites" => org.sites.keys().map(|s| Unit::Site(*s)).collect(),
        "regions" => org.regions.keys().map(|r| Unit::Region(*r)).collect(),
        other => match parse_unit(other, org)? {
            Unit::Region(r) => org
                .sites
                .values()
                .filter(|s| s.region_id == r)
                .map(|s| Unit::Site(s.id))
                .collect(),
            Unit::Site(s) => org
                .departments
                .values()
                .filter(|d| d.site_id == s)
                .map(|d| Unit::Department(d.id))
                .collect(),
            _ => {
                return Err(AppError::invalid(
                    "Choose what the rows show from the list.",
                ));
            }
        },
    };
    Ok(rows.into_iter().filter(|u| may.may(*u)).collect())
}

/// Units against drivers (or items), favorable % in each cell the rules allow.
pub async fn heatmap(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    by: &str,
    items: bool,
    segment: Segment,
    k: Threshold,
) -> Result<HeatmapView, AppError> {
    let org = OrgIndex::load(db).await?;
    let may = viewable(db, actor, &org).await?;
    let by = if by.trim().is_empty() {
        match &may {
            Viewable::All => "sites".to_owned(),
            Viewable::Units(u) => u
                .iter()
                .find_map(|x| match x {
                    Unit::Region(r) => Some(format!("region:{r}")),
                    _ => None,
                })
                .or_else(|| {
                    u.iter().find_map(|x| match x {
                        Unit::Site(s) => Some(format!("site:{s}")),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| "sites".into()),
        }
    } else {
        by.trim().to_owned()
    };
    let rows = heatmap_rows(&by, &org, &may)?;
    let s = surveys::find_engagement(db, pid).await?;
    let this = Loaded::load_segment(db, s, &org, k, segment).await?;
    let columns: Vec<(String, Vec<i32>)> = if items {
        this.items
            .iter()
            .filter(|i| i.scale == Scale::Agreement)
            .map(|i| (i.text.clone(), vec![i.id]))
            .collect()
    } else {
        Driver::ALL
            .into_iter()
            .filter(|d| *d != Driver::Enps)
            .map(|d| (d.label().to_owned(), this.ids(|i| i.driver == d)))
            .filter(|(_, ids)| !ids.is_empty())
            .collect()
    };
    let cells = |unit: Unit| -> Vec<Shown<f64>> {
        columns
            .iter()
            .map(|(_, ids)| match this.score(unit, ids) {
                Shown::Value(s) => Shown::Value(s.favorable),
                Shown::Hidden(h) => Shown::Hidden(h),
                Shown::None => Shown::None,
            })
            .collect()
    };
    let mut by_options = vec![
        UnitOption {
            key: "regions".into(),
            label: "Regions".into(),
            depth: 0,
        },
        UnitOption {
            key: "sites".into(),
            label: "Sites".into(),
            depth: 0,
        },
    ];
    if let Viewable::Units(_) = may {
        by_options.clear();
    }
    for r in org.regions.values() {
        if may.may(Unit::Region(r.id)) {
            by_options.push(UnitOption {
                key: format!("region:{}", r.id),
                label: format!("Sites in {}", r.name),
                depth: 1,
            });
        }
    }
    for s in org.sites.values() {
        if may.may(Unit::Site(s.id)) {
            by_options.push(UnitOption {
                key: format!("site:{}", s.id),
                label: format!("Departments of {}", s.name),
                depth: 1,
            });
        }
    }
    Ok(HeatmapView {
        pid: this.survey.pid.clone(),
        title: this.survey.title.clone(),
        threshold: k.get(),
        by,
        by_options,
        segment,
        items,
        company: cells(Unit::Company),
        rows: rows
            .into_iter()
            .map(|u| HeatmapRow {
                key: u.key(),
                label: org.unit_name(u, WHOLE),
                respondents: this.shown(u).map_or_else(Shown::Hidden, Shown::Value),
                cells: cells(u),
            })
            .collect(),
        columns: columns.into_iter().map(|(c, _)| c).collect(),
    })
}

fn score_cells(s: Shown<Score>) -> [Cell; 2] {
    match s {
        Shown::Value(s) => [Cell::Num(s.favorable, 1), Cell::Num(s.mean, 1)],
        _ => [Cell::Empty, Cell::Empty],
    }
}

fn note(s: Shown<Score>) -> Cell {
    match s {
        Shown::Hidden(Hidden::TooFew) => "hidden: fewer than the threshold".into(),
        Shown::Hidden(Hidden::Protects) => "hidden: would reveal a smaller group".into(),
        _ => Cell::Empty,
    }
}

/// The results as CSV: the same figures the page shows, hidden ones empty with the reason.
pub async fn results_table(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    unit: &str,
    segment: Segment,
    today: Day,
    k: Threshold,
) -> Result<Table, AppError> {
    let v = results(db, actor, pid, unit, segment, today, k).await?;
    let group = match segment.label() {
        narrowed if !narrowed.is_empty() => format!("{} ({narrowed})", v.unit_label),
        _ => v.unit_label.clone(),
    };
    let mut t = Table::new(
        "survey-results.csv",
        &[
            "group",
            "row",
            "driver",
            "item",
            "favorable_pct",
            "mean_0_100",
            "change_pts",
            "company_favorable_pct",
            "note",
        ],
    );
    let change = |c: Shown<f64>| c.value().map_or(Cell::Empty, |v| Cell::Num(v, 1));
    let company = |c: Shown<Score>| c.value().map_or(Cell::Empty, |s| Cell::Num(s.favorable, 1));
    let [f, m] = score_cells(v.engagement);
    t.row(vec![
        group.clone().into(),
        "engagement index".into(),
        Driver::Engagement.label().into(),
        Cell::Empty,
        f,
        m,
        change(v.engagement_change),
        company(v.engagement_company),
        note(v.engagement),
    ]);
    for (kind, rows) in [("driver", &v.drivers), ("item", &v.items)] {
        for r in rows {
            let [f, m] = score_cells(r.score);
            t.row(vec![
                group.clone().into(),
                kind.into(),
                r.driver.label().into(),
                r.text.clone().into(),
                f,
                m,
                change(r.change),
                company(r.company),
                note(r.score),
            ]);
        }
    }
    Ok(t)
}

/// The heatmap as CSV.
pub async fn heatmap_table(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    by: &str,
    items: bool,
    segment: Segment,
    k: Threshold,
) -> Result<Table, AppError> {
    let v = heatmap(db, actor, pid, by, items, segment, k).await?;
    let mut header = vec!["group".to_owned(), "respondents".to_owned()];
    header.extend(v.columns.iter().map(|c| format!("{c} (favorable %)")));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new("survey-heatmap.csv", &header);
    let cell = |c: &Shown<f64>| c.value().map_or(Cell::Empty, |v| Cell::Num(v, 1));
    let mut company = vec![Cell::from("Whole organisation"), Cell::Empty];
    company.extend(v.company.iter().map(cell));
    t.row(company);
    for r in &v.rows {
        let mut row = vec![
            Cell::from(r.label.clone()),
            r.respondents.value().map_or(Cell::Empty, Cell::from),
        ];
        row.extend(r.cells.iter().map(cell));
        t.row(row);
    }
    Ok(t)
}

/// A survey's comments for one group the viewer may see, shown only when the group reaches the
/// comment threshold (through the same suppression, with respondents as n). Listed in the order
/// of their random ids, which says nothing about who wrote them or when.
pub async fn comments(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    unit_raw: &str,
    about: &str,
    search: &str,
    kc: Threshold,
) -> Result<CommentsView, AppError> {
    let org = OrgIndex::load(db).await?;
    let (_, unit, options) = pick_unit(db, actor, &org, unit_raw).await?;
    let about = about.trim();
    let wanted: Option<Option<Driver>> = match about {
        "" => None,
        GENERAL => Some(None),
        key => Some(Some(Driver::parse(key).ok_or_else(|| {
            AppError::invalid("Choose what the comments are about from the list.")
        })?)),
    };
    let s = surveys::find_engagement(db, pid).await?;
    let this = Loaded::load(db, s, &org, kc).await?;
    let hidden = this.shown(unit).err();
    let mut abouts = vec![(GENERAL.to_owned(), "General".to_owned())];
    for d in Driver::ALL.into_iter().filter(|d| d.is_driver()) {
        if this.items.iter().any(|i| i.driver == d) {
            abouts.push((d.key().to_owned(), d.label().to_owned()));
        }
    }
    let mut list = Vec::new();
    let mut total = 0;
    if hidden.is_none() {
        let rows = survey_comment::Entity::find()
            .filter(survey_comment::Column::SurveyId.eq(this.survey.id))
            .order_by_asc(survey_comment::Column::Id)
            .all(db)
            .await?;
        let needle = search.trim().to_lowercase();
        for c in rows {
            let inside = match unit {
                Unit::Company => true,
                Unit::Region(r) => c.site_id.and_then(|s| org.region_of_site(s)) == Some(r),
                Unit::Site(s) => c.site_id == Some(s),
                Unit::Department(d) => c.department_id == Some(d),
            };
            if !inside {
                continue;
            }
            total += 1;
            if wanted.is_some_and(|w| w != c.driver) {
                continue;
            }
            if !needle.is_empty() && !c.text.to_lowercase().contains(&needle) {
                continue;
            }
            list.push(CommentView {
                about: c.driver.map_or("General", |d| d.label()).to_owned(),
                text: c.text,
            });
        }
    }
    Ok(CommentsView {
        pid: this.survey.pid.clone(),
        title: this.survey.title.clone(),
        threshold: kc.get(),
        unit: unit.key(),
        unit_label: org.unit_name(unit, WHOLE),
        units: options,
        about: about.to_owned(),
        abouts,
        search: search.trim().to_owned(),
        hidden,
        comments: list,
        total,
    })
}
