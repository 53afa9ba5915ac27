//! The route table; each route's guard asks the authorisation policy (`auth::policy`).
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment, hooks::use_location, path};

use crate::auth::api::get_session_info;
use crate::auth::pages::{LoginPage, PasswordPage};
use crate::auth::policy::Permission::*;
use crate::engagement::pages::{
    AnswerPage, CommentsPage, FocusPage, HeatmapPage, InternalPage, PlansPage, ResultsPage,
    SurveyItemsPage, SurveysPage, TrendsPage,
};
use crate::feedback::api_page::FeedbackApiPage;
use crate::feedback::followup_pages::{FollowUpPage, FollowUpsPage};
use crate::feedback::imports_pages::{FeedbackImportPage, FeedbackImportsPage};
use crate::feedback::links_page::FeedbackLinksPage;
use crate::feedback::pages::CustomersPage;
use crate::home::pages::HomePage;
use crate::org::pages::{OrganisationPage, SettingsPage};
use crate::people::pages::{
    EditPersonPage, ImportPage, ImportPreviewPage, NewPersonPage, PeoplePage, PersonPage,
};
use crate::recognition::pages::{
    AwardsAdminPage, HallOfFamePage, ProgrammePage, ProgrammesPage, RecognitionPage,
    RecognitionReportPage, RewardsAdminPage, RewardsPage, ValuesPage, WinnerCertificatePage,
};
use crate::training::pages::{
    AnalyticsPage, CertificatePage, CertificateRegisterPage, DebriefPage, DraftPage, DraftsPage,
    MyTrainingPage, PlayPage, PlaytestPage, ScenarioPage, TeamTrainingPage, TrainingAdminPage,
};
use crate::ui::{Guard, Layout, NotFound, SessionResource};

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
                <Route path=StaticSegment("") view=|| view! { <Guard allow=SignedIn><HomePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/account/password") view=|| view! { <Guard allow=SignedIn><PasswordPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/people") view=|| view! { <Guard allow=ViewPeopleDirectory><PeoplePage /></Guard> } ssr=SsrMode::Async />
                <Route path=(StaticSegment("people"), ParamSegment("pid")) view=|| view! { <Guard allow=SignedIn><PersonPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training") view=|| view! { <Guard allow=SignedIn><MyTrainingPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/play/:pid") view=|| view! { <Guard allow=SignedIn><PlayPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/attempts/:pid") view=|| view! { <Guard allow=SignedIn><DebriefPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/team") view=|| view! { <Guard allow=ViewOwnTeam><TeamTrainingPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/certificate-register") view=|| view! { <Guard allow=ManageTraining><CertificateRegisterPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/certificates/:pid") view=|| view! { <Guard allow=SignedIn><CertificatePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/library/:slug") view=|| view! { <Guard allow=ManageTraining><ScenarioPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/drafts") view=|| view! { <Guard allow=DraftScenarios><DraftsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/drafts/:pid") view=|| view! { <Guard allow=DraftScenarios><DraftPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/drafts/:pid/test") view=|| view! { <Guard allow=DraftScenarios><PlaytestPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/analytics") view=|| view! { <Guard allow=ManageTraining><AnalyticsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/training/manage") view=|| view! { <Guard allow=ManageTraining><TrainingAdminPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/organisation") view=|| view! { <Guard allow=ManageOrganisation><OrganisationPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers") view=|| view! { <Guard allow=ViewGuestFeedback><CustomersPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers/import") view=|| view! { <Guard allow=ImportFeedback><FeedbackImportsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers/import/:pid") view=|| view! { <Guard allow=ImportFeedback><FeedbackImportPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers/api") view=|| view! { <Guard allow=ImportFeedback><FeedbackApiPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers/links") view=|| view! { <Guard allow=ManageFeedbackLinks><FeedbackLinksPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers/follow-ups") view=|| view! { <Guard allow=FollowUpFeedback><FollowUpsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/customers/follow-ups/:pid") view=|| view! { <Guard allow=FollowUpFeedback><FollowUpPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition") view=|| view! { <Guard allow=SignedIn><RecognitionPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition/report") view=|| view! { <Guard allow=ViewRecognitionEquity><RecognitionReportPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition/programmes") view=|| view! { <Guard allow=SignedIn><ProgrammesPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition/programmes/:pid") view=|| view! { <Guard allow=SignedIn><ProgrammePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition/hall-of-fame") view=|| view! { <Guard allow=SignedIn><HallOfFamePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition/hall-of-fame/:pid") view=|| view! { <Guard allow=SignedIn><WinnerCertificatePage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/recognition/rewards") view=|| view! { <Guard allow=SignedIn><RewardsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys") view=|| view! { <Guard allow=SignedIn><SurveysPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/items") view=|| view! { <Guard allow=ManageSurveys><SurveyItemsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid") view=|| view! { <Guard allow=SignedIn><AnswerPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/results") view=|| view! { <Guard allow=ViewSurveyResults><ResultsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/focus") view=|| view! { <Guard allow=ViewSurveyResults><FocusPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/trends") view=|| view! { <Guard allow=ViewSurveyResults><TrendsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/comments") view=|| view! { <Guard allow=ViewSurveyResults><CommentsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/heatmap") view=|| view! { <Guard allow=ViewSurveyResults><HeatmapPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/internal") view=|| view! { <Guard allow=ViewSurveyResults><InternalPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/surveys/:pid/plans") view=|| view! { <Guard allow=ViewSurveyResults><PlansPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/awards") view=|| view! { <Guard allow=ManageAwards><AwardsAdminPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/rewards") view=|| view! { <Guard allow=ManageRewards><RewardsAdminPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/values") view=|| view! { <Guard allow=ManageValues><ValuesPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/settings") view=|| view! { <Guard allow=ManagePolicies><SettingsPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/new") view=|| view! { <Guard allow=ManagePeople><NewPersonPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/import") view=|| view! { <Guard allow=ManagePeople><ImportPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/import/:pid") view=|| view! { <Guard allow=ManagePeople><ImportPreviewPage /></Guard> } ssr=SsrMode::Async />
                <Route path=path!("/admin/people/:pid") view=|| view! { <Guard allow=ManagePeople><EditPersonPage /></Guard> } ssr=SsrMode::Async />
            </Routes>
        </Layout>
    }
}
