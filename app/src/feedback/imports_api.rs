//! Server functions for importing customer feedback in the browser. The file itself arrives at
//! `POST /customers/import/upload` (a streaming upload, outside the server functions' 2 MiB
//! limit); these map it, check it and import it.
use leptos::prelude::*;

use crate::error::AppError;
use crate::feedback::imports_types::{MappingForm, UploadProgress, UploadView, UploadsPage};

#[cfg(feature = "ssr")]
use crate::{auth::policy::Permission, auth::service::caller, request};

/// Where the upload form posts.
pub const UPLOAD_PATH: &str = "/customers/import/upload";
/// The session key of an upload's refusal, shown once on the import page.
pub const UPLOAD_PROBLEM: &str = "feedback_upload_problem";

#[cfg(feature = "ssr")]
async fn clock(db: &sea_orm::DatabaseConnection) -> Result<chrono_tz::Tz, AppError> {
    let settings = crate::org::settings::load(db).await?;
    crate::org::settings::tz(&settings)
}

/// The import page: recent files, saved mappings and why the last upload was refused.
#[server(endpoint = "feedback_uploads")]
pub async fn feedback_uploads() -> Result<UploadsPage, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ImportFeedback).await?;
            let tz = clock(&st.db).await?;
            let problem = request::session()
                .await?
                .remove::<String>(UPLOAD_PROBLEM)
                .await?;
            crate::feedback::imports_service::list(&st.db, tz, problem).await
        }
        .await,
    )
}

/// One uploaded file's page; `saved` (a saved mapping's id) fills the form from that mapping.
#[server(endpoint = "feedback_upload")]
pub async fn feedback_upload(
    upload: String,
    #[server(default)] saved: String,
) -> Result<UploadView, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ImportFeedback).await?;
            let tz = clock(&st.db).await?;
            let saved = match saved.trim() {
                "" => None,
                s => Some(
                    s.parse::<i32>()
                        .map_err(|_| AppError::NotFound("That saved mapping".into()))?,
                ),
            };
            crate::feedback::imports_service::view(&st.db, &upload, saved, tz).await
        }
        .await,
    )
}

/// Where a check or import of an uploaded file is.
#[server(endpoint = "feedback_upload_progress")]
pub async fn feedback_upload_progress(upload: String) -> Result<UploadProgress, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ImportFeedback).await?;
            crate::feedback::imports_service::progress(&st.db, &upload).await
        }
        .await,
    )
}

/// Checks ("check") or imports ("import", with `mode` "all" or "skip") an uploaded file with the
/// mapping the form says. The value tables post `fix_kind[N]`, `fix_value[N]` and `fix_to[N]`.
#[server(endpoint = "run_feedback_import")]
#[allow(clippy::too_many_arguments)]
pub async fn run_feedback_import(
    upload: String,
    run: String,
    #[server(default)] mode: String,
    #[server(default)] form: MappingForm,
    #[server(default)] fix_kind: Vec<String>,
    #[server(default)] fix_value: Vec<String>,
    #[server(default)] fix_to: Vec<String>,
) -> Result<String, AppError> {
    request::finish(
        async {
            use crate::feedback::imports_service::{Run, fixes, start};
            use crate::feedback::types::ImportMode;
            let (st, me) = caller(Permission::ImportFeedback).await?;
            let tz = clock(&st.db).await?;
            let run = match (run.trim(), mode.trim()) {
                ("check", _) => Run::Check,
                ("import", "all" | "") => Run::Import(ImportMode::AllOrNothing),
                ("import", "skip") => Run::Import(ImportMode::SkipBadRows),
                ("import", _) => {
                    return Err(AppError::invalid(
                        "Choose how to import: every row or none, or skip bad rows.",
                    ));
                }
                _ => {
                    return Err(AppError::invalid(
                        "Choose to check the file or to import it.",
                    ));
                }
            };
            let fixes = fixes(fix_kind, fix_value, fix_to);
            let msg = start(&st.db, me.id, &upload, &form, &fixes, run, tz).await?;
            request::flash(&msg).await?;
            request::redirect(&format!("/customers/import/{}", upload.trim()));
            Ok(msg)
        }
        .await,
    )
}
