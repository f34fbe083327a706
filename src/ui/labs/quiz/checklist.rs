//! Part 2: the five questions to ask before adopting a pattern, answered yes / no / not sure.
//! One "not sure" triggers the lesson's stop rule; an answer against adoption is named.

use leptos::prelude::*;

use super::store::Store;
use super::SectionLink;
use crate::content::quiz::{Bank, ChecklistOutcome, Reply};

/// The checklist part.
#[component]
pub fn ChecklistPart(bank: &'static Bank, store: Store) -> impl IntoView {
    let list = &bank.checklist;
    let replies = Memo::new(move |_| store.progress.with(|p| p.checklist.clone()));
    let outcome = Memo::new(move |_| replies.with(|r| list.outcome(r)));
    let number = |id: &str| {
        list.items
            .iter()
            .position(|i| i.id == id)
            .map_or(0, |i| i + 1)
    };

    let items = list
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let buttons = Reply::ALL
                .iter()
                .map(|&reply| {
                    let id = item.id.clone();
                    let id2 = item.id.clone();
                    view! {
                        <label class="quiz-reply">
                            <input
                                type="radio"
                                name=format!("quiz-check-{}", item.id)
                                value=reply.value()
                                prop:checked=move || replies.with(|r| r.get(&id) == Some(&reply))
                                on:change=move |_| {
                                    let id = id2.clone();
                                    store.update(|p| {
                                        p.checklist.insert(id, reply);
                                    });
                                }
                            />
                            <span>{reply.label_vi()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <li>
                    <fieldset class="quiz-check">
                        <legend>{format!("{}. {}", n + 1, item.text)}</legend>
                        <div class="quiz-replies">{buttons}</div>
                    </fieldset>
                </li>
            }
        })
        .collect_view();

    let advice = move || match outcome.get() {
        ChecklistOutcome::Incomplete { answered } => view! {
            <p>{format!("Đã trả lời {answered}/{} câu.", list.items.len())}</p>
        }
        .into_any(),
        ChecklistOutcome::Unsure { items } => {
            let which = items
                .iter()
                .map(|id| format!("câu {}", number(id)))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <p class="quiz-advice-head">"⛔ Dừng lại: đừng dùng pattern này."</p>
                <p>{list.unsure.clone()}</p>
                <p>{format!("Bạn trả lời “Không chắc” ở {which}.")}</p>
            }
            .into_any()
        }
        ChecklistOutcome::Against { items } => {
            let reasons = items
                .iter()
                .filter_map(|id| list.items.iter().find(|i| &i.id == id))
                .map(|i| view! { <li>{format!("Câu {}: {}", number(&i.id), i.against)}</li> })
                .collect_view();
            view! {
                <p class="quiz-advice-head">"✋ Chưa nên dùng pattern này."</p>
                <p>{list.against.clone()}</p>
                <ul>{reasons}</ul>
            }
            .into_any()
        }
        ChecklistOutcome::Clear => view! {
            <p class="quiz-advice-head">"✓ Năm câu đều ủng hộ."</p>
            <p>{list.clear.clone()}</p>
        }
        .into_any(),
    };
    let advice_class = move || {
        let kind = match outcome.get() {
            ChecklistOutcome::Incomplete { .. } => "is-open",
            ChecklistOutcome::Unsure { .. } => "is-stop",
            ChecklistOutcome::Against { .. } => "is-against",
            ChecklistOutcome::Clear => "is-clear",
        };
        format!("quiz-advice {kind}")
    };
    let links = list
        .links
        .iter()
        .map(|l| view! { <li><SectionLink link=l.clone() prefix="Đọc lại: "/></li> })
        .collect_view();

    view! {
        <section class="quiz-part" id="quiz-checklist" aria-labelledby="quiz-checklist-title">
            <h4 id="quiz-checklist-title">"2 · Năm câu hỏi trước khi áp dụng một pattern"</h4>
            <p class="quiz-hint">
                "Nghĩ tới một pattern bạn đang định đưa vào hệ thống, ví dụ Service Mesh cho 8 service của tình huống, rồi trả lời thật lòng."
            </p>
            <ol class="quiz-checklist">{items}</ol>
            <div class=advice_class role="status" aria-live="polite">{advice}</div>
            <ul class="quiz-links">{links}</ul>
            {move || (!replies.with(|r| r.is_empty())).then(|| view! {
                <div class="quiz-actions">
                    <button type="button" class="quiz-button"
                        on:click=move |_| store.update(|p| p.checklist.clear())>
                        "Trả lời lại từ đầu"
                    </button>
                </div>
            })}
        </section>
    }
}
