//! Importing customer feedback in the browser: an uploaded file is kept in the database in pieces
//! (so any app instance can read it), mapped on its page, checked by a dry run and imported, each
//! run in the background with its progress; mappings are saved per source and reused.
//!
//! The reading, resolving and writing are `service::import`'s, the same as the command line's.
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entities::{feedback_import, feedback_import_chunk, feedback_mapping, user};
use crate::error::AppError;
use crate::feedback::import::{self, DateFormat, Mapping, PEEK_BYTES};
use crate::feedback::imports_types::{
    DateSample, MappedValue, MappingForm, SavedMapping, UploadProgress, UploadRow, UploadStatus,
    UploadView, UploadsPage,
};
use crate::feedback::types::{CesScale, Channel, CsatScale, ImportMode, ImportReport};
use crate::org::index::OrgIndex;

/// Bytes per stored piece of a file.
pub const CHUNK: usize = 1 << 20;
/// The largest file taken (a million responses with comments is about 110 MB).
pub const MAX_UPLOAD: u64 = 256 << 20;
/// Files listed on the import page.
const LISTED: u64 = 20;
/// Sample lines shown under the columns.
const SAMPLE: usize = 5;
/// Files not imported are forgotten this long after their upload.
const KEPT_DAYS: i64 = 14;

/// Bytes read so far by each run going on in this process, by the file's pid (unique across
/// databases too).
static RUNNING: LazyLock<Mutex<HashMap<String, Arc<AtomicU64>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn running_here(pid: &str) -> Option<u64> {
    RUNNING
        .lock()
        .ok()
        .and_then(|m| m.get(pid).map(|a| a.load(Ordering::Relaxed)))
}

pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

fn when(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format("%-d %b %Y, %H:%M").to_string()
}

fn clean_name(name: &str) -> String {
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if name.trim().is_empty() {
        "feedback.csv".into()
    } else {
        name.trim().to_owned()
    }
}

/// A file arriving: its pieces are written as they come, each on its own (a long upload holds no
/// lock); `finish` makes it visible, `abandon` removes what came.
pub struct Upload {
    id: i32,
    pid: String,
    buf: Vec<u8>,
    seq: i32,
    bytes: u64,
}

impl Upload {
    pub async fn begin(
        db: &DatabaseConnection,
        owner: i32,
        file_name: &str,
    ) -> Result<Upload, AppError> {
        forget_old(db).await?;
        let pid = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let row = feedback_import::ActiveModel {
            pid: Set(pid.clone()),
            owner_id: Set(owner),
            file_name: Set(clean_name(file_name)),
            bytes: Set(0),
            status: Set(UploadStatus::Uploaded),
            mode: Set(None),
            mapping: Set(None),
            report: Set(None),
            problem: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(Upload {
            id: row.id,
            pid,
            buf: Vec::with_capacity(CHUNK),
            seq: 0,
            bytes: 0,
        })
    }

    /// Bytes taken so far.
    pub fn received(&self) -> u64 {
        self.bytes
    }

    /// Takes more of the file; refuses it past `MAX_UPLOAD`.
    pub async fn push(&mut self, db: &DatabaseConnection, mut data: &[u8]) -> Result<(), AppError> {
        self.bytes += data.len() as u64;
        if self.bytes > MAX_UPLOAD {
            return Err(AppError::invalid(format!(
                "The file is larger than {}; split it into smaller files. Nothing was kept.",
                size_text(MAX_UPLOAD)
            )));
        }
        while !data.is_empty() {
            let room = CHUNK - self.buf.len();
            let (now, later) = data.split_at(room.min(data.len()));
            self.buf.extend_from_slice(now);
            data = later;
            if self.buf.len() == CHUNK {
                self.write(db).await?;
            }
        }
        Ok(())
    }

    async fn write(&mut self, db: &DatabaseConnection) -> Result<(), AppError> {
        if self.buf.is_empty() {
            return Ok(());
        }
        feedback_import_chunk::ActiveModel {
            import_id: Set(self.id),
            seq: Set(self.seq),
            data: Set(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK))),
        }
        .insert(db)
        .await?;
        self.seq += 1;
        Ok(())
    }

    /// The whole file has come: checks it is a CSV with a header, then lists it. Returns its pid.
    pub async fn finish(mut self, db: &DatabaseConnection) -> Result<String, AppError> {
        self.write(db).await?;
        if self.bytes == 0 {
            self.abandon(db).await;
            return Err(AppError::invalid("The file is empty. Nothing was kept."));
        }
        let first = first_bytes(db, self.id).await?;
        if let Err(e) = std::str::from_utf8(&first)
            .map(|_| ())
            .or_else(|e| {
                // A multi-byte character cut at the end of the sample is fine.
                if e.error_len().is_none() {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|_| {
                "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again. Nothing was kept.".to_owned()
            })
            .and_then(|_| import::peek(&first, 1).map(|_| ()))
        {
            self.abandon(db).await;
            return Err(AppError::Invalid(e));
        }
        feedback_import::Entity::update_many()
            .col_expr(
                feedback_import::Column::Bytes,
                sea_orm::sea_query::Expr::value(self.bytes as i64),
            )
            .filter(feedback_import::Column::Id.eq(self.id))
            .exec(db)
            .await?;
        Ok(self.pid)
    }

    /// Removes what came of a file that did not finish.
    pub async fn abandon(self, db: &DatabaseConnection) {
        if let Err(e) = remove(db, self.id).await {
            tracing::warn!(error = %e, "could not remove an unfinished upload");
        }
    }
}

async fn remove(db: &DatabaseConnection, id: i32) -> Result<(), AppError> {
    feedback_import_chunk::Entity::delete_many()
        .filter(feedback_import_chunk::Column::ImportId.eq(id))
        .exec(db)
        .await?;
    feedback_import::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Forgets files not imported within `KEPT_DAYS`, and uploads that never finished (a day on).
async fn forget_old(db: &DatabaseConnection) -> Result<(), AppError> {
    let now = Utc::now();
    let stale: Vec<i32> = feedback_import::Entity::find()
        .select_only()
        .column(feedback_import::Column::Id)
        .filter(
            sea_orm::Condition::any()
                .add(
                    feedback_import::Column::Bytes
                        .eq(0)
                        .and(feedback_import::Column::CreatedAt.lt(now - Duration::days(1))),
                )
                .add(
                    feedback_import::Column::Status
                        .ne(UploadStatus::Applied)
                        .and(
                            feedback_import::Column::CreatedAt.lt(now - Duration::days(KEPT_DAYS)),
                        ),
                ),
        )
        .into_tuple()
        .all(db)
        .await?;
    for id in stale {
        remove(db, id).await?;
    }
    Ok(())
}

/// The first `PEEK_BYTES` of a file.
async fn first_bytes(db: &DatabaseConnection, id: i32) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    let mut seq = 0;
    while out.len() < PEEK_BYTES {
        let Some(c) = feedback_import_chunk::Entity::find_by_id((id, seq))
            .one(db)
            .await?
        else {
            break;
        };
        out.extend_from_slice(&c.data);
        seq += 1;
    }
    out.truncate(PEEK_BYTES);
    Ok(out)
}

async fn find(db: &DatabaseConnection, pid: &str) -> Result<feedback_import::Model, AppError> {
    feedback_import::Entity::find()
        .filter(feedback_import::Column::Pid.eq(pid.trim()))
        .filter(feedback_import::Column::Bytes.gt(0))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That uploaded file".into()))
}

async fn names(db: &DatabaseConnection, ids: Vec<i32>) -> Result<HashMap<i32, String>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

fn read_report(m: &feedback_import::Model) -> Option<ImportReport> {
    m.report
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
}

fn read_stored_mapping(text: Option<&str>) -> Option<Mapping> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

fn summary(m: &feedback_import::Model) -> String {
    let Some(r) = read_report(m) else {
        return String::new();
    };
    let n = |v: u64| crate::ui::thousands(v);
    let bad = if r.bad > 0 {
        format!(", {} with problems", n(r.bad))
    } else {
        String::new()
    };
    match (m.status, r.applied) {
        (UploadStatus::Applied, _) => {
            format!("{} added, {} already there{bad}", n(r.added), n(r.already))
        }
        _ => format!(
            "{} would be added, {} already there{bad}",
            n(r.added),
            n(r.already)
        ),
    }
}

/// The mappings saved per source, newest first.
async fn saved(db: &DatabaseConnection, tz: chrono_tz::Tz) -> Result<Vec<SavedMapping>, AppError> {
    let rows = feedback_mapping::Entity::find()
        .order_by_desc(feedback_mapping::Column::SavedAt)
        .all(db)
        .await?;
    let who = names(db, rows.iter().map(|r| r.saved_by).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|r| SavedMapping {
            id: r.id,
            saved_by: who.get(&r.saved_by).cloned().unwrap_or_default(),
            saved_at: when(r.saved_at, tz),
            toml: read_stored_mapping(Some(&r.mapping))
                .and_then(|m| toml::to_string(&m).ok())
                .unwrap_or_default(),
            origin: r.origin,
        })
        .collect())
}

/// The import start page: recent files and saved mappings.
pub async fn list(
    db: &DatabaseConnection,
    tz: chrono_tz::Tz,
    problem: Option<String>,
) -> Result<UploadsPage, AppError> {
    let rows = feedback_import::Entity::find()
        .filter(feedback_import::Column::Bytes.gt(0))
        .order_by_desc(feedback_import::Column::CreatedAt)
        .order_by_desc(feedback_import::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?;
    let who = names(db, rows.iter().map(|r| r.owner_id).collect()).await?;
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    Ok(UploadsPage {
        problem,
        uploads: rows
            .iter()
            .map(|r| UploadRow {
                pid: r.pid.clone(),
                file_name: r.file_name.clone(),
                size: size_text(r.bytes as u64),
                uploaded_by: who.get(&r.owner_id).cloned().unwrap_or_default(),
                uploaded_at: when(r.created_at, tz),
                status: shown_status(r, sqlite).0,
                summary: summary(r),
            })
            .collect(),
        saved: saved(db, tz).await?,
        max_size: size_text(MAX_UPLOAD),
    })
}

/// A run's status as shown: a run this process does not hold stopped with the server (on
/// SQLite, the only process; on PostgreSQL, after an hour without finishing).
fn shown_status(m: &feedback_import::Model, sqlite: bool) -> (UploadStatus, Option<u8>, bool) {
    if !m.status.running() {
        return (m.status, None, false);
    }
    match running_here(&m.pid) {
        Some(read) => {
            let pct = (read.saturating_mul(100) / (m.bytes.max(1) as u64)).min(99) as u8;
            (m.status, Some(pct), false)
        }
        None if sqlite || Utc::now() - m.updated_at > Duration::hours(1) => {
            (UploadStatus::Failed, None, true)
        }
        None => (m.status, None, false),
    }
}

/// Where a run is.
pub async fn progress(db: &DatabaseConnection, pid: &str) -> Result<UploadProgress, AppError> {
    let m = find(db, pid).await?;
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    let (status, progress, _) = shown_status(&m, sqlite);
    Ok(UploadProgress { status, progress })
}

pub fn form_of(m: &Mapping) -> MappingForm {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    MappingForm {
        origin: m.origin.clone(),
        date: m.date.clone(),
        date_format: match m.date_format {
            None => String::new(),
            Some(DateFormat::Iso) => "iso".into(),
            Some(DateFormat::Dmy) => "dmy".into(),
            Some(DateFormat::Mdy) => "mdy".into(),
        },
        site: m.site.clone(),
        department: s(&m.department),
        person: s(&m.person),
        channel: s(&m.channel),
        default_channel: m
            .default_channel
            .map(|c| c.key().to_owned())
            .unwrap_or_default(),
        csat: s(&m.csat),
        csat_scale: match m.csat_scale {
            CsatScale::OneToFive => "1-5",
            CsatScale::OneToTen => "1-10",
            CsatScale::Percent => "0-100",
        }
        .into(),
        nps: s(&m.nps),
        ces: s(&m.ces),
        ces_scale: match m.ces_scale {
            CesScale::OneToSeven => "1-7",
            CesScale::OneToFive => "1-5",
        }
        .into(),
        comment: s(&m.comment),
        contact: s(&m.contact),
        external_id: s(&m.external_id),
    }
}

/// One row of the value tables: a file value, what kind it is, and what it is to mean
/// ("" for nothing, "skip", a site or department name, a channel key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fix {
    pub kind: String,
    pub value: String,
    pub to: String,
}

/// The mapping a submitted form says, checked against the file's columns and the organisation.
pub fn mapping_of(
    form: &MappingForm,
    fixes: &[Fix],
    columns: &[String],
    org: &OrgIndex,
) -> Result<Mapping, AppError> {
    let mut problems = Vec::new();
    let column = |name: &str, what: &str, problems: &mut Vec<String>| -> Option<String> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if !columns.iter().any(|c| c.trim().eq_ignore_ascii_case(name)) {
            problems.push(format!("The file has no column \"{name}\" for {what}."));
        }
        Some(name.to_owned())
    };
    let date = column(&form.date, "the date", &mut problems).unwrap_or_default();
    let site = column(&form.site, "the site", &mut problems).unwrap_or_default();
    let department = column(&form.department, "the department", &mut problems);
    let person = column(&form.person, "the person who served", &mut problems);
    let channel = column(&form.channel, "the channel", &mut problems);
    let csat = column(&form.csat, "CSAT", &mut problems);
    let nps = column(&form.nps, "NPS", &mut problems);
    let ces = column(&form.ces, "CES", &mut problems);
    let comment = column(&form.comment, "the comment", &mut problems);
    let contact = column(&form.contact, "the contact", &mut problems);
    let external_id = column(&form.external_id, "the response id", &mut problems);
    let date_format = match form.date_format.trim() {
        "" | "auto" => None,
        "iso" => Some(DateFormat::Iso),
        "dmy" => Some(DateFormat::Dmy),
        "mdy" => Some(DateFormat::Mdy),
        other => {
            problems.push(format!("\"{other}\" is not a date format Rapport reads."));
            None
        }
    };
    let default_channel = match form.default_channel.trim() {
        "" => None,
        c => {
            let parsed = Channel::parse(c);
            if parsed.is_none() {
                problems.push(format!("\"{c}\" is not a channel."));
            }
            parsed
        }
    };
    let csat_scale = match form.csat_scale.trim() {
        "" | "1-5" => CsatScale::OneToFive,
        "1-10" => CsatScale::OneToTen,
        "0-100" => CsatScale::Percent,
        other => {
            problems.push(format!(
                "\"{other}\" is not a CSAT scale (1-5, 1-10 or 0-100)."
            ));
            CsatScale::OneToFive
        }
    };
    let ces_scale = match form.ces_scale.trim() {
        "" | "1-7" => CesScale::OneToSeven,
        "1-5" => CesScale::OneToFive,
        other => {
            problems.push(format!("\"{other}\" is not a CES scale (1-7 or 1-5)."));
            CesScale::OneToSeven
        }
    };
    let mut m = Mapping {
        origin: form.origin.trim().to_owned(),
        delimiter: None,
        date,
        date_format,
        site,
        department,
        person,
        channel,
        default_channel,
        csat,
        csat_scale,
        nps,
        ces,
        ces_scale,
        comment,
        contact,
        external_id,
        ..Mapping::default()
    };
    let site_name = |n: &str| {
        org.sites
            .values()
            .find(|s| s.name.trim().eq_ignore_ascii_case(n.trim()))
            .map(|s| s.name.clone())
    };
    let department_name = |n: &str| {
        org.departments
            .values()
            .find(|d| d.name.trim().eq_ignore_ascii_case(n.trim()))
            .map(|d| d.name.clone())
    };
    for f in fixes {
        let (value, to) = (f.value.trim(), f.to.trim());
        if value.is_empty() || to.is_empty() {
            continue;
        }
        match (f.kind.trim(), to) {
            ("site", "skip") => m.skip_sites.push(value.to_owned()),
            ("site", to) => match site_name(to) {
                Some(n) => {
                    m.site_names.insert(value.to_owned(), n);
                }
                None => problems.push(format!(
                    "There is no site called \"{to}\" to map \"{value}\" to."
                )),
            },
            ("department", "skip") => m.skip_departments.push(value.to_owned()),
            ("department", to) => match department_name(to) {
                Some(n) => {
                    m.department_names.insert(value.to_owned(), n);
                }
                None => problems.push(format!(
                    "There is no department called \"{to}\" to map \"{value}\" to."
                )),
            },
            ("channel", to) => match Channel::parse(to) {
                Some(c) => {
                    m.channel_values.insert(value.to_owned(), c);
                }
                None => problems.push(format!("\"{to}\" is not a channel to map \"{value}\" to.")),
            },
            (kind, _) => problems.push(format!(
                "\"{kind}\" is not a kind of value that can be mapped."
            )),
        }
    }
    if let Err(e) = import::check_mapping(&m) {
        problems.push(e);
    }
    if problems.is_empty() {
        Ok(m)
    } else {
        Err(AppError::Invalid(problems.join(" ")))
    }
}

/// The value mappings a mapping carries, as the page lists them.
fn mapped(m: &Mapping) -> Vec<MappedValue> {
    let row = |kind: &str, value: &String, means: String| MappedValue {
        kind: kind.into(),
        value: value.clone(),
        means,
    };
    let skip = || "skip".to_owned();
    m.site_names
        .iter()
        .map(|(from, to)| row("Site", from, to.clone()))
        .chain(m.skip_sites.iter().map(|from| row("Site", from, skip())))
        .chain(
            m.department_names
                .iter()
                .map(|(from, to)| row("Department", from, to.clone())),
        )
        .chain(
            m.skip_departments
                .iter()
                .map(|from| row("Department", from, skip())),
        )
        .chain(
            m.channel_values
                .iter()
                .map(|(from, to)| row("Channel", from, to.key().to_owned())),
        )
        .collect()
}

async fn saved_mapping(
    db: &DatabaseConnection,
    id: i32,
) -> Result<Option<(Mapping, String)>, AppError> {
    Ok(feedback_mapping::Entity::find_by_id(id)
        .one(db)
        .await?
        .and_then(|r| read_stored_mapping(Some(&r.mapping)).map(|m| (m, r.origin))))
}

/// An uploaded file's page. `use_saved` fills the form from a saved mapping.
pub async fn view(
    db: &DatabaseConnection,
    pid: &str,
    use_saved: Option<i32>,
    tz: chrono_tz::Tz,
) -> Result<UploadView, AppError> {
    let m = find(db, pid).await?;
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    let (status, progress, stopped) = shown_status(&m, sqlite);
    let first = if m.status == UploadStatus::Applied {
        Vec::new()
    } else {
        first_bytes(db, m.id).await?
    };
    let peek = if first.is_empty() {
        import::Peek::default()
    } else {
        import::peek(&first, 500).map_err(AppError::Invalid)?
    };
    let saved = saved(db, tz).await?;
    let stored = read_stored_mapping(m.mapping.as_deref());
    let fits = |mp: &Mapping| {
        let has = |c: &str| {
            peek.headers
                .iter()
                .any(|h| h.trim().eq_ignore_ascii_case(c.trim()))
        };
        has(&mp.date) && has(&mp.site)
    };
    let (mapping, form_source, base) = match (use_saved, stored) {
        (Some(id), _) => match saved_mapping(db, id).await? {
            Some((mp, origin)) => (
                mp,
                format!("Filled in from the saved mapping “{origin}”."),
                Some(id),
            ),
            None => return Err(AppError::NotFound("That saved mapping".into())),
        },
        (None, Some(mp)) => (mp, "The mapping last used on this file.".to_owned(), None),
        (None, None) => {
            // The newest saved mapping whose date and site columns this file has.
            let mut found = None;
            for s in &saved {
                if let Some((mp, origin)) = saved_mapping(db, s.id).await?
                    && fits(&mp)
                {
                    found = Some((
                        mp,
                        format!(
                            "Filled in from the saved mapping “{origin}”, which fits this file's columns."
                        ),
                        Some(s.id),
                    ));
                    break;
                }
            }
            found.unwrap_or_else(|| {
                let mut g = import::guess(&peek.headers);
                g.origin = m
                    .file_name
                    .rsplit_once('.')
                    .map(|(stem, _)| stem.to_owned())
                    .unwrap_or_else(|| m.file_name.clone());
                (
                    g,
                    "Guessed from the column names: check each one.".to_owned(),
                    None,
                )
            })
        }
    };
    let column = peek.values(&mapping.date);
    let detected = match (&column, mapping.date_format) {
        (None, _) => Err("Choose the column with the date to see how its dates read.".to_owned()),
        (Some(_), Some(f)) => Ok(f),
        (Some(raws), None) if raws.is_empty() => {
            Err("The date column is blank in the first lines.".to_owned())
        }
        (Some(raws), None) => DateFormat::detect(raws.iter().copied(), tz),
    };
    let raw_dates = column.unwrap_or_default();
    let dates = match &detected {
        Ok(f) => raw_dates
            .iter()
            .take(SAMPLE)
            .map(|raw| DateSample {
                raw: (*raw).to_owned(),
                read: f
                    .parse(raw, tz)
                    .map(|d| d.format("%-d %b %Y, %H:%M").to_string()),
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let report = read_report(&m);
    let org = OrgIndex::load(db).await?;
    let mut sites: Vec<String> = org.sites.values().map(|s| s.name.clone()).collect();
    sites.sort();
    let mut departments: Vec<String> = org.departments.values().map(|d| d.name.clone()).collect();
    departments.sort();
    departments.dedup();
    let owner = names(db, vec![m.owner_id]).await?;
    Ok(UploadView {
        pid: m.pid.clone(),
        file_name: m.file_name.clone(),
        size: size_text(m.bytes as u64),
        uploaded_by: owner.get(&m.owner_id).cloned().unwrap_or_default(),
        uploaded_at: when(m.created_at, tz),
        status,
        mode: m.mode,
        progress,
        problem: if stopped {
            Some(
                "The run stopped when the server restarted. Nothing of it was kept; run it again."
                    .into(),
            )
        } else {
            m.problem.clone()
        },
        report,
        columns: peek.headers.clone(),
        sample: peek.records.iter().take(SAMPLE).cloned().collect(),
        delimiter: match peek.delimiter {
            b';' => "semicolon",
            b'\t' => "tab",
            _ => "comma",
        }
        .into(),
        form: form_of(&mapping),
        form_source,
        base,
        mapped: mapped(&mapping),
        detected: detected.map(|f| f.label().to_owned()),
        dates,
        saved,
        sites,
        departments,
    })
}

/// What a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    Check,
    Import(ImportMode),
}

/// Starts a check or an import of an uploaded file with the mapping the form says, after
/// checking the mapping against the file; the run goes on in the background. Saves the mapping
/// for its source. Returns what to tell the user.
pub async fn start(
    db: &DatabaseConnection,
    who: i32,
    pid: &str,
    form: &MappingForm,
    fixes: &[Fix],
    run: Run,
    tz: chrono_tz::Tz,
) -> Result<String, AppError> {
    let m = find(db, pid).await?;
    if m.status == UploadStatus::Applied {
        return Err(AppError::Conflict(
            "This file has been imported already. Upload it again to check that nothing is new."
                .into(),
        ));
    }
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    if shown_status(&m, sqlite).0.running() {
        return Err(AppError::Conflict(
            "A run on this file is still going on; wait for it to finish.".into(),
        ));
    }
    let first = first_bytes(db, m.id).await?;
    let peek = import::peek(&first, 500).map_err(AppError::Invalid)?;
    let org = OrgIndex::load(db).await?;
    let mapping = mapping_of(form, fixes, &peek.headers, &org)?;
    // A date format chosen by hand must read the dates it will be used on.
    if let Some(f) = mapping.date_format {
        let raws = peek.values(&mapping.date).unwrap_or_default();
        if let Some(example) = raws.first()
            && raws.iter().all(|r| f.parse(r, tz).is_err())
        {
            return Err(AppError::Invalid(format!(
                "None of the first dates reads as {}, for example \"{example}\". Choose another date format, or let Rapport detect it.",
                f.label()
            )));
        }
    }
    // The dates must read before anything runs: the same check the run makes on its first rows.
    import::Rows::open(std::io::Cursor::new(&first), &mapping, tz).map_err(AppError::Invalid)?;
    let text = serde_json::to_string(&mapping).map_err(|_| AppError::Internal)?;
    let now = Utc::now();
    let (status, mode) = match run {
        Run::Check => (UploadStatus::Checking, ImportMode::DryRun),
        Run::Import(mode) => (UploadStatus::Applying, mode),
    };
    // Taken only if no run took it meanwhile.
    let taken = feedback_import::Entity::update_many()
        .col_expr(
            feedback_import::Column::Status,
            sea_orm::sea_query::Expr::value(status),
        )
        .col_expr(
            feedback_import::Column::Mode,
            sea_orm::sea_query::Expr::value(Some(mode)),
        )
        .col_expr(
            feedback_import::Column::Mapping,
            sea_orm::sea_query::Expr::value(Some(text.clone())),
        )
        .col_expr(
            feedback_import::Column::Problem,
            sea_orm::sea_query::Expr::value(None::<String>),
        )
        .col_expr(
            feedback_import::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(feedback_import::Column::Id.eq(m.id))
        .filter(feedback_import::Column::UpdatedAt.eq(m.updated_at))
        .exec(db)
        .await?;
    if taken.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Someone else started a run on this file just now; wait for it to finish.".into(),
        ));
    }
    save_mapping(db, who, &mapping, &text, now).await?;
    let counter = Arc::new(AtomicU64::new(0));
    if let Ok(mut r) = RUNNING.lock() {
        r.insert(m.pid.clone(), counter.clone());
    }
    let db = db.clone();
    let id = m.id;
    let pid = m.pid.clone();
    tokio::spawn(async move {
        // Off the list when the run ends, however it ends (a run that dies is shown as stopped).
        let _listed = Listed(pid);
        let outcome = execute(&db, id, &mapping, mode, tz, counter).await;
        if let Err(e) = finish(&db, id, mode, outcome).await {
            tracing::error!(error = %e, "could not record the end of a feedback import");
        }
    });
    Ok(match run {
        Run::Check => "Checking the file: nothing is kept.".into(),
        Run::Import(_) => "Importing the file.".into(),
    })
}

/// A run in `RUNNING`, taken off when dropped.
struct Listed(String);

impl Drop for Listed {
    fn drop(&mut self) {
        if let Ok(mut r) = RUNNING.lock() {
            r.remove(&self.0);
        }
    }
}

async fn save_mapping(
    db: &DatabaseConnection,
    who: i32,
    mapping: &Mapping,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let existing = feedback_mapping::Entity::find()
        .filter(feedback_mapping::Column::Origin.eq(mapping.origin.clone()))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let mut row: feedback_mapping::ActiveModel = row.into();
            row.mapping = Set(text.to_owned());
            row.saved_by = Set(who);
            row.saved_at = Set(now);
            row.update(db).await?;
        }
        None => {
            let insert = feedback_mapping::Entity::insert(feedback_mapping::ActiveModel {
                origin: Set(mapping.origin.clone()),
                mapping: Set(text.to_owned()),
                saved_by: Set(who),
                saved_at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(feedback_mapping::Column::Origin)
                    .update_columns([
                        feedback_mapping::Column::Mapping,
                        feedback_mapping::Column::SavedBy,
                        feedback_mapping::Column::SavedAt,
                    ])
                    .to_owned(),
            );
            insert.exec_without_returning(db).await?;
        }
    }
    Ok(())
}

/// Counts bytes as the import reads them.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A temporary copy of a file, removed when dropped.
struct Spooled(std::path::PathBuf);

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Copies the file's pieces, one at a time, to a temporary file the import streams from.
async fn spool(db: &DatabaseConnection, id: i32) -> Result<Spooled, AppError> {
    let path = std::env::temp_dir().join(format!("rapport-import-{}.csv", uuid::Uuid::new_v4()));
    let spooled = Spooled(path.clone());
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).map_err(|e| {
        tracing::error!(error = %e, "could not create a temporary file for an import");
        AppError::Internal
    })?);
    let mut seq = 0;
    while let Some(c) = feedback_import_chunk::Entity::find_by_id((id, seq))
        .one(db)
        .await?
    {
        out.write_all(&c.data).map_err(|e| {
            tracing::error!(error = %e, "could not write a temporary file for an import");
            AppError::Internal
        })?;
        seq += 1;
    }
    out.flush().map_err(|_| AppError::Internal)?;
    Ok(spooled)
}

async fn execute(
    db: &DatabaseConnection,
    id: i32,
    mapping: &Mapping,
    mode: ImportMode,
    tz: chrono_tz::Tz,
    counter: Arc<AtomicU64>,
) -> Result<ImportReport, AppError> {
    let spooled = spool(db, id).await?;
    let file = std::fs::File::open(&spooled.0).map_err(|_| AppError::Internal)?;
    let input = Counted {
        inner: file,
        read: counter,
    };
    crate::feedback::service::import(db, input, mapping, mode, tz, &mut |_| {}).await
}

/// Records how a run ended; an applied file's bytes are removed.
async fn finish(
    db: &DatabaseConnection,
    id: i32,
    mode: ImportMode,
    outcome: Result<ImportReport, AppError>,
) -> Result<(), AppError> {
    let (status, report, problem) = match outcome {
        Ok(r) if mode == ImportMode::DryRun => (UploadStatus::Checked, Some(r), None),
        Ok(r) if r.applied => (UploadStatus::Applied, Some(r), None),
        Ok(r) => {
            let n = crate::ui::thousands(r.bad);
            (
                UploadStatus::Failed,
                Some(r),
                Some(format!(
                    "Nothing was imported: {n} rows have problems. Fix them in the file, map their values below, or import with “skip bad rows”."
                )),
            )
        }
        Err(AppError::Invalid(e)) => (UploadStatus::Failed, None, Some(e)),
        Err(e @ AppError::Unavailable) => (UploadStatus::Failed, None, Some(e.to_string())),
        Err(e) => {
            tracing::error!(error = %e, "a feedback import failed");
            (
                UploadStatus::Failed,
                None,
                Some(
                    "Something went wrong on our side. Nothing was imported; run it again.".into(),
                ),
            )
        }
    };
    let report = report.and_then(|r| serde_json::to_string(&r).ok());
    let mut row: feedback_import::ActiveModel = feedback_import::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?
        .into();
    row.status = Set(status);
    row.report = Set(report);
    row.problem = Set(problem);
    row.updated_at = Set(Utc::now());
    row.update(db).await?;
    if status == UploadStatus::Applied {
        feedback_import_chunk::Entity::delete_many()
            .filter(feedback_import_chunk::Column::ImportId.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Keeps the value mappings of a form's table rows as `Fix`es, dropping rows without a choice.
pub fn fixes(kinds: Vec<String>, values: Vec<String>, to: Vec<String>) -> Vec<Fix> {
    let mut out: BTreeMap<(String, String), Fix> = BTreeMap::new();
    for ((kind, value), to) in kinds.into_iter().zip(values).zip(to) {
        out.insert((kind.clone(), value.clone()), Fix { kind, value, to });
    }
    out.into_values().collect()
}
