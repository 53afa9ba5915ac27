//! The ingest API's bearer tokens: admins create them (named, for some sites or all), see the
//! secret once, and revoke them. Only the secret's SHA-256 is stored: a secret carries 256 random
//! bits, so a fast digest is as safe as a slow one and lets every request be checked cheaply.
//! Each token may make `PER_MINUTE` requests a minute, counted in the database so that every app
//! instance shares the count.
use std::collections::{BTreeMap, BTreeSet, HashSet};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::auth::service::CurrentUser;
use crate::entities::{api_token, api_token_site, site, user};
use crate::error::AppError;
use crate::feedback::types::{ApiTokenRow, NewApiToken, TokenForm};

/// Requests a token may make in one minute.
pub const PER_MINUTE: i32 = 120;
/// What every secret starts with, so a leaked one is recognisable (and scanners can find it).
pub const SECRET_PREFIX: &str = "rpt_";
/// The longest token name.
const MAX_NAME: usize = 80;

fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The source responses sent with a token named `name` are kept under.
pub fn origin(name: &str) -> String {
    format!("API: {name}")
}

/// A token that checked out: who may send what.
#[derive(Clone, Debug)]
pub struct Sender {
    pub token_id: i32,
    pub name: String,
    /// None: every site.
    pub sites: Option<HashSet<i32>>,
}

impl Sender {
    pub fn may_send_for(&self, site: i32) -> bool {
        self.sites.as_ref().is_none_or(|s| s.contains(&site))
    }
}

/// Why a request's token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No token, or one that is unknown or revoked.
    Unauthorised,
    /// Over the limit; may retry after this many seconds.
    TooMany(u32),
}

/// Checks a bearer secret and counts the request against its minute.
pub async fn authenticate(
    db: &DatabaseConnection,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<Result<Sender, Refusal>, AppError> {
    let secret = secret.trim();
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 200 {
        return Ok(Err(Refusal::Unauthorised));
    }
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::SecretHash.eq(digest(secret)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(Err(Refusal::Unauthorised));
    };
    // One statement counts the request in the current minute, or refuses it when the minute is
    // full: concurrent requests on any instance cannot both take the last place.
    let minute = now.timestamp().div_euclid(60);
    let counted = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::WindowCount,
            Expr::case(
                Expr::col(api_token::Column::WindowMinute).eq(minute),
                Expr::col(api_token::Column::WindowCount).add(1),
            )
            .finally(1)
            .into(),
        )
        .col_expr(api_token::Column::WindowMinute, Expr::value(minute))
        .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(token.id))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(
            api_token::Column::WindowMinute
                .ne(minute)
                .or(api_token::Column::WindowCount.lt(PER_MINUTE)),
        )
        .exec(db)
        .await?;
    if counted.rows_affected == 0 {
        let wait = 60 - now.timestamp().rem_euclid(60);
        return Ok(Err(Refusal::TooMany(wait as u32)));
    }
    let sites = if token.all_sites {
        None
    } else {
        Some(
            api_token_site::Entity::find()
                .filter(api_token_site::Column::TokenId.eq(token.id))
                .all(db)
                .await?
                .into_iter()
                .map(|s| s.site_id)
                .collect(),
        )
    };
    Ok(Ok(Sender {
        token_id: token.id,
        name: token.name,
        sites,
    }))
}

/// The tokens, newest first, with the sites they may send for.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    tz: chrono_tz::Tz,
) -> Result<Vec<ApiTokenRow>, AppError> {
    let tokens = api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?;
    let mut scopes: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for s in api_token_site::Entity::find().all(db).await? {
        scopes.entry(s.token_id).or_default().push(s.site_id);
    }
    let sites: BTreeMap<i32, String> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let makers: BTreeSet<i32> = tokens.iter().map(|t| t.created_by).collect();
    let names: BTreeMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(makers))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let when = |t: DateTime<Utc>| t.with_timezone(&tz).format("%-d %b %Y, %H:%M").to_string();
    Ok(tokens
        .into_iter()
        .map(|t| {
            let mut for_sites: Vec<String> = scopes
                .get(&t.id)
                .into_iter()
                .flatten()
                .filter_map(|id| sites.get(id).cloned())
                .collect();
            for_sites.sort();
            ApiTokenRow {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                sites: if t.all_sites {
                    "Every site".into()
                } else if for_sites.is_empty() {
                    "No site (its sites were deleted)".into()
                } else {
                    for_sites.join(", ")
                },
                created: format!(
                    "{} by {}",
                    when(t.created_at),
                    names.get(&t.created_by).map_or("someone", String::as_str)
                ),
                last_used: t.last_used_at.map(when),
                revoked: t.revoked_at.map(when),
            }
        })
        .collect())
}

/// Creates a token; the secret in the answer is the only copy.
pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    form: &TokenForm,
) -> Result<NewApiToken, AppError> {
    let name = form.name.trim();
    if name.is_empty() {
        return Err(AppError::invalid(
            "Give the token a name: the system that will send with it, such as \"Guest survey kiosk\".",
        ));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::invalid("The name is longer than 80 characters."));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "The name cannot contain line breaks or control characters.",
        ));
    }
    let all_sites = form.all_sites.is_some();
    let mut chosen = BTreeSet::new();
    for key in form.sites.keys().filter(|_| !all_sites) {
        let id: i32 = key
            .parse()
            .map_err(|_| AppError::invalid("Choose sites from the list."))?;
        chosen.insert(id);
    }
    if !all_sites && chosen.is_empty() {
        return Err(AppError::invalid(
            "Choose the sites this token may send feedback for, or every site.",
        ));
    }
    let txn = db.begin().await?;
    let known: BTreeSet<i32> = site::Entity::find()
        .filter(site::Column::Id.is_in(chosen.iter().copied()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if known.len() != chosen.len() {
        return Err(AppError::invalid(
            "One of the chosen sites no longer exists: reload the page and choose again.",
        ));
    }
    let clash = api_token::Entity::find()
        .filter(api_token::Column::RevokedAt.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .any(|t| t.name.to_lowercase() == name.to_lowercase());
    if clash {
        return Err(AppError::Conflict(format!(
            "A token called \"{name}\" is in use: revoke it first to replace it, or choose another name."
        )));
    }
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let secret = format!(
        "{SECRET_PREFIX}{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let token = api_token::ActiveModel {
        name: Set(name.to_owned()),
        prefix: Set(secret[..SECRET_PREFIX.len() + 8].to_owned()),
        secret_hash: Set(digest(&secret)),
        all_sites: Set(all_sites),
        created_by: Set(me.id),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        last_used_at: Set(None),
        window_minute: Set(0),
        window_count: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if !all_sites {
        api_token_site::Entity::insert_many(chosen.iter().map(|&site_id| {
            api_token_site::ActiveModel {
                token_id: Set(token.id),
                site_id: Set(site_id),
            }
        }))
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    tracing::info!(token = token.id, by = me.id, "API token created");
    Ok(NewApiToken {
        name: token.name,
        secret,
    })
}

/// Revokes a token: its next request is refused. Revoking twice changes nothing.
pub async fn revoke(
    db: &DatabaseConnection,
    me: &CurrentUser,
    id: i32,
) -> Result<String, AppError> {
    let token = api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That token".into()))?;
    if token.revoked_at.is_some() {
        return Ok(format!("\"{}\" was already revoked.", token.name));
    }
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    tracing::info!(token = id, by = me.id, "API token revoked");
    Ok(format!(
        "\"{}\" is revoked: requests with it are refused from now on.",
        token.name
    ))
}
