//! Recognition's queries and transactions.
pub mod ledger;
pub mod thanks;
pub mod values;
