//! sea-orm entities, one per table, matching `migrations/`. Behaviour lives in the feature services.
pub mod assignment;
pub mod attempt;
pub mod attempt_choice;
pub mod certificate;
pub mod department;
pub mod login_throttle;
pub mod module;
pub mod module_scenario;
pub mod people_import;
pub mod region;
pub mod scenario;
pub mod scenario_draft;
pub mod scenario_version;
pub mod setting;
pub mod site;
pub mod user;
pub mod user_session;
