//! The feedback API page: what another system sends to `POST /api/v1/feedback` (from the same
//! field list as the OpenAPI document), and for admins the tokens: create one (its secret shown
//! once), see when each was last used, revoke.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::feedback::api::{CreateApiToken, RevokeApiToken, get_api_page};
use crate::feedback::api_doc::{EXAMPLE, FIELDS, MAX_BATCH};
use crate::feedback::types::{ApiPageView, ApiTokenRow, NewApiToken};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

#[component]
pub fn FeedbackApiPage() -> impl IntoView {
    LatestOutcome::provide();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let data = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| get_api_page(),
    );
    // With JavaScript the new secret comes back with the action; without, with the page.
    let created = move || create.value().get().and_then(Result::ok);
    let create_result =
        Signal::derive(move || create.value().get().map(|r| r.map(|_| String::new())));
    view! {
        <Title text="Feedback API" />
        <h1>"Feedback API"</h1>
        <p class="lead">"Other systems (a survey kiosk, a help desk, a booking platform) send customer feedback straight to Rapport, one response or a batch at a time."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=create_result path={<CreateApiToken as ServerFn>::PATH} />
            <Outcome value=revoke.value() path={<RevokeApiToken as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => {
                        let shown = created().or_else(|| v.created.clone());
                        view! {
                            {shown.map(secret_panel)}
                            {v.can_manage.then(|| tokens(v.clone(), create, revoke))}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
        <Reference />
    }
}

fn secret_panel(t: NewApiToken) -> impl IntoView {
    view! {
        <section class="panel secret" aria-labelledby="secret-title">
            <h2 id="secret-title">{format!("The token “{}”", t.name)}</h2>
            <p><strong>"Copy it now: it is shown only this once."</strong>" Rapport keeps only a fingerprint of it, so nobody can read it again; if it is lost, revoke it and create another."</p>
            <label for="new-secret">"Token"</label>
            <input id="new-secret" class="secret-value" readonly value=t.secret size="72" spellcheck="false" autocomplete="off" />
        </section>
    }
}

fn tokens(
    v: ApiPageView,
    create: ServerAction<CreateApiToken>,
    revoke: ServerAction<RevokeApiToken>,
) -> impl IntoView {
    let rows = v.tokens.clone();
    view! {
        <section class="panel" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"Tokens"</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"No tokens yet. Create one for each system that sends feedback."</p> }.into_any()
            } else {
                view! {
                    <table class="compact">
                        <caption class="visually-hidden">"API tokens"</caption>
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Starts with"</th><th scope="col">"May send for"</th><th scope="col">"Created"</th><th scope="col">"Last used"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|t| token_row(t, revoke)).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="new-token-title">
            <h2 id="new-token-title">"Create a token"</h2>
            <ActionForm action=create attr:class="stack">
                <div class="field">
                    <label for="token-name">"Name"</label>
                    <input id="token-name" name="form[name]" required maxlength="80" aria-describedby="token-name-hint" autocomplete="off" />
                    <p id="token-name-hint" class="hint">"The system that will send with it, such as “Guest survey kiosk”. Its responses are kept under this name, so a replacement token with the same name never adds a response twice."</p>
                </div>
                <fieldset>
                    <legend>"May send feedback for"</legend>
                    <label class="check-label"><input type="checkbox" name="form[all_sites]" value="on" />" Every site, including sites added later"</label>
                    <div class="checks">
                        {v.sites.into_iter().map(|(id, name)| view! {
                            <label class="check-label"><input type="checkbox" name=format!("form[sites][{id}]") value="on" />" " {name}</label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <button type="submit" class="button primary">"Create token"</button>
            </ActionForm>
        </section>
    }
}

fn token_row(t: ApiTokenRow, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let label = format!("Revoke {}", t.name);
    view! {
        <tr>
            <th scope="row">{t.name.clone()}</th>
            <td><code>{format!("{}…", t.prefix)}</code></td>
            <td>{t.sites}</td>
            <td>{t.created}</td>
            <td>{t.last_used.unwrap_or_else(|| "Never".into())}</td>
            <td>{match t.revoked {
                Some(when) => view! { <span class="muted">{format!("Revoked {when}")}</span> }.into_any(),
                None => view! {
                    <details class="confirm">
                        <summary class="button small">"Revoke…"</summary>
                        <ActionForm action=revoke attr:class="stack">
                            <input type="hidden" name="id" value=t.id.to_string() />
                            <p class="small">"Requests with this token are refused from the moment it is revoked. This cannot be undone."</p>
                            <button type="submit" class="button danger small" aria-label=label>"Revoke token"</button>
                        </ActionForm>
                    </details>
                }.into_any(),
            }}</td>
        </tr>
    }
}

/// The reference: how to call the API, every field, the answers.
#[component]
fn Reference() -> impl IntoView {
    let curl = "curl -X POST https://rapport.example.com/api/v1/feedback \\\n  -H \"Authorization: Bearer $RAPPORT_TOKEN\" \\\n  -H \"Content-Type: application/json\" \\\n  --data @responses.json";
    view! {
        <section class="panel" aria-labelledby="reference-title">
            <h2 id="reference-title">"How to send feedback"</h2>
            <p>{format!("POST a JSON response, or an array of up to {MAX_BATCH}, to ")}<code>"/api/v1/feedback"</code>" with a token in the Authorization header. A batch is all or nothing: if any response has a problem, nothing is added and the answer lists each problem by the response's place in the batch (from 0) and the field. Each response carries your id for it, so a request that timed out can be sent again: responses already there are counted, not added twice."</p>
            <pre class="sample"><code>{curl}</code></pre>
            <p>"The machine-readable description is the OpenAPI 3 document at "<a href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>"."</p>
            <h3>"Fields of a response"</h3>
            <table class="compact">
                <caption class="visually-hidden">"Fields of a response"</caption>
                <thead><tr><th scope="col">"Field"</th><th scope="col">"Type"</th><th scope="col">"Required"</th><th scope="col">"Meaning"</th></tr></thead>
                <tbody>
                    {FIELDS.iter().map(|f| view! {
                        <tr>
                            <th scope="row"><code>{f.name}</code></th>
                            <td>{f.kind.label()}</td>
                            <td>{if f.required { "Yes" } else { "No" }}</td>
                            <td>{f.about}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"Example body"</h3>
            <pre class="sample"><code>{EXAMPLE}</code></pre>
            <h3>"Answers"</h3>
            <table class="compact">
                <caption class="visually-hidden">"HTTP statuses the API answers with"</caption>
                <thead><tr><th scope="col">"Status"</th><th scope="col">"Meaning"</th></tr></thead>
                <tbody>
                    {[
                        ("200", "Every response is in Rapport: “added” now, or “already” there from an earlier request."),
                        ("400", "The body is not JSON, or not a response or an array of them."),
                        ("401", "No token, or one that is unknown or revoked."),
                        ("403", "A response is for a site the token may not send for; nothing was added."),
                        ("413", "More than 1,000 responses, or a body over 8 MiB."),
                        ("415", "The body was not sent as application/json."),
                        ("422", "Some responses have problems, each named by index and field; nothing was added."),
                        ("429", "The token made 120 requests this minute; retry after the seconds in Retry-After."),
                        ("503", "The database is busy; nothing was added; retry after the seconds in Retry-After."),
                    ].into_iter().map(|(code, meaning)| view! {
                        <tr><th scope="row">{code}</th><td>{meaning}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
