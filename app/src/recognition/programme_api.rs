//! Server functions for the yearly achievement awards.
use leptos::prelude::*;

use crate::error::AppError;
use crate::recognition::programme::{
    CategoryForm, HallOfFame, NominationInput, ProgrammeForm, ProgrammeView, ProgrammesView,
    WinnerCertificate,
};

#[cfg(feature = "ssr")]
use crate::{
    auth::policy::Permission,
    auth::service::caller,
    recognition::api::{changed, choice},
    recognition::service::programmes,
    request,
    state::AppState,
};

#[cfg(feature = "ssr")]
async fn today_and_tz(
    st: &AppState,
) -> Result<(crate::reporting::period::Day, chrono_tz::Tz), AppError> {
    let settings = crate::org::settings::load(&st.db).await?;
    Ok((
        crate::org::settings::today(&settings)?,
        crate::org::settings::tz(&settings)?,
    ))
}

/// Every programme, with what the viewer did in each.
#[server(endpoint = "award_programmes")]
pub async fn get_programmes() -> Result<ProgrammesView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let (today, _) = today_and_tz(&st).await?;
            programmes::list(&st.db, &me, today).await
        }
        .await,
    )
}

/// One programme: nominating, and for HR and admins the shortlists and winners.
#[server(endpoint = "award_programme")]
pub async fn get_programme(programme: String) -> Result<ProgrammeView, AppError> {
    request::finish(
        async {
            let (st, me) = caller(Permission::SignedIn).await?;
            let (today, tz) = today_and_tz(&st).await?;
            programmes::view(&st.db, &me, &programme, today, tz).await
        }
        .await,
    )
}

#[server(endpoint = "create_programme")]
pub async fn create_programme(form: ProgrammeForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::RunAwardProgrammes).await?;
                programmes::create(&st.db, &me, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "update_programme")]
pub async fn update_programme(programme: String, form: ProgrammeForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::RunAwardProgrammes).await?;
                programmes::update(&st.db, &programme, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "add_award_category")]
pub async fn add_award_category(programme: String, form: CategoryForm) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::RunAwardProgrammes).await?;
                programmes::add_category(&st.db, &programme, form).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "remove_award_category")]
pub async fn remove_award_category(category: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, _) = caller(Permission::RunAwardProgrammes).await?;
                programmes::remove_category(&st.db, &category).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "nominate")]
pub async fn nominate(input: NominationInput) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::SignedIn).await?;
                let (today, _) = today_and_tz(&st).await?;
                programmes::nominate(&st.db, &me, input, today).await
            }
            .await,
        )
        .await,
    )
}

/// Picks (`pick` = "yes") or unpicks ("no") a nominee as a category's winner.
#[server(endpoint = "choose_winner")]
pub async fn choose_winner(
    category: String,
    nominee: String,
    pick: String,
) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::RunAwardProgrammes).await?;
                let pick = choice(
                    &pick,
                    "yes",
                    "no",
                    "Say whether to pick or unpick the winner.",
                )?;
                let (today, _) = today_and_tz(&st).await?;
                programmes::choose(&st.db, &me, &category, &nominee, pick, today).await
            }
            .await,
        )
        .await,
    )
}

#[server(endpoint = "announce_programme")]
pub async fn announce_programme(programme: String) -> Result<String, AppError> {
    request::finish(
        changed(
            async {
                let (st, me) = caller(Permission::RunAwardProgrammes).await?;
                let (today, _) = today_and_tz(&st).await?;
                programmes::announce(&st.db, &me, &programme, today).await
            }
            .await,
        )
        .await,
    )
}

/// The announced winners of a year (the newest year when none is given).
#[server(endpoint = "hall_of_fame")]
pub async fn get_hall_of_fame(year: Option<i32>) -> Result<HallOfFame, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::SignedIn).await?;
            let (_, tz) = today_and_tz(&st).await?;
            programmes::hall_of_fame(&st.db, year, tz).await
        }
        .await,
    )
}

#[server(endpoint = "winner_certificate")]
pub async fn get_winner_certificate(winner: String) -> Result<WinnerCertificate, AppError> {
    request::finish(
        async {
            let (st, _) = caller(Permission::SignedIn).await?;
            let (_, tz) = today_and_tz(&st).await?;
            programmes::certificate(&st.db, &winner, tz).await
        }
        .await,
    )
}
