//! Training on real SQLite and PostgreSQL: group assignments reaching new joiners, resume, retry,
//! scoring, versions, all-or-nothing imports, and who may see which attempts.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{attempt, attempt_choice, scenario, scenario_version, user};
use app::people::service::{self as people, PersonInput};
use app::training::files::library::FILES;
use app::training::service::{assignments, attempts, imports, modules, progress, scenarios};
use app::training::types::AssignInput;
use common::*;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn user_id(app: &TestApp, email: &str) -> i32 {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .expect("q")
        .expect("user")
        .id
}

/// Plays `picks` (indices into the open choices) and returns the attempt's id.
async fn play(app: &TestApp, uid: i32, slug: &str, picks: &[usize]) -> String {
    let pid = attempts::start(&app.db, uid, slug.into())
        .await
        .expect("start");
    for &p in picks {
        let v = attempts::current(&app.db, uid, &pid).await.expect("view");
        if v.finished {
            break;
        }
        // Picks name choices in file order (the page shows them shuffled per attempt); a pick
        // past the end takes the last open one.
        let mut open: Vec<usize> = v.choices.iter().map(|(i, _)| *i).collect();
        open.sort();
        let choice = open[p.min(open.len() - 1)];
        attempts::choose(&app.db, uid, pid.clone(), v.seq, choice)
            .await
            .expect("choose");
    }
    pid
}

/// The demo module nobody is assigned, as the assign form offers it.
async fn unassigned_module(app: &TestApp) -> app::training::types::Named {
    assignments::assign_choices(&app.db, &acting(app, ADMIN).await)
        .await
        .expect("choices")
        .modules
        .into_iter()
        .find(|m| m.name == "Saying no and keeping promises")
        .expect("module")
}

async fn group_assignment_reaches_new_joiner(app: TestApp) {
    // The demo assigns "One touch and internal customers" to the North Coast region.
    let input = PersonInput {
        name: "Late Joiner".into(),
        email: "late.joiner@harbourgroup.example".into(),
        role: "staff".into(),
        site: String::new(),
        department: String::new(),
        manager: String::new(),
    };
    let mut input = input;
    let sites = people::choices(&app.db).await.expect("choices").sites;
    let harbour = sites
        .iter()
        .find(|s| s.name == "Harbour View Hotel")
        .expect("site");
    let lakeside = sites
        .iter()
        .find(|s| s.name == "Lakeside Lodge")
        .expect("site");
    input.site = harbour.id.to_string();
    let joiner = people::create(&app.state, input, String::new())
        .await
        .expect("create");
    let mine = progress::my_training(&app.db, joiner.id)
        .await
        .expect("training");
    let titles: Vec<&str> = mine.modules.iter().map(|m| m.title.as_str()).collect();
    assert!(
        titles.contains(&"Service recovery essentials"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"One touch and internal customers"),
        "{titles:?}"
    );
    assert!(
        mine.modules
            .iter()
            .all(|m| m.status == app::training::types::Status::NotStarted)
    );

    // Someone joining a site in the other region gets only the everyone-module.
    let other = people::create(
        &app.state,
        PersonInput {
            name: "Lake Joiner".into(),
            email: "lake.joiner@harbourgroup.example".into(),
            role: "staff".into(),
            site: lakeside.id.to_string(),
            ..Default::default()
        },
        String::new(),
    )
    .await
    .expect("create");
    let theirs = progress::my_training(&app.db, other.id)
        .await
        .expect("training");
    assert_eq!(theirs.modules.len(), 1);

    // A person assignment reaches exactly that person; a past due date is refused.
    let hr = acting(&app, ADMIN).await;
    let module = unassigned_module(&app).await;
    let today = chrono::Utc::now().date_naive().into();
    let target = format!("person:{}", other.pid);
    let err = AssignInput::parse(&module.id, &target, "2020-01-01", "", today).expect_err("past");
    assert!(err.concat().contains("in the past"), "{err:?}");
    let input = AssignInput::parse(&module.id, &target, "2099-01-01", "", today).expect("parse");
    let msg = assignments::assign(&app.db, &hr, input)
        .await
        .expect("assign");
    assert!(msg.contains("1 person"), "{msg}");
    let theirs = progress::my_training(&app.db, other.id)
        .await
        .expect("training");
    assert_eq!(theirs.modules.len(), 2);
    app.cleanup().await;
}
both_backends!(
    group_assignment_reaches_new_joiner,
    group_assignment_reaches_new_joiner
);

async fn resume_retry_and_scores(app: TestApp) {
    let uid = user_id(&app, STAFF).await;
    // Two moves, then "close the browser": starting again resumes the same attempt where it stopped.
    let pid = play(&app, uid, "double-charge", &[0, 0]).await;
    let again = attempts::start(&app.db, uid, "double-charge".into())
        .await
        .expect("resume");
    assert_eq!(again, pid);
    let v = attempts::current(&app.db, uid, &pid).await.expect("view");
    assert_eq!(v.seq, 2);
    // The shuffled order of the choices is the attempt's own: a reload shows the same order.
    let reload = attempts::current(&app.db, uid, &pid).await.expect("view");
    assert_eq!(reload.choices, v.choices);
    assert!(
        v.last.is_some(),
        "the feedback for the last choice is shown"
    );

    // A repeated post (same seq) changes nothing.
    let stale = attempts::choose(&app.db, uid, pid.clone(), 1, 0)
        .await
        .expect_err("stale");
    assert_eq!(stale.status(), 409);
    assert_eq!(
        attempt_choice::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        2
    );
    // A choice that is not open is refused.
    let closed = attempts::choose(&app.db, uid, pid.clone(), 2, 9)
        .await
        .expect_err("closed");
    assert_eq!(closed.status(), 422);

    // Finish along the best path: a moment of magic with a top score.
    let pid = play(&app, uid, "double-charge", &[0, 0, 0, 0, 0, 0, 0, 0]).await;
    let me = acting(&app, STAFF).await;
    let best = attempts::debrief(&app.db, &me, &pid)
        .await
        .expect("debrief");
    assert_eq!(best.ending, app::training::rules::model::Ending::Magic);
    // The best choice at every decision earns full marks, for every skill each decision tested,
    // and the ending is magic: 0.7 * 100 + 0.3 * 100 = 100.
    use app::training::rules::model::Skill;
    assert_eq!(
        best.skills,
        vec![
            (Skill::Listening, 100),
            (Skill::Ownership, 100),
            (Skill::Speed, 100),
            (Skill::Favour, 100),
            (Skill::FollowUp, 100)
        ]
    );
    assert_eq!(best.score, 100);
    assert_eq!(best.path.len(), 5);

    // Retry along a poor path: best stays, latest changes.
    let pid2 = play(&app, uid, "double-charge", &[2, 1, 9, 9, 9, 9, 9]).await;
    assert_ne!(pid2, pid);
    let worse = attempts::debrief(&app.db, &me, &pid2)
        .await
        .expect("debrief");
    assert_eq!(worse.ending, app::training::rules::model::Ending::Misery);
    assert!(worse.score < 30, "{}", worse.score);
    assert_eq!(
        (worse.best, worse.latest, worse.attempts),
        (100, worse.score, 2)
    );

    // Progress: the module counts the best score; the skill profile weighs both attempts, and the
    // careless replay in the same week does not wipe out the perfect run.
    let mine = progress::my_training(&app.db, uid).await.expect("training");
    let m = mine
        .modules
        .iter()
        .find(|m| m.title == "Service recovery essentials")
        .expect("module");
    assert_eq!((m.done, m.total), (1, 4));
    assert_eq!(m.status, app::training::types::Status::InProgress);
    let ownership = mine
        .skills
        .iter()
        .find(|s| s.skill == app::training::rules::model::Skill::Ownership)
        .expect("skill");
    assert_eq!(
        (ownership.score, ownership.attempts, ownership.trend),
        (100, 2, None)
    );

    // Every choice is recorded with who, which version, which step, which choice and when.
    let rows = attempt_choice::Entity::find()
        .all(&app.db)
        .await
        .expect("rows");
    assert!(
        rows.iter()
            .all(|r| r.user_id == uid && r.scenario_version_id > 0 && !r.step.is_empty())
    );
    app.cleanup().await;
}
both_backends!(resume_retry_and_scores, resume_retry_and_scores);

async fn imports_are_all_or_nothing_and_versioned(app: TestApp) {
    let (_, good) = FILES[0];
    let versions_before = scenario_version::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    // Same file again: nothing changes.
    let r = imports::import(&app.db, None, vec![("a.toml".into(), good.to_owned())])
        .await
        .expect("import");
    assert_eq!((r.created, r.updated, r.unchanged), (0, 0, 1));

    // A good new file and a broken one: neither is imported, and the message names file, line and field.
    let new = good.replace("id = \"double-charge\"", "id = \"double-charge-copy\"");
    let broken = good.replace("next = \"facts\"", "next = \"nowhere\"");
    let err = imports::import(
        &app.db,
        None,
        vec![
            ("new.toml".into(), new.clone()),
            ("broken.toml".into(), broken),
        ],
    )
    .await
    .expect_err("broken");
    let text = err.to_string();
    assert!(text.contains("Nothing was imported"), "{text}");
    assert!(text.contains("broken.toml, line "), "{text}");
    assert!(
        text.contains("`next`") && text.contains("nowhere"),
        "{text}"
    );
    assert_eq!(
        scenario_version::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        versions_before
    );
    assert!(
        scenario::Entity::find()
            .filter(scenario::Column::Slug.eq("double-charge-copy"))
            .one(&app.db)
            .await
            .expect("q")
            .is_none()
    );

    // An attempt on version 1, then a changed file: version 2 for new attempts, the old one keeps version 1.
    let uid = user_id(&app, STAFF).await;
    let old = play(&app, uid, "double-charge", &[0, 0, 0, 0, 0, 0, 0, 0]).await;
    let changed = good.replace(
        "Charged twice at check-out",
        "Charged twice at check-out (revised)",
    );
    let r = imports::import(&app.db, None, vec![("a.toml".into(), changed)])
        .await
        .expect("import");
    assert_eq!(r.updated, 1);
    let fresh = attempts::start(&app.db, uid, "double-charge".into())
        .await
        .expect("start");
    let a_old = attempt::Entity::find()
        .filter(attempt::Column::Pid.eq(&old))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a");
    let a_new = attempt::Entity::find()
        .filter(attempt::Column::Pid.eq(&fresh))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a");
    assert_ne!(a_old.scenario_version_id, a_new.scenario_version_id);
    let v = attempts::current(&app.db, uid, &fresh).await.expect("view");
    assert!(v.title.ends_with("(revised)"));
    app.cleanup().await;
}
both_backends!(
    imports_are_all_or_nothing_and_versioned,
    imports_are_all_or_nothing_and_versioned
);

async fn attempts_are_private(app: TestApp) {
    let staff = user_id(&app, STAFF).await;
    let pid = play(&app, staff, "ten-rings", &[0, 0, 0, 0, 0, 0, 0]).await;
    let other = app.login(OTHER_STAFF).await;
    let res = app
        .call("get_debrief", &[("attempt", &pid)], Some(&other))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app
        .call("get_play", &[("attempt", &pid)], Some(&other))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .call(
            "make_choice",
            &[("attempt", &pid), ("seq", "0"), ("choice", "0")],
            Some(&other),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The owner and their manager may read it; staff may not use HR's tools.
    let own = app.login(STAFF).await;
    let res = app
        .call("get_debrief", &[("attempt", &pid)], Some(&own))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let manager = app.login(MANAGER).await;
    let res = app
        .call("get_debrief", &[("attempt", &pid)], Some(&manager))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    for endpoint in [
        "training_catalog",
        "group_training",
        "team_training",
        "assign_choices",
    ] {
        let res = app.call(endpoint, &[], Some(&own)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{endpoint}");
    }
    // A manager assigns only to their own reports.
    let choices = app.call("assign_choices", &[], Some(&manager)).await.json();
    let module = choices["modules"][0]["id"]
        .as_str()
        .expect("module")
        .to_owned();
    let outsider = format!("person:{}", app.pid_of(OTHER_STAFF).await);
    let res = app
        .call(
            "assign_module",
            &[
                ("module", &module),
                ("target", &outsider),
                ("due_on", "2099-01-01"),
            ],
            Some(&manager),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .call(
            "assign_module",
            &[
                ("module", &module),
                ("target", "everyone"),
                ("due_on", "2099-01-01"),
            ],
            Some(&manager),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let report = format!("person:{}", app.pid_of(STAFF).await);
    let res = app
        .call(
            "assign_module",
            &[
                ("module", &module),
                ("target", &report),
                ("due_on", "2099-01-01"),
            ],
            Some(&manager),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let team = app.call("team_training", &[], Some(&manager)).await.json();
    assert!(team["rows"].as_array().is_some_and(|r| !r.is_empty()));
    // Exports are for HR and admins.
    let res = app
        .get("/training/scenarios/ten-rings.toml", Some(&own))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let hr = app.login(HR).await;
    let res = app
        .get("/training/scenarios/ten-rings.toml", Some(&hr))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.body,
        FILES
            .iter()
            .find(|(n, _)| *n == "ten-rings.toml")
            .expect("file")
            .1
    );
    app.cleanup().await;
}
both_backends!(attempts_are_private, attempts_are_private);

async fn modules_are_validated(app: TestApp) {
    let r = app.login(HR).await;
    let res = app
        .call(
            "create_module",
            &[
                ("title", ""),
                ("description", ""),
                ("pass_mark", "140"),
                ("rule", "passed"),
            ],
            Some(&r),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(
        res.body.contains("pass mark") && res.body.contains("at least one scenario"),
        "{}",
        res.body
    );
    let res = app
        .call(
            "create_module",
            &[
                ("title", "Phones"),
                ("description", "d"),
                ("pass_mark", "60"),
                ("rule", "completed"),
                ("scenarios[3]", "ten-rings"),
                ("scenarios[7]", "third-chat"),
            ],
            Some(&r),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let catalog = app.call("training_catalog", &[], Some(&r)).await.json();
    let m = catalog[1]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["title"] == "Phones")
        .expect("module")
        .clone();
    assert_eq!(m["scenarios"][0]["slug"], "ten-rings");
    assert_eq!(m["scenarios"][1]["slug"], "third-chat");
    let res = app
        .call(
            "create_module",
            &[
                ("title", "Phones"),
                ("description", ""),
                ("pass_mark", "60"),
                ("rule", "completed"),
                ("scenarios[0]", "ten-rings"),
            ],
            Some(&r),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    app.cleanup().await;
}
both_backends!(modules_are_validated, modules_are_validated);

async fn overdue_shows_for_manager_and_hr(app: TestApp) {
    use app::entities::assignment;
    use sea_orm::{ActiveModelTrait, Set};
    // Move the everyone-assignment's due date to yesterday.
    let a = assignment::Entity::find()
        .filter(assignment::Column::TargetKind.eq(app::training::types::TargetKind::Everyone))
        .one(&app.db)
        .await
        .expect("q")
        .expect("assignment");
    let mut a: assignment::ActiveModel = a.into();
    a.due_on = Set(chrono::Utc::now().date_naive() - chrono::Duration::days(1));
    a.update(&app.db).await.expect("update");

    let manager = user_id(&app, MANAGER).await;
    let team = progress::team(&app.db, manager).await.expect("team");
    let col = team
        .modules
        .iter()
        .position(|(_, t)| t == "Service recovery essentials")
        .expect("column");
    let carla = team
        .rows
        .iter()
        .find(|r| r.name == "Carla Ivanova")
        .expect("row");
    let cell = carla.cells[col].as_ref().expect("assigned");
    assert!(cell.overdue);
    assert_eq!(cell.status, app::training::types::Status::NotStarted);

    let groups = progress::by_group(&app.db).await.expect("groups");
    let rows: Vec<_> = groups
        .iter()
        .filter(|g| g.module == "Service recovery essentials")
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|g| g.overdue == g.assigned),
        "nobody has finished, so all are overdue"
    );
    let staff = user_id(&app, STAFF).await;
    let mine = progress::my_training(&app.db, staff).await.expect("mine");
    assert!(mine.modules.iter().any(|m| m.overdue));
    app.cleanup().await;
}
both_backends!(
    overdue_shows_for_manager_and_hr,
    overdue_shows_for_manager_and_hr
);

async fn analytics_counts_and_suppression(app: TestApp) {
    use app::training::service::analytics;
    use app::training::types::AnalyticsQuery;
    // Five staff at the demo manager's site play "ten-rings": three take the first choice at the
    // first step, two the third; one of the five also leaves a second attempt open after one move.
    let site_staff: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::ManagerId.eq(user_id(&app, MANAGER).await))
        .all(&app.db)
        .await
        .expect("team");
    assert!(site_staff.len() >= 5);
    for (i, u) in site_staff.iter().take(5).enumerate() {
        let first = if i < 3 { 0 } else { 2 };
        play(&app, u.id, "ten-rings", &[first, 0, 0, 0, 0, 0, 0, 0]).await;
    }
    play(&app, site_staff[0].id, "ten-rings", &[1]).await;
    let site = site_staff[0].site_id.expect("site").to_string();
    let q = AnalyticsQuery {
        scenario: "ten-rings".into(),
        site: site.clone(),
        ..Default::default()
    };
    let r = analytics::scenario_report(&app.db, &q.parse().expect("query"))
        .await
        .expect("report");
    assert_eq!(r.analysis.people, 5);
    // A link naming a site that does not exist is a plain 404, for the report and the heatmap.
    let gone = AnalyticsQuery {
        site: "999999".into(),
        ..q.clone()
    }
    .parse()
    .expect("query");
    let e = analytics::scenario_report(&app.db, &gone)
        .await
        .expect_err("unknown site");
    assert_eq!(e.status(), 404);
    assert!(e.to_string().contains("That site"), "{e}");
    let e = analytics::skill_heatmap(&app.db, &gone.scope)
        .await
        .expect_err("unknown site");
    assert_eq!(e.status(), 404);
    let f = r
        .analysis
        .figures
        .expect("five people reach the default threshold");
    assert_eq!((f.attempts, f.finished), (6, 5));
    assert_eq!(f.completion, 83);
    let start = &f.steps[0];
    assert_eq!(start.id, "pick-up");
    assert_eq!(start.reached, 6);
    let counts: Vec<usize> = start.choices.iter().map(|c| c.count).collect();
    assert_eq!(counts, vec![3, 1, 2]);
    let hold = f.steps.iter().find(|s| s.id == "hold-again").expect("step");
    assert_eq!(hold.reached, 2);
    let need = f.steps.iter().find(|s| s.id == "need").expect("step");
    assert_eq!(need.dropped, 1, "the open attempt stopped at `need`");

    // One department of that site has fewer than five players: nothing is shown, nor downloadable.
    let dep = site_staff[0].department_id.expect("department").to_string();
    let small = AnalyticsQuery {
        department: dep,
        ..q.clone()
    };
    let r = analytics::scenario_report(&app.db, &small.parse().expect("query"))
        .await
        .expect("report");
    assert!(r.analysis.people < 5);
    assert!(r.analysis.figures.is_none());
    assert!(
        analytics::table(
            &app.db,
            analytics::AnalyticsTable::Choices,
            &small.parse().expect("query")
        )
        .await
        .is_err()
    );

    // Raising the threshold to 6 hides the site too; it cannot go below 3.
    let form = |k: &str| app::org::types::SettingsForm {
        time_zone: "UTC".into(),
        threshold: k.into(),
        comment_threshold: "10".into(),
        contact_days: "90".into(),
    };
    assert!(app::org::settings::save(&app.db, &form("2")).await.is_err());
    assert_eq!(
        app::org::settings::save(&app.db, &form("6"))
            .await
            .expect("set")
            .threshold
            .get(),
        6
    );
    assert!(
        analytics::scenario_report(&app.db, &q.parse().expect("query"))
            .await
            .expect("report")
            .analysis
            .figures
            .is_none()
    );
    app::org::settings::save(&app.db, &form("5"))
        .await
        .expect("set");

    // A period before the attempts holds none; a bad date is a clear message.
    let past = AnalyticsQuery {
        to: "2020-01-01".into(),
        ..q.clone()
    };
    assert_eq!(
        analytics::scenario_report(&app.db, &past.parse().expect("query"))
            .await
            .expect("report")
            .analysis
            .people,
        0
    );
    let bad = AnalyticsQuery {
        from: "yesterday".into(),
        ..q.clone()
    };
    let err = bad.parse().expect_err("bad date");
    assert!(err.to_string().contains("2026-11-24"), "{err}");
    // A named period reads the same way: a year before the attempts holds none.
    let year = AnalyticsQuery {
        period: "2020".into(),
        ..q.clone()
    };
    let r = analytics::scenario_report(&app.db, &year.parse().expect("query"))
        .await
        .expect("report");
    assert_eq!(r.analysis.people, 0);
    let err = AnalyticsQuery {
        period: "last week".into(),
        ..q.clone()
    }
    .parse()
    .expect_err("bad period");
    assert!(err.to_string().contains("is not a period"), "{err}");

    // CSV: the choices table, and the heatmap with the site's skills.
    let t = analytics::table(
        &app.db,
        analytics::AnalyticsTable::Choices,
        &q.parse().expect("query"),
    )
    .await
    .expect("csv");
    let (name, text) = (t.file_name.clone(), t.to_csv().expect("csv"));
    assert_eq!(name, "ten-rings-v1-choices.csv");
    let first_rows: Vec<&str> = text.lines().take(4).collect();
    assert_eq!(first_rows[0], "step,choice,text,picked,share %");
    assert!(
        first_rows[1].starts_with("pick-up,1,") && first_rows[1].ends_with(",3,50"),
        "{}",
        first_rows[1]
    );
    let heat = analytics::skill_heatmap(&app.db, &Default::default())
        .await
        .expect("heat");
    let row = heat
        .rows
        .iter()
        .find(|r| r.cells.iter().any(|c| c.score.is_some()))
        .expect("a site with scores");
    assert!(row.cells.iter().all(|c| c.score.is_none() || c.people >= 5));

    // Only HR and admins may download.
    let staff = app.login(STAFF).await;
    let res = app
        .get(
            "/reports/training-choices.csv?scenario=ten-rings",
            Some(&staff),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "{}",
        &res.body[..res.body.len().min(300)]
    );
    let hr = app.login(HR).await;
    let res = app
        .get(
            &format!("/reports/training-choices.csv?scenario=ten-rings&site={site}"),
            Some(&hr),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.starts_with("step,choice,text,picked,share %"));
    app.cleanup().await;
}
both_backends!(
    analytics_counts_and_suppression,
    analytics_counts_and_suppression
);

async fn xapi_statements_are_valid_and_stable(app: TestApp) {
    let staff = user_id(&app, STAFF).await;
    let done = play(&app, staff, "double-charge", &[0, 0, 0, 0, 0, 0, 0, 0]).await;
    play(&app, staff, "ten-rings", &[0]).await;
    let hr = app.login(HR).await;
    let res = app.get("/training/xapi.json", Some(&hr)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.headers["content-disposition"]
            .to_str()
            .expect("header")
            .contains("rapport-xapi-start-now.json")
    );
    let all: Vec<serde_json::Value> = serde_json::from_str(&res.body).expect("json array");
    // double-charge: attempted + 5 responded + completed; ten-rings: attempted + 1 responded.
    assert_eq!(all.len(), 7 + 2);
    for s in &all {
        assert_eq!(
            app::training::files::xapi::validate(s),
            Vec::<String>::new(),
            "{s}"
        );
    }
    let verbs: Vec<&str> = all
        .iter()
        .filter_map(|s| s["verb"]["display"]["en-US"].as_str())
        .collect();
    assert_eq!(verbs.iter().filter(|v| **v == "completed").count(), 1);
    let completed = all
        .iter()
        .find(|s| s["verb"]["display"]["en-US"] == "completed")
        .expect("completed");
    assert_eq!(completed["context"]["registration"], done.as_str());
    assert_eq!(completed["result"]["score"]["raw"], 100);
    assert_eq!(completed["actor"]["mbox"], format!("mailto:{STAFF}"));
    let mut ids: Vec<&str> = all.iter().filter_map(|s| s["id"].as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "statement ids are unique");
    // The same download twice gives the same statements, so a record store keeps them once.
    let again = app.get("/training/xapi.json", Some(&hr)).await;
    assert_eq!(again.body, res.body);

    // Period and group filters; bad input is a clear 422; staff may not download.
    let old = app
        .get("/training/xapi.json?to=2020-01-01", Some(&hr))
        .await;
    assert_eq!(old.body.trim(), "[]");
    let lakeside = people::choices(&app.db)
        .await
        .expect("choices")
        .sites
        .into_iter()
        .find(|s| s.name == "Lakeside Lodge")
        .expect("site");
    let elsewhere = app
        .get(
            &format!("/training/xapi.json?site={}", lakeside.id),
            Some(&hr),
        )
        .await;
    assert_eq!(elsewhere.body.trim(), "[]");
    let bad = app.get("/training/xapi.json?from=soon", Some(&hr)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let own = app.login(STAFF).await;
    assert_eq!(
        app.get("/training/xapi.json", Some(&own)).await.status,
        StatusCode::FORBIDDEN
    );
    app.cleanup().await;
}
both_backends!(
    xapi_statements_are_valid_and_stable,
    xapi_statements_are_valid_and_stable
);

/// Plays a scenario choosing, at every step, the open choice worth the most skill points.
async fn play_best(app: &TestApp, uid: i32, slug: &str) {
    use app::training::rules::play;
    let (_, text) = FILES
        .iter()
        .find(|(n, _)| *n == format!("{slug}.toml"))
        .expect("starter file");
    let s = app::training::files::format::parse(slug, text).expect("valid");
    let pid = attempts::start(&app.db, uid, slug.into())
        .await
        .expect("start");
    let mut state = play::start(&s);
    let mut seq = 0;
    while let Some(step) = s.step(&state.step).filter(|st| st.ending.is_none()) {
        let open = play::open_choices(&step.choices, state.mood, state.trust);
        let best = *open
            .iter()
            .max_by_key(|i| step.choices[**i].points.0.values().sum::<i32>())
            .expect("open choice");
        state = play::choose(&s, &state, best).expect("plays");
        attempts::choose(&app.db, uid, pid.clone(), seq, best)
            .await
            .expect("choose");
        seq += 1;
    }
}

async fn certificates_expire_and_renew(app: TestApp) {
    use app::training::service::certificates;
    use app::training::types::{CertStatus, Status};
    let staff = user_id(&app, STAFF).await;
    let today = chrono::Utc::now().date_naive();
    // "Service recovery essentials": assigned to everyone, pass mark 70, valid 12 months.
    for slug in ["double-charge", "wrong-order", "own-fault"] {
        play_best(&app, staff, slug).await;
    }
    assert!(
        certificates::for_person(&app.db, staff, today)
            .await
            .expect("certs")
            .is_empty(),
        "not passed yet"
    );
    play_best(&app, staff, "repeat-problem").await;
    let certs = certificates::for_person(&app.db, staff, today)
        .await
        .expect("certs");
    assert_eq!(certs.len(), 1, "passing the module issued one certificate");
    let cert = &certs[0];
    assert_eq!(cert.module, "Service recovery essentials");
    assert_eq!(cert.status, CertStatus::Valid);
    let expires = today
        .checked_add_months(chrono::Months::new(12))
        .expect("date");
    assert_eq!(cert.expires_on, Some(expires.into()));
    assert!(cert.score >= 70, "{}", cert.score);
    // Playing again does not issue a second certificate in the same cycle.
    play_best(&app, staff, "double-charge").await;
    assert_eq!(
        certificates::for_person(&app.db, staff, today)
            .await
            .expect("certs")
            .len(),
        1
    );

    // 31 days before expiry nothing happens; at 30 the module is assigned again, once.
    let window = expires - chrono::Duration::days(30);
    assert_eq!(
        certificates::renew_due(&app.db, window - chrono::Duration::days(1))
            .await
            .expect("renew"),
        0
    );
    assert_eq!(
        certificates::renew_due(&app.db, window)
            .await
            .expect("renew"),
        1
    );
    assert_eq!(
        certificates::renew_due(&app.db, window + chrono::Duration::days(3))
            .await
            .expect("renew"),
        0
    );
    let later = certificates::for_person(&app.db, staff, window)
        .await
        .expect("certs");
    assert_eq!(later[0].status, CertStatus::Renewing);
    // The renewal is a new cycle: earlier attempts do not count, and it is due on the expiry date.
    let mine = progress::my_training(&app.db, staff)
        .await
        .expect("training");
    let m = mine
        .modules
        .iter()
        .find(|m| m.title == "Service recovery essentials")
        .expect("module");
    assert_eq!(m.status, Status::NotStarted);
    assert_eq!(m.due_on, expires.into());

    // After the expiry date the certificate shows as expired, to the person and to HR.
    let after = expires + chrono::Duration::days(1);
    assert_eq!(
        certificates::for_person(&app.db, staff, after)
            .await
            .expect("certs")[0]
            .status,
        CertStatus::Expired
    );
    let attention = certificates::attention(&app.db, after)
        .await
        .expect("attention");
    assert_eq!(attention.len(), 1);
    assert_eq!(attention[0].person, "Carla Ivanova");

    // Passing again in the new cycle issues a new certificate.
    use app::entities::assignment;
    use sea_orm::{ActiveModelTrait, Set};
    let renewal = assignment::Entity::find()
        .filter(assignment::Column::TargetKind.eq(app::training::types::TargetKind::Person))
        .filter(assignment::Column::TargetId.eq(staff))
        .one(&app.db)
        .await
        .expect("q")
        .expect("renewal assignment");
    let mut renewal: assignment::ActiveModel = renewal.into();
    renewal.counts_from = Set(Some(today)); // as if the renewal window had opened today
    renewal.update(&app.db).await.expect("update");
    for slug in [
        "double-charge",
        "wrong-order",
        "own-fault",
        "repeat-problem",
    ] {
        play_best(&app, staff, slug).await;
    }
    let certs = certificates::for_person(&app.db, staff, today)
        .await
        .expect("certs");
    assert_eq!(certs.len(), 2);

    // The certificate page is for the holder, their manager, HR and admins.
    let other = app.login(OTHER_STAFF).await;
    let res = app
        .call(
            "get_certificate",
            &[("certificate", &certs[0].pid)],
            Some(&other),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let manager = app.login(MANAGER).await;
    let res = app
        .call(
            "get_certificate",
            &[("certificate", &certs[0].pid)],
            Some(&manager),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // HR's register: the latest certificate per person and module, filtered and counted.
    use app::training::types::{RegisterFilter, RegisterQuery};
    let all = certificates::register(&app.db, &RegisterFilter::default(), today)
        .await
        .expect("register");
    let carla: Vec<_> = all
        .rows
        .iter()
        .filter(|r| r.certificate.person == "Carla Ivanova")
        .collect();
    assert_eq!(carla.len(), 1, "the renewed one only");
    assert_eq!(carla[0].certificate.pid, certs[0].pid);
    assert!(!carla[0].site.is_empty() && !carla[0].department.is_empty());
    let valid = |r: &app::training::types::CertificateRegister| {
        r.counts
            .iter()
            .find(|(k, _)| *k == CertStatus::Valid)
            .map(|(_, n)| *n)
    };
    assert_eq!(valid(&all), Some(all.rows.len()));
    let holder = app::entities::user::Entity::find_by_id(staff)
        .one(&app.db)
        .await
        .expect("q")
        .expect("staff");
    let q = RegisterQuery {
        site: holder.site_id.expect("site").to_string(),
        status: "expired".into(),
        ..Default::default()
    };
    let expired = certificates::register(&app.db, &q.parse().expect("filter"), today)
        .await
        .expect("register");
    assert!(expired.rows.is_empty(), "nothing has expired today");
    assert_eq!(valid(&expired), Some(1), "counts ignore the status filter");
    let bad = RegisterQuery {
        status: "lapsed".into(),
        module: "x".into(),
        ..Default::default()
    }
    .parse()
    .expect_err("bad filter");
    assert!(
        bad.to_string().contains("“lapsed” is not a status")
            && bad.to_string().contains("“x” is not a module"),
        "{bad}"
    );
    let gone = RegisterQuery {
        module: "999999".into(),
        ..Default::default()
    };
    let e = certificates::register(&app.db, &gone.parse().expect("filter"), today)
        .await
        .expect_err("unknown module");
    assert_eq!(e.status(), 404);
    let hr = app.login(HR).await;
    let res = app
        .get(
            "/reports/training-certificates.csv?status=current",
            Some(&hr),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body.starts_with("person,site,department,module"),
        "{}",
        res.body
    );
    assert!(res.body.contains("Carla Ivanova"), "{}", res.body);
    let res = app
        .get(
            "/reports/training-certificates.csv?status=lapsed",
            Some(&hr),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .get("/reports/training-certificates.csv", Some(&other))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}
both_backends!(certificates_expire_and_renew, certificates_expire_and_renew);

async fn unpublish_and_archive(app: TestApp) {
    use app::training::types::Lifecycle;
    let staff = user_id(&app, STAFF).await;
    // An attempt under way when the scenario is unpublished can still be finished.
    let open = attempts::start(&app.db, staff, "double-charge".into())
        .await
        .expect("start");
    let msg = scenarios::set_lifecycle(&app.db, "double-charge", "unpublished")
        .await
        .expect("unpublish");
    assert!(msg.contains("unpublished"), "{msg}");
    assert_eq!(
        attempts::start(&app.db, staff, "double-charge".into())
            .await
            .expect("resume"),
        open
    );
    play(&app, staff, "double-charge", &[0, 0, 0, 0, 0, 0, 0, 0]).await; // finishes the open attempt
    let err = attempts::start(&app.db, staff, "double-charge".into())
        .await
        .expect_err("not available");
    assert!(err.to_string().contains("not available"), "{err}");
    // Learners no longer see it, and modules leave it out.
    let mine = progress::my_training(&app.db, staff)
        .await
        .expect("training");
    assert!(mine.library.iter().all(|s| s.slug != "double-charge"));
    let m = mine
        .modules
        .iter()
        .find(|m| m.title == "Service recovery essentials")
        .expect("module");
    assert_eq!(m.total, 3);
    // HR still sees it, marked, and cannot put it in a new module.
    let all = scenarios::library(&app.db).await.expect("library");
    let row = all
        .iter()
        .find(|s| s.slug == "double-charge")
        .expect("listed");
    assert_eq!(row.lifecycle, Lifecycle::Unpublished);
    let err = modules::create_module(
        &app.db,
        modules::ModuleInput {
            title: "Refunds".into(),
            validity_months: String::new(),
            description: String::new(),
            pass_mark: "60".into(),
            rule: "completed".into(),
            scenarios: vec!["double-charge".into()],
        },
    )
    .await
    .expect_err("unpublished");
    assert!(err.to_string().contains("publish it before"), "{err}");
    assert!(
        scenarios::set_lifecycle(&app.db, "double-charge", "deleted")
            .await
            .is_err()
    );
    // Archive, then publish again: everything is back.
    scenarios::set_lifecycle(&app.db, "double-charge", "archived")
        .await
        .expect("archive");
    scenarios::set_lifecycle(&app.db, "double-charge", "published")
        .await
        .expect("publish");
    let mine = progress::my_training(&app.db, staff)
        .await
        .expect("training");
    assert_eq!(
        mine.modules
            .iter()
            .find(|m| m.title == "Service recovery essentials")
            .expect("m")
            .total,
        4
    );

    app.cleanup().await;
}
both_backends!(unpublish_and_archive, unpublish_and_archive);

async fn no_department_can_be_worked_out_from_its_site(app: TestApp) {
    use app::entities::region;
    use app::training::service::analytics;
    use app::training::types::AnalyticsQuery;
    // A new site: six players in one department, three in another. Department A alone has six,
    // but showing it beside its site (nine) would give away the three.
    let r = region::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("region");
    let s = app::org::service::create_site(&app.db, r.id, "Test Quay")
        .await
        .expect("site");
    let a = app::org::service::create_department(&app.db, s.id, "Desk A")
        .await
        .expect("dep");
    let b = app::org::service::create_department(&app.db, s.id, "Desk B")
        .await
        .expect("dep");
    for i in 0..9 {
        let dep = if i < 6 { a.id } else { b.id };
        let email = format!("quay{i}@harbourgroup.example");
        let u = person(&app, &email, "staff", Some(s.id), Some(dep), None).await;
        play(&app, u.id, "allergy", &[0, 0, 0, 0, 0, 0, 0, 0, 0]).await;
    }
    let q = |site: String, department: String| AnalyticsQuery {
        scenario: "allergy".into(),
        site,
        department,
        ..Default::default()
    };
    let site_report = analytics::scenario_report(
        &app.db,
        &q(s.id.to_string(), String::new()).parse().expect("query"),
    )
    .await
    .expect("report");
    assert_eq!(site_report.analysis.people, 9);
    let dep_a = analytics::scenario_report(
        &app.db,
        &q(String::new(), a.id.to_string()).parse().expect("query"),
    )
    .await
    .expect("report");
    assert_eq!(dep_a.analysis.people, 6);
    assert!(
        site_report.analysis.figures.is_none() || dep_a.analysis.figures.is_none(),
        "site and department A both shown would reveal department B's three"
    );
    if site_report.analysis.figures.is_some() {
        assert!(dep_a.protects, "department A is hidden to protect B");
    }
    let dep_b = analytics::scenario_report(
        &app.db,
        &q(String::new(), b.id.to_string()).parse().expect("query"),
    )
    .await
    .expect("report");
    assert!(
        dep_b.analysis.figures.is_none() && !dep_b.protects,
        "three is too few"
    );
    // The CSV follows the page.
    assert!(
        analytics::table(
            &app.db,
            analytics::AnalyticsTable::Choices,
            &q(String::new(), a.id.to_string()).parse().expect("query")
        )
        .await
        .is_err()
    );
    app.cleanup().await;
}
both_backends!(
    no_department_can_be_worked_out_from_its_site,
    no_department_can_be_worked_out_from_its_site
);

async fn monthly_unit_figures(app: TestApp) {
    use app::entities::region;
    use app::reporting::figures::Measure;
    use app::reporting::period::Month;
    use app::reporting::unit::Unit;
    use app::training::service::figures;
    // A new site in the region that only has "Service recovery essentials" (assigned to everyone):
    // Pia (desk A) passes all four of its scenarios; Ray (desk B) plays one other scenario.
    let r = region::Entity::find()
        .filter(region::Column::Name.eq("Capital & Lakes"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("region");
    let s = app::org::service::create_site(&app.db, r.id, "Figures Bay")
        .await
        .expect("site");
    let a = app::org::service::create_department(&app.db, s.id, "Desk A")
        .await
        .expect("dep");
    let b = app::org::service::create_department(&app.db, s.id, "Desk B")
        .await
        .expect("dep");
    let mut ids = Vec::new();
    for (name, dep) in [("pia", a.id), ("ray", b.id)] {
        let email = format!("{name}@harbourgroup.example");
        ids.push(
            person(&app, &email, "staff", Some(s.id), Some(dep), None)
                .await
                .id,
        );
    }
    let (pia, ray) = (ids[0], ids[1]);
    for slug in [
        "double-charge",
        "wrong-order",
        "own-fault",
        "repeat-problem",
    ] {
        play_best(&app, pia, slug).await;
    }
    play(&app, ray, "allergy", &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]).await;
    let scores = |uid: i32| {
        let db = app.db.clone();
        async move {
            attempt::Entity::find()
                .filter(attempt::Column::UserId.eq(uid))
                .all(&db)
                .await
                .expect("q")
                .into_iter()
                .filter_map(|a| a.score.map(f64::from))
                .collect::<Vec<f64>>()
        }
    };
    let (pia_scores, ray_scores) = (scores(pia).await, scores(ray).await);
    assert_eq!((pia_scores.len(), ray_scores.len()), (4, 1));
    let pia_mean = pia_scores.iter().sum::<f64>() / 4.0;
    let today = chrono::Utc::now().date_naive();
    use chrono::Datelike;
    let month = Month::new(today.year(), today.month()).expect("month");
    let all = figures::monthly(&app.db, month, month)
        .await
        .expect("figures");
    let get = |unit: Unit, measure: Measure| {
        all.iter()
            .find(|f| f.unit == unit && f.measure == measure && f.month == month)
            .map(|f| ((f.value * 100.0).round() / 100.0, f.n))
    };
    let round = |v: f64| (v * 100.0).round() / 100.0;
    assert_eq!(
        get(Unit::Department(a.id), Measure::TrainingScore),
        Some((round(pia_mean), 1))
    );
    assert_eq!(
        get(Unit::Site(s.id), Measure::TrainingScore),
        Some((round((pia_mean + ray_scores[0]) / 2.0), 2)),
        "the site is the mean over its two people, not over five attempts"
    );
    assert_eq!(
        get(Unit::Site(s.id), Measure::TrainingCompletion),
        Some((50.0, 2))
    );
    assert_eq!(
        get(Unit::Department(b.id), Measure::TrainingCompletion),
        Some((0.0, 1))
    );
    assert_eq!(
        get(Unit::Department(a.id), Measure::CertificatesCurrent),
        Some((100.0, 1))
    );
    assert_eq!(
        get(Unit::Site(s.id), Measure::CertificatesCurrent),
        Some((50.0, 2))
    );
    assert!(all.iter().any(|f| f.unit == Unit::Department(a.id)
        && matches!(f.measure, Measure::TrainingMastery(_))
        && f.n == 1));
    // A region is the sum of its sites: its n is theirs added up, its value their n-weighted mean.
    let sites: Vec<&app::reporting::figures::UnitFigure> = all
        .iter()
        .filter(|f| f.measure == Measure::TrainingCompletion && matches!(f.unit, Unit::Site(_)))
        .collect();
    let in_region: Vec<i32> = app::entities::site::Entity::find()
        .filter(app::entities::site::Column::RegionId.eq(r.id))
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .map(|s| s.id)
        .collect();
    let (sum, n) = sites
        .iter()
        .filter(|f| matches!(f.unit, Unit::Site(id) if in_region.contains(&id)))
        .fold((0.0, 0), |(s, n), f| {
            (s + f.value * f64::from(f.n), n + f.n)
        });
    let region = get(Unit::Region(r.id), Measure::TrainingCompletion).expect("region");
    assert_eq!(region, (round(sum / f64::from(n)), n));
    // A month before anyone was here has no figures for the new site; bad ranges are refused.
    let earlier = figures::monthly(&app.db, month.plus(-14), month.plus(-13))
        .await
        .expect("figures");
    assert!(
        earlier.iter().all(|f| f.unit != Unit::Site(s.id)),
        "nothing was assigned or played then"
    );
    assert!(
        figures::monthly(&app.db, month, month.plus(-1))
            .await
            .is_err()
    );
    // The download: HR and admins only; the new site's two people are too few to show.
    let url = format!("/reports/training-figures.csv?period={}", month.key());
    let staff = app.login(STAFF).await;
    assert_eq!(
        app.get(&url, Some(&staff)).await.status,
        StatusCode::FORBIDDEN
    );
    let hr = app.login(HR).await;
    let res = app.get(&url, Some(&hr)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        res.body
            .starts_with("month,measure,level,unit,value,n,hidden\n")
    );
    let bay = format!(
        "{},training.completion,site,Figures Bay,,,fewer than 5 people",
        month.key()
    );
    assert!(
        res.body.contains(&bay),
        "{}",
        &res.body[..res.body.len().min(2000)]
    );
    assert!(res.body.contains(",training.completion,company,All sites,"));
    let bad = app
        .get("/reports/training-figures.csv?period=soon", Some(&hr))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("not a period"), "{}", bad.body);
    let unknown = app.get("/reports/salaries.csv", Some(&hr)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        figures::monthly(&app.db, month.plus(-40), month)
            .await
            .is_err()
    );
    app.cleanup().await;
}
both_backends!(monthly_unit_figures, monthly_unit_figures);

/// A staff member of this department whose account is 100 days old.
async fn long_standing(
    app: &TestApp,
    email: &str,
    d: &app::entities::department::Model,
) -> user::Model {
    use sea_orm::{ActiveModelTrait, Set};
    let u = person(app, email, "staff", Some(d.site_id), Some(d.id), None).await;
    let mut a: user::ActiveModel = u.into();
    a.created_at = Set(chrono::Utc::now() - chrono::Duration::days(100));
    a.update(&app.db).await.expect("backdate")
}

/// A group assignment gives people who join the group later its days from the day they join;
/// people who were there keep its due date. Removing an assignment keeps attempts; managers
/// remove only assignments to their own people.
async fn late_joiners_and_removing_assignments(app: TestApp) {
    use app::entities::{assignment, department};
    use app::training::types::{AssignTarget, TargetKind};
    use sea_orm::{ActiveModelTrait, Set};
    let today = chrono::Utc::now().date_naive();
    let deps = department::Entity::find().all(&app.db).await.expect("q");
    let (d, other_d) = (&deps[0], &deps[1]);
    let old = long_standing(&app, "old.timer@harbourgroup.example", d).await;
    let mover = long_standing(&app, "dept.mover@harbourgroup.example", other_d).await;
    let admin = user_id(&app, ADMIN).await;
    let hr = acting(&app, ADMIN).await;
    let module = unassigned_module(&app).await;
    let msg = assignments::assign(
        &app.db,
        &hr,
        AssignInput {
            module: module.id.clone(),
            target: AssignTarget::Group(TargetKind::Department, d.id),
            due_on: (today + chrono::Duration::days(5)).into(),
            joiner_days: Some(20),
        },
    )
    .await
    .expect("assign");
    assert!(msg.contains("join later have 20 days"), "{msg}");
    // The assignment was made two months ago.
    let row = assignment::Entity::find()
        .filter(assignment::Column::TargetKind.eq(TargetKind::Department))
        .filter(assignment::Column::TargetId.eq(d.id))
        .one(&app.db)
        .await
        .expect("q")
        .expect("assignment");
    let mut a: assignment::ActiveModel = row.clone().into();
    a.created_at = Set(chrono::Utc::now() - chrono::Duration::days(60));
    a.update(&app.db).await.expect("backdate");

    // A newcomer, and a long-standing colleague who moves into the department today.
    let newcomer = person(
        &app,
        "new.comer@harbourgroup.example",
        "staff",
        Some(d.site_id),
        Some(d.id),
        None,
    )
    .await;
    people::update(
        &app.db,
        admin,
        mover.pid.clone(),
        PersonInput {
            name: mover.name.clone(),
            email: mover.email.clone(),
            role: "staff".into(),
            site: d.site_id.to_string(),
            department: d.id.to_string(),
            manager: String::new(),
        },
    )
    .await
    .expect("move");
    let due = |uid: i32| {
        let db = app.db.clone();
        let title = module.name.clone();
        async move {
            progress::my_training(&db, uid)
                .await
                .expect("training")
                .modules
                .into_iter()
                .find(|m| m.title == title)
                .map(|m| m.due_on)
        }
    };
    let in_5: app::reporting::period::Day = (today + chrono::Duration::days(5)).into();
    let in_20: app::reporting::period::Day = (today + chrono::Duration::days(20)).into();
    assert_eq!(
        due(old.id).await,
        Some(in_5),
        "there before: the assignment's date"
    );
    assert_eq!(due(newcomer.id).await, Some(in_20), "joined today: 20 days");
    assert_eq!(due(mover.id).await, Some(in_20), "moved in today: 20 days");

    // Removing keeps attempts: the old-timer played one of the module's scenarios.
    let cookie = app.login("old.timer@harbourgroup.example").await;
    let before = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(old.id))
        .count(&app.db)
        .await
        .expect("count");
    let slug = scenario::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("s")
        .slug;
    play(&app, old.id, &slug, &[0]).await;
    // Staff cannot remove assignments at all; a manager cannot remove a group assignment.
    let res = app
        .call(
            "unassign_module",
            &[("assignment", row.pid.as_str())],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let manager = app.login(MANAGER).await;
    let res = app
        .call(
            "unassign_module",
            &[("assignment", row.pid.as_str())],
            Some(&manager),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = app
        .call(
            "unassign_module",
            &[("assignment", "no-such-assignment")],
            Some(&app.login(HR).await),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let msg = assignments::unassign(&app.db, &hr, &row.pid)
        .await
        .expect("unassign");
    assert!(msg.contains("no longer assigned"), "{msg}");
    assert_eq!(due(old.id).await, None, "the module left their list");
    let after = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(old.id))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(after, before + 1, "attempts are kept");
    app.cleanup().await;
}
both_backends!(
    late_joiners_and_removing_assignments,
    late_joiners_and_removing_assignments
);
