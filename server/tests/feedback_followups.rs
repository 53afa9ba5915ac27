//! Closing the loop, on SQLite and PostgreSQL: unhappy customers who left a contact open a
//! follow-up (from the API, a public link or an import, once each), the site's manager works it
//! through contacted and resolved with a root cause, assigns training to the person involved in
//! one step, overdue ones are counted; and a compliment naming someone can be recognised once,
//! with the customer's words.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{
    assignment, feedback_followup, feedback_followup_event, feedback_recognition,
    feedback_response, module, recognition, site, user,
};
use app::feedback::followup_service::{self as followups, Step};
use app::feedback::followup_types::{EventKind, FollowUpFilter, FollowUpStatus, RootCause};
use app::feedback::types::TokenForm;
use app::recognition::service::thanks;
use app::recognition::types::ThanksInput;
use axum::body::Body;
use chrono::{Duration, Utc};
use common::*;
use http::{Request, StatusCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

fn tz() -> app::org::settings::Tz {
    app::org::settings::time_zone("UTC").unwrap()
}

async fn token(app: &TestApp) -> String {
    let admin = acting(app, ADMIN).await;
    let form = TokenForm {
        name: "Help desk".into(),
        all_sites: Some("on".into()),
        sites: Default::default(),
    };
    app::feedback::tokens::create(&app.db, &admin, &form)
        .await
        .unwrap()
        .secret
}

async fn post(app: &TestApp, token: &str, body: Value) -> Response {
    let req = Request::post("/api/v1/feedback")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"));
    app.request(req.body(Body::from(body.to_string())).unwrap())
        .await
}

/// A response `hours` ago at `site`, served by `person` (an email).
fn answer(id: &str, site: i32, hours: i64, person: Option<&str>, extra: Value) -> Value {
    let at = (Utc::now() - Duration::hours(hours)).to_rfc3339();
    let mut v = json!({"external_id": id, "occurred_at": at, "site": site});
    if let Some(p) = person {
        v["person"] = json!(p);
    }
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

async fn followup_rows(app: &TestApp) -> Vec<feedback_followup::Model> {
    feedback_followup::Entity::find()
        .order_by_asc(feedback_followup::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn response_id(app: &TestApp, external: &str) -> i64 {
    feedback_response::Entity::find()
        .filter(feedback_response::Column::ExternalId.eq(external))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The manager of a site other than the demo manager's.
async fn other_manager(app: &TestApp) -> app::auth::service::CurrentUser {
    let mine = first_site(app).await;
    let other = site::Entity::find()
        .filter(site::Column::Id.ne(mine.id))
        .filter(site::Column::ManagerId.is_not_null())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    user::Entity::find_by_id(other.manager_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into()
}

both_backends!(
    unhappy_customers_with_a_contact_open_one_follow_up_each,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let secret = token(&app).await;
        let batch = json!([
            // Unhappy by NPS, with a contact: opens one.
            answer(
                "u-1",
                site.id,
                2,
                Some(STAFF),
                json!({"nps": 3, "comment": "Waited 40 minutes.", "contact": "guest@example.com"})
            ),
            // Unhappy by CSAT, with a contact: opens one.
            answer(
                "u-2",
                site.id,
                5,
                None,
                json!({"csat": 2, "contact": "+44 20 7946 0000"})
            ),
            // Unhappy without a contact: nobody to call.
            answer("u-3", site.id, 1, None, json!({"csat": 1})),
            // Happy with a contact: nothing to fix.
            answer(
                "u-4",
                site.id,
                1,
                None,
                json!({"csat": 5, "nps": 10, "contact": "fan@example.com"})
            ),
            // A passive (NPS 7) with CSAT 3: not unhappy.
            answer(
                "u-5",
                site.id,
                1,
                None,
                json!({"csat": 3, "nps": 7, "contact": "x@example.com"})
            ),
            // Unhappy, but from last month's export: too old to call back.
            answer(
                "u-6",
                site.id,
                24 * 10,
                None,
                json!({"nps": 0, "contact": "old@example.com"})
            ),
        ]);
        let r = post(&app, &secret, batch.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let rows = followup_rows(&app).await;
        assert_eq!(rows.len(), 2);
        let expect = [
            response_id(&app, "u-1").await,
            response_id(&app, "u-2").await,
        ];
        assert_eq!(
            rows.iter().map(|f| f.response_id).collect::<Vec<_>>(),
            expect
        );
        for f in &rows {
            assert_eq!(f.status, FollowUpStatus::Open);
            assert_eq!(f.site_id, site.id);
            assert_eq!(f.due_at - f.opened_at, Duration::hours(48));
        }
        // The same batch again opens nothing more.
        let r = post(&app, &secret, batch).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(followup_rows(&app).await.len(), 2);

        // A CSV import opens them too, once.
        let day = (Utc::now() - Duration::days(1)).format("%Y-%m-%d");
        let csv = format!(
            "id,date,site,nps,contact\nc-1,{day},{},2,call@example.com\nc-2,{day},{},10,\n",
            site.name, site.name
        );
        let mapping = app::feedback::import::Mapping {
            origin: "Survey tool".into(),
            date: "date".into(),
            site: "site".into(),
            nps: Some("nps".into()),
            contact: Some("contact".into()),
            external_id: Some("id".into()),
            ..Default::default()
        };
        for _ in 0..2 {
            let report = app::feedback::service::import(
                &app.db,
                csv.as_bytes(),
                &mapping,
                app::feedback::types::ImportMode::AllOrNothing,
                tz(),
                &mut |_| {},
            )
            .await
            .unwrap();
            assert!(report.applied, "{:?}", report.problems);
        }
        let rows = followup_rows(&app).await;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].response_id, response_id(&app, "c-1").await);
    }
);

both_backends!(
    the_site_manager_works_a_follow_up_through_to_resolved,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let secret = token(&app).await;
        let r = post(
            &app,
            &secret,
            json!(answer(
                "w-1",
                site.id,
                3,
                Some(STAFF),
                json!({"nps": 1, "comment": "Nobody called back.", "contact": "guest@example.com"})
            )),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let pid = followup_rows(&app).await[0].pid.clone();
        let manager = acting(&app, MANAGER).await;
        let now = Utc::now();

        // The manager sees it, with the customer's words and contact.
        let list = followups::list(&app.db, &manager, FollowUpFilter::Unresolved, now, tz())
            .await
            .unwrap();
        assert_eq!(list.rows.len(), 1);
        assert_eq!((list.counts.unresolved, list.counts.overdue), (1, 0));
        assert!(list.sites.is_empty(), "per-site counts are for HR");
        let d = followups::detail(&app.db, &manager, &pid, now, tz())
            .await
            .unwrap();
        assert_eq!(d.comment.as_deref(), Some("Nobody called back."));
        assert_eq!(d.contact.as_deref(), Some("guest@example.com"));
        assert!(d.served_by.is_some() && !d.modules.is_empty());

        // Another site's manager, and staff, may not.
        let other = other_manager(&app).await;
        assert!(
            followups::list(&app.db, &other, FollowUpFilter::Unresolved, now, tz())
                .await
                .unwrap()
                .rows
                .is_empty()
        );
        for who in [&other, &acting(&app, STAFF).await] {
            let err = followups::detail(&app.db, who, &pid, now, tz())
                .await
                .unwrap_err();
            assert_eq!(err.status(), 403);
            let err = followups::act(&app.db, who, &pid, Step::Note("x".into()), now)
                .await
                .unwrap_err();
            assert_eq!(err.status(), 403);
        }
        // Over HTTP too: staff get 403, the manager's bad step 422, and nothing changes.
        let staff = app.login(STAFF).await;
        let res = app
            .call(
                "followup_step",
                &[("followup", &pid), ("step", "contacted"), ("note", "")],
                Some(&staff),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        let cookie = app.login(MANAGER).await;
        let res = app
            .call(
                "followup_step",
                &[("followup", &pid), ("step", "resolve"), ("note", "Sorted.")],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("root cause"), "{}", res.body);
        let res = app
            .call(
                "followup_step",
                &[
                    ("followup", &pid),
                    ("step", "resolve"),
                    ("root_cause", "bogus"),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(followup_rows(&app).await[0].status, FollowUpStatus::Open);
        assert_eq!(
            feedback_followup_event::Entity::find()
                .count(&app.db)
                .await
                .unwrap(),
            0
        );

        // Contacted, then resolved with a root cause; the timeline keeps both.
        let res = app
            .call(
                "followup_step",
                &[
                    ("followup", &pid),
                    ("step", "contacted"),
                    ("note", "Called, apologised, refunded parking."),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let again = followups::act(&app.db, &manager, &pid, Step::Contacted(String::new()), now)
            .await
            .unwrap_err();
        assert_eq!(again.status(), 409);
        let res = app
            .call(
                "followup_step",
                &[
                    ("followup", &pid),
                    ("step", "resolve"),
                    ("root_cause", RootCause::SlowFix.key()),
                    ("note", "Call-backs now logged at the desk."),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let f = &followup_rows(&app).await[0];
        assert_eq!(f.status, FollowUpStatus::Resolved);
        assert_eq!(f.root_cause, Some(RootCause::SlowFix));
        assert_eq!(f.resolved_by, Some(manager.id));
        assert!(f.contacted_at.is_some() && f.resolved_at.is_some());
        let d = followups::detail(&app.db, &manager, &pid, Utc::now(), tz())
            .await
            .unwrap();
        assert_eq!(
            d.events.iter().map(|e| e.kind).collect::<Vec<_>>(),
            [EventKind::Contacted, EventKind::Resolved]
        );
        assert!(d.events[1].body.contains("Call-backs now logged"));
        // Resolved stays resolved; a note may still be added.
        let err = followups::act(
            &app.db,
            &manager,
            &pid,
            Step::Resolve(RootCause::Other, String::new()),
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(err.status(), 409);
        followups::act(
            &app.db,
            &manager,
            &pid,
            Step::Note("Guest booked again.".into()),
            now,
        )
        .await
        .unwrap();
        let list = followups::list(&app.db, &manager, FollowUpFilter::Resolved, now, tz())
            .await
            .unwrap();
        assert_eq!((list.rows.len(), list.counts.unresolved), (1, 0));
    }
);

both_backends!(
    overdue_follow_ups_are_counted_for_the_manager_and_hr,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let secret = token(&app).await;
        let r = post(
            &app,
            &secret,
            json!([
                answer(
                    "o-1",
                    site.id,
                    3,
                    None,
                    json!({"csat": 1, "contact": "a@example.com"})
                ),
                answer(
                    "o-2",
                    site.id,
                    3,
                    None,
                    json!({"csat": 2, "contact": "b@example.com"})
                ),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // One of them was due yesterday.
        let first = followup_rows(&app).await.remove(0);
        let mut late: feedback_followup::ActiveModel = first.clone().into();
        late.due_at = Set(Utc::now() - Duration::days(1));
        late.update(&app.db).await.unwrap();

        let now = Utc::now();
        for email in [MANAGER, HR] {
            let me = acting(&app, email).await;
            let c = followups::counts(&app.db, &me, now).await.unwrap();
            assert_eq!((c.unresolved, c.overdue), (2, 1), "{email}");
            let list = followups::list(&app.db, &me, FollowUpFilter::Overdue, now, tz())
                .await
                .unwrap();
            assert_eq!(list.rows.len(), 1);
            assert!(list.rows[0].overdue && list.rows[0].due.starts_with("Overdue by"));
        }
        let hr = acting(&app, HR).await;
        let list = followups::list(&app.db, &hr, FollowUpFilter::Unresolved, now, tz())
            .await
            .unwrap();
        assert_eq!(list.sites.len(), 1);
        assert_eq!(
            (
                list.sites[0].site.as_str(),
                list.sites[0].unresolved,
                list.sites[0].overdue
            ),
            (site.name.as_str(), 2, 1)
        );
        let other = other_manager(&app).await;
        let c = followups::counts(&app.db, &other, now).await.unwrap();
        assert_eq!((c.unresolved, c.overdue), (0, 0));

        // The manager's home and the follow-up page show it.
        let cookie = app.login(MANAGER).await;
        let home = app.get("/", Some(&cookie)).await;
        assert!(home.body.contains("1 overdue"), "{}", home.body);
        let page = app
            .get("/customers/follow-ups?filter=overdue", Some(&cookie))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&first.pid));
        let staff = app.login(STAFF).await;
        assert_eq!(
            app.get("/customers/follow-ups", Some(&staff)).await.status,
            StatusCode::FORBIDDEN
        );
    }
);

both_backends!(
    training_is_assigned_from_a_follow_up_in_one_step,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let secret = token(&app).await;
        let r = post(
            &app,
            &secret,
            json!([
                answer(
                    "a-1",
                    site.id,
                    2,
                    Some(STAFF),
                    json!({"nps": 2, "contact": "a@example.com"})
                ),
                answer(
                    "a-2",
                    site.id,
                    2,
                    None,
                    json!({"nps": 2, "contact": "b@example.com"})
                ),
                answer(
                    "a-3",
                    site.id,
                    2,
                    Some(OTHER_STAFF),
                    json!({"nps": 2, "contact": "c@example.com"})
                ),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let rows = followup_rows(&app).await;
        let module = module::Entity::find()
            .order_by_asc(module::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let manager = acting(&app, MANAGER).await;
        let staff = acting(&app, STAFF).await;
        let now = Utc::now();
        let today = now.date_naive();
        let due = (today + Duration::days(14)).format("%Y-%m-%d").to_string();
        let before = assignment::Entity::find().count(&app.db).await.unwrap();

        let msg = followups::assign(
            &app.db,
            &manager,
            &rows[0].pid,
            &module.pid,
            &due,
            now,
            today,
        )
        .await
        .unwrap();
        assert!(msg.contains(&module.title), "{msg}");
        let a = assignment::Entity::find()
            .filter(assignment::Column::TargetId.eq(staff.id))
            .filter(assignment::Column::ModuleId.eq(module.id))
            .one(&app.db)
            .await
            .unwrap()
            .expect("assigned to the person who served");
        assert_eq!(a.due_on.to_string(), due);
        let d = followups::detail(&app.db, &manager, &rows[0].pid, now, tz())
            .await
            .unwrap();
        assert_eq!(d.events.len(), 1);
        assert_eq!(d.events[0].kind, EventKind::Assigned);

        // Nobody named: nothing to assign. A bad date: refused. Nothing written either time.
        let events = || async {
            feedback_followup_event::Entity::find()
                .count(&app.db)
                .await
                .unwrap()
        };
        let err = followups::assign(
            &app.db,
            &manager,
            &rows[1].pid,
            &module.pid,
            &due,
            now,
            today,
        )
        .await
        .unwrap_err();
        assert_eq!(err.status(), 422);
        let err = followups::assign(
            &app.db,
            &manager,
            &rows[0].pid,
            &module.pid,
            "31/02/2027",
            now,
            today,
        )
        .await
        .unwrap_err();
        assert_eq!(err.status(), 422);
        assert_eq!(events().await, 1);
        assert_eq!(
            assignment::Entity::find().count(&app.db).await.unwrap(),
            before + 1
        );

        // HR may assign to anyone named; the detail offers modules then.
        let hr = acting(&app, HR).await;
        let d = followups::detail(&app.db, &hr, &rows[2].pid, now, tz())
            .await
            .unwrap();
        assert!(!d.modules.is_empty());
        followups::assign(&app.db, &hr, &rows[2].pid, &module.pid, &due, now, today)
            .await
            .unwrap();
        assert_eq!(events().await, 2);
    }
);

both_backends!(
    a_compliment_is_recognised_once_with_the_customers_words,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let secret = token(&app).await;
        let r = post(
            &app,
            &secret,
            json!([
                answer(
                    "p-1",
                    site.id,
                    2,
                    Some(STAFF),
                    json!({"csat": 5, "comment": "Carla found our lost passport at midnight."})
                ),
                answer(
                    "p-2",
                    site.id,
                    2,
                    Some(STAFF),
                    json!({"csat": 2, "comment": "Rude."})
                ),
                answer(
                    "p-3",
                    site.id,
                    2,
                    None,
                    json!({"nps": 10, "comment": "Lovely stay."})
                ),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let manager = acting(&app, MANAGER).await;
        let staff = acting(&app, STAFF).await;
        let today = Utc::now().date_naive();

        // The site's page offers "Recognise" on the compliment only, with the words quoted and a
        // value preselected.
        let report =
            app::feedback::report::report(&app.db, &manager, &format!("site:{}", site.id), today)
                .await
                .unwrap();
        let offers: Vec<_> = report
            .comments
            .iter()
            .filter_map(|c| c.recognise.clone())
            .collect();
        assert_eq!(offers.len(), 1);
        let offer = &offers[0];
        assert_eq!(offer.person_pid, staff.pid);
        assert!(
            offer
                .message
                .contains("“Carla found our lost passport at midnight.”")
        );
        assert!(!report.recognise_values.preselected.is_empty());
        assert!(
            report
                .recognise_values
                .values
                .iter()
                .any(|v| v.id == report.recognise_values.preselected)
        );
        // Staff reading their own comments get no offer.
        let mine = app::feedback::report::report(&app.db, &staff, "", today)
            .await
            .unwrap();
        assert!(mine.comments.iter().all(|c| c.recognise.is_none()));

        let input = |response: &str| ThanksInput {
            recipients: vec![offer.person_pid.clone()],
            value: report.recognise_values.preselected.clone(),
            message: offer.message.clone(),
            points: String::new(),
            visibility: "public".into(),
            request_key: uuid::Uuid::new_v4().to_string(),
            department: String::new(),
            feedback: response.to_owned(),
        };
        // Not a compliment: refused, nothing written.
        let unhappy = response_id(&app, "p-2").await.to_string();
        let err = thanks::give(&app.db, &manager, input(&unhappy))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 422);
        let err = thanks::give(&app.db, &manager, input("not-a-number"))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 422);
        assert_eq!(recognition::Entity::find().count(&app.db).await.unwrap(), 0);

        // Another site's manager may not read it, so may not recognise from it.
        let compliment = offer.response.clone();
        let err = thanks::give(&app.db, &other_manager(&app).await, input(&compliment))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 403);
        assert_eq!(recognition::Entity::find().count(&app.db).await.unwrap(), 0);

        // Over HTTP, as the form posts it.
        let cookie = app.login(MANAGER).await;
        let key = uuid::Uuid::new_v4().to_string();
        let form = [
            ("input[recipients][0]", offer.person_pid.as_str()),
            ("input[value]", report.recognise_values.preselected.as_str()),
            ("input[message]", offer.message.as_str()),
            ("input[visibility]", "public"),
            ("input[request_key]", key.as_str()),
            ("input[feedback]", compliment.as_str()),
        ];
        let res = app.call("give_recognition", &form, Some(&cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let given = recognition::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(given.len(), 1);
        assert!(given[0].message.contains("lost passport"));
        let link = feedback_recognition::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(link.recognition_id, given[0].id);

        // A second time (another form): refused, and no longer offered.
        let err = thanks::give(&app.db, &acting(&app, HR).await, input(&compliment))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 409);
        assert_eq!(recognition::Entity::find().count(&app.db).await.unwrap(), 1);
        let report =
            app::feedback::report::report(&app.db, &manager, &format!("site:{}", site.id), today)
                .await
                .unwrap();
        assert!(report.comments.iter().all(|c| c.recognise.is_none()));
    }
);

/// The daily sums as stored, and as summed again from every response: (table, rows).
async fn daily_both_ways(app: &TestApp) -> Vec<(String, Vec<String>, Vec<String>)> {
    use sea_orm::{ConnectionTrait, Statement};
    let sums = "CAST(SUM(responses) AS BIGINT), CAST(SUM(csat_n) AS BIGINT), CAST(SUM(csat_satisfied) AS BIGINT), \
        CAST(SUM(nps_n) AS BIGINT), CAST(SUM(promoters) AS BIGINT), CAST(SUM(detractors) AS BIGINT), \
        CAST(SUM(ces_n) AS BIGINT), CAST(SUM(ces_sum) AS BIGINT)";
    let raw = "CAST(COUNT(*) AS BIGINT), CAST(COUNT(csat) AS BIGINT), \
        CAST(SUM(CASE WHEN csat >= 4 THEN 1 ELSE 0 END) AS BIGINT), CAST(COUNT(nps) AS BIGINT), \
        CAST(SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) AS BIGINT), \
        CAST(SUM(CASE WHEN nps <= 6 THEN 1 ELSE 0 END) AS BIGINT), CAST(COUNT(ces) AS BIGINT), \
        CAST(COALESCE(SUM(ces), 0) AS BIGINT)";
    let backend = app.db.get_database_backend();
    let rows = |sql: String| async move {
        let mut out: Vec<String> = app
            .db
            .query_all(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .into_iter()
            .map(|r| {
                (0..13)
                    .filter_map(|i| {
                        r.try_get_by_index::<i64>(i)
                            .map(|v| v.to_string())
                            .or_else(|_| r.try_get_by_index::<i32>(i).map(|v| v.to_string()))
                            .or_else(|_| r.try_get_by_index::<String>(i))
                            .or_else(|_| {
                                r.try_get_by_index::<chrono::NaiveDate>(i)
                                    .map(|d| d.to_string())
                            })
                            .ok()
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        out.sort();
        out
    };
    vec![
        (
            "feedback_daily".into(),
            rows(format!(
                "SELECT site_id, department_key, day, {sums} FROM feedback_daily \
                 GROUP BY site_id, department_key, day"
            ))
            .await,
            rows(format!(
                "SELECT site_id, COALESCE(department_id, 0), day, {raw} FROM feedback_responses \
                 GROUP BY site_id, COALESCE(department_id, 0), day"
            ))
            .await,
        ),
        (
            "feedback_daily_detail".into(),
            rows(format!(
                "SELECT site_id, department_key, day, channel, person_key, {sums} \
                 FROM feedback_daily_detail GROUP BY site_id, department_key, day, channel, person_key"
            ))
            .await,
            rows(format!(
                "SELECT site_id, COALESCE(department_id, 0), day, channel, COALESCE(person_id, 0), {raw} \
                 FROM feedback_responses \
                 GROUP BY site_id, COALESCE(department_id, 0), day, channel, COALESCE(person_id, 0)"
            ))
            .await,
        ),
    ]
}

both_backends!(
    the_daily_sums_match_the_responses_after_every_way_in,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let secret = token(&app).await;
        let check = |when: &'static str| {
            let app = &app;
            async move {
                for (table, stored, summed) in daily_both_ways(app).await {
                    assert_eq!(stored, summed, "{table} after {when}");
                }
            }
        };
        // Through the API, over several days, a department and people; then the same batch again.
        let batch = json!([
            answer(
                "d-1",
                site.id,
                1,
                Some(STAFF),
                json!({"csat": 5, "nps": 10, "channel": "phone"})
            ),
            answer("d-2", site.id, 30, None, json!({"csat": 2, "ces": 3})),
            answer(
                "d-3",
                site.id,
                80,
                Some(STAFF),
                json!({"nps": 6, "channel": "chat"})
            ),
        ]);
        assert_eq!(
            post(&app, &secret, batch.clone()).await.status,
            StatusCode::OK
        );
        check("an API batch").await;
        assert!(
            !daily_both_ways(&app).await[0].1.is_empty(),
            "the sums are not empty"
        );
        assert_eq!(post(&app, &secret, batch).await.status, StatusCode::OK);
        check("the same batch again").await;
        // An import with rows on days the API already wrote, twice; and a dry run.
        let day = (Utc::now() - Duration::hours(30)).format("%Y-%m-%d");
        let csv = format!(
            "id,date,site,csat,nps\ni-1,{day},{n},4,9\ni-2,{day},{n},1,0\ni-3,2026-01-15,{n},3,\n",
            n = site.name
        );
        let mapping = app::feedback::import::Mapping {
            origin: "Survey tool".into(),
            date: "date".into(),
            site: "site".into(),
            csat: Some("csat".into()),
            nps: Some("nps".into()),
            external_id: Some("id".into()),
            ..Default::default()
        };
        for mode in [
            app::feedback::types::ImportMode::DryRun,
            app::feedback::types::ImportMode::AllOrNothing,
            app::feedback::types::ImportMode::AllOrNothing,
        ] {
            app::feedback::service::import(
                &app.db,
                csv.as_bytes(),
                &mapping,
                mode,
                tz(),
                &mut |_| {},
            )
            .await
            .unwrap();
            check("an import").await;
        }
        // The guest page's figures come from the sums: the company's responses are all of them.
        let hr = acting(&app, HR).await;
        let report = app::feedback::report::report(&app.db, &hr, "", Utc::now().date_naive())
            .await
            .unwrap();
        let all = feedback_response::Entity::find()
            .count(&app.db)
            .await
            .unwrap();
        let in_window = all - 1; // i-3 is older than the 90 days
        assert_eq!(u64::from(report.headline.responses), in_window);
        assert_eq!(
            report
                .channels
                .iter()
                .map(|c| u64::from(c.figures.responses))
                .sum::<u64>(),
            in_window
        );
    }
);
