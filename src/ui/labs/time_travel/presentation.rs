//! Presentation mode for instructors: the lab fills the screen in large type, the site's
//! header, navigation and footer step aside, the same keys work; Esc leaves.

use leptos::prelude::*;

use super::state::Lab;

/// The class on `<html>` while presenting (the CSS hides the page around the lab).
const ROOT_CLASS: &str = "tt-presenting";

fn set_root_class(on: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let classes = root.class_list();
    let _ = if on {
        classes.add_1(ROOT_CLASS)
    } else {
        classes.remove_1(ROOT_CLASS)
    };
}

/// Mirrors `lab.presenting` on `<html>`, and clears it when the lab goes away (leaving the
/// chapter while presenting must not leave the site hidden).
pub fn use_presentation(lab: Lab) {
    Effect::new(move |_| set_root_class(lab.presenting.get()));
    on_cleanup(|| set_root_class(false));
}

/// The button that enters and leaves presentation mode.
#[component]
pub fn PresentButton(lab: Lab) -> impl IntoView {
    let label = move || {
        if lab.presenting.get() {
            "Thoát trình chiếu"
        } else {
            "Trình chiếu"
        }
    };
    view! {
        <button
            type="button"
            class="tt-button tt-present-button"
            title=move || format!("{} (phím P; Esc để thoát)", label())
            on:click=move |_| lab.presenting.update(|p| *p = !*p)
        >
            {label}
        </button>
    }
}
