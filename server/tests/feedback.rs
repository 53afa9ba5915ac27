//! Customer feedback on SQLite and PostgreSQL: importing CSV exports through a mapping, dry runs
//! that keep nothing, all-or-nothing and skip-bad-rows, idempotence on the source's ids (or the
//! rows' content), and values that match nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::entities::{department, feedback_response, site, user};
use app::error::AppError;
use app::feedback::import::Mapping;
use app::feedback::report::report;
use app::feedback::service::import;
use app::feedback::types::{Channel, ImportMode, ImportReport, Source, ValueKind};
use app::reporting::figures::Measure;
use app::reporting::period::Month;
use app::reporting::unit::Unit;
use common::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

async fn count(app: &TestApp) -> u64 {
    feedback_response::Entity::find()
        .count(&app.db)
        .await
        .unwrap()
}

async fn run(app: &TestApp, text: &str, m: &Mapping, mode: ImportMode) -> ImportReport {
    import(
        &app.db,
        text.as_bytes(),
        m,
        mode,
        app::org::settings::time_zone("UTC").unwrap(),
        &mut |_| {},
    )
    .await
    .unwrap()
}

fn mapping() -> Mapping {
    Mapping {
        origin: "Guest survey export".into(),
        date: "Date".into(),
        site: "Hotel".into(),
        department: Some("Department".into()),
        person: Some("Served by".into()),
        channel: Some("Channel".into()),
        csat: Some("Satisfaction".into()),
        nps: Some("Recommend".into()),
        comment: Some("Comment".into()),
        contact: Some("Email".into()),
        external_id: Some("Response ID".into()),
        channel_values: [("FD".to_owned(), Channel::FrontDesk)].into(),
        skip_sites: vec!["Old Mill Inn".into()],
        ..Mapping::default()
    }
}

both_backends!(
    imports_keep_all_or_nothing_and_never_twice,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let dept = department::Entity::find()
            .filter(department::Column::SiteId.eq(site.id))
            .order_by_asc(department::Column::Id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let staff = user::Entity::find()
            .filter(user::Column::Email.eq(STAFF))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let (s, d) = (&site.name, &dept.name);
        // Semicolons, a BOM, CRLF, a quoted comment over two lines, an extra column, blank ratings.
        let text = format!(
            "\u{feff}Response ID;Date;Hotel;Department;Served by;Channel;Satisfaction;Recommend;Comment;Email;Survey\r\n\
         r1;31/10/2026 09:15;{s};{d};{STAFF};FD;5;10;\"Carla was wonderful;\r\nthank you\";;web\r\n\
         r2;31/10/2026;{s};;;phone;2;;Waited an hour;guest@example.com;web\r\n\
         r3;01/11/2026 18:00;{s};;Nobody Known;chat;;7;;;web\r\n\
         r4;01/11/2026;Atlantis;;;FD;4;;;;web\r\n\
         r5;02/11/2026;Old Mill Inn;;;FD;4;;;;web\r\n"
        );
        let m = mapping();

        // A dry run counts and lists everything, and keeps nothing.
        let dry = run(&app, &text, &m, ImportMode::DryRun).await;
        assert_eq!(
            (
                dry.rows,
                dry.added,
                dry.already,
                dry.skipped,
                dry.bad,
                dry.without_person
            ),
            (5, 3, 0, 1, 1, 1),
            "{dry:#?}"
        );
        assert!(!dry.applied);
        assert_eq!(
            (dry.date_format.as_str(), dry.delimiter),
            ("DD-MM-YYYY", ';')
        );
        assert_eq!(dry.problems.len(), 1);
        assert_eq!(
            dry.problems[0].line, 6,
            "the quoted comment spans lines 2-3"
        );
        assert_eq!(dry.problems[0].message, "No site is called \"Atlantis\".");
        let kinds: Vec<(ValueKind, &str, u64)> = dry
            .unmatched
            .iter()
            .map(|u| (u.kind, u.value.as_str(), u.rows))
            .collect();
        assert!(
            kinds.contains(&(ValueKind::Site, "Atlantis", 1)),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&(ValueKind::Person, "Nobody Known", 1)),
            "{kinds:?}"
        );
        assert_eq!(count(&app).await, 0);

        // All or nothing: one bad row keeps nothing.
        let none = run(&app, &text, &m, ImportMode::AllOrNothing).await;
        assert!(!none.applied);
        assert_eq!(count(&app).await, 0);

        // Skipping bad rows keeps the three good ones, with what they said.
        let some = run(&app, &text, &m, ImportMode::SkipBadRows).await;
        assert!(some.applied);
        assert_eq!((some.added, some.bad), (3, 1));
        assert_eq!(count(&app).await, 3);
        let r1 = feedback_response::Entity::find()
            .filter(feedback_response::Column::ExternalId.eq("r1"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r1.site_id, site.id);
        assert_eq!(r1.department_id, Some(dept.id));
        assert_eq!(r1.person_id, Some(staff.id));
        assert_eq!(r1.channel, Channel::FrontDesk);
        assert_eq!((r1.csat, r1.nps, r1.ces), (Some(5), Some(10), None));
        assert_eq!(
            r1.comment.as_deref(),
            Some("Carla was wonderful;\r\nthank you")
        );
        assert_eq!(r1.source, Source::Import);
        assert_eq!(r1.occurred_at.to_string(), "2026-10-31 09:15:00");
        assert_eq!(r1.day.to_string(), "2026-10-31");
        let r2 = feedback_response::Entity::find()
            .filter(feedback_response::Column::ExternalId.eq("r2"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((r2.department_id, r2.person_id, r2.nps), (None, None, None));
        assert_eq!(r2.contact.as_deref(), Some("guest@example.com"));

        // The same file again adds nothing.
        let again = run(&app, &text, &m, ImportMode::SkipBadRows).await;
        assert_eq!((again.added, again.already), (0, 3));
        assert_eq!(count(&app).await, 3);

        // Mapping the unknown site to a real one lets the whole file in; only r4 is new.
        let mut mapped = mapping();
        mapped.site_names = [("atlantis".to_owned(), site.name.clone())].into();
        let all = run(&app, &text, &mapped, ImportMode::AllOrNothing).await;
        assert!(all.applied, "{all:#?}");
        assert_eq!((all.added, all.already, all.bad), (1, 3, 0));
        assert_eq!(count(&app).await, 4);

        // A file with problems in the whole of it changes nothing and says what is wrong.
        let err = import(
            &app.db,
            "When,Where\n2026-01-01,x\n".as_bytes(),
            &m,
            ImportMode::SkipBadRows,
            app::org::settings::time_zone("UTC").unwrap(),
            &mut |_| {},
        )
        .await
        .unwrap_err();
        let AppError::Invalid(msg) = err else {
            panic!("{err:?}")
        };
        assert!(msg.contains("no column \"Date\""), "{msg}");
        assert!(msg.contains("\"When\", \"Where\""), "{msg}");
        assert_eq!(count(&app).await, 4);

        // Monthly unit figures, as every pillar gives them: October at the site is r1 (CSAT 5, NPS
        // 10) and r2 (CSAT 2); November r3 (NPS 7) and r4 (CSAT 4). The company is the sum of sites.
        let oct = Month::new(2026, 10).unwrap();
        let figures = app::feedback::service::monthly(&app.db, oct, oct.next())
            .await
            .unwrap();
        let get = |unit: Unit, month: Month, m: Measure| {
            figures
                .iter()
                .find(|f| f.unit == unit && f.month == month && f.measure == m)
                .map(|f| (f.value, f.n))
        };
        let at = Unit::Site(site.id);
        assert_eq!(get(at, oct, Measure::CustomerCsat), Some((50.0, 2)));
        assert_eq!(get(at, oct, Measure::CustomerNps), Some((100.0, 1)));
        assert_eq!(get(at, oct, Measure::CustomerEffort), None);
        assert_eq!(
            get(Unit::Department(dept.id), oct, Measure::CustomerCsat),
            Some((100.0, 1))
        );
        assert_eq!(get(at, oct.next(), Measure::CustomerCsat), Some((100.0, 1)));
        assert_eq!(get(at, oct.next(), Measure::CustomerNps), Some((0.0, 1)));
        assert_eq!(
            get(Unit::Company, oct, Measure::CustomerCsat),
            Some((50.0, 2))
        );
        // HR downloads them; a manager may not; figures of fewer than k responses are hidden.
        let hr = app.login(HR).await;
        let csv = app
            .get(
                "/reports/customer-figures.csv?period=2026-10-01..2026-11-30",
                Some(&hr),
            )
            .await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        assert!(csv.body.contains("customer.csat") && csv.body.contains("fewer than 5 people"));
        let mgr = app.login(MANAGER).await;
        let r = app
            .get(
                "/reports/customer-figures.csv?period=2026-10-01..2026-11-30",
                Some(&mgr),
            )
            .await;
        assert_eq!(r.status, 403);
        app.cleanup().await;
    }
);

both_backends!(
    files_without_ids_are_named_by_their_content,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let s = &site.name;
        // Two guests gave the same answer at the same time: two responses. US dates, comma, LF.
        let text = format!("date,site,nps\n03/31/2026,{s},9\n03/31/2026,{s},9\n04/01/2026,{s},3\n");
        let m = Mapping {
            origin: "Kiosk".into(),
            date: "Date".into(),
            site: "Site".into(),
            nps: Some("NPS".into()),
            ..Mapping::default()
        };
        let first = run(&app, &text, &m, ImportMode::AllOrNothing).await;
        assert_eq!((first.added, first.date_format.as_str()), (3, "MM/DD/YYYY"));
        let second = run(&app, &text, &m, ImportMode::AllOrNothing).await;
        assert_eq!((second.added, second.already), (0, 3));
        // One more identical line in a longer export is one more response.
        let longer = format!("{text}03/31/2026,{s},9\n");
        let third = run(&app, &longer, &m, ImportMode::AllOrNothing).await;
        assert_eq!((third.added, third.already), (1, 3));
        // Another source's identical file is its own.
        let other = Mapping {
            origin: "Tablet".into(),
            ..m.clone()
        };
        assert_eq!(
            run(&app, &text, &other, ImportMode::AllOrNothing)
                .await
                .added,
            3
        );
        assert_eq!(count(&app).await, 7);
        app.cleanup().await;
    }
);

// Guest tracking on the demo's year of feedback: the story it tells (one site improving, one
// declining, a department behind its peers) shows in the league tables and movers, and each role
// sees only its own.
both_backends!(
    guest_tracking_tells_each_role_its_own,
    |app: TestApp| async move {
        server::demo_feedback::seed(&app.db).await.unwrap();
        let n = count(&app).await;
        assert!((25_000..35_000).contains(&n), "{n} demo responses");
        let today = chrono::Utc::now().date_naive();
        let hr = acting(&app, HR).await;
        let all = report(&app.db, &hr, "", today).await.unwrap();
        assert_eq!(all.unit_label, "All sites");
        assert_eq!(all.leagues.len(), 2);
        assert!(all.leagues.iter().all(|l| l.rows.len() == 3));
        for l in &all.leagues {
            // Ranked by the lower bound, which always sits inside the interval around the share.
            assert!(l.rows.windows(2).all(|w| w[0].low >= w[1].low));
            assert!(
                l.rows
                    .iter()
                    .all(|r| r.low <= r.csat && r.csat <= r.high && !r.small)
            );
        }
        let improved: Vec<&str> = all.improved.iter().map(|m| m.site.as_str()).collect();
        let declined: Vec<&str> = all.declined.iter().map(|m| m.site.as_str()).collect();
        assert!(improved.contains(&"Harbour View Hotel"), "{improved:?}");
        assert!(declined.contains(&"Lakeside Lodge"), "{declined:?}");
        assert_eq!(all.months.len(), 12);
        assert!(
            all.months.iter().all(|m| m.figures.csat_n > 50),
            "{:?}",
            all.months
        );
        assert!(all.can_download && all.comments.len() == 20);
        // Week by week, and the 90 days by channel and by person: the channels add up.
        assert_eq!(all.weeks.len(), 13);
        assert!(all.weeks.iter().all(|w| w.figures.responses > 0));
        let by_channel: u32 = all.channels.iter().map(|c| c.figures.responses).sum();
        assert_eq!(by_channel, all.headline.responses);
        assert!(
            all.channels
                .windows(2)
                .all(|w| w[0].figures.responses >= w[1].figures.responses)
        );
        assert!(!all.people.is_empty());

        let old_town = site::Entity::find()
            .filter(site::Column::Name.eq("Old Town Suites"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let r = report(&app.db, &hr, &format!("site:{}", old_town.id), today)
            .await
            .unwrap();
        let behind: Vec<&str> = r
            .departments
            .iter()
            .filter(|d| d.behind)
            .map(|d| d.department.as_str())
            .collect();
        assert_eq!(behind, ["Housekeeping"]);
        assert_eq!(r.compare.len(), 3, "site, region, all sites");
        assert_eq!(r.leagues.len(), 1, "its own region");

        // A manager: the sites they lead and their own, with departments; no league tables.
        let manager = acting(&app, MANAGER).await;
        let mine = report(&app.db, &manager, "", today).await.unwrap();
        assert!(mine.unit.starts_with("site:"));
        assert!(
            mine.units
                .iter()
                .all(|(k, _)| k.starts_with("site:") || k.starts_with("department:"))
        );
        assert!(mine.leagues.is_empty() && !mine.can_download && !mine.departments.is_empty());
        // One of their departments, by channel: it adds up to the department's responses.
        let (dept_key, _) = mine
            .units
            .iter()
            .find(|(k, _)| k.starts_with("department:"))
            .unwrap();
        let d = report(&app.db, &manager, dept_key, today).await.unwrap();
        let by_channel: u32 = d.channels.iter().map(|c| c.figures.responses).sum();
        assert!(d.headline.responses > 0);
        assert_eq!(by_channel, d.headline.responses);
        let elsewhere = format!("site:{}", old_town.id);
        if !mine.units.iter().any(|(k, _)| *k == elsewhere) {
            let err = report(&app.db, &manager, &elsewhere, today)
                .await
                .unwrap_err();
            assert!(matches!(err, AppError::Forbidden), "{err:?}");
        }

        // Staff: their own site, and only the comments that name them.
        let staff = acting(&app, STAFF).await;
        let own = report(&app.db, &staff, "", today).await.unwrap();
        assert_eq!(own.units.len(), 1);
        assert_eq!(own.unit, format!("site:{}", staff.site_id.unwrap()));
        assert!(own.departments.is_empty() && own.leagues.is_empty());
        assert!(!own.comments.is_empty(), "the demo names staff in comments");
        assert!(
            own.people.is_empty(),
            "staff do not see their colleagues' figures"
        );
        assert!(!own.channels.is_empty());
        assert!(
            own.comments
                .iter()
                .all(|c| c.served_by.as_deref() == Some(staff.name.as_str()))
        );
        let dept = format!("department:{}", staff.department_id.unwrap());
        let err = report(&app.db, &staff, &dept, today).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden), "{err:?}");
        let err = report(&app.db, &hr, "planet:3", today).await.unwrap_err();
        assert!(
            matches!(err, AppError::Invalid(ref m) if m.contains("from the list")),
            "{err:?}"
        );
        let err = report(&app.db, &hr, "site:999999", today)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound(_)), "{err:?}");

        // The page renders on the server for each of them.
        for who in [STAFF, MANAGER, HR] {
            let cookie = app.login(who).await;
            let page = app.get("/customers", Some(&cookie)).await;
            assert_eq!(page.status, 200);
            assert!(page.body.contains("Guest satisfaction") && page.body.contains("Last 90 days"));
        }
        app.cleanup().await;
    }
);

// Customers' contacts are kept for the retention period admins set, then removed (the rest of the
// response stays); an import of old feedback keeps none past it.
both_backends!(
    contacts_are_removed_after_the_retention_period,
    |app: TestApp| async move {
        let site = first_site(&app).await;
        let s = &site.name;
        let today = chrono::Utc::now().date_naive();
        let day = |ago: i64| {
            (today - chrono::Duration::days(ago))
                .format("%Y-%m-%d")
                .to_string()
        };
        let text = format!(
            "id,date,site,csat,email\nold,{},{s},2,old@example.com\nnew,{},{s},1,new@example.com\n",
            day(40),
            day(10)
        );
        let m = Mapping {
            origin: "Retention".into(),
            date: "date".into(),
            site: "site".into(),
            csat: Some("csat".into()),
            contact: Some("email".into()),
            external_id: Some("id".into()),
            ..Mapping::default()
        };
        // 90 days by default: both kept.
        assert_eq!(
            run(&app, &text, &m, ImportMode::AllOrNothing).await.added,
            2
        );
        let contacts = |app: &TestApp| {
            let db = app.db.clone();
            async move {
                let mut all: Vec<(String, Option<String>, Option<i16>)> =
                    feedback_response::Entity::find()
                        .all(&db)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|r| (r.external_id, r.contact, r.csat))
                        .collect();
                all.sort();
                all
            }
        };
        assert_eq!(
            app::feedback::service::forget_old_contacts(&app.db)
                .await
                .unwrap(),
            0
        );
        // An admin keeps them 30 days: the older one goes, its rating stays.
        let form = app::org::types::SettingsForm {
            time_zone: "UTC".into(),
            threshold: "5".into(),
            comment_threshold: "10".into(),
            contact_days: "30".into(),
        };
        app::org::settings::save(&app.db, &form).await.unwrap();
        assert_eq!(
            app::feedback::service::forget_old_contacts(&app.db)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            contacts(&app).await,
            vec![
                (
                    "new".to_owned(),
                    Some("new@example.com".to_owned()),
                    Some(1)
                ),
                ("old".to_owned(), None, Some(2)),
            ]
        );
        // Importing old feedback again keeps no contact past the period.
        let older = format!(
            "id,date,site,csat,email\nolder,{},{s},2,x@example.com\n",
            day(60)
        );
        assert_eq!(
            run(&app, &older, &m, ImportMode::AllOrNothing).await.added,
            1
        );
        assert!(
            contacts(&app)
                .await
                .iter()
                .all(|(id, c, _)| id == "new" || c.is_none())
        );
        app.cleanup().await;
    }
);
