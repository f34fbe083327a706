//! Browser tests (wasm-bindgen-test in headless Chromium): mount the real app, navigate
//! between chapters with its own links, and check what a student sees.
#![cfg(target_arch = "wasm32")]

use advanced_patterns_lab::content::chapters::chapters;
use advanced_patterns_lab::ui::App;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text_of(selector: &str) -> Option<String> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

fn click(selector: &str) {
    let el = document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {selector}"));
    el.unchecked_into::<web_sys::HtmlElement>().click();
}

/// Waits (up to 3 s) until the page's `h1` reads `want`; returns what it read last.
async fn wait_for_h1(want: &str) -> String {
    let mut last = String::new();
    for _ in 0..60 {
        last = text_of("h1").unwrap_or_default();
        if last == want {
            break;
        }
        TimeoutFuture::new(50).await;
    }
    last
}

#[wasm_bindgen_test]
async fn app_mounts_and_navigates_through_every_chapter() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.unchecked_into(), App);

    let all = chapters();
    assert_eq!(all.len(), 10);
    assert_eq!(wait_for_h1(&all[0].title).await, all[0].title);
    assert_eq!(text_of(".chapter-position").unwrap(), "Chương 1/10");
    assert!(text_of("header.site-header").is_some());
    assert!(text_of("footer.site-footer").is_some());

    // Forward with "next" through every chapter, checking the position `n/N`.
    for (i, c) in all.iter().enumerate().skip(1) {
        click("a.pager-link.next");
        assert_eq!(wait_for_h1(&c.title).await, c.title, "chapter {}", i + 1);
        assert_eq!(
            text_of(".chapter-position").unwrap(),
            format!("Chương {}/10", i + 1)
        );
    }
    assert!(document()
        .query_selector("a.pager-link.next")
        .unwrap()
        .is_none());

    // Back with "previous", then jump with the chapter list.
    click("a.pager-link.prev");
    assert_eq!(wait_for_h1(&all[8].title).await, all[8].title);
    click(".chapter-nav li:nth-child(4) a");
    assert_eq!(wait_for_h1(&all[3].title).await, all[3].title);
    let current = document()
        .query_selector(".chapter-nav a[aria-current='page']")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap();
    assert!(current.contains(&all[3].nav), "current nav item: {current}");

    // An unknown address shows the 404 page with a link home that works.
    let link = document().create_element("a").unwrap();
    link.set_attribute("href", "/khong-co-chuong-nay").unwrap();
    link.set_attribute("id", "lost-link").unwrap();
    document().body().unwrap().append_child(&link).unwrap();
    click("#lost-link");
    assert_eq!(
        wait_for_h1("Không tìm thấy trang này").await,
        "Không tìm thấy trang này"
    );
    click(".not-found a.button");
    assert_eq!(wait_for_h1(&all[0].title).await, all[0].title);

    drop(handle);
}

#[wasm_bindgen_test]
async fn theme_toggle_switches_and_remembers() {
    use advanced_patterns_lab::ui::theme::{is_dark, ThemeToggle};
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), ThemeToggle);
    let before = is_dark();
    host.query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    TimeoutFuture::new(20).await;
    assert_eq!(is_dark(), !before);
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("theme")
        .unwrap();
    assert_eq!(
        stored.as_deref(),
        Some(if before { "light" } else { "dark" })
    );
    drop(handle);
}
