//! A manager's scope, the one definition behind every "their own" rule: the people who report to
//! them, directly or further down, and everyone in the sites they manage and the departments they
//! head. HR and admins reach everyone; staff reach only themselves.
use std::collections::BTreeSet;

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::auth::types::Role;
use crate::error::AppError;

/// Whom someone's "their own" covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// HR and admins.
    Everyone,
    /// A manager's people (never including the manager) and the units they lead.
    Scope(Scope),
    /// Staff: nobody but themselves.
    Own,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub people: BTreeSet<i32>,
    pub sites: BTreeSet<i32>,
    pub departments: BTreeSet<i32>,
}

impl Reach {
    /// Whether `person` is someone this reach covers (oneself always is).
    pub fn covers(&self, me: i32, person: i32) -> bool {
        person == me
            || match self {
                Reach::Everyone => true,
                Reach::Scope(s) => s.people.contains(&person),
                Reach::Own => false,
            }
    }

    /// The people covered, or `None` for everyone.
    pub fn people(&self, me: i32) -> Option<BTreeSet<i32>> {
        match self {
            Reach::Everyone => None,
            Reach::Scope(s) => Some(s.people.clone()),
            Reach::Own => Some(BTreeSet::from([me])),
        }
    }
}

/// The people in a manager's scope (one recursive query, the same on SQLite and PostgreSQL).
const PEOPLE: &str = "
WITH RECURSIVE team(id) AS (
    SELECT id FROM users WHERE manager_id = $1
    UNION
    SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id
)
SELECT id FROM team
UNION SELECT id FROM users WHERE site_id IN (SELECT id FROM sites WHERE manager_id = $1)
UNION SELECT id FROM users WHERE department_id IN (SELECT id FROM departments WHERE head_id = $1)";

/// Whether one person is in a manager's scope (the same query, asked about one id).
const COVERS: &str = "
WITH RECURSIVE team(id) AS (
    SELECT id FROM users WHERE manager_id = $1
    UNION
    SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id
)
SELECT COUNT(*) AS n FROM (
    SELECT id FROM team
    UNION SELECT id FROM users WHERE site_id IN (SELECT id FROM sites WHERE manager_id = $1)
    UNION SELECT id FROM users WHERE department_id IN (SELECT id FROM departments WHERE head_id = $1)
) s WHERE s.id = $2";

/// The units a person leads: ("site", id) or ("department", id).
const UNITS: &str = "
SELECT 'site' AS kind, id FROM sites WHERE manager_id = $1
UNION ALL
SELECT 'department' AS kind, id FROM departments WHERE head_id = $1";

fn statement(db: DbBackend, sql: &str, me: i32) -> Statement {
    // SQLite reads `$1` as a numbered parameter too, so one text serves both.
    Statement::from_sql_and_values(db, sql, [Value::from(me)])
}

/// Whether `person` is in `manager`'s scope.
pub async fn covers<C: ConnectionTrait>(
    db: &C,
    manager: i32,
    person: i32,
) -> Result<bool, AppError> {
    let stmt = Statement::from_sql_and_values(
        db.get_database_backend(),
        COVERS,
        [Value::from(manager), Value::from(person)],
    );
    let n: i64 = match db.query_one(stmt).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok(n > 0)
}

/// The reach of someone with this role.
pub async fn reach<C: ConnectionTrait>(db: &C, me: i32, role: Role) -> Result<Reach, AppError> {
    Ok(match role {
        Role::Hr | Role::Admin => Reach::Everyone,
        Role::Staff => Reach::Own,
        Role::Manager => Reach::Scope(scope(db, me).await?),
    })
}

/// A manager's scope, whatever their role (used for the leader of a unit too).
pub async fn scope<C: ConnectionTrait>(db: &C, me: i32) -> Result<Scope, AppError> {
    let backend = db.get_database_backend();
    let mut out = Scope::default();
    for row in db.query_all(statement(backend, PEOPLE, me)).await? {
        let id: i32 = row.try_get("", "id")?;
        if id != me {
            out.people.insert(id);
        }
    }
    for row in db.query_all(statement(backend, UNITS, me)).await? {
        let kind: String = row.try_get("", "kind")?;
        let id: i32 = row.try_get("", "id")?;
        match kind.as_str() {
            "site" => out.sites.insert(id),
            _ => out.departments.insert(id),
        };
    }
    Ok(out)
}
