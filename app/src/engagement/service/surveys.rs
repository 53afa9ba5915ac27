//! Surveys: HR sets one up (kind, items, audience, days); everyone sees the ones they are asked;
//! leaders see every survey with its participation.
use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::auth::service::CurrentUser;
use crate::auth::types::Role;
use crate::engagement::rules::read_survey;
use crate::engagement::service::items;
use crate::engagement::types::{
    AudienceLevel, SurveyForm, SurveyKind, SurveyPhase, SurveySummary, SurveysView, UnitOption,
};
use crate::entities::{survey, survey_audience, survey_question, survey_roster, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::Threshold;
use crate::reporting::period::Day;
use crate::state;

pub async fn find<C: ConnectionTrait>(db: &C, pid: &str) -> Result<survey::Model, AppError> {
    survey::Entity::find()
        .filter(survey::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That survey".into()))
}

/// An engagement survey (census or pulse) for its results pages, or a clear refusal for an
/// internal-service survey, whose results have their own page.
pub async fn find_engagement<C: ConnectionTrait>(
    db: &C,
    pid: &str,
) -> Result<survey::Model, AppError> {
    let s = find(db, pid).await?;
    if s.kind == SurveyKind::Internal {
        return Err(AppError::invalid(
            "This is an internal-service survey; its results are on its internal-service page.",
        ));
    }
    Ok(s)
}

pub fn phase(s: &survey::Model, today: Day) -> SurveyPhase {
    SurveyPhase::of(s.opens_on.into(), s.closes_on.into(), today)
}

/// Regions, their sites, and the sites' departments, as audience and report choices.
pub fn unit_options(org: &OrgIndex) -> Vec<UnitOption> {
    let mut out = Vec::new();
    for r in org.regions.values() {
        out.push(UnitOption {
            key: format!("region:{}", r.id),
            label: r.name.clone(),
            depth: 0,
        });
        for s in org.sites.values().filter(|s| s.region_id == r.id) {
            out.push(UnitOption {
                key: format!("site:{}", s.id),
                label: s.name.clone(),
                depth: 1,
            });
            for d in org.departments.values().filter(|d| d.site_id == s.id) {
                out.push(UnitOption {
                    key: format!("department:{}", d.id),
                    label: format!("{} · {}", s.name, d.name),
                    depth: 2,
                });
            }
        }
    }
    out
}

/// A survey's audience units.
pub async fn audience_units<C: ConnectionTrait>(
    db: &C,
    survey_id: i32,
) -> Result<Vec<(AudienceLevel, i32)>, AppError> {
    Ok(survey_audience::Entity::find()
        .filter(survey_audience::Column::SurveyId.eq(survey_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.level, a.unit_id))
        .collect())
}

/// Whether a person (where they are now) is in a survey's audience.
pub fn asks(
    s: &survey::Model,
    units: &[(AudienceLevel, i32)],
    u: &user::Model,
    org: &OrgIndex,
) -> bool {
    if !u.active {
        return false;
    }
    if s.everyone {
        return true;
    }
    let place = org.placement(u);
    units.iter().any(|(level, id)| match level {
        AudienceLevel::Region => place.region == Some(*id),
        AudienceLevel::Site => place.site == Some(*id),
        AudienceLevel::Department => place.department == Some(*id),
    })
}

/// Everyone a survey asks, where they are now.
pub async fn audience<C: ConnectionTrait>(
    db: &C,
    s: &survey::Model,
    org: &OrgIndex,
) -> Result<Vec<user::Model>, AppError> {
    let units = audience_units(db, s.id).await?;
    Ok(user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|u| asks(s, &units, u, org))
        .collect())
}

/// How many people a survey asks in each unit (and the company), where they are now: one
/// grouped count of active people per site and department, not a row per person.
pub async fn asked_per_unit<C: ConnectionTrait>(
    db: &C,
    s: &survey::Model,
    org: &OrgIndex,
) -> Result<BTreeMap<crate::reporting::unit::Unit, u32>, AppError> {
    use crate::reporting::unit::Unit;
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::Expr;
    let units = audience_units(db, s.id).await?;
    let groups: Vec<(Option<i32>, Option<i32>, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::SiteId)
        .column(user::Column::DepartmentId)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(user::Column::Active.eq(true))
        .group_by(user::Column::SiteId)
        .group_by(user::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: BTreeMap<Unit, u32> = BTreeMap::new();
    for (site, department, n) in groups {
        let region = site.and_then(|x| org.region_of_site(x));
        let asked = s.everyone
            || units.iter().any(|(level, id)| match level {
                AudienceLevel::Region => region == Some(*id),
                AudienceLevel::Site => site == Some(*id),
                AudienceLevel::Department => department == Some(*id),
            });
        if !asked {
            continue;
        }
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let mut reached = vec![Unit::Company];
        reached.extend(region.map(Unit::Region));
        reached.extend(site.map(Unit::Site));
        reached.extend(site.and(department).map(Unit::Department));
        for u in reached {
            *out.entry(u).or_default() += n;
        }
    }
    Ok(out)
}

/// Who has answered a survey.
pub async fn roster<C: ConnectionTrait>(db: &C, survey_id: i32) -> Result<BTreeSet<i32>, AppError> {
    let row = survey_roster::Entity::find_by_id(survey_id).one(db).await?;
    Ok(row.map(|r| read_roster(&r.answered)).unwrap_or_default())
}

pub fn read_roster(raw: &str) -> BTreeSet<i32> {
    serde_json::from_str::<Vec<i32>>(raw)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

fn audience_label(s: &survey::Model, units: &[(AudienceLevel, i32)], org: &OrgIndex) -> String {
    if s.everyone {
        return "Everyone".into();
    }
    let names: Vec<String> = units
        .iter()
        .filter_map(|(level, id)| match level {
            AudienceLevel::Region => org.region_name(Some(*id)),
            AudienceLevel::Site => org.site_name(Some(*id)),
            AudienceLevel::Department => org.department_label(*id),
        })
        .collect();
    if names.is_empty() {
        "Nobody (its units were removed)".into()
    } else {
        names.join(", ")
    }
}

/// The surveys page.
pub async fn list(
    db: &DatabaseConnection,
    me: &CurrentUser,
    today: Day,
    k: Threshold,
) -> Result<SurveysView, AppError> {
    let org = OrgIndex::load(db).await?;
    let leader = matches!(me.role, Role::Manager | Role::Hr | Role::Admin);
    let may_manage = matches!(me.role, Role::Hr | Role::Admin);
    let me_row = user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut questions: BTreeMap<i32, usize> = BTreeMap::new();
    for q in survey_question::Entity::find().all(db).await? {
        *questions.entry(q.survey_id).or_default() += 1;
    }
    let mut mine = Vec::new();
    let mut all = Vec::new();
    let surveys = survey::Entity::find()
        .order_by_desc(survey::Column::OpensOn)
        .order_by_desc(survey::Column::Id)
        .all(db)
        .await?;
    for s in surveys {
        let units = audience_units(db, s.id).await?;
        let answered_by = roster(db, s.id).await?;
        let asked = asks(&s, &units, &me_row, &org);
        let phase = phase(&s, today);
        let participation = if leader {
            let n = asked_per_unit(db, &s, &org)
                .await?
                .get(&crate::reporting::unit::Unit::Company)
                .copied()
                .unwrap_or(0);
            (n >= k.get()).then_some((n, answered_by.len() as u32))
        } else {
            None
        };
        let summary = SurveySummary {
            pid: s.pid.clone(),
            title: s.title.clone(),
            kind: s.kind,
            opens_on: s.opens_on.into(),
            closes_on: s.closes_on.into(),
            phase,
            items: questions.get(&s.id).copied().unwrap_or(0),
            audience: audience_label(&s, &units, &org),
            asked,
            answered: answered_by.contains(&me.id),
            participation,
        };
        if asked && phase == SurveyPhase::Open {
            mine.push(summary.clone());
        }
        if leader {
            all.push(summary);
        }
    }
    let bank = if may_manage {
        items::bank(db)
            .await?
            .into_iter()
            .filter(|i| !i.retired)
            .collect()
    } else {
        Vec::new()
    };
    let closes = Day::from_ordinal(today.ordinal() + 13);
    Ok(SurveysView {
        mine,
        all,
        may_manage,
        may_see_results: leader,
        suggested: SurveyForm {
            title: String::new(),
            kind: SurveyKind::Pulse.key().into(),
            opens_on: today.to_string(),
            closes_on: closes.to_string(),
            audience: BTreeMap::new(),
            items: BTreeMap::new(),
            driver_comments: String::new(),
            free_comment: "on".into(),
            reach: crate::engagement::types::Reach::Site.key().into(),
        },
        bank,
        units: if may_manage {
            unit_options(&org)
        } else {
            Vec::new()
        },
    })
}

/// Sets up a survey.
pub async fn create(
    db: &DatabaseConnection,
    me: &CurrentUser,
    form: SurveyForm,
    today: Day,
) -> Result<String, AppError> {
    let org = OrgIndex::load(db).await?;
    let bank: Vec<_> = items::current(db)
        .await?
        .into_iter()
        .filter(|i| !i.retired)
        .collect();
    let known_items: Vec<String> = bank.iter().map(|i| i.pid.clone()).collect();
    let known_units: BTreeSet<String> = unit_options(&org).into_iter().map(|u| u.key).collect();
    let plan =
        read_survey(&form, today, &known_items, &known_units, false).map_err(AppError::Invalid)?;
    let ids: BTreeMap<String, i32> = bank.into_iter().map(|i| (i.pid, i.id)).collect();
    let me_id = me.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            let s = survey::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                title: Set(plan.title.clone()),
                kind: Set(plan.kind),
                reach: Set(plan.reach),
                opens_on: Set(plan.opens_on.into()),
                closes_on: Set(plan.closes_on.into()),
                everyone: Set(plan.audience.is_empty()),
                driver_comments: Set(plan.driver_comments),
                free_comment: Set(plan.free_comment),
                created_by: Set(me_id),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            let questions: Vec<survey_question::ActiveModel> = plan
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, pid)| {
                    ids.get(pid).map(|item| survey_question::ActiveModel {
                        survey_id: Set(s.id),
                        item_id: Set(*item),
                        position: Set(i as i32),
                        ..Default::default()
                    })
                })
                .collect();
            if !questions.is_empty() {
                survey_question::Entity::insert_many(questions)
                    .exec_without_returning(txn)
                    .await?;
            }
            if !plan.audience.is_empty() {
                let rows: Vec<survey_audience::ActiveModel> = plan
                    .audience
                    .iter()
                    .map(|(level, id)| survey_audience::ActiveModel {
                        survey_id: Set(s.id),
                        level: Set(*level),
                        unit_id: Set(*id),
                        ..Default::default()
                    })
                    .collect();
                survey_audience::Entity::insert_many(rows)
                    .exec_without_returning(txn)
                    .await?;
            }
            survey_roster::ActiveModel {
                survey_id: Set(s.id),
                answered: Set("[]".into()),
                respondents: Set(0),
            }
            .insert(txn)
            .await?;
            let asks = if plan.kind == SurveyKind::Internal {
                "departments rate each other".to_owned()
            } else {
                format!("{} items", plan.items.len())
            };
            Ok(format!(
                "“{}” is set up: {asks}, open {} to {}.",
                plan.title,
                plan.opens_on.label(),
                plan.closes_on.label()
            ))
        })
    })
    .await
}

/// The open surveys a person is asked and has not answered yet, for their home page.
pub async fn waiting(
    db: &DatabaseConnection,
    me: &CurrentUser,
    today: Day,
) -> Result<Vec<SurveySummary>, AppError> {
    let day: chrono::NaiveDate = today.into();
    let open = survey::Entity::find()
        .filter(survey::Column::OpensOn.lte(day))
        .filter(survey::Column::ClosesOn.gte(day))
        .order_by_asc(survey::Column::ClosesOn)
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let org = OrgIndex::load(db).await?;
    let me_row = user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut out = Vec::new();
    for s in open {
        let units = audience_units(db, s.id).await?;
        if !asks(&s, &units, &me_row, &org) || roster(db, s.id).await?.contains(&me.id) {
            continue;
        }
        let items = survey_question::Entity::find()
            .filter(survey_question::Column::SurveyId.eq(s.id))
            .all(db)
            .await?
            .len();
        out.push(SurveySummary {
            pid: s.pid.clone(),
            title: s.title.clone(),
            kind: s.kind,
            opens_on: s.opens_on.into(),
            closes_on: s.closes_on.into(),
            phase: SurveyPhase::Open,
            items,
            audience: audience_label(&s, &units, &org),
            asked: true,
            answered: false,
            participation: None,
        });
    }
    Ok(out)
}
