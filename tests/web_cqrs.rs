#![cfg(target_arch = "wasm32")]
//! Browser tests of the CQRS sync-lag lab (wasm-bindgen-test in headless Chromium): a price
//! change with the projector paused leaves a stale row, resuming converges; read-your-writes
//! strategies are counted; the address reopens the same settings; the predict step locks the
//! run until a guess is made; the HPN comparison mounts. And a printed measurement: the cost
//! of simulating 1 s of virtual time at 10.000 events/s in the browser.

use advanced_patterns_lab::sim::cqrs::{Config, Sim};
use advanced_patterns_lab::ui::labs::cqrs::{CqrsLab, HpnCompareLab};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Sets the query string of the test page (the lab reads its settings from it).
fn set_query(query: &str) {
    let w = web_sys::window().unwrap();
    let path = w.location().pathname().unwrap();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    w.history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

fn query_value(key: &str) -> Option<String> {
    let search = web_sys::window().unwrap().location().search().unwrap();
    web_sys::UrlSearchParams::new_with_str(&search)
        .unwrap()
        .get(key)
}

/// A mounted lab and the element it lives in; dropping it unmounts the lab.
struct Mounted {
    host: web_sys::HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

impl Mounted {
    fn lab() -> Self {
        Self::with(|| view! { <CqrsLab/> }.into_any())
    }

    fn with(f: impl FnOnce() -> AnyView + 'static) -> Self {
        let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&host).unwrap();
        let handle = leptos::mount::mount_to(host.clone(), f);
        Mounted {
            host,
            _handle: Box::new(handle),
        }
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.host.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> web_sys::Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    fn click(&self, selector: &str) {
        self.get(selector)
            .unchecked_into::<web_sys::HtmlElement>()
            .click();
    }

    fn disabled(&self, selector: &str) -> bool {
        self.get(selector).has_attribute("disabled")
    }

    fn input_value(&self, selector: &str) -> String {
        self.get(selector)
            .unchecked_into::<web_sys::HtmlInputElement>()
            .value()
    }

    fn set_input(&self, selector: &str, value: &str) {
        let input: web_sys::HtmlInputElement = self.get(selector).unchecked_into();
        input.set_value(value);
        let ev = web_sys::Event::new("input").unwrap();
        input.dispatch_event(&ev).unwrap();
    }

    /// "Tiến một bước": 100 ms of virtual time.
    async fn steps(&self, n: usize) {
        for _ in 0..n {
            self.click("button[aria-label='Tiến một bước']");
        }
        TimeoutFuture::new(30).await;
    }

    fn row_class(&self, course: &str) -> String {
        self.get(&format!("tr[data-course='{course}']"))
            .get_attribute("class")
            .unwrap_or_default()
    }

    fn strategy_cells(&self, key: &str) -> Vec<String> {
        let list = self
            .host
            .query_selector_all(&format!("tr[data-strategy='{key}'] td"))
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }
}

#[wasm_bindgen_test]
async fn stale_row_with_paused_projector_then_converges_after_resume() {
    set_query("");
    let m = Mounted::lab();
    TimeoutFuture::new(30).await;
    assert_eq!(m.text("#cq-projector-status"), "Đang chạy");
    assert!(!m.row_class("KH-002").contains("cq-row-stale"));

    m.click("#cq-pause");
    TimeoutFuture::new(20).await;
    assert_eq!(m.text("#cq-projector-status"), "Tạm dừng");
    assert_eq!(query_value("cq_proj").as_deref(), Some("pause"));

    // The suggested price is 100.000 ₫ below KH-002's 990.000 ₫.
    assert_eq!(m.input_value("#cq-price"), "890.000");
    m.click("#cq-update-price");
    m.steps(10).await;
    let class = m.row_class("KH-002");
    assert!(class.contains("cq-row-stale"), "class: {class}");
    let row = m.text("tr[data-course='KH-002']");
    assert!(row.contains("890.000 ₫"), "{row}");
    assert!(row.contains("990.000 ₫"), "{row}");
    assert!(row.contains("giá cũ · chậm"), "{row}");
    assert!(m.text(".cq-log").contains("Projector tạm dừng"));

    // The lag grows while paused.
    let lag = m.text("#cq-lag-events .cq-card-value");
    assert_ne!(lag, "0 event", "lag while paused: {lag}");

    m.click("#cq-resume");
    m.steps(15).await;
    assert_eq!(m.text("#cq-projector-status"), "Đang chạy");
    let class = m.row_class("KH-002");
    assert!(
        !class.contains("cq-row-stale"),
        "class after resume: {class}"
    );
    let log = m.text(".cq-log");
    assert!(log.contains("Projector đã bắt kịp"), "{log}");
    assert_eq!(query_value("cq_proj").as_deref(), Some("run"));
}

#[wasm_bindgen_test]
async fn read_your_writes_strategies_are_counted() {
    set_query("cq_rate=0");
    let m = Mounted::lab();
    TimeoutFuture::new(30).await;
    m.click("#cq-pause");
    m.click("#cq-ryw-all");
    // Longer than the default 1 s wait-for-version timeout.
    m.steps(15).await;
    assert_eq!(m.strategy_cells("none")[..3], ["1", "1", "0"]);
    assert_eq!(m.strategy_cells("wait")[..3], ["1", "1", "1"]);
    assert_eq!(m.strategy_cells("write")[..3], ["1", "0", "0"]);
    assert!(m.text(".cq-log").contains("hết giờ chờ"));

    m.click("#cq-resume");
    m.steps(10).await;
    m.click("#cq-ryw-all");
    m.steps(10).await;
    // Without a strategy the read beats the projection again; waiting for the version and
    // reading the write side both see the user's own price.
    assert_eq!(m.strategy_cells("none")[..2], ["2", "2"]);
    assert_eq!(m.strategy_cells("wait")[..3], ["2", "1", "1"]);
    assert_eq!(m.strategy_cells("write")[..2], ["2", "0"]);

    // One strategy at a time, chosen with the radio buttons.
    m.click("#cq-ryw-write");
    m.click("#cq-ryw-one");
    m.steps(2).await;
    assert_eq!(m.strategy_cells("write")[..2], ["3", "0"]);
    assert_eq!(m.strategy_cells("none")[0], "2");
}

#[wasm_bindgen_test]
async fn the_address_reopens_the_same_settings_and_bad_values_are_reported() {
    set_query("cq_seed=7&cq_rate=10000&cq_cap=40&cq_proj=crash&cq_inv=0&cq_slow=abc");
    let m = Mounted::lab();
    TimeoutFuture::new(30).await;
    assert_eq!(m.text("output[for='cq-rate']"), "10.000 event/giây");
    assert_eq!(m.text("output[for='cq-cap']"), "40 event/giây");
    assert_eq!(m.text("output[for='cq-slow']"), "bình thường (×1)");
    assert_eq!(m.text("#cq-projector-status"), "Đã sập");
    assert_eq!(m.input_value("#cq-seed"), "7");
    let errors = m.text(".cq-settings .cq-error");
    assert!(errors.contains("cq_slow=abc"), "{errors}");
    assert!(!m
        .get(".cq-settings input[type='checkbox']")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());

    // Same seed and settings, same run: two mounts step to the same head.
    m.steps(5).await;
    let first = m.text("#cq-lag-events .cq-card-detail");
    drop(m);
    let again = Mounted::lab();
    TimeoutFuture::new(30).await;
    again.steps(5).await;
    assert_eq!(again.text("#cq-lag-events .cq-card-detail"), first);

    // A new seed through the form goes into the address.
    again.set_input("#cq-seed", "42");
    again.click("form.cq-seed button[type='submit']");
    TimeoutFuture::new(30).await;
    assert_eq!(query_value("cq_seed").as_deref(), Some("42"));
    again.set_input("#cq-seed", "bốn hai");
    again.click("form.cq-seed button[type='submit']");
    TimeoutFuture::new(30).await;
    assert!(again.text(".cq-error").contains("Seed phải là số nguyên"));
    assert_eq!(query_value("cq_seed").as_deref(), Some("42"));
    set_query("");
}

#[wasm_bindgen_test]
async fn bad_price_is_refused_with_a_message_and_nothing_changes() {
    set_query("cq_rate=0");
    let m = Mounted::lab();
    TimeoutFuture::new(30).await;
    m.set_input("#cq-price", "rẻ lắm");
    m.click("#cq-update-price");
    TimeoutFuture::new(20).await;
    assert!(m
        .text(".cq-models .cq-error")
        .contains("không phải một số đồng"));
    m.set_input("#cq-price", "990.000");
    m.click("#cq-update-price");
    TimeoutFuture::new(20).await;
    assert!(m
        .text(".cq-models .cq-error")
        .contains("trùng với giá hiện tại"));
    let row = m.text("tr[data-course='KH-002']");
    assert!(row.contains("phiên bản 1"), "{row}");
}

#[wasm_bindgen_test]
async fn predict_step_needs_a_guess_then_runs_the_check() {
    set_query("");
    let m = Mounted::lab();
    TimeoutFuture::new(30).await;
    assert!(m.disabled("#cq-run-check"));
    m.click("#cq-guess-1");
    TimeoutFuture::new(20).await;
    assert!(!m.disabled("#cq-run-check"));
    m.click("#cq-run-check");
    TimeoutFuture::new(20).await;
    // The check restarts the run with its own settings and plays.
    assert_eq!(query_value("cq_rate").as_deref(), Some("50"));
    assert_eq!(query_value("cq_cap").as_deref(), Some("40"));
    assert!(m.text(".cq-predict").contains("Đang kiểm chứng"));
    assert!(m.get("#cq-guess-0").has_attribute("disabled"));
    // Step through the 30 s of the check (faster than playing in real time).
    m.click("button[aria-label='Tạm dừng']");
    m.steps(300).await;
    let verdict = m.text(".cq-verdict");
    assert!(verdict.contains("Bạn đoán đúng"), "{verdict}");
    assert!(verdict.contains("50 − 40 = 10"), "{verdict}");
    set_query("");
}

#[wasm_bindgen_test]
async fn hpn_comparison_shows_model_beside_the_lesson() {
    set_query("");
    let m = Mounted::with(|| view! { <HpnCompareLab/> }.into_any());
    TimeoutFuture::new(30).await;
    let table = m.text(".cq-compare-table");
    assert!(table.contains("bài học: 50–200 ms"), "{table}");
    assert!(table.contains("nhanh hơn"), "{table}");
    assert!(m.text(".cq-model-note").contains("mô hình"));
    assert!(m.disabled("#hp-reveal"));
    m.click("#hp-guess-1");
    TimeoutFuture::new(20).await;
    m.click("#hp-reveal");
    TimeoutFuture::new(30).await;
    assert!(m.text(".cq-verdict").contains("Bạn đoán đúng"));
    assert!(m.text(".cq-compare-table").contains("quá tải"));
    assert_eq!(query_value("hp_rate").as_deref(), Some("10000"));
    set_query("");
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Prints the cost of simulating 1 s of virtual time at the HPN peak (10.000 events/s),
/// measured with `performance.now` over 30 consecutive seconds of a warmed-up run.
/// A measurement, not a test of speed: nothing is asserted about time.
#[wasm_bindgen_test]
fn bench_one_virtual_second_at_ten_thousand_events_per_second() {
    const RUNS: usize = 30;
    let perf = web_sys::window().unwrap().performance().unwrap();
    let cfg = Config {
        write_rate: 10_000.0,
        projector_capacity: 20_000.0,
        ..Config::default()
    };
    let mut sim = Sim::new(cfg, 42).expect("valid config");
    sim.advance(2_000_000);
    let mut ms = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = perf.now();
        sim.advance(1_000_000);
        ms.push(perf.now() - t);
    }
    ms.sort_by(f64::total_cmp);
    let written = sim.head() as f64 / sim.now_ms() * 1_000.0;
    console_log!(
        "[bench] cqrs.wasm: {:.3} ms — 1 s of virtual time at 10000 events/s ({written:.0} \
         written/s), median of {RUNS} runs (performance.now); min {:.3} ms, p99 {:.3} ms, max \
         {:.3} ms; final lag {} events",
        percentile(&ms, 0.5),
        percentile(&ms, 0.0),
        percentile(&ms, 0.99),
        percentile(&ms, 1.0),
        sim.lag_events()
    );
    assert!(sim.head() > 0);
}
