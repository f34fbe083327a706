//! Where a lab's live view goes. The labs are a second wasm module (`labs.js`, built from
//! src/bin/labs.rs) that the lesson imports once, when the first lab panel comes near the
//! screen: reading a chapter never waits for the simulations' code.

use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::paths;

#[wasm_bindgen(inline_js = r#"
let labs;
export function import_labs(js, wasm) {
  labs ??= import(js).then(async (m) => {
    await m.default({ module_or_path: wasm });
    return m;
  }).catch((e) => {
    labs = undefined; // a later panel (or "Thử lại") tries again
    throw e;
  });
  return labs;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn import_labs(js: &str, wasm: &str) -> Result<JsValue, JsValue>;
}

/// How far below the screen a panel starts loading, so the lab is ready when it scrolls in.
const ROOT_MARGIN: &str = "600px 0px";

#[derive(Clone, PartialEq)]
enum Status {
    Waiting,
    Loading,
    Ready,
    Failed(String),
}

impl Status {
    fn key(&self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Loading => "loading",
            Status::Ready => "ready",
            Status::Failed(_) => "failed",
        }
    }
}

/// The cache-busting suffix of this build (the hash Trunk put in the lesson's wasm name), so a
/// new deployment never pairs a cached `labs.js` with a newer lesson.
fn build_tag() -> String {
    let href = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("link[rel=preload][href$='_bg.wasm']")
                .ok()
                .flatten()
        })
        .and_then(|l| l.get_attribute("href"))
        .unwrap_or_default();
    href.rsplit_once('-')
        .and_then(|(_, tail)| tail.strip_suffix("_bg.wasm"))
        .map(|h| format!("?v={h}"))
        .unwrap_or_default()
}

/// Imports the labs module (once per page) and mounts `name` into `host`; returns the
/// module's handle, whose `free()` unmounts the lab.
async fn mount(name: &str, host: &web_sys::HtmlElement) -> Result<JsValue, String> {
    let base = paths::base();
    let tag = build_tag();
    let module = import_labs(
        &format!("{base}/labs.js{tag}"),
        &format!("{base}/labs_bg.wasm{tag}"),
    )
    .await
    .map_err(|e| describe(&e))?;
    let mount: js_sys::Function = js_sys::Reflect::get(&module, &"mount_lab".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("mô-đun phòng thí nghiệm không có hàm mount_lab")?;
    mount
        .call2(&JsValue::NULL, &name.into(), host)
        .map_err(|e| describe(&e))
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "lỗi không rõ".into())
}

fn free(handle: &JsValue) {
    if let Some(f) = js_sys::Reflect::get(handle, &"free".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = f.call0(handle);
    }
}

/// Calls `load` once `el` comes within `ROOT_MARGIN` of the screen.
fn when_near(
    el: &web_sys::Element,
    load: impl Fn() + 'static,
) -> Option<web_sys::IntersectionObserver> {
    let fired = Rc::new(Cell::new(false));
    let on_change = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let near = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if near && !fired.replace(true) {
                observer.disconnect();
                load();
            }
        },
    );
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin(ROOT_MARGIN);
    let observer =
        web_sys::IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &init)
            .ok()?;
    observer.observe(el);
    // The observer holds the only reference to the callback, which must outlive it; a
    // disconnected observer never calls it again.
    on_change.forget();
    Some(observer)
}

/// One panel's lab: where it goes, how far loading got, and the module's handle once mounted.
#[derive(Clone, Copy)]
struct Slot {
    name: &'static str,
    host: NodeRef<Div>,
    status: RwSignal<Status>,
    handle: StoredValue<Option<JsValue>, LocalStorage>,
    observer: StoredValue<Option<web_sys::IntersectionObserver>, LocalStorage>,
}

impl Slot {
    fn load(self) {
        let Some(el) = self.host.get_untracked() else {
            return;
        };
        let el: web_sys::HtmlElement = el.into();
        self.status.set(Status::Loading);
        leptos::task::spawn_local(async move {
            match mount(self.name, &el).await {
                Ok(handle) => match self.handle.try_set_value(Some(handle)) {
                    // The student left the chapter while the module loaded.
                    Some(Some(handle)) => free(&handle),
                    _ => {
                        self.status.try_set(Status::Ready);
                    }
                },
                Err(e) => {
                    self.status.try_set(Status::Failed(e));
                }
            }
        });
    }

    fn watch(self) {
        if let Some(el) = self.host.get_untracked() {
            let observer = when_near(&el, move || self.load());
            self.observer.set_value(observer);
        }
    }

    fn unmount(self) {
        if let Some(o) = self.observer.try_update_value(Option::take).flatten() {
            o.disconnect();
        }
        if let Some(handle) = self.handle.try_update_value(Option::take).flatten() {
            free(&handle);
        }
    }
}

/// The live view of lab `name`, loaded when its panel nears the screen.
#[component]
pub fn LabHost(name: &'static str) -> impl IntoView {
    let slot = Slot {
        name,
        host: NodeRef::new(),
        status: RwSignal::new(Status::Waiting),
        handle: StoredValue::new_local(None),
        observer: StoredValue::new_local(None),
    };
    slot.host.on_load(move |_| slot.watch());
    on_cleanup(move || slot.unmount());
    let status = slot.status;
    view! {
        {move || match status.get() {
            Status::Waiting | Status::Ready => None,
            Status::Loading => Some(
                view! {
                    <p class="lab-loading" role="status">"Đang tải phòng thí nghiệm…"</p>
                }
                .into_any(),
            ),
            Status::Failed(e) => Some(
                view! {
                    <div class="lab-failed" role="alert">
                        <p>
                            {format!("Không tải được phòng thí nghiệm ({e}). Hãy kiểm tra kết nối rồi thử lại; phần bài đọc vẫn dùng được.")}
                        </p>
                        <button type="button" class="button" on:click=move |_| slot.load()>
                            "Thử lại"
                        </button>
                    </div>
                }
                .into_any(),
            ),
        }}
        <div class="lab-host" data-state=move || status.with(Status::key) node_ref=slot.host></div>
    }
}
