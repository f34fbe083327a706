//! One module per lab: a thin adapter from an engine's state to a view. They are linked into
//! the labs module (src/bin/labs.rs), not the lesson's: `mount` puts the lab named by a
//! `::lab name` marker into the panel the lesson prepared for it.

pub mod cqrs;
mod decision;
pub mod mesh;
pub mod quiz;
pub mod snapshots;
pub mod time_travel;

use leptos::prelude::*;

/// How to build the live view of the lab `name`, or `None` for a lab without one (its panel
/// shows the description only).
pub fn lab_view(name: &str) -> Option<fn() -> AnyView> {
    Some(match name {
        "decision-helper" => || view! { <decision::DecisionHelper/> }.into_any(),
        "snapshots" => || view! { <snapshots::SnapshotsLab/> }.into_any(),
        "time-travel" => || view! { <time_travel::TimeTravelLab/> }.into_any(),
        "cqrs-lag" => || view! { <cqrs::CqrsLab/> }.into_any(),
        "hpn-compare" => || view! { <cqrs::HpnCompareLab/> }.into_any(),
        "mesh" => || view! { <mesh::MeshLab/> }.into_any(),
        "quiz" => || view! { <quiz::QuizLab/> }.into_any(),
        "progress" => || view! { <quiz::ProgressLab/> }.into_any(),
        _ => return None,
    })
}

/// Mounts the lab `name` into `host` with its own reactive root (the labs module has no app
/// around it); dropping the returned handle unmounts it and runs its cleanups.
pub fn mount(name: &str, host: web_sys::HtmlElement) -> Option<Box<dyn std::any::Any>> {
    let make = lab_view(name)?;
    let handle = leptos::mount::mount_to(host, move || {
        crate::ui::theme::provide_theme();
        make()
    });
    Some(Box::new(handle))
}
