//! Customer feedback's writes and queries: imports resolve a file's names against the
//! organisation and write in one transaction, idempotent on (origin, external id).
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryTrait, Set, Statement, TransactionTrait,
};

use crate::entities::{feedback_response, user};
use crate::error::AppError;
use crate::feedback::import::{Mapping, RawRow, Rows};
use crate::feedback::stats::Tally;
use crate::feedback::types::{ImportMode, ImportReport, Problem, Source, Unmatched, ValueKind};
use crate::org::index::OrgIndex;
use crate::reporting::csv::Table;
use crate::reporting::figures::{Measure, UnitFigure, roll_up};
use crate::reporting::period::{Day, Month, Period};
use crate::reporting::service::{check_months, figures_file, figures_table};
use crate::reporting::unit::Unit;

/// Rows written per statement: 16 columns each stays under SQLite's 32,766 variables.
pub const BATCH: usize = 1_000;
/// Problems listed in a report (all are counted).
pub const LISTED: usize = 500;
/// Unmatched values listed in a report, most frequent first.
const UNMATCHED_LISTED: usize = 200;

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The organisation's names, to resolve a file's sites, departments and people.
pub struct Directory {
    sites: HashMap<String, i32>,
    departments: HashMap<(i32, String), i32>,
    /// By email, and by full name (several people may share one): (id, site).
    emails: HashMap<String, (i32, Option<i32>)>,
    names: HashMap<String, Vec<(i32, Option<i32>)>>,
}

/// A mapping's renamings and skips, keyed once for all the rows.
struct Aliases {
    sites: HashMap<String, String>,
    departments: HashMap<String, String>,
    skip_sites: HashSet<String>,
    skip_departments: HashSet<String>,
}

impl Aliases {
    fn new(m: &Mapping) -> Aliases {
        let renames = |map: &BTreeMap<String, String>| {
            map.iter().map(|(from, to)| (key(from), key(to))).collect()
        };
        let skips = |list: &[String]| list.iter().map(|s| key(s)).collect();
        Aliases {
            sites: renames(&m.site_names),
            departments: renames(&m.department_names),
            skip_sites: skips(&m.skip_sites),
            skip_departments: skips(&m.skip_departments),
        }
    }
}

/// A row with its units resolved.
struct Resolved {
    site: i32,
    department: Option<i32>,
    person: Option<i32>,
}

impl Directory {
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Directory, AppError> {
        let org = OrgIndex::load(db).await?;
        let people = user::Entity::find().all(db).await?;
        let mut names: HashMap<String, Vec<(i32, Option<i32>)>> = HashMap::new();
        for p in &people {
            names
                .entry(key(&p.name))
                .or_default()
                .push((p.id, p.site_id));
        }
        Ok(Directory {
            sites: org.sites.values().map(|s| (key(&s.name), s.id)).collect(),
            departments: org
                .departments
                .values()
                .map(|d| ((d.site_id, key(&d.name)), d.id))
                .collect(),
            emails: people
                .iter()
                .map(|p| (key(&p.email), (p.id, p.site_id)))
                .collect(),
            names,
        })
    }

    /// The row's units, None for a site the mapping skips, or the problem. A person who matches
    /// no one is noted in `unmatched` and the row kept without them.
    fn resolve(
        &self,
        row: &RawRow,
        a: &Aliases,
        unmatched: &mut BTreeMap<(ValueKind, String), (u64, u64)>,
    ) -> Result<Option<Resolved>, Problem> {
        let site_key = key(&row.site);
        if a.skip_sites.contains(&site_key) {
            return Ok(None);
        }
        let Some(&site) = self.sites.get(a.sites.get(&site_key).unwrap_or(&site_key)) else {
            return Err(Problem {
                line: row.line,
                message: format!("No site is called \"{}\".", row.site),
                unmatched: Some((ValueKind::Site, row.site.clone())),
            });
        };
        let department = match row.department.as_deref().map(|d| (d, key(d))) {
            None => None,
            Some((_, k)) if a.skip_departments.contains(&k) => None,
            Some((d, k)) => match self
                .departments
                .get(&(site, a.departments.get(&k).cloned().unwrap_or(k)))
            {
                Some(id) => Some(*id),
                None => {
                    return Err(Problem {
                        line: row.line,
                        message: format!("Site \"{}\" has no department called \"{d}\".", row.site),
                        unmatched: Some((ValueKind::Department, d.to_owned())),
                    });
                }
            },
        };
        let person = row.person.as_deref().and_then(|p| {
            let found = if p.contains('@') {
                self.emails.get(&key(p)).map(|(id, _)| *id)
            } else {
                self.names.get(&key(p)).and_then(|all| {
                    // A shared name is the one at the row's site, if only one is there.
                    let here: Vec<i32> = all
                        .iter()
                        .filter(|(_, s)| all.len() == 1 || *s == Some(site))
                        .map(|(id, _)| *id)
                        .collect();
                    (here.len() == 1).then(|| here[0])
                })
            };
            if found.is_none() {
                let e = unmatched
                    .entry((ValueKind::Person, p.to_owned()))
                    .or_insert((0, row.line));
                e.0 += 1;
            }
            found
        });
        Ok(Some(Resolved {
            site,
            department,
            person,
        }))
    }
}

/// Writes a batch, leaving out responses already there; returns how many were added.
async fn flush(
    txn: &DatabaseTransaction,
    batch: &mut Vec<feedback_response::ActiveModel>,
) -> Result<u64, AppError> {
    insert_new(txn, std::mem::take(batch)).await
}

/// Writes responses (at most `BATCH`: one statement), leaving out any already there on (origin,
/// external id); returns how many were added.
pub async fn insert_new<C: ConnectionTrait>(
    db: &C,
    rows: Vec<feedback_response::ActiveModel>,
) -> Result<u64, AppError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let stmt = feedback_response::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                feedback_response::Column::Origin,
                feedback_response::Column::ExternalId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .into_query();
    let done = db.execute(db.get_database_backend().build(&stmt)).await?;
    Ok(done.rows_affected())
}

/// Imports a file through a mapping, streaming: rows are read, resolved and written in batches
/// inside one transaction, which is kept only when `mode` says so (a dry run never; all or
/// nothing only without problems). Importing the same file again adds nothing. `progress` hears
/// the rows read after each batch. `Err` is a problem with the whole file or the database;
/// nothing is kept then.
pub async fn import<R: Read + Send>(
    db: &DatabaseConnection,
    input: R,
    mapping: &Mapping,
    mode: ImportMode,
    tz: chrono_tz::Tz,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<ImportReport, AppError> {
    let mut rows = Rows::open(input, mapping, tz).map_err(AppError::Invalid)?;
    let directory = Directory::load(db).await?;
    let aliases = Aliases::new(mapping);
    let origin = mapping.origin.trim().to_owned();
    let txn = db.begin().await?;
    let sqlite = txn.get_database_backend() == DatabaseBackend::Sqlite;
    if sqlite {
        // Take the write lock now, so a concurrent writer waits rather than failing later; and
        // give this connection a page cache that holds the indexes being written (32 MB, back to
        // SQLite's 2 MB after).
        for sql in [
            "DELETE FROM login_throttles WHERE 1 = 0",
            "PRAGMA cache_size = -32768",
        ] {
            txn.execute(Statement::from_string(DatabaseBackend::Sqlite, sql))
                .await?;
        }
    }
    let mut report = ImportReport {
        date_format: rows.format.label().to_owned(),
        delimiter: char::from(rows.delimiter),
        ..ImportReport::default()
    };
    let mut unmatched: BTreeMap<(ValueKind, String), (u64, u64)> = BTreeMap::new();
    let mut batch = Vec::with_capacity(BATCH);
    let now = Utc::now();
    while let Some(next) = rows.next_row() {
        let next = next.map_err(AppError::Invalid)?;
        report.rows += 1;
        let resolved = next.and_then(|raw| {
            directory
                .resolve(&raw, &aliases, &mut unmatched)
                .map(|r| r.map(|r| (raw, r)))
        });
        match resolved {
            Ok(Some((raw, at))) => {
                report.without_person += u64::from(raw.person.is_some() && at.person.is_none());
                batch.push(feedback_response::ActiveModel {
                    id: Default::default(),
                    origin: Set(origin.clone()),
                    external_id: Set(raw.external_id),
                    source: Set(Source::Import),
                    occurred_at: Set(raw.occurred_at),
                    day: Set(raw.occurred_at.date()),
                    site_id: Set(at.site),
                    department_id: Set(at.department),
                    person_id: Set(at.person),
                    channel: Set(raw.channel),
                    csat: Set(raw.ratings.csat.map(i16::from)),
                    nps: Set(raw.ratings.nps.map(i16::from)),
                    ces: Set(raw.ratings.ces.map(i16::from)),
                    comment: Set(raw.comment),
                    contact: Set(raw.contact),
                    created_at: Set(now),
                });
            }
            Ok(None) => report.skipped += 1,
            Err(p) => {
                report.bad += 1;
                if let Some((kind, value)) = &p.unmatched {
                    let e = unmatched
                        .entry((*kind, value.clone()))
                        .or_insert((0, p.line));
                    e.0 += 1;
                }
                if report.problems.len() < LISTED {
                    report.problems.push(p);
                }
            }
        }
        if batch.len() == BATCH {
            report.added += flush(&txn, &mut batch).await?;
            progress(report.rows);
        }
    }
    report.added += flush(&txn, &mut batch).await?;
    progress(report.rows);
    report.already = report.rows - report.skipped - report.bad - report.added;
    let mut values: Vec<Unmatched> = unmatched
        .into_iter()
        .map(|((kind, value), (rows, first_line))| Unmatched {
            kind,
            value,
            rows,
            first_line,
        })
        .collect();
    values.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.first_line.cmp(&b.first_line)));
    values.truncate(UNMATCHED_LISTED);
    report.unmatched = values;
    report.applied = match mode {
        ImportMode::DryRun => false,
        ImportMode::AllOrNothing => report.bad == 0,
        ImportMode::SkipBadRows => true,
    };
    if sqlite {
        txn.execute(Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA cache_size = -2000",
        ))
        .await?;
    }
    if report.applied {
        txn.commit().await?;
        // An export of old feedback brings contacts already past their retention: gone now.
        forget_old_contacts(db).await?;
    } else {
        txn.rollback().await?;
    }
    Ok(report)
}

/// The eight sums a `Tally` is made of, as columns after the grouping ones.
fn with_sums(
    q: sea_orm::Select<feedback_response::Entity>,
) -> sea_orm::Select<feedback_response::Entity> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::Expr;
    q.column_as(Expr::cust("COUNT(*)"), "responses")
        .column_as(Expr::cust("COUNT(csat)"), "csat_n")
        .column_as(
            Expr::cust("COALESCE(SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END), 0)"),
            "csat_satisfied",
        )
        .column_as(Expr::cust("COUNT(nps)"), "nps_n")
        .column_as(
            Expr::cust("COALESCE(SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END), 0)"),
            "promoters",
        )
        .column_as(
            Expr::cust("COALESCE(SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END), 0)"),
            "detractors",
        )
        .column_as(Expr::cust("COUNT(ces)"), "ces_n")
        .column_as(Expr::cust("COALESCE(SUM(ces), 0)"), "ces_sum")
}

/// The sums `with_sums` selects.
type Sums = (i64, i64, i64, i64, i64, i64, i64, i64);

fn tally((r, cn, cs, nn, pr, de, en, es): Sums) -> Tally {
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    Tally {
        responses: n(r),
        csat_n: n(cn),
        csat_satisfied: n(cs),
        nps_n: n(nn),
        promoters: n(pr),
        detractors: n(de),
        ces_n: n(en),
        ces_sum: n(es),
    }
}

/// Each (site, department, day)'s tally for days in [from, until).
pub async fn tallies<C: ConnectionTrait>(
    db: &C,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<Vec<(i32, Option<i32>, chrono::NaiveDate, Tally)>, AppError> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    type Row = (
        i32,
        Option<i32>,
        chrono::NaiveDate,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    );
    let q = feedback_response::Entity::find()
        .select_only()
        .column(feedback_response::Column::SiteId)
        .column(feedback_response::Column::DepartmentId)
        .column(feedback_response::Column::Day);
    let rows: Vec<Row> = with_sums(q)
        .filter(feedback_response::Column::Day.gte(from))
        .filter(feedback_response::Column::Day.lt(until))
        .group_by(feedback_response::Column::SiteId)
        .group_by(feedback_response::Column::DepartmentId)
        .group_by(feedback_response::Column::Day)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(site, dept, day, r, cn, cs, nn, pr, de, en, es)| {
            (site, dept, day, tally((r, cn, cs, nn, pr, de, en, es)))
        })
        .collect())
}

/// Where a breakdown looks: some sites, or one department.
pub enum Within<'a> {
    Sites(&'a [i32]),
    Department(i32),
}

/// A unit's tallies in [from, until) by channel, and by the person who served (responses that
/// name someone).
pub async fn breakdowns<C: ConnectionTrait>(
    db: &C,
    within: Within<'_>,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<
    (
        Vec<(crate::feedback::types::Channel, Tally)>,
        Vec<(i32, Tally)>,
    ),
    AppError,
> {
    use feedback_response::Column as C;
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let base = || {
        let q = feedback_response::Entity::find()
            .select_only()
            .filter(C::Day.gte(from))
            .filter(C::Day.lt(until));
        match &within {
            Within::Sites(s) => q.filter(C::SiteId.is_in(s.iter().copied())),
            Within::Department(d) => q.filter(C::DepartmentId.eq(*d)),
        }
    };
    let channels = grouped(db, base().column(C::Channel).group_by(C::Channel)).await?;
    let people = grouped(
        db,
        base()
            .column(C::PersonId)
            .filter(C::PersonId.is_not_null())
            .group_by(C::PersonId),
    )
    .await?;
    Ok((channels, people))
}

/// The tallies of a query grouped by one column (selected first).
async fn grouped<K: sea_orm::TryGetable, C: ConnectionTrait>(
    db: &C,
    q: sea_orm::Select<feedback_response::Entity>,
) -> Result<Vec<(K, Tally)>, AppError> {
    type Row<K> = (K, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row<K>> = with_sums(q).into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(k, r, cn, cs, nn, pr, de, en, es)| (k, tally((r, cn, cs, nn, pr, de, en, es))))
        .collect())
}

/// The figures of one unit and month from its tally (a measure with no ratings has none).
fn figures_of(unit: Unit, month: Month, t: &Tally) -> Vec<UnitFigure> {
    [
        (Measure::CustomerCsat, t.csat_pct(), t.csat_n),
        (Measure::CustomerNps, t.nps(), t.nps_n),
        (Measure::CustomerEffort, t.ces_mean(), t.ces_n),
    ]
    .into_iter()
    .filter_map(|(measure, value, n)| {
        value.map(|value| UnitFigure {
            unit,
            month,
            measure,
            value,
            n,
        })
    })
    .collect()
}

/// Customer satisfaction's monthly unit figures (`reporting::figures`), from `from` to `to` (both
/// included): CSAT %, NPS and CES per site and department, each over its responses (n), followed
/// by their region and company roll-ups (n-weighted, so each is over all the responses of its
/// sites). Months are the responses' local days.
pub async fn monthly<C: ConnectionTrait>(
    db: &C,
    from: Month,
    to: Month,
) -> Result<Vec<UnitFigure>, AppError> {
    check_months(from, to)?;
    let org = OrgIndex::load(db).await?;
    let mut cells: BTreeMap<(Unit, Month), Tally> = BTreeMap::new();
    let (first, until) = (Day::first_of(from).into(), Day::first_of(to.next()).into());
    for (site, dept, day, t) in tallies(db, first, until).await? {
        let month = Day::from(day).month();
        cells
            .entry((Unit::Site(site), month))
            .or_default()
            .merge(&t);
        if let Some(d) = dept {
            cells
                .entry((Unit::Department(d), month))
                .or_default()
                .merge(&t);
        }
    }
    let mut figures: Vec<UnitFigure> = cells
        .iter()
        .flat_map(|((unit, month), t)| figures_of(*unit, *month, t))
        .collect();
    let region_of: BTreeMap<i32, i32> = org.sites.values().map(|s| (s.id, s.region_id)).collect();
    let rolled = roll_up(&figures, &region_of);
    figures.extend(rolled);
    Ok(figures)
}

/// The monthly figures of a period as a table for download (`reporting::service::figures_table`).
pub async fn table(db: &DatabaseConnection, period: Period) -> Result<Table, AppError> {
    let (first, last, file) = figures_file("customer", &period);
    figures_table(db, &monthly(db, first, last).await?, file).await
}

/// Removes customers' contact details from responses older than the retention period the
/// organisation's settings name (counted in whole local days); returns how many were removed.
pub async fn forget_old_contacts<C: ConnectionTrait>(db: &C) -> Result<u64, AppError> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let settings = crate::org::settings::load(db).await?;
    let today: chrono::NaiveDate = crate::org::settings::today(&settings)?.into();
    let before = today - chrono::Duration::days(i64::from(settings.contact_days));
    let done = feedback_response::Entity::update_many()
        .col_expr(
            feedback_response::Column::Contact,
            Expr::value(Option::<String>::None),
        )
        .filter(feedback_response::Column::Contact.is_not_null())
        .filter(feedback_response::Column::Day.lt(before))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
