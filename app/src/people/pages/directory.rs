use leptos::prelude::*;

use crate::auth::policy::{Permission, role_allows};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::types::Role;
use crate::org::api::get_org_tree;
use crate::people::api::list_people;
use crate::people::types::PeopleFilter;
use crate::ui::{ErrorPanel, use_session_user};

fn page_link(f: &PeopleFilter, page: u32) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "/people?q={}&role={}&site={}&status={}&page={page}",
        enc(&f.q),
        enc(&f.role),
        enc(&f.site),
        enc(&f.status)
    )
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| PeopleFilter {
            q: q.get("q").unwrap_or_default(),
            role: q.get("role").unwrap_or_default(),
            site: q.get("site").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    });
    let people = Resource::new(move || filter.get(), list_people);
    let org = Resource::new(|| (), |_| get_org_tree());
    view! {
        <Title text="People" />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let viewer = use_session_user().await;
                let f = filter.get();
                let (page, tree) = match (people.await, org.await) {
                    (Ok(p), Ok(t)) => (p, t),
                    (Err(e), _) | (_, Err(e)) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let is_admin = viewer.is_some_and(|v| role_allows(v.role, Permission::ManagePeople));
                let prev = (page.page > 1).then(|| page_link(&f, page.page - 1));
                let next = (page.page < page.pages).then(|| page_link(&f, page.page + 1));
                view! {
                    <div class="page-head">
                        <h1>"People"</h1>
                        {is_admin.then(|| view! {
                            <div class="actions">
                                <a class="button primary" href="/admin/people/new">"Add person"</a>
                                <a class="button" href="/admin/people/import">"Import CSV"</a>
                            </div>
                        })}
                    </div>
                    <form method="get" action="/people" class="filters panel" role="search">
                        <div class="field">
                            <label for="q">"Search name or email"</label>
                            <input id="q" name="q" type="search" value=f.q.clone() />
                        </div>
                        <div class="field">
                            <label for="role">"Role"</label>
                            <select id="role" name="role">
                                <option value="">"Any role"</option>
                                {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=f.role == r.as_str()>{r.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="site">"Site"</label>
                            <select id="site" name="site">
                                <option value="">"Any site"</option>
                                {tree.sites().map(|s| { let v = s.id.to_string(); view! { <option value=v.clone() selected=f.site == v>{s.name.clone()}</option> } }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="status">"Status"</label>
                            <select id="status" name="status">
                                <option value="" selected=f.status.is_empty()>"Active"</option>
                                <option value="inactive" selected=f.status == "inactive">"Deactivated"</option>
                                <option value="all" selected=f.status == "all">"Everyone"</option>
                            </select>
                        </div>
                        <button type="submit" class="button">"Filter"</button>
                        <a href="/people" class="small">"Clear"</a>
                    </form>
                    <p class="muted" role="status">{match page.total { 1 => "1 person matches.".to_owned(), n => format!("{n} people match.") }}</p>
                    {if page.rows.is_empty() {
                        view! { <p class="empty">"No one matches these filters."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap" tabindex="0">
                            <table class="people">
                                <thead><tr>
                                    <th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th>
                                    <th scope="col">"Site"</th><th scope="col">"Department"</th><th scope="col">"Manager"</th><th scope="col">"Status"</th>
                                </tr></thead>
                                <tbody>
                                    {page.rows.into_iter().map(|p| {
                                        let href = if is_admin { format!("/admin/people/{}", p.pid) } else { format!("/people/{}", p.pid) };
                                        view! {
                                            <tr class:inactive=!p.active>
                                                <td><a href=href>{p.name}</a></td>
                                                <td>{p.email}</td>
                                                <td>{p.role.label()}</td>
                                                <td>{p.site.unwrap_or_default()}</td>
                                                <td>{p.department.unwrap_or_default()}</td>
                                                <td>{p.manager.unwrap_or_default()}</td>
                                                <td>{if !p.active { "Deactivated" } else if p.can_log_in { "Active" } else { "No password yet" }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            <nav class="pager" aria-label="Pages">
                                {prev.map(|h| view! { <a href=h rel="prev">"← Previous"</a> })}
                                <span>"Page " {page.page} " of " {page.pages}</span>
                                {next.map(|h| view! { <a href=h rel="next">"Next →"</a> })}
                            </nav>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}
