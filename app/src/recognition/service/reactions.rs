//! Applause and comments on recognition. Anyone who may see a standing recognition may applaud it
//! once (not their own, given or received) and comment on it; a comment's author may delete it,
//! and HR and admins hide one with a reason (recorded with who and when).
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::auth::service::CurrentUser;
use crate::entities::{
    recognition, recognition_applause, recognition_comment, recognition_recipient, user,
};
use crate::error::AppError;
use crate::recognition::rules::{check_comment, check_reason};
use crate::recognition::service::thanks::may_see;
use crate::recognition::types::{CommentInput, CommentView, RecognitionStatus};
use crate::state;

/// A standing recognition `me` may see, and its recipients; otherwise a 404 that says no more.
async fn seeable<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    pid: &str,
) -> Result<(recognition::Model, Vec<i32>), AppError> {
    let missing = || AppError::NotFound("That recognition".into());
    let r = recognition::Entity::find()
        .filter(recognition::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .filter(|r| {
            r.status == RecognitionStatus::Live && r.withdrawn_at.is_none() && r.hidden_at.is_none()
        })
        .ok_or_else(missing)?;
    let recipients: Vec<i32> = recognition_recipient::Entity::find()
        .filter(recognition_recipient::Column::RecognitionId.eq(r.id))
        .all(db)
        .await?
        .into_iter()
        .map(|rr| rr.user_id)
        .collect();
    let reach = crate::org::scope::reach(db, me.id, me.role).await?;
    if !may_see(&reach, me, &r, &recipients) {
        return Err(missing());
    }
    Ok((r, recipients))
}

/// Applauds a recognition (`on`) or takes the applause back. Posting the same twice changes
/// nothing the second time.
pub async fn applaud(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    on: bool,
) -> Result<String, AppError> {
    let (r, recipients) = seeable(db, me, pid).await?;
    if r.giver_id == me.id || recipients.contains(&me.id) {
        return Err(AppError::Invalid(
            "Applause is for recognition of others: you gave or received this one.".into(),
        ));
    }
    let me_id = me.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            if on {
                recognition_applause::Entity::insert(recognition_applause::ActiveModel {
                    recognition_id: Set(r.id),
                    user_id: Set(me_id),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                })
                .on_conflict(
                    OnConflict::columns([
                        recognition_applause::Column::RecognitionId,
                        recognition_applause::Column::UserId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
                Ok("You applauded.".to_owned())
            } else {
                recognition_applause::Entity::delete_many()
                    .filter(recognition_applause::Column::RecognitionId.eq(r.id))
                    .filter(recognition_applause::Column::UserId.eq(me_id))
                    .exec(txn)
                    .await?;
                Ok("Your applause is taken back.".to_owned())
            }
        })
    })
    .await
}

/// Adds a comment. The form's key makes a double post one comment.
pub async fn comment(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: CommentInput,
) -> Result<String, AppError> {
    let body = check_comment(&input.body).map_err(AppError::Invalid)?;
    let key =
        crate::recognition::rules::request_key(&input.request_key).map_err(AppError::Invalid)?;
    let (r, _) = seeable(db, me, &input.recognition).await?;
    let me_id = me.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            if let Some(done) = recognition_comment::Entity::find()
                .filter(recognition_comment::Column::RequestKey.eq(key.clone()))
                .one(txn)
                .await?
            {
                if done.author_id != me_id || done.recognition_id != r.id {
                    return Err(AppError::Conflict(
                        "That form was already used; reload the page and try again.".into(),
                    ));
                }
                return Ok("Your comment was already posted; it was not posted twice.".to_owned());
            }
            recognition_comment::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                recognition_id: Set(r.id),
                author_id: Set(me_id),
                body: Set(body),
                request_key: Set(key),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok("Your comment is posted.".to_owned())
        })
    })
    .await
}

async fn standing_comment<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    pid: &str,
) -> Result<recognition_comment::Model, AppError> {
    let c = recognition_comment::Entity::find()
        .filter(recognition_comment::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .filter(|c| c.deleted_at.is_none() && c.hidden_at.is_none())
        .ok_or_else(|| AppError::NotFound("That comment".into()))?;
    // The comment is only reachable through a recognition the reader may see.
    let r = recognition::Entity::find_by_id(c.recognition_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That comment".into()))?;
    seeable(db, me, &r.pid)
        .await
        .map_err(|_| AppError::NotFound("That comment".into()))?;
    Ok(c)
}

/// Its author deletes a comment.
pub async fn delete_comment(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
) -> Result<String, AppError> {
    let c = standing_comment(db, me, pid).await?;
    if c.author_id != me.id {
        return Err(AppError::Forbidden);
    }
    let mut a = c.into_active_model();
    a.deleted_at = Set(Some(Utc::now()));
    a.update(db).await?;
    Ok("Your comment is deleted.".to_owned())
}

/// HR or an admin hides a comment with a reason (the caller's permission is checked before).
pub async fn hide_comment(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    reason: &str,
) -> Result<String, AppError> {
    let reason = check_reason(reason, "you hide it").map_err(AppError::Invalid)?;
    let c = standing_comment(db, me, pid).await?;
    let mut a = c.into_active_model();
    a.hidden_at = Set(Some(Utc::now()));
    a.hidden_by = Set(Some(me.id));
    a.hidden_reason = Set(Some(reason));
    a.update(db).await?;
    Ok("The comment is hidden.".to_owned())
}

/// A recognition's applause and comments as the feed shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reactions {
    pub applause: u32,
    pub applauded: bool,
    pub comments: Vec<CommentView>,
}

/// Applause and standing comments for a page of recognitions (three queries).
pub async fn for_feed<C: ConnectionTrait>(
    db: &C,
    me: &CurrentUser,
    ids: &[i32],
    tz: chrono_tz::Tz,
    may_hide: bool,
) -> Result<HashMap<i32, Reactions>, AppError> {
    let mut out: HashMap<i32, Reactions> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for a in recognition_applause::Entity::find()
        .filter(recognition_applause::Column::RecognitionId.is_in(ids.to_vec()))
        .all(db)
        .await?
    {
        let r = out.entry(a.recognition_id).or_default();
        r.applause += 1;
        r.applauded |= a.user_id == me.id;
    }
    let comments = recognition_comment::Entity::find()
        .filter(recognition_comment::Column::RecognitionId.is_in(ids.to_vec()))
        .filter(recognition_comment::Column::DeletedAt.is_null())
        .filter(recognition_comment::Column::HiddenAt.is_null())
        .order_by_asc(recognition_comment::Column::Id)
        .all(db)
        .await?;
    let authors: BTreeSet<i32> = comments.iter().map(|c| c.author_id).collect();
    let names: BTreeMap<i32, String> = if authors.is_empty() {
        BTreeMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(authors))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    };
    for c in comments {
        out.entry(c.recognition_id)
            .or_default()
            .comments
            .push(CommentView {
                author: names.get(&c.author_id).cloned().unwrap_or_default(),
                when: c
                    .created_at
                    .with_timezone(&tz)
                    .format("%-d %b %Y, %H:%M")
                    .to_string(),
                can_delete: c.author_id == me.id,
                can_hide: may_hide,
                pid: c.pid,
                body: c.body,
            });
    }
    Ok(out)
}
