//! Recognition's queries and transactions.
pub mod awards;
pub mod budget;
pub mod equity;
pub mod figures;
pub mod ledger;
pub mod programmes;
pub mod reactions;
pub mod rewards;
pub mod thanks;
pub mod values;
