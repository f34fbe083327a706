//! The complexity comparison as a chart: one row per pattern, ordered by complexity (stars on
//! the left), with a bar over the team sizes the lesson gives it on a logarithmic axis
//! (Simple CRUD 1–5, CQRS 5–20, Event Sourcing 10–50, CQRS + ES and Service Mesh from 20).
//! Left of each bar, the team is smaller than the pattern needs: the complexity debt zone.

use leptos::prelude::*;

use super::frame;
use super::parts::{label, Anchor, Flow, Pen, Tone};

const HEIGHT: f32 = 560.0;

/// Plot area on the x axis: team size 1 at `X0`, 100 at `X1` (log scale).
const X0: f32 = 104.0;
const X1: f32 = 504.0;
const ROWS_TOP: f32 = 52.0;
const ROW_STEP: f32 = 76.0;
const BAR_H: f32 = 26.0;

fn x_of(team: f32) -> f32 {
    X0 + (X1 - X0) * team.log10() / 2.0
}

/// One pattern of the lesson's comparison table.
struct Pattern {
    name: &'static str,
    stars: u8,
    use_when: &'static str,
    /// Team size, from and (for a closed range) to.
    team: (f32, Option<f32>),
    team_text: &'static str,
    tone: Tone,
}

/// From the most to the least complex (top to bottom).
const PATTERNS: [Pattern; 5] = [
    Pattern {
        name: "CQRS + ES",
        stars: 5,
        use_when: "domain phức tạp",
        team: (20.0, None),
        team_text: "từ 20 người",
        tone: Tone::Write,
    },
    Pattern {
        name: "Event Sourcing",
        stars: 4,
        use_when: "cần audit, time travel",
        team: (10.0, Some(50.0)),
        team_text: "10–50 người",
        tone: Tone::Event,
    },
    Pattern {
        name: "Service Mesh",
        stars: 4,
        use_when: "nhiều microservice",
        team: (20.0, None),
        team_text: "từ 20 người",
        tone: Tone::Secure,
    },
    Pattern {
        name: "CQRS",
        stars: 3,
        use_when: "đọc, ghi bất đối xứng",
        team: (5.0, Some(20.0)),
        team_text: "5–20 người",
        tone: Tone::Read,
    },
    Pattern {
        name: "Simple CRUD",
        stars: 1,
        use_when: "lựa chọn mặc định",
        team: (1.0, Some(5.0)),
        team_text: "1–5 người",
        tone: Tone::Neutral,
    },
];

/// A five-pointed star centred on (`cx`, `cy`).
fn star(cx: f32, cy: f32, filled: bool) -> impl IntoView {
    let points = (0..10)
        .map(|i| {
            let r = if i % 2 == 0 { 7.5 } else { 3.2 };
            let a = std::f32::consts::PI * (i as f32 / 5.0 - 0.5);
            format!("{:.1},{:.1}", cx + r * a.cos(), cy + r * a.sin())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let class = if filled {
        "d-star"
    } else {
        "d-star d-star-off"
    };
    view! { <polygon class=class points=points/> }
}

fn row(i: usize, p: &Pattern) -> impl IntoView {
    let top = ROWS_TOP + i as f32 * ROW_STEP;
    let bar_y = top + 30.0;
    let cy = bar_y + BAR_H / 2.0;
    let (from, to) = p.team;
    let (x_from, x_to) = (x_of(from), to.map_or(X1, x_of));
    // A closed range is a rounded bar; an open one ends in an arrow point at the axis' end.
    let bar = match to {
        Some(_) => view! {
            <rect class="d-box" x=x_from y=bar_y width=x_to - x_from height=BAR_H rx="6"/>
        }
        .into_any(),
        None => {
            let d = format!(
                "M{x_from},{bar_y} H{tip_base} L{x_to},{cy} L{tip_base},{bottom} H{x_from} Z",
                tip_base = x_to - 14.0,
                bottom = bar_y + BAR_H,
            );
            view! { <path class="d-box" d=d/> }.into_any()
        }
    };
    let debt = (from > 1.0).then(|| {
        view! {
            <rect class="d-debt" x=X0 y=bar_y + 4.0 width=x_from - X0 - 4.0 height=BAR_H - 8.0 rx="3"/>
        }
    });
    let stars = (0..5u8)
        .map(|k| star(16.0 + 15.5 * k as f32, cy, k < p.stars))
        .collect_view();
    view! {
        <g class=format!("d-bar {}", p.tone.class())>
            <text class="d-halo" x=X0 y=top + 12.0 dominant-baseline="central">
                <tspan class="d-strong">{p.name}</tspan>
                <tspan class="d-sub">{format!(" · {}", p.use_when)}</tspan>
            </text>
            {stars}
            {debt}
            <g class="d-node">
                {bar}
                <text
                    class="d-bar-text"
                    x=(x_from + x_to.min(X1 - 14.0)) / 2.0
                    y=cy
                    text-anchor="middle"
                    dominant-baseline="central"
                >
                    {p.team_text}
                </text>
            </g>
        </g>
    }
}

pub fn view() -> AnyView {
    let axis_y = ROWS_TOP + 5.0 * ROW_STEP + 4.0;
    let ticks = [
        (1.0, "1"),
        (5.0, "5"),
        (10.0, "10"),
        (20.0, "20"),
        (50.0, "50"),
    ]
    .into_iter()
    .map(|(team, text)| {
        let x = x_of(team);
        view! {
            <line class="d-grid" x1=x y1=ROWS_TOP - 8.0 x2=x y2=axis_y/>
            <line class="d-axis" x1=x y1=axis_y x2=x y2=axis_y + 6.0/>
            {label(x, axis_y + 20.0, Anchor::Middle, text)}
        }
    })
    .collect_view();
    let rows = PATTERNS
        .iter()
        .enumerate()
        .map(|(i, p)| row(i, p))
        .collect_view();
    let five = x_of(5.0);

    let body = view! {
        <text class="d-kicker-plain" x="8" y="20" dominant-baseline="central">"Độ phức tạp"</text>
        {ticks}
        {Pen::new("decision-matrix").arrow(&[(X0, axis_y), (X1 + 8.0, axis_y)], Tone::Neutral, Flow::Sync)}
        <line class="d-five" x1=five y1=ROWS_TOP - 14.0 x2=five y2=axis_y/>
        {label(five + 8.0, 20.0, Anchor::Start, "đội 5 người")}
        {rows}
        {label((X0 + X1) / 2.0, axis_y + 46.0, Anchor::Middle, "Quy mô đội (người, thang logarit)")}
        <rect class="d-debt" x=X0 y=axis_y + 76.0 width="40" height="18" rx="3"/>
        {label(X0 + 50.0, axis_y + 85.0, Anchor::Start, "đội quá nhỏ cho pattern: nợ phức tạp")}
    };
    frame(
        "decision-matrix",
        "Ma trận quyết định: độ phức tạp và quy mô đội của từng pattern",
        HEIGHT,
        body,
    )
}
