//! Daily sums of customer feedback (`feedback_daily`, and `feedback_daily_detail` per channel and
//! person), which guest tracking and the monthly figures read instead of every response.
//!
//! Every writer calls `refresh` in its transaction after adding responses: for each site it
//! touched, the days from the earliest to the latest new response are summed again from
//! `feedback_responses`. Summing again (rather than adding the new rows) is idempotent, and on
//! PostgreSQL a transaction-scoped advisory lock makes writers take turns, so each one sums after
//! the one before it committed and no response is counted twice or missed.
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

use crate::error::AppError;

/// The lock writers of the daily sums take on PostgreSQL (any constant unique to this use).
const LOCK: i64 = 0x7261_7070_6f72_7401;

/// The eight sums, as the tables name them.
pub const SUMS: &str =
    "responses, csat_n, csat_satisfied, nps_n, promoters, detractors, ces_n, ces_sum";

/// The eight summed over many rows of the sums, as BIGINT (PostgreSQL's SUM of a BIGINT is a
/// NUMERIC), each named as its column.
pub fn summed() -> String {
    SUMS.split(", ")
        .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same eight over `feedback_responses`.
const SUM_SQL: &str = "COUNT(*), COUNT(csat), \
     COALESCE(SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END), 0), COUNT(nps), \
     COALESCE(SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END), 0), COUNT(ces), COALESCE(SUM(ces), 0)";

/// Sums again the days of every site that has responses with an id above `after` (the highest id
/// before the writer added its own). Returns the (site, first day, last day) spans refreshed.
pub async fn refresh<C: ConnectionTrait>(
    db: &C,
    after: i64,
) -> Result<Vec<(i32, NaiveDate, NaiveDate)>, AppError> {
    let backend = db.get_database_backend();
    if backend == DatabaseBackend::Postgres {
        db.execute(Statement::from_sql_and_values(
            backend,
            "SELECT pg_advisory_xact_lock($1)",
            [Value::from(LOCK)],
        ))
        .await?;
    }
    let p = |n: usize| match backend {
        DatabaseBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let spans: Vec<(i32, NaiveDate, NaiveDate)> = db
        .query_all(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT site_id, MIN(day) AS first, MAX(day) AS last FROM feedback_responses \
                 WHERE id > {} GROUP BY site_id",
                p(1)
            ),
            [Value::from(after)],
        ))
        .await?
        .into_iter()
        .map(|row| {
            Ok((
                row.try_get::<i32>("", "site_id")?,
                row.try_get::<NaiveDate>("", "first")?,
                row.try_get::<NaiveDate>("", "last")?,
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let span = format!("site_id = {} AND day >= {} AND day <= {}", p(1), p(2), p(3));
    let detail_sums = summed();
    for (site, first, last) in &spans {
        let values = || [Value::from(*site), Value::from(*first), Value::from(*last)];
        // The responses are read once, into the detail; the daily sums are the detail's sums.
        for sql in [
            format!("DELETE FROM feedback_daily_detail WHERE {span}"),
            format!(
                "INSERT INTO feedback_daily_detail \
                 (site_id, department_key, day, channel, person_key, {SUMS}) \
                 SELECT site_id, COALESCE(department_id, 0), day, channel, \
                 COALESCE(person_id, 0), {SUM_SQL} FROM feedback_responses WHERE {span} \
                 GROUP BY site_id, COALESCE(department_id, 0), day, channel, COALESCE(person_id, 0)"
            ),
            format!("DELETE FROM feedback_daily WHERE {span}"),
            format!(
                "INSERT INTO feedback_daily (site_id, department_key, day, {SUMS}) \
                 SELECT site_id, department_key, day, {detail_sums} \
                 FROM feedback_daily_detail WHERE {span} \
                 GROUP BY site_id, department_key, day"
            ),
        ] {
            db.execute(Statement::from_sql_and_values(backend, sql, values()))
                .await?;
        }
    }
    Ok(spans)
}
