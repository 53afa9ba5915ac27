//! Engagement surveys on SQLite and PostgreSQL: setting one up, answering once, what the database
//! keeps (nothing that leads back to a person), and results that never show a group under the
//! threshold, directly or by subtraction, on any page, heatmap or CSV.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use std::collections::{BTreeMap, BTreeSet};

use app::auth::service::CurrentUser;
use app::engagement::service::{answering, insights, items, results, surveys};
use app::engagement::types::{AnswerInput, Driver, Segment, Shown, SurveyForm, item_key};
use app::entities::{
    department, site, survey, survey_answer, survey_response, survey_roster, user,
};
use app::error::AppError;
use app::reporting::confidentiality::{Hidden, Threshold};
use app::reporting::period::Day;
use common::*;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Statement,
};

const K: Threshold = Threshold::DEFAULT;
const EVERYONE: Segment = Segment {
    role: None,
    tenure: None,
};
const KC: Threshold = Threshold::DEFAULT_COMMENTS;

fn today() -> Day {
    Day::from(chrono::Utc::now().date_naive())
}

/// The bank's current item ids for some lineages.
async fn pick(app: &TestApp, lineages: &[&str]) -> Vec<(String, Driver)> {
    let bank = items::current(&app.db).await.unwrap();
    lineages
        .iter()
        .map(|l| {
            let i = bank.iter().find(|i| i.lineage == *l).expect("lineage");
            (i.pid.clone(), i.driver)
        })
        .collect()
}

const ITEMS: [&str; 4] = [
    "engagement.proud",
    "enps.recommend",
    "manager.cares",
    "wellbeing.workload",
];

async fn set_up(app: &TestApp, title: &str, opens: Day, audience: &[String]) -> survey::Model {
    let hr = acting(app, HR).await;
    let form = SurveyForm {
        title: title.into(),
        kind: "pulse".into(),
        opens_on: opens.to_string(),
        closes_on: opens.plus_days(13).to_string(),
        audience: audience.iter().map(|a| (a.clone(), "on".into())).collect(),
        items: pick(app, &ITEMS)
            .await
            .into_iter()
            .map(|(p, _)| (item_key(&p), "on".into()))
            .collect(),
        driver_comments: "on".into(),
        free_comment: "on".into(),
        reach: String::new(),
    };
    surveys::create(&app.db, &hr, form, opens).await.unwrap();
    survey::Entity::find()
        .filter(survey::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// Answers with `agree` on every agreement item and `likely` for eNPS.
async fn answer(
    app: &TestApp,
    s: &survey::Model,
    who: &CurrentUser,
    agree: i32,
    likely: i32,
    day: Day,
) -> Result<String, AppError> {
    let answers: BTreeMap<String, String> = pick(app, &ITEMS)
        .await
        .into_iter()
        .map(|(p, d)| {
            (
                item_key(&p),
                if d == Driver::Enps { likely } else { agree }.to_string(),
            )
        })
        .collect();
    answering::submit(
        &app.db,
        who,
        AnswerInput {
            survey: s.pid.clone(),
            answers,
            ..AnswerInput::default()
        },
        day,
        K,
    )
    .await
}

async fn first_site(app: &TestApp) -> site::Model {
    site::Entity::find()
        .order_by_asc(site::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn new_department(app: &TestApp, site: i32, name: &str) -> department::Model {
    use sea_orm::{ActiveModelTrait, Set};
    department::ActiveModel {
        site_id: Set(site),
        name: Set(name.into()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
}

fn refused(r: Result<String, AppError>, contains: &str) {
    match r {
        Err(AppError::Invalid(m)) | Err(AppError::Conflict(m)) => {
            assert!(m.contains(contains), "{m:?} should mention {contains:?}")
        }
        other => panic!("expected a refusal mentioning {contains:?}, got {other:?}"),
    }
}

async fn responses(app: &TestApp) -> u64 {
    survey_response::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

both_backends!(answering_once_and_anonymously, |app: TestApp| async move {
    let s = set_up(&app, "Winter pulse", today(), &[]).await;
    let staff = acting(&app, STAFF).await;
    // Bad answers change nothing and say what is wrong.
    let mut partial: BTreeMap<String, String> = BTreeMap::new();
    partial.insert(item_key(&pick(&app, &ITEMS[..1]).await[0].0), "4".into());
    let r = answering::submit(
        &app.db,
        &staff,
        AnswerInput {
            survey: s.pid.clone(),
            answers: partial,
            ..AnswerInput::default()
        },
        today(),
        K,
    )
    .await;
    refused(r, "Please answer questions 2, 3, 4");
    refused(
        answer(&app, &s, &staff, 6, 9, today()).await,
        "on its scale",
    );
    assert_eq!(responses(&app).await, 0);
    // A real answer, then a second one is refused and changes nothing.
    answer(&app, &s, &staff, 4, 9, today()).await.unwrap();
    refused(
        answer(&app, &s, &staff, 2, 1, today()).await,
        "already answered",
    );
    assert_eq!(responses(&app).await, 1);
    assert_eq!(
        survey_answer::Entity::find().count(&app.db).await.unwrap(),
        4
    );
    // Closed and not-yet-open surveys take no answers; nor do surveys not asked of you.
    let other = acting(&app, OTHER_STAFF).await;
    refused(
        answer(&app, &s, &other, 4, 9, today().plus_days(14)).await,
        "closed",
    );
    refused(
        answer(&app, &s, &other, 4, 9, today().plus_days(-1)).await,
        "opens on",
    );
    let elsewhere = site::Entity::find()
        .filter(site::Column::Id.ne(other.site_id.unwrap()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let narrow = set_up(
        &app,
        "Elsewhere pulse",
        today(),
        &[format!("site:{}", elsewhere.id)],
    )
    .await;
    refused(
        answer(&app, &narrow, &other, 4, 9, today()).await,
        "not asked of you",
    );
    // The answer form says so too.
    let v = answering::view(&app.db, &staff, &s.pid, today(), (K, KC))
        .await
        .unwrap();
    assert!(v.answered && v.questions.is_empty());

    // Twenty more people answer, in descending order of their ids.
    let mut people: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.ne(staff.id))
        .filter(user::Column::SiteId.is_not_null())
        .order_by_desc(user::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    people.truncate(20);
    let mut order = vec![staff.id];
    for p in &people {
        answer(&app, &s, &CurrentUser::from(p.clone()), 3, 7, today())
            .await
            .unwrap();
        order.push(p.id);
    }
    // No column of a response or an answer names a person or a time finer than the day.
    for table in ["survey_responses", "survey_answers", "survey_rosters"] {
        let cols = columns(&app, table).await;
        for bad in [
            "user_id",
            "person_id",
            "respondent_id",
            "created_at",
            "submitted_at",
            "updated_at",
        ] {
            assert!(
                !cols.contains(&bad.to_owned()),
                "{table} has {bad}: {cols:?}"
            );
        }
    }
    let rows = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(s.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 21);
    assert!(rows.iter().all(|r| r.day == today().into()));
    // Ids are random (UUID version 4), so their order says nothing about the order of answering.
    assert!(
        rows.iter()
            .all(|r| uuid::Uuid::parse_str(&r.id).map(|u| u.get_version_num()) == Ok(4))
    );
    // Who answered is one sorted list per survey: not the order they answered in.
    let roster = survey_roster::Entity::find_by_id(s.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let listed: Vec<i32> = serde_json::from_str(&roster.answered).unwrap();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    assert_ne!(
        listed, order,
        "the roster must not keep the order of answering"
    );
    assert_eq!(roster.respondents, 21);
    // Reading the responses in key order does not give the order of answering either: their
    // sites, read in key order, differ from the answerers' sites in answering order (the chance
    // that 21 random keys sort in answering order is 1 in 21!).
    let by_key = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(s.id))
        .order_by_asc(survey_response::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let ids: Vec<&str> = by_key.iter().map(|r| r.id.as_str()).collect();
    let as_stored: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_ne!(ids, as_stored);
    // Attributes are coarse: the demo's departments have two people, so none is kept.
    assert!(rows.iter().all(|r| r.department_id.is_none()));
    app.cleanup().await;
});

async fn columns(app: &TestApp, table: &str) -> Vec<String> {
    let sql = match app.db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => format!(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = '{table}'"
        ),
        _ => format!("SELECT name FROM pragma_table_info('{table}')"),
    };
    app.db
        .query_all(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .collect()
}

both_backends!(
    setting_up_a_survey_names_every_problem,
    |app: TestApp| async move {
        let hr = acting(&app, HR).await;
        let before = survey::Entity::find().count(&app.db).await.unwrap();
        let form = SurveyForm {
            title: "".into(),
            kind: "poll".into(),
            opens_on: "2026-13-01".into(),
            closes_on: "yesterday".into(),
            audience: BTreeMap::from([("site:999999".into(), "on".into())]),
            items: BTreeMap::from([("not-an-item".into(), "on".into())]),
            ..SurveyForm::default()
        };
        match surveys::create(&app.db, &hr, form, today()).await {
            Err(AppError::Invalid(m)) => {
                for part in [
                    "title",
                    "pulse or internal service",
                    "opening day",
                    "closing day",
                    "audience",
                    "no longer in the bank",
                ] {
                    assert!(m.contains(part), "{m} lacks {part}");
                }
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(survey::Entity::find().count(&app.db).await.unwrap(), before);
        // Rewording makes a new version; the earlier survey keeps the wording it asked.
        let s = set_up(&app, "Before rewording", today(), &[]).await;
        let old = pick(&app, &["manager.cares"]).await[0].0.clone();
        items::reword(&app.db, &old, "My manager cares about how I am doing.")
            .await
            .unwrap();
        let new = pick(&app, &["manager.cares"]).await[0].0.clone();
        assert_ne!(old, new);
        let asked = answering::questions(&app.db, s.id).await.unwrap();
        assert!(asked.iter().any(|i| i.pid == old));
        assert!(matches!(
            items::reword(&app.db, &old, "Another wording for the item.").await,
            Err(AppError::Conflict(_))
        ));
        assert!(matches!(
            items::reword(&app.db, &new, "short").await,
            Err(AppError::Invalid(_))
        ));
        app.cleanup().await;
    }
);

// Site S gets two departments big enough to keep on a response: D (8 people, 6 answer) and
// E (6 people, 4 answer, just under k). Nobody else at S answers. S (10) may show; E is under k;
// D would give E away by subtraction, so it hides too.
both_backends!(
    results_never_show_a_group_under_k,
    |app: TestApp| async move {
        let s_site = first_site(&app).await;
        let depts: Vec<department::Model> = department::Entity::find()
            .filter(department::Column::SiteId.eq(s_site.id))
            .order_by_asc(department::Column::Id)
            .all(&app.db)
            .await
            .unwrap();
        let (d, e) = (&depts[0], &depts[1]);
        let mut d_people = Vec::new();
        let mut e_people = Vec::new();
        for i in 0..8 {
            d_people.push(
                person(
                    &app,
                    &format!("d{i}@t.example"),
                    "staff",
                    Some(s_site.id),
                    Some(d.id),
                    None,
                )
                .await,
            );
        }
        for i in 0..6 {
            e_people.push(
                person(
                    &app,
                    &format!("e{i}@t.example"),
                    "staff",
                    Some(s_site.id),
                    Some(e.id),
                    None,
                )
                .await,
            );
        }
        // Another site answers too, so the whole organisation has a figure.
        let t_site = site::Entity::find()
            .order_by_desc(site::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let t_people = user::Entity::find()
            .filter(user::Column::SiteId.eq(t_site.id))
            .all(&app.db)
            .await
            .unwrap();
        let s = set_up(&app, "Threshold pulse", today(), &[]).await;
        for p in d_people.iter().take(6) {
            answer(&app, &s, &CurrentUser::from(p.clone()), 5, 10, today())
                .await
                .unwrap();
        }
        for p in e_people.iter().take(4) {
            answer(&app, &s, &CurrentUser::from(p.clone()), 1, 0, today())
                .await
                .unwrap();
        }
        for p in &t_people {
            answer(&app, &s, &CurrentUser::from(p.clone()), 3, 7, today())
                .await
                .unwrap();
        }
        let kept: BTreeSet<Option<i32>> = survey_response::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.department_id)
            .collect();
        assert!(kept.contains(&Some(d.id)) && kept.contains(&Some(e.id)));

        let hr = acting(&app, HR).await.actor();
        let unit = |x: &str| x.to_owned();
        let site_key = format!("site:{}", s_site.id);
        let (d_key, e_key) = (
            format!("department:{}", d.id),
            format!("department:{}", e.id),
        );
        // The site shows, with its ten respondents.
        let v = results::results(&app.db, hr, &s.pid, &site_key, EVERYONE, today(), K)
            .await
            .unwrap();
        assert_eq!(v.hidden, None);
        assert_eq!(v.respondents, Some(10));
        // Both departments are hidden in every figure: E under k, D because S - D = E.
        for (key, why) in [(&d_key, Hidden::Protects), (&e_key, Hidden::TooFew)] {
            let v = results::results(&app.db, hr, &s.pid, &unit(key), EVERYONE, today(), K)
                .await
                .unwrap();
            assert_eq!(v.hidden, Some(why), "{key}");
            assert_eq!(v.respondents, None);
            assert!(matches!(v.engagement, Shown::Hidden(_)) && matches!(v.enps, Shown::Hidden(_)));
            assert!(
                v.drivers
                    .iter()
                    .chain(v.items.iter())
                    .all(|r| matches!(r.score, Shown::Hidden(_)) && r.spread.is_empty())
            );
            // The CSV carries no figure for them.
            let csv = results::results_table(&app.db, hr, &s.pid, key, EVERYONE, today(), K)
                .await
                .unwrap();
            for row in csv.rows() {
                assert!(
                    row[4..7]
                        .iter()
                        .all(|c| *c == app::reporting::csv::Cell::Empty),
                    "{row:?}"
                );
            }
        }
        // Focus areas and trends have nothing for them either.
        for key in [&d_key, &e_key] {
            let f = insights::focus(&app.db, hr, &s.pid, key, K).await.unwrap();
            assert!(f.hidden.is_some() && f.rows.is_empty() && f.respondents.is_none());
            let t = insights::trends(&app.db, hr, &s.pid, key, K).await.unwrap();
            assert!(
                t.drivers
                    .iter()
                    .chain(t.items.iter())
                    .all(|(_, v)| v.iter().all(|x| x.is_none()))
            );
        }
        // The heatmap of S's departments marks both hidden; the sites heatmap shows S.
        let h = results::heatmap(&app.db, hr, &s.pid, &site_key, false, EVERYONE, K)
            .await
            .unwrap();
        for row in &h.rows {
            assert!(
                row.cells.iter().all(|c| matches!(c, Shown::Hidden(_))),
                "{row:?}"
            );
            assert!(matches!(row.respondents, Shown::Hidden(_)));
        }
        let h = results::heatmap(&app.db, hr, &s.pid, "sites", true, EVERYONE, K)
            .await
            .unwrap();
        let s_row = h.rows.iter().find(|r| r.key == site_key).unwrap();
        assert_eq!(s_row.respondents, Shown::Value(10));
        let csv = results::heatmap_table(&app.db, hr, &s.pid, &site_key, false, EVERYONE, K)
            .await
            .unwrap();
        for row in csv.rows().iter().skip(1) {
            assert!(
                row[1..]
                    .iter()
                    .all(|c| *c == app::reporting::csv::Cell::Empty),
                "{row:?}"
            );
        }
        // Through HTTP as well: the pages and the CSV files for a department say hidden and carry
        // no percentage.
        let cookie = app.login(HR).await;
        for key in [&d_key, &e_key] {
            let page = app
                .get(
                    &format!("/surveys/{}/results?unit={key}", s.pid),
                    Some(&cookie),
                )
                .await;
            assert_eq!(page.status, 200);
            assert!(page.body.contains("Hidden"), "{key}");
            assert!(
                !page.body.contains("100%") && !page.body.contains(">0%<"),
                "{key}"
            );
            let csv = app
                .get(
                    &format!("/reports/survey-results.csv?survey={}&unit={key}", s.pid),
                    Some(&cookie),
                )
                .await;
            assert_eq!(csv.status, 200);
            assert!(csv.body.contains("hidden:"));
            assert!(
                !csv.body.contains(",100.0,") && !csv.body.contains(",0.0,"),
                "{}",
                csv.body
            );
        }
        // A manager sees only the units they lead, and staff see no results at all.
        let mgr = acting(&app, MANAGER).await;
        // The demo's manager runs site S: his default group is S, its departments stay hidden
        // for him as for anyone, and another site is not his to see.
        let mine = results::results(&app.db, mgr.actor(), &s.pid, "", EVERYONE, today(), K)
            .await
            .unwrap();
        assert_eq!(mine.unit, site_key);
        assert_eq!(mine.respondents, Some(10));
        assert!(
            !mine.units.iter().any(|u| u.key.is_empty()),
            "no whole-organisation choice"
        );
        let dept = results::results(&app.db, mgr.actor(), &s.pid, &e_key, EVERYONE, today(), K)
            .await
            .unwrap();
        assert_eq!(dept.hidden, Some(Hidden::TooFew));
        let other = format!("site:{}", t_site.id);
        let r = results::results(&app.db, mgr.actor(), &s.pid, &other, EVERYONE, today(), K).await;
        assert!(matches!(r, Err(AppError::Forbidden)));
        let h = results::heatmap(&app.db, mgr.actor(), &s.pid, "sites", false, EVERYONE, K)
            .await
            .unwrap();
        assert!(h.rows.iter().all(|r| r.key == site_key), "{:?}", h.rows);
        let staff_cookie = app.login(STAFF).await;
        let r = app
            .get(
                &format!("/reports/survey-results.csv?survey={}", s.pid),
                Some(&staff_cookie),
            )
            .await;
        assert_eq!(r.status, 403);
        let r = app
            .call(
                "survey_results",
                &[("survey", &s.pid), ("unit", "")],
                Some(&staff_cookie),
            )
            .await;
        assert_eq!(r.status, 403);
        app.cleanup().await;
    }
);

// Narrowing by role group and tenure band. Two new departments of one site are the audience: D
// has 6 staff, E 5 managers, so every response keeps its role group. While only 4 managers have
// answered, "staff at the site" (6) beside the site (10) would give away the 4 managers, so it
// hides as well as the managers themselves; once the fifth answers, both narrowings show.
both_backends!(
    narrowed_results_never_show_a_group_under_k,
    |app: TestApp| async move {
        use app::engagement::types::{RoleGroup, TenureBand};
        let s_site = first_site(&app).await;
        let mut ids = Vec::new();
        for name in ["Spa", "Events"] {
            ids.push(new_department(&app, s_site.id, name).await.id);
        }
        let mut staff = Vec::new();
        let mut leaders = Vec::new();
        for i in 0..6 {
            staff.push(CurrentUser::from(
                person(
                    &app,
                    &format!("spa{i}@t.example"),
                    "staff",
                    Some(s_site.id),
                    Some(ids[0]),
                    None,
                )
                .await,
            ));
        }
        for i in 0..5 {
            leaders.push(CurrentUser::from(
                person(
                    &app,
                    &format!("ev{i}@t.example"),
                    "manager",
                    Some(s_site.id),
                    Some(ids[1]),
                    None,
                )
                .await,
            ));
        }
        let audience: Vec<String> = ids.iter().map(|d| format!("department:{d}")).collect();
        let s = set_up(&app, "Narrowed pulse", today(), &audience).await;
        for p in &staff {
            answer(&app, &s, p, 5, 10, today()).await.unwrap();
        }
        for p in leaders.iter().take(4) {
            answer(&app, &s, p, 1, 0, today()).await.unwrap();
        }
        // Every response kept its role group.
        let kept: Vec<Option<RoleGroup>> = survey_response::Entity::find()
            .filter(survey_response::Column::SurveyId.eq(s.id))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.role_group)
            .collect();
        assert!(kept.iter().all(Option::is_some), "{kept:?}");

        let hr = acting(&app, HR).await.actor();
        let site_key = format!("site:{}", s_site.id);
        let seg = |role: Option<RoleGroup>, tenure: Option<TenureBand>| Segment { role, tenure };
        let staff_only = seg(Some(RoleGroup::Staff), None);
        let leaders_only = seg(Some(RoleGroup::Leader), None);
        // The site as a whole shows.
        let v = results::results(&app.db, hr, &s.pid, &site_key, EVERYONE, today(), K)
            .await
            .unwrap();
        assert_eq!(v.respondents, Some(10));
        // Neither narrowing shows, at the site or for the whole organisation, in any figure.
        for (narrowing, why) in [
            (staff_only, Hidden::Protects),
            (leaders_only, Hidden::TooFew),
            (
                seg(Some(RoleGroup::Staff), Some(TenureBand::UnderOneYear)),
                Hidden::Protects,
            ),
        ] {
            for unit in [site_key.as_str(), ""] {
                let v = results::results(&app.db, hr, &s.pid, unit, narrowing, today(), K)
                    .await
                    .unwrap();
                assert_eq!(v.hidden, Some(why), "{narrowing:?} {unit}");
                assert_eq!(v.respondents, None);
                assert!(v.participation.is_empty() && v.asked.is_none());
                assert!(
                    [v.engagement, v.engagement_company]
                        .into_iter()
                        .chain(
                            v.drivers
                                .iter()
                                .chain(v.items.iter())
                                .flat_map(|r| [r.score, r.company])
                        )
                        .all(|x| matches!(x, Shown::Hidden(_)))
                );
                assert!(matches!(v.enps, Shown::Hidden(_)));
                let csv = results::results_table(&app.db, hr, &s.pid, unit, narrowing, today(), K)
                    .await
                    .unwrap();
                for row in csv.rows() {
                    assert!(
                        row[4..8]
                            .iter()
                            .all(|c| *c == app::reporting::csv::Cell::Empty),
                        "{row:?}"
                    );
                }
            }
            let h = results::heatmap(&app.db, hr, &s.pid, &site_key, false, narrowing, K)
                .await
                .unwrap();
            assert!(!h.rows.is_empty());
            assert!(
                h.rows
                    .iter()
                    .all(|r| r.cells.iter().all(|c| c.value().is_none()))
            );
            assert!(h.company.iter().all(|c| c.value().is_none()));
        }
        // Through HTTP the same, and a narrowing that is not on the list is refused by name.
        let cookie = app.login(HR).await;
        let r = app
            .get(
                &format!(
                    "/reports/survey-results.csv?survey={}&unit={site_key}&role=staff",
                    s.pid
                ),
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, 200);
        assert!(
            r.body.contains("hidden: would reveal a smaller group"),
            "{}",
            r.body
        );
        assert!(!r.body.contains("100.0"), "{}", r.body);
        let r = app
            .call(
                "survey_results",
                &[("survey", &s.pid), ("unit", &site_key), ("role", "boss")],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(
            r.body.contains("Choose a role group from the list."),
            "{}",
            r.body
        );

        // The fifth manager answers: both narrowings show, with their own respondents.
        answer(&app, &s, &leaders[4], 1, 0, today()).await.unwrap();
        let v = results::results(&app.db, hr, &s.pid, &site_key, staff_only, today(), K)
            .await
            .unwrap();
        assert_eq!((v.hidden, v.respondents), (None, Some(6)));
        assert_eq!(v.engagement.value().map(|e| e.favorable), Some(100.0));
        let v = results::results(&app.db, hr, &s.pid, &site_key, leaders_only, today(), K)
            .await
            .unwrap();
        assert_eq!((v.hidden, v.respondents), (None, Some(5)));
        assert_eq!(v.engagement.value().map(|e| e.favorable), Some(0.0));
        // Everyone joined this year: the tenure band is the whole site, which gives nothing away.
        let v = results::results(
            &app.db,
            hr,
            &s.pid,
            &site_key,
            seg(None, Some(TenureBand::UnderOneYear)),
            today(),
            K,
        )
        .await
        .unwrap();
        assert_eq!(v.respondents, Some(11));
        app.cleanup().await;
    }
);

// A manager's team, recursively, as far as units can say it: a regional manager whose reports
// (a site lead and, under them, six staff) are everyone in a new region sees that region, its
// site and department, and nothing else; someone leading two people of a bigger department sees
// no group, because answers name units, never a manager.
both_backends!(
    managers_see_every_unit_their_team_fills,
    |app: TestApp| async move {
        use app::entities::region;
        use sea_orm::{ActiveModelTrait, Set};
        let now = chrono::Utc::now();
        let r = region::ActiveModel {
            name: Set("Far North".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let x = site::ActiveModel {
            region_id: Set(r.id),
            name: Set("Pier Hotel Test".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let y = new_department(&app, x.id, "Front desk").await;
        let regional = person(&app, "regional@t.example", "manager", None, None, None).await;
        let lead = person(
            &app,
            "lead@t.example",
            "manager",
            Some(x.id),
            Some(y.id),
            Some(regional.id),
        )
        .await;
        let mut team = vec![CurrentUser::from(lead.clone())];
        for i in 0..6 {
            team.push(CurrentUser::from(
                person(
                    &app,
                    &format!("pier{i}@t.example"),
                    "staff",
                    Some(x.id),
                    Some(y.id),
                    Some(lead.id),
                )
                .await,
            ));
        }
        let s = set_up(&app, "Pier pulse", today(), &[format!("region:{}", r.id)]).await;
        for p in &team {
            answer(&app, &s, p, 4, 8, today()).await.unwrap();
        }
        let boss = CurrentUser::from(regional.clone()).actor();
        // The first group offered is the region, with all seven answers.
        let v = results::results(&app.db, boss, &s.pid, "", EVERYONE, today(), K)
            .await
            .unwrap();
        assert_eq!(
            (v.unit.clone(), v.respondents),
            (format!("region:{}", r.id), Some(7))
        );
        let keys: Vec<String> = v.units.iter().map(|o| o.key.clone()).collect();
        assert_eq!(
            keys,
            [
                format!("region:{}", r.id),
                format!("site:{}", x.id),
                format!("department:{}", y.id)
            ]
        );
        // The heatmap opens on the region's sites.
        let h = results::heatmap(&app.db, boss, &s.pid, "", false, EVERYONE, K)
            .await
            .unwrap();
        assert_eq!(
            h.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>(),
            [format!("site:{}", x.id)]
        );
        // Anything outside the team is refused.
        for unit in ["", "site:1"] {
            let other = if unit.is_empty() { "company" } else { unit };
            let r = results::results(&app.db, boss, &s.pid, other, EVERYONE, today(), K).await;
            assert!(matches!(r, Err(AppError::Forbidden)), "{other}: {r:?}");
        }
        // A lead of two people inside a bigger department has no group of their own.
        let d = department::Entity::find()
            .order_by_asc(department::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let small = person(
            &app,
            "small.lead@t.example",
            "manager",
            Some(d.site_id),
            Some(d.id),
            None,
        )
        .await;
        for i in 0..2 {
            person(
                &app,
                &format!("small{i}@t.example"),
                "staff",
                Some(d.site_id),
                Some(d.id),
                Some(small.id),
            )
            .await;
        }
        let r = results::results(
            &app.db,
            CurrentUser::from(small).actor(),
            &s.pid,
            "",
            EVERYONE,
            today(),
            K,
        )
        .await;
        assert!(matches!(r, Err(AppError::Invalid(_))), "{r:?}");
        app.cleanup().await;
    }
);

// The demo's surveys load through the same services, and give the pages something to show: four
// closed census cycles whose sites show, and an open pulse the journeys' staff have not answered.
both_backends!(the_demo_surveys_load, |app: TestApp| async move {
    server::demo_recognition::seed(&app.db).await.unwrap();
    server::demo_surveys::seed(&app.db).await.unwrap();
    let all = survey::Entity::find()
        .order_by_asc(survey::Column::OpensOn)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(all.len(), 6);
    let hr = acting(&app, HR).await.actor();
    let census: Vec<&survey::Model> = all
        .iter()
        .filter(|s| s.kind == app::engagement::types::SurveyKind::Census)
        .collect();
    assert_eq!(census.len(), 4);
    let last_census = census[3];
    // The site whose manager support was low planned to work on it after the third census;
    // the newest census shows those actions beside its change.
    let sites = site::Entity::find()
        .order_by_asc(site::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let mut v = results::results(
        &app.db,
        hr,
        &last_census.pid,
        &format!("site:{}", sites[3].id),
        EVERYONE,
        today(),
        K,
    )
    .await
    .unwrap();
    app::engagement::service::plans::annotate(&app.db, &mut v)
        .await
        .unwrap();
    let support = v
        .drivers
        .iter()
        .find(|r| r.driver == Driver::ManagerSupport)
        .unwrap();
    assert_eq!(support.actions.len(), 3, "{support:?}");
    // The internal-service survey: every site's departments received ratings, most shown.
    let internal = all
        .iter()
        .find(|s| s.kind == app::engagement::types::SurveyKind::Internal)
        .unwrap();
    let iv = app::engagement::service::internal::internal(
        &app.db,
        hr,
        &internal.pid,
        "",
        today(),
        (K, KC),
    )
    .await
    .unwrap();
    assert_eq!(iv.received.len(), 30);
    let shown = iv
        .received
        .iter()
        .filter(|r| matches!(r.raters, Shown::Value(_)))
        .count();
    assert!(shown >= 20, "{shown} of 30 departments shown");
    let finance: Vec<f64> = iv
        .received
        .iter()
        .filter(|r| r.department == "Finance")
        .filter_map(|r| r.quality.value())
        .collect();
    let desk: Vec<f64> = iv
        .received
        .iter()
        .filter(|r| r.department == "Call centre")
        .filter_map(|r| r.quality.value())
        .collect();
    assert!(!finance.is_empty() && !desk.is_empty());
    assert!(
        finance.iter().sum::<f64>() / (finance.len() as f64)
            < desk.iter().sum::<f64>() / (desk.len() as f64)
    );
    let v = results::results(&app.db, hr, &last_census.pid, "", EVERYONE, today(), K)
        .await
        .unwrap();
    assert_eq!(v.hidden, None);
    assert!(v.previous.is_some());
    assert!(matches!(v.engagement_change, Shown::Value(_)));
    let h = results::heatmap(&app.db, hr, &last_census.pid, "sites", false, EVERYONE, K)
        .await
        .unwrap();
    assert!(
        h.rows
            .iter()
            .all(|r| matches!(r.respondents, Shown::Value(_))),
        "{:?}",
        h.rows
    );
    // Trends: every census asked the same items, so each driver has a point per cycle.
    let t = insights::trends(&app.db, hr, &last_census.pid, "", K)
        .await
        .unwrap();
    assert_eq!(t.cycles.len(), 4);
    assert!(
        t.drivers.iter().all(|(_, v)| v.iter().all(|x| x.is_some())),
        "{:?}",
        t.drivers
    );
    // Focus areas for the whole organisation (over 30 answered): every driver, classified.
    let f = insights::focus(&app.db, hr, &last_census.pid, "", K)
        .await
        .unwrap();
    assert_eq!(f.rows.len(), 10);
    assert!(
        f.rows
            .iter()
            .any(|r| r.kind == app::engagement::types::FocusKind::FocusArea)
    );
    assert!(f.rows.windows(2).all(|w| w[0].impact >= w[1].impact));
    // A site has about ten: too few for impact.
    let f = insights::focus(&app.db, hr, &last_census.pid, &h.rows[0].key, K)
        .await
        .unwrap();
    assert!(f.hidden.is_none() && f.rows.is_empty());
    // Monthly unit figures for the linkage: each census's month has the index, eNPS, drivers
    // and participation per site, none for a department of two, and the CSV hides the same.
    let first = app::reporting::period::Month::new(today().year - 1, today().month).unwrap();
    let figures =
        app::engagement::service::figures::monthly(&app.db, first, today().month(), today())
            .await
            .unwrap();
    use app::reporting::figures::Measure;
    let census_month = Day::from(last_census.closes_on).month();
    let index: Vec<_> = figures
        .iter()
        .filter(|f| f.month == census_month && f.measure == Measure::EngagementIndex)
        .collect();
    assert!(
        index
            .iter()
            .any(|f| f.unit == app::reporting::unit::Unit::Company && f.n >= 40)
    );
    assert!(
        figures
            .iter()
            .any(|f| f.measure == Measure::SurveyParticipation)
    );
    assert!(
        figures
            .iter()
            .any(|f| matches!(f.measure, Measure::DriverScore(Driver::ManagerSupport)))
    );
    assert!(
        !index
            .iter()
            .any(|f| matches!(f.unit, app::reporting::unit::Unit::Department(_)))
    );
    let cookie = app.login(HR).await;
    let period = format!("{}-01..{}", first.key(), today());
    let csv = app
        .get(
            &format!("/reports/engagement-figures.csv?period={period}"),
            Some(&cookie),
        )
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(
        csv.body.contains("engagement.index")
            && csv.body.contains("engagement.driver.manager_support")
    );
    let mgr = app.login(MANAGER).await;
    let r = app
        .get(
            &format!("/reports/engagement-figures.csv?period={period}"),
            Some(&mgr),
        )
        .await;
    assert_eq!(r.status, 403);
    let staff = acting(&app, STAFF).await;
    let pulse = answering::view(&app.db, &staff, &all[5].pid, today(), (K, KC))
        .await
        .unwrap();
    assert!(pulse.asked && !pulse.answered && pulse.questions.len() == 8);
    app.cleanup().await;
});

// Comments show only for groups of at least the comment threshold (10), and never for two
// groups whose difference is smaller: a listing minus another would give the rest away word
// for word.
both_backends!(
    comments_need_the_comment_threshold,
    |app: TestApp| async move {
        use app::engagement::types::GENERAL;
        let s = set_up(&app, "Comments pulse", today(), &[]).await;
        let sites = site::Entity::find()
            .order_by_asc(site::Column::Id)
            .all(&app.db)
            .await
            .unwrap();
        let (t, u) = (&sites[0], &sites[1]);
        let mut t_people = user::Entity::find()
            .filter(user::Column::SiteId.eq(t.id))
            .all(&app.db)
            .await
            .unwrap();
        for i in t_people.len()..12 {
            t_people.push(
                person(
                    &app,
                    &format!("t{i}@t.example"),
                    "staff",
                    Some(t.id),
                    None,
                    None,
                )
                .await,
            );
        }
        let answers = |who: &user::Model, comment: String| {
            let who = CurrentUser::from(who.clone());
            let s = s.clone();
            let app = &app;
            async move {
                let answers: BTreeMap<String, String> = pick(app, &ITEMS)
                    .await
                    .into_iter()
                    .map(|(p, d)| {
                        (
                            item_key(&p),
                            if d == Driver::Enps { "8" } else { "4" }.to_owned(),
                        )
                    })
                    .collect();
                let comments = BTreeMap::from([
                    (GENERAL.to_owned(), comment),
                    (
                        "wellbeing".to_owned(),
                        "Breaks get skipped on busy nights.".to_owned(),
                    ),
                ]);
                answering::submit(
                    &app.db,
                    &who,
                    AnswerInput {
                        survey: s.pid.clone(),
                        answers,
                        comments,
                    },
                    today(),
                    K,
                )
                .await
            }
        };
        // A comment about a driver the survey does not ask is refused, and nothing is kept.
        let bad = answering::submit(
            &app.db,
            &CurrentUser::from(t_people[0].clone()),
            AnswerInput {
                survey: s.pid.clone(),
                answers: BTreeMap::new(),
                comments: BTreeMap::from([("growth".to_owned(), "x".to_owned())]),
            },
            today(),
            K,
        )
        .await;
        assert!(bad.is_err());
        assert_eq!(responses(&app).await, 0);
        let hr = acting(&app, HR).await.actor();
        let site_key = format!("site:{}", t.id);
        let view = |unit: String, about: &'static str, search: &'static str| {
            let pid = s.pid.clone();
            let db = app.db.clone();
            async move {
                results::comments(&db, hr, &pid, &unit, about, search, KC)
                    .await
                    .unwrap()
            }
        };
        for p in t_people.iter().take(9) {
            answers(p, format!("Site T comment from person {}", p.id))
                .await
                .unwrap();
        }
        // Nine: nothing shows, not even for the whole organisation.
        let v = view(site_key.clone(), "", "").await;
        assert_eq!(v.hidden, Some(Hidden::TooFew));
        assert!(v.comments.is_empty());
        assert!(view(String::new(), "", "").await.comments.is_empty());
        answers(&t_people[9], "Site T comment number ten".into())
            .await
            .unwrap();
        let v = view(site_key.clone(), "", "").await;
        assert_eq!(v.hidden, None);
        assert_eq!(v.comments.len(), 20);
        assert_eq!(
            view(site_key.clone(), "wellbeing", "").await.comments.len(),
            10
        );
        assert_eq!(
            view(site_key.clone(), GENERAL, "number TEN")
                .await
                .comments
                .len(),
            1
        );
        // Three more at another site: the organisation's listing minus site T's would be theirs,
        // so both are never shown together.
        let u_people = user::Entity::find()
            .filter(user::Column::SiteId.eq(u.id))
            .all(&app.db)
            .await
            .unwrap();
        for p in u_people.iter().take(3) {
            answers(p, format!("Site U comment from person {}", p.id))
                .await
                .unwrap();
        }
        let company = view(String::new(), "", "").await;
        let t_view = view(site_key.clone(), "", "").await;
        assert!(
            company.hidden.is_some() || t_view.hidden.is_some(),
            "both shown"
        );
        let u_view = view(format!("site:{}", u.id), "", "").await;
        assert_eq!(u_view.hidden, Some(Hidden::TooFew));
        assert!(u_view.comments.is_empty());
        // The comments table has no link to a response or a person.
        let cols = columns(&app, "survey_comments").await;
        for bad in ["response_id", "user_id", "created_at"] {
            assert!(!cols.contains(&bad.to_owned()), "{cols:?}");
        }
        app.cleanup().await;
    }
);

/// Sets up an internal-service survey open from `opens` for two weeks.
async fn set_up_internal(app: &TestApp, title: &str, opens: Day, reach: &str) -> survey::Model {
    let hr = acting(app, HR).await;
    let form = SurveyForm {
        title: title.into(),
        kind: "internal".into(),
        opens_on: opens.to_string(),
        closes_on: opens.plus_days(13).to_string(),
        reach: reach.into(),
        ..SurveyForm::default()
    };
    surveys::create(&app.db, &hr, form, opens).await.unwrap();
    survey::Entity::find()
        .filter(survey::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn rate(
    app: &TestApp,
    s: &survey::Model,
    who: &CurrentUser,
    ratings: &[(i32, &str, &str)],
    comment: Option<(i32, &str)>,
    day: Day,
) -> Result<String, AppError> {
    use app::engagement::types::{ease_key, quality_key, rating_key};
    let mut answers = BTreeMap::new();
    for (d, q, e) in ratings {
        answers.insert(quality_key(*d), (*q).to_owned());
        answers.insert(ease_key(*d), (*e).to_owned());
    }
    let comments = comment
        .map(|(d, c)| BTreeMap::from([(rating_key(d), c.to_owned())]))
        .unwrap_or_default();
    answering::submit(
        &app.db,
        who,
        AnswerInput {
            survey: s.pid.clone(),
            answers,
            comments,
        },
        day,
        K,
    )
    .await
}

both_backends!(
    internal_service_ratings_and_their_thresholds,
    |app: TestApp| async move {
        use app::engagement::service::internal;
        use app::entities::{internal_comment, internal_rating};
        let hr = acting(&app, HR).await;
        // An internal-service survey needs to know whom people rate.
        let form = SurveyForm {
            title: "No reach".into(),
            kind: "internal".into(),
            opens_on: today().to_string(),
            closes_on: today().plus_days(5).to_string(),
            ..SurveyForm::default()
        };
        match surveys::create(&app.db, &hr, form, today()).await {
            Err(AppError::Invalid(m)) => assert!(m.contains("whom people rate"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        // The staff member's department grows to ten, so raters from it are kept as such.
        let staff = acting(&app, STAFF).await;
        let (site, own) = (staff.site_id.unwrap(), staff.department_id.unwrap());
        let mut team = vec![staff.clone()];
        for n in 0..8 {
            let u = person(
                &app,
                &format!("rater{n}@harbourgroup.example"),
                "staff",
                Some(site),
                Some(own),
                None,
            )
            .await;
            team.push(CurrentUser::from(u));
        }
        let in_dept = user::Entity::find()
            .filter(user::Column::DepartmentId.eq(own))
            .filter(user::Column::Active.eq(true))
            .count(&app.db)
            .await
            .unwrap();
        for u in user::Entity::find()
            .filter(user::Column::DepartmentId.eq(own))
            .filter(user::Column::Active.eq(true))
            .all(&app.db)
            .await
            .unwrap()
        {
            if !team.iter().any(|t| t.id == u.id) {
                team.push(CurrentUser::from(u));
            }
        }
        assert!(in_dept >= 10, "{in_dept}");
        let others: Vec<department::Model> = department::Entity::find()
            .filter(department::Column::SiteId.eq(site))
            .filter(department::Column::Id.ne(own))
            .order_by_asc(department::Column::Id)
            .all(&app.db)
            .await
            .unwrap();
        let (rated, quiet) = (others[0].id, others[1].id);
        let s = set_up_internal(&app, "Internal service", today(), "site").await;
        // The form lists the other departments of the rater's site only.
        let v = answering::view(&app.db, &staff, &s.pid, today(), (K, KC))
            .await
            .unwrap();
        assert!(v.internal && v.questions.is_empty());
        assert_eq!(v.targets.len(), others.len());
        assert!(v.targets.iter().all(|t| t.department != own));
        // Bad ratings change nothing and say what is wrong.
        let name = &others[0].name;
        refused(
            rate(&app, &s, &staff, &[(rated, "4", "")], None, today()).await,
            &format!("how easy {name} is to work with as well"),
        );
        refused(
            rate(&app, &s, &staff, &[(rated, "4", "9")], None, today()).await,
            "from 1 to 7",
        );
        refused(
            rate(&app, &s, &staff, &[(999_999, "4", "5")], None, today()).await,
            "do not match",
        );
        refused(
            rate(&app, &s, &staff, &[], None, today()).await,
            "at least one department",
        );
        refused(
            rate(&app, &s, &staff, &[], Some((rated, "Too slow")), today()).await,
            "as well as commenting",
        );
        assert_eq!(responses(&app).await, 0);
        assert_eq!(
            internal_rating::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            0
        );
        // Ten of the department rate one department, with comments; then a second rating from
        // the same person is refused.
        for (n, who) in team.iter().take(10).enumerate() {
            let quality = if n < 8 { "4" } else { "2" };
            rate(
                &app,
                &s,
                who,
                &[(rated, quality, "6")],
                Some((rated, &format!("Note {n}"))),
                today(),
            )
            .await
            .unwrap();
        }
        refused(
            rate(&app, &s, &staff, &[(rated, "5", "7")], None, today()).await,
            "already answered",
        );
        // Nothing in the ratings or comments leads back to a person.
        for table in ["internal_ratings", "internal_comments"] {
            let cols = columns(&app, table).await;
            for bad in ["user_id", "person_id", "created_at", "submitted_at"] {
                assert!(!cols.contains(&bad.to_owned()), "{table} has {bad}");
            }
        }
        assert!(
            !columns(&app, "internal_comments")
                .await
                .contains(&"response_id".to_owned())
        );
        let stored = internal_rating::Entity::find().all(&app.db).await.unwrap();
        assert!(stored.iter().all(|r| r.rater_department_id == Some(own)));
        assert_eq!(
            internal_comment::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            10
        );
        let actor = hr.actor();
        let site_key = format!("site:{site}");
        let v = internal::internal(&app.db, actor, &s.pid, &site_key, today(), (K, KC))
            .await
            .unwrap();
        let row = |v: &app::engagement::types::InternalView, name: &str| {
            v.received
                .iter()
                .find(|r| r.department == name)
                .cloned()
                .unwrap()
        };
        let got = row(&v, name);
        assert_eq!(got.raters, Shown::Value(10));
        assert_eq!(got.favorable, Shown::Value(80.0));
        assert!(matches!(got.quality, Shown::Value(q) if (q - 3.6).abs() < 1e-9));
        assert_eq!(
            got.comments.len(),
            10,
            "ten raters reach the comment threshold"
        );
        assert_eq!(
            row(&v, &others[1].name).raters,
            Shown::Hidden(Hidden::TooFew)
        );
        let col = v.columns.iter().position(|c| c == name).unwrap();
        assert_eq!(v.rows.len(), 1, "only the rater department of ten is named");
        assert!(matches!(v.rows[0].cells[col], Shown::Value((_, 10))));
        // Someone from a department too small to name rates it as well: the rater department's
        // cell would now give that one person's rating away by subtraction, so it is hidden.
        let loner = user::Entity::find()
            .filter(user::Column::SiteId.eq(site))
            .filter(user::Column::DepartmentId.eq(quiet))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        rate(
            &app,
            &s,
            &CurrentUser::from(loner),
            &[(rated, "1", "1")],
            None,
            today(),
        )
        .await
        .unwrap();
        let v = internal::internal(&app.db, actor, &s.pid, &site_key, today(), (K, KC))
            .await
            .unwrap();
        assert_eq!(row(&v, name).raters, Shown::Value(11));
        assert_eq!(v.rows[0].cells[col], Shown::Hidden(Hidden::Protects));
        assert_eq!(v.unattributed[col], Shown::Hidden(Hidden::TooFew));
        // The CSV says the same; staff cannot download it; a manager sees only their sites.
        let cookie = app.login(HR).await;
        let path = format!(
            "/reports/internal-service.csv?survey={}&site={site_key}",
            s.pid
        );
        let csv = app.get(&path, Some(&cookie)).await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        assert!(csv.body.contains(&format!("{name},")) && csv.body.contains(",11,"));
        assert!(csv.body.contains("hidden: would reveal a smaller group"));
        let staff_cookie = app.login(STAFF).await;
        assert_eq!(app.get(&path, Some(&staff_cookie)).await.status, 403);
        let manager = acting(&app, MANAGER).await.actor();
        let mine = internal::internal(&app.db, manager, &s.pid, "", today(), (K, KC))
            .await
            .unwrap();
        assert_eq!(mine.site, site_key);
        let elsewhere = site::Entity::find()
            .filter(site::Column::Id.ne(site))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        assert!(matches!(
            internal::internal(
                &app.db,
                manager,
                &s.pid,
                &format!("site:{elsewhere}"),
                today(),
                (K, KC)
            )
            .await,
            Err(AppError::Forbidden)
        ));
        // Other results pages refuse an internal-service survey with a pointer to its own.
        refused(
            results::results(&app.db, actor, &s.pid, "", EVERYONE, today(), K)
                .await
                .map(|_| String::new()),
            "internal-service page",
        );
        // Once closed, each department's figure is in the monthly figures, and only there.
        let later = today().plus_days(20);
        let figures = app::engagement::service::figures::monthly(
            &app.db,
            today().month(),
            later.month(),
            later,
        )
        .await
        .unwrap();
        use app::reporting::figures::Measure;
        let received: Vec<_> = figures
            .iter()
            .filter(|f| f.measure == Measure::InternalServiceReceived)
            .collect();
        assert_eq!(received.len(), 1, "{received:?}");
        assert_eq!(
            received[0].unit,
            app::reporting::unit::Unit::Department(rated)
        );
        assert_eq!(received[0].n, 11);
        app.cleanup().await;
    }
);

both_backends!(
    action_plans_follow_a_group_to_the_next_cycle,
    |app: TestApp| async move {
        use app::engagement::service::plans;
        use app::engagement::types::{ActionForm, ActionStatus, PlanForm};
        let before = set_up(&app, "Spring pulse", today().plus_days(-60), &[]).await;
        let after = set_up(&app, "Summer pulse", today(), &[]).await;
        let manager = acting(&app, MANAGER).await;
        let site = format!("site:{}", manager.site_id.unwrap());
        let plan_form = |focus: &str, unit: &str| PlanForm {
            survey: before.pid.clone(),
            unit: unit.to_owned(),
            focus: focus.to_owned(),
        };
        // A focus must be one of the survey's drivers or items; the group must be the manager's.
        refused(
            plans::create_plan(&app.db, manager.actor(), plan_form("driver:growth", &site)).await,
            "focus from the list",
        );
        let elsewhere = site::Entity::find()
            .filter(site::Column::Id.ne(manager.site_id.unwrap()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        assert!(matches!(
            plans::create_plan(
                &app.db,
                manager.actor(),
                plan_form("driver:manager_support", &format!("site:{elsewhere}"))
            )
            .await,
            Err(AppError::Forbidden)
        ));
        plans::create_plan(
            &app.db,
            manager.actor(),
            plan_form("driver:manager_support", &site),
        )
        .await
        .unwrap();
        refused(
            plans::create_plan(
                &app.db,
                manager.actor(),
                plan_form("driver:manager_support", &site),
            )
            .await,
            "already has a plan",
        );
        let v = plans::plans(&app.db, manager.actor(), &before.pid, &site, today(), K)
            .await
            .unwrap();
        assert_eq!(v.plans.len(), 1);
        assert!(
            !v.focuses.iter().any(|(k, _)| k == "driver:manager_support"),
            "a focus with a plan is not offered again"
        );
        let plan = v.plans[0].pid.clone();
        let me = app.pid_of(MANAGER).await;
        // Every problem with an action is named at once, and nothing is stored.
        let r = plans::add_action(
            &app.db,
            manager.actor(),
            ActionForm {
                plan: plan.clone(),
                text: " ".into(),
                owner: "nobody".into(),
                due_on: "2026-13-40".into(),
            },
            today(),
        )
        .await;
        match r {
            Err(AppError::Invalid(m)) => {
                for part in ["Say what will be done", "owns the action", "real date"] {
                    assert!(m.contains(part), "{m}");
                }
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        refused(
            plans::add_action(
                &app.db,
                manager.actor(),
                ActionForm {
                    plan: plan.clone(),
                    text: "Monthly one-to-ones".into(),
                    owner: me.clone(),
                    due_on: today().plus_days(-1).to_string(),
                },
                today(),
            )
            .await,
            "already passed",
        );
        for text in ["Monthly one-to-ones", "Join the Friday peak"] {
            plans::add_action(
                &app.db,
                manager.actor(),
                ActionForm {
                    plan: plan.clone(),
                    text: text.into(),
                    owner: me.clone(),
                    due_on: today().plus_days(7).to_string(),
                },
                today(),
            )
            .await
            .unwrap();
        }
        let v = plans::plans(&app.db, manager.actor(), &before.pid, &site, today(), K)
            .await
            .unwrap();
        let actions = &v.plans[0].actions;
        assert_eq!(actions.len(), 2);
        refused(
            plans::set_status(
                &app.db,
                manager.actor(),
                &actions[0].pid,
                "finished",
                today(),
            )
            .await,
            "status from the list",
        );
        plans::set_status(&app.db, manager.actor(), &actions[0].pid, "done", today())
            .await
            .unwrap();
        // Overdue: not done and past its due day.
        let v = plans::plans(
            &app.db,
            manager.actor(),
            &before.pid,
            &site,
            today().plus_days(8),
            K,
        )
        .await
        .unwrap();
        let done = v.plans[0]
            .actions
            .iter()
            .find(|a| a.status == ActionStatus::Done)
            .unwrap();
        assert_eq!(done.done_on, Some(today()));
        assert!(!done.overdue);
        assert!(v.plans[0].actions.iter().any(|a| a.overdue));
        // HR's plan for the whole organisation is out of the manager's reach.
        let hr = acting(&app, HR).await;
        plans::create_plan(&app.db, hr.actor(), plan_form("driver:wellbeing", ""))
            .await
            .unwrap();
        let company = plans::plans(&app.db, hr.actor(), &before.pid, "", today(), K)
            .await
            .unwrap();
        let hr_pid = app.pid_of(HR).await;
        plans::add_action(
            &app.db,
            hr.actor(),
            ActionForm {
                plan: company.plans[0].pid.clone(),
                text: "Rota review".into(),
                owner: hr_pid,
                due_on: today().plus_days(3).to_string(),
            },
            today(),
        )
        .await
        .unwrap();
        let company = plans::plans(&app.db, hr.actor(), &before.pid, "", today(), K)
            .await
            .unwrap();
        assert!(matches!(
            plans::set_status(
                &app.db,
                manager.actor(),
                &company.plans[0].actions[0].pid,
                "done",
                today()
            )
            .await,
            Err(AppError::Forbidden)
        ));
        // The next cycle's results show the site's actions beside its manager-support change (the
        // page's server function adds them), and the whole organisation's beside wellbeing.
        let cookie = app.login(MANAGER).await;
        let res = app
            .call(
                "survey_results",
                &[("survey", after.pid.as_str()), ("unit", site.as_str())],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        let view: app::engagement::types::ResultsView = serde_json::from_str(&res.body).unwrap();
        assert_eq!(view.previous.as_deref(), Some("Spring pulse"));
        let support = view
            .drivers
            .iter()
            .find(|r| r.driver == Driver::ManagerSupport)
            .unwrap();
        assert_eq!(support.actions.len(), 2);
        assert!(
            support
                .actions
                .iter()
                .any(|a| a.status == ActionStatus::Done)
        );
        assert!(
            view.drivers
                .iter()
                .filter(|r| r.driver != Driver::ManagerSupport)
                .all(|r| r.actions.is_empty()),
            "the site sees its own plan, not the organisation's"
        );
        let mut results_hr =
            results::results(&app.db, hr.actor(), &after.pid, "", EVERYONE, today(), K)
                .await
                .unwrap();
        plans::annotate(&app.db, &mut results_hr).await.unwrap();
        let wellbeing = results_hr
            .drivers
            .iter()
            .find(|r| r.driver == Driver::Wellbeing)
            .unwrap();
        assert_eq!(wellbeing.actions.len(), 1);
        assert_eq!(results_hr.plans, 0, "no plan on the newer survey yet");
        app.cleanup().await;
    }
);
