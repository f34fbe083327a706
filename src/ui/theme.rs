//! Light and dark themes. The CSS follows `prefers-color-scheme` by itself; a choice made with
//! the toggle is stored and written on `<html data-theme>`, which overrides it.

use leptos::prelude::*;

const KEY: &str = "theme";

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether the page shows the dark theme now.
pub fn is_dark() -> bool {
    if let Some(t) = root().and_then(|r| r.get_attribute("data-theme")) {
        return t == "dark";
    }
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Re-applies the theme the student chose on an earlier visit, if any.
pub fn apply_saved() {
    let saved = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    if let (Some(t), Some(r)) = (saved, root()) {
        if t == "dark" || t == "light" {
            let _ = r.set_attribute("data-theme", &t);
        }
    }
}

fn set(dark: bool) {
    let t = if dark { "dark" } else { "light" };
    if let Some(r) = root() {
        let _ = r.set_attribute("data-theme", t);
    }
    if let Some(s) = storage() {
        // A full or blocked storage only means the choice is not remembered.
        let _ = s.set_item(KEY, t);
    }
}

/// Whether the dark theme is showing, shared by the toggle and everything drawn in colours
/// that CSS cannot reach (canvas charts).
#[derive(Clone, Copy)]
struct Theme(RwSignal<bool>);

/// Provides the theme signal, following the OS setting and `<html data-theme>` (written by the
/// toggle, perhaps from the other wasm module) until the owner is cleaned up.
pub fn provide_theme() {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::prelude::*;
    let dark = RwSignal::new(is_dark());
    provide_context(Theme(dark));
    let follow = Closure::<dyn Fn()>::new(move || {
        dark.try_set(is_dark());
    });
    let query = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
    if let Some(q) = &query {
        let _ = q.add_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
    }
    let observer = web_sys::MutationObserver::new(follow.as_ref().unchecked_ref()).ok();
    if let (Some(o), Some(r)) = (&observer, root()) {
        let init = web_sys::MutationObserverInit::new();
        init.set_attribute_filter(&js_sys::Array::of1(&"data-theme".into()));
        let _ = o.observe_with_options(&r, &init);
    }
    let held = SendWrapper::new((query, observer, follow));
    on_cleanup(move || {
        let (query, observer, follow) = held.take();
        if let Some(q) = query {
            let _ =
                q.remove_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
        }
        if let Some(o) = observer {
            o.disconnect();
        }
    });
}

/// The dark-theme signal (a fixed value outside the app, e.g. in a lone widget test).
pub fn use_theme() -> Signal<bool> {
    use_context::<Theme>().map_or_else(|| Signal::stored(is_dark()), |t| t.0.into())
}

/// A button that switches between the light and the dark theme.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let dark = use_context::<Theme>().map_or_else(|| RwSignal::new(is_dark()), |t| t.0);
    let label = move || {
        if dark.get() {
            "Chuyển sang giao diện sáng"
        } else {
            "Chuyển sang giao diện tối"
        }
    };
    view! {
        <button
            type="button"
            class="icon-button theme-toggle"
            aria-label=label
            title=label
            on:click=move |_| {
                let next = !dark.get_untracked();
                set(next);
                dark.set(next);
            }
        >
            <span aria-hidden="true">{move || if dark.get() { "☀" } else { "☾" }}</span>
        </button>
    }
}
