//! The organisation: regions, sites in regions, departments in sites.
pub mod api;
pub mod logic;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod index;
#[cfg(feature = "ssr")]
pub mod scope;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod settings;
