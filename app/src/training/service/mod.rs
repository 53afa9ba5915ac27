//! Training's queries and transactions, one file per concept. Dependencies run one way (checked by
//! `server/tests/layout.rs`): `catalogue` is the base; `imports` uses `scenarios` and `modules`;
//! `modules` uses `scenarios` and `assignments`; `drafts` uses `scenarios`; `progress` uses
//! `attempts` and `certificates`; `attempts` uses `certificates`.
pub mod analytics;
pub mod assignments;
pub mod attempts;
pub mod catalogue;
pub mod certificates;
pub mod drafts;
pub mod figures;
pub mod imports;
pub mod modules;
pub mod progress;
pub mod records;
pub mod scenarios;
