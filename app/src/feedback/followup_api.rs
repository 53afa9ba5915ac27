//! Server functions for follow-ups of unhappy customers.
use leptos::prelude::*;

use crate::error::AppError;
use crate::feedback::followup_types::{FollowUpDetail, FollowUpList};

#[cfg(feature = "ssr")]
use crate::{auth::policy::Permission, auth::service::caller, request};

#[cfg(feature = "ssr")]
async fn clock(db: &sea_orm::DatabaseConnection) -> Result<chrono_tz::Tz, AppError> {
    let settings = crate::org::settings::load(db).await?;
    crate::org::settings::tz(&settings)
}

/// The follow-ups the caller works on ("unresolved", "overdue" or "resolved"; anything else is
/// "unresolved").
#[server(endpoint = "followups")]
pub async fn get_followups(#[server(default)] filter: String) -> Result<FollowUpList, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::FollowUpFeedback).await?;
            let tz = clock(&st.db).await?;
            let filter = crate::feedback::followup_types::FollowUpFilter::parse(filter.trim());
            crate::feedback::followup_service::list(&st.db, &me, filter, chrono::Utc::now(), tz)
                .await
        }
        .await,
    )
}

/// One follow-up, if the caller works on it.
#[server(endpoint = "followup")]
pub async fn get_followup(followup: String) -> Result<FollowUpDetail, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::FollowUpFeedback).await?;
            let tz = clock(&st.db).await?;
            crate::feedback::followup_service::detail(
                &st.db,
                &me,
                &followup,
                chrono::Utc::now(),
                tz,
            )
            .await
        }
        .await,
    )
}

/// A note, "contacted" or "resolve" (with a root cause) on a follow-up.
#[server(endpoint = "followup_step")]
pub async fn followup_step(
    followup: String,
    step: String,
    #[server(default)] note: String,
    #[server(default)] root_cause: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::FollowUpFeedback).await?;
            let step = crate::feedback::followup_service::parse_step(&step, &note, &root_cause)?;
            let msg = crate::feedback::followup_service::act(
                &st.db,
                &me,
                &followup,
                step,
                chrono::Utc::now(),
            )
            .await?;
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

/// Assigns a module to the person who served the customer, from the follow-up.
#[server(endpoint = "followup_assign")]
pub async fn followup_assign(
    followup: String,
    module: String,
    due_on: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::FollowUpFeedback).await?;
            let tz = clock(&st.db).await?;
            let now = chrono::Utc::now();
            let today = now.with_timezone(&tz).date_naive();
            let msg = crate::feedback::followup_service::assign(
                &st.db, &me, &followup, &module, &due_on, now, today,
            )
            .await?;
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}
