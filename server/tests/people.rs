//! People and organisation services against real SQLite and PostgreSQL: import, editing rules, search, concurrency.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::user;
use app::people::service::{self as people, PersonInput};
use app::people::types::PeopleFilter;
use common::*;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const HEADER: &str = "email,name,role,site,department,manager_email\n";

async fn count_people(app: &TestApp) -> u64 {
    user::Entity::find().count(&app.db).await.expect("count")
}

async fn import(app: TestApp) {
    let admin_id = user::Entity::find()
        .filter(user::Column::Email.eq(ADMIN))
        .one(&app.db)
        .await
        .expect("q")
        .expect("admin")
        .id;
    let before = count_people(&app).await;
    // One good row and one bad: nothing is written.
    let bad = format!(
        "{HEADER}new.one@harbourgroup.example,New One,staff,Harbour View Hotel,Front desk,{MANAGER}\n\
         new.two@harbourgroup.example,New Two,staff,Atlantis,,\n"
    );
    let pid = people::save_upload(&app.db, admin_id, "bad.csv", bad)
        .await
        .expect("save");
    let preview = people::preview(&app.db, &pid).await.expect("preview");
    assert_eq!(preview.problem_rows(), 1);
    assert_eq!(preview.rows[1].line, 3);
    assert!(preview.rows[1].problems[0].contains("Atlantis"));
    let err = people::apply(&app.db, pid).await.expect_err("refused");
    assert!(err.to_string().contains("Nothing was imported"), "{err}");
    assert_eq!(count_people(&app).await, before);

    // A good file: a new manager and a report who names them, an update to an existing person.
    let good = format!(
        "{HEADER}new.lead@harbourgroup.example,New Lead,manager,Cliffside Resort,Restaurant,\n\
         new.one@harbourgroup.example,New One,staff,Cliffside Resort,Restaurant,new.lead@harbourgroup.example\n\
         {STAFF},Carla Ivanova,staff,Harbour View Hotel,Housekeeping,{MANAGER}\n"
    );
    let pid = people::save_upload(&app.db, admin_id, "good.csv", good.clone())
        .await
        .expect("save");
    let done = people::apply(&app.db, pid).await.expect("apply");
    assert_eq!((done.created, done.updated, done.unchanged), (2, 1, 0));
    assert_eq!(count_people(&app).await, before + 2);
    let one = user::Entity::find()
        .filter(user::Column::Email.eq("new.one@harbourgroup.example"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("u");
    let lead = user::Entity::find()
        .filter(user::Column::Email.eq("new.lead@harbourgroup.example"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("u");
    assert_eq!(one.manager_id, Some(lead.id));
    assert!(
        one.password_hash.is_none(),
        "imported people wait for a password"
    );
    let snapshot: Vec<user::Model> = user::Entity::find().all(&app.db).await.expect("all");

    // The same file again changes nothing at all.
    let pid = people::save_upload(&app.db, admin_id, "good.csv", good)
        .await
        .expect("save");
    let preview = people::preview(&app.db, &pid).await.expect("preview");
    assert!(
        !preview.can_apply() || preview.count(app::people::types::ImportAction::Unchanged) == 3
    );
    let done = people::apply(&app.db, pid).await.expect("apply");
    assert_eq!((done.created, done.updated, done.unchanged), (0, 0, 3));
    let after: Vec<user::Model> = user::Entity::find().all(&app.db).await.expect("all");
    assert_eq!(snapshot, after);
    app.cleanup().await;
}
both_backends!(people_import_is_all_or_nothing_and_idempotent, import);

async fn hostile_uploads(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let before = count_people(&app).await;
    for (name, body, expected) in [
        ("empty.csv", String::new(), "The file is empty"),
        (
            "latin1.csv",
            // Latin-1 bytes, not UTF-8.
            "email,name\n\u{e9}".to_owned(),
            "not UTF-8",
        ),
    ] {
        let boundary = "B0UNDARY";
        let mut payload = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n"
        )
        .into_bytes();
        if name == "latin1.csv" {
            // Encode the text as Latin-1: one byte per character.
            payload.extend(body.chars().map(|c| c as u32 as u8));
        } else {
            payload.extend(body.as_bytes());
        }
        payload.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
        let req = http::Request::post("/api/upload_people_csv")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("accept", "application/json")
            .header("cookie", format!("rapport_session={admin}"))
            .body(axum::body::Body::from(payload))
            .expect("req");
        let res = app.request(req).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains(expected), "{}", res.body);
    }
    // A malformed multipart body is a clear 422, not a crash.
    let req = http::Request::post("/api/upload_people_csv")
        .header("content-type", "multipart/form-data; boundary=nope")
        .header("accept", "application/json")
        .header("cookie", format!("rapport_session={admin}"))
        .body(axum::body::Body::from("garbage"))
        .expect("req");
    let res = app.request(req).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(count_people(&app).await, before);
    app.cleanup().await;
}
both_backends!(
    hostile_uploads_get_clear_messages_and_change_nothing,
    hostile_uploads
);

async fn person_rules(app: TestApp) {
    let admin_id = user::Entity::find()
        .filter(user::Column::Email.eq(ADMIN))
        .one(&app.db)
        .await
        .expect("q")
        .expect("a")
        .id;
    let manager_pid = app.pid_of(MANAGER).await;
    let staff_pid = app.pid_of(STAFF).await;
    // The manager cannot be made to report to their own report.
    let staff = user::Entity::find()
        .filter(user::Column::Email.eq(STAFF))
        .one(&app.db)
        .await
        .expect("q")
        .expect("s");
    let manager = user::Entity::find()
        .filter(user::Column::Email.eq(MANAGER))
        .one(&app.db)
        .await
        .expect("q")
        .expect("m");
    let make_staff_manager = user::ActiveModel {
        id: sea_orm::Set(staff.id),
        role: sea_orm::Set(app::auth::types::Role::Manager),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::update(make_staff_manager, &app.db)
        .await
        .expect("promote");
    let input = PersonInput {
        name: manager.name.clone(),
        email: manager.email.clone(),
        role: "manager".into(),
        manager: staff_pid.clone(),
        site: manager.site_id.map(|s| s.to_string()).unwrap_or_default(),
        department: manager
            .department_id
            .map(|s| s.to_string())
            .unwrap_or_default(),
    };
    let err = people::update(&app.db, admin_id, manager_pid.clone(), input)
        .await
        .expect_err("loop");
    assert!(err.to_string().contains("cannot be their manager"), "{err}");
    // A duplicate email and a department from another site are both reported.
    let input = PersonInput {
        name: "Dup".into(),
        email: STAFF.to_uppercase(),
        role: "staff".into(),
        site: "1".into(),
        department: "30".into(),
        manager: String::new(),
    };
    let err = people::create(&app.state, input, String::new())
        .await
        .expect_err("dup");
    let text = err.to_string();
    assert!(
        text.contains("already has the email") && text.contains("another site"),
        "{text}"
    );
    app.cleanup().await;
}
both_backends!(
    person_edits_refuse_manager_loops_duplicates_and_foreign_departments,
    person_rules
);

async fn search(app: TestApp) {
    let page = people::list(
        &app.db,
        &PeopleFilter {
            q: "IVANOVA".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
    )
    .await
    .expect("list");
    assert!(page.rows.iter().all(|r| r.name.contains("Ivanova")));
    assert!(page.rows.iter().any(|r| r.email == STAFF));
    let managers = people::list(
        &app.db,
        &PeopleFilter {
            role: "manager".into(),
            ..Default::default()
        }
        .parse()
        .unwrap(),
    )
    .await
    .expect("list");
    assert_eq!(managers.total, 8);
    let all = people::list(&app.db, &PeopleFilter::default().parse().unwrap())
        .await
        .expect("list");
    assert_eq!((all.total, all.pages, all.rows.len()), (60, 3, 25));
    let last = people::list(
        &app.db,
        &PeopleFilter {
            page: 99,
            ..Default::default()
        }
        .parse()
        .unwrap(),
    )
    .await
    .expect("list");
    assert_eq!((last.page, last.rows.len()), (3, 10));
    // `%` and `_` are searched for literally, not as wildcards (every demo email has a `.`,
    // none a `_` or `%`); a backslash too.
    for q in ["%", "_", "a%a", "\\", "carla_ivanova"] {
        let found = people::list(
            &app.db,
            &PeopleFilter {
                q: q.into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
        )
        .await
        .expect("list");
        assert_eq!(found.total, 0, "{q:?} matched {} people", found.total);
    }
    // Values that are not on the lists are refused, each named, rather than quietly ignored.
    let bad = PeopleFilter {
        role: "boss".into(),
        site: "harbour".into(),
        status: "gone".into(),
        ..Default::default()
    }
    .parse()
    .unwrap_err();
    assert!(
        bad.contains("Choose a role") && bad.contains("Choose a site"),
        "{bad}"
    );
    assert!(bad.contains("active, deactivated or everyone"), "{bad}");
    let cookie = app.login(HR).await;
    let res = app
        .call("list_people", &[("filter[role]", "boss")], Some(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    app.cleanup().await;
}
both_backends!(the_directory_searches_filters_and_pages, search);

async fn organisation(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let res = app
        .call("create_region", &[("name", "  Far   East ")], Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Far East"));
    let res = app
        .call("create_region", &[("name", "Far East")], Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let tree = app::org::service::tree(&app.db).await.expect("tree");
    let harbour = tree
        .sites()
        .find(|s| s.name == "Harbour View Hotel")
        .expect("site")
        .clone();
    let res = app
        .call(
            "delete_site",
            &[("id", &harbour.id.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.body
            .contains("still has 5 department(s) and 12 person(s)"),
        "{}",
        res.body
    );
    let dep = &harbour.departments[0];
    let res = app
        .call(
            "delete_department",
            &[("id", &dep.id.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let res = app
        .call(
            "create_department",
            &[("site_id", &harbour.id.to_string()), ("name", "Spa")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let tree = app::org::service::tree(&app.db).await.expect("tree");
    let spa = tree
        .departments()
        .find(|(_, d)| d.name == "Spa")
        .expect("spa")
        .1
        .id;
    let res = app
        .call(
            "delete_department",
            &[("id", &spa.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        app::org::service::tree(&app.db)
            .await
            .expect("tree")
            .total_people(),
        60
    );
    app.cleanup().await;
}
both_backends!(organisation_changes_are_checked, organisation);

async fn concurrent_writers(app: TestApp) {
    // Twenty people created at once, each in its own write transaction: none is lost or refused.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let state = app.state.clone();
        tasks.push(tokio::spawn(async move {
            let input = PersonInput {
                name: format!("Parallel {i}"),
                email: format!("parallel.{i}@harbourgroup.example"),
                role: "staff".into(),
                ..Default::default()
            };
            people::create(&state, input, String::new()).await
        }));
    }
    for t in tasks {
        t.await.expect("join").expect("created");
    }
    assert_eq!(count_people(&app).await, 80);
    app.cleanup().await;
}
both_backends!(concurrent_writers_all_succeed, concurrent_writers);

async fn migrations_are_repeatable(app: TestApp) {
    server::db::migrate(&app.db)
        .await
        .expect("second run is a no-op");
    assert_eq!(count_people(&app).await, 60);
    assert!(
        server::demo::seed(&app.db).await.expect("seed").is_none(),
        "demo data loads on first run only"
    );
    app.cleanup().await;
}
both_backends!(migrations_and_demo_seed_run_once, migrations_are_repeatable);

/// A stored value that does not read as its type (a role nobody defined) is an error that is
/// logged, never quietly read as a default such as Staff; the page says something went wrong
/// without showing the value or the database's words.
async fn unreadable_values_are_errors(app: TestApp) {
    use sea_orm::{ConnectionTrait, Statement};
    let cookie = app.login(ADMIN).await;
    assert_eq!(
        app.call("list_people", &[("filter[q]", "")], Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    let sql = format!("UPDATE users SET role = 'overlord' WHERE email = '{OTHER_STAFF}'");
    app.db
        .execute(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("update");
    let res = app
        .call("list_people", &[("filter[q]", "")], Some(&cookie))
        .await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.body
    );
    assert!(!res.body.contains("overlord"), "{}", res.body);
    assert!(!res.body.to_lowercase().contains("sql"), "{}", res.body);
    // The same for an assignment's target kind.
    let sql = "UPDATE users SET role = 'staff' WHERE role = 'overlord'".to_owned();
    app.db
        .execute(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("update");
    let sql = "UPDATE assignments SET target_kind = 'planet'".to_owned();
    app.db
        .execute(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .expect("update");
    let res = app.call("training_catalog", &[], Some(&cookie)).await;
    assert_eq!(
        res.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        res.body
    );
    assert!(!res.body.contains("planet"), "{}", res.body);
    app.cleanup().await;
}
both_backends!(unreadable_values_are_errors, unreadable_values_are_errors);
