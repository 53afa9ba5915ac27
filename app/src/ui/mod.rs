//! Shared components: charts, the page frame and navigation, role guards, form outcomes, error pages, safe raw text.
pub mod charts;
mod layout;
mod outcome;
mod period;
pub mod text;

pub use layout::{Guard, Layout, NotFound, SessionResource, use_session_user};
pub use outcome::{ErrorPanel, LatestOutcome, Outcome, url_error};
pub use period::{PeriodFields, select};
pub use text::{TextArea, raw_text};
