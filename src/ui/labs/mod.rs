//! One module per lab: a thin adapter from an engine's state to a view. `lab_view` mounts the
//! lab named by a `::lab name` marker in the lesson.

pub mod cqrs;
mod decision;
pub mod mesh;
pub mod quiz;
pub mod snapshots;
pub mod time_travel;

use leptos::prelude::*;

/// The live lab for `name`, or `None` where only the lab's description panel is shown.
pub fn lab_view(name: &str) -> Option<AnyView> {
    // Each lab adds its arm here as it lands.
    Some(match name {
        "decision-helper" => view! { <decision::DecisionHelper/> }.into_any(),
        "snapshots" => view! { <snapshots::SnapshotsLab/> }.into_any(),
        "time-travel" => view! { <time_travel::TimeTravelLab/> }.into_any(),
        "cqrs-lag" => view! { <cqrs::CqrsLab/> }.into_any(),
        "hpn-compare" => view! { <cqrs::HpnCompareLab/> }.into_any(),
        "mesh" => view! { <mesh::MeshLab/> }.into_any(),
        "quiz" => view! { <quiz::QuizLab/> }.into_any(),
        "progress" => view! { <quiz::ProgressLab/> }.into_any(),
        _ => return None,
    })
}
