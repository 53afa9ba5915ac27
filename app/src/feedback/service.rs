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

/// What every writer does after adding responses (those with an id above `before`), in its
/// transaction: sums their sites' days again and opens follow-ups for unhappy customers.
pub async fn added<C: ConnectionTrait>(
    db: &C,
    before: i64,
    now: chrono::DateTime<Utc>,
    today: chrono::NaiveDate,
) -> Result<(), AppError> {
    crate::feedback::daily::refresh(db, before).await?;
    crate::feedback::followup_service::open_after(db, before, now, today).await?;
    Ok(())
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
    let before = crate::feedback::followup_service::last_response_id(&txn).await?;
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
        let today = now.with_timezone(&tz).date_naive();
        added(&txn, before, now, today).await?;
        txn.commit().await?;
        // An export of old feedback brings contacts already past their retention: gone now.
        forget_old_contacts(db).await?;
    } else {
        txn.rollback().await?;
    }
    Ok(report)
}

/// The eight sums of a tally, in `daily::SUMS` order.
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

/// Each (site, department, day)'s tally for days in [from, until), from the daily sums.
pub async fn tallies<C: ConnectionTrait>(
    db: &C,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<Vec<(i32, Option<i32>, chrono::NaiveDate, Tally)>, AppError> {
    let backend = db.get_database_backend();
    let (a, b) = match backend {
        DatabaseBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    let sql = format!(
        "SELECT site_id, department_key, day, {} FROM feedback_daily WHERE day >= {a} AND day < {b}",
        crate::feedback::daily::SUMS
    );
    db.query_all(Statement::from_sql_and_values(
        backend,
        sql,
        [from.into(), until.into()],
    ))
    .await?
    .into_iter()
    .map(|row| {
        let dept: i32 = row.try_get_by_index(1)?;
        Ok((
            row.try_get_by_index(0)?,
            (dept != 0).then_some(dept),
            row.try_get_by_index(2)?,
            tally_of(&row, 3)?,
        ))
    })
    .collect()
}

/// Each (site, department, month)'s tally for days in [from, until), summed by the database (a
/// year is a few hundred rows instead of every day's).
async fn month_tallies<C: ConnectionTrait>(
    db: &C,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<Vec<(i32, Option<i32>, Month, Tally)>, AppError> {
    let backend = db.get_database_backend();
    let (a, b, month) = match backend {
        DatabaseBackend::Postgres => ("$1", "$2", "to_char(day, 'YYYY-MM')"),
        // Days are stored as ISO text.
        _ => ("?", "?", "substr(day, 1, 7)"),
    };
    let sums = crate::feedback::daily::summed();
    let sql = format!(
        "SELECT site_id, department_key, {month} AS month, {sums} FROM feedback_daily \
         WHERE day >= {a} AND day < {b} GROUP BY site_id, department_key, {month}"
    );
    db.query_all(Statement::from_sql_and_values(
        backend,
        sql,
        [from.into(), until.into()],
    ))
    .await?
    .into_iter()
    .map(|row| {
        let dept: i32 = row.try_get_by_index(1)?;
        let key: String = row.try_get_by_index(2)?;
        let month = key
            .split_once('-')
            .and_then(|(y, m)| Month::new(y.parse().ok()?, m.parse().ok()?))
            .ok_or_else(|| {
                tracing::error!(month = %key, "a month of the daily sums does not read");
                AppError::Internal
            })?;
        Ok((
            row.try_get_by_index(0)?,
            (dept != 0).then_some(dept),
            month,
            tally_of(&row, 3)?,
        ))
    })
    .collect()
}

/// The eight sums of a row that selected them (`daily::SUMS`) from column `first` on (read by
/// position: looking each column up by name cost more than the query).
fn tally_of(row: &sea_orm::QueryResult, first: usize) -> Result<Tally, AppError> {
    let g = |i: usize| -> Result<i64, AppError> { Ok(row.try_get_by_index::<i64>(first + i)?) };
    Ok(tally((
        g(0)?,
        g(1)?,
        g(2)?,
        g(3)?,
        g(4)?,
        g(5)?,
        g(6)?,
        g(7)?,
    )))
}

/// Where a breakdown looks: some sites, or one department.
pub enum Within<'a> {
    Sites(&'a [i32]),
    Department(i32),
}

/// A unit's tallies in [from, until) by channel, and by the person who served (responses that
/// name someone), from the daily sums.
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
    use sea_orm::Value;
    let backend = db.get_database_backend();
    // Placeholders: ? on SQLite, $1, $2… on PostgreSQL.
    let at = |n: usize| match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let mut values: Vec<Value> = vec![from.into(), until.into()];
    let (a, b) = (at(1), at(2));
    let unit = match within {
        Within::Sites([]) => return Ok((Vec::new(), Vec::new())),
        Within::Sites(s) => {
            values.extend(s.iter().map(|id| Value::from(*id)));
            let ps: Vec<String> = (3..=values.len()).map(at).collect();
            format!("site_id IN ({})", ps.join(", "))
        }
        Within::Department(d) => {
            values.push(Value::from(d));
            format!("department_key = {}", at(3))
        }
    };
    let sums = crate::feedback::daily::summed();
    // One pass over the sums, by channel and person together, folded both ways here.
    let sql = format!(
        "SELECT channel, person_key, {sums} FROM feedback_daily_detail \
         WHERE day >= {a} AND day < {b} AND {unit} GROUP BY channel, person_key"
    );
    let mut channels: BTreeMap<crate::feedback::types::Channel, Tally> = BTreeMap::new();
    let mut people: BTreeMap<i32, Tally> = BTreeMap::new();
    for row in db
        .query_all(Statement::from_sql_and_values(backend, sql, values))
        .await?
    {
        let key: String = row.try_get_by_index(0)?;
        let person: i32 = row.try_get_by_index(1)?;
        let t = tally_of(&row, 2)?;
        if let Some(c) = crate::feedback::types::Channel::ALL
            .into_iter()
            .find(|c| c.key() == key)
        {
            channels.entry(c).or_default().merge(&t);
        }
        if person != 0 {
            people.entry(person).or_default().merge(&t);
        }
    }
    Ok((channels.into_iter().collect(), people.into_iter().collect()))
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
    for (site, dept, month, t) in month_tallies(db, first, until).await? {
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

/// A compliment "Recognise" is offered on: delighted (CSAT 5 or NPS 9-10) and not unhappy, with a
/// comment, naming the person who served.
pub fn is_compliment(r: &feedback_response::Model) -> bool {
    let ratings = crate::feedback::types::Ratings {
        csat: r.csat.and_then(|v| u8::try_from(v).ok()),
        nps: r.nps.and_then(|v| u8::try_from(v).ok()),
        ces: r.ces.and_then(|v| u8::try_from(v).ok()),
    };
    ratings.delighted()
        && !ratings.unhappy()
        && r.person_id.is_some()
        && r.comment.as_deref().is_some_and(|c| !c.trim().is_empty())
}

/// Who may recognise from which compliments: HR and admins any, managers those at the sites or
/// departments they lead, staff none (they see only the comments that name them, and cannot
/// recognise themselves).
pub enum ComplimentReach {
    All,
    Units(crate::org::scope::Scope),
    None,
}

impl ComplimentReach {
    pub async fn of<C: ConnectionTrait>(
        db: &C,
        me: &crate::auth::service::CurrentUser,
    ) -> Result<ComplimentReach, AppError> {
        use crate::auth::types::Role;
        Ok(match me.role {
            Role::Hr | Role::Admin => ComplimentReach::All,
            Role::Manager => ComplimentReach::Units(crate::org::scope::scope(db, me.id).await?),
            Role::Staff => ComplimentReach::None,
        })
    }

    pub fn covers(&self, r: &feedback_response::Model) -> bool {
        match self {
            ComplimentReach::All => true,
            ComplimentReach::Units(s) => {
                s.sites.contains(&r.site_id)
                    || r.department_id.is_some_and(|d| s.departments.contains(&d))
            }
            ComplimentReach::None => false,
        }
    }
}

/// Of `responses`, the compliments `me` may recognise now: in reach, naming someone else, and
/// not recognised yet.
pub async fn recognisable<C: ConnectionTrait>(
    db: &C,
    me: &crate::auth::service::CurrentUser,
    responses: &[feedback_response::Model],
) -> Result<Vec<i64>, AppError> {
    use crate::entities::feedback_recognition;
    use sea_orm::{ColumnTrait, QueryFilter};
    let reach = ComplimentReach::of(db, me).await?;
    let ids: Vec<i64> = responses
        .iter()
        .filter(|r| is_compliment(r) && r.person_id != Some(me.id) && reach.covers(r))
        .map(|r| r.id)
        .collect();
    if ids.is_empty() {
        return Ok(ids);
    }
    let done: HashSet<i64> = feedback_recognition::Entity::find()
        .filter(feedback_recognition::Column::ResponseId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|x| x.response_id)
        .collect();
    Ok(ids.into_iter().filter(|i| !done.contains(i)).collect())
}

/// Marks a compliment as recognised by recognition `recognition`, in the giver's transaction:
/// refused unless it is a compliment the giver may read, naming one of the recipients, and not
/// recognised before.
pub async fn claim_compliment<C: ConnectionTrait>(
    db: &C,
    me: &crate::auth::service::CurrentUser,
    response: i64,
    recipients: &[i32],
    recognition: i32,
) -> Result<(), AppError> {
    use crate::entities::feedback_recognition;
    let r = feedback_response::Entity::find_by_id(response)
        .one(db)
        .await?
        .filter(is_compliment)
        .ok_or_else(|| {
            AppError::Invalid("That compliment is not one Rapport knows; reload the page.".into())
        })?;
    if !ComplimentReach::of(db, me).await?.covers(&r) {
        return Err(AppError::Forbidden);
    }
    if !r.person_id.is_some_and(|p| recipients.contains(&p)) {
        return Err(AppError::Invalid(
            "Recognise the person the customer named for their compliment.".into(),
        ));
    }
    let stmt = feedback_recognition::Entity::insert(feedback_recognition::ActiveModel {
        response_id: Set(r.id),
        recognition_id: Set(recognition),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(feedback_recognition::Column::ResponseId)
            .do_nothing()
            .to_owned(),
    )
    .into_query();
    let done = db.execute(db.get_database_backend().build(&stmt)).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::Conflict(
            "This compliment was already recognised; nothing was sent twice.".into(),
        ));
    }
    Ok(())
}
