//! Each role's home page.
pub mod api;
pub mod pages;
