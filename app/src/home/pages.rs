//! Home: staff see their profile and manager, managers their team, HR and admins the organisation's head counts.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::types::Role;
use crate::home::api::{HomeView, get_home};
use crate::org::types::OrgTree;
use crate::people::pages::{PersonCard, TeamTable};
use crate::ui::ErrorPanel;

/// The resource is made when the page is, not after an await: resources made inside a `Suspend`
/// got their hydration ids in whatever order the server's concurrent futures ran, so for some
/// people the browser looked the data up under the wrong id and the page failed to hydrate.
#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Title text="Home" />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => view! { <RoleHome home=h /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RoleHome(home: HomeView) -> impl IntoView {
    let HomeView {
        me,
        organisation,
        recognition,
        surveys,
        followups,
    } = home;
    let first_name = me
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    let role = me.role;
    let team = me.reports.clone();
    view! {
        <h1>"Welcome, " {first_name}</h1>
        <crate::engagement::pages::HomeSurveys surveys />
        {followups.filter(|c| c.unresolved > 0).map(|counts| view! { <crate::feedback::followup_pages::FollowUpSummary counts /> })}
        <div class="grid two">
            <PersonCard person=me heading="Your profile" />
            {match role {
                Role::Staff => view! {
                    <section class="panel" aria-labelledby="next-title">
                        <h2 id="next-title">"What you can do here"</h2>
                        <ul class="plain">
                            <li><a href="/training">"My training"</a>": your assigned modules, what to play next and your skill profile."</li>
                            <li><a href="/recognition">"Recognition"</a>": thank a colleague and read what others were thanked for."</li>
                            <li><a href="/recognition/rewards">"Rewards"</a>": spend the points you received."</li>
                            <li><a href="/account/password">"Change your password"</a></li>
                        </ul>
                    </section>
                }.into_any(),
                Role::Manager => view! { <TeamTable team heading="Your team" /> }.into_any(),
                _ if !team.is_empty() => view! { <TeamTable team heading="Your team" /> }.into_any(),
                _ => ().into_any(),
            }}
        </div>
        <crate::recognition::pages::HomePanel r=recognition />
        {organisation.map(|t| view! { <OrgCounts tree=t /> })}
    }
}

/// Active people per region, site and department.
#[component]
pub fn OrgCounts(tree: OrgTree) -> impl IntoView {
    let total = tree.total_people();
    let sites = tree.sites().count();
    let departments = tree.departments().count();
    let without_site = tree.without_site;
    view! {
        <section class="panel" aria-labelledby="counts-title">
            <h2 id="counts-title">"The organisation"</h2>
            <dl class="stats">
                <div><dt>"Active people"</dt><dd>{total}</dd></div>
                <div><dt>"Regions"</dt><dd>{tree.regions.len()}</dd></div>
                <div><dt>"Sites"</dt><dd>{sites}</dd></div>
                <div><dt>"Departments"</dt><dd>{departments}</dd></div>
            </dl>
            {tree.regions.into_iter().map(|r| {
                let region_total = r.people();
                view! {
                    <h3>{r.name.clone()} <span class="muted">" · " {crate::ui::text::people_count(region_total as u64)}</span></h3>
                    <div class="table-wrap" tabindex="0">
                    <table class="counts">
                        <caption class="visually-hidden">"People per site and department in " {r.name.clone()}</caption>
                        <thead><tr><th scope="col">"Site"</th><th scope="col">"Department"</th><th scope="col" class="num">"People"</th></tr></thead>
                        <tbody>
                            {r.sites.into_iter().map(|s| {
                                let rows = s.departments.len().max(1);
                                let site_name = s.name.clone();
                                let site_people = s.people;
                                let mut cells = Vec::new();
                                if s.departments.is_empty() {
                                    cells.push(view! { <tr><th scope="row">{site_name.clone()} <span class="muted">" (" {site_people} ")"</span></th><td class="muted">"No departments"</td><td class="num">"0"</td></tr> }.into_any());
                                }
                                for (i, d) in s.departments.into_iter().enumerate() {
                                    let head = (i == 0).then(|| view! { <th scope="rowgroup" rowspan=rows>{site_name.clone()} <span class="muted">" (" {site_people} ")"</span></th> });
                                    cells.push(view! { <tr>{head}<td>{d.name}</td><td class="num">{d.people}</td></tr> }.into_any());
                                }
                                cells
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
            }).collect_view()}
            {(without_site > 0).then(|| view! { <p class="muted">{without_site} " active people have no site yet."</p> })}
        </section>
    }
}
