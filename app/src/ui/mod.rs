//! Shared components: the page frame and navigation, role guards, form outcomes, error pages.
mod layout;
mod outcome;

pub use layout::{Guard, Layout, NotFound, SessionResource, use_session_user};
pub use outcome::{ErrorPanel, LatestOutcome, Outcome, url_error};
