//! One module per lab: a thin adapter from an engine's state to a view. `lab_view` mounts the
//! lab named by a `::lab name` marker in the lesson.

mod decision;

use leptos::prelude::*;

/// The live lab for `name`, or `None` where only the lab's description panel is shown.
pub fn lab_view(name: &str) -> Option<AnyView> {
    // Each lab adds its arm here as it lands.
    Some(match name {
        "decision-helper" => view! { <decision::DecisionHelper/> }.into_any(),
        _ => return None,
    })
}
