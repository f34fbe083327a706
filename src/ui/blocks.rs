//! Renders the lesson's blocks and inline runs as HTML elements (never as HTML strings).

use leptos::prelude::*;

use super::paths;
use crate::content::glossary;
use crate::content::labs::lab;
use crate::content::markup::{Block, Inline};

/// One block of a chapter body. `slug` is the chapter it sits in, for fragment links.
#[component]
pub fn BlockView(block: Block, slug: String) -> impl IntoView {
    match block {
        Block::Heading { level, id, text } => {
            let href = format!("{}#{id}", paths::chapter(&paths::base(), &slug));
            let inner = view! {
                <InlineView inlines=text slug=slug.clone()/>
                <a class="anchor" href=href aria-label="Liên kết tới mục này">"#"</a>
            };
            if level == 2 {
                view! { <h2 id=id>{inner}</h2> }.into_any()
            } else {
                view! { <h3 id=id>{inner}</h3> }.into_any()
            }
        }
        Block::Paragraph(text) => view! { <p><InlineView inlines=text slug=slug/></p> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|i| view! { <li><InlineView inlines=i slug=slug.clone()/></li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Table { head, rows } => {
            let head = head
                .into_iter()
                .map(|c| view! { <th scope="col"><InlineView inlines=c slug=slug.clone()/></th> })
                .collect_view();
            let rows = rows
                .into_iter()
                .map(|r| {
                    let cells = r
                        .into_iter()
                        .map(|c| view! { <td><InlineView inlines=c slug=slug.clone()/></td> })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        Block::Code { lang, code } => {
            let label = format!("Mã {lang}");
            view! {
                <figure class="code-block">
                    <figcaption class="code-lang">{lang.clone()}</figcaption>
                    <pre tabindex="0" aria-label=label><code class=format!("lang-{lang}")>{code}</code></pre>
                </figure>
            }
            .into_any()
        }
        Block::Quote(text) => {
            view! { <blockquote><p><InlineView inlines=text slug=slug/></p></blockquote> }
                .into_any()
        }
        Block::Aside {
            kind,
            title,
            blocks,
        } => {
            let heading = title.unwrap_or_else(|| kind.label().to_string());
            let inner = blocks
                .into_iter()
                .map(|b| view! { <BlockView block=b slug=slug.clone()/> })
                .collect_view();
            view! {
                <aside class=format!("aside aside-{}", kind.class())>
                    <p class="aside-title">{heading}</p>
                    {inner}
                </aside>
            }
            .into_any()
        }
        Block::Lab(name) => view! { <LabPanel name=name/> }.into_any(),
        Block::Diagram { name, alt } => {
            let caption_id = super::diagrams::caption_id(&name);
            let drawing = super::diagrams::diagram_view(&name);
            view! {
                <figure class="diagram" data-diagram=name>
                    {drawing}
                    <figcaption id=caption_id>{alt}</figcaption>
                </figure>
            }
            .into_any()
        }
    }
}

/// A run of inline text with emphasis, code and links.
#[component]
pub fn InlineView(inlines: Vec<Inline>, slug: String) -> impl IntoView {
    let base = paths::base();
    inlines
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => t.into_any(),
            Inline::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Em(t) => view! { <em>{t}</em> }.into_any(),
            Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
            Inline::Link { text, href } => {
                let href = paths::lesson_link(&base, &slug, &href);
                view! { <a href=href>{text}</a> }.into_any()
            }
            Inline::Term { text, id } => {
                let href = paths::lesson_link(&base, &slug, &format!("{}#{id}", glossary::SLUG));
                let explanation = glossary::term(&id).map(|t| t.explanation.clone());
                view! { <a class="term" href=href title=explanation>{text}</a> }.into_any()
            }
        })
        .collect_view()
}

/// The place where a lab is mounted.
#[component]
fn LabPanel(name: String) -> impl IntoView {
    match lab(&name) {
        Some(info) => view! {
            <section class="lab-panel" id=format!("lab-{}", info.name) data-lab=info.name aria-label=info.title>
                <p class="lab-kicker">"Phòng thí nghiệm"</p>
                <h3 class="lab-title">{info.title}</h3>
                <p class="lab-summary">{info.summary}</p>
                {info.live.then(|| view! { <super::lab_host::LabHost name=info.name/> })}
            </section>
        }
        .into_any(),
        None => view! {
            <p class="lab-panel lab-unknown">{format!("Không có phòng thí nghiệm tên “{name}”.")}</p>
        }
        .into_any(),
    }
}
