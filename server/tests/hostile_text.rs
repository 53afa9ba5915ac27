//! Hostile text through every field a person types that others see, and every page that shows
//! it: the page must contain no element or attribute that the template did not put there.
//!
//! Later features add their fields to `seed` and their pages to the list it returns; the
//! strings in `HOSTILE` are the table every field gets.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::auth::service::CurrentUser;
use app::entities::{module, people_import, region, site, user};
use app::training::rules::editor::{DraftChoice, DraftMeta, DraftStep};
use app::training::service::{attempts, drafts};

use common::*;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// Each string tries to end the element or attribute it is written into and add its own; every
/// element or attribute it would add is marked `data-pwned` or is an event handler.
const HOSTILE: &[&str] = &[
    r#"</textarea><meta http-equiv="refresh" content="1;url=https://evil.example/" data-pwned>"#,
    r#"</title><script data-pwned>alert(1)</script>"#,
    r#"</script><img src=x onerror=alert(2) data-pwned>"#,
    r#"</style><b data-pwned>bold</b>"#,
    r#""><svg onload=alert(3) data-pwned>"#,
    r#"' data-pwned='1' onmouseover='alert(4)"#,
    "\u{202E}exe.txt\u{200F} right-to-left \u{200E}marks",
    "nul\u{0}byte",
    r#"<!-- a comment --> &amp; &lt;b&gt; entities stay text"#,
];

/// A string longer than any field allows: refused with a message, nothing stored.
fn very_long() -> String {
    format!("{}</textarea><b data-pwned>", "A".repeat(5000))
}

/// The table: each hostile string behind a marker that survives escaping, so the test can also
/// check that the page really shows the field.
fn table() -> Vec<(String, String)> {
    HOSTILE
        .iter()
        .map(|s| (*s).to_owned())
        .chain([very_long()])
        .enumerate()
        .map(|(i, s)| (format!("Zq{i}x"), s))
        .map(|(marker, s)| (marker.clone(), format!("{marker} {s}")))
        .collect()
}

/// Elements and attributes in `html` that no template writes.
fn injected(html: &str) -> Vec<String> {
    let mut emitter = DefaultEmitter::default();
    // Read `<textarea>`, `<title>`, `<script>` and `<style>` contents as the browser does.
    emitter.naively_switch_states(true);
    let mut found = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        let attr = |k: &str| tag.attributes.keys().any(|a| a.as_slice() == k.as_bytes());
        for key in tag.attributes.keys() {
            let key = String::from_utf8_lossy(key);
            if key == "data-pwned" || key.starts_with("on") {
                found.push(format!("<{name} {key}>"));
            }
        }
        if name == "meta" && attr("http-equiv") {
            found.push("<meta http-equiv>".into());
        }
        if name == "script" && !attr("nonce") {
            found.push("<script> without the page's nonce".into());
        }
        if matches!(
            name.as_str(),
            "img" | "iframe" | "object" | "embed" | "base"
        ) {
            found.push(format!("<{name}>"));
        }
    }
    found
}

#[derive(Clone, Copy, Debug)]
enum Viewer {
    Admin,
    Hr,
    Manager,
    Staff,
}

/// A page to render, who looks at it, and whether it must show the field.
struct Page {
    viewer: Viewer,
    path: String,
    shows: bool,
}

fn page(viewer: Viewer, path: impl Into<String>) -> Page {
    Page {
        viewer,
        path: path.into(),
        shows: true,
    }
}

async fn current(app: &TestApp, email: &str) -> CurrentUser {
    acting(app, email).await
}

fn multipart(field: &str, file_name: &str, text: &str) -> (String, String) {
    let boundary = "XBOUNDARYX";
    (
        format!("multipart/form-data; boundary={boundary}"),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n{text}\r\n--{boundary}--\r\n"
        ),
    )
}

async fn revision(app: &TestApp, pid: &str) -> String {
    use app::entities::scenario_draft;
    scenario_draft::Entity::find()
        .filter(scenario_draft::Column::Pid.eq(pid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .revision
        .to_string()
}

/// Writes `text` into every field a person can type, and returns the pages that show them.
/// A field that refuses the text must say why (422) and store nothing; its pages are skipped.
/// HR makes a public link for `at`; a guest on device `device` sends `answer` through it. Whether
/// it was kept.
async fn guest_answers(
    app: &TestApp,
    at: &site::Model,
    mut answer: app::feedback::links::AnswerForm,
    device: &str,
) -> bool {
    let hr = current(app, HR).await;
    let form = app::feedback::types::LinkForm {
        site: at.id.to_string(),
        channel: "web".into(),
        ask_csat: Some("on".into()),
        ..Default::default()
    };
    app::feedback::links::create(&app.db, &hr, &form)
        .await
        .unwrap();
    let link = app::entities::feedback_link::Entity::find()
        .order_by_desc(app::entities::feedback_link::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let link = app::feedback::links::find(&app.db, &link.slug)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    answer.form_token = app::feedback::links::issue_form(&app.db, &link, now)
        .await
        .unwrap();
    let tz = app::org::settings::time_zone("UTC").unwrap();
    // Each answer from its own address, so the per-address limit is not what is tested.
    let address = format!(
        "10.1.{}.{}",
        device.len(),
        device.bytes().map(u32::from).sum::<u32>() % 250
    );
    app::feedback::links::answer(&app.db, &link, &answer, device, &address, now, tz)
        .await
        .unwrap()
        == Ok(app::feedback::links::Answered::Kept)
}

async fn seed(app: &TestApp, i: usize, text: &str, admin: &str) -> Vec<Page> {
    use Viewer::*;
    let mut pages = vec![
        // A search term is shown back in the search box.
        page(Admin, format!("/people?q={}", enc(text))),
    ];
    let refused = |res: &Response, what: &str| {
        assert!(
            res.status == StatusCode::UNPROCESSABLE_ENTITY || res.status == StatusCode::OK,
            "{what}: {} {}",
            res.status,
            res.body
        );
        res.status != StatusCode::OK
    };

    // The organisation: region, site and department names.
    let res = app
        .call("create_region", &[("name", text)], Some(admin))
        .await;
    let mut site_id = String::new();
    let mut department_id = String::new();
    if !refused(&res, "region") {
        let r = region::Entity::find()
            .filter(region::Column::Name.eq(text.trim()))
            .one(&app.db)
            .await
            .unwrap()
            .expect("region stored as typed");
        let res = app
            .call(
                "create_site",
                &[("region_id", &r.id.to_string()), ("name", text)],
                Some(admin),
            )
            .await;
        if !refused(&res, "site") {
            let s = site::Entity::find()
                .filter(site::Column::RegionId.eq(r.id))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            site_id = s.id.to_string();
            let res = app
                .call(
                    "create_department",
                    &[("site_id", &site_id), ("name", text)],
                    Some(admin),
                )
                .await;
            if !refused(&res, "department") {
                use app::entities::department;
                department_id = department::Entity::find()
                    .filter(department::Column::SiteId.eq(s.id))
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .id
                    .to_string();
            }
        }
        pages.push(page(Admin, "/admin/organisation"));
        pages.push(page(Hr, "/"));
    }

    // A person's name, reporting to the demo manager.
    let manager = current(app, MANAGER).await;
    let email = format!("hostile{i}@harbourgroup.example");
    let res = app
        .call(
            "create_person",
            &[
                ("name", text),
                ("email", &email),
                ("role", "staff"),
                ("site", &site_id),
                ("department", &department_id),
                ("manager", &manager.id.to_string()),
                ("password", ""),
            ],
            Some(admin),
        )
        .await;
    if !refused(&res, "person") {
        let pid = app.pid_of(&email).await;
        pages.push(page(Admin, "/people"));
        pages.push(page(Admin, format!("/people/{pid}")));
        pages.push(page(Admin, format!("/admin/people/{pid}")));
        pages.push(page(Manager, "/"));
        pages.push(page(Manager, "/training/team"));
        // The recognition report names everyone (HR) and the manager's people.
        pages.push(page(Hr, "/recognition/report"));
        pages.push(page(Manager, "/recognition/report"));
    }

    // A people import: the file's name, the names in it, and a `leads` value (shown as typed
    // and quoted in its problem).
    let file_name = text.replace(['"', '\0', '\r', '\n'], "'");
    let csv = format!(
        "email,name,role,site,department,manager_email,leads\nimported{i}@harbourgroup.example,\"{0}\",staff,,,,\"{0}\"\n",
        text.replace('"', "\"\"")
    );
    let (content_type, body) = multipart("file", &file_name, &csv);
    let req = http::Request::post("/api/upload_people_csv")
        .header("content-type", content_type)
        .header("accept", "application/json")
        .header("cookie", format!("rapport_session={admin}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    let res = app.request(req).await;
    if !refused(&res, "people import") {
        let import = people_import::Entity::find()
            .filter(people_import::Column::FileName.eq(file_name.trim()))
            .one(&app.db)
            .await
            .unwrap();
        if let Some(import) = import {
            pages.push(page(Admin, format!("/admin/people/import/{}", import.pid)));
        }
    }

    // Recognition: a value's name and meaning (admins), and a recognition's message.
    let res = app
        .call(
            "create_value",
            &[("form[name]", text), ("form[meaning]", text)],
            Some(admin),
        )
        .await;
    if !refused(&res, "value") {
        pages.push(page(Admin, "/admin/values"));
    }
    let value = app::recognition::service::values::list(&app.db, false)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("a value")
        .pid;
    let other = app.pid_of(OTHER_STAFF).await;
    let giver = app.login(STAFF).await;
    let res = app
        .call(
            "give_recognition",
            &[
                ("input[recipients][0]", &other),
                ("input[value]", &value),
                ("input[message]", text),
                ("input[points]", ""),
                ("input[visibility]", "public"),
                ("input[request_key]", ""),
            ],
            Some(&giver),
        )
        .await;
    if !refused(&res, "recognition") {
        pages.push(page(Staff, "/recognition"));
        pages.push(page(Hr, "/recognition"));
        // The home page shows the newest recognition.
        pages.push(page(Staff, "/"));
        // A comment on it, by HR.
        use sea_orm::QueryOrder;
        let hr = app.login(HR).await;
        let newest = app::entities::recognition::Entity::find()
            .order_by_desc(app::entities::recognition::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .expect("the recognition")
            .pid;
        let res = app
            .call(
                "comment_recognition",
                &[("input[recognition]", &newest), ("input[body]", text)],
                Some(&hr),
            )
            .await;
        if !refused(&res, "comment") {
            pages.push(page(Manager, "/recognition"));
        }
    }
    // A reward's title and description (HR), on the catalogue pages.
    let hr_rewards = app.login(HR).await;
    let res = app
        .call(
            "create_reward",
            &[
                ("form[title]", text),
                ("form[description]", text),
                ("form[cost]", "10"),
                ("form[stock]", ""),
            ],
            Some(&hr_rewards),
        )
        .await;
    if !refused(&res, "reward") {
        pages.push(page(Hr, "/admin/rewards"));
        pages.push(page(Staff, "/recognition/rewards"));
    }
    // An award level's name (HR), on HR's awards page and the manager's award form.
    let res = app
        .call(
            "save_award_level",
            &[
                ("level", ""),
                ("name", text),
                ("points", &(1000 + i).to_string()),
            ],
            Some(&hr_rewards),
        )
        .await;
    if !refused(&res, "award level") {
        pages.push(page(Hr, "/admin/awards"));
        pages.push(page(Manager, "/recognition"));
    }

    // The yearly awards: a programme's and a category's name and description (HR), a nomination's
    // reason (staff), on the programme pages; then, announced, in the hall of fame.
    {
        use chrono::Datelike;
        let today = chrono::Utc::now().date_naive();
        let window = |from: chrono::NaiveDate, to: chrono::NaiveDate| {
            (
                from.format("%Y-%m-%d").to_string(),
                to.format("%Y-%m-%d").to_string(),
            )
        };
        let (opens, closes) = window(
            today - chrono::Duration::days(2),
            today + chrono::Duration::days(2),
        );
        let year = today.year().to_string();
        let programme = |name: String, opens: String, closes: String| {
            vec![
                ("form[name]", name),
                ("form[year]", year.clone()),
                ("form[opens_on]", opens),
                ("form[closes_on]", closes),
                ("form[nominators]", "everyone".to_owned()),
                ("form[per_nominator]", "3".to_owned()),
            ]
        };
        let args = programme(text.to_owned(), opens.clone(), closes.clone());
        let as_refs = |a: &[(&'static str, String)]| {
            a.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
        };
        let call = |endpoint: &'static str, args: Vec<(&'static str, String)>| {
            let hr = hr_rewards.clone();
            async move {
                let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call(endpoint, &pairs, Some(&hr)).await
            }
        };
        let name_kept = !refused(&call("create_programme", as_refs(&args)).await, "programme");
        let name = if !name_kept {
            let safe = format!("Awards {i}");
            let res = call(
                "create_programme",
                programme(safe.clone(), opens.clone(), closes.clone()),
            )
            .await;
            assert_eq!(res.status, StatusCode::OK, "programme: {}", res.body);
            safe
        } else {
            text.trim().to_owned()
        };
        let p = app::entities::award_programme::Entity::find()
            .filter(app::entities::award_programme::Column::Name.eq(name.clone()))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the programme")
            .pid;
        let category = |name: String, description: String| {
            vec![
                ("programme", p.clone()),
                ("form[name]", name),
                ("form[description]", description),
                ("form[subject]", "person".to_owned()),
                ("form[winners]", "1".to_owned()),
            ]
        };
        let res = call(
            "add_award_category",
            category(text.to_owned(), text.to_owned()),
        )
        .await;
        let category_kept = !refused(&res, "award category");
        if !category_kept {
            let res = call(
                "add_award_category",
                category(format!("Category {i}"), String::new()),
            )
            .await;
            assert_eq!(res.status, StatusCode::OK, "category: {}", res.body);
        }
        let c = app::entities::award_category::Entity::find()
            .filter(
                app::entities::award_category::Column::ProgrammeId.eq(
                    app::entities::award_programme::Entity::find()
                        .filter(app::entities::award_programme::Column::Pid.eq(p.clone()))
                        .one(&app.db)
                        .await
                        .unwrap()
                        .unwrap()
                        .id,
                ),
            )
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .pid;
        let staff = app.login(STAFF).await;
        let nominee = app.pid_of(OTHER_STAFF).await;
        let res = app
            .call(
                "nominate",
                &[
                    ("input[category]", &c),
                    ("input[nominee]", &nominee),
                    ("input[reason]", text),
                    ("input[request_key]", ""),
                ],
                Some(&staff),
            )
            .await;
        let nominated = !refused(&res, "nomination");
        let shown = |shows: bool, viewer: Viewer, path: String| Page {
            shows,
            ..page(viewer, path)
        };
        pages.push(shown(name_kept, Hr, "/recognition/programmes".into()));
        pages.push(shown(name_kept, Staff, "/recognition/programmes".into()));
        // Staff see the name and category; HR also the reasons on the shortlist.
        pages.push(shown(
            name_kept || category_kept,
            Staff,
            format!("/recognition/programmes/{p}"),
        ));
        pages.push(shown(
            name_kept || category_kept || nominated,
            Hr,
            format!("/recognition/programmes/{p}"),
        ));
        if nominated {
            // Closed in the past, the winner picked and announced: the hall of fame shows it.
            let (opens, closes) = window(
                today - chrono::Duration::days(40),
                today - chrono::Duration::days(10),
            );
            let mut args = programme(name.clone(), opens, closes);
            args.insert(0, ("programme", p.clone()));
            let res = call("update_programme", args).await;
            assert_eq!(res.status, StatusCode::OK, "update: {}", res.body);
            let res = call(
                "choose_winner",
                vec![
                    ("category", c.clone()),
                    ("nominee", nominee.clone()),
                    ("pick", "yes".into()),
                ],
            )
            .await;
            assert_eq!(res.status, StatusCode::OK, "choose: {}", res.body);
            let res = call("announce_programme", vec![("programme", p.clone())]).await;
            assert_eq!(res.status, StatusCode::OK, "announce: {}", res.body);
            pages.push(shown(
                category_kept,
                Staff,
                format!("/recognition/hall-of-fame?year={year}"),
            ));
            pages.push(shown(
                category_kept,
                Staff,
                format!("/recognition/programmes/{p}"),
            ));
        }
    }

    // An engagement survey: its title and a custom item, on the lists, the answer form, the item
    // bank, the results and the heatmap of items.
    {
        use app::entities::{survey, survey_item};
        use sea_orm::QueryOrder;
        let hr = app.login(HR).await;
        let res = app
            .call(
                "add_survey_item",
                &[("form[driver]", "growth"), ("form[text]", text)],
                Some(&hr),
            )
            .await;
        let item_kept = !refused(&res, "survey item");
        let item = survey_item::Entity::find()
            .order_by_desc(survey_item::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .pid;
        let today = chrono::Utc::now().date_naive();
        let (opens, closes) = (
            today.to_string(),
            (today + chrono::Duration::days(7)).to_string(),
        );
        let item_field = format!("form[items][item-{item}]");
        let survey_form = |title: &str| {
            vec![
                ("form[title]".to_owned(), title.to_owned()),
                ("form[kind]".to_owned(), "pulse".to_owned()),
                ("form[opens_on]".to_owned(), opens.clone()),
                ("form[closes_on]".to_owned(), closes.clone()),
                (item_field.clone(), "on".to_owned()),
                ("form[free_comment]".to_owned(), "on".to_owned()),
            ]
        };
        let post = |args: Vec<(String, String)>| {
            let hr = hr.clone();
            async move {
                let pairs: Vec<(&str, &str)> =
                    args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                app.call("create_survey", &pairs, Some(&hr)).await
            }
        };
        let title_kept = !refused(&post(survey_form(text)).await, "survey");
        if !title_kept {
            let res = post(survey_form(&format!("Survey {i}"))).await;
            assert_eq!(res.status, StatusCode::OK, "survey: {}", res.body);
        }
        let s = survey::Entity::find()
            .order_by_desc(survey::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .pid;
        let shown = |shows: bool, viewer: Viewer, path: String| Page {
            shows,
            ..page(viewer, path)
        };
        pages.push(shown(title_kept, Hr, "/surveys".into()));
        pages.push(shown(title_kept, Staff, "/surveys".into()));
        pages.push(shown(title_kept, Staff, "/".into()));
        pages.push(shown(
            title_kept || item_kept,
            Staff,
            format!("/surveys/{s}"),
        ));
        pages.push(shown(item_kept, Hr, "/surveys/items".into()));
        pages.push(shown(
            title_kept || item_kept,
            Hr,
            format!("/surveys/{s}/results"),
        ));
        pages.push(shown(
            title_kept || item_kept,
            Hr,
            format!("/surveys/{s}/heatmap?by=sites&items=yes"),
        ));
        // Ten people answer with the text as their free comment (the comment threshold), so
        // HR's comments page shows it.
        let answerers = user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .filter(user::Column::SiteId.is_not_null())
            .filter(user::Column::Email.ne(STAFF))
            .all(&app.db)
            .await
            .unwrap();
        let mut comment_kept = true;
        for u in answerers.iter().take(10) {
            let cookie = app.login(&u.email).await;
            let answer = format!("input[answers][item-{item}]");
            let mut res = app
                .call(
                    "answer_survey",
                    &[
                        ("input[survey]", &s),
                        (&answer, "4"),
                        ("input[comments][general]", text),
                    ],
                    Some(&cookie),
                )
                .await;
            if refused(&res, "survey comment") {
                comment_kept = false;
                res = app
                    .call(
                        "answer_survey",
                        &[("input[survey]", &s), (&answer, "4")],
                        Some(&cookie),
                    )
                    .await;
            }
            assert_eq!(res.status, StatusCode::OK, "answer: {}", res.body);
        }
        pages.push(shown(comment_kept, Hr, format!("/surveys/{s}/comments")));

        // An action plan on the survey: its action, on the plans page.
        let focus = format!("item-{item}");
        let res = app
            .call(
                "create_survey_plan",
                &[
                    ("form[survey]", &s),
                    ("form[unit]", ""),
                    ("form[focus]", &focus),
                ],
                Some(&hr),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "plan: {}", res.body);
        let plan = app::entities::survey_action_plan::Entity::find()
            .order_by_desc(app::entities::survey_action_plan::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .pid;
        let hr_pid = app.pid_of(HR).await;
        let add_action = |what: String| {
            let (hr, plan, hr_pid, closes) =
                (hr.clone(), plan.clone(), hr_pid.clone(), closes.clone());
            async move {
                app.call(
                    "add_survey_action",
                    &[
                        ("form[plan]", plan.as_str()),
                        ("form[text]", what.as_str()),
                        ("form[owner]", hr_pid.as_str()),
                        ("form[due_on]", closes.as_str()),
                    ],
                    Some(&hr),
                )
                .await
            }
        };
        let action_kept = !refused(&add_action(text.to_owned()).await, "action");
        if !action_kept {
            let res = add_action(format!("Action {i}")).await;
            assert_eq!(res.status, StatusCode::OK, "action: {}", res.body);
        }
        pages.push(shown(action_kept, Hr, format!("/surveys/{s}/plans")));

        // An internal-service survey across the company: ten people rate one department with
        // the text as their comment (the comment threshold), so its results page shows it.
        let res = post(vec![
            ("form[title]".to_owned(), format!("Internal service {i}")),
            ("form[kind]".to_owned(), "internal".to_owned()),
            ("form[reach]".to_owned(), "company".to_owned()),
            ("form[opens_on]".to_owned(), opens.clone()),
            ("form[closes_on]".to_owned(), closes.clone()),
        ])
        .await;
        assert_eq!(res.status, StatusCode::OK, "internal survey: {}", res.body);
        let internal = survey::Entity::find()
            .order_by_desc(survey::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .pid;
        let raters: Vec<&user::Model> = answerers.iter().take(10).collect();
        let rated = app::entities::department::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .find(|d| raters.iter().all(|u| u.department_id != Some(d.id)))
            .expect("a department none of the raters is in")
            .id;
        let (quality, ease, note) = (
            format!("input[answers][quality-{rated}]"),
            format!("input[answers][ease-{rated}]"),
            format!("input[comments][dept-{rated}]"),
        );
        let mut note_kept = true;
        for u in raters {
            let cookie = app.login(&u.email).await;
            let mut args = vec![
                ("input[survey]", internal.as_str()),
                (quality.as_str(), "4"),
                (ease.as_str(), "6"),
            ];
            if note_kept {
                args.push((note.as_str(), text));
            }
            let mut res = app.call("answer_survey", &args, Some(&cookie)).await;
            if note_kept && refused(&res, "internal comment") {
                note_kept = false;
                args.pop();
                res = app.call("answer_survey", &args, Some(&cookie)).await;
            }
            assert_eq!(res.status, StatusCode::OK, "ratings: {}", res.body);
        }
        pages.push(shown(
            note_kept,
            Hr,
            format!("/surveys/{internal}/internal"),
        ));
    }

    // A scenario written in the browser: every text field of the editor, then published. The
    // editor's forms refuse a NUL (as every form does); the rest is written through the service.
    let hr = current(app, HR).await;
    let slug = format!("hostile-{i}");
    let hr_cookie = app.login(HR).await;
    let res = app
        .call(
            "create_draft",
            &[("slug", &slug), ("title", text)],
            Some(&hr_cookie),
        )
        .await;
    let refused_by_form = refused(&res, "draft");
    let draft = if refused_by_form {
        None
    } else {
        use app::entities::scenario_draft;
        let d = scenario_draft::Entity::find()
            .filter(scenario_draft::Column::Slug.eq(slug.clone()))
            .one(&app.db)
            .await
            .unwrap()
            .expect("draft stored");
        Some(d.pid)
    };
    if let Some(draft) = draft {
        let meta = DraftMeta {
            title: text.into(),
            summary: text.into(),
            setting: "restaurant".into(),
            skills: vec!["listening".into()],
            minutes: "3".into(),
            mood: "30".into(),
            trust: "40".into(),
            start: "opening".into(),
            persona_name: text.into(),
            persona_situation: text.into(),
            persona_wants: text.into(),
        };
        let r = revision(app, &draft).await;
        drafts::update(&app.db, &hr, &draft, &r, move |d| d.set_meta(meta))
            .await
            .expect("meta");
        let choice = |next: &str, points: &str| DraftChoice {
            text: text.into(),
            feedback: text.into(),
            next: next.into(),
            points: points.into(),
            ..DraftChoice::default()
        };
        let opening = DraftStep {
            id: "opening".into(),
            narration: text.into(),
            customer: text.into(),
            choices: vec![
                choice("resolved", "listening +2"),
                choice("bad", "listening -2"),
            ],
            ..DraftStep::default()
        };
        let r = revision(app, &draft).await;
        drafts::update(&app.db, &hr, &draft, &r, move |d| {
            d.set_step("opening", opening)
        })
        .await
        .expect("opening");
        // The starter draft has a `resolved` step; `bad` is added.
        for (id, ending) in [("resolved", "magic"), ("bad", "misery")] {
            if id == "bad" {
                let r = revision(app, &draft).await;
                drafts::update(&app.db, &hr, &draft, &r, move |d| d.add_step(id))
                    .await
                    .expect("add");
            }
            let step = DraftStep {
                id: id.into(),
                narration: text.into(),
                ending: ending.into(),
                debrief: text.into(),
                ..DraftStep::default()
            };
            let r = revision(app, &draft).await;
            drafts::update(&app.db, &hr, &draft, &r, move |d| d.set_step(id, step))
                .await
                .expect("ending");
        }
        let r = revision(app, &draft).await;
        drafts::publish(&app.db, &hr, &draft, &r)
            .await
            .expect("a scenario with hostile text publishes");
        // Its next version's draft, holding the same text: the editor, its play-test, the list.
        let next = drafts::edit(&app.db, &hr, &slug).await.expect("edit");
        pages.push(page(Hr, format!("/training/drafts/{next}")));
        pages.push(page(Hr, format!("/training/drafts/{next}/test?path=0")));
        pages.push(page(Hr, "/training/drafts"));
        pages.push(page(Hr, format!("/training/library/{slug}")));
        pages.push(page(Hr, format!("/training/analytics?scenario={slug}")));

        // A module over it, with hostile title and description, assigned to the demo staff member.
        let res = app
            .call(
                "create_module",
                &[
                    ("title", text),
                    ("description", text),
                    ("pass_mark", "70"),
                    ("rule", "complete"),
                    ("scenarios[0]", &slug),
                ],
                Some(admin),
            )
            .await;
        if !refused(&res, "module") {
            let m = module::Entity::find()
                .filter(module::Column::Title.eq(text.trim()))
                .one(&app.db)
                .await
                .unwrap()
                .expect("module stored");
            let staff_pid = app.pid_of(STAFF).await;
            let res = app
                .call(
                    "assign_module",
                    &[
                        ("module", &m.pid),
                        ("target", &format!("person:{staff_pid}")),
                        ("due_on", "2099-01-01"),
                    ],
                    Some(admin),
                )
                .await;
            assert_eq!(res.status, StatusCode::OK, "assign: {}", res.body);
            pages.push(page(Hr, "/training/manage"));
            // The register's filters list every module, site and department by name.
            pages.push(page(Hr, "/training/certificate-register"));
        }
        // The learner's side: the library, a step in play, the debrief.
        let staff = current(app, STAFF).await;
        let attempt = attempts::start(&app.db, staff.id, slug.clone())
            .await
            .expect("start");
        pages.push(page(Staff, "/training"));
        pages.push(page(Staff, format!("/training/play/{attempt}")));
        let view = attempts::current(&app.db, staff.id, &attempt)
            .await
            .expect("view");
        let (choice, _) = view.choices[0].clone();
        attempts::choose(&app.db, staff.id, attempt.clone(), view.seq, choice)
            .await
            .expect("choose");
        pages.push(Page {
            shows: true,
            ..page(Staff, format!("/training/attempts/{attempt}"))
        });
    }
    // A guest's comment in an imported export, naming the demo staff member: on the site's guest
    // page for HR and on the staff member's own.
    {
        use app::feedback::import::{DateFormat, Mapping};
        use app::feedback::types::ImportMode;
        let staff = current(app, STAFF).await;
        let at = site::Entity::find_by_id(staff.site_id.expect("placed"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let csv = format!(
            "id,date,site,person,csat,comment\nh{i},2026-11-30,\"{}\",{STAFF},5,\"{}\"\n",
            at.name,
            text.replace('"', "\"\"")
        );
        let m = Mapping {
            origin: "hostile".into(),
            date: "date".into(),
            date_format: Some(DateFormat::Iso),
            site: "site".into(),
            person: Some("person".into()),
            csat: Some("csat".into()),
            comment: Some("comment".into()),
            external_id: Some("id".into()),
            ..Mapping::default()
        };
        let tz = app::org::settings::time_zone("UTC").unwrap();
        let r = app::feedback::service::import(
            &app.db,
            csv.as_bytes(),
            &m,
            ImportMode::SkipBadRows,
            tz,
            &mut |_| {},
        )
        .await
        .unwrap();
        let kept = r.added == 1;
        pages.push(Page {
            shows: kept,
            ..page(Hr, format!("/customers?unit=site:{}", at.id))
        });
        pages.push(Page {
            shows: kept,
            ..page(Staff, "/customers")
        });
    }
    // A customer's comment through a public feedback link, on the site's guest page.
    {
        let at = site::Entity::find().one(&app.db).await.unwrap().unwrap();
        let answer = app::feedback::links::AnswerForm {
            csat: "4".into(),
            comment: text.to_owned(),
            ..Default::default()
        };
        let kept = guest_answers(app, &at, answer, &format!("hostile-{i}")).await;
        pages.push(Page {
            shows: kept,
            ..page(Hr, format!("/customers?unit=site:{}", at.id))
        });
    }
    // An unhappy customer's comment and contact, and a manager's note, on the follow-up's pages.
    {
        let hr = current(app, HR).await;
        let at = site::Entity::find().one(&app.db).await.unwrap().unwrap();
        let contact: String = text.chars().take(200).collect();
        let answer = app::feedback::links::AnswerForm {
            csat: "1".into(),
            comment: text.to_owned(),
            contact: if contact.trim().is_empty() {
                "x@example.com".into()
            } else {
                contact
            },
            ..Default::default()
        };
        if guest_answers(app, &at, answer, &format!("unhappy-{i}")).await {
            let f = app::entities::feedback_followup::Entity::find()
                .order_by_desc(app::entities::feedback_followup::Column::Id)
                .one(&app.db)
                .await
                .unwrap()
                .expect("an unhappy answer with a contact opens a follow-up");
            // The manager's note with the same text (refused, with a message, when it cannot be
            // kept).
            if let Ok(step) = app::feedback::followup_service::parse_step("note", text, "") {
                app::feedback::followup_service::act(
                    &app.db,
                    &hr,
                    &f.pid,
                    step,
                    chrono::Utc::now(),
                )
                .await
                .unwrap();
            }
            pages.push(page(Hr, format!("/customers/follow-ups/{}", f.pid)));
            pages.push(page(Hr, "/customers/follow-ups"));
        }
    }
    // A feedback file's name, a cell of it and the source name typed for it, on the import pages.
    {
        let hr = current(app, HR).await;
        let cell = format!("\"{}\"", text.replace('"', "\"\""));
        let csv = format!("Date,Site,CSAT,Comment\r\n2026-11-30,{cell},5,{cell}\r\n");
        let mut upload = app::feedback::imports_service::Upload::begin(&app.db, hr.id, text)
            .await
            .unwrap();
        upload.push(&app.db, csv.as_bytes()).await.unwrap();
        if let Ok(pid) = upload.finish(&app.db).await {
            let form = app::feedback::imports_types::MappingForm {
                origin: text.to_owned(),
                date: "Date".into(),
                site: "Site".into(),
                csat: "CSAT".into(),
                comment: "Comment".into(),
                ..Default::default()
            };
            let tz = app::org::settings::time_zone("UTC").unwrap();
            let _ = app::feedback::imports_service::start(
                &app.db,
                hr.id,
                &pid,
                &form,
                &[],
                app::feedback::imports_service::Run::Check,
                tz,
            )
            .await;
            for _ in 0..200 {
                let p = app::feedback::imports_service::progress(&app.db, &pid)
                    .await
                    .unwrap();
                if !p.status.running() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            pages.push(Page {
                shows: false,
                ..page(Hr, format!("/customers/import/{pid}"))
            });
            pages.push(Page {
                shows: false,
                ..page(Hr, "/customers/import")
            });
        }
    }
    // An API token's name, in the admin's list of tokens.
    {
        let admin = current(app, ADMIN).await;
        let form = app::feedback::types::TokenForm {
            name: text.to_owned(),
            all_sites: Some("on".into()),
            ..Default::default()
        };
        let kept = app::feedback::tokens::create(&app.db, &admin, &form)
            .await
            .is_ok();
        pages.push(Page {
            shows: kept,
            ..page(Admin, "/customers/api")
        });
    }
    pages
}

async fn hostile_text_stays_text(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let cookies = [
        app.login(ADMIN).await,
        app.login(HR).await,
        app.login(MANAGER).await,
        app.login(STAFF).await,
    ];
    let mut failures = Vec::new();
    let mut rendered = 0;
    let mut stored = 0;
    for (i, (marker, text)) in table().into_iter().enumerate() {
        let pages = seed(&app, i, &text, &admin).await;
        stored += pages.len();
        for p in pages {
            let cookie = &cookies[p.viewer as usize];
            let res = app.get(&p.path, Some(cookie)).await;
            rendered += 1;
            if res.status != StatusCode::OK {
                failures.push(format!("{:?} {}: {}", p.viewer, p.path, res.status));
                continue;
            }
            let found = injected(&res.body);
            if !found.is_empty() {
                failures.push(format!(
                    "{:?} {} with {text:?}: {}",
                    p.viewer,
                    p.path,
                    found.join(", ")
                ));
            }
            if p.shows && !res.body.contains(&marker) {
                failures.push(format!("{:?} {} does not show {marker}", p.viewer, p.path));
            }
        }
    }
    // The over-long string was refused everywhere: nothing holds it.
    let long = user::Entity::find()
        .filter(user::Column::Name.contains("AAAAAAAAAA"))
        .one(&app.db)
        .await
        .unwrap();
    assert!(long.is_none(), "an over-long name was stored");
    assert!(
        failures.is_empty(),
        "{} problems in {rendered} rendered pages:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!(
        "{} hostile strings, {stored} field pages rendered, no foreign markup",
        table().len()
    );
    app.cleanup().await;
}
both_backends!(
    hostile_text_is_shown_as_text_on_every_page,
    hostile_text_stays_text
);
