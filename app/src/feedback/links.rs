//! Public feedback links: HR and admins make one per site (optionally per department or person),
//! with its channel and the ratings it asks; customers answer at `/f/{slug}` without logging in.
//! Abuse-safe: each form shown carries a one-time token that an answer uses up (a replayed post
//! is refused), one answer per device, link and day, `PER_SLOT` answers per address in ten
//! minutes (counted in the database, for every instance), a honeypot field that bots fill, and a
//! cap on the comment.
use std::collections::BTreeMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::auth::service::CurrentUser;
use crate::entities::{
    feedback_link, feedback_link_answer, feedback_link_form, feedback_link_rate, feedback_response,
    user,
};
use crate::error::AppError;
use crate::feedback::types::{Channel, LinkForm, LinkRow, LinksView, Ratings, Source};
use crate::org::index::OrgIndex;

/// Answers one address may send in ten minutes (guests of a hotel often share one address).
pub const PER_SLOT: i32 = 30;
const SLOT_SECS: i64 = 600;
/// The longest comment through a public link.
pub const MAX_COMMENT: usize = 1_000;
/// The longest contact.
pub const MAX_CONTACT: usize = 200;
/// How long a form shown stays good to send.
const FORM_HOURS: i64 = 24;

/// `bytes` random bytes as lowercase hex.
pub fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The source a link's answers are kept under.
pub fn origin(slug: &str) -> String {
    format!("Link: {slug}")
}

/// A link as its public page needs it.
#[derive(Clone, Debug)]
pub struct PublicLink {
    pub id: i32,
    pub slug: String,
    pub site_id: i32,
    pub department_id: Option<i32>,
    pub person_id: Option<i32>,
    pub channel: Channel,
    /// Where the customer was: "Harbour View Hotel" or "Restaurant, Harbour View Hotel".
    pub place: String,
    /// The first name of the person the link is for.
    pub person: Option<String>,
    pub ask_csat: bool,
    pub ask_nps: bool,
    pub ask_ces: bool,
    pub open: bool,
}

/// What a customer sent.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub form_token: String,
    pub csat: String,
    pub nps: String,
    pub ces: String,
    pub comment: String,
    pub contact: String,
    /// The honeypot: hidden from people, filled by bots.
    pub website: String,
}

/// What became of an answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Answered {
    Kept,
    /// A bot filled the honeypot: thanked, and nothing kept.
    Ignored,
    /// This device already answered this link today: thanked, and nothing kept.
    AlreadyToday,
}

/// Why an answer was refused; the form is shown again with the message.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// What to change (422).
    Invalid(String),
    /// The form's token was used or is too old (409).
    Replayed,
    /// Too many answers from this address; retry after this many seconds (429).
    TooMany(u32),
}

pub async fn find<C: ConnectionTrait>(db: &C, slug: &str) -> Result<Option<PublicLink>, AppError> {
    if slug.len() > 64 || !slug.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let Some(l) = feedback_link::Entity::find()
        .filter(feedback_link::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let org = OrgIndex::load(db).await?;
    let site = org.sites.get(&l.site_id).map_or("", |s| s.name.as_str());
    let place = match l.department_id.and_then(|d| org.departments.get(&d)) {
        Some(d) => format!("{}, {site}", d.name),
        None => site.to_owned(),
    };
    let person = match l.person_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| u.name.split_whitespace().next().unwrap_or("").to_owned()),
        None => None,
    };
    Ok(Some(PublicLink {
        id: l.id,
        slug: l.slug,
        site_id: l.site_id,
        department_id: l.department_id,
        person_id: l.person_id,
        channel: l.channel,
        place,
        person,
        ask_csat: l.ask_csat,
        ask_nps: l.ask_nps,
        ask_ces: l.ask_ces,
        open: l.disabled_at.is_none(),
    }))
}

/// A one-time token for a form about to be shown; tokens older than a day are cleared.
pub async fn issue_form(
    db: &DatabaseConnection,
    link: &PublicLink,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    feedback_link_form::Entity::delete_many()
        .filter(feedback_link_form::Column::IssuedAt.lt(now - Duration::hours(FORM_HOURS)))
        .exec(db)
        .await?;
    let nonce = random_hex(16);
    feedback_link_form::ActiveModel {
        nonce: Set(nonce.clone()),
        link_id: Set(link.id),
        issued_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(nonce)
}

/// Counts an answer from `address` in the current slot; false when the slot is full.
async fn count_address(
    db: &DatabaseConnection,
    address: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    use feedback_link_rate::Column as R;
    let slot = now.timestamp().div_euclid(SLOT_SECS);
    let table = feedback_link_rate::Entity;
    let stmt = Query::insert()
        .into_table(table)
        .columns([R::Address, R::Slot, R::Count])
        .values_panic([address.into(), slot.into(), 1.into()])
        .on_conflict(
            OnConflict::column(R::Address)
                .value(
                    R::Count,
                    Expr::case(
                        Expr::col((table, R::Slot)).eq(slot),
                        Expr::col((table, R::Count)).add(1),
                    )
                    .finally(1),
                )
                .value(R::Slot, slot)
                .to_owned(),
        )
        .to_owned();
    db.execute(db.get_database_backend().build(&stmt)).await?;
    let count = feedback_link_rate::Entity::find_by_id(address.to_owned())
        .one(db)
        .await?
        .map_or(0, |r| r.count);
    Ok(count <= PER_SLOT)
}

/// A rating field: None when blank; the problem when not a whole number on the scale.
fn rating(raw: &str, asked: bool, name: &str, min: u8, max: u8) -> Result<Option<u8>, String> {
    let raw = raw.trim();
    if raw.is_empty() || !asked {
        return Ok(None);
    }
    match raw.parse::<u8>() {
        Ok(v) if (min..=max).contains(&v) => Ok(Some(v)),
        _ => Err(format!("Choose {name} from {min} to {max}.")),
    }
}

/// Keeps a customer's answer, or says why not.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    db: &DatabaseConnection,
    link: &PublicLink,
    form: &AnswerForm,
    device: &str,
    address: &str,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Result<Answered, Refusal>, AppError> {
    if !form.website.trim().is_empty() {
        tracing::info!(
            link = link.id,
            "public feedback with the honeypot filled ignored"
        );
        return Ok(Ok(Answered::Ignored));
    }
    let checked = (|| {
        let ratings = Ratings {
            csat: rating(&form.csat, link.ask_csat, "how satisfied you were", 1, 5)?,
            nps: rating(
                &form.nps,
                link.ask_nps,
                "how likely you are to recommend us",
                0,
                10,
            )?,
            ces: rating(&form.ces, link.ask_ces, "how easy it was", 1, 7)?,
        };
        if ratings.csat.is_none() && ratings.nps.is_none() && ratings.ces.is_none() {
            return Err("Choose an answer to at least one question.".to_owned());
        }
        let comment = form.comment.trim();
        if comment.chars().count() > MAX_COMMENT {
            return Err(format!(
                "Please keep the comment under {MAX_COMMENT} characters."
            ));
        }
        let contact = form.contact.trim();
        if contact.chars().count() > MAX_CONTACT {
            return Err(format!(
                "The contact is longer than {MAX_CONTACT} characters."
            ));
        }
        if comment.contains('\0') || contact.contains('\0') {
            return Err("The answer contains a character that cannot be kept.".to_owned());
        }
        Ok((ratings, comment.to_owned(), contact.to_owned()))
    })();
    let (ratings, comment, contact) = match checked {
        Ok(c) => c,
        Err(m) => return Ok(Err(Refusal::Invalid(m))),
    };
    if !count_address(db, address, now).await? {
        let wait = SLOT_SECS - now.timestamp().rem_euclid(SLOT_SECS);
        return Ok(Err(Refusal::TooMany(wait as u32)));
    }
    let local = now.with_timezone(&tz).naive_local();
    let txn = db.begin().await?;
    let used = feedback_link_form::Entity::delete_many()
        .filter(feedback_link_form::Column::Nonce.eq(form.form_token.trim()))
        .filter(feedback_link_form::Column::LinkId.eq(link.id))
        .filter(feedback_link_form::Column::IssuedAt.gte(now - Duration::hours(FORM_HOURS)))
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Ok(Err(Refusal::Replayed));
    }
    let first_today = feedback_link_answer::Entity::insert(feedback_link_answer::ActiveModel {
        link_id: Set(link.id),
        device: Set(device.to_owned()),
        day: Set(local.date()),
    })
    .on_conflict(
        OnConflict::columns([
            feedback_link_answer::Column::LinkId,
            feedback_link_answer::Column::Device,
            feedback_link_answer::Column::Day,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if first_today == 0 {
        // The token stays used: the same form cannot be sent again either.
        txn.commit().await?;
        return Ok(Ok(Answered::AlreadyToday));
    }
    let text = |s: String| (!s.is_empty()).then_some(s);
    let kept = feedback_response::ActiveModel {
        id: Default::default(),
        origin: Set(origin(&link.slug)),
        external_id: Set(form.form_token.trim().to_owned()),
        source: Set(Source::Link),
        occurred_at: Set(local),
        day: Set(local.date()),
        site_id: Set(link.site_id),
        department_id: Set(link.department_id),
        person_id: Set(link.person_id),
        channel: Set(link.channel),
        csat: Set(ratings.csat.map(i16::from)),
        nps: Set(ratings.nps.map(i16::from)),
        ces: Set(ratings.ces.map(i16::from)),
        comment: Set(text(comment)),
        contact: Set(text(contact)),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    crate::feedback::service::added(&txn, kept.id - 1, now, local.date()).await?;
    txn.commit().await?;
    Ok(Ok(Answered::Kept))
}

/// The links, newest first, and what a new one can be for.
pub async fn list<C: ConnectionTrait>(db: &C, tz: chrono_tz::Tz) -> Result<LinksView, AppError> {
    let org = OrgIndex::load(db).await?;
    let links = feedback_link::Entity::find()
        .order_by_desc(feedback_link::Column::Id)
        .all(db)
        .await?;
    let people: BTreeMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(links.iter().filter_map(|l| l.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let when = |t: DateTime<Utc>| t.with_timezone(&tz).format("%-d %b %Y").to_string();
    let mut rows = Vec::with_capacity(links.len());
    for l in links {
        let answers = feedback_response::Entity::find()
            .filter(feedback_response::Column::Origin.eq(origin(&l.slug)))
            .count(db)
            .await?;
        let mut unit = org
            .sites
            .get(&l.site_id)
            .map_or_else(String::new, |s| s.name.clone());
        if let Some(d) = l.department_id.and_then(|d| org.departments.get(&d)) {
            unit.push_str(&format!(" · {}", d.name));
        }
        if let Some(p) = l.person_id.and_then(|p| people.get(&p)) {
            unit.push_str(&format!(" · for {p}"));
        }
        let asks: Vec<&str> = [(l.ask_csat, "CSAT"), (l.ask_nps, "NPS"), (l.ask_ces, "CES")]
            .into_iter()
            .filter_map(|(on, n)| on.then_some(n))
            .collect();
        rows.push(LinkRow {
            id: l.id,
            slug: l.slug,
            unit,
            channel: l.channel.label().to_owned(),
            asks: asks.join(", "),
            answers,
            created: when(l.created_at),
            disabled: l.disabled_at.map(when),
        });
    }
    let mut sites: Vec<(i32, String)> =
        org.sites.values().map(|s| (s.id, s.name.clone())).collect();
    sites.sort_by(|a, b| a.1.cmp(&b.1));
    let mut departments: Vec<(i32, String)> = org
        .departments
        .values()
        .map(|d| {
            let site = org.sites.get(&d.site_id).map_or("", |s| s.name.as_str());
            (d.id, format!("{site} · {}", d.name))
        })
        .collect();
    departments.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(LinksView {
        links: rows,
        sites,
        departments,
    })
}

/// Makes a link; the answer says where it is.
pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    form: &LinkForm,
) -> Result<String, AppError> {
    let org = OrgIndex::load(db).await?;
    let site = form
        .site
        .trim()
        .parse::<i32>()
        .ok()
        .and_then(|id| org.sites.get(&id))
        .ok_or_else(|| AppError::invalid("Choose the site the link is for."))?;
    let department = match form.department.trim() {
        "" => None,
        d => Some(
            d.parse::<i32>()
                .ok()
                .and_then(|id| org.departments.get(&id))
                .filter(|d| d.site_id == site.id)
                .ok_or_else(|| {
                    AppError::invalid(format!("Choose a department of {}, or none.", site.name))
                })?
                .id,
        ),
    };
    let person = match form.person.trim() {
        "" => None,
        email => Some(
            user::Entity::find()
                .filter(user::Column::Email.eq(crate::auth::service::normalize_email(email)))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid(format!("Nobody has the email address {email}.")))?
                .id,
        ),
    };
    let channel = Channel::parse(&form.channel)
        .ok_or_else(|| AppError::invalid("Choose where customers are served."))?;
    let (csat, nps, ces) = (
        form.ask_csat.is_some(),
        form.ask_nps.is_some(),
        form.ask_ces.is_some(),
    );
    if !(csat || nps || ces) {
        return Err(AppError::invalid(
            "Choose at least one question to ask: CSAT, NPS or CES.",
        ));
    }
    let slug = random_hex(10);
    feedback_link::ActiveModel {
        slug: Set(slug.clone()),
        site_id: Set(site.id),
        department_id: Set(department),
        person_id: Set(person),
        channel: Set(channel),
        ask_csat: Set(csat),
        ask_nps: Set(nps),
        ask_ces: Set(ces),
        created_by: Set(me.id),
        created_at: Set(Utc::now()),
        disabled_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(format!(
        "The link for {} is ready: print its table card or share /f/{slug}.",
        site.name
    ))
}

/// Switches a link off: its page says so and takes no answers.
pub async fn disable(db: &DatabaseConnection, id: i32) -> Result<String, AppError> {
    let link = feedback_link::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That link".into()))?;
    if link.disabled_at.is_none() {
        feedback_link::Entity::update_many()
            .col_expr(feedback_link::Column::DisabledAt, Expr::value(Utc::now()))
            .filter(feedback_link::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok("The link is switched off: its page takes no more answers.".into())
}
