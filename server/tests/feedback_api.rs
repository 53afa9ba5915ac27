//! The feedback ingest API on SQLite and PostgreSQL: tokens scoped to sites and revocable, stored
//! hashed; batches all or nothing and idempotent on the response's id; every refusal as JSON that
//! names the field; the rate limit; the OpenAPI document and its example.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{api_token, feedback_response, site};
use app::feedback::api_doc::FIELDS;
use app::feedback::tokens::{self, PER_MINUTE};
use app::feedback::types::{Source, TokenForm};
use axum::body::Body;
use common::*;
use http::{Request, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

async fn send(app: &TestApp, token: Option<&str>, content_type: &str, body: String) -> Response {
    let mut req = Request::post("/api/v1/feedback").header("content-type", content_type);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    app.request(req.body(Body::from(body)).unwrap()).await
}

async fn post(app: &TestApp, token: &str, body: Value) -> Response {
    send(app, Some(token), "application/json", body.to_string()).await
}

async fn count(app: &TestApp) -> u64 {
    feedback_response::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

async fn sites(app: &TestApp) -> Vec<site::Model> {
    site::Entity::find()
        .order_by_asc(site::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

async fn token(app: &TestApp, name: &str, sites: &[i32]) -> String {
    let admin = acting(app, ADMIN).await;
    let form = TokenForm {
        name: name.into(),
        all_sites: sites.is_empty().then(|| "on".to_owned()),
        sites: sites
            .iter()
            .map(|s| (s.to_string(), "on".to_owned()))
            .collect(),
    };
    tokens::create(&app.db, &admin, &form).await.unwrap().secret
}

fn response(id: &str, site: Value) -> Value {
    json!({"external_id": id, "occurred_at": "2026-11-30T14:05:00Z", "site": site, "csat": 4})
}

fn fields(r: &Response) -> Vec<(u64, String)> {
    r.json()["error"]["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    (
                        p["index"].as_u64().unwrap(),
                        p["field"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

both_backends!(
    tokens_send_once_and_only_for_their_sites,
    |app: TestApp| async move {
        let all = sites(&app).await;
        let (here, elsewhere) = (&all[0], &all[1]);
        let secret = token(&app, "Guest kiosk", &[here.id]).await;
        // Stored as a fingerprint only.
        let stored = api_token::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(secret.starts_with("rpt_") && secret.len() > 60);
        assert!(stored.secret_hash != secret && !stored.secret_hash.contains(&secret[4..]));
        assert!(secret.starts_with(&stored.prefix));

        // One response, by site id.
        let r = post(&app, &secret, response("k-1", json!(here.id))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            (r.json()["added"].as_u64(), r.json()["already"].as_u64()),
            (Some(1), Some(0))
        );
        let row = feedback_response::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.source, row.origin.as_str(), row.site_id),
            (Source::Api, "API: Guest kiosk", here.id)
        );
        assert_eq!(row.occurred_at.to_string(), "2026-11-30 14:05:00");

        // A batch with it again and a new one by site name: one added, one already there.
        let r = post(
            &app,
            &secret,
            json!([
                response("k-1", json!(here.id)),
                response("k-2", json!(here.name.to_uppercase()))
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let j = r.json();
        assert_eq!(
            (j["added"].as_u64(), j["already"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(j["results"][0]["status"], "already");
        assert_eq!(j["results"][1]["status"], "added");
        assert_eq!(count(&app).await, 2);

        // A site the token may not send for: 403, and the good response beside it is not added.
        let r = post(
            &app,
            &secret,
            json!([
                response("k-3", json!(here.id)),
                response("k-4", json!(elsewhere.id))
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert_eq!(fields(&r), vec![(1, "site".to_owned())]);
        assert!(r.body.contains(&elsewhere.name));
        assert_eq!(count(&app).await, 2);

        // Revoked: refused from the next request.
        let admin = acting(&app, ADMIN).await;
        tokens::revoke(&app.db, &admin, stored.id).await.unwrap();
        let r = post(&app, &secret, response("k-5", json!(here.id))).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        assert!(r.headers.get("www-authenticate").is_some());
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("revoked")
        );

        // A replacement under the same name keeps the same responses once; every site allowed.
        let again = token(&app, "Guest kiosk", &[]).await;
        let r = post(
            &app,
            &again,
            json!([
                response("k-2", json!(here.id)),
                response("k-6", json!(elsewhere.name))
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            (r.json()["added"].as_u64(), r.json()["already"].as_u64()),
            (Some(1), Some(1))
        );
        // Two live tokens may not share a name.
        let form = TokenForm {
            name: "guest KIOSK".into(),
            all_sites: Some("on".into()),
            ..Default::default()
        };
        assert!(tokens::create(&app.db, &admin, &form).await.is_err());

        // The list never holds a secret; it says who may send for what.
        let list = tokens::list(&app.db, app::org::settings::time_zone("UTC").unwrap())
            .await
            .unwrap();
        assert_eq!(list.len(), 2);
        assert!(
            list.iter()
                .all(|t| !format!("{t:?}").contains(&secret[12..]))
        );
        assert_eq!(list[0].sites, "Every site");
        assert_eq!(list[1].sites, here.name);
        assert!(list[1].revoked.is_some() && list[1].last_used.is_some());
        app.cleanup().await;
    }
);

both_backends!(
    problems_are_named_by_response_and_field,
    |app: TestApp| async move {
        let all = sites(&app).await;
        let secret = token(&app, "Help desk", &[]).await;
        let good = response("h-1", json!(all[0].id));
        let r = post(
            &app,
            &secret,
            json!([
                good,
                {"external_id": "h-2", "occurred_at": "30/11/2026", "site": all[0].id, "csat": 7, "rating": 3},
                {"external_id": "h-3", "occurred_at": "2026-11-30", "site": "Nowhere Inn", "nps": 9},
                {"external_id": "h-1", "occurred_at": "2026-11-30T09:00", "site": all[0].id, "department": "Spa", "channel": "pigeon", "ces": 2},
                {"occurred_at": "2126-11-30", "site": all[0].id, "person": "nobody", "comment": "x".repeat(5001)},
                "not an object"
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let got = fields(&r);
        let want: Vec<(u64, String)> = [
            (1, "rating"),
            (1, "occurred_at"),
            (1, "csat"),
            (2, "site"),
            (3, "channel"),
            (3, "external_id"),
            (4, "external_id"),
            (4, "occurred_at"),
            (4, "person"),
            (4, "comment"),
            (4, ""),
            (5, ""),
        ]
        .iter()
        .map(|(i, f)| (*i, (*f).to_owned()))
        .collect();
        let mut sorted_got = got.clone();
        sorted_got.sort();
        let mut sorted_want = want.clone();
        sorted_want.sort();
        assert_eq!(sorted_got, sorted_want, "{}", r.body);
        assert!(
            r.body.contains("A whole number from 1 to 5, not 7."),
            "{}",
            r.body
        );
        assert_eq!(count(&app).await, 0, "all or nothing");

        // A department that is not the site's is named once the rest is right.
        let mut bad = response("h-9", json!(all[0].id));
        bad["department"] = json!("Spa");
        let r = post(&app, &secret, bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(fields(&r), vec![(0, "department".to_owned())]);

        // Offsets become the organisation's local time; names and emails match in any case.
        let r = post(
            &app,
            &secret,
            json!({"external_id": "h-10", "occurred_at": "2026-11-30T23:30:00-02:00", "site": all[0].name,
                   "department": "FRONT DESK", "person": STAFF.to_uppercase(), "channel": "Front desk", "nps": 10,
                   "comment": "  Lovely  ", "contact": "guest@example.com"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let row = feedback_response::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.day.to_string(), "2026-12-01");
        assert!(row.department_id.is_some() && row.person_id.is_some());
        assert_eq!(
            (row.nps, row.csat, row.comment.as_deref()),
            (Some(10), None, Some("Lovely"))
        );
        app.cleanup().await;
    }
);

both_backends!(
    what_the_api_cannot_read_is_refused_in_json,
    |app: TestApp| async move {
        let all = sites(&app).await;
        let secret = token(&app, "Bookings", &[]).await;
        let one = response("b-1", json!(all[0].id)).to_string();
        let r = send(&app, None, "application/json", one.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Bearer")
        );
        let r = send(&app, Some("rpt_0000"), "application/json", one.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = send(&app, Some(&secret), "text/plain", one.clone()).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
        let r = send(
            &app,
            Some(&secret),
            "application/json",
            "{\"external_id\": ".into(),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not valid JSON")
        );
        for body in ["[]", "42", "\"x\""] {
            let r = send(&app, Some(&secret), "application/json", body.into()).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        }
        let many: Vec<Value> = (0..1001)
            .map(|i| response(&format!("m-{i}"), json!(all[0].id)))
            .collect();
        let r = post(&app, &secret, json!(many)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
        let big = format!("[{}]", vec![one.as_str(); 40_000].join(","));
        let r = send(&app, Some(&secret), "application/json", big).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
        assert!(r.json()["error"]["message"].is_string(), "{}", r.body);
        // A full batch of 1,000 goes in.
        let full: Vec<Value> = (0..1000)
            .map(|i| response(&format!("f-{i}"), json!(all[i % all.len()].id)))
            .collect();
        let r = post(&app, &secret, json!(full)).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{}",
            &r.body[..200.min(r.body.len())]
        );
        assert_eq!(count(&app).await, 1000);
        app.cleanup().await;
    }
);

both_backends!(
    each_token_has_its_requests_a_minute,
    |app: TestApp| async move {
        let all = sites(&app).await;
        let secret = token(&app, "Chat", &[]).await;
        let other = token(&app, "Email survey", &[]).await;
        // Not at the very end of a minute, so the test's requests share one.
        let now = chrono::Utc::now();
        if now.timestamp().rem_euclid(60) > 50 {
            tokio::time::sleep(std::time::Duration::from_secs(11)).await;
        }
        let minute = chrono::Utc::now().timestamp().div_euclid(60);
        api_token::Entity::update_many()
            .col_expr(api_token::Column::WindowMinute, Expr::value(minute))
            .col_expr(api_token::Column::WindowCount, Expr::value(PER_MINUTE - 1))
            .filter(api_token::Column::Name.eq("Chat"))
            .exec(&app.db)
            .await
            .unwrap();
        let r = post(&app, &secret, response("c-1", json!(all[0].id))).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "the last request of the minute: {}",
            r.body
        );
        let r = post(&app, &secret, response("c-2", json!(all[0].id))).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        let wait: u32 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait));
        assert_eq!(count(&app).await, 1);
        // Another token has its own.
        let r = post(&app, &other, response("c-2", json!(all[0].id))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // The count is shared: a second instance sees the same full minute.
        let twin = app.another_instance().await;
        let r = post(&twin, &secret, response("c-3", json!(all[0].id))).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        app.cleanup().await;
    }
);

both_backends!(
    the_openapi_document_describes_what_is_accepted,
    |app: TestApp| async move {
        let r = app.get("/api/v1/openapi.json", None).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.json();
        assert_eq!(doc["openapi"], "3.0.3");
        let schema = &doc["components"]["schemas"]["Response"];
        let props: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        names.sort();
        let mut props_sorted = props.clone();
        props_sorted.sort();
        assert_eq!(props_sorted, names);
        assert_eq!(
            schema["required"],
            json!(["external_id", "occurred_at", "site"])
        );
        // The document's example is a request that works.
        let example =
            doc["paths"]["/api/v1/feedback"]["post"]["requestBody"]["content"]["application/json"]
                ["example"]
                .clone();
        let secret = token(&app, "Docs", &[]).await;
        let r = post(&app, &secret, example).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["added"], 2);
        // The readable page, for HR and admins; admins see the tokens.
        let hr = app.login(HR).await;
        let page = app.get("/customers/api", Some(&hr)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("external_id") && !page.body.contains("Create a token"));
        let admin = app.login(ADMIN).await;
        let page = app.get("/customers/api", Some(&admin)).await;
        assert!(page.body.contains("Create a token") && page.body.contains("Docs"));
        assert!(!page.body.contains(&secret));
        let staff = app.login(STAFF).await;
        let page = app.get("/customers/api", Some(&staff)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        app.cleanup().await;
    }
);

both_backends!(
    admins_create_tokens_through_the_form,
    |app: TestApp| async move {
        let all = sites(&app).await;
        let admin = app.login(ADMIN).await;
        let site_field = format!("form[sites][{}]", all[0].id);
        let r = app
            .call(
                "create_api_token",
                &[("form[name]", "Tablet"), (site_field.as_str(), "on")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let secret = r.json()["secret"].as_str().unwrap().to_owned();
        let ok = post(&app, &secret, response("t-1", json!(all[0].id))).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        let r = app
            .call(
                "create_api_token",
                &[("form[name]", "No sites")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let r = app
            .call(
                "create_api_token",
                &[("form[name]", "Bad"), ("form[sites][999999]", "on")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let hr = app.login(HR).await;
        let r = app
            .call(
                "create_api_token",
                &[("form[name]", "Sneaky"), ("form[all_sites]", "on")],
                Some(&hr),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let id = api_token::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let r = app
            .call("revoke_api_token", &[("id", &id.to_string())], Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let gone = post(&app, &secret, response("t-2", json!(all[0].id))).await;
        assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
        assert_eq!(api_token::Entity::find().count(&app.db).await.unwrap(), 1);
        app.cleanup().await;
    }
);
