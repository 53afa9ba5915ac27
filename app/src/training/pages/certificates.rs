//! Certificates: lists for a person, HR's list of expired and expiring ones, and the printable certificate.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::training::api::{get_certificate, get_certificate_register};
use crate::training::types::{CertStatus, CertificateRegister, CertificateView, RegisterQuery};
use crate::ui::ErrorPanel;

pub fn cert_tag(s: CertStatus) -> impl IntoView {
    let class = match s {
        CertStatus::Valid => "tag add",
        CertStatus::Renewing => "tag update",
        CertStatus::Expired => "tag overdue",
    };
    view! { <span class=class>{s.label()}</span> }
}

/// The headings of `cert_cells`.
fn cert_heads() -> impl IntoView {
    view! {
        <th scope="col">"Module"</th><th scope="col">"Issued"</th><th scope="col" class="num">"Score"</th>
        <th scope="col">"Valid until"</th><th scope="col">"Status"</th>
    }
}

/// A certificate's cells after the holder: module, issued, score, valid until, status.
fn cert_cells(c: &CertificateView) -> impl IntoView + use<> {
    view! {
        <td><a href=format!("/training/certificates/{}", c.pid)>{c.module.clone()}</a></td>
        <td>{c.issued_on.label()}</td>
        <td class="num">{c.score}</td>
        <td>{c.expires_on.map_or_else(|| "Does not expire".into(), |d| d.label())}</td>
        <td>{cert_tag(c.status)}</td>
    }
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
        <div class="table-wrap" tabindex="0"><table>
            <thead><tr>
                {people.then(|| view! { <th scope="col">"Person"</th> })}
                {cert_heads()}</tr></thead>
            <tbody>
                {certs.into_iter().map(|c| view! {
                    <tr>
                        {people.then(|| view! { <td><a href=format!("/people/{}", c.person_pid)>{c.person.clone()}</a></td> })}
                        {cert_cells(&c)}
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }.into_any()
}

/// A person's certificates on their profile page, loaded with the person.
#[component]
pub fn CertificatesPanel(
    certs: Result<Vec<CertificateView>, crate::error::AppError>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="certs-panel-title">
            <h2 id="certs-panel-title">"Certificates"</h2>
            {match certs {
                Ok(c) => view! { <CertificateTable certs=c empty="No certificates yet." /> }.into_any(),
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
            }}
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
                            <div><dt>"Date"</dt><dd>{c.issued_on.label()}</dd></div>
                            <div><dt>"Score"</dt><dd>{c.score} " / 100"</dd></div>
                            <div><dt>"Valid until"</dt><dd>{c.expires_on.map_or_else(|| "Does not expire".into(), |d| d.label())}</dd></div>
                            <div><dt>"Status"</dt><dd>{cert_tag(c.status)}</dd></div>
                        </dl>
                        {expired.then(|| view! { <p class="notice error">"This certificate has expired. The module has been assigned again."</p> })}
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

fn register_view(r: CertificateRegister, q: RegisterQuery) -> impl IntoView {
    let enc = crate::ui::text::url_encode;
    let csv = format!(
        "/reports/training-certificates.csv?module={}&site={}&department={}&status={}",
        enc(&q.module),
        enc(&q.site),
        enc(&q.department),
        enc(&q.status)
    );
    let total: usize = r.counts.iter().map(|(_, n)| n).sum();
    let shown = r.rows.len();
    view! {
        <form method="get" action="/training/certificate-register" class="panel form-grid filters-form">
            {crate::ui::select("module", "Module", "All modules", r.modules, q.module.clone())}
            {crate::ui::select("site", "Site", "All sites", r.sites, q.site.clone())}
            {crate::ui::select("department", "Department", "All departments", r.departments, q.department.clone())}
            <div class="field"><label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="">"Any status"</option>
                    {CertStatus::ALL.into_iter().map(|s| {
                        let selected = s.key() == q.status;
                        view! { <option value=s.key() selected=selected>{s.label()}</option> }
                    }).collect_view()}
                </select></div>
            <div class="form-actions"><button type="submit" class="button primary">"Show"</button>
                <a href="/training/certificate-register">"Clear filters"</a></div>
        </form>
        <section class="panel" aria-labelledby="register-title">
            <div class="panel-head">
                <h2 id="register-title">{format!("{shown} of {total} certificate{}", if total == 1 { "" } else { "s" })}</h2>
                <a class="button small" href=csv download="">"Download CSV"</a>
            </div>
            <dl class="stats">
                {r.counts.into_iter().map(|(s, n)| view! {
                    <div><dt>{s.label()}</dt><dd>{n}</dd></div>
                }).collect_view()}
            </dl>
            <p class="small muted">"Each person's latest certificate for each module; earlier ones, since renewed, are on the person's page. “Renewal due” means it expires within 30 days and the module has been assigned again."</p>
            {if r.rows.is_empty() {
                view! { <p class="empty">"No certificate matches these filters."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0"><table>
                        <caption class="visually-hidden">"Certificates matching the filters"</caption>
                        <thead><tr>
                            <th scope="col">"Person"</th><th scope="col">"Site"</th><th scope="col">"Department"</th>
                            {cert_heads()}</tr></thead>
                        <tbody>
                            {r.rows.into_iter().map(|row| {
                                let c = row.certificate;
                                view! {
                                    <tr>
                                        <td><a href=format!("/people/{}", c.person_pid)>{c.person.clone()}</a></td>
                                        <td>{row.site}</td><td>{row.department}</td>
                                        {cert_cells(&c)}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

/// HR's certificate register: every certificate in the organisation, filtered, counted, downloadable.
#[component]
pub fn CertificateRegisterPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| RegisterQuery {
            module: m.get("module").unwrap_or_default(),
            site: m.get("site").unwrap_or_default(),
            department: m.get("department").unwrap_or_default(),
            status: m.get("status").unwrap_or_default(),
        })
    });
    let data = Resource::new(move || q.get(), get_certificate_register);
    view! {
        <Title text="Certificate register" />
        <div class="page-head"><h1>"Certificate register"</h1><a href="/training/manage">"Training administration"</a></div>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) => register_view(r, q.get_untracked()).into_any(),
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
