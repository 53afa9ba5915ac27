//! Logging in and out, the current user, password changes, and the throttle's stored state.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::auth::password;
use crate::auth::policy::Actor;
use crate::auth::sessions;
use crate::auth::throttle::{self, Rule};
use crate::auth::types::{Role, SessionUser};
use crate::entities::{login_throttle, user};
use crate::error::AppError;
use crate::request;
use crate::state::{self, AppState};

const USER_ID: &str = "uid";
/// When the session signed in, in milliseconds (compared with the person's `sessions_revoked_at`).
const LOGIN_AT: &str = "login_at_ms";
/// A session ends this long after login, however active it is (the idle timeout is the cookie's).
pub const ABSOLUTE_LIFETIME_SECS: i64 = 12 * 60 * 60;

/// The logged-in person, as the server needs them.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i32,
    pub pid: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub site_id: Option<i32>,
    pub department_id: Option<i32>,
    pub manager_id: Option<i32>,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
        }
    }

    pub fn wire(&self) -> SessionUser {
        SessionUser {
            pid: self.pid.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role,
        }
    }
}

impl From<user::Model> for CurrentUser {
    fn from(m: user::Model) -> Self {
        CurrentUser {
            role: m.role,
            id: m.id,
            pid: m.pid,
            name: m.name,
            email: m.email,
            site_id: m.site_id,
            department_id: m.department_id,
            manager_id: m.manager_id,
        }
    }
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The session's user if the session is live and the account still active; otherwise ends the session.
pub async fn current_user(state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    let session = request::session().await?;
    user_of_session(state, &session).await
}

/// The same, for plain axum handlers that hold the session themselves (downloads).
pub async fn user_of_session(
    state: &AppState,
    session: &tower_sessions::Session,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(uid) = session.get::<i32>(USER_ID).await? else {
        return Ok(None);
    };
    let login_at = session.get::<i64>(LOGIN_AT).await?.unwrap_or(0);
    if sessions::now_ms() - login_at > ABSOLUTE_LIFETIME_SECS * 1000 {
        end_session(state, session).await?;
        return Ok(None);
    }
    let found = user::Entity::find_by_id(uid).one(&state.db).await?;
    match found
        .filter(|u| u.active && !sessions::is_revoked(u, login_at))
        .map(CurrentUser::from)
    {
        Some(u) => Ok(Some(u)),
        None => {
            end_session(state, session).await?;
            Ok(None)
        }
    }
}

/// Deletes the session from the store and forgets whose it was.
async fn end_session(state: &AppState, session: &tower_sessions::Session) -> Result<(), AppError> {
    let id = session.id();
    session.flush().await?;
    sessions::forget(state, id).await
}

pub async fn require_user(state: &AppState) -> Result<CurrentUser, AppError> {
    current_user(state).await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in caller of a server function, allowed `permission` by the one policy.
pub async fn caller(
    permission: crate::auth::policy::Permission,
) -> Result<(AppState, CurrentUser), AppError> {
    let state = crate::state::app_state()?;
    let me = require_user(&state).await?;
    crate::auth::policy::authorize(me.actor(), permission)?;
    Ok((state, me))
}

async fn throttle_state<C: sea_orm::ConnectionTrait>(
    db: &C,
    key: &str,
) -> Result<Option<throttle::State>, AppError> {
    Ok(login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map(|r| throttle::State {
            failures: r.failures,
            window_started: r.window_started_at.timestamp(),
            locked_until: r.locked_until.map(|t| t.timestamp()),
        }))
}

fn to_time(secs: i64) -> chrono::DateTime<Utc> {
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_else(Utc::now)
}

async fn record_failure(state: &AppState, keys: Vec<(String, Rule)>) -> Result<(), AppError> {
    state::write(&state.db, move |txn| {
        Box::pin(async move {
            let now = Utc::now().timestamp();
            for (key, rule) in keys {
                let prev = throttle_state(txn, &key).await?;
                let next = throttle::after_failure(rule, prev, now);
                let row = login_throttle::ActiveModel {
                    key: Set(key.clone()),
                    failures: Set(next.failures),
                    window_started_at: Set(to_time(next.window_started)),
                    locked_until: Set(next.locked_until.map(to_time)),
                };
                if prev.is_some() {
                    row.update(txn).await?;
                } else {
                    row.insert(txn).await?;
                }
            }
            Ok(())
        })
    })
    .await
}

fn too_many(secs: i64) -> AppError {
    AppError::TooManyRequests {
        message: format!(
            "Too many failed login attempts. Please wait {} and try again.",
            throttle::describe_wait(secs)
        ),
        retry_after: u32::try_from(throttle::stated_wait(secs)).unwrap_or(u32::MAX),
    }
}

pub const WRONG_CREDENTIALS: &str = "That email and password do not match an active account.";

/// Checks the credentials; on success starts a fresh session (new id) for the person.
pub async fn login(
    state: &AppState,
    email: &str,
    password_text: String,
) -> Result<CurrentUser, AppError> {
    let email = normalize_email(email);
    if email.is_empty() || password_text.is_empty() {
        return Err(AppError::invalid("Enter your email and password."));
    }
    let account_key = format!("acct:{}", email.chars().take(254).collect::<String>());
    let address_key = format!("ip:{}", request::client_address(state.settings.trust_proxy));
    let now = Utc::now().timestamp();
    for key in [&account_key, &address_key] {
        if let Some(secs) = throttle::locked_for(throttle_state(&state.db, key).await?, now) {
            return Err(too_many(secs));
        }
    }

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(&state.db)
        .await?
        .filter(|u| u.active);
    let stored = found.as_ref().and_then(|u| u.password_hash.clone());
    let ok = password::verify(state, stored, password_text).await?;
    let person = match (ok, found.map(CurrentUser::from)) {
        (true, Some(person)) => person,
        _ => {
            record_failure(
                state,
                vec![
                    (account_key, throttle::ACCOUNT),
                    (address_key, throttle::ADDRESS),
                ],
            )
            .await?;
            return Err(AppError::invalid(WRONG_CREDENTIALS));
        }
    };
    login_throttle::Entity::delete_by_id(account_key)
        .exec(&state.db)
        .await?;

    let session = request::session().await?;
    start_session(state, &session, person.id, sessions::now_ms()).await?;
    tracing::info!(user = person.id, "login");
    Ok(person)
}

/// Gives the session a new id (against fixation), signs it in as `user_id` at `login_at` (ms) and
/// records it as theirs.
async fn start_session(
    state: &AppState,
    session: &tower_sessions::Session,
    user_id: i32,
    login_at: i64,
) -> Result<(), AppError> {
    let old = session.id();
    session.cycle_id().await?;
    sessions::forget(state, old).await?;
    session.insert(USER_ID, user_id).await?;
    session.insert(LOGIN_AT, login_at).await?;
    sessions::record(state, session, user_id).await
}

pub async fn logout(state: &AppState) -> Result<(), AppError> {
    end_session(state, &request::session().await?).await
}

pub async fn change_password(
    state: &AppState,
    me: &CurrentUser,
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    if new != confirm {
        return Err(AppError::invalid(
            "The new password and its confirmation differ.",
        ));
    }
    if new == current {
        return Err(AppError::invalid(
            "The new password must differ from the current one.",
        ));
    }
    let local = me.email.split('@').next().unwrap_or_default().to_owned();
    password::check_policy(&new, &[&me.name, &me.email, &local])?;
    let row = user::Entity::find_by_id(me.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !password::verify(state, row.password_hash.clone(), current).await? {
        return Err(AppError::invalid("The current password is not correct."));
    }
    let hash = password::hash(state, new).await?;
    let revoked_at = set_password_hash(state, row, hash).await?;
    // This session stays signed in, under a new id; every other one ends.
    let session = request::session().await?;
    start_session(state, &session, me.id, revoked_at).await?;
    sessions::delete_stored(state, me.id, session.id()).await
}

/// Stores a new password hash and, in the same write, ends the person's sessions (they are deleted
/// from the store afterwards). Returns the moment of revocation in milliseconds.
pub async fn set_password_hash(
    state: &AppState,
    row: user::Model,
    hash: String,
) -> Result<i64, AppError> {
    state::write(&state.db, move |txn| {
        Box::pin(async move {
            let id = row.id;
            let mut active: user::ActiveModel = row.into();
            active.password_hash = Set(Some(hash));
            active.updated_at = Set(Utc::now());
            active.update(txn).await?;
            sessions::mark_revoked(txn, id).await
        })
    })
    .await
}
