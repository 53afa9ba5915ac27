//! Benchmark: engagement survey results at scale. Loads the demo organisation plus 10,000 people
//! (about 330 in each of its 30 departments), two census cycles of 40 items each answered by all
//! 10,000 (800,000 answers; spring's closed, so its counts are kept after the first request, and
//! autumn's still open, so they are kept for seconds between answers: measured both just after an
//! answer, counted afresh, and while kept), then prints the server time (median and p95) of the results page for
//! the whole organisation, a site, a department and a manager, the heatmaps (sites against drivers
//! and against items, one site's departments), focus areas, trends, comments (about 3,000 per
//! cycle), the results CSV, and one answer submitted into a survey asked of 10,000 people.
//!
//! Run: `cargo run -p server --release --example survey_bench` (a fresh SQLite file in the
//! temporary directory), or with `DATABASE_URL=postgres://postgres@127.0.0.1/rapport_bench` on an
//! empty PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use app::auth::service::CurrentUser;
use app::auth::types::Role;
use app::engagement::service::{answering, items, results, surveys};
use app::engagement::types::{
    AnswerInput, ItemForm, RoleGroup, Scale, Segment, SurveyForm, TenureBand, item_key,
};
use app::entities::{
    department, survey, survey_answer, survey_comment, survey_response, survey_roster, user,
};
use app::reporting::confidentiality::Threshold;
use app::reporting::period::Day;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

const PEOPLE: usize = 10_000;
const RUNS: usize = 30;
const K: Threshold = Threshold::DEFAULT;

fn stats(name: &str, mut t: Vec<Duration>) {
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| t[((t.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<48} median {:>8.2} ms   p95 {:>8.2} ms   ({} runs)",
        ms(p(0.5)),
        ms(p(0.95)),
        t.len()
    );
}

/// Runs `$call` `RUNS` times and prints its median and p95.
macro_rules! time {
    ($name:expr, $call:expr) => {{
        let mut t = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            let _ = $call.await.unwrap();
            t.push(start.elapsed());
        }
        stats($name, t);
    }};
}

/// Like `time!`, but runs `$before` (untimed) before each run.
macro_rules! time_after {
    ($name:expr, $before:expr, $call:expr) => {{
        let mut t = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            $before;
            let start = Instant::now();
            let _ = $call.await.unwrap();
            t.push(start.elapsed());
        }
        stats($name, t);
    }};
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let path =
            std::env::temp_dir().join(format!("rapport-survey-bench-{}.db", std::process::id()));
        format!("sqlite://{}?mode=rwc", path.display())
    });
    let db = server::db::connect(&url).await?;
    server::db::migrate(&db).await?;
    server::demo::seed(&db).await?;
    let started = Instant::now();
    let err = |e: app::error::AppError| anyhow::anyhow!("{e}");
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as usize
    };

    // 10,000 people spread over the departments.
    let departments = department::Entity::find().all(&db).await?;
    let now = Utc::now();
    let hash = user::Entity::find()
        .one(&db)
        .await?
        .and_then(|u| u.password_hash);
    let txn = db.begin().await?;
    for chunk in 0..PEOPLE / 500 {
        let rows: Vec<user::ActiveModel> = (0..500)
            .map(|i| {
                let n = chunk * 500 + i;
                let d = &departments[n % departments.len()];
                user::ActiveModel {
                    pid: Set(uuid::Uuid::new_v4().to_string()),
                    email: Set(format!("bench{n}@bench.example")),
                    name: Set(format!("Bench Person {n}")),
                    role: Set(Role::Staff),
                    site_id: Set(Some(d.site_id)),
                    department_id: Set(Some(d.id)),
                    active: Set(true),
                    password_hash: Set(hash.clone()),
                    created_at: Set(now - chrono::Duration::days((n % 2000) as i64)),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        user::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;

    // 40 items: the bank's 35 and five custom ones.
    for i in 0..5 {
        items::add(
            &db,
            ItemForm {
                driver: "customer_focus".into(),
                text: format!("Custom statement number {i} about serving guests well."),
            },
        )
        .await
        .map_err(err)?;
    }
    let bank = items::current(&db).await.map_err(err)?;
    assert_eq!(bank.len(), 40);
    let hr: CurrentUser = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Hr))
        .one(&db)
        .await?
        .unwrap()
        .into();
    let today = Day::from(now.date_naive());
    let people: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Email.like("bench%"))
        .all(&db)
        .await?;
    let mut census = Vec::new();
    for (title, opens) in [
        ("Bench census, spring", -110i64),
        ("Bench census, autumn", -6),
    ] {
        let opens = today.plus_days(opens);
        let form = SurveyForm {
            title: title.into(),
            kind: "census".into(),
            opens_on: opens.to_string(),
            closes_on: opens.plus_days(13).to_string(),
            audience: BTreeMap::new(),
            items: bank
                .iter()
                .map(|i| (item_key(&i.pid), "on".into()))
                .collect(),
            ..SurveyForm::default()
        };
        surveys::create(&db, &hr, form, opens).await.map_err(err)?;
        let s = survey::Entity::find()
            .filter(survey::Column::Title.eq(title))
            .one(&db)
            .await?
            .unwrap();
        // Everyone answers: responses and answers written directly, in bulk, as the service
        // would write them (the attributes need no coarsening: every department has over 300).
        let txn = db.begin().await?;
        for chunk in people.chunks(200) {
            let mut responses = Vec::new();
            let mut answers = Vec::new();
            let mut comments = Vec::new();
            for p in chunk {
                let id = uuid::Uuid::new_v4().to_string();
                let mood = next(3) as i32 - 1 + if p.site_id == Some(1) { 1 } else { 0 };
                if next(10) < 3 {
                    comments.push(survey_comment::ActiveModel {
                        id: Set(uuid::Uuid::new_v4().to_string()),
                        survey_id: Set(s.id),
                        driver: Set(None),
                        text: Set(format!(
                            "Comment {} about breaks on busy evenings and the booking system.",
                            next(1000)
                        )),
                        site_id: Set(p.site_id),
                        department_id: Set(p.department_id),
                    });
                }
                // Every department is large, so role group and tenure band are kept.
                let role = if next(10) == 0 {
                    RoleGroup::Leader
                } else {
                    RoleGroup::Staff
                };
                let tenure = TenureBand::ALL[next(3)];
                responses.push(survey_response::ActiveModel {
                    id: Set(id.clone()),
                    survey_id: Set(s.id),
                    day: Set(opens.into()),
                    site_id: Set(p.site_id),
                    department_id: Set(p.department_id),
                    role_group: Set(Some(role)),
                    tenure_band: Set(Some(tenure)),
                });
                for item in &bank {
                    let value = match item.scale {
                        Scale::Agreement => (3 + mood + next(3) as i32 - 1).clamp(1, 5),
                        Scale::Likelihood => (7 + 2 * mood + next(4) as i32 - 2).clamp(0, 10),
                    };
                    answers.push(survey_answer::ActiveModel {
                        response_id: Set(id.clone()),
                        item_id: Set(item.id),
                        survey_id: Set(s.id),
                        site_id: Set(p.site_id),
                        department_id: Set(p.department_id),
                        role_group: Set(Some(role)),
                        tenure_band: Set(Some(tenure)),
                        value: Set(value),
                    });
                }
            }
            survey_response::Entity::insert_many(responses)
                .exec_without_returning(&txn)
                .await?;
            if !comments.is_empty() {
                survey_comment::Entity::insert_many(comments)
                    .exec_without_returning(&txn)
                    .await?;
            }
            for a in answers.chunks(1000) {
                survey_answer::Entity::insert_many(a.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
        }
        let mut ids: Vec<i32> = people.iter().map(|p| p.id).collect();
        ids.sort();
        survey_roster::Entity::update_many()
            .col_expr(
                survey_roster::Column::Answered,
                sea_orm::sea_query::Expr::value(serde_json::to_string(&ids)?),
            )
            .col_expr(
                survey_roster::Column::Respondents,
                sea_orm::sea_query::Expr::value(ids.len() as i32),
            )
            .filter(survey_roster::Column::SurveyId.eq(s.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        census.push(s);
    }
    println!(
        "Loaded {PEOPLE} people and 2 census cycles of 40 items ({} answers) in {:.1} s on {}",
        2 * PEOPLE * 40,
        started.elapsed().as_secs_f64(),
        if url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let pid = census[1].pid.clone();
    let site = format!("site:{}", departments[0].site_id);
    let dept = format!("department:{}", departments[0].id);
    let site_manager = app::entities::site::Entity::find()
        .filter(app::entities::site::Column::ManagerId.is_not_null())
        .order_by_asc(app::entities::site::Column::Id)
        .one(&db)
        .await?
        .and_then(|s| s.manager_id)
        .unwrap();
    let manager: CurrentUser = user::Entity::find_by_id(site_manager)
        .one(&db)
        .await?
        .unwrap()
        .into();
    let (db, hr_actor) = (&db, hr.actor());
    let closed = census[0].pid.clone();
    time!(
        "Results, a closed census (HR; counts kept)",
        results::results(db, hr_actor, &closed, "", Segment::default(), today, K)
    );
    // An open survey's counts are kept for seconds between answers: first each reading just
    // after an answer (counted afresh), then readings while the counts are kept.
    let answered = || answering::mark_answered(&pid);
    time_after!(
        "Results, whole organisation (HR; just answered)",
        answered(),
        results::results(db, hr_actor, &pid, "", Segment::default(), today, K)
    );
    time_after!(
        "Results, one site (HR; just answered)",
        answered(),
        results::results(db, hr_actor, &pid, &site, Segment::default(), today, K)
    );
    time_after!(
        "Heatmap, sites x drivers (HR; just answered)",
        answered(),
        results::heatmap(db, hr_actor, &pid, "sites", false, Segment::default(), K)
    );
    time!(
        "Results, whole organisation (HR)",
        results::results(db, hr_actor, &pid, "", Segment::default(), today, K)
    );
    time!(
        "Results, one site (HR)",
        results::results(db, hr_actor, &pid, &site, Segment::default(), today, K)
    );
    time!(
        "Results, one department (HR)",
        results::results(db, hr_actor, &pid, &dept, Segment::default(), today, K)
    );
    time!(
        "Results, a manager's site",
        results::results(db, manager.actor(), &pid, "", Segment::default(), today, K)
    );
    let staff_new = Segment {
        role: Some(RoleGroup::Staff),
        tenure: Some(TenureBand::UnderOneYear),
    };
    time_after!(
        "Results, one site, staff under a year (narrowed; just answered)",
        answered(),
        results::results(db, hr_actor, &pid, &site, staff_new, today, K)
    );
    time!(
        "Results, one site, staff under a year (HR; narrowed)",
        results::results(db, hr_actor, &pid, &site, staff_new, today, K)
    );
    time!(
        "Heatmap, sites x drivers, staff under a year (narrowed)",
        results::heatmap(db, hr_actor, &pid, "sites", false, staff_new, K)
    );
    time!(
        "Heatmap, sites x drivers (HR)",
        results::heatmap(db, hr_actor, &pid, "sites", false, Segment::default(), K)
    );
    time!(
        "Heatmap, sites x 40 items (HR)",
        results::heatmap(db, hr_actor, &pid, "sites", true, Segment::default(), K)
    );
    time!(
        "Heatmap, one site's departments x drivers",
        results::heatmap(db, hr_actor, &pid, &site, false, Segment::default(), K)
    );
    time!(
        "Focus areas, whole organisation (10,000 people)",
        app::engagement::service::insights::focus(db, hr_actor, &pid, "", K)
    );
    time!(
        "Trends, whole organisation (2 cycles)",
        app::engagement::service::insights::trends(db, hr_actor, &pid, "", K)
    );
    time!(
        "Comments, whole organisation",
        results::comments(db, hr_actor, &pid, "", "", "", Threshold::DEFAULT_COMMENTS)
    );
    time!(
        "Results CSV, whole organisation",
        results::results_table(db, hr_actor, &pid, "", Segment::default(), today, K)
    );

    // Answering a survey asked of everyone (10,060 people), one person after another.
    let open = SurveyForm {
        title: "Bench pulse".into(),
        kind: "pulse".into(),
        opens_on: today.to_string(),
        closes_on: today.plus_days(7).to_string(),
        audience: BTreeMap::new(),
        items: bank
            .iter()
            .take(8)
            .map(|i| (item_key(&i.pid), "on".into()))
            .collect(),
        ..SurveyForm::default()
    };
    surveys::create(db, &hr, open, today).await.map_err(err)?;
    let pulse = survey::Entity::find()
        .filter(survey::Column::Title.eq("Bench pulse"))
        .one(db)
        .await?
        .unwrap();
    let answers: BTreeMap<String, String> = bank
        .iter()
        .take(8)
        .map(|i| {
            (
                item_key(&i.pid),
                if i.scale == Scale::Agreement {
                    "4"
                } else {
                    "9"
                }
                .to_owned(),
            )
        })
        .collect();
    let mut who = people.iter();
    let mut t = Vec::new();
    for _ in 0..RUNS {
        let p = CurrentUser::from(who.next().unwrap().clone());
        let input = AnswerInput {
            survey: pulse.pid.clone(),
            answers: answers.clone(),
            ..AnswerInput::default()
        };
        let start = Instant::now();
        answering::submit(db, &p, input, today, K)
            .await
            .map_err(err)?;
        t.push(start.elapsed());
    }
    stats("Submitting answers (audience of 10,060)", t);
    Ok(())
}
