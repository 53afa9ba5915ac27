//! The admin's organisation page: regions, their sites and the sites' departments, all editable in
//! place, with their leaders; and the settings page.
mod settings;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
pub use settings::SettingsPage;

use crate::org::api::*;
use crate::org::types::{Leader, OrgTree, RegionView, SiteView};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

/// Every action on the page, so any of them refreshes the tree.
#[derive(Clone, Copy)]
struct Actions {
    create_region: ServerAction<CreateRegion>,
    rename_region: ServerAction<RenameRegion>,
    delete_region: ServerAction<DeleteRegion>,
    create_site: ServerAction<CreateSite>,
    update_site: ServerAction<UpdateSite>,
    delete_site: ServerAction<DeleteSite>,
    create_department: ServerAction<CreateDepartment>,
    rename_department: ServerAction<RenameDepartment>,
    delete_department: ServerAction<DeleteDepartment>,
    set_leader: ServerAction<SetUnitLeader>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            create_region: ServerAction::new(),
            rename_region: ServerAction::new(),
            delete_region: ServerAction::new(),
            create_site: ServerAction::new(),
            update_site: ServerAction::new(),
            delete_site: ServerAction::new(),
            create_department: ServerAction::new(),
            rename_department: ServerAction::new(),
            delete_department: ServerAction::new(),
            set_leader: ServerAction::new(),
        }
    }

    fn version(&self) -> usize {
        self.create_region.version().get()
            + self.rename_region.version().get()
            + self.delete_region.version().get()
            + self.create_site.version().get()
            + self.update_site.version().get()
            + self.delete_site.version().get()
            + self.create_department.version().get()
            + self.rename_department.version().get()
            + self.delete_department.version().get()
            + self.set_leader.version().get()
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    LatestOutcome::provide();
    let a = Actions::new();
    let tree = Resource::new(move || a.version(), |_| get_org_tree());
    view! {
        <Title text="Organisation" />
        <h1>"Organisation"</h1>
        <p class="lead">"Regions contain sites; sites contain departments. People are placed in a site and department from their profile or by import. A site's general manager and a department's head see everyone in it, as they see the people who report to them."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=a.create_region.value() path={<CreateRegion as ServerFn>::PATH} />
            <Outcome value=a.rename_region.value() path={<RenameRegion as ServerFn>::PATH} />
            <Outcome value=a.delete_region.value() path={<DeleteRegion as ServerFn>::PATH} />
            <Outcome value=a.create_site.value() path={<CreateSite as ServerFn>::PATH} />
            <Outcome value=a.update_site.value() path={<UpdateSite as ServerFn>::PATH} />
            <Outcome value=a.delete_site.value() path={<DeleteSite as ServerFn>::PATH} />
            <Outcome value=a.create_department.value() path={<CreateDepartment as ServerFn>::PATH} />
            <Outcome value=a.rename_department.value() path={<RenameDepartment as ServerFn>::PATH} />
            <Outcome value=a.delete_department.value() path={<DeleteDepartment as ServerFn>::PATH} />
            <Outcome value=a.set_leader.value() path={<SetUnitLeader as ServerFn>::PATH} />
        </div>
        <section class="panel" aria-labelledby="add-region">
            <h2 id="add-region">"Add a region"</h2>
            <ActionForm action=a.create_region attr:class="row">
                <label for="new-region" class="visually-hidden">"Region name"</label>
                <input id="new-region" name="name" required maxlength="100" placeholder="e.g. North Coast" />
                <button type="submit" class="button primary">"Add region"</button>
            </ActionForm>
        </section>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match tree.await {
                    Ok(t) => view! { <Tree tree=t a /> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Tree(tree: OrgTree, a: Actions) -> impl IntoView {
    if tree.regions.is_empty() {
        return view! { <p class="empty">"No regions yet. Add the first one above."</p> }
            .into_any();
    }
    let regions: Vec<(i32, String)> = tree
        .regions
        .iter()
        .map(|r| (r.id, r.name.clone()))
        .collect();
    let leaders = tree.leaders;
    tree.regions
        .into_iter()
        .map(|r| view! { <Region region=r regions=regions.clone() leaders=leaders.clone() a /> })
        .collect_view()
        .into_any()
}

#[component]
fn Region(
    region: RegionView,
    regions: Vec<(i32, String)>,
    leaders: Vec<Leader>,
    a: Actions,
) -> impl IntoView {
    let id = region.id;
    let people = region.people();
    let heading = format!("region-{id}");
    let heading_id = heading.clone();
    let RegionView { name, sites, .. } = region;
    let site_count = sites.len();
    let delete_label = format!("Delete region {name}");
    let rename_value = name.clone();
    let new_site_label = name.clone();
    view! {
        <section class="panel region" aria-labelledby=heading>
            <div class="panel-head">
                <h2 id=heading_id>{name.clone()} <span class="muted small">{format!(" · {} · {}", count(site_count, "site", "sites"), count(people as usize, "person", "people"))}</span></h2>
                <ActionForm action=a.delete_region attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button danger small" aria-label=delete_label>"Delete"</button>
                </ActionForm>
            </div>
            <ActionForm action=a.rename_region attr:class="row">
                <input type="hidden" name="id" value=id />
                <label for=format!("rn-region-{id}")>"Name"</label>
                <input id=format!("rn-region-{id}") name="name" value=rename_value required maxlength="100" />
                <button type="submit" class="button">"Rename"</button>
            </ActionForm>
            {sites.into_iter().map(|s| view! { <Site site=s regions=regions.clone() leaders=leaders.clone() a /> }).collect_view()}
            <ActionForm action=a.create_site attr:class="row add">
                <input type="hidden" name="region_id" value=id />
                <label for=format!("new-site-{id}")>"New site in " {new_site_label}</label>
                <input id=format!("new-site-{id}") name="name" required maxlength="100" placeholder="Site name" />
                <button type="submit" class="button">"Add site"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Site(
    site: SiteView,
    regions: Vec<(i32, String)>,
    leaders: Vec<Leader>,
    a: Actions,
) -> impl IntoView {
    let id = site.id;
    let site_leader = view! { <LeaderForm unit="site" id current=site.manager.clone() leaders=leaders.clone() label="General manager" a /> };
    let region_id = site.region_id;
    let delete_label = format!("Delete site {}", site.name);
    let name_value = site.name.clone();
    view! {
        <article class="site">
            <div class="panel-head">
                <h3>{site.name.clone()} <span class="muted small">{format!(" · {}", count(site.people as usize, "person", "people"))}</span></h3>
                <ActionForm action=a.delete_site attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button danger small" aria-label=delete_label>"Delete"</button>
                </ActionForm>
            </div>
            <ActionForm action=a.update_site attr:class="row">
                <input type="hidden" name="id" value=id />
                <label for=format!("site-name-{id}")>"Name"</label>
                <input id=format!("site-name-{id}") name="name" value=name_value required maxlength="100" />
                <label for=format!("site-region-{id}")>"Region"</label>
                <select id=format!("site-region-{id}") name="region_id">
                    {regions.into_iter().map(|(rid, name)| view! { <option value=rid selected=rid == region_id>{name}</option> }).collect_view()}
                </select>
                <button type="submit" class="button">"Save site"</button>
            </ActionForm>
            {site_leader}
            <ul class="departments">
                {site.departments.into_iter().map(|d| {
                    let did = d.id;
                    let delete_label = format!("Delete department {}", d.name);
                    view! {
                        <li>
                            <ActionForm action=a.rename_department attr:class="row tight">
                                <input type="hidden" name="id" value=did />
                                <label for=format!("dep-{did}") class="visually-hidden">"Department name"</label>
                                <input id=format!("dep-{did}") name="name" value=d.name.clone() required maxlength="100" />
                                <span class="muted small">{crate::ui::text::people_count(d.people as u64)}</span>
                                <button type="submit" class="button small">"Rename"</button>
                            </ActionForm>
                            <ActionForm action=a.delete_department attr:class="inline">
                                <input type="hidden" name="id" value=did />
                                <button type="submit" class="button danger small" aria-label=delete_label>"Delete"</button>
                            </ActionForm>
                            <LeaderForm unit="department" id=did current=d.head.clone() leaders=leaders.clone() label="Head" a />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=a.create_department attr:class="row add">
                <input type="hidden" name="site_id" value=id />
                <label for=format!("new-dep-{id}")>"New department"</label>
                <input id=format!("new-dep-{id}") name="name" required maxlength="100" placeholder="e.g. Front desk" />
                <button type="submit" class="button">"Add department"</button>
            </ActionForm>
        </article>
    }
}

/// "1 site", "3 sites".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Sets a unit's leader from the active managers, or clears it.
#[component]
fn LeaderForm(
    unit: &'static str,
    id: i32,
    current: Option<Leader>,
    leaders: Vec<Leader>,
    label: &'static str,
    a: Actions,
) -> impl IntoView {
    let field = format!("leader-{unit}-{id}");
    let current_pid = current.as_ref().map(|l| l.pid.clone()).unwrap_or_default();
    // A leader who is no longer an active manager stays listed until replaced.
    let listed = current
        .filter(|c| !leaders.iter().any(|l| l.pid == c.pid))
        .into_iter()
        .chain(leaders);
    view! {
        <ActionForm action=a.set_leader attr:class="row tight leader">
            <input type="hidden" name="unit" value=unit />
            <input type="hidden" name="id" value=id />
            <label for=field.clone()>{label}</label>
            <select id=field name="person">
                <option value="" selected=current_pid.is_empty()>"— nobody —"</option>
                {listed.map(|l| {
                    let selected = l.pid == current_pid;
                    view! { <option value=l.pid selected=selected>{l.name}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="button small">"Set"</button>
        </ActionForm>
    }
}
