//! A manager's scope, the one definition behind every "their own" rule: people reporting to them
//! directly or further down, and everyone in the sites they manage and departments they head.
//! Checked through the server functions people use (a profile, team training, assigning).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{department, site, user};
use common::*;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn by_email(app: &TestApp, email: &str) -> user::Model {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn sees(app: &TestApp, cookie: &str, who: &user::Model) -> bool {
    let res = app
        .call("get_person", &[("pid", who.pid.as_str())], Some(cookie))
        .await;
    match res.status {
        StatusCode::OK => true,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => false,
        other => panic!("get_person answered {other}: {}", res.body),
    }
}

async fn team(app: &TestApp, cookie: &str) -> String {
    let res = app.call("team_training", &[], Some(cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body
}

async fn can_assign(app: &TestApp, cookie: &str, who: &user::Model) -> StatusCode {
    let choices = app.call("assign_choices", &[], Some(cookie)).await;
    let module = choices.json()["modules"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let due = (chrono::Utc::now().date_naive() + chrono::Duration::days(20)).to_string();
    let target = format!("person:{}", who.pid);
    app.call(
        "assign_module",
        &[
            ("module", module.as_str()),
            ("target", target.as_str()),
            ("due_on", due.as_str()),
        ],
        Some(cookie),
    )
    .await
    .status
}

/// The public id of the listed assignment to this person.
fn assignment_of(list: &[serde_json::Value], name: &str) -> String {
    list.iter()
        .find(|a| a["target"] == name)
        .expect("the assignment is listed")["pid"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn unassign(app: &TestApp, cookie: &str, pid: &str) -> StatusCode {
    app.call("unassign_module", &[("assignment", pid)], Some(cookie))
        .await
        .status
}

async fn scopes(app: TestApp) {
    let site_manager = by_email(&app, MANAGER).await;
    let carla = by_email(&app, STAFF).await;
    let outsider = by_email(&app, OTHER_STAFF).await;
    // The demo's regional manager: the site managers report to them.
    let regional = user::Entity::find_by_id(site_manager.manager_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    // A manager of a manager reaches the people two levels down, and only their own line.
    let cookie = app.login(&regional.email).await;
    assert!(sees(&app, &cookie, &carla).await, "a report's report");
    assert!(team(&app, &cookie).await.contains(&carla.name));
    assert_eq!(can_assign(&app, &cookie, &carla).await, StatusCode::OK);
    let region_of_regional = site::Entity::find_by_id(regional.site_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .region_id;
    let other_region_site = site::Entity::find()
        .filter(site::Column::RegionId.ne(region_of_regional))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo has two regions");
    let other_region_staff = user::Entity::find()
        .filter(user::Column::SiteId.eq(other_region_site.id))
        .filter(user::Column::Role.eq(app::auth::types::Role::Staff))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!sees(&app, &cookie, &other_region_staff).await);
    assert!(!team(&app, &cookie).await.contains(&other_region_staff.name));
    assert_eq!(
        can_assign(&app, &cookie, &other_region_staff).await,
        StatusCode::FORBIDDEN
    );
    // The assignment just made is listed on the team page, and the manager may remove it.
    let listed = app.call("team_training", &[], Some(&cookie)).await.json();
    let mine = assignment_of(listed["assignments"].as_array().unwrap(), &carla.name);
    assert_eq!(unassign(&app, &cookie, &mine).await, StatusCode::OK);
    // The same assignment made for someone outside their scope (by HR) cannot be removed by them.
    let hr = app.login(HR).await;
    assert_eq!(
        can_assign(&app, &hr, &other_region_staff).await,
        StatusCode::OK
    );
    let theirs = app.call("training_catalog", &[], Some(&hr)).await.json();
    let all: Vec<serde_json::Value> = theirs[1]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["assignments"].as_array().unwrap().clone())
        .collect();
    let outside = assignment_of(&all, &other_region_staff.name);
    assert_eq!(
        unassign(&app, &cookie, &outside).await,
        StatusCode::FORBIDDEN
    );

    // A site's general manager reaches everyone at the site, reporting to them or not.
    let admin = app.login(ADMIN).await;
    let gm = person(
        &app,
        "gina.m@harbourgroup.example",
        "manager",
        None,
        None,
        None,
    )
    .await;
    let newcomer = person(
        &app,
        "newcomer@harbourgroup.example",
        "staff",
        outsider.site_id,
        None,
        None,
    )
    .await;
    let gm_cookie = app.login(&gm.email).await;
    assert!(!sees(&app, &gm_cookie, &outsider).await, "before leading");
    let site_id = outsider.site_id.unwrap().to_string();
    let res = app
        .call(
            "set_unit_leader",
            &[("unit", "site"), ("id", &site_id), ("person", &gm.pid)],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("general manager"), "{}", res.body);
    assert!(sees(&app, &gm_cookie, &outsider).await);
    assert!(
        sees(&app, &gm_cookie, &newcomer).await,
        "no manager, same site"
    );
    assert!(!sees(&app, &gm_cookie, &carla).await, "another site");
    let body = team(&app, &gm_cookie).await;
    assert!(body.contains(&outsider.name) && !body.contains(&carla.name));
    assert_eq!(
        can_assign(&app, &gm_cookie, &newcomer).await,
        StatusCode::OK
    );
    assert_eq!(
        can_assign(&app, &gm_cookie, &carla).await,
        StatusCode::FORBIDDEN
    );

    // A department's head reaches its people and nobody else at the site.
    let head = person(
        &app,
        "hal.h@harbourgroup.example",
        "manager",
        None,
        None,
        None,
    )
    .await;
    let dep = department::Entity::find_by_id(carla.department_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = app
        .call(
            "set_unit_leader",
            &[
                ("unit", "department"),
                ("id", &dep.id.to_string()),
                ("person", &head.pid),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let head_cookie = app.login(&head.email).await;
    assert!(sees(&app, &head_cookie, &carla).await);
    let colleague_elsewhere = user::Entity::find()
        .filter(user::Column::SiteId.eq(carla.site_id.unwrap()))
        .filter(user::Column::DepartmentId.ne(dep.id))
        .filter(user::Column::Role.eq(app::auth::types::Role::Staff))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!sees(&app, &head_cookie, &colleague_elsewhere).await);

    // The organisation page shows the leaders; clearing one ends that reach at once.
    let tree = app.call("org_tree", &[], Some(&admin)).await;
    assert!(
        tree.body.contains("gina m") && tree.body.contains("hal h"),
        "{}",
        tree.body
    );
    let res = app
        .call(
            "set_unit_leader",
            &[("unit", "site"), ("id", &site_id), ("person", "")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(!sees(&app, &gm_cookie, &newcomer).await);

    // Only active managers lead; bad input changes nothing and says why.
    let res = app
        .call(
            "set_unit_leader",
            &[("unit", "site"), ("id", &site_id), ("person", &carla.pid)],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("not an active manager"), "{}", res.body);
    let res = app
        .call(
            "set_unit_leader",
            &[("unit", "region"), ("id", &site_id), ("person", &gm.pid)],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(
            "set_unit_leader",
            &[("unit", "site"), ("id", "999999"), ("person", &gm.pid)],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let still = site::Entity::find_by_id(outsider.site_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.manager_id, None);
    app.cleanup().await;
}
both_backends!(
    manager_scope_covers_reports_units_led_and_nothing_else,
    scopes
);

async fn settings(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let res = app.call("org_settings", &[], Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["settings"]["time_zone"], "UTC");
    assert_eq!(res.json()["settings"]["threshold"], 5);
    assert!(res.json()["time_zones"].as_array().unwrap().len() > 300);
    // A bad form names every problem and changes nothing.
    let res = app
        .call(
            "save_settings",
            &[
                ("form[time_zone]", "Mars/Olympus"),
                ("form[threshold]", "2"),
                ("form[comment_threshold]", "4"),
                ("form[contact_days]", "90"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("not a time zone") && res.body.contains("2 is below the minimum of 3"),
        "{}",
        res.body
    );
    let res = app.call("org_settings", &[], Some(&admin)).await;
    assert_eq!(res.json()["settings"]["time_zone"], "UTC");
    let res = app
        .call(
            "save_settings",
            &[
                ("form[time_zone]", "Europe/Lisbon"),
                ("form[threshold]", "7"),
                ("form[comment_threshold]", "12"),
                ("form[contact_days]", "30"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("org_settings", &[], Some(&admin)).await;
    assert_eq!(res.json()["settings"]["time_zone"], "Europe/Lisbon");
    assert_eq!(res.json()["settings"]["comment_threshold"], 12);
    assert_eq!(res.json()["settings"]["contact_days"], 30);
    assert_eq!(
        app::training::service::analytics::threshold(&app.db)
            .await
            .unwrap(),
        7
    );
    // The settings page is the admin's alone.
    let hr = app.login(HR).await;
    assert_eq!(
        app.get("/admin/settings", Some(&hr)).await.status,
        StatusCode::FORBIDDEN
    );
    let page = app.get("/admin/settings", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Europe/Lisbon"));
    app.cleanup().await;
}
both_backends!(admins_keep_the_time_zone_and_thresholds, settings);

async fn import_sets_leaders(app: TestApp) {
    use app::people::service as people;
    let admin = by_email(&app, ADMIN).await;
    let carla = by_email(&app, STAFF).await;
    let site = site::Entity::find_by_id(carla.site_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let dep = department::Entity::find_by_id(carla.department_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let file = format!(
        "email,name,role,site,department,manager_email,leads\n\
         dee.head@harbourgroup.example,Dee Head,manager,{},{},,department\n",
        site.name, dep.name
    );
    let pid = people::save_upload(&app.db, admin.id, "heads.csv", file.clone())
        .await
        .unwrap();
    let preview = people::preview(&app.db, &pid).await.unwrap();
    assert_eq!(preview.problem_rows(), 0, "{:?}", preview.rows);
    assert_eq!(preview.rows[0].leads, "department");
    let done = people::apply(&app.db, pid).await.unwrap();
    assert_eq!(done.created, 1);
    let dee = by_email(&app, "dee.head@harbourgroup.example").await;
    let dep_now = department::Entity::find_by_id(dep.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dep_now.head_id, Some(dee.id));
    assert!(
        app::org::scope::covers(&app.db, dee.id, carla.id)
            .await
            .unwrap()
    );
    // The same file again changes nothing.
    let pid = people::save_upload(&app.db, admin.id, "heads.csv", file)
        .await
        .unwrap();
    let again = people::apply(&app.db, pid).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 1));
    // A staff member cannot lead: the row is refused and nothing is written.
    let bad = format!(
        "email,name,role,site,department,manager_email,leads\n\
         {STAFF},Carla Ivanova,staff,{},,,site\n",
        site.name
    );
    let pid = people::save_upload(&app.db, admin.id, "bad.csv", bad)
        .await
        .unwrap();
    assert!(people::apply(&app.db, pid).await.is_err());
    let site_now = site::Entity::find_by_id(site.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(site_now.manager_id, site.manager_id);
    app.cleanup().await;
}
both_backends!(the_people_import_sets_leaders, import_sets_leaders);
