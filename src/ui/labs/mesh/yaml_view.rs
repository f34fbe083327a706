//! The Istio YAML of the policy in force (the engine's renderer), for a chosen service, live,
//! with a copy button.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::state::Lab;
use crate::sim::mesh::ServiceId;

fn on_settled(promise: js_sys::Promise, done: impl FnOnce(bool) + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let (a, b) = (done.clone(), done);
    let ok = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(f) = a.take() {
            f(true);
        }
    });
    let err = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Some(f) = b.take() {
            f(false);
        }
    });
    let _ = promise.then2(&ok, &err);
    ok.forget();
    err.forget();
}

/// The YAML panel.
#[component]
pub fn YamlView(lab: Lab) -> impl IntoView {
    let service = RwSignal::new(3usize);
    let status = RwSignal::new(None::<String>);
    let yaml = Memo::new(move |_| {
        let svc = service.get();
        lab.params.track();
        lab.with_mesh(|m| m.yaml(ServiceId(svc)))
            .map(|r| r.unwrap_or_else(|e| e.message_vi()))
            .unwrap_or_default()
    });
    let services: Vec<(usize, String)> = crate::sim::mesh::Topology::shop()
        .services
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, s)| (i, s.name.clone()))
        .collect();
    let copy = move |_| {
        let text = yaml.get_untracked();
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&text);
        on_settled(promise, move |ok| {
            status.try_set(Some(if ok {
                "Đã chép YAML vào clipboard.".to_string()
            } else {
                "Trình duyệt không cho chép tự động: hãy chọn văn bản trong khung rồi bấm Ctrl+C."
                    .to_string()
            }));
        });
    };
    view! {
        <section class="mesh-box mesh-yaml" aria-labelledby="mesh-yaml-title">
            <h4 id="mesh-yaml-title">"YAML tương ứng (VirtualService, DestinationRule, PeerAuthentication)"</h4>
            <div class="mesh-yaml-bar">
                <label for="mesh-yaml-service">"Service"</label>
                <select
                    id="mesh-yaml-service"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            service.set(i);
                            status.set(None);
                        }
                    }
                >
                    {services
                        .into_iter()
                        .map(|(i, n)| view! { <option value=i.to_string() selected=move || service.get() == i>{n}</option> })
                        .collect_view()}
                </select>
                <button type="button" class="mesh-button mesh-copy" on:click=copy>"Chép YAML"</button>
                <span class="mesh-hint" role="status">{move || status.get()}</span>
            </div>
            <pre class="mesh-yaml-text" tabindex="0" aria-label="YAML của chính sách đang áp dụng"><code>{move || yaml.get()}</code></pre>
        </section>
    }
}
