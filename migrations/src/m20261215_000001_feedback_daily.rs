//! Guest tracking reads daily sums, not every response: with two million responses the pages
//! would otherwise add up a year of rows on every view.
//!
//! - `feedback_daily`: per site, department (0 for none) and local day, the eight sums a tally is
//!   made of (responses; CSAT ratings and those of 4-5; NPS ratings, promoters and detractors;
//!   CES ratings and their sum).
//! - `feedback_daily_detail`: the same per channel and person who served (0 for none), for the
//!   breakdowns by channel and person.
//!
//! Indexes on when responses happened (per site, per person and overall) let the guest pages
//! read the latest comments without sorting a quarter's responses.
//!
//! Both tables are rebuilt from `feedback_responses` for the sites and days each write touches, in the
//! writer's transaction; this migration fills them from the responses already there.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedbackDaily {
    Table,
    SiteId,
    DepartmentKey,
    Day,
}

#[derive(DeriveIden)]
enum FeedbackDailyDetail {
    Table,
    SiteId,
    DepartmentKey,
    Day,
    Channel,
    PersonKey,
}

const SUMS: [&str; 8] = [
    "responses",
    "csat_n",
    "csat_satisfied",
    "nps_n",
    "promoters",
    "detractors",
    "ces_n",
    "ces_sum",
];

/// The sums over `feedback_responses`, in `SUMS` order.
pub const SUM_SQL: &str = "COUNT(*), COUNT(csat), \
     COALESCE(SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END), 0), COUNT(nps), \
     COALESCE(SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END), 0), \
     COALESCE(SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END), 0), COUNT(ces), COALESCE(SUM(ces), 0)";

fn with_sums(mut t: TableCreateStatement) -> TableCreateStatement {
    for s in SUMS {
        t.col(ColumnDef::new(Alias::new(s)).big_integer().not_null());
    }
    t
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use FeedbackDaily as D;
        use FeedbackDailyDetail as E;
        m.create_table(with_sums(
            Table::create()
                .table(D::Table)
                .col(ColumnDef::new(D::SiteId).integer().not_null())
                .col(ColumnDef::new(D::DepartmentKey).integer().not_null())
                .col(ColumnDef::new(D::Day).date().not_null())
                .primary_key(
                    Index::create()
                        .col(D::SiteId)
                        .col(D::Day)
                        .col(D::DepartmentKey),
                )
                .to_owned(),
        ))
        .await?;
        m.create_index(
            Index::create()
                .name("idx_feedback_daily_day")
                .table(D::Table)
                .col(D::Day)
                .to_owned(),
        )
        .await?;
        m.create_table(with_sums(
            Table::create()
                .table(E::Table)
                .col(ColumnDef::new(E::SiteId).integer().not_null())
                .col(ColumnDef::new(E::DepartmentKey).integer().not_null())
                .col(ColumnDef::new(E::Day).date().not_null())
                .col(ColumnDef::new(E::Channel).text().not_null())
                .col(ColumnDef::new(E::PersonKey).integer().not_null())
                .primary_key(
                    Index::create()
                        .col(E::SiteId)
                        .col(E::Day)
                        .col(E::DepartmentKey)
                        .col(E::Channel)
                        .col(E::PersonKey),
                )
                .to_owned(),
        ))
        .await?;
        m.create_index(
            Index::create()
                .name("idx_feedback_daily_detail_department")
                .table(E::Table)
                .col(E::DepartmentKey)
                .col(E::Day)
                .to_owned(),
        )
        .await?;
        // Guest pages list the latest comments of a site or of everyone.
        m.create_index(
            Index::create()
                .name("idx_feedback_site_occurred")
                .table(Alias::new("feedback_responses"))
                .col(Alias::new("site_id"))
                .col(Alias::new("occurred_at"))
                .to_owned(),
        )
        .await?;
        // A person's comments, newest first (replacing the (person, day) index that the
        // breakdowns by person no longer read).
        m.drop_index(
            Index::drop()
                .name("idx_feedback_person_day")
                .table(Alias::new("feedback_responses"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_feedback_person_occurred")
                .table(Alias::new("feedback_responses"))
                .col(Alias::new("person_id"))
                .col(Alias::new("occurred_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_feedback_occurred")
                .table(Alias::new("feedback_responses"))
                .col(Alias::new("occurred_at"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let sums = SUMS.join(", ");
        for sql in [
            format!(
                "INSERT INTO feedback_daily (site_id, department_key, day, {sums}) \
                 SELECT site_id, COALESCE(department_id, 0), day, {SUM_SQL} FROM feedback_responses \
                 GROUP BY site_id, COALESCE(department_id, 0), day"
            ),
            format!(
                "INSERT INTO feedback_daily_detail (site_id, department_key, day, channel, person_key, {sums}) \
                 SELECT site_id, COALESCE(department_id, 0), day, channel, COALESCE(person_id, 0), {SUM_SQL} \
                 FROM feedback_responses \
                 GROUP BY site_id, COALESCE(department_id, 0), day, channel, COALESCE(person_id, 0)"
            ),
        ] {
            db.execute(Statement::from_string(backend, sql)).await?;
        }
        Ok(())
    }
}
