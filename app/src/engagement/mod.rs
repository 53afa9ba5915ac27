//! Engagement surveys with anonymity by design.
//!
//! - `types.rs`: stored enums (drivers, scales, kinds, coarse attributes), the built-in item bank,
//!   wire types.
//! - `rules.rs`: pure rules: reading forms and answers, coarsening attributes, scoring, and the
//!   per-unit counts that the shared `reporting::confidentiality` decides on.
//! - `service/`: the bank (`items.rs`), surveys (`surveys.rs`), answering (`answering.rs`),
//!   results, heatmap and CSVs (`results.rs`).
//! - `api.rs`: server functions; `pages/`: the pages.
pub mod api;
pub mod pages;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod service;
