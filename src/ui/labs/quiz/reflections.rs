//! Part 3: the four think-about-it questions. The student writes first; the model answer opens
//! only once something has been written. The text is saved as it is typed.

use leptos::prelude::*;

use super::store::Store;
use super::SectionLink;
use crate::content::quiz::progress::MAX_TEXT_CHARS;
use crate::content::quiz::{Bank, Reflection};

/// Characters to write before the model answer opens.
pub const MIN_CHARS: usize = 20;

/// The reflections part.
#[component]
pub fn ReflectionsPart(bank: &'static Bank, store: Store) -> impl IntoView {
    let items = bank
        .reflections
        .iter()
        .enumerate()
        .map(|(n, r)| view! { <ReflectionItem n=n + 1 r=r store=store/> })
        .collect_view();
    view! {
        <section class="quiz-part" id="quiz-reflections" aria-labelledby="quiz-reflections-title">
            <h4 id="quiz-reflections-title">"3 · Câu hỏi suy ngẫm"</h4>
            <p class="quiz-hint">
                "Không có đáp án duy nhất. Viết câu trả lời của bạn trước; đáp án mẫu chỉ mở khi bạn đã viết. Bài viết được lưu lại trên trình duyệt này."
            </p>
            {items}
        </section>
    }
}

#[component]
fn ReflectionItem(n: usize, r: &'static Reflection, store: Store) -> impl IntoView {
    let id = r.id.clone();
    let saved = {
        let id = id.clone();
        Memo::new(move |_| {
            store
                .progress
                .with(|p| p.reflections.get(&id).cloned().unwrap_or_default())
        })
    };
    let error = RwSignal::new(None::<String>);
    let field = format!("quiz-reflection-{}", r.id);
    let write = {
        let id = id.clone();
        move |text: String| {
            let id = id.clone();
            store.update(|p| p.reflections.entry(id).or_default().text = text);
        }
    };
    let reveal = {
        let id = id.clone();
        move |_| {
            let written = saved.with_untracked(|s| s.text.trim().chars().count());
            if written < MIN_CHARS {
                error.set(Some(format!(
                    "Hãy viết câu trả lời của bạn trước (ít nhất {MIN_CHARS} ký tự, bạn đã viết {written})."
                )));
                return;
            }
            error.set(None);
            let id = id.clone();
            store.update(|p| p.reflections.entry(id).or_default().revealed = true);
        }
    };
    let model = move || {
        saved.with(|s| s.revealed).then(|| {
            let paragraphs = r
                .model_answer
                .iter()
                .map(|a| view! { <p>{a.clone()}</p> })
                .collect_view();
            view! {
                <div class="quiz-model">
                    <p class="quiz-model-title">"Đáp án mẫu: so với câu trả lời của bạn"</p>
                    {paragraphs}
                    <SectionLink link=r.link.clone() prefix="Đọc lại: "/>
                </div>
            }
        })
    };
    view! {
        <div class="quiz-reflection">
            <label class="quiz-reflection-q" for=field.clone()>
                <span class="quiz-topic">{format!("{n} · {}", r.topic)}</span>
                {r.question.clone()}
            </label>
            <textarea
                id=field
                class="quiz-textarea"
                rows="4"
                maxlength=MAX_TEXT_CHARS.to_string()
                prop:value=move || saved.with(|s| s.text.clone())
                on:input=move |ev| write(event_target_value(&ev))
            ></textarea>
            {move || (!saved.with(|s| s.revealed)).then(|| view! {
                <div class="quiz-actions">
                    <button type="button" class="quiz-button" on:click=reveal.clone()>"Xem đáp án mẫu"</button>
                </div>
            })}
            <p class="quiz-error" role="alert">{move || error.get()}</p>
            {model}
        </div>
    }
}
