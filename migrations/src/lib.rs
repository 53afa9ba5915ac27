//! Forward-only schema migrations for Rapport, run on SQLite and PostgreSQL alike.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_organisation;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261123_000001_create_organisation::Migration)]
    }
}
