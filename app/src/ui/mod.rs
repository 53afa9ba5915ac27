//! Shared components: the page frame and navigation, role guards, form outcomes, error pages, safe raw text.
mod layout;
mod outcome;
mod text;

pub use layout::{Guard, Layout, NotFound, SessionResource, use_session_user};
pub use outcome::{ErrorPanel, LatestOutcome, Outcome, url_error};
pub use text::{TextArea, raw_text};
