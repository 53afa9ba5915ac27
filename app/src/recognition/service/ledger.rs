//! The points ledger: rows are only ever inserted, and every balance is a sum over them.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, Value,
};

use crate::auth::types::Role;
use crate::entities::{point_entry, setting};
use crate::error::AppError;
use crate::recognition::rules::{DEFAULT_ALLOWANCE, DEFAULT_RECIPIENT_CAP, Entry};
use crate::recognition::types::{Account, Balance, EntryKind};

/// Serialises one person's point movements on PostgreSQL (SQLite's write transactions already
/// are), so two gifts or redemptions racing for the last points cannot both pass the check.
pub async fn lock_person<C: ConnectionTrait>(db: &C, user: i32) -> Result<(), AppError> {
    lock_row(db, "users", user).await
}

/// Locks one row of `table` for the rest of the transaction on PostgreSQL.
pub async fn lock_row<C: ConnectionTrait>(
    db: &C,
    table: &'static str,
    id: i32,
) -> Result<(), AppError> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"),
            [Value::from(id)],
        ))
        .await?;
    }
    Ok(())
}

/// A person's ledger rows, newest first, `limit` at a time before the row `before`.
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    user: i32,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<point_entry::Model>, AppError> {
    let mut q = point_entry::Entity::find()
        .filter(point_entry::Column::UserId.eq(user))
        .order_by_desc(point_entry::Column::Id)
        .limit(limit);
    if let Some(b) = before {
        q = q.filter(point_entry::Column::Id.lt(b));
    }
    Ok(q.all(db).await?)
}

/// The month key "2026-12" as people say it ("December 2026").
pub fn month_label(key: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| key.to_owned())
}

/// The allowance month `at` falls in, in the organisation's time zone ("2026-12").
pub async fn month_of<C: ConnectionTrait>(db: &C, at: DateTime<Utc>) -> Result<String, AppError> {
    Ok(months_of(db, at).await?.0)
}

/// The month's key ("2026-12") and its name ("December 2026").
async fn months_of<C: ConnectionTrait>(
    db: &C,
    at: DateTime<Utc>,
) -> Result<(String, String), AppError> {
    let settings = crate::org::settings::load(db).await?;
    let local = at.with_timezone(&crate::org::settings::tz(&settings)?);
    Ok((
        local.format("%Y-%m").to_string(),
        local.format("%B %Y").to_string(),
    ))
}

fn allowance_key(role: Role) -> String {
    format!("recognition_allowance_{}", role.as_str())
}

const CAP_KEY: &str = "recognition_recipient_cap";

async fn number<C: ConnectionTrait>(db: &C, key: &str, default: i32) -> Result<i32, AppError> {
    match setting::Entity::find_by_id(key.to_owned()).one(db).await? {
        None => Ok(default),
        Some(row) => row
            .value
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                tracing::error!(key, value = %row.value, "a stored recognition setting does not read");
                AppError::Internal
            }),
    }
}

/// The monthly allowance for a role.
pub async fn allowance<C: ConnectionTrait>(db: &C, role: Role) -> Result<i32, AppError> {
    number(db, &allowance_key(role), DEFAULT_ALLOWANCE).await
}

/// The most one giver may send one recipient in a month.
pub async fn recipient_cap<C: ConnectionTrait>(db: &C) -> Result<i32, AppError> {
    number(db, CAP_KEY, DEFAULT_RECIPIENT_CAP).await
}

const PER_UNIT_KEY: &str = "recognition_points_per_unit";
const CURRENCY_KEY: &str = "recognition_currency";

/// What points are worth in money, for budgeting (10 points = 1 EUR unless admins set otherwise).
pub async fn money<C: ConnectionTrait>(
    db: &C,
) -> Result<crate::recognition::types::MoneyRule, AppError> {
    let d = crate::recognition::types::MoneyRule::default();
    let currency = match setting::Entity::find_by_id(CURRENCY_KEY.to_owned())
        .one(db)
        .await?
    {
        Some(row) => row.value,
        None => d.currency,
    };
    Ok(crate::recognition::types::MoneyRule {
        points_per_unit: number(db, PER_UNIT_KEY, d.points_per_unit).await?.max(1),
        currency,
    })
}

/// The points settings as they stand (defaults where nothing is stored).
pub async fn settings<C: ConnectionTrait>(
    db: &C,
) -> Result<crate::recognition::types::PointSettings, AppError> {
    let mut allowances = Vec::new();
    for role in Role::ALL {
        allowances.push(crate::recognition::types::RoleAllowance {
            role,
            amount: allowance(db, role).await?,
        });
    }
    Ok(crate::recognition::types::PointSettings {
        allowances,
        cap: recipient_cap(db).await?,
        money: money(db).await?,
    })
}

/// Saves the points settings in one transaction. A changed allowance applies from each person's
/// next monthly grant; this month's grants stand.
pub async fn save_settings(
    db: &sea_orm::DatabaseConnection,
    form: &crate::recognition::types::PointSettingsForm,
) -> Result<String, AppError> {
    let amounts = crate::recognition::rules::check_point_settings(
        [
            ("staff", &form.staff),
            ("managers", &form.manager),
            ("HR", &form.hr),
            ("admins", &form.admin),
        ],
        &form.cap,
    )
    .map_err(AppError::Invalid);
    let money = crate::recognition::rules::check_money(&form.points_per_unit, &form.currency)
        .map_err(AppError::Invalid);
    let ((amounts, cap), (per_unit, currency)) = match (amounts, money) {
        (Ok(a), Ok(m)) => (a, m),
        (Err(AppError::Invalid(a)), Err(AppError::Invalid(m))) => {
            return Err(AppError::Invalid(format!("{a} {m}")));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut values: Vec<(String, String)> = [Role::Staff, Role::Manager, Role::Hr, Role::Admin]
        .into_iter()
        .zip(amounts)
        .map(|(r, a)| (allowance_key(r), a.to_string()))
        .collect();
    values.push((CAP_KEY.to_owned(), cap.to_string()));
    values.push((PER_UNIT_KEY.to_owned(), per_unit.to_string()));
    values.push((CURRENCY_KEY.to_owned(), currency));
    crate::state::write(db, move |txn| {
        Box::pin(async move {
            for (key, value) in values {
                let row = setting::ActiveModel {
                    key: Set(key.clone()),
                    value: Set(value),
                    updated_at: Set(Utc::now()),
                };
                match setting::Entity::find_by_id(key).one(txn).await? {
                    Some(_) => row.update(txn).await?,
                    None => row.insert(txn).await?,
                };
            }
            Ok(())
        })
    })
    .await?;
    Ok("The points settings are saved. New allowances apply from each person's next monthly grant.".into())
}

/// The sum of one account (for the allowance, of one month).
pub async fn sum<C: ConnectionTrait>(
    db: &C,
    user: i32,
    account: Account,
    month: &str,
) -> Result<i32, AppError> {
    let mut q = point_entry::Entity::find()
        .select_only()
        .column_as(point_entry::Column::Amount.sum(), "total")
        .filter(point_entry::Column::UserId.eq(user))
        .filter(point_entry::Column::Account.eq(account));
    if account == Account::Allowance {
        q = q.filter(point_entry::Column::Month.eq(month));
    }
    // SUM is NULL over no rows, and a bigint on PostgreSQL.
    let total: Option<Option<i64>> = q.into_tuple().one(db).await?;
    let total = total.flatten().unwrap_or(0);
    i32::try_from(total).map_err(|_| {
        tracing::error!(user, total, "a points balance is out of range");
        AppError::Internal
    })
}

/// Whether the month's allowance has been granted to `user`.
pub async fn granted<C: ConnectionTrait>(db: &C, user: i32, month: &str) -> Result<bool, AppError> {
    Ok(point_entry::Entity::find()
        .filter(point_entry::Column::UserId.eq(user))
        .filter(point_entry::Column::Kind.eq(EntryKind::Grant))
        .filter(point_entry::Column::Month.eq(month))
        .one(db)
        .await?
        .is_some())
}

/// What a ledger row came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Recognition(i32),
    Redemption(i32),
}

/// Appends planned rows, each linked to what it came from (a grant to nothing).
pub async fn append<C: ConnectionTrait>(
    db: &C,
    rows: &[Entry],
    link: Link,
) -> Result<(), AppError> {
    let now = Utc::now();
    for e in rows {
        row(e, link, now).insert(db).await?;
    }
    Ok(())
}

/// One planned row as stored, linked to what it came from (a grant to nothing), made at `at`.
pub fn row(e: &Entry, link: Link, at: DateTime<Utc>) -> point_entry::ActiveModel {
    let (recognition, redemption) = match link {
        Link::Recognition(id) => (Some(id), None),
        Link::Redemption(id) => (None, Some(id)),
    };
    point_entry::ActiveModel {
        user_id: Set(e.user),
        account: Set(e.account),
        month: Set(e.month.clone()),
        kind: Set(e.kind),
        amount: Set(e.amount),
        recognition_id: Set(recognition.filter(|_| e.kind != EntryKind::Grant)),
        redemption_id: Set(redemption),
        created_at: Set(at),
        ..Default::default()
    }
}

/// A person's points now: this month's allowance and what is left of it, and what they earned.
pub async fn balance<C: ConnectionTrait>(
    db: &C,
    user: i32,
    role: Role,
) -> Result<Balance, AppError> {
    let (month, month_label) = months_of(db, Utc::now()).await?;
    let allowance = allowance(db, role).await?;
    let left = if granted(db, user, &month).await? {
        sum(db, user, Account::Allowance, &month).await?
    } else {
        allowance
    };
    Ok(Balance {
        allowance,
        allowance_left: left,
        earned: sum(db, user, Account::Earned, "").await?,
        month,
        month_label,
    })
}
