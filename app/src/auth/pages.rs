//! Login and password-change pages.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{ChangePassword, Login};
use crate::auth::password_rules::{MIN_LENGTH, hint};
use crate::ui::{Outcome, use_session_user};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let value = Signal::derive(move || login.value().get().map(|r| r.map(|_| String::new())));
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").is_some());
    view! {
        <Title text="Log in" />
        <Suspense>
            {move || Suspend::new(async move {
                use_session_user().await.map(|_| view! { <Redirect path="/" /> })
            })}
        </Suspense>
        <section class="panel narrow" aria-labelledby="login-title">
            <h1 id="login-title">"Log in to Rapport"</h1>
            {move || signed_out().then(|| view! { <p class="notice ok" role="status">"You have been logged out."</p> })}
            <Outcome value path={<Login as ServerFn>::PATH} />
            <ActionForm action=login attr:class="stack">
                <label for="email">"Email"</label>
                <input id="email" type="email" name="email" autocomplete="username" required autofocus />
                <label for="password">"Password"</label>
                <input id="password" type="password" name="password" autocomplete="current-password" required />
                <button type="submit" class="button primary">"Log in"</button>
            </ActionForm>
            <p class="muted small">"Forgot your password? Ask your administrator to set a new one."</p>
        </section>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <Title text="Change password" />
        <section class="panel narrow" aria-labelledby="pw-title">
            <h1 id="pw-title">"Change your password"</h1>
            <Outcome value=change.value() path={<ChangePassword as ServerFn>::PATH} />
            <ActionForm action=change attr:class="stack">
                <label for="current">"Current password"</label>
                <input id="current" type="password" name="current" autocomplete="current-password" required />
                <label for="new_password">"New password"</label>
                <input id="new_password" type="password" name="new_password" autocomplete="new-password"
                    required minlength=MIN_LENGTH aria-describedby="pw-hint" />
                <p id="pw-hint" class="hint">{hint()}</p>
                <label for="confirm">"Repeat the new password"</label>
                <input id="confirm" type="password" name="confirm" autocomplete="new-password" required minlength=MIN_LENGTH />
                <button type="submit" class="button primary">"Change password"</button>
            </ActionForm>
        </section>
    }
}
