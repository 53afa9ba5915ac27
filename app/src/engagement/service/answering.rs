//! Answering a survey, so that nobody can work back from an answer to the person who gave it.
//!
//! In one transaction: the roster (one row per survey, a sorted list of who has answered, with
//! no time and no order) gains the person, and a response with a random id, today's date only,
//! and attributes coarsened against the audience is written with its answers. The roster is
//! locked first, so a second submission waits and then finds the person already there.
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Set, Statement, Value,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::engagement::rules::{Member, coarsen, read_answers, read_comments, read_ratings};
use crate::engagement::service::surveys::{self, asks, audience_units, phase, read_roster};
use crate::engagement::types::{
    AnswerInput, AnswerView, Driver, Question, RatingTarget, Reach, RoleGroup, SurveyKind,
    SurveyPhase, TenureBand,
};
use crate::entities::{
    internal_comment, internal_rating, survey, survey_answer, survey_comment, survey_item,
    survey_question, survey_response, survey_roster, user,
};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::Threshold;
use crate::reporting::period::Day;
use crate::state;

/// A survey's questions in order, with their items.
pub async fn questions<C: ConnectionTrait>(
    db: &C,
    survey_id: i32,
) -> Result<Vec<survey_item::Model>, AppError> {
    let qs = survey_question::Entity::find()
        .filter(survey_question::Column::SurveyId.eq(survey_id))
        .order_by_asc(survey_question::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = qs.iter().map(|q| q.item_id).collect();
    let items = survey_item::Entity::find()
        .filter(survey_item::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    Ok(ids
        .iter()
        .filter_map(|id| items.iter().find(|i| i.id == *id).cloned())
        .collect())
}

pub fn role_group(role: Role) -> RoleGroup {
    match role {
        Role::Staff => RoleGroup::Staff,
        Role::Manager | Role::Hr | Role::Admin => RoleGroup::Leader,
    }
}

pub fn member(u: &user::Model, today: Day) -> Member {
    let joined: Day = u.created_at.date_naive().into();
    Member {
        site: u.site_id,
        department: u.site_id.and(u.department_id),
        role: role_group(u.role),
        tenure: TenureBand::of_days(today.ordinal() - joined.ordinal()),
    }
}

/// The departments a person may rate in an internal-service survey: the other departments of
/// their site, or for a company-wide survey every other department, by site.
pub fn targets(s: &survey::Model, me: &user::Model, org: &OrgIndex) -> Vec<RatingTarget> {
    let mut out: Vec<RatingTarget> = org
        .departments
        .values()
        .filter(|d| Some(d.id) != me.department_id)
        .filter(|d| match s.reach {
            Some(Reach::Company) => true,
            Some(Reach::Site) => me.site_id == Some(d.site_id),
            None => false,
        })
        .map(|d| RatingTarget {
            department: d.id,
            name: d.name.clone(),
            site: org.site_name(Some(d.site_id)).unwrap_or_default(),
        })
        .collect();
    out.sort_by(|a, b| (&a.site, &a.name).cmp(&(&b.site, &b.name)));
    out
}

/// The answer form for the viewer.
pub async fn view(
    db: &DatabaseConnection,
    me: &CurrentUser,
    pid: &str,
    today: Day,
    (k, kc): (Threshold, Threshold),
) -> Result<AnswerView, AppError> {
    let s = surveys::find(db, pid).await?;
    let org = OrgIndex::load(db).await?;
    let me_row = user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let units = audience_units(db, s.id).await?;
    let asked = asks(&s, &units, &me_row, &org);
    let answered = surveys::roster(db, s.id).await?.contains(&me.id);
    let targets = if asked && !answered && s.kind == SurveyKind::Internal {
        targets(&s, &me_row, &org)
    } else {
        Vec::new()
    };
    let questions = if asked && !answered && s.kind != SurveyKind::Internal {
        questions(db, s.id)
            .await?
            .into_iter()
            .map(|i| Question {
                pid: i.pid,
                driver: i.driver,
                scale: i.scale,
                text: i.text,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AnswerView {
        pid: s.pid.clone(),
        title: s.title.clone(),
        closes_on: s.closes_on.into(),
        phase: phase(&s, today),
        asked,
        answered,
        questions,
        threshold: k.get(),
        comment_threshold: kc.get(),
        driver_comments: s.driver_comments,
        free_comment: s.free_comment,
        internal: s.kind == SurveyKind::Internal,
        targets,
    })
}

/// A response, read and checked before anything is written.
enum Parsed {
    Items {
        values: Vec<(i32, i32)>,
        comments: Vec<(Option<Driver>, String)>,
    },
    Internal(Vec<crate::engagement::rules::Rating>),
}

async fn lock_roster<C: ConnectionTrait>(db: &C, survey_id: i32) -> Result<(), AppError> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT survey_id FROM survey_rosters WHERE survey_id = $1 FOR UPDATE",
            [Value::from(survey_id)],
        ))
        .await?;
    }
    Ok(())
}

/// When this instance last took answers to each survey (by public id), so counts kept for a
/// few seconds are dropped at once where the answer was given: the person who answered and
/// everyone on their instance see it counted; other instances within seconds.
static ANSWERED: std::sync::LazyLock<
    std::sync::Mutex<std::collections::BTreeMap<String, std::time::Instant>>,
> = std::sync::LazyLock::new(Default::default);
/// More surveys than are ever open at once; past it the oldest marks go.
const ANSWERED_KEPT: usize = 256;

/// When this instance last took answers to the survey with public id `pid`.
pub fn last_answered(pid: &str) -> Option<std::time::Instant> {
    ANSWERED.lock().ok()?.get(pid).copied()
}

/// Marks the survey with public id `pid` as just answered on this instance, so counts kept of it
/// are counted afresh on their next reading.
pub fn mark_answered(pid: &str) {
    if let Ok(mut marks) = ANSWERED.lock() {
        if marks.len() >= ANSWERED_KEPT
            && let Some(oldest) = marks
                .iter()
                .min_by_key(|(_, t)| **t)
                .map(|(k, _)| k.clone())
        {
            marks.remove(&oldest);
        }
        marks.insert(pid.to_owned(), std::time::Instant::now());
    }
}

/// Records a person's answers once; they cannot be changed afterwards.
pub async fn submit(
    db: &DatabaseConnection,
    me: &CurrentUser,
    input: AnswerInput,
    today: Day,
    k: Threshold,
) -> Result<String, AppError> {
    let me_id = me.id;
    let (done, pid) = state::write(db, move |txn| {
        Box::pin(async move {
            let s = surveys::find(txn, &input.survey).await?;
            match phase(&s, today) {
                SurveyPhase::Scheduled => {
                    return Err(AppError::invalid(format!(
                        "This survey opens on {}.",
                        Day::from(s.opens_on).label()
                    )));
                }
                SurveyPhase::Closed => {
                    return Err(AppError::invalid(
                        "This survey has closed; answers are no longer taken.",
                    ));
                }
                SurveyPhase::Open => {}
            }
            let org = OrgIndex::load(txn).await?;
            let people = surveys::audience(txn, &s, &org).await?;
            let Some(me_row) = people.iter().find(|u| u.id == me_id) else {
                return Err(AppError::invalid(
                    "This survey is not asked of you, so there is nothing to answer.",
                ));
            };
            lock_roster(txn, s.id).await?;
            let roster = survey_roster::Entity::find_by_id(s.id)
                .one(txn)
                .await?
                .ok_or_else(|| AppError::NotFound("That survey".into()))?;
            let mut answered = read_roster(&roster.answered);
            if answered.contains(&me_id) {
                return Err(AppError::Conflict(
                    "You have already answered this survey. Answers are anonymous, so they cannot be changed afterwards."
                        .into(),
                ));
            }
            let parsed = if s.kind == SurveyKind::Internal {
                let targets: Vec<(i32, String)> = targets(&s, me_row, &org)
                    .into_iter()
                    .map(|t| (t.department, t.name))
                    .collect();
                if targets.is_empty() {
                    return Err(AppError::invalid(
                        "There are no other departments for you to rate in this survey.",
                    ));
                }
                Parsed::Internal(
                    read_ratings(&targets, &input.answers, &input.comments)
                        .map_err(AppError::Invalid)?,
                )
            } else {
                let items = questions(txn, s.id).await?;
                let asked: Vec<(String, crate::engagement::types::Scale)> =
                    items.iter().map(|i| (i.pid.clone(), i.scale)).collect();
                let values = read_answers(&asked, &input.answers).map_err(AppError::Invalid)?;
                let drivers: Vec<Driver> = items.iter().map(|i| i.driver).collect();
                let comments =
                    read_comments(&input.comments, &drivers, s.driver_comments, s.free_comment)
                        .map_err(AppError::Invalid)?;
                let values = values
                    .iter()
                    .filter_map(|(pid, v)| items.iter().find(|i| &i.pid == pid).map(|i| (i.id, *v)))
                    .collect();
                Parsed::Items { values, comments }
            };
            let audience: Vec<Member> = people.iter().map(|u| member(u, today)).collect();
            let kept = coarsen(member(me_row, today), &audience, k);
            let response = uuid::Uuid::new_v4().to_string();
            survey_response::ActiveModel {
                id: Set(response.clone()),
                survey_id: Set(s.id),
                day: Set(today.into()),
                site_id: Set(kept.site),
                department_id: Set(kept.department),
                role_group: Set(kept.role),
                tenure_band: Set(kept.tenure),
            }
            .insert(txn)
            .await?;
            match parsed {
                Parsed::Items { values, comments } => {
                    let rows: Vec<survey_answer::ActiveModel> = values
                        .iter()
                        .map(|(item, v)| survey_answer::ActiveModel {
                            response_id: Set(response.clone()),
                            item_id: Set(*item),
                            survey_id: Set(s.id),
                            site_id: Set(kept.site),
                            department_id: Set(kept.department),
                            role_group: Set(kept.role),
                            tenure_band: Set(kept.tenure),
                            value: Set(*v),
                        })
                        .collect();
                    survey_answer::Entity::insert_many(rows)
                        .exec_without_returning(txn)
                        .await?;
                    if !comments.is_empty() {
                        let rows: Vec<survey_comment::ActiveModel> = comments
                            .into_iter()
                            .map(|(driver, text)| survey_comment::ActiveModel {
                                id: Set(uuid::Uuid::new_v4().to_string()),
                                survey_id: Set(s.id),
                                driver: Set(driver),
                                text: Set(text),
                                site_id: Set(kept.site),
                                department_id: Set(kept.department),
                            })
                            .collect();
                        survey_comment::Entity::insert_many(rows)
                            .exec_without_returning(txn)
                            .await?;
                    }
                }
                Parsed::Internal(ratings) => {
                    let rows: Vec<internal_rating::ActiveModel> = ratings
                        .iter()
                        .map(|r| internal_rating::ActiveModel {
                            id: Set(uuid::Uuid::new_v4().to_string()),
                            response_id: Set(response.clone()),
                            survey_id: Set(s.id),
                            rater_department_id: Set(kept.department),
                            rated_department_id: Set(r.department),
                            quality: Set(r.quality),
                            ease: Set(r.ease),
                        })
                        .collect();
                    internal_rating::Entity::insert_many(rows)
                        .exec_without_returning(txn)
                        .await?;
                    let notes: Vec<internal_comment::ActiveModel> = ratings
                        .into_iter()
                        .filter_map(|r| {
                            r.comment.map(|text| internal_comment::ActiveModel {
                                id: Set(uuid::Uuid::new_v4().to_string()),
                                survey_id: Set(s.id),
                                department_id: Set(r.department),
                                text: Set(text),
                            })
                        })
                        .collect();
                    if !notes.is_empty() {
                        internal_comment::Entity::insert_many(notes)
                            .exec_without_returning(txn)
                            .await?;
                    }
                }
            }
            answered.insert(me_id);
            let list: Vec<i32> = answered.into_iter().collect();
            survey_roster::Entity::update_many()
                .col_expr(
                    survey_roster::Column::Answered,
                    sea_orm::sea_query::Expr::value(
                        serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()),
                    ),
                )
                .col_expr(
                    survey_roster::Column::Respondents,
                    sea_orm::sea_query::Expr::value(list.len() as i32),
                )
                .filter(survey_roster::Column::SurveyId.eq(s.id))
                .exec(txn)
                .await?;
            Ok((
                "Thank you. Your answers are in, with nothing that links them to you.".to_owned(),
                s.pid,
            ))
        })
    })
    .await?;
    mark_answered(&pid);
    Ok(done)
}
