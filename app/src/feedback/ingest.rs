//! The ingest API's work once the token checked out: reading a JSON body of one response or a
//! batch, checking every field (each problem named by index and field), and writing the batch in
//! one transaction, all or nothing, idempotent on (token name, external id).
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::entities::{feedback_response, user};
use crate::error::AppError;
use crate::feedback::api_doc::{FIELDS, Kind, MAX_BATCH};
use crate::feedback::tokens::{Sender, origin};
use crate::feedback::types::{Channel, Ratings, Source};
use crate::org::index::OrgIndex;

// A whole batch is one insert statement.
const _: () = assert!(MAX_BATCH <= crate::feedback::service::BATCH);

/// One problem with one response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub index: usize,
    /// The field at fault, or "" for the response as a whole.
    pub field: String,
    pub message: String,
}

/// Why a request added nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a response or an array of them (400).
    Shape(String),
    /// More than `MAX_BATCH` responses (413).
    TooMany(usize),
    /// Responses for sites the token may not send for (403), and any other problems.
    OutOfScope(Vec<FieldProblem>),
    /// Problems with the responses (422).
    Problems(Vec<FieldProblem>),
}

/// What became of one response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Result1 {
    pub index: usize,
    pub external_id: String,
    /// "added" or "already".
    pub status: &'static str,
}

/// What a request did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub added: usize,
    pub already: usize,
    pub results: Vec<Result1>,
}

/// A response whose fields are checked; names still to resolve.
struct Checked {
    external_id: String,
    occurred_at: NaiveDateTime,
    site: IdOrName,
    department: Option<IdOrName>,
    person: Option<String>,
    channel: Channel,
    ratings: Ratings,
    comment: Option<String>,
    contact: Option<String>,
}

enum IdOrName {
    Id(i64),
    Name(String),
}

fn problem(index: usize, field: &str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        index,
        field: field.to_owned(),
        message: message.into(),
    }
}

/// A text field's value, trimmed: None when absent, null or blank.
fn text(v: &Value, max: usize) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                Ok(None)
            } else if t.chars().count() > max {
                Err(format!("Longer than {max} characters."))
            } else if t.contains('\0') {
                Err("Contains a NUL character.".into())
            } else {
                Ok(Some(t.to_owned()))
            }
        }
        _ => Err("Must be text.".into()),
    }
}

/// A local date and time from RFC 3339 (converted to the organisation's zone) or local ISO.
fn date_time(raw: &str, tz: chrono_tz::Tz) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&tz).naive_local());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Checks one response's fields, listing every problem.
fn check(
    index: usize,
    item: &Map<String, Value>,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    out: &mut Vec<FieldProblem>,
) -> Option<Checked> {
    let before = out.len();
    for key in item.keys() {
        if !FIELDS.iter().any(|f| f.name == key) {
            let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
            out.push(problem(
                index,
                key,
                format!("Unknown field; the fields are {}.", names.join(", ")),
            ));
        }
    }
    let get = |name: &str| item.get(name).unwrap_or(&Value::Null);
    for f in FIELDS.iter().filter(|f| f.required) {
        let missing = match get(f.name) {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        };
        if missing {
            out.push(problem(index, f.name, "Required."));
        }
    }
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    let mut ratings: HashMap<&str, Option<u8>> = HashMap::new();
    let mut refs: HashMap<&str, Option<IdOrName>> = HashMap::new();
    let mut occurred_at = None;
    let mut channel = Channel::Other;
    for f in &FIELDS {
        let v = get(f.name);
        let r: Result<(), String> = match f.kind {
            Kind::Text { max } => text(v, max).map(|t| {
                texts.insert(f.name, t);
            }),
            Kind::Email => text(v, 254).and_then(|t| match t {
                Some(e) if !e.contains('@') => Err(format!("\"{e}\" is not an email address.")),
                t => {
                    texts.insert(f.name, t);
                    Ok(())
                }
            }),
            Kind::Rating { min, max } => match v {
                Value::Null => {
                    ratings.insert(f.name, None);
                    Ok(())
                }
                Value::Number(n) => match n.as_i64() {
                    Some(x) if (i64::from(min)..=i64::from(max)).contains(&x) => {
                        ratings.insert(f.name, Some(x as u8));
                        Ok(())
                    }
                    _ => Err(format!("A whole number from {min} to {max}, not {n}.")),
                },
                _ => Err(format!("A whole number from {min} to {max}.")),
            },
            Kind::IdOrName => match v {
                Value::Null => Ok(()),
                Value::Number(n) => match n.as_i64() {
                    Some(id) => {
                        refs.insert(f.name, Some(IdOrName::Id(id)));
                        Ok(())
                    }
                    None => Err(format!("{n} is not an id.")),
                },
                Value::String(_) => text(v, crate::feedback::api_doc::MAX_SHORT).map(|t| {
                    refs.insert(f.name, t.map(IdOrName::Name));
                }),
                _ => Err("An id (integer) or a name (text).".into()),
            },
            Kind::DateTime => match v {
                Value::Null => Ok(()),
                Value::String(s) if s.trim().is_empty() => Ok(()),
                Value::String(s) => match date_time(s, tz) {
                    Some(t)
                        if t > now.with_timezone(&tz).naive_local() + chrono::Duration::days(1) =>
                    {
                        Err(format!("\"{s}\" is in the future."))
                    }
                    Some(t)
                        if t.date() < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() =>
                    {
                        Err(format!("\"{s}\" is before 2000."))
                    }
                    Some(t) => {
                        occurred_at = Some(t);
                        Ok(())
                    }
                    None => Err(format!(
                        "\"{s}\" is not a date and time: use RFC 3339 (2026-11-30T14:05:00Z) or 2026-11-30T14:05."
                    )),
                },
                _ => Err("A date and time as text, such as 2026-11-30T14:05:00Z.".into()),
            },
            Kind::Channel => match text(v, 40) {
                Ok(None) => Ok(()),
                Ok(Some(c)) => match Channel::parse(&c) {
                    Some(ch) => {
                        channel = ch;
                        Ok(())
                    }
                    None => Err(format!(
                        "\"{c}\" is not a channel; use one of {}.",
                        Kind::Channel.label()
                    )),
                },
                Err(e) => Err(e),
            },
        };
        if let Err(message) = r {
            out.push(problem(index, f.name, message));
        }
    }
    let ratings = Ratings {
        csat: ratings.get("csat").copied().flatten(),
        nps: ratings.get("nps").copied().flatten(),
        ces: ratings.get("ces").copied().flatten(),
    };
    let rated = ["csat", "nps", "ces"]
        .iter()
        .any(|f| item.get(*f).is_some_and(|v| !v.is_null()));
    if !rated {
        out.push(problem(
            index,
            "",
            "Give at least one rating: csat, nps or ces.",
        ));
    }
    if out.len() > before {
        return None;
    }
    let mut take = |name: &str| texts.remove(name).flatten();
    Some(Checked {
        external_id: take("external_id")?,
        occurred_at: occurred_at?,
        site: refs.remove("site").flatten()?,
        department: refs.remove("department").flatten(),
        person: take("person"),
        channel,
        ratings,
        comment: take("comment"),
        contact: take("contact"),
    })
}

/// Reads, checks and adds a request's responses: all or nothing.
pub async fn ingest(
    db: &DatabaseConnection,
    sender: &Sender,
    body: Value,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Result<Outcome, Refused>, AppError> {
    let items: Vec<Value> = match body {
        Value::Array(items) => items,
        item @ Value::Object(_) => vec![item],
        _ => {
            return Ok(Err(Refused::Shape(
                "Send one response as a JSON object, or a batch as an array of them.".into(),
            )));
        }
    };
    if items.is_empty() {
        return Ok(Err(Refused::Shape(
            "The batch is empty: send at least one response.".into(),
        )));
    }
    if items.len() > MAX_BATCH {
        return Ok(Err(Refused::TooMany(items.len())));
    }
    let mut problems = Vec::new();
    let mut checked = Vec::with_capacity(items.len());
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            problems.push(problem(index, "", "Each response is a JSON object."));
            continue;
        };
        let id = map
            .get("external_id")
            .and_then(Value::as_str)
            .map(str::trim);
        if let Some(id) = id.filter(|id| !id.is_empty())
            && let Some(first) = ids.insert(id.to_owned(), index)
        {
            problems.push(problem(
                index,
                "external_id",
                format!("The same id as response {first} of this batch."),
            ));
        }
        if let Some(c) = check(index, map, tz, now, &mut problems) {
            checked.push((index, c));
        }
    }

    // Names to the organisation's ids; the token's sites.
    let org = OrgIndex::load(db).await?;
    let emails: HashSet<String> = checked
        .iter()
        .filter_map(|(_, c)| c.person.as_ref().map(|p| p.to_lowercase()))
        .collect();
    let people: HashMap<String, i32> = if emails.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Email.is_in(emails))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.email.to_lowercase(), u.id))
            .collect()
    };
    let mut out_of_scope = false;
    let mut rows = Vec::with_capacity(checked.len());
    for (index, c) in checked {
        let site = match &c.site {
            IdOrName::Id(id) => i32::try_from(*id).ok().and_then(|id| org.sites.get(&id)),
            IdOrName::Name(n) => org.sites.values().find(|s| s.name.eq_ignore_ascii_case(n)),
        };
        let Some(site) = site else {
            problems.push(problem(index, "site", "No site has this id or name."));
            continue;
        };
        if !sender.may_send_for(site.id) {
            out_of_scope = true;
            problems.push(problem(
                index,
                "site",
                format!("This token may not send feedback for {}.", site.name),
            ));
            continue;
        }
        let department = match &c.department {
            None => None,
            Some(d) => {
                let found = org.departments.values().find(|x| {
                    x.site_id == site.id
                        && match d {
                            IdOrName::Id(id) => i64::from(x.id) == *id,
                            IdOrName::Name(n) => x.name.eq_ignore_ascii_case(n),
                        }
                });
                match found {
                    Some(x) => Some(x.id),
                    None => {
                        problems.push(problem(
                            index,
                            "department",
                            format!("{} has no department with this id or name.", site.name),
                        ));
                        continue;
                    }
                }
            }
        };
        let person = match &c.person {
            None => None,
            Some(p) => match people.get(&p.to_lowercase()) {
                Some(id) => Some(*id),
                None => {
                    problems.push(problem(
                        index,
                        "person",
                        format!("Nobody has the email address {p}."),
                    ));
                    continue;
                }
            },
        };
        rows.push((
            index,
            c.external_id.clone(),
            feedback_response::ActiveModel {
                id: Default::default(),
                origin: Set(origin(&sender.name)),
                external_id: Set(c.external_id),
                source: Set(Source::Api),
                occurred_at: Set(c.occurred_at),
                day: Set(c.occurred_at.date()),
                site_id: Set(site.id),
                department_id: Set(department),
                person_id: Set(person),
                channel: Set(c.channel),
                csat: Set(c.ratings.csat.map(i16::from)),
                nps: Set(c.ratings.nps.map(i16::from)),
                ces: Set(c.ratings.ces.map(i16::from)),
                comment: Set(c.comment),
                contact: Set(c.contact),
                created_at: Set(now),
            },
        ));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.index);
        return Ok(Err(if out_of_scope {
            Refused::OutOfScope(problems)
        } else {
            Refused::Problems(problems)
        }));
    }

    // All or nothing, in one transaction; a response already there is left as it was.
    let origin = origin(&sender.name);
    let txn = db.begin().await?;
    let wanted: Vec<String> = rows.iter().map(|(_, id, _)| id.clone()).collect();
    let mut there: HashSet<String> = HashSet::new();
    for chunk in wanted.chunks(500) {
        there.extend(
            feedback_response::Entity::find()
                .filter(feedback_response::Column::Origin.eq(origin.as_str()))
                .filter(feedback_response::Column::ExternalId.is_in(chunk.iter().cloned()))
                .all(&txn)
                .await?
                .into_iter()
                .map(|r| r.external_id),
        );
    }
    let mut results = Vec::with_capacity(rows.len());
    let mut new = Vec::new();
    for (index, external_id, row) in rows {
        let already = there.contains(&external_id);
        results.push(Result1 {
            index,
            external_id,
            status: if already { "already" } else { "added" },
        });
        if !already {
            new.push(row);
        }
    }
    // MAX_BATCH rows fit in one statement.
    let before = crate::feedback::followup_service::last_response_id(&txn).await?;
    let added = crate::feedback::service::insert_new(&txn, new).await? as usize;
    crate::feedback::service::added(&txn, before, now, now.with_timezone(&tz).date_naive()).await?;
    txn.commit().await?;
    let already = results.len() - added;
    Ok(Ok(Outcome {
        added,
        already,
        results,
    }))
}
