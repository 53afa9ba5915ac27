//! What the browser import of customer feedback shows: an uploaded file, the mapping form, where
//! its check or import is, and its report.
use serde::{Deserialize, Serialize};

use crate::feedback::types::{ImportMode, ImportReport};

/// Where an uploaded file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum UploadStatus {
    /// Stored; nothing has been checked yet.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "uploaded"))]
    Uploaded,
    /// A dry run is reading it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "checking"))]
    Checking,
    /// A dry run finished; its report is kept.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "checked"))]
    Checked,
    /// The import is reading and writing it.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "applying"))]
    Applying,
    /// Imported (the responses are kept); the file's bytes are gone.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "applied"))]
    Applied,
    /// The last run stopped: a problem with the whole file, an import refused for bad rows, or
    /// the server stopping during it. Nothing of that run was kept.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "failed"))]
    Failed,
}

impl UploadStatus {
    pub fn running(self) -> bool {
        matches!(self, UploadStatus::Checking | UploadStatus::Applying)
    }

    pub fn label(self) -> &'static str {
        match self {
            UploadStatus::Uploaded => "Uploaded",
            UploadStatus::Checking => "Checking",
            UploadStatus::Checked => "Checked",
            UploadStatus::Applying => "Importing",
            UploadStatus::Applied => "Imported",
            UploadStatus::Failed => "Stopped",
        }
    }
}

/// The mapping as the form shows it: column names (empty for none) and choices by key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MappingForm {
    pub origin: String,
    pub date: String,
    /// "" (detect), "iso", "dmy" or "mdy".
    pub date_format: String,
    pub site: String,
    pub department: String,
    pub person: String,
    pub channel: String,
    /// A channel key, for rows with none.
    pub default_channel: String,
    pub csat: String,
    /// "1-5", "1-10" or "0-100".
    pub csat_scale: String,
    pub nps: String,
    pub ces: String,
    /// "1-7" or "1-5".
    pub ces_scale: String,
    pub comment: String,
    pub contact: String,
    pub external_id: String,
}

/// A file value mapped to something in Rapport (or skipped), carried by the mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedValue {
    /// "Site", "Department" or "Channel".
    pub kind: String,
    pub value: String,
    /// What it now means: a name, a channel, or "skipped".
    pub means: String,
}

/// How one sample date reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSample {
    pub raw: String,
    /// "31 Mar 2026, 14:05", or why it does not read.
    pub read: Result<String, String>,
}

/// An uploaded file and everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadView {
    pub pid: String,
    pub file_name: String,
    /// "104.9 MB"
    pub size: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub status: UploadStatus,
    /// Of the last run.
    pub mode: Option<ImportMode>,
    /// Percent of the file read, while a run is going on this server.
    pub progress: Option<u8>,
    /// Why the last run stopped.
    pub problem: Option<String>,
    /// The last run's report.
    pub report: Option<ImportReport>,
    /// The file's columns, as its header names them.
    pub columns: Vec<String>,
    /// The first lines, as cells under those columns.
    pub sample: Vec<Vec<String>>,
    pub delimiter: String,
    pub form: MappingForm,
    /// Where the form came from: "Filled in from the saved mapping “X”." or guessed from the
    /// column names.
    pub form_source: String,
    /// The saved mapping the form's value mappings come from (its id), if any.
    pub base: Option<i32>,
    pub mapped: Vec<MappedValue>,
    /// The date format the first rows read in, or why none fits.
    pub detected: Result<String, String>,
    pub dates: Vec<DateSample>,
    pub saved: Vec<SavedMapping>,
    pub sites: Vec<String>,
    pub departments: Vec<String>,
}

/// A mapping saved for a source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping {
    pub id: i32,
    pub origin: String,
    pub saved_by: String,
    pub saved_at: String,
    /// The mapping as a file for `rapport feedback import --mapping`.
    pub toml: String,
}

/// One uploaded file in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRow {
    pub pid: String,
    pub file_name: String,
    pub size: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub status: UploadStatus,
    /// "12,400 added" after an import, "12,400 would be added, 3 with problems" after a check.
    pub summary: String,
}

/// The import start page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadsPage {
    /// Why the last upload was refused.
    pub problem: Option<String>,
    pub uploads: Vec<UploadRow>,
    pub saved: Vec<SavedMapping>,
    /// "256 MiB"
    pub max_size: String,
}

/// Where a run is, polled while it goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadProgress {
    pub status: UploadStatus,
    pub progress: Option<u8>,
}
