//! Server functions for accounts. Each authenticates on the server and maps errors to the wire type.
use leptos::prelude::*;

use crate::auth::types::SessionInfo;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{auth::service, request, state::app_state};

/// Who is logged in, plus any one-time message; anonymous visitors get an empty answer.
#[server(endpoint = "session")]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    request::finish(
        async {
            let state = app_state()?;
            let user = service::current_user(&state).await?;
            let flash = request::take_flash().await?;
            Ok(SessionInfo {
                user: user.map(|u| u.wire()),
                flash,
            })
        }
        .await,
    )
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    request::finish(
        async {
            let state = app_state()?;
            service::login(&state, &email, password).await?;
            request::redirect("/");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    request::finish(
        async {
            service::logout(&app_state()?).await?;
            request::redirect("/login?signed_out=1");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new_password: String,
    confirm: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let state = app_state()?;
            let me = service::require_user(&state).await?;
            service::change_password(&state, &me, current, new_password, confirm).await?;
            let msg = "Your password has been changed.";
            request::flash(msg).await?;
            Ok(msg.to_owned())
        }
        .await,
    )
}
