//! Managers' team progress and assignments; HR and admins' library, modules, assignments and progress per group.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::error::AppError;
use crate::training::api::*;
use crate::training::pages::{skill_list, status_tag, width_class};
use crate::training::rules::progress::matrix;
use crate::training::types::{
    AssignChoices, AssignmentView, DEFAULT_JOINER_DAYS, GroupRow, ModuleRule, ModuleView,
    ScenarioSummary, TeamProgress,
};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

/// Assign a module: managers pick one of their people, HR and admins any person or group.
#[component]
fn AssignForm(
    choices: AssignChoices,
    action: ServerAction<AssignModule>,
    groups: bool,
) -> impl IntoView {
    let due = choices.default_due.clone();
    let option = |n: &crate::training::types::Named| view! { <option value=n.id.clone()>{n.name.clone()}</option> };
    view! {
        <ActionForm action attr:class="form-grid">
            <div class="field"><label for="assign-module">"Module"</label>
                <select id="assign-module" name="module" required>
                    {choices.modules.iter().map(option).collect_view()}
                </select></div>
            <div class="field"><label for="assign-target">"Assign to"</label>
                <select id="assign-target" name="target" required aria-describedby="assign-hint">
                    {groups.then(|| view! { <option value="everyone">"Everyone"</option> })}
                    {groups.then(|| view! { <optgroup label="Regions">{choices.regions.iter().map(option).collect_view()}</optgroup> })}
                    {groups.then(|| view! { <optgroup label="Sites">{choices.sites.iter().map(option).collect_view()}</optgroup> })}
                    {groups.then(|| view! { <optgroup label="Departments">{choices.departments.iter().map(option).collect_view()}</optgroup> })}
                    <optgroup label="People">{choices.people.iter().map(option).collect_view()}</optgroup>
                </select>
                <p id="assign-hint" class="hint">{if groups { "People who join a group later get its modules too." } else { "Your people: those who report to you, directly or further down, and everyone in the sites and departments you lead." }}</p></div>
            <div class="field"><label for="assign-due">"Due date"</label>
                <input id="assign-due" name="due_on" type="date" value=due required /></div>
            {groups.then(|| view! {
                <div class="field"><label for="assign-joiners">"Days for people who join later"</label>
                    <input id="assign-joiners" name="joiner_days" type="number" min="1" max="365" value=DEFAULT_JOINER_DAYS.to_string() aria-describedby="joiners-hint" />
                    <p id="joiners-hint" class="hint">"For a group: someone who joins it after today has this many days from the day they join (never less time than the due date). Empty: the same due date for everyone."</p></div>
            })}
            <div class="form-actions"><button type="submit" class="button primary">"Assign"</button></div>
        </ActionForm>
    }
}

/// "30 people · due 17 Jan 2027 · people who join later: 30 days".
fn assignment_facts(a: &AssignmentView) -> String {
    let mut parts = vec![
        format!(
            "{} {}",
            a.people,
            if a.people == 1 { "person" } else { "people" }
        ),
        format!("due {}", a.due_on.label()),
    ];
    if let Some(d) = a.joiner_days {
        parts.push(format!("people who join later: {d} days"));
    }
    parts.join(" · ")
}

/// Assignments with a button each to remove them (a plain form, so it works without JavaScript).
#[component]
fn AssignmentList(
    assignments: Vec<AssignmentView>,
    action: ServerAction<UnassignModule>,
    /// Name the module too (the team page mixes modules; a module's card does not).
    with_module: bool,
    /// What to say when there are none.
    empty: &'static str,
) -> impl IntoView {
    if assignments.is_empty() {
        return view! { <p class="empty small">{empty}</p> }.into_any();
    }
    view! {
        <ul class="assignment-list">
            {assignments.into_iter().map(|a| {
                let what = if with_module { format!("{} for {}", a.module, a.target) } else { a.target.clone() };
                view! {
                    <li>
                        <div class="grow">
                            <strong>{a.target.clone()}</strong>
                            {with_module.then(|| view! { " · " {a.module.clone()} })}
                            <div class="small muted">{assignment_facts(&a)}</div>
                        </div>
                        <ActionForm action attr:class="inline">
                            <input type="hidden" name="assignment" value=a.pid.clone() />
                            <button type="submit" class="button small" aria-label=format!("Remove the assignment: {what}")>"Remove"</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="hint">"Removing an assignment keeps everyone's attempts and certificates."</p>
    }.into_any()
}

fn team_table(t: TeamProgress) -> impl IntoView {
    if t.rows.is_empty() {
        return view! { <p class="empty">"No one reports to you yet."</p> }.into_any();
    }
    let modules = t.modules.clone();
    view! {
        <div class="table-wrap" tabindex="0"><table class="progress">
            <caption class="visually-hidden">"Training progress per person and module"</caption>
            <thead><tr><th scope="col">"Person"</th>
                {modules.iter().map(|(_, title)| view! { <th scope="col">{title.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {t.rows.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row"><a href=format!("/people/{}", r.pid)>{r.name.clone()}</a>
                            <div class="small muted">{r.department.clone().unwrap_or_default()}</div></th>
                        {r.cells.into_iter().map(|c| match c {
                            Some(c) => view! { <td>{status_tag(c.status, c.overdue)}<div class="small muted">{c.done} "/" {c.total} " · due " {c.due_on.label()}</div></td> }.into_any(),
                            None => view! { <td class="muted small">"Not assigned"</td> }.into_any(),
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }.into_any()
}

#[component]
pub fn TeamTrainingPage() -> impl IntoView {
    LatestOutcome::provide();
    let assign = ServerAction::<AssignModule>::new();
    let unassign = ServerAction::<UnassignModule>::new();
    let team = Resource::new(
        move || (assign.version().get(), unassign.version().get()),
        |_| get_team_training(),
    );
    let choices = Resource::new(|| (), |_| get_assign_choices());
    view! {
        <Title text="Team training" />
        <h1>"Team training"</h1>
        <div class="messages" aria-live="polite">
            <Outcome value=assign.value() path={<AssignModule as ServerFn>::PATH} />
            <Outcome value=unassign.value() path={<UnassignModule as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (t, c) = match (team.await, choices.await) {
                    (Ok(t), Ok(c)) => (t, c),
                    (Err(e), _) | (_, Err(e)) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let assignments = t.assignments.clone();
                view! {
                    <section class="panel" aria-labelledby="team-progress-title">
                        <h2 id="team-progress-title">"Progress"</h2>
                        {team_table(t)}
                    </section>
                    <section class="panel" aria-labelledby="assign-title">
                        <h2 id="assign-title">"Assign a module"</h2>
                        <AssignForm choices=c action=assign groups=false />
                    </section>
                    <section class="panel" aria-labelledby="team-assignments-title">
                        <h2 id="team-assignments-title">"Your team's assignments"</h2>
                        <p class="small muted">"Modules assigned to your people one by one. Group assignments are HR's."</p>
                        <AssignmentList assignments action=unassign with_module=true empty="You have not assigned a module to anyone yet." />
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

/// Progress as a matrix: sites against modules, or one site's departments against modules.
fn group_matrix(rows: Vec<GroupRow>, site: Option<String>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No modules are assigned yet."</p> }.into_any();
    }
    let site = site.filter(|s| rows.iter().any(|r| &r.site == s));
    let (modules, matrix) = match &site {
        Some(s) => {
            let mine: Vec<GroupRow> = rows.iter().filter(|r| &r.site == s).cloned().collect();
            matrix(&mine, |r| (r.site.clone(), r.department.clone()))
        }
        None => matrix(&rows, |r| (r.region.clone(), r.site.clone())),
    };
    let heading = match &site {
        Some(s) => format!("Departments of {s}"),
        None => "Sites".to_owned(),
    };
    let drill = site.is_none();
    view! {
        <div class="panel-head">
            <h3>{heading}</h3>
            {(!drill).then(|| view! { <a href="/training/manage">"All sites"</a> })}
        </div>
        <div class="table-wrap" tabindex="0"><table class="progress">
            <caption class="visually-hidden">"Assigned people who are done, per group and module"</caption>
            <thead><tr><th scope="col">{if drill { "Site" } else { "Department" }}</th>
                {modules.iter().map(|m| view! { <th scope="col">{m.clone()}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {matrix.into_iter().map(|r| view! {
                    <tr>
                        <th scope="row">{if drill {
                            view! { <a href=format!("/training/manage?site={}", urlencode(&r.label))>{r.label.clone()}</a>
                                <div class="small muted">{r.group.clone()}</div> }.into_any()
                        } else {
                            view! { {r.label.clone()} }.into_any()
                        }}</th>
                        {r.cells.into_iter().map(|c| match c {
                            Some(c) => {
                                let pct = crate::training::rules::progress::percent(c.done, c.assigned) as i32;
                                view! { <td>
                                    <div class="small"><strong>{c.done}</strong> " of " {c.assigned} " done"
                                        {(c.in_progress > 0).then(|| view! { <span class="muted">" · " {c.in_progress} " in progress"</span> })}</div>
                                    <div class="bar" role="img" aria-label=format!("{pct}% done")><span class=format!("fill good {}", width_class(pct))></span></div>
                                    {(c.overdue > 0).then(|| view! { <span class="tag overdue">{c.overdue} " overdue"</span> })}
                                </td> }.into_any()
                            }
                            None => view! { <td class="muted small">"Not assigned"</td> }.into_any(),
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }.into_any()
}

/// Percent-encodes a query value (site names have spaces and ampersands).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn module_list(modules: Vec<ModuleView>, unassign: ServerAction<UnassignModule>) -> impl IntoView {
    view! {
        <div class="grid two">
            {modules.into_iter().map(|m| view! {
                <article class="panel module">
                    <div class="step-head"><h3>{m.title.clone()}</h3>
                        <a class="button small" href=format!("/training/modules/{}.module.toml", m.pid) download="">"Export module"</a></div>
                    <p class="small muted">{m.description.clone()}</p>
                    <p class="small">{match m.rule { ModuleRule::Passed => format!("Pass mark {}: every scenario passed", m.pass_mark), ModuleRule::Completed => "Every scenario completed".into() }}
                        " · " {match m.validity_months { Some(n) => format!("certificate valid {n} months"), None => "certificate does not expire".into() }}</p>
                    <ol class="small">{m.scenarios.into_iter().map(|s| view! { <li>{s.title}</li> }).collect_view()}</ol>
                    <h4>"Assigned to"</h4>
                    <AssignmentList assignments=m.assignments action=unassign with_module=false empty="Not assigned to anyone yet." />
                </article>
            }).collect_view()}
        </div>
    }
}

fn library_table(items: &[ScenarioSummary]) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0"><table>
            <thead><tr><th scope="col">"Scenario"</th><th scope="col">"Setting"</th><th scope="col">"Skills"</th>
                <th scope="col" class="num">"Steps"</th><th scope="col" class="num">"Version"</th><th scope="col">"File"</th></tr></thead>
            <tbody>
                {items.iter().map(|s| view! {
                    <tr><td><a href=format!("/training/library/{}", s.slug)><strong>{s.title.clone()}</strong></a><div class="small muted">{s.slug.clone()}
                            {(s.lifecycle != crate::training::types::Lifecycle::Published).then(|| view! { <span class="tag muted-tag">{s.lifecycle.label()}</span> })}</div></td>
                        <td>{s.setting.clone()}</td><td class="small">{skill_list(&s.skills)}</td>
                        <td class="num">{s.steps}</td><td class="num">{s.version}</td>
                        <td><a href=format!("/training/scenarios/{}.toml", s.slug) download="">"Export"</a></td></tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

#[component]
pub fn TrainingAdminPage() -> impl IntoView {
    LatestOutcome::provide();
    let assign = ServerAction::<AssignModule>::new();
    let unassign = ServerAction::<UnassignModule>::new();
    let create = ServerAction::<CreateModule>::new();
    let catalog = Resource::new(
        move || {
            (
                create.version().get(),
                assign.version().get(),
                unassign.version().get(),
            )
        },
        |_| get_training_catalog(),
    );
    let groups = Resource::new(
        move || (assign.version().get(), unassign.version().get()),
        |_| get_group_training(),
    );
    let choices = Resource::new(move || create.version().get(), |_| get_assign_choices());
    let attention = Resource::new(|| (), |_| get_certificate_attention());
    let none = Signal::derive(|| None::<Result<String, AppError>>);
    let query = leptos_router::hooks::use_query_map();
    view! {
        <Title text="Training administration" />
        <div class="page-head"><h1>"Training administration"</h1><a class="button" href="/training/analytics">"Analytics"</a></div>
        <div class="messages" aria-live="polite">
            <Outcome value=assign.value() path={<AssignModule as ServerFn>::PATH} />
            <Outcome value=create.value() path={<CreateModule as ServerFn>::PATH} />
            <Outcome value=unassign.value() path={<UnassignModule as ServerFn>::PATH} />
            <Outcome value=none path={<UploadScenarios as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let ((library, modules), rows, c, certs) = match (catalog.await, groups.await, choices.await, attention.await) {
                    (Ok(a), Ok(b), Ok(c), Ok(d)) => (a, b, c, d),
                    (Err(e), _, _, _) | (_, Err(e), _, _) | (_, _, Err(e), _) | (_, _, _, Err(e)) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let checks: Vec<ScenarioSummary> = library
                    .iter()
                    .filter(|s| s.lifecycle == crate::training::types::Lifecycle::Published)
                    .cloned()
                    .collect();
                view! {
                    <section class="panel" aria-labelledby="groups-title">
                        <h2 id="groups-title">"Progress by site and department"</h2>
                        {move || group_matrix(rows.clone(), query.with(|q| q.get("site")))}
                    </section>
                    <section class="panel" aria-labelledby="certs-title">
                        <div class="panel-head"><h2 id="certs-title">"Certificates expired or due for renewal"</h2>
                            <a class="button small" href="/training/certificate-register">"Certificate register"</a></div>
                        <crate::training::pages::CertificateTable certs=certs people=true empty="No certificate is expired or due for renewal." />
                    </section>
                    <section class="panel" aria-labelledby="assign-title">
                        <h2 id="assign-title">"Assign a module"</h2>
                        <AssignForm choices=c action=assign groups=true />
                    </section>
                    <h2>"Modules"</h2>
                    {module_list(modules, unassign)}
                    <section class="panel" aria-labelledby="new-module-title">
                        <h2 id="new-module-title">"New module"</h2>
                        <ActionForm action=create attr:class="form-grid">
                            <div class="field"><label for="module-title">"Title"</label>
                                <input id="module-title" name="title" required maxlength="120" /></div>
                            <div class="field"><label for="module-pass">"Pass mark (0-100)"</label>
                                <input id="module-pass" name="pass_mark" type="number" min="0" max="100" value="70" required /></div>
                            <div class="field"><label for="module-validity">"Certificate valid for (months)"</label>
                                <input id="module-validity" name="validity_months" type="number" min="1" max="120" aria-describedby="validity-hint" />
                                <p id="validity-hint" class="hint">"Empty: certificates do not expire. Otherwise the module is assigned again 30 days before expiry."</p></div>
                            <div class="field"><label for="module-rule">"Done when"</label>
                                <select id="module-rule" name="rule">
                                    <option value="passed">{ModuleRule::Passed.label()}</option>
                                    <option value="completed">{ModuleRule::Completed.label()}</option>
                                </select></div>
                            <div class="field wide"><label for="module-description">"Description"</label>
                                <input id="module-description" name="description" maxlength="2000" /></div>
                            <fieldset class="wide"><legend>"Scenarios, in this order"</legend>
                                <div class="checks">
                                    {checks.iter().enumerate().map(|(i, s)| view! {
                                        <label class="check-label"><input type="checkbox" name=format!("scenarios[{i}]") value=s.slug.clone() />" " {s.title.clone()}</label>
                                    }).collect_view()}
                                </div>
                            </fieldset>
                            <div class="form-actions"><button type="submit" class="button primary">"Create module"</button></div>
                        </ActionForm>
                    </section>
                    <section class="panel" aria-labelledby="library-title">
                        <div class="step-head"><h2 id="library-title">"Scenario library"</h2>
                            <a class="button primary" href="/training/drafts">"Write a scenario"</a></div>
                        {library_table(&library)}
                        <h3>"Import scenario and module files"</h3>
                        <p class="small muted">"TOML files: one scenario each, or a whole module exported from Rapport (its settings and every scenario it lists). All files are checked first: if any has a problem, nothing is imported and every problem is listed with its file, line and field. A changed scenario becomes a new version (earlier attempts keep the version they played); a module with the same title is brought in line with the file. Importing the same files again changes nothing."</p>
                        <form method="post" action={<UploadScenarios as ServerFn>::PATH} enctype="multipart/form-data" class="row">
                            <label for="scenario-files">"Files"</label>
                            <input id="scenario-files" name="files" type="file" accept=".toml,text/plain" multiple required />
                            <button type="submit" class="button">"Import"</button>
                        </form>
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}
