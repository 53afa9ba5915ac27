//! Forward-only schema migrations for Rapport, run on SQLite and PostgreSQL alike.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_organisation;
mod m20261124_000001_create_training;
mod m20261124_000002_create_settings;
mod m20261124_000003_create_certificates;
mod m20261124_000004_add_scenario_status;
mod m20261124_000005_create_scenario_drafts;
mod m20261202_000001_track_sessions;
mod m20261203_000001_unit_leaders;
mod m20261203_000002_joiners;
mod m20261204_000001_recognition;
mod m20261205_000001_rewards;
mod m20261205_000002_awards;
mod m20261206_000001_reactions;
mod m20261207_000001_award_programmes;
mod m20261208_000001_engagement_surveys;
mod m20261209_000001_actions_internal_service;
mod m20261210_000001_answer_segments;
mod m20261211_000001_feedback;
mod m20261212_000001_api_tokens;
mod m20261213_000001_feedback_links;
mod m20261214_000001_feedback_followups;
mod m20261215_000001_feedback_daily;
mod m20261216_000001_feedback_imports;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_organisation::Migration),
            Box::new(m20261124_000001_create_training::Migration),
            Box::new(m20261124_000002_create_settings::Migration),
            Box::new(m20261124_000003_create_certificates::Migration),
            Box::new(m20261124_000004_add_scenario_status::Migration),
            Box::new(m20261124_000005_create_scenario_drafts::Migration),
            Box::new(m20261202_000001_track_sessions::Migration),
            Box::new(m20261203_000001_unit_leaders::Migration),
            Box::new(m20261203_000002_joiners::Migration),
            Box::new(m20261204_000001_recognition::Migration),
            Box::new(m20261205_000001_rewards::Migration),
            Box::new(m20261205_000002_awards::Migration),
            Box::new(m20261206_000001_reactions::Migration),
            Box::new(m20261207_000001_award_programmes::Migration),
            Box::new(m20261208_000001_engagement_surveys::Migration),
            Box::new(m20261209_000001_actions_internal_service::Migration),
            Box::new(m20261210_000001_answer_segments::Migration),
            Box::new(m20261211_000001_feedback::Migration),
            Box::new(m20261212_000001_api_tokens::Migration),
            Box::new(m20261213_000001_feedback_links::Migration),
            Box::new(m20261214_000001_feedback_followups::Migration),
            Box::new(m20261215_000001_feedback_daily::Migration),
            Box::new(m20261216_000001_feedback_imports::Migration),
        ]
    }
}
