//! Recognition's queries and transactions.
pub mod awards;
pub mod budget;
pub mod figures;
pub mod ledger;
pub mod rewards;
pub mod thanks;
pub mod values;
