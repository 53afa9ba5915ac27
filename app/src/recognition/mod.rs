//! Recognition: thanks tied to the company's values, with points from a monthly allowance kept in
//! an append-only ledger.
//!
//! - `types.rs`: the enums stored and sent (visibility, ledger accounts and kinds) and wire types.
//! - `rules.rs`: pure rules (message and points checks, allowance arithmetic, the ledger's sums).
//! - `service/`: values (`values.rs`), giving and withdrawing (`thanks.rs`), balances (`ledger.rs`).
//! - `api.rs`: server functions; `pages.rs`: the recognition page and the values admin page.
pub mod api;
pub mod equity;
pub mod pages;
pub mod programme;
pub mod programme_api;
pub mod rules;
pub mod types;

#[cfg(feature = "ssr")]
pub mod service;
