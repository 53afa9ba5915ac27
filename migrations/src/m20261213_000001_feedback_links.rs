//! Public feedback links: a site's (or a department's, or a person's) page where customers answer
//! without logging in, reached from a QR code.
//!
//! - `feedback_links`: the public slug, the unit and channel its answers are kept under, which
//!   ratings it asks, who made it and when, and when it was switched off.
//! - `feedback_link_forms`: one-time form tokens: each form shown carries one, and an answer is
//!   kept only by deleting its token, so a replayed post is refused.
//! - `feedback_link_answers`: one answer per device, link and day.
//! - `feedback_link_rates`: answers per address in the current ten minutes (shared by instances).
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackLinks {
    Table,
    Id,
    Slug,
    SiteId,
    DepartmentId,
    PersonId,
    Channel,
    AskCsat,
    AskNps,
    AskCes,
    CreatedBy,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden)]
enum FeedbackLinkForms {
    Table,
    Nonce,
    LinkId,
    IssuedAt,
}

#[derive(DeriveIden)]
enum FeedbackLinkAnswers {
    Table,
    LinkId,
    Device,
    Day,
}

#[derive(DeriveIden)]
enum FeedbackLinkRates {
    Table,
    Address,
    Slot,
    Count,
}

fn fk<
    T: IntoIden + 'static,
    C: IntoIden + 'static,
    U: IntoIden + 'static,
    D: IntoIden + 'static,
>(
    table: T,
    col: C,
    to: U,
    to_col: D,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(to, to_col)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use FeedbackLinks as L;
        use ForeignKeyAction::{Cascade, Restrict};
        m.create_table(
            Table::create()
                .table(L::Table)
                .col(
                    ColumnDef::new(L::Id)
                        .integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(L::Slug).text().not_null().unique_key())
                .col(ColumnDef::new(L::SiteId).integer().not_null())
                .col(ColumnDef::new(L::DepartmentId).integer().null())
                .col(ColumnDef::new(L::PersonId).integer().null())
                .col(ColumnDef::new(L::Channel).text().not_null())
                .col(ColumnDef::new(L::AskCsat).boolean().not_null())
                .col(ColumnDef::new(L::AskNps).boolean().not_null())
                .col(ColumnDef::new(L::AskCes).boolean().not_null())
                .col(ColumnDef::new(L::CreatedBy).integer().not_null())
                .col(
                    ColumnDef::new(L::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(L::DisabledAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    L::Table,
                    L::SiteId,
                    Sites::Table,
                    Sites::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    L::Table,
                    L::DepartmentId,
                    Departments::Table,
                    Departments::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    L::Table,
                    L::PersonId,
                    Users::Table,
                    Users::Id,
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    L::Table,
                    L::CreatedBy,
                    Users::Table,
                    Users::Id,
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        use FeedbackLinkForms as F;
        m.create_table(
            Table::create()
                .table(F::Table)
                .col(ColumnDef::new(F::Nonce).text().not_null().primary_key())
                .col(ColumnDef::new(F::LinkId).integer().not_null())
                .col(
                    ColumnDef::new(F::IssuedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(F::Table, F::LinkId, L::Table, L::Id, Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_feedback_link_forms_issued")
                .table(F::Table)
                .col(F::IssuedAt)
                .to_owned(),
        )
        .await?;
        use FeedbackLinkAnswers as A;
        m.create_table(
            Table::create()
                .table(A::Table)
                .col(ColumnDef::new(A::LinkId).integer().not_null())
                .col(ColumnDef::new(A::Device).text().not_null())
                .col(ColumnDef::new(A::Day).date().not_null())
                .primary_key(Index::create().col(A::LinkId).col(A::Device).col(A::Day))
                .foreign_key(&mut fk(A::Table, A::LinkId, L::Table, L::Id, Cascade))
                .to_owned(),
        )
        .await?;
        use FeedbackLinkRates as R;
        m.create_table(
            Table::create()
                .table(R::Table)
                .col(ColumnDef::new(R::Address).text().not_null().primary_key())
                .col(ColumnDef::new(R::Slot).big_integer().not_null())
                .col(ColumnDef::new(R::Count).integer().not_null())
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
