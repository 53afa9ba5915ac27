//! The home page's one server function: everything the signed-in person's home shows.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::org::types::OrgTree;
use crate::people::types::PersonDetail;

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::{Permission, allows},
    auth::service::require_user,
    org, people, request,
    state::app_state,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    /// The signed-in person, with their manager and reports.
    pub me: PersonDetail,
    /// Head counts per region, site and department, for those who may see the organisation.
    pub organisation: Option<OrgTree>,
    /// The newest recognition for the viewer and the points they have.
    pub recognition: crate::recognition::types::HomeRecognition,
    /// Open surveys the viewer is asked and has not answered yet.
    pub surveys: Vec<crate::engagement::types::SurveySummary>,
    /// Follow-ups of unhappy customers the viewer works on (managers, HR and admins).
    pub followups: Option<crate::feedback::followup_types::FollowUpCounts>,
}

#[server(endpoint = "home")]
pub async fn get_home() -> Result<HomeView, AppError> {
    request::finish(
        async {
            let state = app_state()?;
            let user = require_user(&state).await?;
            let row = people::service::find_by_pid(&state.db, &user.pid).await?;
            let me = people::service::detail(&state.db, &row).await?;
            let organisation = if allows(user.actor(), Permission::ViewOrganisation) {
                Some(org::service::tree(&state.db).await?)
            } else {
                None
            };
            let recognition = crate::recognition::api::home(&state, &user).await?;
            let settings = org::settings::load(&state.db).await?;
            let today = org::settings::today(&settings)?;
            let surveys =
                crate::engagement::service::surveys::waiting(&state.db, &user, today).await?;
            let followups = if allows(user.actor(), Permission::FollowUpFeedback) {
                Some(
                    crate::feedback::followup_service::counts(&state.db, &user, chrono::Utc::now())
                        .await?,
                )
            } else {
                None
            };
            Ok(HomeView {
                me,
                organisation,
                recognition,
                surveys,
                followups,
            })
        }
        .await,
    )
}
