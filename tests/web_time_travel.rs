#![cfg(target_arch = "wasm32")]
//! Browser tests of the time-travel lab (wasm-bindgen-test in headless Chromium): the slider
//! drives the balance, refused commands leave the log as it was, the past is immutable,
//! what-if never touches the real log, predictions hide then reveal, the keyboard alone
//! drives it; and a printed measurement of one slider step on a 100.000-event log.

use advanced_patterns_lab::sim::es::{generate, EventLog};
use advanced_patterns_lab::ui::labs::time_travel::TimeTravelLab;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A mounted lab and the element it lives in.
struct Mounted {
    host: web_sys::HtmlElement,
    // Dropping it unmounts the lab and runs its cleanups.
    _handle: Box<dyn std::any::Any>,
}

impl Mounted {
    fn new(log: Option<EventLog>) -> Self {
        let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&host).unwrap();
        let handle = leptos::mount::mount_to(host.clone(), move || match log {
            Some(log) => view! { <TimeTravelLab log=log/> }.into_any(),
            None => view! { <TimeTravelLab/> }.into_any(),
        });
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

    fn all(&self, selector: &str) -> Vec<web_sys::Element> {
        let list = self.host.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    fn click(&self, selector: &str) {
        self.get(selector)
            .unchecked_into::<web_sys::HtmlElement>()
            .click();
    }

    /// Clicks the first button under `scope` whose text contains `label`.
    fn click_button(&self, scope: &str, label: &str) {
        let button = self
            .all(&format!("{scope} button"))
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().contains(label))
            .unwrap_or_else(|| panic!("no button “{label}” in {scope}"));
        button.unchecked_into::<web_sys::HtmlElement>().click();
    }

    fn slider(&self) -> web_sys::HtmlInputElement {
        self.get("input.tt-slider").unchecked_into()
    }

    /// Moves the slider as a person would: value, then an `input` event.
    fn slide_to(&self, version: u64) {
        let slider = self.slider();
        slider.set_value(&version.to_string());
        fire(&slider, "input");
    }

    /// Types into an input: value, then an `input` event.
    fn type_into(&self, selector: &str, text: &str) {
        let input: web_sys::HtmlInputElement = self.get(selector).unchecked_into();
        input.set_value(text);
        fire(&input, "input");
    }

    fn choose_command(&self, value: &str) {
        let radio: web_sys::HtmlInputElement = self
            .get(&format!(".tt-commands input[type=radio][value={value}]"))
            .unchecked_into();
        radio.click();
    }

    fn balance(&self) -> String {
        self.text(".tt-state-main .tt-balance")
    }

    fn press(&self, target: &web_sys::Element, key: &str) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let e =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&e).unwrap();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn fire(target: &web_sys::EventTarget, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let e = web_sys::Event::new_with_event_init_dict(name, &init).unwrap();
    target.dispatch_event(&e).unwrap();
}

/// Lets effects and the DOM catch up.
async fn settle() {
    TimeoutFuture::new(10).await;
}

#[wasm_bindgen_test]
async fn the_slider_moves_the_cursor_and_the_balance_follows() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    assert_eq!(lab.slider().max(), "5");
    assert_eq!(lab.slider().value(), "5", "opens at the newest version");
    assert_eq!(lab.balance(), "1.500.000 ₫");

    lab.slide_to(3);
    settle().await;
    assert_eq!(lab.balance(), "1.500.000 ₫");
    lab.slide_to(4);
    settle().await;
    assert_eq!(lab.balance(), "1.200.000 ₫");
    let spoken = lab.slider().get_attribute("aria-valuetext").unwrap();
    assert!(
        spoken.starts_with("Phiên bản 4 trên 5: Chuyển khoản đi"),
        "{spoken}"
    );
    assert!(spoken.contains("Chuyển khoản đi"), "{spoken}");
    assert!(spoken.contains("12/01/2024 09:00"), "{spoken}");

    // The cursor's event is highlighted, the later ones dimmed.
    let rows = lab.all(".tt-events > li");
    assert_eq!(rows.len(), 6, "version 0 and five events");
    let class = |i: usize| rows[i].class_name();
    assert!(class(4).contains("is-current"), "{}", class(4));
    assert!(class(5).contains("is-future"), "{}", class(5));
    assert!(!class(3).contains("is-future"), "{}", class(3));

    // Clicking an event jumps there; version 0 is the empty state.
    lab.click(".tt-events > li:nth-child(3) button");
    settle().await;
    assert_eq!(lab.slider().value(), "2");
    assert_eq!(
        lab.balance(),
        "? ₫",
        "version 2 is hidden while it is predicted"
    );
    lab.click(".tt-events > li:nth-child(1) button");
    settle().await;
    assert_eq!(lab.balance(), "0 ₫");
    assert!(lab.text(".tt-state-main").contains("Chưa mở"));
}

#[wasm_bindgen_test]
async fn the_date_picker_shows_the_state_at_a_moment() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    let picker: web_sys::HtmlInputElement = lab.get("input[type=datetime-local]").unchecked_into();
    picker.set_value("2024-01-11T14:00");
    fire(&picker, "change");
    settle().await;
    assert_eq!(lab.slider().value(), "3");
    assert_eq!(lab.balance(), "1.500.000 ₫");
    assert!(lab
        .text(".tt-state-main")
        .contains("Trạng thái lúc 11/01/2024 14:00"));
    picker.set_value("2023-12-31T23:00");
    fire(&picker, "change");
    settle().await;
    assert_eq!(lab.slider().value(), "0");
}

#[wasm_bindgen_test]
async fn a_refused_withdrawal_leaves_the_log_unchanged() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    lab.choose_command("withdraw");
    settle().await;
    lab.type_into(".tt-commands input[inputmode=numeric]", "2.000.000");
    lab.click(".tt-commands button[type=submit]");
    settle().await;
    let message = lab.text(".tt-commands .tt-message");
    assert!(
        message.contains("Số dư không đủ: cần 2.000.000 ₫ nhưng tài khoản chỉ còn 1.500.000 ₫."),
        "{message}"
    );
    assert!(message.contains("vẫn có 5 event"), "{message}");
    assert_eq!(lab.slider().max(), "5");
    assert_eq!(lab.all(".tt-events > li").len(), 6);
    assert_eq!(lab.balance(), "1.500.000 ₫");
    assert!(lab.text(".tt-activity").contains("bị từ chối"));

    // Not a number: the form says so and sends nothing.
    lab.type_into(".tt-commands input[inputmode=numeric]", "1,5");
    lab.click(".tt-commands button[type=submit]");
    settle().await;
    assert!(lab.text(".tt-commands .tt-message").contains("thập phân"));
    assert_eq!(lab.slider().max(), "5");

    // A valid deposit is appended and the cursor follows it.
    lab.choose_command("deposit");
    settle().await;
    lab.type_into(".tt-commands input[inputmode=numeric]", "500000");
    lab.click(".tt-commands button[type=submit]");
    settle().await;
    assert_eq!(lab.slider().max(), "6");
    assert_eq!(lab.slider().value(), "6");
    assert_eq!(lab.balance(), "2.000.000 ₫");
    assert!(lab.text(".tt-commands .tt-message").contains("event #6"));
}

#[wasm_bindgen_test]
async fn the_past_is_immutable_and_a_fork_is_offered() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    lab.slide_to(3);
    settle().await;
    let notice = lab.text(".tt-past");
    assert!(notice.contains("Lịch sử là bất biến"), "{notice}");

    lab.choose_command("deposit");
    settle().await;
    lab.type_into(".tt-commands input[inputmode=numeric]", "1.000.000");
    lab.click(".tt-commands button[type=submit]");
    settle().await;
    let message = lab.text(".tt-commands .tt-message");
    assert!(message.contains("Xung đột phiên bản"), "{message}");
    assert!(message.contains("bất biến"), "{message}");
    assert_eq!(lab.slider().max(), "5");

    // Branch at version 3 and append there: hypothetical, clearly marked.
    lab.click_button(".tt-past", "rẽ nhánh");
    settle().await;
    assert!(lab.get(".tt-state-main").class_name().contains("is-hypo"));
    assert!(lab.text(".tt-state-main").contains("Giả định"));
    assert_eq!(lab.slider().max(), "3");
    lab.click(".tt-commands button[type=submit]");
    settle().await;
    assert_eq!(lab.slider().max(), "4");
    assert_eq!(lab.balance(), "2.500.000 ₫");
    assert!(lab
        .get(".tt-events > li:nth-child(5)")
        .class_name()
        .contains("is-branch"));
    assert_eq!(lab.text(".tt-state-real .tt-balance"), "1.500.000 ₫");
    assert!(lab.text(".tt-state-real").contains("5 event"));

    // Leaving the branch: the real log is exactly as it was.
    lab.click_button(".tt-what-if", "về log thật");
    settle().await;
    assert_eq!(lab.slider().max(), "5");
    assert_eq!(lab.slider().value(), "3");
    assert!(lab.find(".tt-state-main.is-hypo").is_none());
    lab.slide_to(5);
    settle().await;
    assert_eq!(lab.balance(), "1.500.000 ₫");
}

#[wasm_bindgen_test]
async fn skipping_an_event_is_hypothetical_only() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    lab.click_button(".tt-what-if", "Tắt bớt");
    settle().await;
    let skip4: web_sys::HtmlInputElement = lab
        .get(".tt-events > li:nth-child(5) input[type=checkbox]")
        .unchecked_into();
    skip4.click();
    settle().await;
    assert_eq!(lab.text(".tt-balance-hypo"), "1.800.000 ₫");
    assert!(lab.text(".tt-state-hypo").contains("Giả định"));
    assert!(lab.text(".tt-state-hypo").contains("+300.000 ₫"));
    assert_eq!(lab.balance(), "1.500.000 ₫", "the real state is untouched");

    // Skipping the deposit makes the withdrawal impossible: it is refused, in words.
    let skip2: web_sys::HtmlInputElement = lab
        .get(".tt-events > li:nth-child(3) input[type=checkbox]")
        .unchecked_into();
    skip2.click();
    settle().await;
    assert!(lab
        .text(".tt-events > li:nth-child(4)")
        .contains("Số dư không đủ"));
    lab.click_button(".tt-what-if", "Kết thúc");
    settle().await;
    assert!(lab.find(".tt-state-hypo").is_none());
    assert_eq!(lab.balance(), "1.500.000 ₫");
}

#[wasm_bindgen_test]
async fn predict_then_observe_shows_the_gap() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    lab.slide_to(2);
    settle().await;
    assert_eq!(lab.balance(), "? ₫");
    lab.type_into(".tt-predict input[inputmode=numeric]", "1.500.000");
    lab.click(".tt-predict button[type=submit]");
    settle().await;
    assert_eq!(lab.text(".tt-predict-actual"), "2.000.000 ₫");
    assert_eq!(lab.text(".tt-predict-gap"), "−500.000 ₫");
    assert!(lab
        .text(".tt-predict")
        .contains("thấp hơn thực tế 500.000 ₫"));
    assert_eq!(lab.balance(), "2.000.000 ₫");
}

#[wasm_bindgen_test]
async fn the_keyboard_alone_runs_the_demo() {
    let lab = Mounted::new(Some(EventLog::acc001()));
    settle().await;
    let root = lab.get(".tt-lab");
    root.unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    lab.press(&root, "Home");
    settle().await;
    assert_eq!(lab.slider().value(), "0");
    for _ in 0..3 {
        lab.press(&root, "ArrowRight");
    }
    settle().await;
    assert_eq!(lab.slider().value(), "3");
    assert_eq!(lab.balance(), "1.500.000 ₫");
    lab.press(&root, "ArrowLeft");
    settle().await;
    assert_eq!(lab.slider().value(), "2");
    lab.press(&root, "End");
    settle().await;
    assert_eq!(lab.slider().value(), "5");

    // Keys typed in a text field stay there.
    let amount = lab.get(".tt-commands input[inputmode=numeric]");
    lab.press(&amount, "Home");
    settle().await;
    assert_eq!(lab.slider().value(), "5");

    // Space plays from the end: it starts over.
    lab.press(&root, " ");
    settle().await;
    assert_eq!(lab.slider().value(), "0");
    assert_eq!(
        lab.get(".player-play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    lab.press(&root, " ");
    settle().await;
    assert_eq!(
        lab.get(".player-play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );

    // `?` opens the help, `?` closes it.
    lab.press(&root, "?");
    settle().await;
    let dialog: web_sys::HtmlDialogElement = lab.get("dialog.tt-help").unchecked_into();
    assert!(dialog.open());
    assert!(
        lab.text("dialog.tt-help").contains("Trình chiếu")
            || lab.text("dialog.tt-help").contains("trình chiếu")
    );
    lab.press(&dialog, "?");
    settle().await;
    assert!(!dialog.open());

    // P presents (the page around the lab steps aside), Esc leaves.
    let html = document().document_element().unwrap();
    lab.press(&root, "p");
    settle().await;
    assert!(html.class_list().contains("tt-presenting"));
    assert!(lab.get(".tt-lab").class_name().contains("is-presenting"));
    lab.press(&root, "Escape");
    settle().await;
    assert!(!html.class_list().contains("tt-presenting"));
}

#[wasm_bindgen_test]
async fn leaving_the_page_while_presenting_restores_the_site() {
    let html = document().document_element().unwrap();
    {
        let lab = Mounted::new(Some(EventLog::acc001()));
        settle().await;
        lab.click(".tt-present-button");
        settle().await;
        assert!(html.class_list().contains("tt-presenting"));
    }
    settle().await;
    assert!(!html.class_list().contains("tt-presenting"));
}

/// The style sheets the lab uses in the app.
const STYLES: &str = concat!(
    include_str!("../style/tokens.css"),
    include_str!("../style/base.css"),
    include_str!("../style/lesson.css"),
    include_str!("../style/widgets.css"),
    include_str!("../style/lab-time-travel.css"),
);

/// Percentile of sorted samples.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Prints the time of one slider step on a 100.000-event log: from the `input` event until
/// the list, the state and the position read the new version (layout included). Printed,
/// never asserted on.
#[wasm_bindgen_test]
async fn bench_slider_step_on_100000_events() {
    const N: u64 = 100_000;
    let performance = web_sys::window().unwrap().performance().unwrap();
    let t = performance.now();
    let log = generate(2024, N as usize);
    let generated_ms = performance.now() - t;
    // The app's own style sheets, so that style and layout cost what they cost in the app.
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(STYLES));
    document().head().unwrap().append_child(&style).unwrap();
    let t = performance.now();
    let lab = Mounted::new(Some(log));
    settle().await;
    let mount_ms = performance.now() - t;
    assert_eq!(lab.slider().max(), N.to_string());
    let body = document().body().unwrap();

    let mut single = Vec::new();
    let mut jumps = Vec::new();
    let mut layout = Vec::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut version = N / 2;
    lab.slide_to(version);
    settle().await;
    for i in 0..200 {
        version = if i % 2 == 0 {
            // One step forward, as with → or a slow drag.
            version + 1
        } else {
            // A jump anywhere, as with a fast drag or a click on the track.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % (N + 1)
        };
        let want = format!(
            "#{}",
            advanced_patterns_lab::sim::format::group_digits(version as i64)
        );
        let t0 = performance.now();
        lab.slide_to(version);
        let mut ticks = 0;
        loop {
            leptos::task::tick().await;
            ticks += 1;
            let current = lab
                .find(".tt-event.is-current .tt-ev-version")
                .and_then(|e| e.text_content());
            if current.as_deref() == Some(want.as_str()) || ticks > 1_000 {
                break;
            }
        }
        let updated = performance.now();
        // Force style and layout, as the next frame would.
        let _ = body.offset_height();
        let done = performance.now();
        assert!(ticks <= 1_000, "the view never showed version {version}");
        if i % 2 == 0 {
            single.push(done - t0);
        } else {
            jumps.push(done - t0);
        }
        layout.push(done - updated);
    }
    console_log!(
        "time-travel, 100k events: generated in {generated_ms:.0} ms, lab mounted in {mount_ms:.0} ms"
    );
    // `[bench] ID: p50` and `p99` lines for the summary of scripts/bench.sh, then the spread.
    let report = |id: &str, name: &str, v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let what = format!("100k events, {name}, input → view updated + layout");
        for (p, q) in [("p50", 0.5), ("p99", 0.99)] {
            let figure = percentile(v, q);
            console_log!("[bench] {id}.{p}.wasm: {figure:.3} ms — {what}");
        }
        console_log!(
            "time-travel, {name}: n={} min={:.3} ms max={:.3} ms",
            v.len(),
            v[0],
            v[v.len() - 1]
        );
    };
    report("tt.step", "one slider step (→)", &mut single);
    report("tt.jump", "slider jump anywhere", &mut jumps);
    let mut all: Vec<f64> = single.iter().chain(jumps.iter()).copied().collect();
    all.sort_by(f64::total_cmp);
    layout.sort_by(f64::total_cmp);
    console_log!(
        "time-travel, all 200 moves: p50 {:.3} ms, p99 {:.3} ms; of which style and layout: p50 \
         {:.3} ms, p99 {:.3} ms",
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        percentile(&layout, 0.5),
        percentile(&layout, 0.99)
    );
    drop(lab);
    style.remove();
}
