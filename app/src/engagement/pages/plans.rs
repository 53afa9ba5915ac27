//! Action plans for a survey's group: pick a focus, write actions with an owner and a due day,
//! and track them. The next cycle's results show them beside the change.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::engagement::api::{
    AddSurveyAction, CreateSurveyPlan, SetSurveyActionStatus, get_survey_plans,
};
use crate::engagement::types::{ACTION_MAX, ActionStatus, PlanView, PlansView};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

#[component]
pub fn PlansPage() -> impl IntoView {
    LatestOutcome::provide();
    let params = use_params_map();
    let query = use_query_map();
    let create = ServerAction::<CreateSurveyPlan>::new();
    let add = ServerAction::<AddSurveyAction>::new();
    let status = ServerAction::<SetSurveyActionStatus>::new();
    let key = Memo::new(move |_| {
        (
            params.with(|p| p.get("pid").unwrap_or_default()),
            query.with(|q| q.get("unit").unwrap_or_default()),
        )
    });
    let data = Resource::new(
        move || {
            (
                key.get(),
                create.version().get(),
                add.version().get(),
                status.version().get(),
            )
        },
        |((p, u), ..)| get_survey_plans(p, u),
    );
    view! {
        <Title text="Action plans" />
        <p><a href="/surveys">"Surveys"</a></p>
        <div class="messages" aria-live="polite">
            <Outcome value=create.value() path={<CreateSurveyPlan as ServerFn>::PATH} />
            <Outcome value=add.value() path={<AddSurveyAction as ServerFn>::PATH} />
            <Outcome value=status.value() path={<SetSurveyActionStatus as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Plans v create add status /> }.into_any(),
                    Err(e) => view! { <h1>"Action plans"</h1><ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Plans(
    v: PlansView,
    create: ServerAction<CreateSurveyPlan>,
    add: ServerAction<AddSurveyAction>,
    status: ServerAction<SetSurveyActionStatus>,
) -> impl IntoView {
    let action = format!("/surveys/{}/plans", v.pid);
    let results = format!("/surveys/{}/results?unit={}", v.pid, v.unit);
    let owners = v.owners.clone();
    let viewer = v.viewer.clone();
    let today = v.today;
    view! {
        <h1>{format!("Action plans: {}", v.title)}</h1>
        <p class="lead">"Pick what to work on for a group, write down who does what by when, and keep it up to date. The next survey's results show these actions beside the change, so everyone can see whether they helped."</p>
        <form method="get" action=action class="panel form-grid filters-form">
            <div class="field"><label for="unit">"Group"</label>
                <select id="unit" name="unit">
                    {v.units.iter().map(|o| {
                        let selected = o.key == v.unit;
                        let text = format!("{}{}", "\u{00a0}\u{00a0}\u{00a0}".repeat(o.depth as usize), o.label);
                        view! { <option value=o.key.clone() selected=selected>{text}</option> }
                    }).collect_view()}
                </select></div>
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href=results>"Results for this group"</a></div>
        </form>
        <h2>{v.unit_label.clone()}</h2>
        {if v.plans.is_empty() {
            view! { <p class="empty">"No action plan for this group yet. Start one below with the focus that matters most: the list starts with the lowest scores."</p> }.into_any()
        } else {
            v.plans.into_iter().map(|p| view! { <Plan p owners=owners.clone() viewer=viewer.clone() today=today.to_string() add status /> }).collect_view().into_any()
        }}
        <section class="panel" aria-labelledby="new-plan">
            <h2 id="new-plan">"Start a plan"</h2>
            {if v.focuses.is_empty() {
                view! { <p class="empty">"Every driver and item of this survey already has a plan for this group."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=create attr:class="form-grid">
                        <input type="hidden" name="form[survey]" value=v.pid.clone() />
                        <input type="hidden" name="form[unit]" value=v.unit.clone() />
                        <div class="field wide"><label for="plan-focus">"Focus"</label>
                            <select id="plan-focus" name="form[focus]">
                                {v.focuses.into_iter().map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()}
                            </select>
                            <p class="hint">"A whole driver, or one of its items. Scores are shown only where the group's results are."</p></div>
                        <div class="form-actions"><button type="submit" class="button primary">"Start the plan"</button></div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Plan(
    p: PlanView,
    owners: Vec<(String, String)>,
    viewer: String,
    today: String,
    add: ServerAction<AddSurveyAction>,
    status: ServerAction<SetSurveyActionStatus>,
) -> impl IntoView {
    let focus = match &p.item {
        Some(text) => format!("{}: “{text}”", p.driver.label()),
        None => p.driver.label().to_owned(),
    };
    let done = p
        .actions
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .count();
    let total = p.actions.len();
    let text_id = format!("a-text-{}", p.pid);
    let owner_id = format!("a-owner-{}", p.pid);
    let due_id = format!("a-due-{}", p.pid);
    let (text_for, owner_for, due_for) = (text_id.clone(), owner_id.clone(), due_id.clone());
    view! {
        <section class="panel plan">
            <div class="panel-head"><h3>{focus}</h3>
                <span class="small muted">{format!("{done} of {total} done")}</span></div>
            <p class="small muted">{format!(
                "Started by {} on {}{}",
                p.created_by,
                p.created_on.label(),
                p.score.map(|s| format!(" · {s:.0}% favorable in this survey")).unwrap_or_default()
            )}</p>
            {(!p.actions.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0">
                    <table>
                        <caption class="visually-hidden">"Actions of this plan"</caption>
                        <thead><tr><th scope="col">"Action"</th><th scope="col">"Owner"</th><th scope="col">"Due"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {p.actions.into_iter().map(|a| {
                                let sid = format!("s-{}", a.pid);
                                let sfor = sid.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{a.text.clone()}</th>
                                        <td>{a.owner.clone()}</td>
                                        <td class="nowrap">{a.due_on.label()}
                                            {a.overdue.then(|| view! { " "<span class="tag overdue">"Overdue"</span> })}</td>
                                        <td>
                                            <ActionForm action=status attr:class="inline-form">
                                                <input type="hidden" name="action" value=a.pid.clone() />
                                                <label class="visually-hidden" for=sfor>"Status"</label>
                                                <select id=sid name="status">
                                                    {ActionStatus::ALL.into_iter().map(|s| view! {
                                                        <option value=s.key() selected={s == a.status}>{s.label()}</option>
                                                    }).collect_view()}
                                                </select>
                                                " "<button type="submit" class="button small">"Update"</button>
                                            </ActionForm>
                                            {a.done_on.map(|d| view! { <span class="small muted">{format!("done {}", d.label())}</span> })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <details open={total == 0}>
                <summary>"Add an action"</summary>
                <ActionForm action=add attr:class="form-grid">
                    <input type="hidden" name="form[plan]" value=p.pid.clone() />
                    <div class="field wide"><label for=text_for>"What will be done"</label>
                        <input id=text_id name="form[text]" required maxlength=ACTION_MAX.to_string() placeholder="Hold a monthly rota review with the team" /></div>
                    <div class="field"><label for=owner_for>"Owner"</label>
                        <select id=owner_id name="form[owner]">
                            {owners.into_iter().map(|(pid, name)| {
                                let selected = pid == viewer;
                                view! { <option value=pid selected=selected>{name}</option> }
                            }).collect_view()}
                        </select></div>
                    <div class="field"><label for=due_for>"Due"</label>
                        <input id=due_id type="date" name="form[due_on]" min=today required /></div>
                    <div class="form-actions"><button type="submit" class="button primary">"Add the action"</button></div>
                </ActionForm>
            </details>
        </section>
    }
}
