//! Server functions for customer satisfaction.
use leptos::prelude::*;

use crate::error::AppError;
use crate::feedback::types::CustomerReport;

#[cfg(feature = "ssr")]
use crate::{auth::policy::Permission, auth::service::caller, request};

/// Guest satisfaction for one unit ("" for the viewer's default: everything for HR and admins,
/// their site for others), narrowed to what the viewer may see.
#[server(endpoint = "customer_report")]
pub async fn get_customer_report(
    #[server(default)] unit: String,
) -> Result<CustomerReport, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewGuestFeedback).await?;
            let settings = crate::org::settings::load(&st.db).await?;
            let today = crate::org::settings::today(&settings)?;
            crate::feedback::report::report(&st.db, &me, &unit, today.into()).await
        }
        .await,
    )
}
