//! The public feedback links page: make a link for a site (or a department, or a person) with
//! the questions it asks; each has its QR code, a printable table card, and can be switched off.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

use crate::feedback::api::{CreateFeedbackLink, DisableFeedbackLink, get_feedback_links};
use crate::feedback::types::{Channel, LinkRow, LinksView};
use crate::ui::{ErrorPanel, LatestOutcome, Outcome};

#[component]
pub fn FeedbackLinksPage() -> impl IntoView {
    LatestOutcome::provide();
    let create = ServerAction::<CreateFeedbackLink>::new();
    let disable = ServerAction::<DisableFeedbackLink>::new();
    let data = Resource::new(
        move || (create.version().get(), disable.version().get()),
        |_| get_feedback_links(),
    );
    view! {
        <Title text="Feedback links" />
        <h1>"Feedback links"</h1>
        <p class="lead">"A page where customers answer without an account: print its QR code on a table card or a receipt, or share the link. Answers count for the site, department and person the link is for."</p>
        <div class="messages" aria-live="polite">
            <Outcome value=create.value() path={<CreateFeedbackLink as ServerFn>::PATH} />
            <Outcome value=disable.value() path={<DisableFeedbackLink as ServerFn>::PATH} />
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { {links(v.links.clone(), disable)} {new_link(v, create)} }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn links(rows: Vec<LinkRow>, disable: ServerAction<DisableFeedbackLink>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="links-title">
            <h2 id="links-title">"Links"</h2>
            {if rows.is_empty() {
                view! { <p class="muted">"No links yet: make one below for each place customers should answer from."</p> }.into_any()
            } else {
                view! {
                    <ul class="link-list">
                        {rows.into_iter().map(|l| link_item(l, disable)).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn link_item(l: LinkRow, disable: ServerAction<DisableFeedbackLink>) -> impl IntoView {
    let page = format!("/f/{}", l.slug);
    let label = format!("Switch off the link for {}", l.unit);
    view! {
        <li class="link-item">
            {l.disabled.is_none().then(|| view! {
                <img class="link-qr" src=format!("{page}/qr.svg") alt=format!("QR code for {}", l.unit) width="96" height="96" loading="lazy" />
            })}
            <div class="link-body">
                <p><strong>{l.unit.clone()}</strong></p>
                <p class="small muted">{format!("{} · asks {} · {} answer{} · made {}", l.channel, l.asks, l.answers, if l.answers == 1 { "" } else { "s" }, l.created)}</p>
                {match l.disabled {
                    Some(when) => view! { <p class="small muted">{format!("Switched off {when}")}</p> }.into_any(),
                    None => view! {
                        <p class="link-actions">
                            <a href=page.clone()>{page.clone()}</a>
                            " · "<a href=format!("{page}/card")>"Table card"</a>
                            " · "<a href=format!("{page}/qr.svg") download="feedback-qr.svg">"QR code (SVG)"</a>
                        </p>
                        <details class="confirm">
                            <summary class="button small">"Switch off…"</summary>
                            <ActionForm action=disable attr:class="stack">
                                <input type="hidden" name="id" value=l.id.to_string() />
                                <p class="small">"The page will say the link is no longer in use; printed cards stop working. Answers already given stay."</p>
                                <button type="submit" class="button danger small" aria-label=label>"Switch off"</button>
                            </ActionForm>
                        </details>
                    }.into_any(),
                }}
            </div>
        </li>
    }
}

fn new_link(v: LinksView, create: ServerAction<CreateFeedbackLink>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="new-link-title">
            <h2 id="new-link-title">"Make a link"</h2>
            <ActionForm action=create attr:class="form-grid">
                <div class="field">
                    <label for="link-site">"Site"</label>
                    <select id="link-site" name="form[site]" required>
                        <option value="">"Choose a site"</option>
                        {v.sites.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="link-department">"Department (optional)"</label>
                    <select id="link-department" name="form[department]">
                        <option value="">"The whole site"</option>
                        {v.departments.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="link-person">"For one person (optional): their email"</label>
                    <input id="link-person" name="form[person]" type="email" maxlength="254" autocomplete="off" />
                </div>
                <div class="field">
                    <label for="link-channel">"Where customers are served"</label>
                    <select id="link-channel" name="form[channel]" required>
                        {Channel::ALL.into_iter().map(|c| view! { <option value=c.key() selected={c == Channel::FrontDesk}>{c.label()}</option> }).collect_view()}
                    </select>
                </div>
                <fieldset class="wide">
                    <legend>"Questions"</legend>
                    <label class="check-label"><input type="checkbox" name="form[ask_csat]" value="on" checked />" How satisfied (CSAT, 1–5)"</label>
                    <label class="check-label"><input type="checkbox" name="form[ask_nps]" value="on" checked />" How likely to recommend (NPS, 0–10)"</label>
                    <label class="check-label"><input type="checkbox" name="form[ask_ces]" value="on" />" How easy (customer effort, 1–7)"</label>
                    <p class="hint">"Fewer questions get more answers. A comment box and an optional contact for a reply always follow."</p>
                </fieldset>
                <div class="form-actions"><button type="submit" class="button primary">"Make link"</button></div>
            </ActionForm>
        </section>
    }
}
