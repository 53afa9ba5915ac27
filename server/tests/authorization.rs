//! The authorisation matrix: every server function called as anonymous, staff, manager, HR and admin.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;
use common::*;
use http::StatusCode;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Staff,
    Manager,
    Hr,
    Admin,
}

const EVERYONE: &[Who] = &[
    Who::Anonymous,
    Who::Staff,
    Who::Manager,
    Who::Hr,
    Who::Admin,
];

/// A server function, its arguments, and who may call it. Arguments are chosen so that an
/// allowed call changes nothing (invalid names, unknown ids): authorisation is checked first.
struct Case {
    endpoint: &'static str,
    args: Vec<(&'static str, String)>,
    allowed: &'static [Who],
}

fn allowed(who: Who, list: &[Who]) -> bool {
    list.contains(&who)
}

async fn matrix(app: TestApp) {
    use Who::*;
    let staff_pid = app.pid_of(STAFF).await;
    let other_pid = app.pid_of(OTHER_STAFF).await;
    let s = |v: &str| v.to_owned();
    let cases = vec![
        Case {
            endpoint: "session",
            args: vec![],
            allowed: EVERYONE,
        },
        Case {
            endpoint: "change_password",
            args: vec![
                ("current", s("x")),
                ("new_password", s("y")),
                ("confirm", s("z")),
            ],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "home",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "org_tree",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "create_region",
            args: vec![("name", s(" "))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "rename_region",
            args: vec![("id", s("999999")), ("name", s("X"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "delete_region",
            args: vec![("id", s("999999"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "create_site",
            args: vec![("region_id", s("999999")), ("name", s("X"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "update_site",
            args: vec![("id", s("999999")), ("region_id", s("1")), ("name", s("X"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "delete_site",
            args: vec![("id", s("999999"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "create_department",
            args: vec![("site_id", s("999999")), ("name", s("X"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "rename_department",
            args: vec![("id", s("999999")), ("name", s("X"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "delete_department",
            args: vec![("id", s("999999"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "list_people",
            args: vec![("filter[q]", s(""))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "person_form_choices",
            args: vec![],
            allowed: &[Admin],
        },
        // The demo staff member: herself, her manager, HR and admins.
        Case {
            endpoint: "get_person",
            args: vec![("pid", staff_pid.clone())],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        // Someone at another site: not the demo staff member, not the demo manager's report.
        Case {
            endpoint: "get_person",
            args: vec![("pid", other_pid.clone())],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "create_person",
            args: vec![
                ("name", s("")),
                ("email", s("bad")),
                ("role", s("staff")),
                ("site", s("")),
                ("department", s("")),
                ("manager", s("")),
                ("password", s("")),
            ],
            allowed: &[Admin],
        },
        Case {
            endpoint: "update_person",
            args: vec![
                ("pid", other_pid.clone()),
                ("name", s("")),
                ("email", s("bad")),
                ("role", s("staff")),
                ("site", s("")),
                ("department", s("")),
                ("manager", s("")),
            ],
            allowed: &[Admin],
        },
        Case {
            endpoint: "set_person_active",
            args: vec![("pid", s("no-such-person")), ("active", s("false"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "set_person_password",
            args: vec![("pid", s("no-such-person")), ("password", s("x"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "people_import_preview",
            args: vec![("pid", s("no-such-import"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "apply_people_import",
            args: vec![("pid", s("no-such-import"))],
            allowed: &[Admin],
        },
        // Training: unknown ids and invalid input, so allowed calls change nothing.
        Case {
            endpoint: "my_training",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "start_scenario",
            args: vec![("scenario", s("no-such-scenario"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "get_play",
            args: vec![("attempt", s("no-such-attempt"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "make_choice",
            args: vec![
                ("attempt", s("no-such-attempt")),
                ("seq", s("0")),
                ("choice", s("0")),
            ],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "get_debrief",
            args: vec![("attempt", s("no-such-attempt"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "skill_profile",
            args: vec![("person", staff_pid.clone())],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "skill_profile",
            args: vec![("person", other_pid.clone())],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "team_training",
            args: vec![],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "group_training",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "training_catalog",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "assign_choices",
            args: vec![],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "assign_module",
            args: vec![
                ("module", s("no-such-module")),
                ("target", format!("person:{staff_pid}")),
                ("due_on", s("2099-01-01")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "unassign_module",
            args: vec![("assignment", s("no-such-assignment"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "create_module",
            args: vec![
                ("title", s("")),
                ("description", s("")),
                ("pass_mark", s("x")),
                ("rule", s("x")),
            ],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "analytics_options",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "scenario_analytics",
            args: vec![("query[scenario]", s("no-such-scenario"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "skill_heatmap",
            args: vec![("query[scenario]", s("")), ("query[from]", s("not-a-date"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "org_settings",
            args: vec![],
            allowed: &[Admin],
        },
        Case {
            endpoint: "save_settings",
            args: vec![
                ("form[time_zone]", s("Nowhere/Atlantis")),
                ("form[threshold]", s("1")),
                ("form[comment_threshold]", s("1")),
                ("form[contact_days]", s("1")),
            ],
            allowed: &[Admin],
        },
        Case {
            endpoint: "set_unit_leader",
            args: vec![("unit", s("site")), ("id", s("-1")), ("person", s(""))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "person_certificates",
            args: vec![("person", staff_pid.clone())],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "person_certificates",
            args: vec![("person", other_pid.clone())],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "get_certificate",
            args: vec![("certificate", s("no-such-certificate"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "certificate_attention",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "certificate_register",
            args: vec![("query[status]", s("current"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "scenario_detail",
            args: vec![("scenario", s("no-such-scenario"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "set_scenario_lifecycle",
            args: vec![("scenario", s("no-such-scenario")), ("to", s("archived"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "duplicate_scenario",
            args: vec![("scenario", s("no-such-scenario"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "list_drafts",
            args: vec![],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "create_draft",
            args: vec![("slug", s("Not An Id")), ("title", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "edit_scenario",
            args: vec![("scenario", s("no-such-scenario"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "get_draft",
            args: vec![("draft", s("no-such-draft"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "save_draft_meta",
            args: vec![
                ("draft", s("no-such-draft")),
                ("revision", s("1")),
                ("meta[title]", s("x")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "save_draft_step",
            args: vec![
                ("draft", s("no-such-draft")),
                ("revision", s("1")),
                ("original", s("a")),
                ("step[id]", s("a")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "add_draft_step",
            args: vec![
                ("draft", s("no-such-draft")),
                ("revision", s("1")),
                ("id", s("a")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "remove_draft_step",
            args: vec![
                ("draft", s("no-such-draft")),
                ("revision", s("1")),
                ("step", s("a")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "publish_draft",
            args: vec![("draft", s("no-such-draft")), ("revision", s("1"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "discard_draft",
            args: vec![("draft", s("no-such-draft"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "check_draft_step",
            args: vec![
                ("draft", s("no-such-draft")),
                ("original", s("a")),
                ("step[id]", s("a")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "check_draft_meta",
            args: vec![("draft", s("no-such-draft")), ("meta[title]", s("x"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "playtest",
            args: vec![("draft", s("no-such-draft")), ("path", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "logout",
            args: vec![],
            allowed: EVERYONE,
        },
        // Recognition: values are the admins'; giving, withdrawing and the feed are everyone's
        // (the services check whose recognition it is).
        Case {
            endpoint: "recognition_values",
            args: vec![],
            allowed: &[Admin],
        },
        Case {
            endpoint: "create_value",
            args: vec![("form[name]", s(" ")), ("form[meaning]", s(" "))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "update_value",
            args: vec![
                ("value", s("no-such-value")),
                ("form[name]", s("X")),
                ("form[meaning]", s("Y")),
            ],
            allowed: &[Admin],
        },
        Case {
            endpoint: "set_value_archived",
            args: vec![("value", s("no-such-value")), ("to", s("archived"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "move_value",
            args: vec![("value", s("no-such-value")), ("direction", s("up"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "recognition",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "give_recognition",
            args: vec![
                ("input[recipients][0]", other_pid.clone()),
                ("input[value]", s("no-such-value")),
                ("input[message]", s("too short")),
            ],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "withdraw_recognition",
            args: vec![("recognition", s("no-such-recognition"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        // Moderation, the catalogue and redemptions are HR's (and admins'); redeeming, the
        // rewards page and one's own counts are everyone's.
        Case {
            endpoint: "hide_recognition",
            args: vec![
                ("recognition", s("no-such-recognition")),
                ("reason", s("x")),
            ],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "point_settings",
            args: vec![],
            allowed: &[Admin],
        },
        Case {
            endpoint: "save_point_settings",
            args: vec![("form[staff]", s("-1"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "rewards",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "redeem_reward",
            args: vec![("reward", s("no-such-reward")), ("request_key", s(""))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "rewards_admin",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "create_reward",
            args: vec![("form[title]", s(" ")), ("form[cost]", s("0"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "update_reward",
            args: vec![("reward", s("no-such-reward")), ("form[title]", s(" "))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "set_reward_active",
            args: vec![("reward", s("no-such-reward")), ("to", s("inactive"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "decide_redemption",
            args: vec![
                ("redemption", s("no-such-redemption")),
                ("decision", s("fulfil")),
                ("note", s("")),
            ],
            allowed: &[Hr, Admin],
        },
        // Awards: managers and HR give them (the service checks whose people); HR and admins
        // keep budgets, levels and the threshold, and decide.
        Case {
            endpoint: "give_award",
            args: vec![
                ("input[recognition][recipients][0]", other_pid.clone()),
                ("input[recognition][message]", s("too short")),
                ("input[level]", s("1")),
            ],
            allowed: &[Manager, Hr],
        },
        Case {
            endpoint: "applaud_recognition",
            args: vec![("recognition", s("no-such")), ("applaud", s("yes"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "comment_recognition",
            args: vec![
                ("input[recognition]", s("no-such")),
                ("input[body]", s("Well done")),
            ],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "delete_comment",
            args: vec![("comment", s("no-such"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "hide_comment",
            args: vec![("comment", s("no-such")), ("reason", s("Off topic here"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "award_programmes",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "award_programme",
            args: vec![("programme", s("no-such"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "create_programme",
            args: vec![("form[name]", s(""))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "update_programme",
            args: vec![("programme", s("no-such")), ("form[name]", s(""))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "add_award_category",
            args: vec![("programme", s("no-such")), ("form[name]", s(""))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "remove_award_category",
            args: vec![("category", s("no-such"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "nominate",
            args: vec![
                ("input[category]", s("no-such")),
                ("input[nominee]", s("no-such")),
                ("input[reason]", s("She found the lost passport in time.")),
            ],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "choose_winner",
            args: vec![
                ("category", s("no-such")),
                ("nominee", s("no-such")),
                ("pick", s("yes")),
            ],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "announce_programme",
            args: vec![("programme", s("no-such"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "hall_of_fame",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "winner_certificate",
            args: vec![("winner", s("no-such"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "customer_report",
            args: vec![("unit", s(""))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "api_tokens",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "create_api_token",
            args: vec![("form[name]", s(""))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "revoke_api_token",
            args: vec![("id", s("999999"))],
            allowed: &[Admin],
        },
        Case {
            endpoint: "feedback_links",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "create_feedback_link",
            args: vec![("form[site]", s(""))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "disable_feedback_link",
            args: vec![("id", s("999999"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "followups",
            args: vec![("filter", s("overdue"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "followup",
            args: vec![("followup", s("no-such"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "followup_step",
            args: vec![
                ("followup", s("no-such")),
                ("step", s("note")),
                ("note", s("x")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "followup_assign",
            args: vec![
                ("followup", s("no-such")),
                ("module", s("no-such")),
                ("due_on", s("2027-01-01")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "feedback_uploads",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "feedback_upload",
            args: vec![("upload", s("no-such"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "feedback_upload_progress",
            args: vec![("upload", s("no-such"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "run_feedback_import",
            args: vec![("upload", s("no-such")), ("run", s("check"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "recognition_report",
            args: vec![("unit[region]", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "awards_admin",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "set_award_budget",
            args: vec![
                ("site", s("999999")),
                ("quarter", s("2026-Q4")),
                ("amount", s("100")),
            ],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "save_award_level",
            args: vec![("level", s("")), ("name", s(" ")), ("points", s("0"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "set_award_level_archived",
            args: vec![("level", s("999999")), ("to", s("archived"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "set_award_threshold",
            args: vec![("threshold", s("-1"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "decide_award",
            args: vec![
                ("award", s("no-such-award")),
                ("decision", s("approve")),
                ("note", s("")),
            ],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "surveys",
            args: vec![],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "create_survey",
            args: vec![("form[title]", s(""))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "survey_items",
            args: vec![],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "add_survey_item",
            args: vec![("form[driver]", s("growth")), ("form[text]", s("short"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "reword_survey_item",
            args: vec![
                ("item", s("no-such")),
                ("text", s("A new wording for the item.")),
            ],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "retire_survey_item",
            args: vec![("item", s("no-such")), ("retire", s("yes"))],
            allowed: &[Hr, Admin],
        },
        Case {
            endpoint: "survey_to_answer",
            args: vec![("survey", s("no-such"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "answer_survey",
            args: vec![("input[survey]", s("no-such"))],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_results",
            args: vec![("survey", s("no-such")), ("unit", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_comments",
            args: vec![
                ("survey", s("no-such")),
                ("unit", s("")),
                ("about", s("")),
                ("search", s("")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_focus",
            args: vec![("survey", s("no-such")), ("unit", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_trends",
            args: vec![("survey", s("no-such")), ("unit", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_heatmap",
            args: vec![("survey", s("no-such")), ("by", s("")), ("items", s("no"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_internal",
            args: vec![("survey", s("no-such")), ("site", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "survey_plans",
            args: vec![("survey", s("no-such")), ("unit", s(""))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "create_survey_plan",
            args: vec![
                ("form[survey]", s("no-such")),
                ("form[focus]", s("driver:growth")),
            ],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "add_survey_action",
            args: vec![("form[plan]", s("no-such")), ("form[text]", s("Do it"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "set_survey_action_status",
            args: vec![("action", s("no-such")), ("status", s("done"))],
            allowed: &[Manager, Hr, Admin],
        },
        Case {
            endpoint: "person_recognition",
            args: vec![("person", staff_pid.clone())],
            allowed: &[Staff, Manager, Hr, Admin],
        },
        Case {
            endpoint: "person_recognition",
            args: vec![("person", other_pid.clone())],
            allowed: &[Hr, Admin],
        },
    ];

    // Every registered server function is in the matrix (the uploads, which take multipart,
    // are checked below), so one added later cannot go unchecked.
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let covered: std::collections::BTreeSet<String> = cases
        .iter()
        .map(|c| c.endpoint.to_owned())
        .chain(
            app::request::UPLOAD_ENDPOINTS
                .iter()
                .map(|u| (*u).to_owned()),
        )
        .chain(["login".to_owned()])
        .collect();
    let missing: Vec<&String> = registered.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "server functions missing from the authorisation matrix: {missing:?}"
    );
    let stale: Vec<&String> = covered.difference(&registered).collect();
    assert!(stale.is_empty(), "cases for unknown functions: {stale:?}");
    eprintln!(
        "authorisation matrix: {} registered server functions, {} cases",
        registered.len(),
        cases.len()
    );

    let mut failures = Vec::new();
    let mut checked = 0;
    for who in [Anonymous, Staff, Manager, Hr, Admin] {
        for case in &cases {
            // A fresh session per call, so that `logout` does not end the next case's session.
            let cookie = match who {
                Anonymous => None,
                Staff => Some(app.login(STAFF).await),
                Manager => Some(app.login(MANAGER).await),
                Hr => Some(app.login(HR).await),
                Admin => Some(app.login(ADMIN).await),
            };
            let args: Vec<(&str, &str)> = case.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = app.call(case.endpoint, &args, cookie.as_deref()).await;
            let denied =
                res.status == StatusCode::UNAUTHORIZED || res.status == StatusCode::FORBIDDEN;
            let ok = if allowed(who, case.allowed) {
                !denied && res.status != StatusCode::INTERNAL_SERVER_ERROR
            } else if who == Anonymous {
                res.status == StatusCode::UNAUTHORIZED
            } else {
                res.status == StatusCode::FORBIDDEN
            };
            checked += 1;
            if !ok {
                failures.push(format!(
                    "{who:?} {} {:?} -> {} {}",
                    case.endpoint, case.args, res.status, res.body
                ));
            }
        }
    }
    // The upload takes multipart; check it separately.
    for (who, email) in [(Staff, STAFF), (Manager, MANAGER), (Hr, HR)] {
        let cookie = app.login(email).await;
        let res = upload(
            &app,
            Some(&cookie),
            "email,name,role,site,department,manager_email\n",
        )
        .await;
        checked += 1;
        if res.status != StatusCode::FORBIDDEN {
            failures.push(format!("{who:?} upload_people_csv -> {}", res.status));
        }
    }
    let res = upload(&app, None, "x").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "anonymous upload");
    // Scenario files: HR and admins only.
    for (who, email) in [(Staff, STAFF), (Manager, MANAGER)] {
        let cookie = app.login(email).await;
        let res = upload_to(
            &app,
            "upload_scenarios",
            "files",
            Some(&cookie),
            "id = \"x\"\n",
        )
        .await;
        checked += 1;
        if res.status != StatusCode::FORBIDDEN {
            failures.push(format!("{who:?} upload_scenarios -> {}", res.status));
        }
    }
    let admin = app.login(ADMIN).await;
    let res = upload(
        &app,
        Some(&admin),
        "email,name,role,site,department,manager_email\n",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "admin upload: {}", res.body);
    // Malformed arguments are the caller's mistake: 422 with a message, never a 500.
    let res = app
        .call("rename_region", &[("id", "not-a-number")], Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("malformed"), "{}", res.body);
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.cleanup().await;
}

async fn upload(app: &TestApp, cookie: Option<&str>, csv: &str) -> Response {
    upload_to(app, "upload_people_csv", "file", cookie, csv).await
}

async fn upload_to(
    app: &TestApp,
    endpoint: &str,
    field: &str,
    cookie: Option<&str>,
    text: &str,
) -> Response {
    let boundary = "XBOUNDARYX";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"upload.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n"
    );
    let mut req = http::Request::post(format!("/api/{endpoint}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header("accept", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", format!("rapport_session={c}"));
    }
    app.request(req.body(axum::body::Body::from(body)).expect("request"))
        .await
}

both_backends!(every_server_function_checks_role_and_ownership, matrix);

async fn get_is_not_allowed(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let res = app
        .get("/api/create_region?name=Sneaky", Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    let res = app.get("/api/logout", Some(&admin)).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    app.cleanup().await;
}
both_backends!(state_changes_only_by_post, get_is_not_allowed);

async fn pages_answer_with_the_right_status(app: TestApp) {
    let res = app.get("/", None).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(
        res.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let staff = app.login(STAFF).await;
    let res = app.get("/admin/people/new", Some(&staff)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("Not allowed (403)"));
    let res = app.get("/", Some(&staff)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Carla Ivanova"));
    let csp = res
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains("'nonce-") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(
        res.headers
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    let res = app.get("/no/such/page", Some(&staff)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}
both_backends!(
    pages_redirect_refuse_and_carry_security_headers,
    pages_answer_with_the_right_status
);
