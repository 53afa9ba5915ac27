//! Server-side state every server function reaches through Leptos context, and the write-transaction rule.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, Statement,
    TransactionError, TransactionTrait,
};
use tokio::sync::Semaphore;
use tower_sessions::SessionStore as _;
use tower_sessions::session::Id;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::error::AppError;

/// Policy knobs that differ between production, demo and tests.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Send cookies with `Secure` and responses with HSTS.
    pub secure: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
}

/// The session store, on the same database as everything else (so instances stay stateless).
#[derive(Clone, Debug)]
pub enum SessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionStore {
    pub fn over(db: &DatabaseConnection) -> Self {
        match db.get_database_backend() {
            DatabaseBackend::Postgres => SessionStore::Postgres(PostgresStore::new(
                db.get_postgres_connection_pool().clone(),
            )),
            _ => SessionStore::Sqlite(SqliteStore::new(db.get_sqlite_connection_pool().clone())),
        }
    }

    /// Removes one session from the store; a session already gone is not an error.
    pub async fn delete(&self, id: &Id) -> Result<(), AppError> {
        let result = match self {
            SessionStore::Sqlite(s) => s.delete(id).await,
            SessionStore::Postgres(s) => s.delete(id).await,
        };
        result.map_err(|e| {
            tracing::warn!(error = %e, "could not delete a session");
            AppError::Unavailable
        })
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Settings,
    /// Bounds concurrent argon2 work so a login flood cannot exhaust memory or CPU.
    pub hash_permits: Arc<Semaphore>,
    pub sessions: SessionStore,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        let permits = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .max(2);
        AppState {
            sessions: SessionStore::over(&db),
            db,
            settings,
            hash_permits: Arc::new(Semaphore::new(permits)),
        }
    }
}

/// The state provided by the server; missing context is a wiring bug, reported as an internal error.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

/// True when the error means "try again soon": pool exhausted, server down, SQLite locked.
pub fn is_busy(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        other => {
            let text = other.to_string();
            text.contains("database is locked")
                || text.contains("SQLITE_BUSY")
                || text.contains("Connection refused")
                || text.contains("could not serialize access")
        }
    }
}

type TxFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'c>>;

/// Runs `work` in one transaction: all of it is written, or none of it.
///
/// On SQLite the transaction takes the write lock before its first read (an empty
/// write statement), so a concurrent writer makes it wait for `busy_timeout` instead
/// of failing later with a stale snapshot.
pub async fn write<T, F>(db: &DatabaseConnection, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: for<'c> FnOnce(&'c DatabaseTransaction) -> TxFuture<'c, T> + Send + 'static,
{
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    db.transaction::<_, T, AppError>(move |txn| {
        Box::pin(async move {
            if sqlite {
                txn.execute(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "DELETE FROM login_throttles WHERE 1 = 0",
                ))
                .await?;
            }
            work(txn).await
        })
    })
    .await
    .map_err(|e| match e {
        TransactionError::Connection(db_err) => AppError::from(db_err),
        TransactionError::Transaction(app_err) => app_err,
    })
}
