//! Public feedback links on SQLite and PostgreSQL: HR makes a link, a customer answers without
//! logging in and the answer counts for the link's unit; a replayed form, a second answer from
//! the same device on the same day, a bot that fills the honeypot and a flood from one address
//! are refused or ignored; a switched-off link takes no answers; the QR code and table card.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{department, feedback_link, feedback_link_rate, feedback_response};
use app::feedback::links::PER_SLOT;
use app::feedback::types::{Channel, LinkForm, Source};
use axum::body::Body;
use common::*;
use http::{Request, StatusCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

async fn count(app: &TestApp) -> u64 {
    feedback_response::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

/// Makes a link as HR and returns its slug.
async fn make(app: &TestApp, form: LinkForm) -> String {
    let hr = acting(app, HR).await;
    app::feedback::links::create(&app.db, &hr, &form)
        .await
        .unwrap();
    feedback_link::Entity::find()
        .order_by_desc(feedback_link::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .slug
}

/// Opens the form: its one-time token and the device cookie (when one was set).
async fn open(
    app: &TestApp,
    slug: &str,
    device: Option<&str>,
) -> (String, Option<String>, Response) {
    let mut req = Request::get(format!("/f/{slug}"));
    if let Some(d) = device {
        req = req.header("cookie", format!("rapport_device={d}"));
    }
    let res = app.request(req.body(Body::empty()).unwrap()).await;
    let token = res
        .body
        .split("name=\"form_token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let cookie = res
        .headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("rapport_device="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    (token, cookie, res)
}

async fn send(app: &TestApp, slug: &str, device: &str, fields: &[(&str, &str)]) -> Response {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = Request::post(format!("/f/{slug}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("rapport_device={device}"))
        .body(Body::from(body))
        .unwrap();
    app.request(req).await
}

both_backends!(
    a_customer_answers_once_a_day_without_an_account,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let dept = department::Entity::find()
            .filter(department::Column::SiteId.eq(site.id))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let slug = make(
            &app,
            LinkForm {
                site: site.id.to_string(),
                department: dept.id.to_string(),
                person: STAFF.to_uppercase(),
                channel: "restaurant".into(),
                ask_csat: Some("on".into()),
                ask_nps: Some("on".into()),
                ..LinkForm::default()
            },
        )
        .await;
        let (token, device, page) = open(&app, &slug, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("How did Carla look after you today?"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains(&site.name)
                && page.body.contains("name=\"nps\"")
                && !page.body.contains("name=\"ces\"")
        );
        assert!(
            !page.body.contains("/pkg/rapport.js") && !page.body.contains("<script"),
            "no bundle on the public page"
        );
        let device = device.expect("a device cookie");
        assert!(token.len() == 32);

        // A problem keeps nothing and says what to do; the same form can then be sent.
        let r = send(
            &app,
            &slug,
            &device,
            &[("form_token", &token), ("csat", "9")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body
                .contains("Choose how satisfied you were from 1 to 5."),
            "{}",
            r.body
        );
        // What the customer typed comes back as text, never as markup.
        let hostile = "</textarea><b id=\"evil\">bold</b>";
        let r = send(
            &app,
            &slug,
            &device,
            &[("form_token", &token), ("csat", "0"), ("comment", hostile)],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            !r.body.contains("<b id") && r.body.contains("&lt;/textarea&gt;"),
            "{}",
            r.body
        );
        let long = "x".repeat(1001);
        let r = send(
            &app,
            &slug,
            &device,
            &[("form_token", &token), ("csat", "4"), ("comment", &long)],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app).await, 0);

        let r = send(
            &app,
            &slug,
            &device,
            &[
                ("form_token", &token),
                ("csat", "2"),
                ("nps", "3"),
                ("comment", "Cold soup"),
                ("contact", "guest@example.com"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.headers["location"], format!("/f/{slug}/thanks"));
        let row = feedback_response::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.source, row.site_id, row.department_id, row.channel),
            (Source::Link, site.id, Some(dept.id), Channel::Restaurant)
        );
        assert!(row.person_id.is_some());
        assert_eq!((row.csat, row.nps, row.ces), (Some(2), Some(3), None));
        assert_eq!(
            (row.comment.as_deref(), row.contact.as_deref()),
            (Some("Cold soup"), Some("guest@example.com"))
        );
        let thanks = app.get(&format!("/f/{slug}/thanks"), None).await;
        assert!(thanks.body.contains("Thank you"));
        // An unhappy guest who left a contact: a follow-up for the site's manager, due in 48 hours.
        let f = app::entities::feedback_followup::Entity::find()
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].response_id, f[0].site_id), (row.id, site.id));
        assert_eq!(f[0].due_at - f[0].opened_at, chrono::Duration::hours(48));

        // The same post again: refused, nothing more kept.
        let r = send(
            &app,
            &slug,
            &device,
            &[("form_token", &token), ("csat", "5")],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("already sent"));
        // A new form from the same device the same day: thanked, not kept.
        let (again, _, _) = open(&app, &slug, Some(&device)).await;
        let r = send(
            &app,
            &slug,
            &device,
            &[("form_token", &again), ("csat", "5")],
        )
        .await;
        assert_eq!(r.headers["location"], format!("/f/{slug}/thanks?already=1"));
        assert_eq!(count(&app).await, 1);
        // Another device answers; a bot that fills the honeypot is thanked and ignored.
        let other = "0123456789abcdef0123456789abcdef";
        let (t2, _, _) = open(&app, &slug, Some(other)).await;
        let r = send(&app, &slug, other, &[("form_token", &t2), ("nps", "10")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let bot = "fedcba9876543210fedcba9876543210";
        let (t3, _, _) = open(&app, &slug, Some(bot)).await;
        let r = send(
            &app,
            &slug,
            bot,
            &[
                ("form_token", &t3),
                ("nps", "0"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(count(&app).await, 2);
        // A token made up, or one from another link: refused.
        let r = send(&app, &slug, bot, &[("form_token", "nope"), ("nps", "1")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(count(&app).await, 2);
        app.cleanup().await;
    }
);

both_backends!(
    floods_and_closed_links_are_refused,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let slug = make(
            &app,
            LinkForm {
                site: site.id.to_string(),
                channel: "front_desk".into(),
                ask_ces: Some("on".into()),
                ..LinkForm::default()
            },
        )
        .await;
        // The address's ten minutes are full (tests have no socket address: "unknown").
        let slot = chrono::Utc::now().timestamp().div_euclid(600);
        feedback_link_rate::ActiveModel {
            address: Set("unknown".into()),
            slot: Set(slot),
            count: Set(PER_SLOT),
        }
        .insert(&app.db)
        .await
        .unwrap();
        let device = "00000000000000000000000000000001";
        let (token, _, _) = open(&app, &slug, Some(device)).await;
        let r = send(&app, &slug, device, &[("form_token", &token), ("ces", "6")]).await;
        if chrono::Utc::now().timestamp().div_euclid(600) == slot {
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
            assert!(r.headers.get("retry-after").is_some());
            assert!(r.body.contains("try again in"));
            assert_eq!(count(&app).await, 0);
        }

        // Switched off: the page says so and takes no answers.
        let hr = app.login(HR).await;
        let id = feedback_link::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let r = app
            .call(
                "disable_feedback_link",
                &[("id", &id.to_string())],
                Some(&hr),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let page = app.get(&format!("/f/{slug}"), None).await;
        assert_eq!(page.status, StatusCode::GONE);
        assert!(page.body.contains("no longer in use"));
        let r = send(&app, &slug, device, &[("form_token", &token), ("ces", "6")]).await;
        assert_eq!(r.status, StatusCode::GONE);
        assert_eq!(
            app.get("/f/doesnotexist", None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/f/../../etc", None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(count(&app).await, 0);
        app.cleanup().await;
    }
);

both_backends!(
    links_have_a_qr_code_and_a_table_card,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        // HR makes links through the form; bad choices are named; staff may not.
        let hr = app.login(HR).await;
        let r = app
            .call(
                "create_feedback_link",
                &[
                    ("form[site]", &site.id.to_string()),
                    ("form[channel]", "front_desk"),
                    ("form[ask_nps]", "on"),
                ],
                Some(&hr),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        for (field, value, message) in [
            ("form[site]", "999999", "Choose the site"),
            ("form[department]", "999999", "Choose a department of"),
            (
                "form[person]",
                "nobody@example.com",
                "Nobody has the email address",
            ),
            (
                "form[channel]",
                "pigeon",
                "Choose where customers are served",
            ),
        ] {
            let mut form = vec![
                ("form[site]", site.id.to_string()),
                ("form[channel]", "phone".to_owned()),
                ("form[ask_nps]", "on".to_owned()),
            ];
            form.retain(|(k, _)| *k != field);
            form.push((field, value.to_owned()));
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = app.call("create_feedback_link", &form, Some(&hr)).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}: {}",
                r.body
            );
            assert!(r.body.contains(message), "{field}: {}", r.body);
        }
        let r = app
            .call(
                "create_feedback_link",
                &[
                    ("form[site]", &site.id.to_string()),
                    ("form[channel]", "phone"),
                ],
                Some(&hr),
            )
            .await;
        assert!(r.body.contains("at least one question"), "{}", r.body);
        let staff = app.login(STAFF).await;
        let r = app
            .call(
                "create_feedback_link",
                &[
                    ("form[site]", &site.id.to_string()),
                    ("form[channel]", "phone"),
                    ("form[ask_nps]", "on"),
                ],
                Some(&staff),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            feedback_link::Entity::find().count(&app.db).await.unwrap(),
            1
        );

        let slug = feedback_link::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .slug;
        let req = Request::get(format!("/f/{slug}/qr.svg"))
            .header("host", "rapport.example.com")
            .body(Body::empty())
            .unwrap();
        let qr = app.request(req).await;
        assert_eq!(qr.status, StatusCode::OK);
        assert_eq!(qr.headers["content-type"], "image/svg+xml");
        assert!(qr.body.contains("<svg") && qr.body.contains("<path"));
        let req = Request::get(format!("/f/{slug}/card"))
            .header("host", "rapport.example.com")
            .body(Body::empty())
            .unwrap();
        let card = app.request(req).await;
        assert!(
            card.body
                .contains(&format!("http://rapport.example.com/f/{slug}"))
                && card.body.contains(&site.name)
        );
        // A forged host cannot put markup in the card.
        let req = Request::get(format!("/f/{slug}/card"))
            .header("host", "x\"><b>evil")
            .body(Body::empty())
            .unwrap();
        let card = app.request(req).await;
        assert!(!card.body.contains("<b>evil"));
        // The list for HR shows the link with its answers.
        let page = app.get("/customers/links", Some(&hr)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("/f/{slug}/card")) && page.body.contains("asks NPS"));
        app.cleanup().await;
    }
);
