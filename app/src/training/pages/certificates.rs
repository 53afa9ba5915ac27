//! Certificates: lists for a person, HR's list of expired and expiring ones, and the printable certificate.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::training::api::{get_certificate, get_person_certificates};
use crate::training::types::{CertStatus, CertificateView};
use crate::ui::ErrorPanel;

pub fn cert_tag(s: CertStatus) -> impl IntoView {
    let class = match s {
        CertStatus::Valid => "tag add",
        CertStatus::Renewing => "tag update",
        CertStatus::Expired => "tag overdue",
    };
    view! { <span class=class>{s.label()}</span> }
}

/// A table of certificates; `people` adds a column with the holder.
#[component]
pub fn CertificateTable(
    certs: Vec<CertificateView>,
    #[prop(optional)] people: bool,
    empty: &'static str,
) -> impl IntoView {
    if certs.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table>
            <thead><tr>
                {people.then(|| view! { <th scope="col">"Person"</th> })}
                <th scope="col">"Module"</th><th scope="col">"Issued"</th><th scope="col" class="num">"Score"</th>
                <th scope="col">"Valid until"</th><th scope="col">"Status"</th></tr></thead>
            <tbody>
                {certs.into_iter().map(|c| view! {
                    <tr>
                        {people.then(|| view! { <td><a href=format!("/people/{}", c.person_pid)>{c.person.clone()}</a></td> })}
                        <td><a href=format!("/training/certificates/{}", c.pid)>{c.module.clone()}</a></td>
                        <td>{c.issued_on.clone()}</td>
                        <td class="num">{c.score}</td>
                        <td>{c.expires_on.clone().unwrap_or_else(|| "Does not expire".into())}</td>
                        <td>{cert_tag(c.status)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }.into_any()
}

/// A person's certificates on their profile page.
#[component]
pub fn CertificatesPanel(pid: String) -> impl IntoView {
    let certs = Resource::new(move || pid.clone(), get_person_certificates);
    view! {
        <section class="panel" aria-labelledby="certs-panel-title">
            <h2 id="certs-panel-title">"Certificates"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match certs.await {
                        Ok(c) => view! { <CertificateTable certs=c empty="No certificates yet." /> }.into_any(),
                        Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The printable certificate.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let cert = Resource::new(
        move || params.with(|p| p.get("pid").unwrap_or_default()),
        get_certificate,
    );
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let c = match cert.await {
                    Ok(c) => c,
                    Err(e) => return view! { <ErrorPanel error=e /> }.into_any(),
                };
                let expired = c.status == CertStatus::Expired;
                view! {
                    <Title text=format!("Certificate: {}", c.module) />
                    <p class="no-print"><a href="/training">"My training"</a> " · " <span class="muted">"Use your browser's Print to print or save as PDF."</span></p>
                    <article class="certificate" class:expired=expired aria-labelledby="cert-title">
                        <p class="cert-brand">"Rapport · service training"</p>
                        <h1 id="cert-title">"Certificate of completion"</h1>
                        <p class="cert-line">"This certifies that"</p>
                        <p class="cert-name">{c.person.clone()}</p>
                        <p class="cert-line">"has passed the training module"</p>
                        <p class="cert-module">{c.module.clone()}</p>
                        <dl class="cert-facts">
                            <div><dt>"Date"</dt><dd>{c.issued_on.clone()}</dd></div>
                            <div><dt>"Score"</dt><dd>{c.score} " / 100"</dd></div>
                            <div><dt>"Valid until"</dt><dd>{c.expires_on.clone().unwrap_or_else(|| "Does not expire".into())}</dd></div>
                            <div><dt>"Status"</dt><dd>{cert_tag(c.status)}</dd></div>
                        </dl>
                        {expired.then(|| view! { <p class="notice error">"This certificate has expired. The module has been assigned again."</p> })}
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}
