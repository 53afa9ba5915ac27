//! Engagement surveys' services: the item bank, surveys, answering, results.
pub mod answering;
pub mod figures;
pub mod insights;
pub mod internal;
pub mod items;
pub mod plans;
pub mod results;
pub mod surveys;
