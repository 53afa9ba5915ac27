//! Server functions for engagement surveys.
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::engagement::types::Segment;
use crate::engagement::types::{
    ActionForm, AnswerInput, AnswerView, CommentsView, FocusView, HeatmapView, InternalView,
    ItemForm, ItemView, PlanForm, PlansView, ResultsView, SurveyForm, SurveysView, TrendsView,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::Permission,
    auth::service::caller,
    engagement::service::{answering, insights, internal, items, plans, results, surveys},
    request::{self, changed, choice},
    state::AppState,
};

#[cfg(feature = "ssr")]
async fn today_and_k(
    st: &AppState,
) -> Result<
    (
        crate::reporting::period::Day,
        crate::reporting::confidentiality::Threshold,
    ),
    AppError,
> {
    let settings = crate::org::settings::load(&st.db).await?;
    Ok((crate::org::settings::today(&settings)?, settings.threshold))
}

/// The surveys the viewer is asked; for leaders every survey with its participation.
#[server(endpoint = "surveys")]
pub async fn get_surveys() -> Result<SurveysView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let (today, k) = today_and_k(&st).await?;
            surveys::list(&st.db, &me, today, k).await
        }
        .await,
    )
}

#[server(endpoint = "create_survey")]
pub async fn create_survey(form: SurveyForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ManageSurveys).await?;
                let (today, _) = today_and_k(&st).await?;
                surveys::create(&st.db, &me, form, today).await
            }
            .await,
        )
        .await,
    )
}

/// The item bank, current versions.
#[server(endpoint = "survey_items")]
pub async fn get_survey_items() -> Result<Vec<ItemView>, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::ManageSurveys).await?;
            items::bank(&st.db).await
        }
        .await,
    )
}

#[server(endpoint = "add_survey_item")]
pub async fn add_survey_item(form: ItemForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageSurveys).await?;
                items::add(&st.db, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "reword_survey_item")]
pub async fn reword_survey_item(item: String, text: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageSurveys).await?;
                items::reword(&st.db, &item, &text).await
            }
            .await,
        )
        .await,
    )
}

/// Retires (`retire` = "yes") or restores ("no") an item for new surveys.
#[server(endpoint = "retire_survey_item")]
pub async fn retire_survey_item(item: String, retire: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::ManageSurveys).await?;
                let retire = choice(&retire, "yes", "no", "Choose retire or restore.")?;
                items::set_retired(&st.db, &item, retire).await
            }
            .await,
        )
        .await,
    )
}

/// The answer form for one survey.
#[server(endpoint = "survey_to_answer")]
pub async fn get_survey_to_answer(survey: String) -> Result<AnswerView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let (today, k) = today_and_k(&st).await?;
            let kc = crate::org::settings::load(&st.db).await?.comment_threshold;
            answering::view(&st.db, &me, &survey, today, (k, kc)).await
        }
        .await,
    )
}

/// Submits answers, once.
#[server(endpoint = "answer_survey")]
pub async fn answer_survey(input: AnswerInput) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                let (today, k) = today_and_k(&st).await?;
                answering::submit(&st.db, &me, input, today, k).await
            }
            .await,
        )
        .await,
    )
}

/// A survey's results for one group (empty: the whole organisation, or a manager's first unit),
/// optionally narrowed to a role group (`staff`, `leader`) and a tenure band (`under_1y`,
/// `1y_3y`, `over_3y`).
#[server(endpoint = "survey_results")]
pub async fn get_survey_results(
    survey: String,
    unit: String,
    #[server(default)] role: String,
    #[server(default)] tenure: String,
) -> Result<ResultsView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let (today, k) = today_and_k(&st).await?;
            let segment = Segment::parse(&role, &tenure).map_err(AppError::invalid)?;
            let mut view =
                results::results(&st.db, me.actor(), &survey, &unit, segment, today, k).await?;
            plans::annotate(&st.db, &mut view).await?;
            Ok(view)
        }
        .await,
    )
}

/// The heatmap: `by` is "regions", "sites", "region:N" or "site:N"; `items` "yes" for items
/// instead of drivers.
#[server(endpoint = "survey_heatmap")]
pub async fn get_survey_heatmap(
    survey: String,
    by: String,
    items: String,
    #[server(default)] role: String,
    #[server(default)] tenure: String,
) -> Result<HeatmapView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let (_, k) = today_and_k(&st).await?;
            let items = items.trim() == "yes";
            let segment = Segment::parse(&role, &tenure).map_err(AppError::invalid)?;
            results::heatmap(&st.db, me.actor(), &survey, &by, items, segment, k).await
        }
        .await,
    )
}

/// A survey's comments for one group: `about` is "" (all), "general" or a driver key; `search`
/// narrows to comments containing it.
#[server(endpoint = "survey_comments")]
pub async fn get_survey_comments(
    survey: String,
    unit: String,
    about: String,
    search: String,
) -> Result<CommentsView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let kc = crate::org::settings::load(&st.db).await?.comment_threshold;
            results::comments(&st.db, me.actor(), &survey, &unit, &about, &search, kc).await
        }
        .await,
    )
}

/// Focus areas for one group: each driver's impact on engagement against its score.
#[server(endpoint = "survey_focus")]
pub async fn get_survey_focus(survey: String, unit: String) -> Result<FocusView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let (_, k) = today_and_k(&st).await?;
            insights::focus(&st.db, me.actor(), &survey, &unit, k).await
        }
        .await,
    )
}

/// Every cycle up to this survey for one group: engagement, drivers and items.
#[server(endpoint = "survey_trends")]
pub async fn get_survey_trends(survey: String, unit: String) -> Result<TrendsView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let (_, k) = today_and_k(&st).await?;
            insights::trends(&st.db, me.actor(), &survey, &unit, k).await
        }
        .await,
    )
}

/// The internal-service results: what each department receives, and (for one site, "site:N")
/// who rates whom.
#[server(endpoint = "survey_internal")]
pub async fn get_survey_internal(survey: String, site: String) -> Result<InternalView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let settings = crate::org::settings::load(&st.db).await?;
            let today = crate::org::settings::today(&settings)?;
            let thresholds = (settings.threshold, settings.comment_threshold);
            internal::internal(&st.db, me.actor(), &survey, &site, today, thresholds).await
        }
        .await,
    )
}

/// A survey's action plans for one group.
#[server(endpoint = "survey_plans")]
pub async fn get_survey_plans(survey: String, unit: String) -> Result<PlansView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::ViewSurveyResults).await?;
            let (today, k) = today_and_k(&st).await?;
            plans::plans(&st.db, me.actor(), &survey, &unit, today, k).await
        }
        .await,
    )
}

#[server(endpoint = "create_survey_plan")]
pub async fn create_survey_plan(form: PlanForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ViewSurveyResults).await?;
                plans::create_plan(&st.db, me.actor(), form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "add_survey_action")]
pub async fn add_survey_action(form: ActionForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ViewSurveyResults).await?;
                let (today, _) = today_and_k(&st).await?;
                plans::add_action(&st.db, me.actor(), form, today).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "set_survey_action_status")]
pub async fn set_survey_action_status(action: String, status: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::ViewSurveyResults).await?;
                let (today, _) = today_and_k(&st).await?;
                plans::set_status(&st.db, me.actor(), &action, &status, today).await
            }
            .await,
        )
        .await,
    )
}
