//! The period picker every report shares: recent months, quarters and years in one list, or two
//! dates. A plain GET form field, so it works without JavaScript.
use leptos::prelude::*;

/// `periods` come from the server (they depend on today in the organisation's time zone), as
/// (key, label) pairs, newest first: months, then quarters ("…-Q4"), then years.
#[component]
pub fn PeriodFields(
    periods: Vec<(String, String)>,
    /// The chosen period key, or empty.
    period: String,
    from: String,
    to: String,
    /// What an empty choice means for this report: "All time", "Last 90 days".
    empty: &'static str,
) -> impl IntoView {
    let group = |pick: fn(&str) -> bool| -> Vec<(String, String)> {
        periods.iter().filter(|(k, _)| pick(k)).cloned().collect()
    };
    let months = group(|k| k.len() == 7 && !k.contains('Q'));
    let quarters = group(|k| k.contains('Q'));
    let years = group(|k| k.len() == 4);
    let option = {
        let period = period.clone();
        move |(key, label): (String, String)| {
            let selected = key == period;
            view! { <option value=key selected=selected>{label}</option> }
        }
    };
    view! {
        <div class="field"><label for="period">"Period"</label>
            <select id="period" name="period" aria-describedby="period-hint">
                <option value="" selected=period.is_empty()>{empty}</option>
                <optgroup label="Months">{months.into_iter().map(option.clone()).collect_view()}</optgroup>
                <optgroup label="Quarters">{quarters.into_iter().map(option.clone()).collect_view()}</optgroup>
                <optgroup label="Years">{years.into_iter().map(option).collect_view()}</optgroup>
            </select>
            <p id="period-hint" class="hint">"Or give dates: they win over the period."</p></div>
        <div class="field"><label for="from">"From"</label><input id="from" name="from" type="date" value=from /></div>
        <div class="field"><label for="to">"To"</label><input id="to" name="to" type="date" value=to /></div>
    }
}

/// A filter select: "all" first, then the items, the current one selected.
pub fn select(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    items: Vec<crate::training::types::Named>,
    current: String,
) -> impl IntoView {
    view! {
        <div class="field"><label for=id>{label}</label>
            <select id=id name=id>
                <option value="">{all}</option>
                {items.into_iter().map(|n| {
                    let selected = n.id == current;
                    view! { <option value=n.id selected=selected>{n.name}</option> }
                }).collect_view()}
            </select></div>
    }
}
