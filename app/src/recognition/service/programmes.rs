//! The yearly achievement awards: HR sets up a programme and its categories, eligible people
//! nominate with a reason during the window, HR weighs each category's shortlist with the
//! evidence side by side (nominations, recognition received in the year by value, training) and
//! picks the winners, and announcing them puts them in the feed and the hall of fame for good.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::entities::{
    award_category, award_nomination, award_programme, award_winner, certificate, recognition,
    recognition_recipient, recognition_value, user,
};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::recognition::programme::{
    self, Announcement, Candidate, CategoryForm, CategoryView, HallCategory, HallOfFame,
    HallProgramme, MyNomination, NominationInput, NominationView, Nominee, Phase, ProgrammeForm,
    ProgrammeSummary, ProgrammeView, ProgrammesView, Subject, ValueTally, WinnerCertificate,
    WinnerView,
};
use crate::recognition::service::ledger::lock_row;
use crate::recognition::types::RecognitionStatus;
use crate::reporting::period::Day;
use crate::reporting::service::day_start;
use crate::state;

/// How long an announcement stays at the top of the feed.
pub const ANNOUNCED_FOR_DAYS: i64 = 30;

fn phase(p: &award_programme::Model, today: Day) -> Phase {
    Phase::of(
        p.opens_on.into(),
        p.closes_on.into(),
        p.announced_at.is_some(),
        today,
    )
}

fn when(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%-d %b %Y").to_string()
}

fn may_run(me: &CurrentUser) -> bool {
    matches!(me.role, Role::Hr | Role::Admin)
}

async fn find<C: ConnectionTrait>(db: &C, pid: &str) -> Result<award_programme::Model, AppError> {
    award_programme::Entity::find()
        .filter(award_programme::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That awards programme".into()))
}

async fn find_category<C: ConnectionTrait>(
    db: &C,
    pid: &str,
) -> Result<(award_category::Model, award_programme::Model), AppError> {
    let c = award_category::Entity::find()
        .filter(award_category::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That award category".into()))?;
    let p = award_programme::Entity::find_by_id(c.programme_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That award category".into()))?;
    Ok((c, p))
}

fn settled(p: &award_programme::Model) -> Result<(), AppError> {
    if p.announced_at.is_some() {
        return Err(AppError::Conflict(format!(
            "The winners of {} are announced; the programme can no longer change.",
            p.name
        )));
    }
    Ok(())
}

async fn name_free<C: ConnectionTrait>(
    db: &C,
    name: &str,
    except: Option<i32>,
) -> Result<(), AppError> {
    let lower = name.to_lowercase();
    let taken = award_programme::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .any(|p| p.name.to_lowercase() == lower && Some(p.id) != except);
    if taken {
        return Err(AppError::Conflict(format!(
            "There is already a programme called “{name}”; choose another name."
        )));
    }
    Ok(())
}

/// Every programme, newest year first, with what the viewer has done in each.
pub async fn list(
    db: &DatabaseConnection,
    me: &CurrentUser,
    today: Day,
) -> Result<ProgrammesView, AppError> {
    let programmes = award_programme::Entity::find()
        .order_by_desc(award_programme::Column::Year)
        .order_by_desc(award_programme::Column::Id)
        .all(db)
        .await?;
    let categories = award_category::Entity::find().all(db).await?;
    let programme_of: HashMap<i32, i32> =
        categories.iter().map(|c| (c.id, c.programme_id)).collect();
    let mut counts: HashMap<i32, (usize, usize, usize)> = HashMap::new();
    for c in &categories {
        counts.entry(c.programme_id).or_default().0 += 1;
    }
    let nominations: Vec<(i32, i32)> = award_nomination::Entity::find()
        .select_only()
        .column(award_nomination::Column::CategoryId)
        .column(award_nomination::Column::NominatorId)
        .into_tuple()
        .all(db)
        .await?;
    for (category, by) in nominations {
        if let Some(p) = programme_of.get(&category) {
            let e = counts.entry(*p).or_default();
            e.1 += 1;
            if by == me.id {
                e.2 += 1;
            }
        }
    }
    let run = may_run(me);
    Ok(ProgrammesView {
        may_run: run,
        programmes: programmes
            .into_iter()
            .map(|p| {
                let (categories, all, mine) = counts.get(&p.id).copied().unwrap_or_default();
                ProgrammeSummary {
                    phase: phase(&p, today),
                    pid: p.pid,
                    name: p.name,
                    year: p.year,
                    opens_on: p.opens_on.into(),
                    closes_on: p.closes_on.into(),
                    categories,
                    nominations: run.then_some(all),
                    mine,
                }
            })
            .collect(),
        suggested: ProgrammeForm {
            name: format!("Service Stars {}", today.year),
            year: today.year.to_string(),
            opens_on: today.to_string(),
            closes_on: today.plus_days(30).to_string(),
            nominators: "everyone".into(),
            per_nominator: "3".into(),
        },
    })
}

fn checked(form: &ProgrammeForm) -> Result<programme::ProgrammeFields, AppError> {
    programme::check_programme(form).map_err(AppError::Invalid)
}

/// Creates a programme (no categories yet).
pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    form: ProgrammeForm,
) -> Result<String, AppError> {
    let f = checked(&form)?;
    let me_id = me.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            name_free(txn, &f.name, None).await?;
            award_programme::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                name: Set(f.name.clone()),
                year: Set(f.year),
                opens_on: Set(f.opens_on.into()),
                closes_on: Set(f.closes_on.into()),
                nominators: Set(f.nominators),
                per_nominator: Set(f.per_nominator),
                created_by: Set(me_id),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!(
                "{} is set up. Open it to add its categories.",
                f.name
            ))
        })
    })
    .await
}

/// Changes a programme's settings until its winners are announced.
pub async fn update(
    db: &DatabaseConnection,
    pid: &str,
    form: ProgrammeForm,
) -> Result<String, AppError> {
    let f = checked(&form)?;
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let p = find(txn, &pid).await?;
            lock_row(txn, "award_programmes", p.id).await?;
            settled(&p)?;
            name_free(txn, &f.name, Some(p.id)).await?;
            let mut a = p.into_active_model();
            a.name = Set(f.name.clone());
            a.year = Set(f.year);
            a.opens_on = Set(f.opens_on.into());
            a.closes_on = Set(f.closes_on.into());
            a.nominators = Set(f.nominators);
            a.per_nominator = Set(f.per_nominator);
            a.update(txn).await?;
            Ok(format!("{} is saved.", f.name))
        })
    })
    .await
}

/// Adds a category at the end of a programme's list.
pub async fn add_category(
    db: &DatabaseConnection,
    programme_pid: &str,
    form: CategoryForm,
) -> Result<String, AppError> {
    let f = programme::check_category(&form).map_err(AppError::Invalid)?;
    let pid = programme_pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let p = find(txn, &pid).await?;
            lock_row(txn, "award_programmes", p.id).await?;
            settled(&p)?;
            let existing = award_category::Entity::find()
                .filter(award_category::Column::ProgrammeId.eq(p.id))
                .all(txn)
                .await?;
            let lower = f.name.to_lowercase();
            if existing.iter().any(|c| c.name.to_lowercase() == lower) {
                return Err(AppError::Conflict(format!(
                    "{} already has a category called “{}”.",
                    p.name, f.name
                )));
            }
            if existing.len() >= 20 {
                return Err(AppError::Invalid(
                    "A programme has at most 20 categories.".into(),
                ));
            }
            award_category::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                programme_id: Set(p.id),
                name: Set(f.name.clone()),
                description: Set(f.description),
                subject: Set(f.subject),
                winners: Set(f.winners),
                position: Set(existing.iter().map(|c| c.position).max().unwrap_or(0) + 1),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!("“{}” is added to {}.", f.name, p.name))
        })
    })
    .await
}

/// Removes a category nobody has nominated in yet.
pub async fn remove_category(db: &DatabaseConnection, pid: &str) -> Result<String, AppError> {
    let pid = pid.to_owned();
    state::write(db, move |txn| {
        Box::pin(async move {
            let (c, p) = find_category(txn, &pid).await?;
            lock_row(txn, "award_programmes", p.id).await?;
            settled(&p)?;
            let n = award_nomination::Entity::find()
                .filter(award_nomination::Column::CategoryId.eq(c.id))
                .count(txn)
                .await?;
            if n > 0 {
                return Err(AppError::Conflict(format!(
                    "“{}” already has {n} nomination{}; a category with nominations stays.",
                    c.name,
                    if n == 1 { "" } else { "s" }
                )));
            }
            let name = c.name.clone();
            c.delete(txn).await?;
            Ok(format!("“{name}” is removed from {}.", p.name))
        })
    })
    .await
}

/// People (active, but not the viewer), sites or departments a category may honour.
fn choices(subject: Subject, people: &[user::Model], index: &OrgIndex, me: i32) -> Vec<Nominee> {
    match subject {
        Subject::Person => people
            .iter()
            .filter(|u| u.active && u.id != me)
            .map(|u| Nominee {
                key: u.pid.clone(),
                name: u.name.clone(),
                place: place_of(u, index),
            })
            .collect(),
        Subject::Site => index
            .sites
            .values()
            .map(|s| Nominee {
                key: s.id.to_string(),
                name: s.name.clone(),
                place: index.region_name(Some(s.region_id)).unwrap_or_default(),
            })
            .collect(),
        Subject::Department => {
            let mut v: Vec<Nominee> = index
                .departments
                .values()
                .map(|d| Nominee {
                    key: d.id.to_string(),
                    name: d.name.clone(),
                    place: index.site_name(Some(d.site_id)).unwrap_or_default(),
                })
                .collect();
            v.sort_by(|a, b| (&a.place, &a.name).cmp(&(&b.place, &b.name)));
            v
        }
    }
}

fn place_of(u: &user::Model, index: &OrgIndex) -> String {
    [
        index.site_name(u.site_id),
        index.department_name(u.department_id),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// The nominee a key names in a category, as (id, name, place).
fn resolve(
    subject: Subject,
    key: &str,
    people: &[user::Model],
    index: &OrgIndex,
) -> Option<(i32, String, String)> {
    let key = key.trim();
    match subject {
        Subject::Person => people
            .iter()
            .find(|u| u.pid == key)
            .map(|u| (u.id, u.name.clone(), place_of(u, index))),
        Subject::Site => {
            let s = index.sites.get(&key.parse().ok()?)?;
            Some((
                s.id,
                s.name.clone(),
                index.region_name(Some(s.region_id)).unwrap_or_default(),
            ))
        }
        Subject::Department => {
            let d = index.departments.get(&key.parse().ok()?)?;
            Some((
                d.id,
                d.name.clone(),
                index.site_name(Some(d.site_id)).unwrap_or_default(),
            ))
        }
    }
}

/// The key the forms use for a nominee id.
fn key_of(subject: Subject, id: i32, people: &HashMap<i32, &user::Model>) -> String {
    match subject {
        Subject::Person => people.get(&id).map(|u| u.pid.clone()).unwrap_or_default(),
        Subject::Site | Subject::Department => id.to_string(),
    }
}

/// Why `me` may not nominate in a programme today, if they may not.
fn cannot_nominate(p: &award_programme::Model, me: &CurrentUser, today: Day) -> Option<String> {
    match phase(p, today) {
        Phase::Upcoming => Some(format!(
            "Nominations open on {}.",
            Day::from(p.opens_on).label()
        )),
        Phase::Choosing => Some(format!(
            "Nominations closed on {}; HR is choosing the winners.",
            Day::from(p.closes_on).label()
        )),
        Phase::Announced => Some("The winners are announced.".into()),
        Phase::Open if !p.nominators.admits(me.role) => Some(
            "In this programme, managers, HR and admins nominate; tell your manager whom you would put forward."
                .into(),
        ),
        Phase::Open => None,
    }
}

/// A programme as the viewer sees it: nominating for everyone eligible, the shortlists with
/// their evidence and the winners for HR and admins, the winners for everyone once announced.
pub async fn view(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    today: Day,
    tz: Tz,
) -> Result<ProgrammeView, AppError> {
    let p = find(db, pid).await?;
    let ph = phase(&p, today);
    let run = may_run(me);
    let index = OrgIndex::load(db).await?;
    let people = user::Entity::find()
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let by_id: HashMap<i32, &user::Model> = people.iter().map(|u| (u.id, u)).collect();
    let categories = award_category::Entity::find()
        .filter(award_category::Column::ProgrammeId.eq(p.id))
        .order_by_asc(award_category::Column::Position)
        .order_by_asc(award_category::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = categories.iter().map(|c| c.id).collect();
    let nominations = award_nomination::Entity::find()
        .filter(award_nomination::Column::CategoryId.is_in(ids.clone()))
        .order_by_asc(award_nomination::Column::Id)
        .all(db)
        .await?;
    let winners = award_winner::Entity::find()
        .filter(award_winner::Column::CategoryId.is_in(ids))
        .order_by_asc(award_winner::Column::Id)
        .all(db)
        .await?;
    let why_not = cannot_nominate(&p, me, today);
    let evidence = if run && ph != Phase::Upcoming {
        Some(Evidence::load(db, p.year, tz).await?)
    } else {
        None
    };
    let mut out = Vec::new();
    for c in categories {
        let mine_rows: Vec<&award_nomination::Model> = nominations
            .iter()
            .filter(|n| n.category_id == c.id && n.nominator_id == me.id)
            .collect();
        let chosen: Vec<&award_winner::Model> =
            winners.iter().filter(|w| w.category_id == c.id).collect();
        let nominee_name = |id: i32| {
            resolve(c.subject, &key_of(c.subject, id, &by_id), &people, &index)
                .map(|(_, n, _)| n)
                .unwrap_or_else(|| "(no longer listed)".into())
        };
        let shortlist = match &evidence {
            Some(ev) => {
                let mut grouped: BTreeMap<i32, Vec<&award_nomination::Model>> = BTreeMap::new();
                for n in nominations.iter().filter(|n| n.category_id == c.id) {
                    grouped.entry(n.nominee_id).or_default().push(n);
                }
                let mut list = Vec::new();
                for (nominee, ns) in grouped {
                    let key = key_of(c.subject, nominee, &by_id);
                    let (name, place) = resolve(c.subject, &key, &people, &index)
                        .map(|(_, n, p)| (n, p))
                        .unwrap_or_else(|| ("(no longer listed)".into(), String::new()));
                    list.push(
                        ev.candidate(db, c.subject, nominee, &people).await?.with(
                            key,
                            name,
                            place,
                            ns.iter()
                                .map(|n| NominationView {
                                    by: by_id
                                        .get(&n.nominator_id)
                                        .map(|u| u.name.clone())
                                        .unwrap_or_default(),
                                    reason: n.reason.clone(),
                                    when: when(n.created_at, tz),
                                })
                                .collect(),
                            chosen.iter().any(|w| w.nominee_id == nominee),
                        ),
                    );
                }
                list.sort_by(|a, b| {
                    b.nominations
                        .len()
                        .cmp(&a.nominations.len())
                        .then_with(|| a.name.cmp(&b.name))
                });
                list
            }
            None => Vec::new(),
        };
        out.push(CategoryView {
            pid: c.pid.clone(),
            // How many nominations a category has is for those who run the programme.
            nominations: if run {
                nominations.iter().filter(|n| n.category_id == c.id).count()
            } else {
                0
            },
            choices: if why_not.is_none() {
                let taken: BTreeSet<String> = mine_rows
                    .iter()
                    .map(|n| key_of(c.subject, n.nominee_id, &by_id))
                    .collect();
                choices(c.subject, &people, &index, me.id)
                    .into_iter()
                    .filter(|n| !taken.contains(&n.key))
                    .collect()
            } else {
                Vec::new()
            },
            left: (p.per_nominator - mine_rows.len() as i32).max(0),
            mine: mine_rows
                .iter()
                .map(|n| MyNomination {
                    nominee: nominee_name(n.nominee_id),
                    reason: n.reason.clone(),
                    when: when(n.created_at, tz),
                })
                .collect(),
            shortlist,
            chosen: if run || ph == Phase::Announced {
                chosen
                    .iter()
                    .map(|w| WinnerView {
                        pid: w.pid.clone(),
                        label: w.label.clone(),
                        place: w.place.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            name: c.name,
            description: c.description,
            subject: c.subject,
            winners: c.winners,
        });
    }
    Ok(ProgrammeView {
        form: ProgrammeForm {
            name: p.name.clone(),
            year: p.year.to_string(),
            opens_on: Day::from(p.opens_on).to_string(),
            closes_on: Day::from(p.closes_on).to_string(),
            nominators: p.nominators.key().into(),
            per_nominator: p.per_nominator.to_string(),
        },
        announced_on: p
            .announced_at
            .map(|t| t.with_timezone(&tz).date_naive().into()),
        pid: p.pid,
        name: p.name,
        year: p.year,
        opens_on: p.opens_on.into(),
        closes_on: p.closes_on.into(),
        phase: ph,
        nominators: p.nominators,
        per_nominator: p.per_nominator,
        may_run: run,
        cannot_nominate: why_not,
        categories: out,
        request_key: uuid::Uuid::new_v4().to_string(),
    })
}

/// What HR weighs besides the nominations, for the programme's year.
struct Evidence {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    first: NaiveDate,
    last: NaiveDate,
    values: BTreeMap<i32, (i32, String)>,
}

/// A candidate's evidence before its name and nominations are known.
struct Weighed(Candidate);

impl Weighed {
    fn with(
        mut self,
        key: String,
        name: String,
        place: String,
        nominations: Vec<NominationView>,
        winner: bool,
    ) -> Candidate {
        self.0.key = key;
        self.0.name = name;
        self.0.place = place;
        self.0.nominations = nominations;
        self.0.winner = winner;
        self.0
    }
}

impl Evidence {
    async fn load(db: &DatabaseConnection, year: i32, tz: Tz) -> Result<Evidence, AppError> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default();
        Ok(Evidence {
            from: day_start(first, tz),
            to: day_start(next, tz),
            first,
            last,
            values: recognition_value::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|v| (v.id, (v.position, v.name)))
                .collect(),
        })
    }

    async fn candidate(
        &self,
        db: &DatabaseConnection,
        subject: Subject,
        id: i32,
        people: &[user::Model],
    ) -> Result<Weighed, AppError> {
        let members: Vec<i32> = match subject {
            Subject::Person => vec![id],
            Subject::Site => people
                .iter()
                .filter(|u| u.active && u.site_id == Some(id))
                .map(|u| u.id)
                .collect(),
            Subject::Department => people
                .iter()
                .filter(|u| u.active && u.department_id == Some(id))
                .map(|u| u.id)
                .collect(),
        };
        let mut by_value: BTreeMap<i32, u32> = BTreeMap::new();
        let mut total = 0;
        let mut certificates = 0u32;
        let mut score_sum = 0i64;
        for chunk in members.chunks(500) {
            let received: Vec<i32> = recognition_recipient::Entity::find()
                .select_only()
                .column(recognition_recipient::Column::RecognitionId)
                .filter(recognition_recipient::Column::UserId.is_in(chunk.to_vec()))
                .into_tuple()
                .all(db)
                .await?;
            for ids in received.chunks(500) {
                for v in recognition::Entity::find()
                    .select_only()
                    .column(recognition::Column::ValueId)
                    .filter(recognition::Column::Id.is_in(ids.to_vec()))
                    .filter(recognition::Column::Status.eq(RecognitionStatus::Live))
                    .filter(recognition::Column::WithdrawnAt.is_null())
                    .filter(recognition::Column::HiddenAt.is_null())
                    .filter(recognition::Column::CreatedAt.gte(self.from))
                    .filter(recognition::Column::CreatedAt.lt(self.to))
                    .into_tuple::<i32>()
                    .all(db)
                    .await?
                {
                    *by_value.entry(v).or_default() += 1;
                    total += 1;
                }
            }
            for c in certificate::Entity::find()
                .filter(certificate::Column::UserId.is_in(chunk.to_vec()))
                .filter(certificate::Column::IssuedOn.gte(self.first))
                .filter(certificate::Column::IssuedOn.lte(self.last))
                .all(db)
                .await?
            {
                certificates += 1;
                score_sum += i64::from(c.score);
            }
        }
        let mastery = if subject == Subject::Person {
            let levels = crate::training::service::progress::skill_profile(db, id).await?;
            let practised: Vec<i32> = levels
                .iter()
                .filter(|l| l.attempts > 0)
                .map(|l| l.score)
                .collect();
            (!practised.is_empty()).then(|| practised.iter().sum::<i32>() / practised.len() as i32)
        } else {
            None
        };
        let mut tallies: Vec<(i32, ValueTally)> = by_value
            .into_iter()
            .map(|(v, count)| {
                let (pos, name) = self.values.get(&v).cloned().unwrap_or_default();
                (pos, ValueTally { value: name, count })
            })
            .collect();
        tallies.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.value.cmp(&b.1.value)));
        Ok(Weighed(Candidate {
            key: String::new(),
            name: String::new(),
            place: String::new(),
            nominations: Vec::new(),
            recognition: total,
            by_value: tallies.into_iter().map(|(_, t)| t).collect(),
            certificates,
            certificate_score: (certificates > 0)
                .then(|| (score_sum / i64::from(certificates)) as i32),
            mastery,
            people: (subject != Subject::Person).then_some(members.len() as u32),
            winner: false,
        }))
    }
}

/// Nominates someone (or a site or department) in a category with a reason. The form's key
/// makes a double post one nomination.
pub async fn nominate(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: NominationInput,
    today: Day,
) -> Result<String, AppError> {
    let key =
        crate::recognition::rules::request_key(&input.request_key).map_err(AppError::Invalid)?;
    if input.nominee.trim().is_empty() {
        return Err(AppError::Invalid("Choose whom you nominate.".into()));
    }
    let reason = programme::check_reason(&input.reason).map_err(AppError::Invalid)?;
    let me = me.clone();
    state::write(db, move |txn| {
        Box::pin(async move {
            if let Some(done) = award_nomination::Entity::find()
                .filter(award_nomination::Column::RequestKey.eq(key.clone()))
                .one(txn)
                .await?
            {
                if done.nominator_id != me.id {
                    return Err(AppError::Conflict(
                        "That form was already used; reload the page and try again.".into(),
                    ));
                }
                return Ok("Your nomination was already sent; it was not sent twice.".to_owned());
            }
            let (c, p) = find_category(txn, &input.category).await?;
            // One nominator's nominations are counted and added one at a time.
            lock_row(txn, "users", me.id).await?;
            if let Some(why) = cannot_nominate(&p, &me, today) {
                return Err(AppError::Conflict(why));
            }
            let people = user::Entity::find().all(txn).await?;
            let index = OrgIndex::load(txn).await?;
            let (nominee, name, _) = resolve(c.subject, &input.nominee, &people, &index)
                .ok_or_else(|| {
                    AppError::Invalid(format!(
                        "Choose {} from the list.",
                        match c.subject {
                            Subject::Person => "a person",
                            Subject::Site => "a site",
                            Subject::Department => "a department",
                        }
                    ))
                })?;
            if c.subject == Subject::Person {
                if nominee == me.id {
                    return Err(AppError::Invalid(
                        "You cannot nominate yourself; ask a colleague to put you forward.".into(),
                    ));
                }
                if !people.iter().any(|u| u.id == nominee && u.active) {
                    return Err(AppError::Invalid(format!(
                        "{name} is no longer active; choose someone else."
                    )));
                }
            }
            let mine = award_nomination::Entity::find()
                .filter(award_nomination::Column::CategoryId.eq(c.id))
                .filter(award_nomination::Column::NominatorId.eq(me.id))
                .all(txn)
                .await?;
            if mine.iter().any(|n| n.nominee_id == nominee) {
                return Err(AppError::Conflict(format!(
                    "You have already nominated {name} in “{}”.",
                    c.name
                )));
            }
            if mine.len() as i32 >= p.per_nominator {
                return Err(AppError::Conflict(format!(
                    "You have made your {} nomination{} in “{}”, the most this programme allows.",
                    p.per_nominator,
                    if p.per_nominator == 1 { "" } else { "s" },
                    c.name
                )));
            }
            award_nomination::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                category_id: Set(c.id),
                nominator_id: Set(me.id),
                nominee_id: Set(nominee),
                reason: Set(reason),
                request_key: Set(key),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!("You nominated {name} in “{}”. Thank you.", c.name))
        })
    })
    .await
}

/// HR picks (or unpicks) a nominee as a winner of a category, once nominations have closed and
/// until the winners are announced.
pub async fn choose(
    db: &DatabaseConnection,
    me: &CurrentUser,
    category_pid: &str,
    nominee_key: &str,
    pick: bool,
    today: Day,
) -> Result<String, AppError> {
    let (category_pid, nominee_key, me_id) =
        (category_pid.to_owned(), nominee_key.to_owned(), me.id);
    state::write(db, move |txn| {
        Box::pin(async move {
            let (c, p) = find_category(txn, &category_pid).await?;
            lock_row(txn, "award_categories", c.id).await?;
            match phase(&p, today) {
                Phase::Upcoming | Phase::Open => {
                    return Err(AppError::Conflict(format!(
                        "Nominations for {} are open until {}; choose the winners after they close.",
                        p.name,
                        Day::from(p.closes_on).label()
                    )));
                }
                Phase::Announced => settled(&p)?,
                Phase::Choosing => {}
            }
            let people = user::Entity::find().all(txn).await?;
            let index = OrgIndex::load(txn).await?;
            let (nominee, name, place) = resolve(c.subject, &nominee_key, &people, &index)
                .ok_or_else(|| AppError::NotFound("That nominee".into()))?;
            let nominated = award_nomination::Entity::find()
                .filter(award_nomination::Column::CategoryId.eq(c.id))
                .filter(award_nomination::Column::NomineeId.eq(nominee))
                .count(txn)
                .await?;
            if nominated == 0 {
                return Err(AppError::Invalid(format!(
                    "{name} was not nominated in “{}”; winners come from the nominations.",
                    c.name
                )));
            }
            let chosen = award_winner::Entity::find()
                .filter(award_winner::Column::CategoryId.eq(c.id))
                .all(txn)
                .await?;
            let existing = chosen.iter().find(|w| w.nominee_id == nominee).cloned();
            match (pick, existing) {
                (true, Some(_)) => Ok(format!("{name} is already a winner of “{}”.", c.name)),
                (false, None) => Ok(format!("{name} is not a winner of “{}”.", c.name)),
                (false, Some(w)) => {
                    w.delete(txn).await?;
                    Ok(format!("{name} is no longer a winner of “{}”.", c.name))
                }
                (true, None) => {
                    if chosen.len() as i32 >= c.winners {
                        return Err(AppError::Conflict(format!(
                            "“{}” already has its {} winner{}; take one off first.",
                            c.name,
                            c.winners,
                            if c.winners == 1 { "" } else { "s" }
                        )));
                    }
                    award_winner::ActiveModel {
                        pid: Set(uuid::Uuid::new_v4().to_string()),
                        category_id: Set(c.id),
                        nominee_id: Set(nominee),
                        label: Set(name.clone()),
                        place: Set(place),
                        chosen_by: Set(me_id),
                        chosen_at: Set(Utc::now()),
                        ..Default::default()
                    }
                    .insert(txn)
                    .await?;
                    Ok(format!("{name} is a winner of “{}”.", c.name))
                }
            }
        })
    })
    .await
}

/// Announces a programme's winners: every category needs at least one. Final.
pub async fn announce(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    today: Day,
) -> Result<String, AppError> {
    let (pid, me_id) = (pid.to_owned(), me.id);
    state::write(db, move |txn| {
        Box::pin(async move {
            let p = find(txn, &pid).await?;
            lock_row(txn, "award_programmes", p.id).await?;
            match phase(&p, today) {
                Phase::Announced => {
                    return Ok(format!("The winners of {} are already announced.", p.name));
                }
                Phase::Upcoming | Phase::Open => {
                    return Err(AppError::Conflict(format!(
                        "Nominations for {} are open until {}; announce the winners after they close.",
                        p.name,
                        Day::from(p.closes_on).label()
                    )));
                }
                Phase::Choosing => {}
            }
            let categories = award_category::Entity::find()
                .filter(award_category::Column::ProgrammeId.eq(p.id))
                .order_by_asc(award_category::Column::Position)
                .all(txn)
                .await?;
            if categories.is_empty() {
                return Err(AppError::Invalid(format!(
                    "{} has no categories, so there is nothing to announce.",
                    p.name
                )));
            }
            let winners: BTreeSet<i32> = award_winner::Entity::find()
                .filter(
                    award_winner::Column::CategoryId
                        .is_in(categories.iter().map(|c| c.id).collect::<Vec<_>>()),
                )
                .all(txn)
                .await?
                .into_iter()
                .map(|w| w.category_id)
                .collect();
            let missing: Vec<String> = categories
                .iter()
                .filter(|c| !winners.contains(&c.id))
                .map(|c| format!("“{}”", c.name))
                .collect();
            if !missing.is_empty() {
                return Err(AppError::Invalid(format!(
                    "Choose at least one winner in {} before you announce.",
                    missing.join(", ")
                )));
            }
            let name = p.name.clone();
            let mut a = p.into_active_model();
            a.announced_at = Set(Some(Utc::now()));
            a.announced_by = Set(Some(me_id));
            a.update(txn).await?;
            Ok(format!(
                "The winners of {name} are announced: they are at the top of the feed and in the hall of fame."
            ))
        })
    })
    .await
}

async fn winners_by_category<C: ConnectionTrait>(
    db: &C,
    programmes: &[award_programme::Model],
) -> Result<
    Vec<(
        award_programme::Model,
        Vec<(award_category::Model, Vec<WinnerView>)>,
    )>,
    AppError,
> {
    let categories = award_category::Entity::find()
        .filter(
            award_category::Column::ProgrammeId
                .is_in(programmes.iter().map(|p| p.id).collect::<Vec<_>>()),
        )
        .order_by_asc(award_category::Column::Position)
        .order_by_asc(award_category::Column::Id)
        .all(db)
        .await?;
    let mut winners: BTreeMap<i32, Vec<WinnerView>> = BTreeMap::new();
    for w in award_winner::Entity::find()
        .filter(
            award_winner::Column::CategoryId
                .is_in(categories.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .order_by_asc(award_winner::Column::Label)
        .all(db)
        .await?
    {
        winners.entry(w.category_id).or_default().push(WinnerView {
            pid: w.pid,
            label: w.label,
            place: w.place,
        });
    }
    Ok(programmes
        .iter()
        .map(|p| {
            let cs = categories
                .iter()
                .filter(|c| c.programme_id == p.id)
                .map(|c| (c.clone(), winners.remove(&c.id).unwrap_or_default()))
                .collect();
            (p.clone(), cs)
        })
        .collect())
}

/// The announced winners, a year at a time (the newest when no year is asked for).
pub async fn hall_of_fame(
    db: &DatabaseConnection,
    year: Option<i32>,
    tz: Tz,
) -> Result<HallOfFame, AppError> {
    let announced = award_programme::Entity::find()
        .filter(award_programme::Column::AnnouncedAt.is_not_null())
        .order_by_desc(award_programme::Column::Year)
        .order_by_asc(award_programme::Column::Name)
        .all(db)
        .await?;
    let mut years: Vec<i32> = announced.iter().map(|p| p.year).collect();
    years.dedup();
    let year = match year {
        Some(y) if years.contains(&y) => Some(y),
        Some(y) => {
            return Err(AppError::NotFound(format!("Winners for {y}")));
        }
        None => years.first().copied(),
    };
    let shown: Vec<award_programme::Model> = announced
        .into_iter()
        .filter(|p| Some(p.year) == year)
        .collect();
    let programmes = winners_by_category(db, &shown)
        .await?
        .into_iter()
        .map(|(p, cs)| HallProgramme {
            pid: p.pid,
            name: p.name,
            year: p.year,
            announced_on: p
                .announced_at
                .map(|t| t.with_timezone(&tz).date_naive().into())
                .unwrap_or_else(|| Day::from(p.closes_on)),
            categories: cs
                .into_iter()
                .map(|(c, winners)| HallCategory {
                    name: c.name,
                    description: c.description,
                    subject: c.subject,
                    winners,
                })
                .collect(),
        })
        .collect();
    Ok(HallOfFame {
        years,
        year,
        programmes,
    })
}

/// A winner's certificate (announced programmes only).
pub async fn certificate(
    db: &DatabaseConnection,
    pid: &str,
    tz: Tz,
) -> Result<WinnerCertificate, AppError> {
    let missing = || AppError::NotFound("That winner's certificate".into());
    let w = award_winner::Entity::find()
        .filter(award_winner::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let c = award_category::Entity::find_by_id(w.category_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let p = award_programme::Entity::find_by_id(c.programme_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let announced = p.announced_at.ok_or_else(missing)?;
    Ok(WinnerCertificate {
        programme: p.name,
        year: p.year,
        category: c.name,
        label: w.label,
        place: w.place,
        announced_on: announced.with_timezone(&tz).date_naive().into(),
    })
}

/// Programmes announced in the last `ANNOUNCED_FOR_DAYS` days, newest first, for the feed.
pub async fn announcements<C: ConnectionTrait>(
    db: &C,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<Announcement>, AppError> {
    let recent = award_programme::Entity::find()
        .filter(
            award_programme::Column::AnnouncedAt
                .gte(now - chrono::Duration::days(ANNOUNCED_FOR_DAYS)),
        )
        .order_by_desc(award_programme::Column::AnnouncedAt)
        .all(db)
        .await?;
    if recent.is_empty() {
        return Ok(Vec::new());
    }
    Ok(winners_by_category(db, &recent)
        .await?
        .into_iter()
        .map(|(p, cs)| Announcement {
            programme: p.name,
            year: p.year,
            when: p.announced_at.map(|t| when(t, tz)).unwrap_or_default(),
            winners: cs
                .into_iter()
                .flat_map(|(c, ws)| ws.into_iter().map(move |w| (c.name.clone(), w)))
                .collect(),
        })
        .collect())
}
