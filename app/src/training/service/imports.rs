//! Importing scenario and module files, all or nothing.
use std::collections::HashSet;

use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::state;
use crate::training::files::bundle::{self, ModuleHead};
use crate::training::files::format::{self, FileProblem};
use crate::training::service::modules::upsert_module;
use crate::training::service::scenarios::{Stored, store_version};
use crate::training::types::*;

/// Parses and validates every file (scenario files and module files); also refuses the same
/// scenario id twice in one upload.
fn check_files(
    files: &[(String, String)],
) -> (
    Vec<FileProblem>,
    Vec<crate::training::rules::model::Scenario>,
    Vec<ModuleHead>,
) {
    let mut problems: Vec<FileProblem> = Vec::new();
    let mut parsed = Vec::new();
    let mut modules = Vec::new();
    let mut seen = HashSet::new();
    for (name, text) in files {
        let scenarios = if bundle::is_module_file(text) {
            match bundle::parse(name, text) {
                Ok(f) => {
                    modules.push(f.module);
                    f.scenarios
                }
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            }
        } else {
            match format::parse(name, text) {
                Ok(s) => vec![s],
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            }
        };
        for s in scenarios {
            if !seen.insert(s.id.clone()) {
                problems.push(FileProblem {
                    file: name.clone(),
                    line: None,
                    field: "id".into(),
                    message: format!("scenario `{}` is also in another file of this upload", s.id),
                });
            }
            parsed.push(s);
        }
    }
    (problems, parsed, modules)
}

/// Imports scenario files all or nothing: a file whose text equals the latest version changes nothing,
/// a changed file becomes a new version (attempts keep the version they played).
pub async fn import(
    db: &DatabaseConnection,
    actor: Option<i32>,
    files: Vec<(String, String)>,
) -> Result<ImportReport, AppError> {
    if files.is_empty() {
        return Err(AppError::invalid(
            "Choose at least one scenario file (.toml).",
        ));
    }
    // Validation explores every conversation a file allows: CPU work, kept off the async threads.
    let (problems, parsed, modules) = tokio::task::spawn_blocking(move || check_files(&files))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "scenario validation task failed");
            AppError::Internal
        })?;
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(AppError::Invalid(format!(
            "Nothing was imported. Fix these problems and upload again:\n{}",
            list.join("\n")
        )));
    }
    state::write(db, move |txn| {
        Box::pin(async move {
            let mut report = ImportReport::default();
            for s in parsed {
                match store_version(txn, actor, &s, false).await? {
                    Stored::Created => report.created += 1,
                    Stored::Updated(_) => report.updated += 1,
                    Stored::Unchanged(_) => report.unchanged += 1,
                }
            }
            for head in modules {
                match upsert_module(txn, head).await? {
                    Stored::Created => report.modules_created += 1,
                    Stored::Updated(_) => report.modules_updated += 1,
                    Stored::Unchanged(_) => report.modules_unchanged += 1,
                }
            }
            Ok(report)
        })
    })
    .await
}
