//! Training's interchange formats: scenarios and whole modules as TOML files, learning records as
//! xAPI statements, and the starter library shipped with Rapport.
#[cfg(feature = "ssr")]
pub mod bundle;
#[cfg(feature = "ssr")]
pub mod format;
pub mod library;
#[cfg(feature = "ssr")]
pub mod xapi;
