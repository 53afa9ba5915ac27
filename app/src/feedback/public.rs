//! The public feedback pages, rendered on the server as small HTML documents with no script (the
//! Leptos bundle is not loaded, so they are fast on a slow phone): the form, the thank-you page,
//! a closed link, and the printable table card. `view!` escapes every value.
use leptos::prelude::*;

use crate::feedback::links::{MAX_COMMENT, MAX_CONTACT, PublicLink};
use crate::ui::TextArea;

/// The page around a public view; `stylesheet` is the app's hashed stylesheet `<link>`.
fn document(title: &str, stylesheet: &str, body: impl IntoView + 'static) -> String {
    let title = format!("{title} · Rapport");
    let body =
        view! { <body class="public"><main class="public-main">{body}</main></body> }.to_html();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>{}</title>{stylesheet}</head>{body}</html>",
        view! { {title} }.to_html()
    )
}

/// One question as a row of large radio buttons, `min` to `max`, ends labelled.
fn scale(
    name: &'static str,
    question: String,
    min: u8,
    max: u8,
    low: &'static str,
    high: &'static str,
    chosen: &str,
) -> impl IntoView + use<> {
    let id = format!("q-{name}");
    let hint = format!("{id}-hint");
    let described = hint.clone();
    let chosen = chosen.to_owned();
    view! {
        <fieldset class="public-scale" aria-describedby=described>
            <legend>{question}</legend>
            <div class="public-options">
                {(min..=max).map(|v| {
                    let value = v.to_string();
                    let checked = chosen == value;
                    view! {
                        <label class="public-option">
                            <input type="radio" name=name value=value.clone() checked=checked />
                            <span>{value}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <p id=hint class="public-ends"><span>{format!("{min}: {low}")}</span><span>{format!("{max}: {high}")}</span></p>
        </fieldset>
    }
}

/// What the customer had entered, to show again with a problem.
#[derive(Clone, Debug, Default)]
pub struct Entered {
    pub csat: String,
    pub nps: String,
    pub ces: String,
    pub comment: String,
    pub contact: String,
}

/// The form, with a problem to fix when there is one.
pub fn form_page(
    link: &PublicLink,
    token: &str,
    problem: Option<&str>,
    entered: &Entered,
    stylesheet: &str,
) -> String {
    let served = match &link.person {
        Some(p) => format!("How did {p} look after you today?"),
        None => "How did we do today?".to_owned(),
    };
    let action = format!("/f/{}", link.slug);
    let body = view! {
        <h1>{served}</h1>
        <p class="public-place">{link.place.clone()}</p>
        {problem.map(|p| view! { <p class="notice error" role="alert">{p.to_owned()}</p> })}
        <form method="post" action=action class="public-form">
            <input type="hidden" name="form_token" value=token.to_owned() />
            {link.ask_csat.then(|| scale("csat", "How satisfied were you with your visit?".into(), 1, 5, "very unsatisfied", "very satisfied", &entered.csat))}
            {link.ask_nps.then(|| scale("nps", "How likely are you to recommend us to a friend?".into(), 0, 10, "not at all likely", "extremely likely", &entered.nps))}
            {link.ask_ces.then(|| scale("ces", "How easy was it to get what you needed?".into(), 1, 7, "very difficult", "very easy", &entered.ces))}
            <div class="field">
                <label for="comment">"Anything you would like to tell us? (optional)"</label>
                <TextArea id="comment" name="comment" rows=4 maxlength=MAX_COMMENT value=entered.comment.clone() />
            </div>
            <div class="field">
                <label for="contact">"If you would like us to get back to you: email or phone (optional)"</label>
                <input id="contact" name="contact" maxlength=MAX_CONTACT.to_string() autocomplete="email" value=entered.contact.clone() />
                <p class="hint">"Used only to reply to you, and deleted after a while."</p>
            </div>
            <div class="public-trap" aria-hidden="true">
                <label for="website">"Leave this empty"</label>
                <input id="website" name="website" tabindex="-1" autocomplete="off" />
            </div>
            <button type="submit" class="button primary public-send">"Send"</button>
        </form>
        <p class="public-note">"Your answer goes to the team at "{link.place.clone()}". No account or name is needed."</p>
    };
    document("Tell us how we did", stylesheet, body)
}

/// After an answer (or a second one the same day, or a bot's): thanks.
pub fn thanks_page(place: &str, already: bool, stylesheet: &str) -> String {
    let body = view! {
        <h1>"Thank you"</h1>
        <p class="public-place">{place.to_owned()}</p>
        <p class="lead">{if already {
            "You already told us about today: thank you. Come back after your next visit."
        } else {
            "Your answer has reached the team. It helps them look after every guest a little better."
        }}</p>
    };
    document("Thank you", stylesheet, body)
}

/// A link that is unknown or switched off.
pub fn closed_page(known: bool, stylesheet: &str) -> String {
    let body = view! {
        <h1>{if known { "This feedback link is no longer in use" } else { "Feedback link not found" }}</h1>
        <p class="lead">"Please ask the team for a current one. Thank you for wanting to tell us how we did."</p>
    };
    document("Feedback link", stylesheet, body)
}

/// Something failed on the server's side; nothing was kept.
pub fn error_page(stylesheet: &str) -> String {
    let body = view! {
        <h1>"Something went wrong on our side"</h1>
        <p class="lead">"Nothing was kept. Please try again in a moment."</p>
    };
    document("Feedback link", stylesheet, body)
}

/// The printable table card: the QR code large, what it is for, and the address for typing.
pub fn card_page(link: &PublicLink, url: &str, stylesheet: &str) -> String {
    let qr = format!("/f/{}/qr.svg", link.slug);
    let body = view! {
        <div class="table-card">
            <p class="table-card-ask">"How did we do?"</p>
            <img class="table-card-qr" src=qr alt="QR code that opens the feedback form" width="320" height="320" />
            <p class="table-card-how">"Scan with your phone's camera: a few quick questions, under a minute, no sign-up."</p>
            <p class="table-card-place">{link.place.clone()}</p>
            <p class="table-card-url">{url.to_owned()}</p>
        </div>
        <p class="no-print muted">"Print this page (Ctrl+P or ⌘P) on A5 or A6 card, or save it as a PDF for your printer."</p>
    };
    document("Table card", stylesheet, body)
}

/// The app's stylesheet `<link>` (its file name carries the build's hash), for these pages.
pub fn stylesheet_link(options: &LeptosOptions) -> String {
    view! { <leptos_meta::HashedStylesheet options=options.clone() id="leptos" /> }.to_html()
}
