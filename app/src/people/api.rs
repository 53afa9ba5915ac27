//! Server functions for people: HR and admins read the directory, admins change it, managers see their own reports.
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::error::AppError;
use crate::people::types::*;

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::{Permission, authorize},
    auth::service::{caller, require_user},
    people::service::{self, PersonInput},
    request,
    state::app_state,
};

#[server(endpoint = "list_people")]
pub async fn list_people(filter: PeopleFilter) -> Result<PeoplePage, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ViewPeopleDirectory).await?;
            let query = filter.parse().map_err(AppError::Invalid)?;
            service::list(&st.db, &query).await
        }
        .await,
    )
}

/// One person's profile: themself, their manager, HR and admins.
#[server(endpoint = "get_person")]
pub async fn get_person(pid: String) -> Result<PersonDetail, AppError> {
    request::finish(
        async {
            let state = app_state()?;
            let me = require_user(&state).await?;
            let person = service::find_by_pid(&state.db, &pid).await;
            // Unknown and forbidden look the same to those who may not see the directory.
            let person = match person {
                Ok(p) => p,
                Err(AppError::NotFound(_))
                    if !crate::auth::policy::allows(
                        me.actor(),
                        Permission::ViewPeopleDirectory,
                    ) =>
                {
                    return Err(AppError::Forbidden);
                }
                Err(e) => return Err(e),
            };
            authorize(
                me.actor(),
                Permission::ViewPerson(service::person_ref(&state.db, me.actor(), &person).await?),
            )?;
            service::detail(&state.db, &person).await
        }
        .await,
    )
}

#[server(endpoint = "person_form_choices")]
pub async fn get_person_form_choices() -> Result<PersonFormChoices, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManagePeople).await?;
            service::choices(&st.db).await
        }
        .await,
    )
}

#[server(endpoint = "create_person")]
#[allow(clippy::too_many_arguments)]
pub async fn create_person(
    name: String,
    email: String,
    role: String,
    site: String,
    department: String,
    manager: String,
    password: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManagePeople).await?;
            let input = PersonInput {
                name,
                email,
                role,
                site,
                department,
                manager,
            };
            let created = service::create(&st, input, password).await?;
            let msg = format!("{} was added.", created.name);
            request::flash_for_redirect(&msg).await?;
            request::redirect(&format!("/admin/people/{}", created.pid));
            Ok(msg)
        }
        .await,
    )
}

#[server(endpoint = "update_person")]
#[allow(clippy::too_many_arguments)]
pub async fn update_person(
    pid: String,
    name: String,
    email: String,
    role: String,
    site: String,
    department: String,
    manager: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ManagePeople).await?;
            let input = PersonInput {
                name,
                email,
                role,
                site,
                department,
                manager,
            };
            let saved = service::update(&st.db, me.id, pid, input).await?;
            let msg = format!("Changes to {} were saved.", saved.name);
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

#[server(endpoint = "set_person_active")]
pub async fn set_person_active(pid: String, active: bool) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ManagePeople).await?;
            let saved = service::set_active(&st, me.id, pid, active).await?;
            let msg = if active {
                format!("{} was reactivated.", saved.name)
            } else {
                format!("{} was deactivated and signed out everywhere.", saved.name)
            };
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

#[server(endpoint = "set_person_password")]
pub async fn set_person_password(pid: String, password: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManagePeople).await?;
            let saved = service::set_password(&st, pid, password).await?;
            let msg = format!(
                "A new password was set for {}, who is now signed out everywhere.",
                saved.name
            );
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

/// Receives a people CSV (multipart field `file`) and opens its preview.
#[server(endpoint = "upload_people_csv", input = MultipartFormData)]
pub async fn upload_people_csv(data: MultipartData) -> Result<String, AppError> {
    request::finish(
        async {
            use crate::people::import_plan::MAX_BYTES;
            let (st, me) = caller(Permission::ManagePeople).await?;
            let file = request::uploaded_files(data, "file", MAX_BYTES)
                .await?
                .pop()
                .map(|(name, bytes)| {
                    (
                        if name.is_empty() {
                            "people.csv".into()
                        } else {
                            name
                        },
                        bytes,
                    )
                });
            let (name, bytes) =
                file.ok_or_else(|| AppError::invalid("Choose a CSV file to import."))?;
            if bytes.is_empty() {
                return Err(AppError::invalid("The file is empty."));
            }
            let text = String::from_utf8(bytes).map_err(|_| {
                AppError::invalid(
                    "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.",
                )
            })?;
            let pid = service::save_upload(&st.db, me.id, &name, text).await?;
            request::redirect(&format!("/admin/people/import/{pid}"));
            Ok(pid)
        }
        .await,
    )
}

#[server(endpoint = "people_import_preview")]
pub async fn people_import_preview(pid: String) -> Result<ImportPreview, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManagePeople).await?;
            service::preview(&st.db, &pid).await
        }
        .await,
    )
}

#[server(endpoint = "apply_people_import")]
pub async fn apply_people_import(pid: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManagePeople).await?;
            let done = service::apply(&st.db, pid).await?;
            let msg = format!(
                "Import applied: {} created, {} updated, {} unchanged.",
                done.created, done.updated, done.unchanged
            );
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}
