//! Scenario training: the scenario model and its rules, modules, assignments, attempts and skill profiles.
//!
//! - `rules/`: pure rules (model, play, validation, editor form, map, analytics, progress).
//! - `types.rs`: wire types the browser and server exchange.
//! - `files/`: interchange formats (scenario and module TOML, xAPI) and the starter library.
//! - `service/`: queries and transactions; `api.rs`: server functions; `pages/`: the pages.
pub mod api;
pub mod files;
pub mod pages;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod service;
