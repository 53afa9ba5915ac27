//! Accessible SVG charts shared by every pillar: bar, line with several series, heatmap with the
//! numbers in its cells, scatter with a fitted line, and histogram.
//!
//! Each chart is a `<figure>`: a caption, the SVG (`role="img"` with a one-sentence summary),
//! and its data as a real table one click away in a `<details>` (so it works without
//! JavaScript and screen readers get the numbers). Colours come from classes in `main.css`,
//! never from `style` attributes (the CSP blocks those); series also differ by marker shape and
//! dash, so colour is never the only cue. A value of `None` is a group hidden by the
//! confidentiality rules: the chart says "hidden" rather than drawing nothing.
pub mod scale;

use leptos::prelude::*;

use scale::{Axis, least_squares, number};

/// One bar: a label and its value (`None`: hidden by the confidentiality rules).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
}

/// One line of a line chart: a value per x label, `None` where there is none to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// One heatmap cell: its value (`None`: hidden or empty) and a short note shown with it, such as
/// "▲4" for a change or "hidden" for a group under the threshold.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct HeatCell {
    pub value: Option<f64>,
    pub note: Option<String>,
}

/// One dot of a scatter chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub label: String,
    pub x: f64,
    pub y: f64,
}

/// The unit printed after values: "%", " pts", or nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Unit {
    #[default]
    None,
    Percent,
}

impl Unit {
    fn show(self, v: f64) -> String {
        match self {
            Unit::None => number(v),
            Unit::Percent => format!("{}%", number(v)),
        }
    }
}

const WIDTH: f64 = 640.0;

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// Figure frame: caption, the drawing, and the data table behind a disclosure.
fn figure(
    id: String,
    title: String,
    summary: String,
    svg: AnyView,
    table: AnyView,
) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    view! {
        <figure class="chart" id=id.clone()>
            <figcaption id=caption_id.clone()>{title}</figcaption>
            <div class="chart-drawing" role="img" aria-labelledby=caption_id aria-describedby=format!("{id}-summary")>
                {svg}
            </div>
            <p class="visually-hidden" id=format!("{id}-summary")>{summary}</p>
            <details class="chart-data">
                <summary>"Show the data as a table"</summary>
                <div class="table-wrap" tabindex="0">{table}</div>
            </details>
        </figure>
    }
}

fn value_cell(v: Option<f64>, unit: Unit) -> AnyView {
    match v {
        Some(v) => view! { <td class="num">{unit.show(v)}</td> }.into_any(),
        None => view! { <td class="num muted">"hidden"</td> }.into_any(),
    }
}

/// Horizontal bars, one per label, on an axis from zero (or 0–100 for percentages).
#[component]
pub fn BarChart(
    /// Unique on the page; ids of the caption and summary derive from it.
    id: &'static str,
    title: String,
    /// What the values are, for the table's heading: "Completion", "Average score".
    measure: &'static str,
    bars: Vec<Bar>,
    #[prop(optional)] unit: Unit,
) -> impl IntoView {
    let axis = match unit {
        Unit::Percent => Axis::fixed(0.0, 100.0, 25.0),
        Unit::None => Axis::covering(bars.iter().filter_map(|b| b.value), true, 5),
    };
    let (left, right, top, row) = (170.0, WIDTH - 50.0, 24.0, 28.0);
    let height = top + row * bars.len() as f64 + 8.0;
    let shown: Vec<String> = bars
        .iter()
        .map(|b| match b.value {
            Some(v) => format!("{} {}", b.label, unit.show(v)),
            None => format!("{} hidden", b.label),
        })
        .collect();
    let summary = format!("{measure}: {}.", shown.join(", "));
    let svg = view! {
        <svg viewBox=format!("0 0 {WIDTH} {}", fmt(height)) class="chart-svg" focusable="false" aria-hidden="true">
            {axis.ticks.iter().map(|t| {
                let x = fmt(axis.place(*t, left, right));
                view! {
                    <line class="grid" x1=x.clone() x2=x.clone() y1=fmt(top - 6.0) y2=fmt(height - 8.0) />
                    <text class="tick" x=x y="14" text-anchor="middle">{unit.show(*t)}</text>
                }
            }).collect_view()}
            {bars.iter().enumerate().map(|(i, b)| {
                let y = top + row * i as f64;
                let label = b.label.chars().take(26).collect::<String>();
                let bar = match b.value {
                    Some(v) => {
                        let w = axis.place(v, left, right) - left;
                        view! {
                            <rect class="chart-bar series-0" x=fmt(left) y=fmt(y + 5.0) width=fmt(w.max(1.0)) height="18" rx="3" />
                            <text class="value" x=fmt(left + w + 6.0) y=fmt(y + 19.0)>{unit.show(v)}</text>
                        }.into_any()
                    }
                    None => view! { <text class="value muted" x=fmt(left + 6.0) y=fmt(y + 19.0)>"hidden"</text> }.into_any(),
                };
                view! {
                    <text class="label" x=fmt(left - 8.0) y=fmt(y + 19.0) text-anchor="end">{label}</text>
                    {bar}
                }
            }).collect_view()}
            <line class="axis" x1=fmt(left) x2=fmt(left) y1=fmt(top - 6.0) y2=fmt(height - 8.0) />
        </svg>
    }
    .into_any();
    let table = view! {
        <table class="compact">
            <thead><tr><th scope="col">"Group"</th><th scope="col" class="num">{measure}</th></tr></thead>
            <tbody>{bars.iter().map(|b| view! { <tr><th scope="row">{b.label.clone()}</th>{value_cell(b.value, unit)}</tr> }).collect_view()}</tbody>
        </table>
    }
    .into_any();
    figure(id.to_owned(), title, summary, svg, table)
}

/// Horizontal grid lines with their tick labels on the left, for charts with a value y axis.
fn y_grid(
    axis: &Axis,
    (left, right, top, bottom): (f64, f64, f64, f64),
    show: impl Fn(f64) -> String,
) -> impl IntoView {
    axis.ticks
        .iter()
        .map(|t| {
            let y = fmt(axis.place(*t, bottom, top));
            view! {
                <line class="grid" x1=fmt(left) x2=fmt(right) y1=y.clone() y2=y.clone() />
                <text class="tick" x=fmt(left - 6.0) y=y text-anchor="end" dominant-baseline="middle">{show(*t)}</text>
            }
        })
        .collect_view()
}

/// Markers that differ by shape as well as colour: circle, square, triangle, diamond.
fn marker(series: usize, x: f64, y: f64) -> AnyView {
    let class = format!("marker series-{}", series % 6);
    match series % 4 {
        0 => view! { <circle class=class cx=fmt(x) cy=fmt(y) r="4" /> }.into_any(),
        1 => view! { <rect class=class x=fmt(x - 4.0) y=fmt(y - 4.0) width="8" height="8" /> }
            .into_any(),
        2 => view! { <polygon class=class points=format!("{},{} {},{} {},{}", fmt(x), fmt(y - 5.0), fmt(x + 5.0), fmt(y + 4.0), fmt(x - 5.0), fmt(y + 4.0)) /> }
            .into_any(),
        _ => view! { <polygon class=class points=format!("{},{} {},{} {},{} {},{}", fmt(x), fmt(y - 5.0), fmt(x + 5.0), fmt(y), fmt(x), fmt(y + 5.0), fmt(x - 5.0), fmt(y)) /> }
            .into_any(),
    }
}

/// Several series over the same x labels (months, say). Gaps break the line.
#[component]
pub fn LineChart(
    id: &'static str,
    title: String,
    /// The x axis, in order: "Jan 2026", "Feb 2026"...
    labels: Vec<String>,
    series: Vec<Series>,
    #[prop(optional)] unit: Unit,
) -> impl IntoView {
    let axis = match unit {
        Unit::Percent => Axis::fixed(0.0, 100.0, 25.0),
        Unit::None => Axis::covering(
            series
                .iter()
                .flat_map(|s| s.values.iter().flatten().copied()),
            true,
            5,
        ),
    };
    let (left, right, top, bottom) = (48.0, WIDTH - 16.0, 16.0, 220.0);
    let n = labels.len();
    let step = if n > 1 {
        (right - left) / (n - 1) as f64
    } else {
        0.0
    };
    let x_of = move |i: usize| {
        if n > 1 {
            left + step * i as f64
        } else {
            (left + right) / 2.0
        }
    };
    let every = labels.len().div_ceil(8).max(1);
    let summary = series
        .iter()
        .map(|s| {
            let last = s.values.iter().rev().flatten().next();
            match last {
                Some(v) => format!("{}: latest {}", s.name, unit.show(*v)),
                None => format!("{}: no values shown", s.name),
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let paths: Vec<AnyView> = series
        .iter()
        .enumerate()
        .map(|(k, s)| {
            // One path of segments; a gap starts a new segment.
            let mut d = String::new();
            let mut pen_down = false;
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let (x, y) = (x_of(i), axis.place(*v, bottom, top));
                        d.push_str(&format!(
                            "{}{},{} ",
                            if pen_down { "L" } else { "M" },
                            fmt(x),
                            fmt(y)
                        ));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            let marks = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| marker(k, x_of(i), axis.place(v, bottom, top))))
                .collect_view();
            view! {
                <path class=format!("line series-{} dash-{}", k % 6, k % 3) d=d />
                {marks}
            }
            .into_any()
        })
        .collect();
    let svg = view! {
        <svg viewBox=format!("0 0 {WIDTH} 250") class="chart-svg" focusable="false" aria-hidden="true">
            {y_grid(&axis, (left, right, top, bottom), |t| unit.show(t))}
            {labels.iter().enumerate().filter(|(i, _)| i % every == 0).map(|(i, l)| view! {
                <text class="tick" x=fmt(x_of(i)) y="240" text-anchor="middle">{l.clone()}</text>
            }).collect_view()}
            <line class="axis" x1=fmt(left) x2=fmt(right) y1=fmt(bottom) y2=fmt(bottom) />
            {paths}
        </svg>
    }
    .into_any();
    let legend = series.iter().enumerate().map(|(k, s)| view! {
        <li><svg class="legend-key" viewBox="0 0 24 12" aria-hidden="true" focusable="false">
            <line class=format!("line series-{} dash-{}", k % 6, k % 3) x1="0" x2="24" y1="6" y2="6" />
            {marker(k, 12.0, 6.0)}
        </svg>{s.name.clone()}</li>
    }).collect_view();
    let table = view! {
        <table class="compact">
            <thead><tr><th scope="col">"Period"</th>{series.iter().map(|s| view! { <th scope="col" class="num">{s.name.clone()}</th> }).collect_view()}</tr></thead>
            <tbody>{labels.iter().enumerate().map(|(i, l)| view! {
                <tr><th scope="row">{l.clone()}</th>
                    {series.iter().map(|s| match s.values.get(i).copied().flatten() {
                        Some(v) => view! { <td class="num">{unit.show(v)}</td> }.into_any(),
                        None => view! { <td class="num muted">"—"</td> }.into_any(),
                    }).collect_view()}</tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any();
    view! {
        {figure(id.to_owned(), title, summary, svg, table)}
        <ul class="chart-legend" aria-hidden="true">{legend}</ul>
    }
}

/// The heat band of a value on a 0–100 scale, for cell colours that keep their text readable.
pub fn heat_band(v: f64) -> &'static str {
    if v < 50.0 {
        "heat-low"
    } else if v < 70.0 {
        "heat-mid"
    } else {
        "heat-good"
    }
}

fn cell_at(cells: &[Vec<HeatCell>], row: usize, column: usize) -> HeatCell {
    cells
        .get(row)
        .and_then(|r| r.get(column))
        .cloned()
        .unwrap_or_default()
}

/// Rows against columns with the number written in every cell (colour only repeats it).
#[component]
pub fn Heatmap(
    id: &'static str,
    title: String,
    rows: Vec<String>,
    columns: Vec<String>,
    /// `cells[row][column]`.
    cells: Vec<Vec<HeatCell>>,
) -> impl IntoView {
    // Fixed cells; the drawing is as wide as they need, plus room for the slanted headings.
    let (left, top, cw, ch) = (170.0, 104.0, 64.0, 30.0);
    let width = left + cw * columns.len() as f64 + 110.0;
    let height = top + ch * rows.len() as f64 + 4.0;
    let count = cells.iter().flatten().filter(|c| c.value.is_some()).count();
    let summary = format!(
        "{} rows by {} columns; {count} cells have values.",
        rows.len(),
        columns.len()
    );
    let svg = view! {
        <svg viewBox=format!("0 0 {} {}", fmt(width), fmt(height)) class="chart-svg" focusable="false" aria-hidden="true">
            {columns.iter().enumerate().map(|(j, c)| view! {
                {
                    let (x, y) = (fmt(left + cw * j as f64 + cw / 2.0), fmt(top - 8.0));
                    view! { <text class="tick" x=x.clone() y=y.clone() transform=format!("rotate(-35 {x} {y})")>{c.chars().take(22).collect::<String>()}</text> }
                }
            }).collect_view()}
            {rows.iter().enumerate().map(|(i, r)| {
                let y = top + ch * i as f64;
                view! {
                    <text class="label" x=fmt(left - 8.0) y=fmt(y + 20.0) text-anchor="end">{r.chars().take(26).collect::<String>()}</text>
                    {columns.iter().enumerate().map(|(j, _)| {
                        let x = left + cw * j as f64;
                        let (class, text) = match cell_at(&cells, i, j) {
                            HeatCell { value: Some(v), note: Some(n) } => (heat_band(v), format!("{} {n}", number(v))),
                            HeatCell { value: Some(v), note: None } => (heat_band(v), number(v)),
                            HeatCell { value: None, note } => ("heat-none", note.unwrap_or_else(|| "—".into())),
                        };
                        view! {
                            <rect class=format!("cell {class}") x=fmt(x + 1.0) y=fmt(y + 1.0) width=fmt(cw - 2.0) height=fmt(ch - 2.0) rx="3" />
                            <text class=format!("cell-text {class}") x=fmt(x + cw / 2.0) y=fmt(y + 20.0) text-anchor="middle">{text}</text>
                        }
                    }).collect_view()}
                }
            }).collect_view()}
        </svg>
    }
    .into_any();
    let table = view! {
        <table class="compact">
            <thead><tr><th scope="col"><span class="visually-hidden">"Group"</span></th>{columns.iter().map(|c| view! { <th scope="col" class="num">{c.clone()}</th> }).collect_view()}</tr></thead>
            <tbody>{rows.iter().enumerate().map(|(i, r)| view! {
                <tr><th scope="row">{r.clone()}</th>
                    {(0..columns.len()).map(|j| match cell_at(&cells, i, j) {
                        HeatCell { value: Some(v), note } => view! { <td class="num">{number(v)}{note.map(|n| format!(" ({n})"))}</td> }.into_any(),
                        HeatCell { value: None, note } => view! { <td class="num muted">{note.unwrap_or_else(|| "—".into())}</td> }.into_any(),
                    }).collect_view()}</tr>
            }).collect_view()}</tbody>
        </table>
    }
    .into_any();
    figure(id.to_owned(), title, summary, svg, table)
}

/// Dots with a fitted least-squares line and Pearson's r (from three points on).
#[component]
pub fn ScatterChart(
    id: &'static str,
    title: String,
    x_name: String,
    y_name: String,
    points: Vec<Point>,
) -> impl IntoView {
    let xa = Axis::covering(points.iter().map(|p| p.x), false, 5);
    let ya = Axis::covering(points.iter().map(|p| p.y), false, 5);
    let (left, right, top, bottom) = (56.0, WIDTH - 16.0, 16.0, 230.0);
    let pairs: Vec<(f64, f64)> = points.iter().map(|p| (p.x, p.y)).collect();
    let fit = least_squares(&pairs);
    let summary = match fit {
        Some(f) => format!(
            "{} points. Fitted line: {y_name} = {:.2} × {x_name} + {:.1}; r = {:.2}.",
            points.len(),
            f.slope,
            f.intercept,
            f.r
        ),
        None => format!("{} points; too few for a fitted line.", points.len()),
    };
    let line = fit.map(|f| {
        let (x0, x1) = (xa.min, xa.max);
        view! {
            <line class="fit" x1=fmt(xa.place(x0, left, right)) y1=fmt(ya.place(f.slope * x0 + f.intercept, bottom, top))
                x2=fmt(xa.place(x1, left, right)) y2=fmt(ya.place(f.slope * x1 + f.intercept, bottom, top)) />
        }
    });
    let svg = view! {
        <svg viewBox=format!("0 0 {WIDTH} 270") class="chart-svg" focusable="false" aria-hidden="true">
            {y_grid(&ya, (left, right, top, bottom), number)}
            {xa.ticks.iter().map(|t| view! {
                <text class="tick" x=fmt(xa.place(*t, left, right)) y="248" text-anchor="middle">{number(*t)}</text>
            }).collect_view()}
            <line class="axis" x1=fmt(left) x2=fmt(right) y1=fmt(bottom) y2=fmt(bottom) />
            <line class="axis" x1=fmt(left) x2=fmt(left) y1=fmt(top) y2=fmt(bottom) />
            <text class="axis-name" x=fmt(right) y="266" text-anchor="end">{x_name.clone()}</text>
            <text class="axis-name" x="4" y="10">{y_name.clone()}</text>
            {line}
            {points.iter().map(|p| marker(0, xa.place(p.x, left, right), ya.place(p.y, bottom, top))).collect_view()}
        </svg>
    }
    .into_any();
    let table = view! {
        <table class="compact">
            <thead><tr><th scope="col">"Group"</th><th scope="col" class="num">{x_name.clone()}</th><th scope="col" class="num">{y_name.clone()}</th></tr></thead>
            <tbody>{points.iter().map(|p| view! { <tr><th scope="row">{p.label.clone()}</th><td class="num">{number(p.x)}</td><td class="num">{number(p.y)}</td></tr> }).collect_view()}</tbody>
            {fit.map(|f| view! { <tfoot><tr><td colspan="3">{format!("Fitted line: slope {:.2}, intercept {:.1}, r = {:.2}", f.slope, f.intercept, f.r)}</td></tr></tfoot> })}
        </table>
    }
    .into_any();
    figure(id.to_owned(), title, summary, svg, table)
}

/// Counts per band as vertical bars ("0-9", "10-19"...).
#[component]
pub fn Histogram(
    id: &'static str,
    title: String,
    /// What is counted: "Attempts", "People".
    counted: &'static str,
    bins: Vec<(String, usize)>,
) -> impl IntoView {
    let axis = Axis::covering(bins.iter().map(|b| b.1 as f64), true, 4);
    let (left, right, top, bottom) = (40.0, WIDTH - 8.0, 12.0, 200.0);
    let w = (right - left) / bins.len().max(1) as f64;
    let total: usize = bins.iter().map(|b| b.1).sum();
    let peak = bins
        .iter()
        .max_by_key(|b| b.1)
        .map(|b| b.0.clone())
        .unwrap_or_default();
    let summary = format!(
        "{total} {} in all; the most in {peak}.",
        counted.to_lowercase()
    );
    let svg = view! {
        <svg viewBox=format!("0 0 {WIDTH} 230") class="chart-svg" focusable="false" aria-hidden="true">
            {y_grid(&axis, (left, right, top, bottom), number)}
            {bins.iter().enumerate().map(|(i, (label, n))| {
                let x = left + w * i as f64;
                let y = axis.place(*n as f64, bottom, top);
                view! {
                    <rect class="chart-bar series-0" x=fmt(x + 2.0) y=fmt(y) width=fmt(w - 4.0) height=fmt(bottom - y) />
                    {(*n > 0).then(|| view! { <text class="value" x=fmt(x + w / 2.0) y=fmt(y - 3.0) text-anchor="middle">{*n}</text> })}
                    <text class="tick" x=fmt(x + w / 2.0) y="218" text-anchor="middle">{label.clone()}</text>
                }
            }).collect_view()}
            <line class="axis" x1=fmt(left) x2=fmt(right) y1=fmt(bottom) y2=fmt(bottom) />
        </svg>
    }
    .into_any();
    let table = view! {
        <table class="compact">
            <thead><tr><th scope="col">"Band"</th><th scope="col" class="num">{counted}</th></tr></thead>
            <tbody>{bins.iter().map(|(l, n)| view! { <tr><th scope="row">{l.clone()}</th><td class="num">{*n}</td></tr> }).collect_view()}</tbody>
        </table>
    }
    .into_any();
    figure(id.to_owned(), title, summary, svg, table)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn html(v: impl IntoView + 'static) -> String {
        let owner = Owner::new();
        owner.with(|| v.into_view().to_html())
    }

    #[test]
    fn every_chart_has_its_table_and_no_inline_style() {
        let pages = [
            html(
                view! { <BarChart id="b" title="Completion".into() measure="Completion" unit=Unit::Percent
                bars=vec![Bar { label: "North".into(), value: Some(72.0) }, Bar { label: "South".into(), value: None }] /> },
            ),
            html(
                view! { <LineChart id="l" title="Trend".into() labels=vec!["Jan".into(), "Feb".into(), "Mar".into()]
                series=vec![Series { name: "North".into(), values: vec![Some(1.0), None, Some(3.0)] }, Series { name: "South".into(), values: vec![Some(2.0), Some(2.5), None] }] /> },
            ),
            html(
                view! { <Heatmap id="h" title="Skills".into() rows=vec!["Harbour".into()] columns=vec!["Listening".into(), "Empathy".into()]
                cells=vec![vec![HeatCell { value: Some(81.0), note: None }, HeatCell { value: None, note: Some("hidden".into()) }]] /> },
            ),
            html(
                view! { <ScatterChart id="s" title="Link".into() x_name="Training".into() y_name="CSAT".into()
                points=vec![Point { label: "A".into(), x: 1.0, y: 2.0 }, Point { label: "B".into(), x: 2.0, y: 4.1 }, Point { label: "C".into(), x: 3.0, y: 5.9 }] /> },
            ),
            html(
                view! { <Histogram id="g" title="Scores".into() counted="Attempts" bins=vec![("0-49".into(), 2), ("50-100".into(), 5)] /> },
            ),
        ];
        for page in &pages {
            assert!(page.contains("<svg"), "{page}");
            assert!(page.contains("<table"), "{page}");
            assert!(page.contains("role=\"img\""), "{page}");
            assert!(
                !page.contains("style="),
                "inline styles are blocked by the CSP: {page}"
            );
        }
        assert!(pages[0].contains("hidden") && pages[0].contains("72%"));
        // A gap in a series starts a new segment rather than joining across it.
        assert_eq!(
            pages[1].matches(" M").count() + pages[1].matches("\"M").count(),
            3
        );
        assert!(pages[2].contains(">81<") && pages[2].contains(">hidden<"));
        assert!(
            pages[3].contains("r = 1.00") || pages[3].contains("r = 0.99"),
            "{}",
            pages[3]
        );
        assert!(pages[4].contains("7 attempts in all"));
    }
}
