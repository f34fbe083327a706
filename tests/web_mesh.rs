#![cfg(target_arch = "wasm32")]
//! Browser tests of the service-mesh lab (wasm-bindgen-test in headless Chromium): a crashed
//! pod gets ejected and marked, the YAML shows the lesson's outlier detection; an invalid
//! policy value shows the engine's Vietnamese message and leaves policy and YAML unchanged;
//! the predict step measures 1 − p^A. One benchmark prints figures (no timed assertion):
//! one second of virtual time at 10.000 requests/s.
//!
//! Figures worth reading come from an optimised build:
//! `cargo test --release --target wasm32-unknown-unknown --test web_mesh`.

use std::hint::black_box;

use advanced_patterns_lab::sim::mesh::{Mesh, MeshConfig, SEC};
use advanced_patterns_lab::ui::labs::mesh::params::keys;
use advanced_patterns_lab::ui::labs::mesh::MeshLab;
use advanced_patterns_lab::ui::url_state;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh host element, and an address without the lab's keys.
fn host() -> web_sys::HtmlElement {
    url_state::write(&keys::ALL.map(|k| (k, None)));
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn find(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {selector}"))
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn event(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(name, &init).unwrap()
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    find(host, selector)
        .dispatch_event(&event("click"))
        .unwrap();
}

/// Sets the input at `selector` and fires `change` (what leaving the field does).
fn change_to(host: &web_sys::HtmlElement, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = find(host, selector).unchecked_into();
    input.set_value(value);
    input.dispatch_event(&event("change")).unwrap();
}

async fn wait_until(ms: u32, ok: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 20 {
        if ok() {
            return true;
        }
        TimeoutFuture::new(20).await;
    }
    ok()
}

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
async fn a_crashed_pod_is_ejected_and_the_yaml_shows_outlier_detection() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), MeshLab);
    leptos::task::tick().await;
    let yaml = text(&host, ".mesh-yaml-text");
    assert!(yaml.contains("consecutive5xxErrors: 5"), "{yaml}");
    assert!(yaml.contains("attempts: 3"), "{yaml}");
    assert!(yaml.contains("perTryTimeout: 2s"), "{yaml}");
    assert!(
        yaml.contains("retryOn: 5xx,reset,connect-failure"),
        "{yaml}"
    );
    assert!(yaml.contains("mode: STRICT"), "{yaml}");

    // Select payment-service-2 on the graph, then crash it.
    click(&host, r#"[data-pod="8"]"#);
    leptos::task::tick().await;
    assert!(
        text(&host, ".mesh-selected").starts_with("payment-service-2"),
        "{}",
        text(&host, ".mesh-selected")
    );
    let crash: web_sys::HtmlElement = find(&host, ".mesh-crash").unchecked_into();
    crash.click();
    leptos::task::tick().await;
    assert!(text(&host, ".mesh-log").contains("pod sập"));
    assert_eq!(url_state::read(keys::FAULTS).as_deref(), Some("8:c"));

    // Two seconds of virtual time.
    for _ in 0..2 {
        click(&host, r#"button[aria-label="Tiến một bước"]"#);
        leptos::task::tick().await;
    }
    let pod = find(&host, r#"[data-pod="8"]"#);
    let ejected = wait_until(2_000, || {
        pod.get_attribute("class")
            .unwrap_or_default()
            .contains("mesh-pod-ejected")
    })
    .await;
    assert!(ejected, "{:?}", pod.get_attribute("class"));
    assert!(pod.text_content().unwrap_or_default().contains("bị loại"));
    assert!(pod
        .get_attribute("aria-label")
        .unwrap_or_default()
        .contains("đang bị loại (ejected)"));
    let log = text(&host, ".mesh-log");
    assert!(log.contains("payment-service-2 bị loại (ejected)"), "{log}");
    // The mesh run does better than the run without it (same seed, same fault).
    let table = text(&host, ".mesh-compare tbody");
    assert!(table.contains("Tỉ lệ thành công"), "{table}");
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_policy_value_is_refused_in_vietnamese_and_nothing_changes() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), MeshLab);
    leptos::task::tick().await;
    let before = text(&host, ".mesh-yaml-text");

    change_to(&host, "#mesh-attempts", "20");
    leptos::task::tick().await;
    let msg = text(&host, ".mesh-policy .mesh-error");
    assert!(msg.contains("attempts = 20 quá lớn"), "{msg}");
    assert_eq!(text(&host, ".mesh-yaml-text"), before);
    assert_eq!(url_state::read(keys::ATTEMPTS), None);
    // The typed value stays in the field to be corrected.
    let input: web_sys::HtmlInputElement = find(&host, "#mesh-attempts").unchecked_into();
    assert_eq!(input.value(), "20");

    change_to(&host, "#mesh-per-try", "hai giây");
    leptos::task::tick().await;
    let msg = text(&host, ".mesh-policy .mesh-error");
    assert!(msg.contains("không phải thời lượng hợp lệ"), "{msg}");
    assert_eq!(text(&host, ".mesh-yaml-text"), before);

    // A valid value is applied: the YAML follows and the link remembers it.
    change_to(&host, "#mesh-attempts", "2");
    leptos::task::tick().await;
    assert_eq!(text(&host, ".mesh-policy .mesh-error"), "");
    assert!(text(&host, ".mesh-yaml-text").contains("attempts: 2"));
    assert_eq!(url_state::read(keys::ATTEMPTS).as_deref(), Some("2"));
    drop(handle);
    host.remove();
    url_state::write(&keys::ALL.map(|k| (k, None)));
}

#[wasm_bindgen_test]
async fn the_prediction_is_checked_against_one_minus_p_to_the_a() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), MeshLab);
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = find(&host, "#mesh-guess").unchecked_into();
    input.set_value("75");
    input.dispatch_event(&event("input")).unwrap();
    let form = find(&host, ".mesh-predict-form");
    form.dispatch_event(&event("submit")).unwrap();
    let shown = wait_until(5_000, || !text(&host, ".mesh-verdict").is_empty()).await;
    assert!(shown);
    let v = text(&host, ".mesh-verdict");
    assert!(v.contains("Bạn đoán 75,0%"), "{v}");
    assert!(v.contains("1 − 0,50^4 = 93,8%"), "{v}");
    drop(handle);
    host.remove();
}

/// 1 s of virtual time at 10.000 user requests/s (the shop: 4 hops, 2 sidecars each), 60 runs
/// after 30 s of warm-up, seed 42 as in `benches/mesh.rs`; prints median and p99 (no timed
/// assertion).
#[wasm_bindgen_test]
fn bench_one_second_at_ten_thousand_requests_per_second() {
    let config = MeshConfig {
        request_rate: 10_000.0,
        ..MeshConfig::default()
    };
    let mut mesh = Mesh::new(config, 42).unwrap();
    // Warm up for 30 virtual seconds: the browser first runs wasm with its baseline compiler
    // and swaps in optimised code from a background thread, for the largest functions as late
    // as the 20th second; the lab runs for minutes.
    for _ in 0..30 {
        mesh.advance(SEC);
    }
    let mut times: Vec<f64> = (0..60)
        .map(|_| {
            let t = now_ms();
            mesh.advance(SEC);
            black_box(mesh.now());
            now_ms() - t
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = (times[29] + times[30]) / 2.0;
    let p99 = times[times.len() - 1];
    let t = mesh.totals();
    wasm_bindgen_test::console_log!(
        "[bench] mesh.wasm: {median:.3} ms — 1 s of virtual time at 10k req/s with the mesh (seed \
         42), median of 60 runs (performance.now); min {:.3} ms, p99 {p99:.3} ms; {} user \
         requests, {} tries",
        times[0],
        t.user_requests,
        t.tries
    );
}
