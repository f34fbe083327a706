//! One chapter page: position, title, introduction, table of contents, body, previous/next.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::blocks::BlockView;
use super::paths;
use super::shell::NotFound;
use crate::content::chapters::{chapters, position};
use crate::content::glossary;
use crate::content::markup::{plain_text, Block, Chapter};

/// Routes `/:slug` to its chapter, or to the 404 page.
#[component]
pub fn ChapterRoute() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    move || {
        let slug = slug.get();
        if slug == glossary::SLUG {
            return view! { <ChapterView chapter=glossary::page() index=None/> }.into_any();
        }
        // The home chapter lives at the root, not at `/`+its (empty) slug.
        match position(&slug).filter(|_| !slug.is_empty()) {
            Some(i) => view! { <ChapterPage index=i/> }.into_any(),
            None => view! { <NotFound/> }.into_any(),
        }
    }
}

/// The chapter at `index` in lesson order.
#[component]
pub fn ChapterPage(index: usize) -> impl IntoView {
    view! { <ChapterView chapter=&chapters()[index] index=Some(index)/> }
}

/// A lesson page: a numbered chapter (`index`), or an appendix such as the glossary.
#[component]
fn ChapterView(chapter: &'static Chapter, index: Option<usize>) -> impl IntoView {
    let all = chapters();
    let base = paths::base();
    let slug = chapter.slug.clone();
    set_title(&chapter.title);
    scroll_to_fragment();

    let toc: Vec<_> = chapter
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 2, id, text } => Some((id.clone(), plain_text(text))),
            _ => None,
        })
        .collect();
    let toc_view = (!toc.is_empty()).then(|| {
        let links = toc
            .into_iter()
            .map(|(id, text)| {
                let href = format!("{}#{id}", paths::chapter(&base, &slug));
                view! { <li><a href=href>{text}</a></li> }
            })
            .collect_view();
        view! {
            <nav class="toc" aria-label="Mục lục chương">
                <p class="toc-title">{if index.is_some() { "Trong chương này" } else { "Trên trang này" }}</p>
                <ol>{links}</ol>
            </nav>
        }
    });

    let body = chapter
        .blocks
        .iter()
        .map(|b| view! { <BlockView block=b.clone() slug=slug.clone()/> })
        .collect_view();

    view! {
        <article class="chapter" aria-labelledby="chapter-title">
            <header class="chapter-header">
                <p class="chapter-position">
                    {match index {
                        Some(i) => format!("Chương {}/{}", i + 1, all.len()),
                        None => "Phụ lục".to_string(),
                    }}
                </p>
                <h1 id="chapter-title">{chapter.title.clone()}</h1>
                <p class="chapter-intro">{chapter.intro.clone()}</p>
            </header>
            {toc_view}
            <div class="chapter-body">{body}</div>
            {index.map(|i| view! { <PrevNext index=i base=base.clone()/> })}
        </article>
    }
}

/// Links to the previous and next chapters, with the position `n/N`.
#[component]
fn PrevNext(index: usize, base: String) -> impl IntoView {
    let all = chapters();
    let prev = index.checked_sub(1).map(|i| {
        let href = paths::chapter(&base, &all[i].slug);
        view! {
            <a class="pager-link prev" href=href rel="prev">
                <span class="pager-dir">"← Chương trước"</span>
                <span class="pager-title">{all[i].title.clone()}</span>
            </a>
        }
    });
    let next = all.get(index + 1).map(|c| {
        let href = paths::chapter(&base, &c.slug);
        view! {
            <a class="pager-link next" href=href rel="next">
                <span class="pager-dir">"Chương sau →"</span>
                <span class="pager-title">{c.title.clone()}</span>
            </a>
        }
    });
    view! {
        <nav class="pager" aria-label="Chuyển chương">
            {prev}
            <span class="pager-position" aria-label=format!("Chương {} trên {}", index + 1, all.len())>
                {format!("{}/{}", index + 1, all.len())}
            </span>
            {next}
        </nav>
    }
}

fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&format!("{title} · Mẫu nâng cao"));
    }
}

/// After a direct load of `chapter#section`, the section exists only once the view is
/// mounted, so the browser's own scroll has already missed it: do it once mounted.
fn scroll_to_fragment() {
    request_animation_frame(|| {
        let Some(w) = web_sys::window() else { return };
        let hash = w.location().hash().unwrap_or_default();
        let id = hash.trim_start_matches('#');
        if id.is_empty() {
            return;
        }
        if let Some(el) = w.document().and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view();
        }
    });
}
