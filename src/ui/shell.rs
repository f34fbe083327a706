//! The frame around every page: header, chapter navigation, footer, and the 404 page.

use leptos::prelude::*;
use leptos_router::components::A;

use super::paths;
use super::theme::ThemeToggle;
use crate::content::chapters::chapters;
use crate::content::glossary;

/// Header, navigation and footer around the routed page.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let base = paths::base();
    let home = paths::chapter(&base, "");
    view! {
        <a class="skip-link" href="#noi-dung">"Bỏ qua, tới nội dung chính"</a>
        <header class="site-header">
            <a class="brand" href=home>
                <img class="brand-logo" src="assets/favicon.svg" alt="" width="28" height="28"/>
                <span class="brand-text">
                    <span class="brand-kicker">"Mẫu nâng cao"</span>
                    <span class="brand-title">"CQRS, Event Sourcing & Service Mesh"</span>
                </span>
            </a>
            <ThemeToggle/>
        </header>
        <div class="layout">
            <ChapterNav base=base.clone()/>
            <main id="noi-dung" class="content" tabindex="-1">
                {children()}
            </main>
        </div>
        <footer class="site-footer">
            <p>
                "Bài học tương tác chạy hoàn toàn trong trình duyệt: mọi mô phỏng tính ngay trên máy của bạn, không gửi dữ liệu đi đâu."
            </p>
            <p>"Mô phỏng là mô hình để học; con số của hệ thống thật phụ thuộc vào phần cứng và cấu hình."</p>
        </footer>
    }
}

/// The list of chapters; collapsible on narrow screens.
#[component]
fn ChapterNav(base: String) -> impl IntoView {
    let items = chapters()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let href = paths::chapter(&base, &c.slug);
            view! {
                <li>
                    <A href=href exact=true>
                        <span class="nav-number">{i + 1}</span>
                        <span class="nav-label">{c.nav.clone()}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="chapter-nav" aria-label="Các chương">
            <details class="chapter-nav-menu" open=wide_screen()>
                <summary>"Các chương"</summary>
                <ol>{items}</ol>
                <p class="nav-appendix">
                    <A href=paths::chapter(&base, glossary::SLUG) exact=true>
                        <span class="nav-number" aria-hidden="true">"※"</span>
                        <span class="nav-label">{glossary::page().nav.clone()}</span>
                    </A>
                </p>
            </details>
        </nav>
    }
}

/// The chapter list starts open beside the text, and folded above it on a phone.
fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(min-width: 52rem)").ok().flatten())
        .is_none_or(|m| m.matches())
}

/// Shown for any address that is not a chapter.
#[component]
pub fn NotFound() -> impl IntoView {
    let home = paths::chapter(&paths::base(), "");
    view! {
        <article class="chapter not-found">
            <p class="chapter-position">"Lỗi 404"</p>
            <h1>"Không tìm thấy trang này"</h1>
            <p class="chapter-intro">
                "Địa chỉ bạn mở không ứng với chương nào của bài học. Có thể đường dẫn bị gõ nhầm hoặc chương đã đổi tên."
            </p>
            <p>
                <a class="button" href=home>"Về trang chủ của bài học"</a>
            </p>
        </article>
    }
}
