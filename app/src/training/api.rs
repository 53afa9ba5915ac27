//! Server functions for training. Each authenticates, authorises through the policy, then calls the service.
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::error::AppError;
use crate::training::types::*;

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::{Permission, authorize},
    auth::service::{CurrentUser, require_user},
    request,
    state::{AppState, app_state},
    training::service::{assignments, attempts, drafts, imports, modules, progress, scenarios},
};

#[cfg(feature = "ssr")]
async fn caller(permission: Option<Permission>) -> Result<(AppState, CurrentUser), AppError> {
    let state = app_state()?;
    let me = require_user(&state).await?;
    if let Some(p) = permission {
        authorize(me.actor(), p)?;
    }
    Ok((state, me))
}

/// The caller's assigned modules, skill profile, attempts and the library.
#[server(endpoint = "my_training")]
pub async fn get_my_training() -> Result<MyTraining, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            progress::my_training(&st.db, me.id).await
        }
        .await,
    )
}

/// Starts a scenario, or resumes the caller's unfinished attempt at it, and opens the play page.
#[server(endpoint = "start_scenario")]
pub async fn start_scenario(scenario: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            let pid = attempts::start(&st.db, me.id, scenario).await?;
            request::redirect(&format!("/training/play/{pid}"));
            Ok(pid)
        }
        .await,
    )
}

#[server(endpoint = "get_play")]
pub async fn get_play(attempt: String) -> Result<PlayView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            attempts::current(&st.db, me.id, &attempt).await
        }
        .await,
    )
}

/// Records a choice; `seq` is how many moves the page showed, so a repeated post is refused.
#[server(endpoint = "make_choice")]
pub async fn make_choice(attempt: String, seq: i32, choice: usize) -> Result<PlayView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            let view = attempts::choose(&st.db, me.id, attempt, seq, choice).await?;
            if view.finished {
                request::redirect(&format!("/training/attempts/{}", view.attempt));
            } else if request::is_form_post() {
                request::redirect(&format!("/training/play/{}", view.attempt));
            }
            Ok(view)
        }
        .await,
    )
}

#[server(endpoint = "get_debrief")]
pub async fn get_debrief(attempt: String) -> Result<Debrief, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            attempts::debrief(&st.db, &me, &attempt).await
        }
        .await,
    )
}

/// A person's skill profile: themself, their manager, HR and admins.
#[server(endpoint = "skill_profile")]
pub async fn get_skill_profile(person: String) -> Result<Vec<SkillLevel>, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            let p = crate::people::service::viewable(&st.db, me.actor(), &person).await?;
            progress::skill_profile(&st.db, p.id).await
        }
        .await,
    )
}

/// The caller's direct reports against their modules.
#[server(endpoint = "team_training")]
pub async fn get_team_training() -> Result<TeamProgress, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::ViewOwnTeam)).await?;
            let mut team = progress::team(&st.db, me.id).await?;
            team.assignments = assignments::team_assignments(&st.db, me.id).await?;
            Ok(team)
        }
        .await,
    )
}

#[server(endpoint = "group_training")]
pub async fn get_group_training() -> Result<Vec<GroupRow>, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            progress::by_group(&st.db).await
        }
        .await,
    )
}

#[server(endpoint = "training_catalog")]
pub async fn get_training_catalog() -> Result<(Vec<ScenarioSummary>, Vec<ModuleView>), AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            Ok((
                scenarios::library(&st.db).await?,
                modules::modules(&st.db).await?,
            ))
        }
        .await,
    )
}

#[server(endpoint = "assign_choices")]
pub async fn get_assign_choices() -> Result<AssignChoices, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::AssignTraining)).await?;
            assignments::assign_choices(&st.db, &me).await
        }
        .await,
    )
}

#[server(endpoint = "assign_module")]
pub async fn assign_module(
    module: String,
    target: String,
    due_on: String,
    #[server(default)] joiner_days: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::AssignTraining)).await?;
            let today = chrono::Utc::now().date_naive().into();
            let input = AssignInput::parse(&module, &target, &due_on, &joiner_days, today)
                .map_err(|problems| AppError::invalid(problems.join(" ")))?;
            let msg = assignments::assign(&st.db, &me, input).await?;
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

/// Removes an assignment; the people keep their attempts and certificates.
#[server(endpoint = "unassign_module")]
pub async fn unassign_module(assignment: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::AssignTraining)).await?;
            let msg = assignments::unassign(&st.db, &me, &assignment).await?;
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

/// Creates a module; `scenarios` come from checkboxes named `scenarios[N]`, in the order shown.
#[server(endpoint = "create_module")]
pub async fn create_module(
    title: String,
    #[server(default)] validity_months: String,
    description: String,
    pass_mark: String,
    rule: String,
    #[server(default)] scenarios: Vec<String>,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            let input = modules::ModuleInput {
                title,
                validity_months,
                description,
                pass_mark,
                rule,
                scenarios,
            };
            let m = modules::create_module(&st.db, input).await?;
            let msg = format!("Module “{}” was created.", m.title);
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

/// Receives one or more scenario files (multipart field `files`) and imports them all or none.
#[server(endpoint = "upload_scenarios", input = MultipartFormData)]
pub async fn upload_scenarios(data: MultipartData) -> Result<String, AppError> {
    request::finish(
        async {
            use crate::training::files::bundle::MAX_MODULE_BYTES;
            let (st, me) = caller(Some(Permission::ManageTraining)).await?;
            let mut files = Vec::new();
            for (name, bytes) in request::uploaded_files(data, "files", MAX_MODULE_BYTES).await? {
                let name = if name.is_empty() {
                    "scenario.toml".to_owned()
                } else {
                    name
                };
                let text = String::from_utf8(bytes).map_err(|_| {
                    AppError::invalid(format!("{name} is not UTF-8 text. Nothing was imported."))
                })?;
                files.push((name, text));
            }
            let r = imports::import(&st.db, Some(me.id), files).await?;
            let mut msg = format!(
                "Scenarios imported: {} new, {} updated (as new versions), {} unchanged.",
                r.created, r.updated, r.unchanged
            );
            if r.modules_created + r.modules_updated + r.modules_unchanged > 0 {
                msg.push_str(&format!(
                    " Modules: {} new, {} updated, {} unchanged.",
                    r.modules_created, r.modules_updated, r.modules_unchanged
                ));
            }
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

#[server(endpoint = "analytics_options")]
pub async fn get_analytics_options() -> Result<AnalyticsOptions, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            crate::training::service::analytics::options(&st.db).await
        }
        .await,
    )
}

#[server(endpoint = "scenario_analytics")]
pub async fn get_scenario_analytics(query: AnalyticsQuery) -> Result<ScenarioReport, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            let req = query.parse()?;
            crate::training::service::analytics::scenario_report(&st.db, &req).await
        }
        .await,
    )
}

#[server(endpoint = "skill_heatmap")]
pub async fn get_skill_heatmap(query: AnalyticsQuery) -> Result<SkillHeatmap, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            let req = query.parse()?;
            crate::training::service::analytics::skill_heatmap(&st.db, &req.scope).await
        }
        .await,
    )
}

#[server(endpoint = "person_certificates")]
pub async fn get_person_certificates(person: String) -> Result<Vec<CertificateView>, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            let p = crate::people::service::viewable(&st.db, me.actor(), &person).await?;
            crate::training::service::certificates::for_person(
                &st.db,
                p.id,
                chrono::Utc::now().date_naive(),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "get_certificate")]
pub async fn get_certificate(certificate: String) -> Result<CertificateView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(None).await?;
            crate::training::service::certificates::one(
                &st.db,
                &me,
                &certificate,
                chrono::Utc::now().date_naive(),
            )
            .await
        }
        .await,
    )
}

/// Certificates that are expired or due for renewal, for HR and admins.
#[server(endpoint = "certificate_attention")]
pub async fn get_certificate_attention() -> Result<Vec<CertificateView>, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            crate::training::service::certificates::attention(
                &st.db,
                chrono::Utc::now().date_naive(),
            )
            .await
        }
        .await,
    )
}

/// HR's certificate register: every latest certificate, filtered, with counts per status.
#[server(endpoint = "certificate_register")]
pub async fn get_certificate_register(
    query: RegisterQuery,
) -> Result<CertificateRegister, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            let filter = query.parse()?;
            crate::training::service::certificates::register(
                &st.db,
                &filter,
                chrono::Utc::now().date_naive(),
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "scenario_detail")]
pub async fn get_scenario_detail(scenario: String) -> Result<ScenarioDetail, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            scenarios::detail(&st.db, &scenario).await
        }
        .await,
    )
}

/// Publishes (`published`), unpublishes (`unpublished`) or archives (`archived`) a scenario.
#[server(endpoint = "set_scenario_lifecycle")]
pub async fn set_scenario_lifecycle(scenario: String, to: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Some(Permission::ManageTraining)).await?;
            let msg = scenarios::set_lifecycle(&st.db, &scenario, &to).await?;
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

/// Copies a scenario into a new draft under a free id and opens the draft.
#[server(endpoint = "duplicate_scenario")]
pub async fn duplicate_scenario(scenario: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::ManageTraining)).await?;
            let (pid, msg) = drafts::duplicate(&st.db, &me, &scenario).await?;
            request::flash_for_redirect(&msg).await?;
            request::redirect(&format!("/training/drafts/{pid}"));
            Ok(msg)
        }
        .await,
    )
}

/// Drafts the caller may open: all for HR and admins, their own for managers.
#[server(endpoint = "list_drafts")]
pub async fn get_drafts() -> Result<Vec<DraftSummary>, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            drafts::list(&st.db, &me).await
        }
        .await,
    )
}

/// Starts a new scenario as a draft and opens it.
#[server(endpoint = "create_draft")]
pub async fn create_draft(slug: String, title: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            let pid = drafts::create(&st.db, &me, &slug, &title).await?;
            let msg = "The draft is ready: describe the customer, then write the steps.".to_owned();
            request::flash_for_redirect(&msg).await?;
            request::redirect(&format!("/training/drafts/{pid}"));
            Ok(msg)
        }
        .await,
    )
}

/// Opens the draft of a published scenario's next version, creating it from the latest version.
#[server(endpoint = "edit_scenario")]
pub async fn edit_scenario(scenario: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::ManageTraining)).await?;
            let pid = drafts::edit(&st.db, &me, &scenario).await?;
            request::redirect(&format!("/training/drafts/{pid}"));
            Ok(String::new())
        }
        .await,
    )
}

#[server(endpoint = "get_draft")]
pub async fn get_draft(draft: String) -> Result<DraftView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            drafts::view(&st.db, &me, &draft).await
        }
        .await,
    )
}

/// Saves the scenario's details (title, setting, skills, customer, first step and starting mood).
#[server(endpoint = "save_draft_meta")]
pub async fn save_draft_meta(
    draft: String,
    revision: String,
    meta: crate::training::rules::editor::DraftMeta,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            drafts::update(&st.db, &me, &draft, &revision, move |d| d.set_meta(meta)).await?;
            saved().await
        }
        .await,
    )
}

/// Saves one step and its choices; `original` is the step's id before this edit.
#[server(endpoint = "save_draft_step")]
pub async fn save_draft_step(
    draft: String,
    revision: String,
    original: String,
    step: crate::training::rules::editor::DraftStep,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            let anchor = format!("/training/drafts/{}#step-{}", draft.trim(), step.id.trim());
            drafts::update(&st.db, &me, &draft, &revision, move |d| {
                d.set_step(&original, step)
            })
            .await?;
            if request::is_form_post() {
                // Without JavaScript the page reloads: bring the author back to the step.
                request::redirect(&anchor);
            }
            saved().await
        }
        .await,
    )
}

#[server(endpoint = "add_draft_step")]
pub async fn add_draft_step(
    draft: String,
    revision: String,
    id: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            let msg = format!("Step `{}` was added at the end; write it below.", id.trim());
            let anchor = format!("/training/drafts/{}#step-{}", draft.trim(), id.trim());
            drafts::update(&st.db, &me, &draft, &revision, move |d| d.add_step(&id)).await?;
            if request::is_form_post() {
                request::redirect(&anchor);
            }
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

#[server(endpoint = "remove_draft_step")]
pub async fn remove_draft_step(
    draft: String,
    revision: String,
    step: String,
) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            let msg = format!("Step `{}` was removed.", step.trim());
            drafts::update(&st.db, &me, &draft, &revision, move |d| {
                d.remove_step(step.trim())
            })
            .await?;
            request::flash(&msg).await?;
            Ok(msg)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn saved() -> Result<String, AppError> {
    let msg = "Saved. The problems list and the map below show the draft as it is now.".to_owned();
    request::flash(&msg).await?;
    Ok(msg)
}

/// Publishes the draft as the scenario's next version (HR and admins).
#[server(endpoint = "publish_draft")]
pub async fn publish_draft(draft: String, revision: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::ManageTraining)).await?;
            let (slug, msg) = drafts::publish(&st.db, &me, &draft, &revision).await?;
            request::flash_for_redirect(&msg).await?;
            request::redirect(&format!("/training/library/{slug}"));
            Ok(msg)
        }
        .await,
    )
}

#[server(endpoint = "discard_draft")]
pub async fn discard_draft(draft: String) -> Result<String, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            let msg = drafts::discard(&st.db, &me, &draft).await?;
            request::flash_for_redirect(&msg).await?;
            request::redirect("/training/drafts");
            Ok(msg)
        }
        .await,
    )
}

/// One screen of a play-test of a draft; nothing is recorded.
#[server(endpoint = "playtest")]
pub async fn get_playtest(draft: String, path: String) -> Result<PlaytestView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            drafts::playtest(&st.db, &me, &draft, &path).await
        }
        .await,
    )
}

/// The problems a step would have if saved as the form now stands; nothing is saved. The editor
/// calls it while the author types.
#[server(endpoint = "check_draft_step")]
pub async fn check_draft_step(
    draft: String,
    original: String,
    step: crate::training::rules::editor::DraftStep,
) -> Result<Vec<crate::training::rules::validate::Problem>, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            drafts::check_step(&st.db, &me, &draft, &original, step).await
        }
        .await,
    )
}

/// The scenario-level problems if the details were saved as the form now stands; nothing is saved.
#[server(endpoint = "check_draft_meta")]
pub async fn check_draft_meta(
    draft: String,
    meta: crate::training::rules::editor::DraftMeta,
) -> Result<Vec<crate::training::rules::validate::Problem>, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Some(Permission::DraftScenarios)).await?;
            drafts::check_meta(&st.db, &me, &draft, meta).await
        }
        .await,
    )
}
