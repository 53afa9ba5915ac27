use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

use crate::auth::api::Logout;
use crate::auth::policy::{Permission, role_allows};
use crate::auth::types::{SessionInfo, SessionUser};
use crate::error::AppError;
use crate::ui::ErrorPanel;

pub type SessionResource = Resource<Result<SessionInfo, AppError>>;

fn session_resource() -> Option<SessionResource> {
    use_context::<SessionResource>()
}

/// The logged-in user, once the session is known (inside a Suspense).
pub async fn use_session_user() -> Option<SessionUser> {
    match session_resource() {
        Some(r) => r.await.ok().and_then(|s| s.user),
        None => None,
    }
}

#[component]
fn Nav(user: SessionUser) -> impl IntoView {
    let role = user.role;
    let may = move |p: Permission| role_allows(role, p);
    let logout = ServerAction::<Logout>::new();
    view! {
        <nav class="topnav" aria-label="Main">
            <a class="brand" href="/">"Rapport"</a>
            <ul class="navlinks">
                <li><A href="/" exact=true>"Home"</A></li>
                <li><A href="/training" exact=true>"My training"</A></li>
                <li><A href="/recognition">"Recognition"</A></li>
                <li><A href="/surveys">"Surveys"</A></li>
                <li><A href="/customers">"Guests"</A></li>
                // Those who manage training follow everyone there rather than a team.
                {(may(Permission::ViewOwnTeam) && !may(Permission::ManageTraining)).then(|| view! { <li><A href="/training/team">"Team training"</A></li> })}
                {may(Permission::ManageTraining).then(|| view! { <li><A href="/training/manage">"Training admin"</A></li> })}
                {may(Permission::DraftScenarios).then(|| view! { <li><A href="/training/drafts">"Drafts"</A></li> })}
                {may(Permission::ViewPeopleDirectory).then(|| view! { <li><A href="/people">"People"</A></li> })}
                {may(Permission::ManageOrganisation).then(|| view! { <li><A href="/admin/organisation">"Organisation"</A></li> })}
                {may(Permission::ManagePolicies).then(|| view! { <li><A href="/admin/settings">"Settings"</A></li> })}
            </ul>
            <div class="usermenu">
                <span class="who">
                    <span class="who-name">{user.name.clone()}</span>
                    <span class="role-badge">{role.label()}</span>
                </span>
                <A href="/account/password">"Password"</A>
                <ActionForm action=logout attr:class="inline">
                    <button type="submit" class="link-button">"Log out"</button>
                </ActionForm>
            </div>
        </nav>
    }
}

/// The frame of every page: navigation for the visitor's role, the one-time message, the content.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let session = session_resource();
    let header = move || {
        Suspend::new(async move {
            let info = match session {
                Some(r) => r.await.unwrap_or_default(),
                None => SessionInfo::default(),
            };
            let flash = info.flash.clone();
            view! {
                {match info.user {
                    Some(u) => view! { <Nav user=u /> }.into_any(),
                    None => view! { <nav class="topnav" aria-label="Main"><a class="brand" href="/">"Rapport"</a></nav> }.into_any(),
                }}
                {flash.map(|f| view! { <div class="flash" role="status">{f}</div> })}
            }
        })
    };
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <header class="site-header">
            <Suspense fallback=|| view! { <nav class="topnav"><a class="brand" href="/">"Rapport"</a></nav> }>{header}</Suspense>
        </header>
        <main id="main" class="container">{children()}</main>
        <footer class="site-footer">"Rapport · engagement, training and service, side by side"</footer>
    }
}

/// Shows `children` only to the given roles: others get a 403 page, visitors the login page.
///
/// The decision is a plain `Suspend`, not a closure returning one: Suspense re-runs closures
/// while it checks for pending reads, and each re-run here would build the page again with new
/// resources, which the server then serialised under ids the browser never made (one load in
/// a few dozen failed to hydrate). A plain `Suspend` is resolved once and kept.
#[component]
pub fn Guard(allow: Permission, children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {Suspend::new(async move {
                let session = match session_resource() {
                    Some(r) => r.await,
                    None => Ok(SessionInfo::default()),
                };
                match session.map(|s| s.user) {
                    // A database that is down or busy is a 503 page, not a trip to the login form.
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                    Ok(Some(u)) if role_allows(u.role, allow) => children.with_value(|c| c()).into_any(),
                    Ok(Some(_)) => view! { <ErrorPanel error=AppError::Forbidden /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPanel error=AppError::NotFound("That page".into()) /> }
}
