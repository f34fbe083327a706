//! The lesson's architecture diagrams, drawn as inline SVG by the app (one file per diagram)
//! so they follow the theme, scale with the page and keep their text selectable.
//!
//! A `::diagram NAME | text alternative` marker in the lesson shows the drawing for NAME
//! inside a `<figure>`; the text alternative is the figure's visible caption and the SVG's
//! accessible description (`aria-describedby` → the caption's id, see [`caption_id`]).

mod cqrs;
mod decision_matrix;
mod event_sourcing;
mod hpn;
mod istio;
mod parts;
mod sidecar;
mod traditional;

use leptos::prelude::*;

use parts::{Pen, WIDTH};

/// Every diagram the app can draw.
pub const NAMES: &[&str] = &[
    "traditional",
    "cqrs",
    "hpn",
    "event-sourcing",
    "sidecar",
    "istio",
    "decision-matrix",
];

/// The drawing for a `::diagram NAME` marker, or `None` for a name without one.
pub fn diagram_view(name: &str) -> Option<AnyView> {
    Some(match name {
        "traditional" => traditional::view(),
        "cqrs" => cqrs::view(),
        "hpn" => hpn::view(),
        "event-sourcing" => event_sourcing::view(),
        "sidecar" => sidecar::view(),
        "istio" => istio::view(),
        "decision-matrix" => decision_matrix::view(),
        _ => return None,
    })
}

/// The id of the figure caption that describes diagram `name`.
pub fn caption_id(name: &str) -> String {
    format!("diagram-{name}-alt")
}

/// The `<svg>` around a diagram: viewBox `WIDTH × height`, a `<title>` naming it, the caption
/// as its description, and the arrow-head markers its arrows use.
fn frame(
    name: &'static str,
    title: &'static str,
    height: f32,
    body: impl IntoView + 'static,
) -> AnyView {
    let pen = Pen::new(name);
    let title_id = format!("diagram-{name}-title");
    let labelled_by = title_id.clone();
    // Built by hand: the `view!` macro makes `<title>` an HTML element here, and the SVG's
    // own title must be in the SVG namespace.
    let svg_title = leptos::svg::title().attr("id", title_id).child(title);
    view! {
        <svg
            class="diagram-svg"
            viewBox=format!("0 0 {WIDTH} {height}")
            width=WIDTH
            height=height
            role="img"
            aria-labelledby=labelled_by
            aria-describedby=caption_id(name)
        >
            {svg_title}
            <defs>{pen.defs()}</defs>
            {body}
        </svg>
    }
    .into_any()
}
