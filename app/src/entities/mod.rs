//! sea-orm entities, one per table, matching `migrations/`. Behaviour lives in the feature services.
pub mod department;
pub mod login_throttle;
pub mod people_import;
pub mod region;
pub mod site;
pub mod user;
