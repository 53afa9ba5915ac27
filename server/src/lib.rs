//! Rapport's server: configuration, database set-up, the HTTP stack, and the command-line tasks.
pub mod bundle;
pub mod cli;
pub mod db;
pub mod demo;
pub mod demo_awards;
pub mod demo_feedback;
pub mod demo_history;
pub mod demo_recognition;
pub mod demo_surveys;
pub mod downloads;
pub mod feedback_upload;
pub mod ingest;
pub mod public_feedback;
pub mod requests;
pub mod security;
pub mod startup;
