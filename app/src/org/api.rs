//! Server functions for the organisation structure: HR and admins read it, admins change it.
use leptos::prelude::*;

use crate::error::AppError;
use crate::org::types::{OrgTree, SettingsForm, SettingsView};

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::{Permission, authorize},
    auth::service::require_user,
    org::{service, settings},
    request,
    state::{AppState, app_state},
};

/// Authenticates and checks that the caller may change the organisation.
#[cfg(feature = "ssr")]
async fn organiser() -> Result<AppState, AppError> {
    let state = app_state()?;
    let me = require_user(&state).await?;
    authorize(me.actor(), Permission::ManageOrganisation)?;
    Ok(state)
}

/// Runs an organisation change and reports it: flash for form posts, the message for scripts.
#[cfg(feature = "ssr")]
async fn changed(result: Result<String, AppError>) -> Result<String, AppError> {
    let msg = result?;
    request::flash(&msg).await?;
    Ok(msg)
}

#[server(endpoint = "org_tree")]
pub async fn get_org_tree() -> Result<OrgTree, AppError> {
    request::finish(
        async {
            let state = app_state()?;
            let me = require_user(&state).await?;
            authorize(me.actor(), Permission::ViewOrganisation)?;
            service::tree(&state.db).await
        }
        .await,
    )
}

#[server(endpoint = "create_region")]
pub async fn create_region(name: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let r = service::create_region(&st.db, &name).await?;
                Ok(format!("Region \"{}\" added.", r.name))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "rename_region")]
pub async fn rename_region(id: i32, name: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let n = service::rename_region(&st.db, id, &name).await?;
                Ok(format!("Region renamed to \"{n}\"."))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "delete_region")]
pub async fn delete_region(id: i32) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let n = service::delete_region(&st.db, id).await?;
                Ok(format!("Region \"{n}\" deleted."))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "create_site")]
pub async fn create_site(region_id: i32, name: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let s = service::create_site(&st.db, region_id, &name).await?;
                Ok(format!("Site \"{}\" added.", s.name))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "update_site")]
pub async fn update_site(id: i32, region_id: i32, name: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let n = service::update_site(&st.db, id, region_id, &name).await?;
                Ok(format!("Site \"{n}\" saved."))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "delete_site")]
pub async fn delete_site(id: i32) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let n = service::delete_site(&st.db, id).await?;
                Ok(format!("Site \"{n}\" deleted."))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "create_department")]
pub async fn create_department(site_id: i32, name: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let d = service::create_department(&st.db, site_id, &name).await?;
                Ok(format!("Department \"{}\" added.", d.name))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "rename_department")]
pub async fn rename_department(id: i32, name: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let n = service::rename_department(&st.db, id, &name).await?;
                Ok(format!("Department renamed to \"{n}\"."))
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "delete_department")]
pub async fn delete_department(id: i32) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let n = service::delete_department(&st.db, id).await?;
                Ok(format!("Department \"{n}\" deleted."))
            }
            .await,
        )
        .await,
    )
}

/// Sets or clears the general manager of a site (`unit` = "site") or the head of a department
/// (`unit` = "department"); `person` is the person's public id, empty to clear.
#[server(endpoint = "set_unit_leader")]
pub async fn set_unit_leader(unit: String, id: i32, person: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let st = organiser().await?;
                let kind = crate::org::types::UnitKind::parse(&unit)
                    .ok_or_else(|| AppError::invalid("Choose a site or a department."))?;
                service::set_leader(&st.db, kind, id, &person).await
            }
            .await,
        )
        .await,
    )
}

/// The organisation's settings (admins, who change them).
#[server(endpoint = "org_settings")]
pub async fn get_settings() -> Result<SettingsView, AppError> {
    request::finish(
        async {
            let state = app_state()?;
            let me = require_user(&state).await?;
            authorize(me.actor(), Permission::ManagePolicies)?;
            Ok(SettingsView {
                settings: settings::load(&state.db).await?,
                time_zones: settings::time_zone_names()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })
        }
        .await,
    )
}

/// Saves the time zone and confidentiality thresholds, all or nothing.
#[server(endpoint = "save_settings")]
pub async fn save_settings(form: SettingsForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let state = app_state()?;
                let me = require_user(&state).await?;
                authorize(me.actor(), Permission::ManagePolicies)?;
                let s = settings::save(&state.db, &form).await?;
                Ok(format!(
                    "Settings saved: time zone {}, smallest group {}, smallest group for comments {}.",
                    s.time_zone, s.threshold, s.comment_threshold
                ))
            }
            .await,
        )
        .await,
    )
}
