//! Customer satisfaction, the fourth pillar: customers' responses (CSAT, NPS, CES) per site,
//! department, person and channel, and the ways they come in.
pub mod api;
pub mod api_doc;
pub mod api_page;
pub mod followup_api;
pub mod followup_pages;
pub mod followup_types;
pub mod imports_api;
pub mod imports_pages;
pub mod imports_types;
pub mod links_page;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod daily;
#[cfg(feature = "ssr")]
pub mod followup_service;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod imports_service;
#[cfg(feature = "ssr")]
pub mod ingest;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod public;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod stats;
#[cfg(feature = "ssr")]
pub mod tokens;
