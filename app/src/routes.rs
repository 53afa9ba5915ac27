//! The route table and each route's role guard.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment, hooks::use_location, path};

use crate::auth::api::get_session_info;
use crate::auth::pages::{LoginPage, PasswordPage};
use crate::auth::types::Role;
use crate::home::pages::HomePage;
use crate::org::pages::OrganisationPage;
use crate::people::pages::{
    EditPersonPage, ImportPage, ImportPreviewPage, NewPersonPage, PeoplePage, PersonPage,
};
use crate::training::pages::{
    AnalyticsPage, CertificatePage, DebriefPage, DraftPage, DraftsPage, MyTrainingPage, PlayPage,
    PlaytestPage, ScenarioPage, TeamTrainingPage, TrainingAdminPage,
};
use crate::ui::{Guard, Layout, NotFound, SessionResource};

pub const EVERYONE: &[Role] = &[Role::Staff, Role::Manager, Role::Hr, Role::Admin];
pub const HR_AND_ADMIN: &[Role] = &[Role::Hr, Role::Admin];
pub const ADMIN: &[Role] = &[Role::Admin];
pub const MANAGERS_UP: &[Role] = &[Role::Manager, Role::Hr, Role::Admin];

#[component]
pub fn App() -> impl IntoView {
    view! {
        <crate::Head />
        <Router>
            <Shell />
        </Router>
    }
}

/// Everything inside the router: the session (refetched on every navigation) and the routes.
#[component]
fn Shell() -> impl IntoView {
    let location = use_location();
    let session: SessionResource =
        Resource::new(move || location.pathname.get(), |_| get_session_info());
    provide_context(session);
    view! {
        <Layout>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async />
                <Route path=StaticSegment("") view=|| view! { <Guard roles=EVERYONE><HomePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/account/password") view=|| view! { <Guard roles=EVERYONE><PasswordPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/people") view=|| view! { <Guard roles=HR_AND_ADMIN><PeoplePage /></Guard> } ssr=SsrMode::Async />
                <Route path=(StaticSegment("people"), ParamSegment("pid")) view=|| view! { <Guard roles=EVERYONE><PersonPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training") view=|| view! { <Guard roles=EVERYONE><MyTrainingPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/play/:pid") view=|| view! { <Guard roles=EVERYONE><PlayPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/attempts/:pid") view=|| view! { <Guard roles=EVERYONE><DebriefPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/team") view=|| view! { <Guard roles=MANAGERS_UP><TeamTrainingPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/certificates/:pid") view=|| view! { <Guard roles=EVERYONE><CertificatePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/library/:slug") view=|| view! { <Guard roles=HR_AND_ADMIN><ScenarioPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/drafts") view=|| view! { <Guard roles=MANAGERS_UP><DraftsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/drafts/:pid") view=|| view! { <Guard roles=MANAGERS_UP><DraftPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/drafts/:pid/test") view=|| view! { <Guard roles=MANAGERS_UP><PlaytestPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/analytics") view=|| view! { <Guard roles=HR_AND_ADMIN><AnalyticsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/manage") view=|| view! { <Guard roles=HR_AND_ADMIN><TrainingAdminPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/organisation") view=|| view! { <Guard roles=ADMIN><OrganisationPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/new") view=|| view! { <Guard roles=ADMIN><NewPersonPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/import") view=|| view! { <Guard roles=ADMIN><ImportPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/import/:pid") view=|| view! { <Guard roles=ADMIN><ImportPreviewPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/:pid") view=|| view! { <Guard roles=ADMIN><EditPersonPage /></Guard> } ssr=SsrMode::Async />
            </Routes>
        </Layout>
    }
}
