//! Accounts: login, logout, sessions, passwords, throttling, and the authorisation policy.
pub mod api;
pub mod pages;
pub mod password_rules;
pub mod policy;
pub mod throttle;
pub mod types;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sessions;
