//! People pages: the directory, a profile, the admin's person form, and CSV import.
mod directory;
mod form;
mod import;
mod profile;

pub use directory::PeoplePage;
pub use form::{EditPersonPage, NewPersonPage};
pub use import::{ImportPage, ImportPreviewPage};
pub use profile::{PersonCard, PersonPage, TeamTable};
