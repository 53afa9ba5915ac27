use leptos::prelude::*;

use crate::auth::policy::{Permission, role_allows};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::people::api::get_person;
use crate::people::types::{PersonBrief, PersonDetail};
use crate::ui::{ErrorPanel, use_session_user};

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

#[component]
pub fn PersonCard(person: PersonDetail, heading: &'static str) -> impl IntoView {
    let manager = person.manager.clone();
    view! {
        <section class="panel" aria-labelledby="card-title">
            <h2 id="card-title">{heading}</h2>
            <p class="person-name">{person.name.clone()}
                {(!person.active).then(|| view! { <span class="tag muted-tag">"Deactivated"</span> })}
            </p>
            <dl class="facts">
                <div><dt>"Email"</dt><dd>{person.email.clone()}</dd></div>
                <div><dt>"Role"</dt><dd>{person.role.label()}</dd></div>
                <div><dt>"Region"</dt><dd>{or_dash(person.region.clone())}</dd></div>
                <div><dt>"Site"</dt><dd>{or_dash(person.site.clone())}</dd></div>
                <div><dt>"Department"</dt><dd>{or_dash(person.department.clone())}</dd></div>
                <div><dt>"Manager"</dt><dd>{match manager {
                    Some(m) => view! { {m.name} <span class="muted">" · " {m.email}</span> }.into_any(),
                    None => view! { "—" }.into_any(),
                }}</dd></div>
            </dl>
        </section>
    }
}

#[component]
pub fn TeamTable(team: Vec<PersonBrief>, heading: &'static str) -> impl IntoView {
    let count = team.iter().filter(|p| p.active).count();
    view! {
        <section class="panel" aria-labelledby="team-title">
            <h2 id="team-title">{heading} <span class="muted small">" · " {count} " active"</span></h2>
            {if team.is_empty() {
                view! { <p class="empty">"No one reports to you yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col">"Site"</th><th scope="col">"Department"</th></tr></thead>
                        <tbody>
                            {team.into_iter().map(|p| view! {
                                <tr class:inactive=!p.active>
                                    <td><a href=format!("/people/{}", p.pid)>{p.name}</a>
                                        {(!p.active).then(|| view! { <span class="tag muted-tag">"Deactivated"</span> })}</td>
                                    <td>{p.role.label()}</td>
                                    <td>{or_dash(p.site)}</td>
                                    <td>{or_dash(p.department)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let pid = move || params.with(|p| p.get("pid").unwrap_or_default());
    // Every resource of the page is made here, outside the wait, so the browser creates them in
    // the same order as the server when it hydrates.
    let person = Resource::new(pid, get_person);
    let skills = Resource::new(pid, crate::training::api::get_skill_profile);
    let certs = Resource::new(pid, crate::training::api::get_person_certificates);
    let recognition = Resource::new(pid, crate::recognition::api::get_person_recognition);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let viewer = use_session_user().await;
                let (skills, certs, counts) = (skills.await, certs.await, recognition.await);
                match person.await {
                    Ok(p) => {
                        let is_admin = viewer.is_some_and(|v| role_allows(v.role, Permission::ManagePeople));
                        let edit = format!("/admin/people/{}", p.pid);
                        let reports = p.reports.clone();
                        view! {
                            <Title text=p.name.clone() />
                            <div class="page-head">
                                <h1>{p.name.clone()}</h1>
                                {is_admin.then(|| view! { <a class="button" href=edit>"Edit person"</a> })}
                            </div>
                            <div class="grid two">
                                <PersonCard person=p heading="Profile" />
                                {(!reports.is_empty()).then(|| view! { <TeamTable team=reports heading="Reports" /> })}
                                <crate::training::pages::SkillPanel skills />
                                <crate::recognition::pages::PersonRecognitionPanel counts />
                            </div>
                            <crate::training::pages::CertificatesPanel certs />
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
