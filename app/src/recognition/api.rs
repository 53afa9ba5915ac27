//! Server functions for recognition: the values (admins), giving and withdrawing, the feed.
use leptos::prelude::*;

use crate::error::AppError;
use crate::recognition::types::{RecognitionView, ThanksInput, ValueForm, ValueView};

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::{Permission, allows},
    auth::service::{CurrentUser, caller},
    recognition::service::{ledger, thanks, values},
    request,
    state::AppState,
};

/// How many recognitions one page of the feed shows.
pub const FEED_PAGE: u64 = 20;

/// Reports a change: flash for form posts, the message for scripts.
#[cfg(feature = "ssr")]
async fn changed(result: Result<String, AppError>) -> Result<String, AppError> {
    let msg = result?;
    request::flash(&msg).await?;
    Ok(msg)
}

/// Every value, archived ones too (admins).
#[server(endpoint = "recognition_values")]
pub async fn get_values_admin() -> Result<Vec<ValueView>, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageValues).await?;
            values::list(&st.db, true).await
        }
        .await,
    )
}

#[server(endpoint = "create_value")]
pub async fn create_value(form: ValueForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                values::create(&st.db, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "update_value")]
pub async fn update_value(value: String, form: ValueForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                values::update(&st.db, &value, form).await
            }
            .await,
        )
        .await,
    )
}

/// Archives (`to` = "archived") or restores (`to` = "current") a value.
#[server(endpoint = "set_value_archived")]
pub async fn set_value_archived(value: String, to: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                let archived = match to.trim() {
                    "archived" => true,
                    "current" => false,
                    _ => {
                        return Err(AppError::Invalid(
                            "Say whether to archive the value or bring it back.".into(),
                        ));
                    }
                };
                values::set_archived(&st.db, &value, archived).await
            }
            .await,
        )
        .await,
    )
}

/// Moves a value one place `up` or `down` the list.
#[server(endpoint = "move_value")]
pub async fn move_value(value: String, direction: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageValues).await?;
                let up = match direction.trim() {
                    "up" => true,
                    "down" => false,
                    _ => return Err(AppError::Invalid("Move a value up or down.".into())),
                };
                values::shift(&st.db, &value, up).await
            }
            .await,
        )
        .await,
    )
}

/// The recognition page: the form's choices, the caller's points and the feed (`before` pages it).
#[server(endpoint = "recognition")]
pub async fn get_recognition(before: Option<i32>) -> Result<RecognitionView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            load(&st, &me, before).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn load(
    st: &AppState,
    me: &CurrentUser,
    before: Option<i32>,
) -> Result<RecognitionView, AppError> {
    use crate::entities::user;
    use crate::recognition::types::{Colleague, FeedItem};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

    let settings = crate::org::settings::load(&st.db).await?;
    let tz = crate::org::settings::tz(&settings)?;
    let index = crate::org::index::OrgIndex::load(&st.db).await?;
    let colleagues = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(me.id))
        .order_by_asc(user::Column::Name)
        .all(&st.db)
        .await?
        .into_iter()
        .map(|u| Colleague {
            place: [
                index.site_name(u.site_id),
                index.department_name(u.department_id),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            pid: u.pid,
            name: u.name,
        })
        .collect();
    let mut seen = thanks::visible(&st.db, me, FEED_PAGE + 1, before).await?;
    let next = if seen.len() as u64 > FEED_PAGE {
        seen.truncate(FEED_PAGE as usize);
        seen.last().map(|s| s.id)
    } else {
        None
    };
    let now = chrono::Utc::now();
    let feed = seen
        .into_iter()
        .map(|s| FeedItem {
            can_withdraw: s.giver_id == me.id
                && now - s.created_at
                    <= chrono::Duration::hours(crate::recognition::rules::WITHDRAW_HOURS),
            when: s
                .created_at
                .with_timezone(&tz)
                .format("%-d %b %Y, %H:%M")
                .to_string(),
            pid: s.pid,
            giver: s.giver,
            recipients: s.recipients,
            value: s.value,
            message: s.message,
            points_each: s.points_each,
            private: s.visibility == crate::recognition::types::Visibility::Private,
        })
        .collect();
    Ok(RecognitionView {
        values: values::list(&st.db, false).await?,
        colleagues,
        balance: ledger::balance(&st.db, me.id, me.role).await?,
        feed,
        next,
        request_key: uuid::Uuid::new_v4().to_string(),
        may_manage_values: allows(me.actor(), Permission::ManageValues),
    })
}

/// Gives recognition from the caller (anyone signed in, to anyone active but themselves).
#[server(endpoint = "give_recognition")]
pub async fn give_recognition(input: ThanksInput) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                Ok(thanks::give(&st.db, &me, input).await?.message)
            }
            .await,
        )
        .await,
    )
}

/// Takes back the caller's own recognition within a day.
#[server(endpoint = "withdraw_recognition")]
pub async fn withdraw_recognition(recognition: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                thanks::withdraw(&st.db, &me, &recognition).await
            }
            .await,
        )
        .await,
    )
}
