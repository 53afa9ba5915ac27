//! Which sessions a person has, and ending them all: after a password change, a reset or a deactivation.
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tower_sessions::Session;
use tower_sessions::session::Id;

use crate::entities::{user, user_session};
use crate::error::AppError;
use crate::state::AppState;

/// Milliseconds since the epoch: the resolution at which a session's start is compared with a revocation.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Gives the session an id now (rather than when the response is sent) and records it as `user_id`'s.
pub async fn record(state: &AppState, session: &Session, user_id: i32) -> Result<(), AppError> {
    session.save().await?;
    let Some(id) = session.id() else {
        tracing::error!("a saved session has no id");
        return Err(AppError::Internal);
    };
    user_session::ActiveModel {
        session_id: Set(id.to_string()),
        user_id: Set(user_id),
        started_at: Set(Utc::now()),
    }
    .insert(&state.db)
    .await?;
    Ok(())
}

/// Forgets the record of a session that has ended (logout).
pub async fn forget(state: &AppState, id: Option<Id>) -> Result<(), AppError> {
    if let Some(id) = id {
        user_session::Entity::delete_by_id(id.to_string())
            .exec(&state.db)
            .await?;
    }
    Ok(())
}

/// Deletes every stored session of `user_id` except `keep`. Call it after the write that marked them
/// revoked ([`mark_revoked`]): that mark already refuses them, and also refuses a deleted session that a
/// request in flight writes back.
pub async fn delete_stored(
    state: &AppState,
    user_id: i32,
    keep: Option<Id>,
) -> Result<(), AppError> {
    let kept = keep.map(|k| k.to_string());
    let rows = user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .all(&state.db)
        .await?;
    for row in rows.iter().filter(|r| Some(&r.session_id) != kept.as_ref()) {
        if let Ok(id) = row.session_id.parse::<Id>() {
            state.sessions.delete(&id).await?;
        }
        user_session::Entity::delete_by_id(row.session_id.clone())
            .exec(&state.db)
            .await?;
    }
    Ok(())
}

/// From now on, sessions of `user_id` that signed in earlier stop counting (part of a larger write).
/// Returns that moment in milliseconds: a session that is to stay must carry it as its sign-in time.
pub async fn mark_revoked<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<i64, AppError> {
    let at_ms = now_ms();
    let at = DateTime::from_timestamp_millis(at_ms).unwrap_or_else(Utc::now);
    user::Entity::update(user::ActiveModel {
        id: Set(user_id),
        sessions_revoked_at: Set(Some(at)),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(at_ms)
}

/// True when a session that signed in at `signed_in_ms` was ended by a later revocation.
pub fn is_revoked(u: &user::Model, signed_in_ms: i64) -> bool {
    u.sessions_revoked_at
        .is_some_and(|at| signed_in_ms < at.timestamp_millis())
}

/// Drops records of sessions past the absolute lifetime (the store deletes the sessions themselves).
pub async fn forget_stale(state: &AppState, lifetime_secs: i64) -> Result<u64, AppError> {
    let before = Utc::now() - chrono::Duration::seconds(lifetime_secs);
    Ok(user_session::Entity::delete_many()
        .filter(user_session::Column::StartedAt.lt(before))
        .exec(&state.db)
        .await?
        .rows_affected)
}
