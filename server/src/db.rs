//! Connecting to SQLite or PostgreSQL with settings that suit each, and migrating both schemas.
use std::time::Duration;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://rapport.db?mode=rwc";

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let sqlite = url.starts_with("sqlite:");
    let mut opt = ConnectOptions::new(url.to_owned());
    opt.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(5))
        .max_connections(if sqlite { 8 } else { 20 })
        .min_connections(1);
    if sqlite {
        opt.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    }
    Database::connect(opt)
        .await
        .with_context(|| format!("could not open the database at {}", redact(url)))
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Applies Rapport's migrations and the session store's table.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("migrating the database")?;
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => SqliteStore::new(db.get_sqlite_connection_pool().clone())
            .migrate()
            .await
            .context("creating the session table")?,
        DatabaseBackend::Postgres => PostgresStore::new(db.get_postgres_connection_pool().clone())
            .migrate()
            .await
            .context("creating the session table")?,
        other => anyhow::bail!("unsupported database backend {other:?}"),
    }
    app::engagement::service::items::ensure_bank(db)
        .await
        .map_err(|e| anyhow::anyhow!("adding the survey item bank: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://app:secret@db:5432/r"),
            "postgres://app:***@db:5432/r"
        );
        assert_eq!(
            redact("sqlite://rapport.db?mode=rwc"),
            "sqlite://rapport.db?mode=rwc"
        );
    }
}
