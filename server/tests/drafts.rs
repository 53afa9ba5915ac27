//! Writing scenarios in the browser, on real SQLite and PostgreSQL: drafts, problems placed at their
//! step, publishing as a version (old attempts keep theirs), conflicts, managers' drafts, play-tests
//! and the editor's form encoding over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use app::auth::service::CurrentUser;
use app::entities::{scenario_draft, user};
use app::error::AppError;
use app::training::rules::editor::{DraftChoice, DraftMeta, DraftStep};
use app::training::service::{attempts, drafts, imports, modules, scenarios};
use common::*;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn me(app: &TestApp, email: &str) -> CurrentUser {
    acting(app, email).await
}

async fn revision(app: &TestApp, pid: &str) -> String {
    scenario_draft::Entity::find()
        .filter(scenario_draft::Column::Pid.eq(pid))
        .one(&app.db)
        .await
        .expect("q")
        .expect("draft")
        .revision
        .to_string()
}

fn choice(text: &str, next: &str, points: &str) -> DraftChoice {
    DraftChoice {
        text: text.into(),
        feedback: format!("Why: {text}"),
        next: next.into(),
        points: points.into(),
        mood: "20".into(),
        ..DraftChoice::default()
    }
}

/// The smallest sound scenario, written through the editor's operations.
async fn write_small_scenario(app: &TestApp, who: &CurrentUser, pid: &str) {
    let meta = DraftMeta {
        title: "Cold soup".into(),
        summary: "A diner's soup arrives cold.".into(),
        setting: "restaurant".into(),
        skills: vec!["listening".into(), "speed".into()],
        minutes: "3".into(),
        mood: "30".into(),
        trust: "40".into(),
        start: "opening".into(),
        persona_name: "Mia".into(),
        persona_situation: "Lunch break, twenty minutes left.".into(),
        persona_wants: "Hot soup, quickly.".into(),
    };
    let rev = revision(app, pid).await;
    drafts::update(&app.db, who, pid, &rev, move |d| d.set_meta(meta))
        .await
        .expect("meta");
    let opening = DraftStep {
        id: "opening".into(),
        narration: "Mia waves you over.".into(),
        customer: "This soup is cold.".into(),
        choices: vec![
            choice(
                "Apologise and bring a hot bowl now.",
                "resolved",
                "speed +3, listening +1",
            ),
            choice("Say the kitchen is busy.", "lost", "listening -2"),
        ],
        ..DraftStep::default()
    };
    let rev = revision(app, pid).await;
    drafts::update(&app.db, who, pid, &rev, move |d| {
        d.set_step("opening", opening)
    })
    .await
    .expect("opening");
    let resolved = DraftStep {
        id: "resolved".into(),
        narration: "A hot bowl arrives in two minutes.".into(),
        ending: "magic".into(),
        debrief: "Fix first, explain later.".into(),
        ..DraftStep::default()
    };
    let rev = revision(app, pid).await;
    drafts::update(&app.db, who, pid, &rev, move |d| {
        d.set_step("resolved", resolved)
    })
    .await
    .expect("resolved");
    let rev = revision(app, pid).await;
    drafts::update(&app.db, who, pid, &rev, |d| d.add_step("lost"))
        .await
        .expect("add");
    let lost = DraftStep {
        id: "lost".into(),
        narration: "Mia leaves without paying.".into(),
        ending: "misery".into(),
        debrief: "Excuses cost the guest.".into(),
        ..DraftStep::default()
    };
    let rev = revision(app, pid).await;
    drafts::update(&app.db, who, pid, &rev, move |d| d.set_step("lost", lost))
        .await
        .expect("lost");
}

async fn new_scenario_with_warnings_then_publish(app: TestApp) {
    let hr = me(&app, HR).await;
    let pid = drafts::create(&app.db, &hr, "cold-soup", "Cold soup")
        .await
        .expect("create");
    // The id is taken now, by the draft and, for existing scenarios, by the library.
    assert!(matches!(
        drafts::create(&app.db, &hr, "cold-soup", "Again").await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        drafts::create(&app.db, &hr, "double-charge", "Clash").await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        drafts::create(&app.db, &hr, "Bad Id", "Clash").await,
        Err(AppError::Invalid(_))
    ));
    write_small_scenario(&app, &hr, &pid).await;
    let v = drafts::view(&app.db, &hr, &pid).await.expect("view");
    assert!(v.problems.is_empty(), "{:?}", v.problems);

    // An unreachable step, and a mood that is not a number: each problem at its step and choice.
    let rev = revision(&app, &pid).await;
    drafts::update(&app.db, &hr, &pid, &rev, |d| d.add_step("manager"))
        .await
        .expect("add");
    let rev = revision(&app, &pid).await;
    drafts::update(&app.db, &hr, &pid, &rev, |d| {
        let mut st = d.steps[0].clone();
        st.choices[1].mood = "very".into();
        d.set_step("opening", st)
    })
    .await
    .expect("saved despite problems: a draft keeps what was typed");
    let v = drafts::view(&app.db, &hr, &pid).await.expect("view");
    let at_manager: Vec<_> = v
        .problems
        .iter()
        .filter(|p| p.step.as_deref() == Some("manager"))
        .collect();
    assert!(
        at_manager.iter().any(|p| p.message.contains("reach")),
        "{:?}",
        v.problems
    );
    assert!(
        v.map
            .nodes
            .iter()
            .any(|n| n.id == "manager" && n.unreachable)
    );
    let mood = v
        .problems
        .iter()
        .find(|p| p.field == "mood")
        .expect("mood problem");
    assert_eq!(
        (mood.step.as_deref(), mood.choice),
        (Some("opening"), Some(1))
    );
    assert_eq!(v.draft.steps[0].choices[1].mood, "very", "kept as typed");

    // Publishing is refused while problems remain, and nothing is stored.
    let rev = revision(&app, &pid).await;
    let err = drafts::publish(&app.db, &hr, &pid, &rev)
        .await
        .expect_err("problems");
    assert!(err.to_string().contains("Nothing was published"), "{err}");
    assert!(scenarios::export(&app.db, "cold-soup").await.is_err());

    // Play-testing works on the draft as it is, and records nothing.
    let before = app::entities::attempt::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    let t = drafts::playtest(&app.db, &hr, &pid, "")
        .await
        .expect("start");
    assert_eq!((t.step.as_str(), t.choices.len()), ("opening", 2));
    assert_eq!(t.problems, v.problems.len());
    let t = drafts::playtest(&app.db, &hr, &pid, "0")
        .await
        .expect("play");
    let end = t.ending.expect("ending");
    assert_eq!(end.key, "magic");
    // The best of the open choices, ending in a moment of magic: full marks.
    assert_eq!(end.score, 100);
    assert!(t.last.expect("feedback").2 > 0);
    assert!(drafts::playtest(&app.db, &hr, &pid, "0.1").await.is_err());
    assert!(drafts::playtest(&app.db, &hr, &pid, "x").await.is_err());
    assert_eq!(
        app::entities::attempt::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        before
    );

    // Fix both problems, publish: version 1 of a new, published scenario; the draft is gone.
    let rev = revision(&app, &pid).await;
    drafts::update(&app.db, &hr, &pid, &rev, |d| {
        let mut st = d.steps[0].clone();
        st.choices[1].mood = "-10".into();
        d.set_step("opening", st)?;
        d.remove_step("manager")
    })
    .await
    .expect("fix");
    let rev = revision(&app, &pid).await;
    let (slug, msg) = drafts::publish(&app.db, &hr, &pid, &rev)
        .await
        .expect("publish");
    assert_eq!(slug, "cold-soup");
    assert!(msg.contains("version 1"), "{msg}");
    let (_, text) = scenarios::export(&app.db, "cold-soup")
        .await
        .expect("export");
    let s = app::training::files::format::parse("cold-soup.toml", &text).expect("valid");
    assert_eq!(s.steps.len(), 3);
    assert_eq!(s.steps[0].choices[1].mood, -10);
    assert_eq!(
        scenario_draft::Entity::find()
            .count(&app.db)
            .await
            .expect("n"),
        0
    );
    app.cleanup().await;
}
both_backends!(
    new_scenario_with_warnings_then_publish,
    new_scenario_with_warnings_then_publish
);

async fn editing_a_published_scenario_makes_a_new_version(app: TestApp) {
    let hr = me(&app, HR).await;
    let admin = me(&app, ADMIN).await;
    let staff = me(&app, STAFF).await;
    // A finished attempt on version 1.
    let attempt = attempts::start(&app.db, staff.id, "double-charge".into())
        .await
        .expect("start");
    loop {
        let v = attempts::current(&app.db, staff.id, &attempt)
            .await
            .expect("view");
        if v.finished {
            break;
        }
        attempts::choose(&app.db, staff.id, attempt.clone(), v.seq, v.choices[0].0)
            .await
            .expect("choose");
    }

    let pid = drafts::edit(&app.db, &hr, "double-charge")
        .await
        .expect("edit");
    assert_eq!(
        drafts::edit(&app.db, &admin, "double-charge")
            .await
            .expect("again"),
        pid,
        "one draft per scenario"
    );
    let v = drafts::view(&app.db, &hr, &pid).await.expect("view");
    assert_eq!(v.base_version, Some(1));
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    // Learners still get version 1 while the draft is open.
    let (_, text) = scenarios::export(&app.db, "double-charge")
        .await
        .expect("export");
    assert!(!text.contains("Good morning, and sorry"));

    // Admin opened the page at this revision; HR saves first; admin's save is refused, unchanged.
    let stale = revision(&app, &pid).await;
    drafts::update(&app.db, &hr, &pid, &stale, |d| {
        let mut st = d.steps[0].clone();
        st.customer = "Good morning, and sorry: you've charged me twice.".into();
        d.set_step(&st.id.clone(), st)
    })
    .await
    .expect("hr saves");
    let err = drafts::update(&app.db, &admin, &pid, &stale, |d| {
        d.steps[0].narration = "Overwritten".into();
        Ok(())
    })
    .await
    .expect_err("stale");
    assert!(matches!(err, AppError::Conflict(_)), "{err}");
    let v = drafts::view(&app.db, &admin, &pid).await.expect("view");
    assert_ne!(v.draft.steps[0].narration, "Overwritten");

    let rev = revision(&app, &pid).await;
    let (_, msg) = drafts::publish(&app.db, &hr, &pid, &rev)
        .await
        .expect("publish");
    assert!(msg.contains("version 2"), "{msg}");
    let (_, text) = scenarios::export(&app.db, "double-charge")
        .await
        .expect("export");
    assert!(text.contains("Good morning, and sorry"));
    // The old attempt keeps version 1.
    let d = attempts::debrief(&app.db, &staff, &attempt)
        .await
        .expect("debrief");
    assert_eq!(d.version, 1);
    let detail = scenarios::detail(&app.db, "double-charge")
        .await
        .expect("detail");
    assert_eq!(detail.versions.len(), 2);
    assert_eq!(detail.versions[1].attempts, 1);
    assert_eq!(detail.draft, None);

    // A draft started from version 2 cannot be published over a version 3 imported meanwhile.
    let pid = drafts::edit(&app.db, &hr, "double-charge")
        .await
        .expect("edit");
    let mut s = app::training::files::format::parse("x.toml", &text).expect("valid");
    s.summary = "Imported meanwhile.".into();
    imports::import(
        &app.db,
        Some(admin.id),
        vec![(
            "double-charge.toml".into(),
            app::training::files::format::export(&s),
        )],
    )
    .await
    .expect("import v3");
    let rev = revision(&app, &pid).await;
    let err = drafts::publish(&app.db, &hr, &pid, &rev)
        .await
        .expect_err("stale base");
    assert!(err.to_string().contains("Version 3"), "{err}");
    assert_eq!(
        scenarios::detail(&app.db, "double-charge")
            .await
            .expect("detail")
            .versions
            .len(),
        3
    );
    drafts::discard(&app.db, &hr, &pid).await.expect("discard");

    // Duplicate: a draft of a new scenario under a free id, published as version 1.
    let (copy, _) = drafts::duplicate(&app.db, &hr, "double-charge")
        .await
        .expect("duplicate");
    let (copy2, _) = drafts::duplicate(&app.db, &hr, "double-charge")
        .await
        .expect("duplicate");
    let v = drafts::view(&app.db, &hr, &copy).await.expect("view");
    assert_eq!(v.slug, "double-charge-copy");
    assert_eq!(v.draft.meta.title, "Copy of Charged twice at check-out");
    assert_eq!(
        drafts::view(&app.db, &hr, &copy2).await.expect("view").slug,
        "double-charge-copy-2"
    );
    let rev = revision(&app, &copy).await;
    let (slug, _) = drafts::publish(&app.db, &hr, &copy, &rev)
        .await
        .expect("publish copy");
    assert_eq!(slug, "double-charge-copy");
    app.cleanup().await;
}
both_backends!(
    editing_a_published_scenario_makes_a_new_version,
    editing_a_published_scenario_makes_a_new_version
);

async fn managers_draft_and_hr_publishes(app: TestApp) {
    let manager = me(&app, MANAGER).await;
    let hr = me(&app, HR).await;
    let other_manager = CurrentUser::from(
        user::Entity::find()
            .filter(user::Column::Role.eq(app::auth::types::Role::Manager))
            .filter(user::Column::Email.ne(MANAGER))
            .one(&app.db)
            .await
            .expect("q")
            .expect("a second manager"),
    );
    let pid = drafts::create(&app.db, &manager, "cold-soup", "Cold soup")
        .await
        .expect("manager drafts");
    write_small_scenario(&app, &manager, &pid).await;
    assert_eq!(
        drafts::list(&app.db, &manager).await.expect("list").len(),
        1
    );
    assert!(
        drafts::list(&app.db, &other_manager)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(matches!(
        drafts::view(&app.db, &other_manager, &pid).await,
        Err(AppError::Forbidden)
    ));
    let rev = revision(&app, &pid).await;
    assert!(matches!(
        drafts::publish(&app.db, &manager, &pid, &rev).await,
        Err(AppError::Forbidden)
    ));
    let listed = drafts::list(&app.db, &hr).await.expect("list");
    assert_eq!((listed.len(), listed[0].problems), (1, 0));
    assert_eq!(listed[0].updated_by, manager.name);
    drafts::publish(&app.db, &hr, &pid, &rev)
        .await
        .expect("hr publishes");
    app.cleanup().await;
}
both_backends!(
    managers_draft_and_hr_publishes,
    managers_draft_and_hr_publishes
);

/// The editor's forms post nested field names; the server reads them as the browser sends them.
async fn the_step_form_posts_nested_fields(app: TestApp) {
    let cookie = app.login(HR).await;
    let res = app
        .call(
            "create_draft",
            &[("slug", "cold-soup"), ("title", "Cold soup")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let row = scenario_draft::Entity::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("draft");
    let rev = row.revision.to_string();
    let res = app
        .call(
            "save_draft_step",
            &[
                ("draft", &row.pid),
                ("revision", &rev),
                ("original", "opening"),
                ("step[id]", "hello"),
                ("step[narration]", "Mia waves."),
                ("step[ending]", ""),
                ("step[choices][0][text]", "Bring soup"),
                ("step[choices][0][feedback]", "Fast."),
                ("step[choices][0][next]", "resolved"),
                ("step[choices][0][mood]", "+20"),
                ("step[choices][0][points]", "speed +2"),
                ("step[choices][1][text]", ""),
                ("step[choices][1][next]", ""),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let hr = me(&app, HR).await;
    let v = drafts::view(&app.db, &hr, &row.pid).await.expect("view");
    assert_eq!(v.draft.meta.start, "hello", "renamed everywhere");
    assert_eq!(v.draft.steps[0].choices.len(), 1, "blank slot dropped");
    assert_eq!(v.draft.steps[0].choices[0].points, "speed +2");
    let res = app
        .call(
            "save_draft_meta",
            &[
                ("draft", &row.pid),
                ("revision", &v.revision.to_string()),
                ("meta[title]", "Cold soup"),
                ("meta[summary]", "Soup."),
                ("meta[setting]", "restaurant"),
                ("meta[skills][1]", "empathy"),
                ("meta[skills][4]", "speed"),
                ("meta[minutes]", "3"),
                ("meta[mood]", "30"),
                ("meta[trust]", "40"),
                ("meta[start]", "hello"),
                ("meta[persona_name]", "Mia"),
                ("meta[persona_situation]", "Lunch."),
                ("meta[persona_wants]", "Soup."),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = drafts::view(&app.db, &hr, &row.pid).await.expect("view");
    assert_eq!(v.draft.meta.skills, vec!["empathy", "speed"]);
    // A bad edit is refused with a message and changes nothing.
    let res = app
        .call(
            "add_draft_step",
            &[
                ("draft", &row.pid),
                ("revision", &v.revision.to_string()),
                ("id", "Bad Id"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("cannot be a step id"), "{}", res.body);
    assert_eq!(revision(&app, &row.pid).await, v.revision.to_string());
    // Staff cannot open drafts at all.
    let staff = app.login(STAFF).await;
    let res = app
        .call("get_draft", &[("draft", &row.pid)], Some(&staff))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}
both_backends!(
    the_step_form_posts_nested_fields,
    the_step_form_posts_nested_fields
);

/// A module exported as one file imports back unchanged; an edited file updates the module and
/// makes new versions; a file with a problem changes nothing.
async fn module_files_round_trip(app: TestApp) {
    use app::entities::module;
    let m = module::Entity::find()
        .filter(module::Column::Title.eq("Service recovery essentials"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("demo module");
    let (name, text) = modules::export_module(&app.db, &m.pid)
        .await
        .expect("export");
    assert_eq!(name, "service-recovery-essentials.module.toml");
    let file = app::training::files::bundle::parse(&name, &text).expect("valid module file");
    assert_eq!(file.module.scenarios.len(), file.scenarios.len());
    let r = imports::import(&app.db, None, vec![(name.clone(), text.clone())])
        .await
        .expect("import");
    assert_eq!(
        (r.created, r.updated, r.modules_unchanged, r.modules_updated),
        (0, 0, 1, 0)
    );
    assert_eq!(r.unchanged, file.scenarios.len());

    // Under a new title with a changed pass mark and one changed scenario.
    let mut edited = file.clone();
    edited.module.title = "Recovery, imported".into();
    edited.module.pass_mark = 80;
    edited.scenarios[0].summary = "Changed in the file.".into();
    let text2 = app::training::files::bundle::export(&edited);
    let r = imports::import(&app.db, None, vec![("m.toml".into(), text2.clone())])
        .await
        .expect("import");
    assert_eq!((r.updated, r.modules_created), (1, 1));
    let r = imports::import(&app.db, None, vec![("m.toml".into(), text2)])
        .await
        .expect("again");
    assert_eq!(
        (r.updated, r.modules_created, r.modules_unchanged),
        (0, 0, 1)
    );
    let again = module::Entity::find()
        .filter(module::Column::Title.eq("Recovery, imported"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("imported module");
    assert_eq!(again.pass_mark, 80);

    // Reordering updates the module; a broken scenario in the file refuses everything.
    let mut reordered = edited.clone();
    reordered.module.scenarios.reverse();
    reordered.module.pass_mark = 60;
    reordered.scenarios[1].steps[0].choices[0].next = "nowhere".into();
    let before = module::Entity::find().count(&app.db).await.expect("n");
    let err = imports::import(
        &app.db,
        None,
        vec![(
            "m.toml".into(),
            app::training::files::bundle::export(&reordered),
        )],
    )
    .await
    .expect_err("broken");
    assert!(err.to_string().contains("nowhere"), "{err}");
    reordered.scenarios[1] = edited.scenarios[1].clone();
    reordered.module.scenarios.push("no-such-scenario".into());
    let err = imports::import(
        &app.db,
        None,
        vec![(
            "m.toml".into(),
            app::training::files::bundle::export(&reordered),
        )],
    )
    .await
    .expect_err("unknown scenario");
    assert!(err.to_string().contains("no-such-scenario"), "{err}");
    let still = module::Entity::find()
        .filter(module::Column::Title.eq("Recovery, imported"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("m");
    assert_eq!(still.pass_mark, 80);
    assert_eq!(
        module::Entity::find().count(&app.db).await.expect("n"),
        before
    );
    reordered.module.scenarios.pop();
    let r = imports::import(
        &app.db,
        None,
        vec![(
            "m.toml".into(),
            app::training::files::bundle::export(&reordered),
        )],
    )
    .await
    .expect("reordered");
    assert_eq!(r.modules_updated, 1);
    let (_, text3) = modules::export_module(&app.db, &again.pid)
        .await
        .expect("export");
    let back = app::training::files::bundle::parse("x", &text3).expect("valid");
    assert_eq!(back.module.scenarios, reordered.module.scenarios);
    assert_eq!(back.module.pass_mark, 60);

    // Over HTTP: the download is for HR and admins.
    let hr = app.login(HR).await;
    let res = app
        .get(
            &format!("/training/modules/{}.module.toml", m.pid),
            Some(&hr),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let (_, now) = modules::export_module(&app.db, &m.pid)
        .await
        .expect("export");
    assert!(res.body == now, "the download is the module file");
    let staff = app.login(STAFF).await;
    let res = app
        .get(
            &format!("/training/modules/{}.module.toml", m.pid),
            Some(&staff),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}
both_backends!(module_files_round_trip, module_files_round_trip);

/// The editor's live check answers for the step as typed and saves nothing.
async fn the_live_check_saves_nothing(app: TestApp) {
    let hr = me(&app, HR).await;
    let pid = drafts::edit(&app.db, &hr, "double-charge")
        .await
        .expect("edit");
    let rev = revision(&app, &pid).await;
    let v = drafts::view(&app.db, &hr, &pid).await.expect("view");
    let mut step = v.draft.steps[0].clone();
    let id = step.id.clone();
    step.choices[0].mood = "lots".into();
    step.choices[1].next = "nowhere".into();
    let problems = drafts::check_step(&app.db, &hr, &pid, &id, step.clone())
        .await
        .expect("check");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.step.as_deref() == Some(id.as_str()))
    );
    assert_eq!(problems[0].choice, Some(0));
    // Renamed to an id that is taken: the refusal comes back as the step's problem.
    step.id = "facts".into();
    let problems = drafts::check_step(&app.db, &hr, &pid, &id, step)
        .await
        .expect("check");
    assert!(
        problems[0].message.contains("already a step"),
        "{problems:?}"
    );
    let mut meta = v.draft.meta.clone();
    meta.minutes = "soon".into();
    meta.persona_name = String::new();
    let problems = drafts::check_meta(&app.db, &hr, &pid, meta)
        .await
        .expect("check");
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert!(
        fields.contains(&"minutes") && fields.contains(&"name"),
        "{problems:?}"
    );
    assert!(problems.iter().all(|p| p.step.is_none()));
    assert_eq!(revision(&app, &pid).await, rev, "nothing saved");
    app.cleanup().await;
}
both_backends!(the_live_check_saves_nothing, the_live_check_saves_nothing);
