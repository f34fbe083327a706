//! Keyboard shortcuts and the `?` help dialog. Keys act while focus is inside the lab, or
//! anywhere while presenting; they never reach into a field the student is typing in, and
//! never take a key a focused control needs for itself.

use leptos::ev;
use leptos::html::{Dialog, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::Lab;

/// One shortcut: keys and what they do (shown in the help dialog).
const SHORTCUTS: [(&str, &str); 8] = [
    ("← / →", "Lùi / tiến một event"),
    ("PageUp / PageDown", "Lùi / tiến 10 event"),
    ("Home / End", "Về phiên bản 0 / tới phiên bản mới nhất"),
    ("Phím cách", "Phát / tạm dừng"),
    ("+ / −", "Tăng / giảm tốc độ phát"),
    ("P", "Bật / tắt chế độ trình chiếu"),
    ("?", "Mở / đóng bảng phím tắt này"),
    ("Esc", "Đóng bảng này, hoặc thoát chế độ trình chiếu"),
];

/// What the focused element already does with keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    /// A text field, number field, date field, select…: every key is the student's.
    Typing,
    /// The slider: it moves itself with arrows, Home/End and PageUp/PageDown.
    Slider,
    /// Radio buttons: arrows and Space choose.
    Radio,
    /// A button, checkbox, link or summary: Space and Enter activate it.
    Activates,
    /// Anything else (the lab itself, plain text).
    Free,
}

fn focus_kind(target: Option<&web_sys::Element>) -> Focus {
    let Some(el) = target else {
        return Focus::Free;
    };
    if el
        .dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|h| h.is_content_editable())
    {
        return Focus::Typing;
    }
    match el.tag_name().to_ascii_lowercase().as_str() {
        "input" => {
            let kind = el
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            match kind.as_str() {
                "range" => Focus::Slider,
                "radio" => Focus::Radio,
                "checkbox" | "button" | "submit" | "reset" | "file" | "color" => Focus::Activates,
                _ => Focus::Typing,
            }
        }
        "textarea" | "select" => Focus::Typing,
        "button" | "a" | "summary" => Focus::Activates,
        _ => Focus::Free,
    }
}

/// Listens to keys on the window for the lab's lifetime.
pub fn use_shortcuts(lab: Lab, root: NodeRef<Div>) {
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        handle_key(lab, root, &e);
    });
    on_cleanup(move || handle.remove());
}

fn handle_key(lab: Lab, root: NodeRef<Div>, e: &web_sys::KeyboardEvent) {
    if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() || e.is_composing() {
        return;
    }
    let Some(root) = root.try_get_untracked().flatten() else {
        return;
    };
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let inside = target
        .as_ref()
        .is_some_and(|t| root.contains(Some(t.unchecked_ref())));
    let presenting = lab.presenting.try_get_untracked().unwrap_or(false);
    if !inside && !presenting {
        return;
    }
    let focus = focus_kind(target.as_ref());
    if focus == Focus::Typing {
        return;
    }
    let key = e.key();
    // The open dialog keeps its keys (Esc closes it natively); only `?` toggles it.
    if lab.help.try_get_untracked().unwrap_or(false) {
        if key == "?" {
            lab.help.set(false);
            e.prevent_default();
        }
        return;
    }
    let navigation = matches!(focus, Focus::Free | Focus::Activates);
    let handled = match key.as_str() {
        "ArrowLeft" if navigation => {
            lab.step(-1);
            true
        }
        "ArrowRight" if navigation => {
            lab.step(1);
            true
        }
        "PageUp" if navigation => {
            lab.step(-10);
            true
        }
        "PageDown" if navigation => {
            lab.step(10);
            true
        }
        "Home" if navigation => {
            lab.go_start();
            true
        }
        "End" if navigation => {
            lab.go_end();
            true
        }
        " " | "Spacebar" if matches!(focus, Focus::Free | Focus::Slider) => {
            lab.toggle_play();
            true
        }
        "+" | "=" => {
            lab.change_speed(true);
            true
        }
        "-" | "−" => {
            lab.change_speed(false);
            true
        }
        "p" | "P" => {
            let on = !lab.presenting.get_untracked();
            lab.presenting.set(on);
            if on {
                let _ = root.focus();
            }
            true
        }
        "?" => {
            lab.help.set(true);
            true
        }
        "Escape" if presenting => {
            lab.presenting.set(false);
            true
        }
        _ => false,
    };
    if handled {
        e.prevent_default();
    }
}

/// The `?` dialog listing the shortcuts (a native modal dialog: focus stays inside, Esc
/// closes it, focus returns to where it was).
#[component]
pub fn HelpDialog(lab: Lab) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let open = lab.help.get();
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let rows = SHORTCUTS
        .iter()
        .map(|(keys, what)| {
            let keys = keys
                .split(" / ")
                .map(|k| view! { <kbd>{k}</kbd> })
                .collect::<Vec<_>>();
            let mut joined = Vec::new();
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    joined.push(view! { <span class="tt-key-sep">" / "</span> }.into_any());
                }
                joined.push(k.into_any());
            }
            view! {
                <div class="tt-help-row">
                    <dt>{joined}</dt>
                    <dd>{*what}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <dialog
            node_ref=dialog
            class="tt-help"
            aria-labelledby="tt-help-title"
            on:close=move |_| lab.help.set(false)
        >
            <h4 id="tt-help-title">"Phím tắt"</h4>
            <p class="tt-help-note">
                "Phím tắt có tác dụng khi con trỏ bàn phím nằm trong phòng thí nghiệm, hoặc ở bất kỳ đâu khi đang trình chiếu. Khi bạn đang gõ trong một ô nhập, phím thuộc về ô đó."
            </p>
            <dl class="tt-help-list">{rows}</dl>
            <form method="dialog">
                <button type="submit" class="tt-button tt-primary" autofocus=true>"Đóng"</button>
            </form>
        </dialog>
    }
}
