//! The reporting slice every pillar shares: periods, confidentiality, and (behind `ssr`) the
//! organisation index, scopes and monthly unit figures that reports are built from.
pub mod confidentiality;
pub mod figures;
pub mod period;
pub mod scope;
pub mod unit;

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod service;
