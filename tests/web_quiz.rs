#![cfg(target_arch = "wasm32")]
//! Browser tests of the quiz and progress labs: answer the scenario and see the lesson's
//! verdicts; progress survives an unmount and a new mount (as after a reload); corrupt saved
//! data is reported and set aside; export, reset with confirmation, and import by code.

use advanced_patterns_lab::content::quiz::progress::{Progress, BACKUP_KEY, STORAGE_KEY};
use advanced_patterns_lab::ui::labs::quiz::{ProgressLab, QuizLab};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clear() {
    let s = storage();
    s.remove_item(STORAGE_KEY).unwrap();
    s.remove_item(BACKUP_KEY).unwrap();
}

fn new_host() -> web_sys::HtmlElement {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn find(host: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .unchecked_into()
}

fn text(host: &web_sys::Element, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn count(host: &web_sys::Element, selector: &str) -> u32 {
    host.query_selector_all(selector).unwrap().length()
}

/// Clicks the first button (inside `within`) whose text contains `label`.
fn click_button(host: &web_sys::Element, within: &str, label: &str) {
    let list = host
        .query_selector_all(&format!("{within} button"))
        .unwrap();
    for i in 0..list.length() {
        let b = list.item(i).unwrap();
        if b.text_content().unwrap_or_default().contains(label) {
            b.unchecked_into::<web_sys::HtmlElement>().click();
            return;
        }
    }
    panic!("no button “{label}” in {within}");
}

/// Types into a text field: sets its value and fires `input`, as a keyboard would.
fn type_into(host: &web_sys::Element, selector: &str, value: &str) {
    let el = find(host, selector);
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    let ev = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn value_of(host: &web_sys::Element, selector: &str) -> String {
    js_sys::Reflect::get(&find(host, selector), &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

async fn tick() {
    TimeoutFuture::new(30).await;
}

fn saved() -> String {
    storage().get_item(STORAGE_KEY).unwrap().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn scenario_choice_shows_the_lessons_verdicts() {
    clear();
    let host = new_host();
    let handle = leptos::mount::mount_to(host.clone(), QuizLab);
    tick().await;

    // Committing without a choice says so and shows no verdict.
    click_button(&host, "#quiz-scenario", "Chốt lựa chọn");
    tick().await;
    assert!(text(&host, "#quiz-scenario .quiz-error").contains("Hãy chọn một phương án"));
    assert_eq!(count(&host, ".quiz-verdict"), 0);

    find(&host, "input[name='quiz-scenario'][value='A']").click();
    type_into(&host, "#quiz-scenario-reason", "Sếp muốn cả ba.");
    click_button(&host, "#quiz-scenario", "Chốt lựa chọn");
    tick().await;
    assert_eq!(count(&host, ".quiz-verdict"), 4);
    let chosen = text(&host, ".quiz-verdict.is-chosen");
    assert!(chosen.contains("A) Triển khai cả ba"), "{chosen}");
    assert!(chosen.contains("Sai: công thức cho thảm hoạ"), "{chosen}");
    assert!(chosen.contains("6–12 tháng"), "{chosen}");
    assert!(text(&host, ".verdict-optimal").contains("Tối ưu"));
    assert_eq!(count(&host, ".quiz-verdict.verdict-optimal"), 2);
    assert!(text(&host, ".verdict-partial").contains("Hợp lý làm bước đầu"));
    assert!(text(&host, "#quiz-scenario .quiz-result").contains("gạt đi đầu tiên"));
    assert!(text(&host, "#quiz-scenario .quiz-quote").contains("Sếp muốn cả ba."));
    // The chapter's long solution is linked, not repeated.
    assert!(count(&host, "#quiz-scenario .quiz-links a[href*='quiz#lo-trinh']") == 1);
    assert!(saved().contains("\"choice\":\"A\""), "{}", saved());
    assert!(saved().contains("\"committed\":true"));
    // The score counts the scenario as answered, not right.
    assert!(
        text(&host, ".quiz-score").contains("đã làm 1/"),
        "{}",
        text(&host, ".quiz-score")
    );

    // Choose again: C is one of the two optimal answers.
    click_button(&host, "#quiz-scenario", "Chọn lại");
    tick().await;
    find(&host, "input[name='quiz-scenario'][value='C']").click();
    click_button(&host, "#quiz-scenario", "Chốt lựa chọn");
    tick().await;
    assert!(
        text(&host, ".quiz-verdict.is-chosen").contains("Tối ưu, nếu yêu cầu tuân thủ là ưu tiên")
    );
    assert!(text(&host, ".quiz-score").starts_with("Điểm: 1/"));

    drop(handle);
    host.remove();
    clear();
}

#[wasm_bindgen_test]
async fn progress_survives_unmount_and_mount() {
    clear();
    let host = new_host();
    let handle = leptos::mount::mount_to(host.clone(), QuizLab);
    tick().await;

    let card = "article.quiz-card:has(#q-cqrs-cache-prompt)";
    find(&host, &format!("{card} input[value='c']")).click();
    click_button(&host, card, "Kiểm tra");
    tick().await;
    // Specific feedback: the note on the option picked.
    assert!(text(&host, &format!("{card} .quiz-notes")).contains("cache invalidation"));
    click_button(&host, card, "Thử lại");
    tick().await;
    find(&host, &format!("{card} input[value='a']")).click();
    click_button(&host, card, "Kiểm tra");
    tick().await;
    assert!(text(&host, &format!("{card} .quiz-feedback")).contains("Đúng"));
    assert!(text(&host, &format!("{card} .quiz-feedback")).contains("sau 2 lần"));

    let note = "Giảng viên vừa đổi giá sẽ thấy giá cũ trong 5 giây.";
    type_into(&host, "#quiz-reflection-r-cqrs", note);
    find(&host, "input[name='quiz-check-simpler'][value='yes']").click();
    tick().await;
    assert!(text(&host, ".quiz-advice").contains("Chưa nên dùng"));
    let prompt = text(&host, "#q-gen-retry-storm-prompt");
    type_into(&host, "#q-gen-retry-storm-input", "1");
    click_button(
        &host,
        "article.quiz-card:has(#q-gen-retry-storm-prompt)",
        "Kiểm tra",
    );
    tick().await;
    drop(handle);
    host.remove();

    // A new mount reads what was saved, as after a reload.
    let host = new_host();
    let handle = leptos::mount::mount_to(host.clone(), QuizLab);
    tick().await;
    assert!(count(&host, &format!("{card}.is-right")) == 1);
    assert!(find(&host, &format!("{card} input[value='a']"))
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert_eq!(value_of(&host, "#quiz-reflection-r-cqrs"), note);
    assert!(find(&host, "input[name='quiz-check-simpler'][value='yes']")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    // The generated question keeps the numbers it was answered with.
    assert_eq!(text(&host, "#q-gen-retry-storm-prompt"), prompt);
    assert!(
        count(
            &host,
            "article.quiz-card:has(#q-gen-retry-storm-prompt).is-wrong"
        ) == 1
    );
    // "Retry the wrong ones" brings it back, with fresh numbers and an empty field.
    click_button(&host, ".quiz-toolbar", "Làm lại 1 câu sai");
    tick().await;
    assert_eq!(value_of(&host, "#q-gen-retry-storm-input"), "");
    assert!(
        count(
            &host,
            "article.quiz-card:has(#q-gen-retry-storm-prompt).is-wrong"
        ) == 0
    );

    drop(handle);
    host.remove();
    clear();
}

#[wasm_bindgen_test]
async fn corrupt_storage_is_reported_and_set_aside() {
    clear();
    storage().set_item(STORAGE_KEY, "garbage{").unwrap();
    let host = new_host();
    let handle = leptos::mount::mount_to(host.clone(), QuizLab);
    tick().await;
    let notice = text(&host, ".quiz-notice");
    assert!(notice.contains("không đọc được"), "{notice}");
    assert!(notice.contains(BACKUP_KEY), "{notice}");
    assert_eq!(
        storage().get_item(BACKUP_KEY).unwrap().as_deref(),
        Some("garbage{")
    );
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    // The lab works, and saving does not touch the backup.
    find(&host, "input[name='quiz-check-need'][value='yes']").click();
    tick().await;
    assert!(saved().contains("\"need\":\"yes\""));
    assert_eq!(
        storage().get_item(BACKUP_KEY).unwrap().as_deref(),
        Some("garbage{")
    );
    drop(handle);
    host.remove();

    // Foreign JSON is set aside too, beside the first backup (never over it).
    storage()
        .set_item(STORAGE_KEY, "{\"other\":\"app\"}")
        .unwrap();
    let host = new_host();
    let handle = leptos::mount::mount_to(host.clone(), ProgressLab);
    tick().await;
    assert!(text(&host, ".quiz-notice").contains("không phải tiến độ của bài học này"));
    let second = format!("{BACKUP_KEY}-2");
    assert_eq!(
        storage().get_item(&second).unwrap().as_deref(),
        Some("{\"other\":\"app\"}")
    );
    assert_eq!(count(&host, ".progress-backups li"), 2);
    drop(handle);
    host.remove();
    storage().remove_item(&second).unwrap();
    clear();
}

#[wasm_bindgen_test]
async fn progress_lab_exports_resets_and_imports() {
    clear();
    let mut p = Progress {
        scenario: Some(Default::default()),
        ..Default::default()
    };
    p.scenario.as_mut().unwrap().choice = Some("B".into());
    p.scenario.as_mut().unwrap().committed = true;
    storage().set_item(STORAGE_KEY, &p.to_json()).unwrap();

    let host = new_host();
    let handle = leptos::mount::mount_to(host.clone(), ProgressLab);
    tick().await;
    assert!(text(&host, ".progress-overall").contains("Tổng: 1/"));
    assert!(text(&host, ".progress-extras").contains("đã chọn B"));
    assert_eq!(count(&host, ".progress-table tbody tr"), 10);

    click_button(&host, ".progress-part", "Tạo mã tiến độ");
    tick().await;
    let code = value_of(&host, "#progress-code-out");
    assert!(code.starts_with("APLQ1."), "{code}");

    // Reset asks first; "Huỷ" keeps everything.
    click_button(&host, ".progress-part", "Xoá toàn bộ tiến độ");
    tick().await;
    click_button(&host, ".quiz-confirm", "Huỷ");
    tick().await;
    assert!(storage().get_item(STORAGE_KEY).unwrap().is_some());
    click_button(&host, ".progress-part", "Xoá toàn bộ tiến độ");
    tick().await;
    click_button(&host, ".quiz-confirm", "Xoá hẳn");
    tick().await;
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    assert!(text(&host, ".progress-overall").contains("Tổng: 0/"));

    // A damaged code is refused with a message; nothing changes.
    type_into(&host, "#progress-code-in", "APLQ1.@@@");
    click_button(&host, ".progress-part", "Nhập từ mã");
    tick().await;
    assert!(text(&host, ".quiz-message").contains("Không nhập được"));
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);

    // The good code, after confirming, brings the progress back.
    type_into(&host, "#progress-code-in", &code);
    click_button(&host, ".progress-part", "Nhập từ mã");
    tick().await;
    assert!(text(&host, ".quiz-confirm").contains("đã chọn phương án B"));
    click_button(&host, ".quiz-confirm", "Thay tiến độ hiện tại");
    tick().await;
    assert!(text(&host, ".progress-overall").contains("Tổng: 1/"));
    assert!(saved().contains("\"choice\":\"B\""));

    drop(handle);
    host.remove();
    clear();
}
