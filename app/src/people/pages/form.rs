use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::auth::password_rules::{MIN_LENGTH, hint};
use crate::auth::types::Role;
use crate::people::api::*;
use crate::people::types::{PersonDetail, PersonFormChoices};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

/// The fields shared by "add" and "edit"; `person` fills them in when editing.
#[component]
fn PersonFields(choices: PersonFormChoices, person: Option<PersonDetail>) -> impl IntoView {
    let p = person.clone();
    let name = p.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let email = p.as_ref().map(|p| p.email.clone()).unwrap_or_default();
    let role = p.as_ref().map(|p| p.role).unwrap_or(Role::Staff);
    let site_id = p.as_ref().and_then(|p| p.site_id);
    let department_id = p.as_ref().and_then(|p| p.department_id);
    let manager_pid = p
        .as_ref()
        .and_then(|p| p.manager.as_ref().map(|m| m.pid.clone()));
    let own_pid = p.as_ref().map(|p| p.pid.clone());
    view! {
        <div class="field"><label for="name">"Full name"</label>
            <input id="name" name="name" value=name required maxlength="120" autocomplete="off" /></div>
        <div class="field"><label for="email">"Email"</label>
            <input id="email" name="email" type="email" value=email required maxlength="254" autocomplete="off" /></div>
        <div class="field"><label for="role">"Role"</label>
            <select id="role" name="role">
                {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == role>{r.label()}</option> }).collect_view()}
            </select></div>
        <div class="field"><label for="site">"Site"</label>
            <select id="site" name="site">
                <option value="">"No site"</option>
                {choices.sites.iter().map(|s| view! {
                    <option value=s.id selected=Some(s.id) == site_id>{format!("{} ({})", s.name, s.region)}</option>
                }).collect_view()}
            </select></div>
        <div class="field"><label for="department">"Department"</label>
            <select id="department" name="department" aria-describedby="dep-hint">
                <option value="">"No department"</option>
                {choices.sites.iter().map(|s| view! {
                    <optgroup label=s.name.clone()>
                        {s.departments.iter().map(|(id, name)| view! {
                            <option value=*id selected=Some(*id) == department_id>{name.clone()}</option>
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
            <p id="dep-hint" class="hint">"Choose a department of the selected site."</p></div>
        <div class="field"><label for="manager">"Manager"</label>
            <select id="manager" name="manager">
                <option value="">"No manager"</option>
                {choices.managers.iter().filter(|m| Some(&m.pid) != own_pid.as_ref()).map(|m| view! {
                    <option value=m.pid.clone() selected=Some(&m.pid) == manager_pid.as_ref()>
                        {format!("{} ({}{})", m.name, m.role.label(), m.site.as_ref().map(|s| format!(", {s}")).unwrap_or_default())}
                    </option>
                }).collect_view()}
            </select></div>
    }
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    let create = ServerAction::<CreatePerson>::new();
    let choices = Resource::new(|| (), |_| get_person_form_choices());
    view! {
        <Title text="Add a person" />
        <h1>"Add a person"</h1>
        <Outcome value=create.value() path={<CreatePerson as ServerFn>::PATH} />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(c) => view! {
                        <ActionForm action=create attr:class="panel form-grid">
                            <PersonFields choices=c person=None />
                            <div class="field"><label for="password">"Initial password (optional)"</label>
                                <input id="password" name="password" type="password" autocomplete="new-password" minlength=MIN_LENGTH aria-describedby="pw-hint" />
                                <p id="pw-hint" class="hint">"Leave empty to set one later. " {hint()}</p></div>
                            <div class="form-actions"><button type="submit" class="button primary">"Add person"</button>
                                <a href="/people">"Cancel"</a></div>
                        </ActionForm>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditPersonPage() -> impl IntoView {
    LatestOutcome::provide();
    let params = use_params_map();
    let update = ServerAction::<UpdatePerson>::new();
    let activate = ServerAction::<SetPersonActive>::new();
    let password = ServerAction::<SetPersonPassword>::new();
    let person = Resource::new(
        move || {
            (
                params.with(|p| p.get("pid").unwrap_or_default()),
                update.version().get(),
                activate.version().get(),
            )
        },
        |(pid, _, _)| get_person(pid),
    );
    let choices = Resource::new(|| (), |_| get_person_form_choices());
    view! {
        <div class="messages" aria-live="polite">
            <Outcome value=update.value() path={<UpdatePerson as ServerFn>::PATH} />
            <Outcome value=activate.value() path={<SetPersonActive as ServerFn>::PATH} />
            <Outcome value=password.value() path={<SetPersonPassword as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (p, c) = match (person.await, choices.await) {
                    (Ok(p), Ok(c)) => (p, c),
                    (Err(e), _) | (_, Err(e)) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let pid = p.pid.clone();
                let (pid_update, pid_password) = (pid.clone(), pid.clone());
                let profile_link = format!("/people/{pid}");
                let active = p.active;
                let can_log_in = p.can_log_in;
                view! {
                    <Title text=format!("Edit {}", p.name) />
                    <div class="page-head">
                        <h1>{p.name.clone()} {(!active).then(|| view! { <span class="tag muted-tag">"Deactivated"</span> })}</h1>
                        <a class="button" href=profile_link>"View profile"</a>
                    </div>
                    <ActionForm action=update attr:class="panel form-grid">
                        <input type="hidden" name="pid" value=pid_update />
                        <PersonFields choices=c person=Some(p) />
                        <div class="form-actions"><button type="submit" class="button primary">"Save changes"</button></div>
                    </ActionForm>
                    <div class="grid two">
                        <section class="panel" aria-labelledby="pw-title">
                            <h2 id="pw-title">"Set a password"</h2>
                            <p class="muted">{if can_log_in { "This person can log in. Setting a new password replaces the old one." } else { "This person cannot log in until they have a password." }}</p>
                            <ActionForm action=password attr:class="stack">
                                <input type="hidden" name="pid" value=pid_password />
                                <label for="new-pw">"New password"</label>
                                <input id="new-pw" name="password" type="password" autocomplete="new-password" required minlength=MIN_LENGTH aria-describedby="pw-hint" />
                                <p id="pw-hint" class="hint">{hint()}</p>
                                <button type="submit" class="button">"Set password"</button>
                            </ActionForm>
                        </section>
                        <section class="panel" aria-labelledby="status-title">
                            <h2 id="status-title">{if active { "Deactivate" } else { "Reactivate" }}</h2>
                            <p class="muted">{if active {
                                "A deactivated person cannot log in; their sessions end at once. Their history is kept."
                            } else {
                                "Reactivating lets this person log in again with their password."
                            }}</p>
                            <ActionForm action=activate>
                                <input type="hidden" name="pid" value=pid />
                                <input type="hidden" name="active" value=(!active).to_string() />
                                <button type="submit" class=if active { "button danger" } else { "button" }>
                                    {if active { "Deactivate person" } else { "Reactivate person" }}
                                </button>
                            </ActionForm>
                        </section>
                    </div>
                }.into_any()
            })}
        </Transition>
    }
}
