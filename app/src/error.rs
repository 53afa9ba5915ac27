//! `AppError`: the one error type that crosses the wire. Causes are logged on the server, never sent.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// How long a client waits before repeating a request the database was too busy for.
pub const UNAVAILABLE_RETRY_SECS: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("{0} was not found.")]
    NotFound(String),
    /// Input that was checked and refused; the message says what to change.
    #[error("{0}")]
    Invalid(String),
    /// The request clashes with existing data (a duplicate name, a site that still has people).
    #[error("{0}")]
    Conflict(String),
    /// Refused for now; `retry_after` seconds from now it may succeed (the message says the same).
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: u32 },
    #[error(
        "The service is busy right now. Nothing was changed; please try again in a few seconds."
    )]
    Unavailable,
    #[error("Something went wrong on our side. Nothing was changed; please try again.")]
    Internal,
    /// The browser could not reach the server or could not read its answer.
    #[error("Could not reach the server: {0}")]
    Transport(String),
}

impl AppError {
    /// The HTTP status a response carrying this error gets.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    pub fn invalid(msg: impl Into<String>) -> Self {
        AppError::Invalid(msg.into())
    }

    /// Seconds after which repeating the request may succeed, for the `Retry-After` header.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            AppError::Unavailable => Some(UNAVAILABLE_RETRY_SECS),
            AppError::TooManyRequests { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not deserialize are bad input, not our failure.
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::Invalid(format!("The form was incomplete or malformed: {msg}"))
            }
            ServerFnErrorErr::Request(msg) | ServerFnErrorErr::Response(msg) => {
                AppError::Transport(msg)
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = err.sql_err() {
            return AppError::Conflict("That already exists; nothing was changed.".into());
        }
        // PostgreSQL cannot store a NUL character in text (SQLite can): bad input, not our failure.
        let text = err.to_string();
        if text.contains("invalid byte sequence") && text.contains("0x00") {
            return AppError::Invalid(
                "The text contains a NUL character, which cannot be stored: remove it and try again. Nothing was changed.".into(),
            );
        }
        if crate::state::is_busy(&err) {
            tracing::warn!(error = %err, "database busy or unreachable");
            AppError::Unavailable
        } else {
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        tracing::error!(error = %err, "session store error");
        AppError::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_meaning() {
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(
            AppError::TooManyRequests {
                message: "x".into(),
                retry_after: 1
            }
            .status(),
            429
        );
        assert_eq!(AppError::Unavailable.status(), 503);
    }

    #[test]
    fn internal_message_says_nothing_about_the_cause() {
        let text = AppError::Internal.to_string();
        assert!(!text.to_lowercase().contains("sql"));
        assert!(text.contains("Nothing was changed"));
    }
}
