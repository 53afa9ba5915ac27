//! People: the directory, profiles, editing, deactivation, and CSV import.
pub mod api;
pub mod logic;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod import_plan;
#[cfg(feature = "ssr")]
pub mod service;
