//! Server functions for customer satisfaction.
use leptos::prelude::*;

use crate::error::AppError;
use crate::feedback::types::{
    ApiPageView, CustomerReport, LinkForm, LinksView, NewApiToken, TokenForm,
};

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

/// The feedback API page: the tokens (admins) and the sites to scope new ones to. A token that
/// a form without JavaScript just created is shown here, once.
#[server(endpoint = "api_tokens")]
pub async fn get_api_page() -> Result<ApiPageView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ImportFeedback).await?;
            let can_manage = crate::auth::policy::allows(me.actor(), Permission::ManageApiTokens);
            if !can_manage {
                return Ok(ApiPageView::default());
            }
            let settings = crate::org::settings::load(&st.db).await?;
            let tz = crate::org::settings::tz(&settings)?;
            let org = crate::org::index::OrgIndex::load(&st.db).await?;
            let mut sites: Vec<(i32, String)> =
                org.sites.values().map(|s| (s.id, s.name.clone())).collect();
            sites.sort_by(|a, b| a.1.cmp(&b.1));
            let created = request::session()
                .await?
                .remove::<NewApiToken>(NEW_TOKEN_KEY)
                .await?;
            Ok(ApiPageView {
                can_manage,
                tokens: crate::feedback::tokens::list(&st.db, tz).await?,
                sites,
                created,
            })
        }
        .await,
    )
}

/// Where a token created without JavaScript waits for the page it returns to.
#[cfg(feature = "ssr")]
const NEW_TOKEN_KEY: &str = "new_api_token";

/// Creates an API token. With JavaScript the answer carries the secret; without, the page the
/// form returns to shows it, once.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(form: TokenForm) -> Result<NewApiToken, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ManageApiTokens).await?;
            let token = crate::feedback::tokens::create(&st.db, &me, &form).await?;
            if request::is_form_post() {
                request::session()
                    .await?
                    .insert(NEW_TOKEN_KEY, &token)
                    .await?;
            }
            Ok(token)
        }
        .await,
    )
}

/// Revokes an API token.
#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i32) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ManageApiTokens).await?;
            let message = crate::feedback::tokens::revoke(&st.db, &me, id).await?;
            request::flash(&message).await?;
            Ok(message)
        }
        .await,
    )
}

/// The public feedback links and what a new one can be for.
#[server(endpoint = "feedback_links")]
pub async fn get_feedback_links() -> Result<LinksView, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageFeedbackLinks).await?;
            let settings = crate::org::settings::load(&st.db).await?;
            let tz = crate::org::settings::tz(&settings)?;
            crate::feedback::links::list(&st.db, tz).await
        }
        .await,
    )
}

/// Makes a public feedback link.
#[server(endpoint = "create_feedback_link")]
pub async fn create_feedback_link(form: LinkForm) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ManageFeedbackLinks).await?;
            let message = crate::feedback::links::create(&st.db, &me, &form).await?;
            request::flash(&message).await?;
            Ok(message)
        }
        .await,
    )
}

/// Switches a public feedback link off.
#[server(endpoint = "disable_feedback_link")]
pub async fn disable_feedback_link(id: i32) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageFeedbackLinks).await?;
            let message = crate::feedback::links::disable(&st.db, id).await?;
            request::flash(&message).await?;
            Ok(message)
        }
        .await,
    )
}
