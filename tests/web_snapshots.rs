#![cfg(target_arch = "wasm32")]
//! Browser tests of the snapshot lab (wasm-bindgen-test in headless Chromium): generation is
//! deterministic, the interval changes the events applied, a bad custom interval is refused in
//! Vietnamese, the prediction shows the gap. Two benchmarks print figures (no timed
//! assertions): the fold of 1.000.000 events in WASM, and the scrub on a 1.000.000-event log.
//!
//! Figures worth reading come from an optimised build:
//! `cargo test --release --target wasm32-unknown-unknown --test web_snapshots`.

use std::cell::RefCell;
use std::hint::black_box;

use advanced_patterns_lab::sim::es::{fold, generate, AccountState, Interval, GENERATED_STREAM};
use advanced_patterns_lab::sim::format::vnd;
use advanced_patterns_lab::sim::rng::Rng;
use advanced_patterns_lab::ui::labs::snapshots::model::p50_p99;
use advanced_patterns_lab::ui::labs::snapshots::{
    next_frame, now_ms, LabLog, ScrubView, SnapshotSet, SnapshotsLab,
};
use advanced_patterns_lab::ui::url_state;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MILLION: usize = 1_000_000;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh host element, and an address without the lab's keys (so nothing auto-starts).
fn host() -> web_sys::HtmlElement {
    url_state::write(&[
        ("sn-seed", None),
        ("sn-n", None),
        ("sn-k", None),
        ("sn-v", None),
    ]);
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn find(host: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .unchecked_into()
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn input_event() -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict("input", &init).unwrap()
}

/// Types `value` into the input at `selector` (sets it and fires `input`).
fn type_into(host: &web_sys::HtmlElement, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = find(host, selector).unchecked_into();
    input.set_value(value);
    input.dispatch_event(&input_event()).unwrap();
}

/// Waits up to `ms` for `ok`; returns whether it came true.
async fn wait_until(ms: u32, ok: impl Fn() -> bool) -> bool {
    for _ in 0..ms / 20 {
        if ok() {
            return true;
        }
        TimeoutFuture::new(20).await;
    }
    ok()
}

/// Generates `count` events from `seed` with the lab's own form; returns the status line.
async fn generate_in_lab(host: &web_sys::HtmlElement, seed: &str, count: &str) -> String {
    type_into(host, ".sn-seed", seed);
    type_into(host, ".sn-events", count);
    find(host, ".sn-run").click();
    leptos::task::tick().await;
    assert!(
        text(host, ".sn-status").starts_with("Đang sinh"),
        "{}",
        text(host, ".sn-status")
    );
    let done = wait_until(60_000, || text(host, ".sn-status").starts_with("Đã sinh")).await;
    assert!(
        done,
        "generation did not finish: {}",
        text(host, ".sn-status")
    );
    text(host, ".sn-status")
}

fn balance_in(status: &str) -> String {
    status
        .split("Số dư ở đầu log: ")
        .nth(1)
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string()
}

#[wasm_bindgen_test]
async fn generation_with_the_same_seed_gives_the_same_head_twice() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), SnapshotsLab);
    assert!(text(&host, ".sn-empty").starts_with("Hãy sinh log"));

    let first = generate_in_lab(&host, "7", "20.000").await;
    assert!(
        first.starts_with("Đã sinh 20.000 event (seed 7)"),
        "{first}"
    );
    let second = generate_in_lab(&host, "7", "20000").await;
    assert_eq!(balance_in(&first), balance_in(&second));
    // The engine, run natively in the same page, agrees with what the lab shows.
    let head = generate(7, 20_000)
        .stream(GENERATED_STREAM)
        .unwrap()
        .head()
        .balance;
    assert_eq!(balance_in(&first), vnd(head));
    let other = generate_in_lab(&host, "8", "20.000").await;
    assert_ne!(balance_in(&first), balance_in(&other));
    // The progress bar ends full; the URL remembers the log.
    let progress = find(&host, "progress");
    assert_eq!(progress.get_attribute("value").as_deref(), Some("20000"));
    assert_eq!(url_state::read("sn-n").as_deref(), Some("20000"));
    assert_eq!(url_state::read("sn-seed").as_deref(), Some("8"));

    // A bad length is refused, and the log stays.
    type_into(&host, ".sn-events", "2.000.000");
    find(&host, ".sn-run").click();
    TimeoutFuture::new(20).await;
    assert!(
        text(&host, ".sn-events-error").contains("Số event phải từ 1 đến 1.000.000"),
        "{}",
        text(&host, ".sn-events-error")
    );
    assert!(host.query_selector(".sn-slider").unwrap().is_some());
    drop(handle);
}

#[wasm_bindgen_test]
async fn interval_change_updates_the_events_applied() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), SnapshotsLab);
    generate_in_lab(&host, "1", "20.000").await;
    assert!(
        wait_until(2_000, || host
            .query_selector(".sn-goto input")
            .unwrap()
            .is_some())
        .await
    );

    type_into(&host, ".sn-goto input", "12.345");
    find(&host, ".sn-goto button").click();
    let applied = || text(&host, ".sn-applied");
    // Default interval: 100.
    assert!(
        wait_until(2_000, || applied() == "45").await,
        "{}",
        applied()
    );
    assert_eq!(text(&host, ".sn-snapshot-used"), "phiên bản 12.300");
    assert_eq!(text(&host, ".sn-count"), "200");

    let radio = |label: &str| find(&host, &format!(".sn-choice input[value=\"{label}\"]"));
    radio("1.000").click();
    assert!(
        wait_until(2_000, || applied() == "345").await,
        "{}",
        applied()
    );
    assert_eq!(text(&host, ".sn-snapshot-used"), "phiên bản 12.000");
    assert_eq!(text(&host, ".sn-count"), "20");
    radio("Tắt").click();
    assert!(
        wait_until(2_000, || applied() == "12.345").await,
        "{}",
        applied()
    );
    assert!(text(&host, ".sn-snapshot-used").starts_with("không có"));
    assert_eq!(text(&host, ".sn-count"), "0");
    radio("10").click();
    assert!(
        wait_until(2_000, || applied() == "5").await,
        "{}",
        applied()
    );
    radio("10.000").click();
    assert!(
        wait_until(2_000, || applied() == "2.345").await,
        "{}",
        applied()
    );

    // Snapshot + tail equals the full replay, checked once the cursor rests.
    assert!(
        wait_until(5_000, || text(&host, ".sn-invariant").starts_with("Đúng")).await,
        "{}",
        text(&host, ".sn-invariant")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_bad_custom_interval_is_refused_in_vietnamese() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), SnapshotsLab);
    generate_in_lab(&host, "3", "20.000").await;
    assert!(wait_until(2_000, || text(&host, ".sn-count") == "200").await);
    let error = || text(&host, ".sn-custom .sn-error");
    let invalid = || {
        find(&host, ".sn-custom input")
            .get_attribute("aria-invalid")
            .unwrap_or_default()
    };

    type_into(&host, ".sn-custom input", "abc");
    assert!(wait_until(1_000, || !error().is_empty()).await);
    assert_eq!(
        error(),
        "Chu kỳ snapshot phải là một số nguyên từ 1 đến 1.000.000, viết bằng chữ số (bạn nhập \
         “abc”)."
    );
    assert_eq!(invalid(), "true");
    // Nothing lost: the interval in use is still 100.
    assert_eq!(text(&host, ".sn-count"), "200");

    type_into(&host, ".sn-custom input", "0");
    TimeoutFuture::new(20).await;
    assert_eq!(
        error(),
        "Chu kỳ snapshot phải từ 1 đến 1.000.000 (bạn nhập “0”)."
    );
    type_into(&host, ".sn-custom input", "");
    TimeoutFuture::new(20).await;
    assert_eq!(error(), "Hãy nhập chu kỳ snapshot.");

    type_into(&host, ".sn-custom input", "7");
    assert!(wait_until(1_000, || text(&host, ".sn-count") == "2.857").await);
    assert_eq!(error(), "");
    assert_eq!(invalid(), "false");
    drop(handle);
}

#[wasm_bindgen_test]
async fn prediction_is_committed_before_the_answer_shows() {
    let host = host();
    let handle = leptos::mount::mount_to(host.clone(), SnapshotsLab);
    generate_in_lab(&host, "5", "20.000").await;
    assert!(
        wait_until(2_000, || host
            .query_selector(".sn-guess")
            .unwrap()
            .is_some())
        .await
    );
    assert!(
        text(&host, ".sn-reveal").is_empty(),
        "no answer before the guess"
    );
    let question = text(&host, ".sn-question");
    assert!(
        question.contains("phải áp dụng bao nhiêu event"),
        "{question}"
    );

    type_into(&host, ".sn-guess input", "nhiều");
    find(&host, ".sn-commit").click();
    TimeoutFuture::new(20).await;
    assert!(text(&host, ".sn-guess .sn-error").contains("số nguyên"));
    assert!(text(&host, ".sn-reveal").is_empty());

    type_into(&host, ".sn-guess input", "0");
    find(&host, ".sn-commit").click();
    assert!(wait_until(1_000, || !text(&host, ".sn-gap").is_empty()).await);
    let gap = text(&host, ".sn-gap");
    assert!(
        gap.starts_with("Bạn đoán 0 event") || gap.starts_with("Chính xác"),
        "{gap}"
    );
    assert!(
        text(&host, ".sn-answer").starts_with("Engine")
            || text(&host, ".sn-answer").starts_with("Không có snapshot")
    );
    find(&host, ".sn-next").click();
    assert!(wait_until(1_000, || text(&host, ".sn-reveal").is_empty()).await);
    drop(handle);
}

thread_local! {
    static BIG: RefCell<Option<LabLog>> = const { RefCell::new(None) };
}

/// The 1.000.000-event log, generated once per test run (seed 2024, as in the native bench).
fn million() -> LabLog {
    BIG.with(|big| {
        big.borrow_mut()
            .get_or_insert_with(|| {
                let t = now_ms();
                let log = generate(2024, MILLION);
                let took = now_ms() - t;
                console_log!(
                    "generate 1M events (wasm, seed 2024): {:.0} ms ({:.0} ns/event)",
                    took,
                    took * 1e6 / MILLION as f64
                );
                LabLog::new(1, 2024, took, log)
            })
            .clone()
    })
}

#[wasm_bindgen_test]
fn bench_fold_of_a_million_events_in_wasm() {
    let lab = million();
    let stream = lab.stream().unwrap();
    assert_eq!(stream.version(), MILLION as u64);
    let mut runs: Vec<f64> = (0..31)
        .map(|_| {
            let t = now_ms();
            black_box(fold(
                black_box(AccountState::EMPTY),
                black_box(stream.stored()),
            ));
            now_ms() - t
        })
        .collect();
    assert_eq!(fold(AccountState::EMPTY, stream.stored()), stream.head());
    runs.sort_by(f64::total_cmp);
    console_log!(
        "[bench] fold.wasm: {:.3} ms — fold of 1M events (seed 2024), median of {} runs \
         (performance.now); min {:.3} ms, max {:.3} ms, {:.2} ns/event",
        runs[runs.len() / 2],
        runs.len(),
        runs[0],
        runs[runs.len() - 1],
        runs[runs.len() / 2] * 1e6 / MILLION as f64
    );
    console_log!(
        "[bench] event.bytes.wasm: {} B — stored event size in wasm32",
        std::mem::size_of_val(&stream.stored()[0])
    );
}

#[wasm_bindgen_test]
async fn bench_scrub_a_million_events_with_interval_1000() {
    let lab = million();
    let set = SnapshotSet::build(&lab, Interval::Every(1_000));
    let host = host();
    let cursor = RwSignal::new(0u64);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! { <ScrubView snapshots=Signal::stored(set) cursor=cursor/> }
    });
    next_frame().await;
    let slider: web_sys::HtmlInputElement = find(&host, ".sn-slider").unchecked_into();
    assert_eq!(slider.max(), "1000000");

    let mut rng = Rng::new(99);
    let mut update = Vec::new();
    let mut to_frame = Vec::new();
    let mut parts = Vec::new();
    for _ in 0..200 {
        let v = rng.below(MILLION as u64 + 1);
        let want = advanced_patterns_lab::sim::format::group_digits((v % 1_000) as i64);
        let t0 = now_ms();
        slider.set_value(&v.to_string());
        slider.dispatch_event(&input_event()).unwrap();
        let td = now_ms();
        // Let the reactive updates run, then force style and layout.
        let mut ticks = 0;
        while text(&host, ".sn-applied") != want && ticks < 10 {
            leptos::task::tick().await;
            ticks += 1;
        }
        let tt = now_ms();
        black_box(host.offset_height());
        let t1 = now_ms();
        parts.push((td - t0, tt - td, t1 - tt, ticks));
        assert_eq!(text(&host, ".sn-applied"), want, "events applied at {v}");
        next_frame().await;
        let t2 = now_ms();
        update.push(t1 - t0);
        to_frame.push(t2 - t0);
    }
    assert_eq!(
        cursor.get_untracked(),
        slider.value().parse::<u64>().unwrap()
    );
    let (p50, p99) = p50_p99(&mut update);
    let (f50, f99) = p50_p99(&mut to_frame);
    let steps = "1M events, snapshot every 1k, 200 random slider steps";
    console_log!("[bench] scrub.p50.wasm: {p50:.3} ms — {steps}, input → DOM updated + layout");
    console_log!(
        "[bench] scrub.p99.wasm: {p99:.3} ms — {steps}, input → DOM updated + layout; max {:.3} ms",
        update[update.len() - 1]
    );
    console_log!(
        "scrub, input → next animation frame (includes the wait for vsync): p50 {f50:.2} ms, p99 \
         {f99:.2} ms"
    );
    let mean = |f: fn(&(f64, f64, f64, u32)) -> f64| parts.iter().map(f).sum::<f64>() / 200.0;
    console_log!(
        "scrub, where the time goes (mean per step): input handler {:.2} ms, \
         reactive updates {:.2} ms ({:.1} executor ticks), style and layout {:.2} ms",
        mean(|p| p.0),
        mean(|p| p.1),
        mean(|p| f64::from(p.3)),
        mean(|p| p.2)
    );
    drop(handle);
}
