//! Action plans: after a survey, a manager or HR picks a focus (a driver, or one item) for a
//! group they may see, writes actions with an owner and a due day, and tracks them. The next
//! cycle's results show those actions beside the change they were meant to bring.
//!
//! Plans are about groups, never about respondents: making one reads no answers, and the scores
//! offered beside the focus choices come through the same suppression as the results page.
use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::auth::policy::Actor;
use crate::auth::types::Role;
use crate::engagement::service::results::{Loaded, WHOLE, parse_unit, pick_unit, viewable};
use crate::engagement::service::surveys;
use crate::engagement::types::{
    ACTION_MAX, ActionBrief, ActionForm, ActionStatus, ActionView, AudienceLevel, Driver, PlanForm,
    PlanView, PlansView, ResultsView, Scale, Shown, from_item_key, item_key,
};
use crate::entities::{survey, survey_action, survey_action_plan, survey_item, user};
use crate::error::AppError;
use crate::org::index::OrgIndex;
use crate::reporting::confidentiality::Threshold;
use crate::reporting::period::Day;
use crate::reporting::unit::Unit;
use crate::state;

fn stored(unit: Unit) -> (Option<AudienceLevel>, Option<i32>) {
    match unit {
        Unit::Company => (None, None),
        Unit::Region(id) => (Some(AudienceLevel::Region), Some(id)),
        Unit::Site(id) => (Some(AudienceLevel::Site), Some(id)),
        Unit::Department(id) => (Some(AudienceLevel::Department), Some(id)),
    }
}

fn unit_of(p: &survey_action_plan::Model) -> Unit {
    match (p.level, p.unit_id) {
        (Some(AudienceLevel::Region), Some(id)) => Unit::Region(id),
        (Some(AudienceLevel::Site), Some(id)) => Unit::Site(id),
        (Some(AudienceLevel::Department), Some(id)) => Unit::Department(id),
        _ => Unit::Company,
    }
}

async fn plans_of<C: ConnectionTrait>(
    db: &C,
    survey_id: i32,
    unit: Unit,
) -> Result<Vec<survey_action_plan::Model>, AppError> {
    let (level, id) = stored(unit);
    let mut q = survey_action_plan::Entity::find()
        .filter(survey_action_plan::Column::SurveyId.eq(survey_id));
    q = match level {
        Some(l) => q.filter(survey_action_plan::Column::Level.eq(l)),
        None => q.filter(survey_action_plan::Column::Level.is_null()),
    };
    q = match id {
        Some(i) => q.filter(survey_action_plan::Column::UnitId.eq(i)),
        None => q.filter(survey_action_plan::Column::UnitId.is_null()),
    };
    Ok(q.order_by_asc(survey_action_plan::Column::Id)
        .all(db)
        .await?)
}

async fn actions_of<C: ConnectionTrait>(
    db: &C,
    plans: &[survey_action_plan::Model],
) -> Result<Vec<survey_action::Model>, AppError> {
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    Ok(survey_action::Entity::find()
        .filter(survey_action::Column::PlanId.is_in(plans.iter().map(|p| p.id)))
        .order_by_asc(survey_action::Column::DueOn)
        .order_by_asc(survey_action::Column::Id)
        .all(db)
        .await?)
}

/// Who may own an action for a group: its people, or for a region or the whole organisation
/// its leaders; always the viewer too. Active people only, by name.
async fn owners<C: ConnectionTrait>(
    db: &C,
    org: &OrgIndex,
    unit: Unit,
    me: i32,
) -> Result<Vec<user::Model>, AppError> {
    let mut q = user::Entity::find().filter(user::Column::Active.eq(true));
    q = match unit {
        Unit::Department(d) => q.filter(user::Column::DepartmentId.eq(d)),
        Unit::Site(s) => q.filter(user::Column::SiteId.eq(s)),
        Unit::Region(r) => q
            .filter(
                user::Column::SiteId.is_in(
                    org.sites
                        .values()
                        .filter(|s| s.region_id == r)
                        .map(|s| s.id),
                ),
            )
            .filter(user::Column::Role.ne(Role::Staff)),
        Unit::Company => q.filter(user::Column::Role.ne(Role::Staff)),
    };
    let mut people = q.all(db).await?;
    if !people.iter().any(|u| u.id == me)
        && let Some(u) = user::Entity::find_by_id(me).one(db).await?
    {
        people.push(u);
    }
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(people)
}

fn focus_key(p: &survey_action_plan::Model, items: &BTreeMap<i32, survey_item::Model>) -> String {
    match p.item_id.and_then(|i| items.get(&i)) {
        Some(item) => item_key(&item.pid),
        None => format!("driver:{}", p.driver.key()),
    }
}

/// A survey's action plans for a group the viewer may see.
pub async fn plans(
    db: &DatabaseConnection,
    actor: Actor,
    pid: &str,
    unit_raw: &str,
    today: Day,
    k: Threshold,
) -> Result<PlansView, AppError> {
    let org = OrgIndex::load(db).await?;
    let (_, unit, options) = pick_unit(db, actor, &org, unit_raw).await?;
    let s = surveys::find_engagement(db, pid).await?;
    let this = Loaded::load(db, s, &org, k).await?;
    let items: BTreeMap<i32, survey_item::Model> =
        this.items.iter().map(|i| (i.id, i.clone())).collect();
    let favorable = |ids: &[i32]| match this.score(unit, ids) {
        Shown::Value(s) => Some(s.favorable),
        _ => None,
    };
    // Focus choices: drivers and their items, lowest scores first where shown.
    let mut focuses: Vec<(Option<f64>, String, String)> = Vec::new();
    for d in Driver::ALL.into_iter().filter(|d| d.is_driver()) {
        let ids = this.ids(|i| i.driver == d);
        if ids.is_empty() {
            continue;
        }
        let score = favorable(&ids);
        let label = match score {
            Some(f) => format!("{} (driver, {f:.0}% favorable)", d.label()),
            None => format!("{} (driver)", d.label()),
        };
        focuses.push((score, format!("driver:{}", d.key()), label));
        for i in this
            .items
            .iter()
            .filter(|i| i.driver == d && i.scale == Scale::Agreement)
        {
            let score = favorable(&[i.id]);
            let label = match score {
                Some(f) => format!("{}: {} ({f:.0}% favorable)", d.label(), i.text),
                None => format!("{}: {}", d.label(), i.text),
            };
            focuses.push((score, item_key(&i.pid), label));
        }
    }
    focuses.sort_by(|a, b| {
        a.0.unwrap_or(f64::INFINITY)
            .total_cmp(&b.0.unwrap_or(f64::INFINITY))
    });
    let plans = plans_of(db, this.survey.id, unit).await?;
    let actions = actions_of(db, &plans).await?;
    let mut people: BTreeSet<i32> = actions.iter().map(|a| a.owner_id).collect();
    people.extend(plans.iter().map(|p| p.created_by));
    let names: BTreeMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    let taken: BTreeSet<String> = plans.iter().map(|p| focus_key(p, &items)).collect();
    let people_list = owners(db, &org, unit, actor.id).await?;
    let views = plans
        .iter()
        .map(|p| {
            let ids: Vec<i32> = match p.item_id {
                Some(i) => vec![i],
                None => this.ids(|i| i.driver == p.driver),
            };
            PlanView {
                pid: p.pid.clone(),
                driver: p.driver,
                item: p
                    .item_id
                    .and_then(|i| items.get(&i))
                    .map(|i| i.text.clone()),
                score: favorable(&ids),
                created_by: name(p.created_by),
                created_on: p.created_at.date_naive().into(),
                actions: actions
                    .iter()
                    .filter(|a| a.plan_id == p.id)
                    .map(|a| {
                        let due: Day = a.due_on.into();
                        ActionView {
                            pid: a.pid.clone(),
                            text: a.text.clone(),
                            owner: name(a.owner_id),
                            due_on: due,
                            status: a.status,
                            done_on: a.done_on.map(Day::from),
                            overdue: a.status != ActionStatus::Done && due < today,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(PlansView {
        pid: this.survey.pid.clone(),
        title: this.survey.title.clone(),
        unit: unit.key(),
        unit_label: org.unit_name(unit, WHOLE),
        units: options,
        plans: views,
        focuses: focuses
            .into_iter()
            .filter(|(_, key, _)| !taken.contains(key))
            .map(|(_, key, label)| (key, label))
            .collect(),
        viewer: people_list
            .iter()
            .find(|u| u.id == actor.id)
            .map(|u| u.pid.clone())
            .unwrap_or_default(),
        owners: people_list.into_iter().map(|u| (u.pid, u.name)).collect(),
        today,
    })
}

/// Starts a plan: a focus for a group.
pub async fn create_plan(
    db: &DatabaseConnection,
    actor: Actor,
    form: PlanForm,
) -> Result<String, AppError> {
    let org = OrgIndex::load(db).await?;
    let (_, unit, _) = pick_unit(db, actor, &org, &form.unit).await?;
    let s = surveys::find_engagement(db, &form.survey).await?;
    let items = crate::engagement::service::answering::questions(db, s.id).await?;
    let focus = form.focus.trim();
    let (driver, item) = if let Some(key) = focus.strip_prefix("driver:") {
        match Driver::parse(key) {
            Some(d) if d.is_driver() && items.iter().any(|i| i.driver == d) => (d, None),
            _ => return Err(AppError::invalid("Choose the focus from the list.")),
        }
    } else if let Some(pid) = from_item_key(focus) {
        match items
            .iter()
            .find(|i| i.pid == pid && i.scale == Scale::Agreement && i.driver.is_driver())
        {
            Some(i) => (i.driver, Some(i.id)),
            None => return Err(AppError::invalid("Choose the focus from the list.")),
        }
    } else {
        return Err(AppError::invalid("Choose a focus for the plan."));
    };
    let label = match item.and_then(|id| items.iter().find(|i| i.id == id)) {
        Some(i) => format!("“{}”", i.text),
        None => driver.label().to_owned(),
    };
    let group = org.unit_name(unit, WHOLE);
    let me = actor.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            let existing = plans_of(txn, s.id, unit).await?;
            if existing
                .iter()
                .any(|p| p.driver == driver && p.item_id == item)
            {
                return Err(AppError::Conflict(format!(
                    "{group} already has a plan for {label}; add actions to it instead."
                )));
            }
            let (level, unit_id) = stored(unit);
            survey_action_plan::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                survey_id: Set(s.id),
                level: Set(level),
                unit_id: Set(unit_id),
                driver: Set(driver),
                item_id: Set(item),
                created_by: Set(me),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!(
                "Plan started for {label} in {group}. Add the first action below."
            ))
        })
    })
    .await
}

/// The plan behind a public id, when the viewer may see its group.
async fn plan_for<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    pid: &str,
) -> Result<(survey_action_plan::Model, Unit, OrgIndex), AppError> {
    let plan = survey_action_plan::Entity::find()
        .filter(survey_action_plan::Column::Pid.eq(pid.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That plan".into()))?;
    let org = OrgIndex::load(db).await?;
    let unit = unit_of(&plan);
    if !viewable(db, actor, &org).await?.may(unit) {
        return Err(AppError::Forbidden);
    }
    Ok((plan, unit, org))
}

/// Reads an action's text: trimmed, 3 to `ACTION_MAX` characters, no control characters.
pub fn read_action_text(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    let n = text.chars().count();
    if n < 3 {
        return Err("Say what will be done, in a few words at least.".into());
    }
    if n > ACTION_MAX {
        return Err(format!(
            "The action is {n} characters; keep it to {ACTION_MAX}."
        ));
    }
    if text.chars().any(char::is_control) {
        return Err("The action contains a control character; remove it.".into());
    }
    Ok(text.to_owned())
}

/// Adds an action to a plan.
pub async fn add_action(
    db: &DatabaseConnection,
    actor: Actor,
    form: ActionForm,
    today: Day,
) -> Result<String, AppError> {
    let (plan, unit, org) = plan_for(db, actor, &form.plan).await?;
    let mut problems = Vec::new();
    let text = read_action_text(&form.text)
        .map_err(|p| problems.push(p))
        .ok();
    let people = owners(db, &org, unit, actor.id).await?;
    let owner = people.iter().find(|u| u.pid == form.owner.trim());
    if owner.is_none() {
        problems.push("Choose who owns the action from the list.".to_owned());
    }
    let due = Day::parse(form.due_on.trim());
    match due {
        None => {
            problems.push("The due day must be a real date written like 2027-01-31.".to_owned())
        }
        Some(d) if d < today => problems.push("The due day has already passed.".to_owned()),
        _ => {}
    }
    let (Some(text), Some(owner), Some(due), true) = (text, owner, due, problems.is_empty()) else {
        return Err(AppError::Invalid(problems.join(" ")));
    };
    let owner_id = owner.id;
    let owner_name = owner.name.clone();
    let me = actor.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            survey_action::ActiveModel {
                pid: Set(uuid::Uuid::new_v4().to_string()),
                plan_id: Set(plan.id),
                text: Set(text),
                owner_id: Set(owner_id),
                due_on: Set(due.into()),
                status: Set(ActionStatus::Open),
                done_on: Set(None),
                created_by: Set(me),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            Ok(format!(
                "Action added for {owner_name}, due {}.",
                due.label()
            ))
        })
    })
    .await
}

/// Moves an action to another status (done records the day).
pub async fn set_status(
    db: &DatabaseConnection,
    actor: Actor,
    action: &str,
    status: &str,
    today: Day,
) -> Result<String, AppError> {
    let status = ActionStatus::parse(status)
        .ok_or_else(|| AppError::invalid("Choose the action's status from the list."))?;
    let a = survey_action::Entity::find()
        .filter(survey_action::Column::Pid.eq(action.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That action".into()))?;
    let plan = survey_action_plan::Entity::find_by_id(a.plan_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That plan".into()))?;
    plan_for(db, actor, &plan.pid).await?;
    if a.status == status {
        return Ok(format!("The action is already “{}”.", status.label()));
    }
    let done_on = (status == ActionStatus::Done).then_some(today.into());
    let id = a.id;
    state::write(db, move |txn| {
        Box::pin(async move {
            survey_action::ActiveModel {
                id: Set(id),
                status: Set(status),
                done_on: Set(done_on),
                ..Default::default()
            }
            .update(txn)
            .await?;
            Ok(format!("Action marked “{}”.", status.label()))
        })
    })
    .await
}

/// Adds the action plans to a results view: how many this survey has for the group, and beside
/// each driver and item the actions planned for it after the previous cycle.
pub async fn annotate(db: &DatabaseConnection, view: &mut ResultsView) -> Result<(), AppError> {
    let org = OrgIndex::load(db).await?;
    let unit = parse_unit(&view.unit, &org)?;
    let s = surveys::find(db, &view.pid).await?;
    view.plans = plans_of(db, s.id, unit).await?.len();
    let Some(prev_pid) = view.previous_pid.clone() else {
        return Ok(());
    };
    let Some(prev) = survey::Entity::find()
        .filter(survey::Column::Pid.eq(prev_pid))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let before = plans_of(db, prev.id, unit).await?;
    if before.is_empty() {
        return Ok(());
    }
    let actions = actions_of(db, &before).await?;
    // Items are matched by lineage, so a reworded item keeps its plan.
    let mut ids: BTreeSet<i32> = before.iter().filter_map(|p| p.item_id).collect();
    let pids: Vec<String> = view
        .items
        .iter()
        .map(|r| r.pid.clone())
        .filter(|p| !p.is_empty())
        .collect();
    let now_items = survey_item::Entity::find()
        .filter(survey_item::Column::Pid.is_in(pids))
        .all(db)
        .await?;
    ids.extend(now_items.iter().map(|i| i.id));
    let lineage: BTreeMap<i32, String> = survey_item::Entity::find()
        .filter(survey_item::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.lineage))
        .collect();
    let lineage_of_pid: BTreeMap<String, String> = now_items
        .iter()
        .map(|i| (i.pid.clone(), i.lineage.clone()))
        .collect();
    let briefs = |p: &survey_action_plan::Model| -> Vec<ActionBrief> {
        actions
            .iter()
            .filter(|a| a.plan_id == p.id)
            .map(|a| ActionBrief {
                text: a.text.clone(),
                status: a.status,
                due_on: a.due_on.into(),
            })
            .collect()
    };
    for row in &mut view.drivers {
        for p in before
            .iter()
            .filter(|p| p.item_id.is_none() && p.driver == row.driver)
        {
            row.actions.extend(briefs(p));
        }
    }
    for row in &mut view.items {
        let Some(mine) = lineage_of_pid.get(&row.pid) else {
            continue;
        };
        for p in before.iter().filter(|p| {
            p.item_id
                .and_then(|i| lineage.get(&i))
                .is_some_and(|l| l == mine)
        }) {
            row.actions.extend(briefs(p));
        }
    }
    Ok(())
}
