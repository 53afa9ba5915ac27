//! Shared components: charts, the page frame and navigation, role guards, form outcomes, error pages, safe raw text.
pub mod charts;
mod layout;
mod outcome;
mod period;
pub mod text;

pub use layout::{Guard, Layout, NotFound, SessionResource, use_session_user};
pub use outcome::{ErrorPanel, LatestOutcome, Outcome, url_error};
pub use period::{PeriodFields, select};
pub use text::{TextArea, raw_text, thousands};

/// Bar widths come from classes in 5% steps: the page's CSP forbids inline styles.
pub fn width_class(percent: i32) -> String {
    format!("w{}", (percent.clamp(0, 100) + 2) / 5 * 5)
}
