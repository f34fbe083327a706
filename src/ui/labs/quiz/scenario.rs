//! Part 1: the e-commerce scenario. The student picks A–D and writes a reason, commits, and
//! only then sees the lesson's verdict on every option. The long analysis (per problem, the
//! phased plan, the necessity table) stays in the chapter below the lab and is linked.

use leptos::prelude::*;

use super::store::Store;
use super::SectionLink;
use crate::content::quiz::progress::{ScenarioAnswer, MAX_TEXT_CHARS};
use crate::content::quiz::{Bank, Verdict};

/// The scenario part.
#[component]
pub fn ScenarioPart(bank: &'static Bank, store: Store) -> impl IntoView {
    let answer = Memo::new(move |_| {
        store
            .progress
            .with(|p| p.scenario.clone().unwrap_or_default())
    });
    let committed = Memo::new(move |_| answer.with(|a| a.committed && a.choice.is_some()));
    let error = RwSignal::new(None::<&'static str>);
    let edit = move |f: &dyn Fn(&mut ScenarioAnswer)| {
        store.update(|p| f(p.scenario.get_or_insert_with(ScenarioAnswer::default)));
    };

    let choose = move || {
        let options = bank
            .scenario
            .options
            .iter()
            .map(|o| {
                let id = o.id.clone();
                let checked = {
                    let id = id.clone();
                    move || answer.with(|a| a.choice.as_deref() == Some(id.as_str()))
                };
                view! {
                    <label class="quiz-option">
                        <input
                            type="radio"
                            name="quiz-scenario"
                            value=id.clone()
                            prop:checked=checked
                            on:change=move |_| {
                                error.set(None);
                                edit(&|a| a.choice = Some(id.clone()));
                            }
                        />
                        <span class="quiz-letter" aria-hidden="true">{o.id.clone()}</span>
                        <span class="visually-hidden">{format!("Phương án {}: ", o.id)}</span>
                        <span>{o.label.clone()}</span>
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="quiz-options">
                <legend>"Phương án bạn đề xuất với CEO"</legend>
                {options}
            </fieldset>
            <label class="quiz-field" for="quiz-scenario-reason">
                "Lý do của bạn (viết trước khi xem nhận xét)"
            </label>
            <textarea
                id="quiz-scenario-reason"
                class="quiz-textarea"
                rows="3"
                maxlength=MAX_TEXT_CHARS.to_string()
                placeholder="Ví dụ: vấn đề nào đáng lo nhất, và cách đơn giản nhất để giải nó…"
                prop:value=move || answer.with(|a| a.reason.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    edit(&|a| a.reason = text.clone());
                }
            ></textarea>
            <div class="quiz-actions">
                <button
                    type="button"
                    class="quiz-button quiz-primary"
                    on:click=move |_| {
                        if answer.with_untracked(|a| a.choice.is_none()) {
                            error.set(Some("Hãy chọn một phương án trước khi chốt."));
                        } else {
                            edit(&|a| a.committed = true);
                        }
                    }
                >
                    "Chốt lựa chọn và xem nhận xét"
                </button>
            </div>
            <p class="quiz-error" role="alert">{move || error.get()}</p>
        }
    };

    let verdicts = move || {
        let a = answer.get();
        let chosen = a.choice.clone().unwrap_or_default();
        let mine = bank.scenario.options.iter().find(|o| o.id == chosen);
        let summary = mine.map(|o| {
            let lead = match o.verdict {
                Verdict::Optimal => "Bạn chọn đúng một trong hai đáp án tối ưu.",
                Verdict::Wrong => "Đây là phương án bài học gạt đi đầu tiên.",
                Verdict::Partial => "Bạn đang đi đúng hướng, nhưng bài học chọn khác.",
            };
            format!("Bạn chọn {}: {}. {lead}", o.id, o.headline)
        });
        let reason = (!a.reason.trim().is_empty()).then(|| {
            view! { <p class="quiz-quote">"Lý do bạn ghi: “" {a.reason.trim().to_string()} "”"</p> }
        });
        let items = bank
            .scenario
            .options
            .iter()
            .map(|o| {
                let is_mine = o.id == chosen;
                view! {
                    <li class=format!("quiz-verdict verdict-{}", o.verdict.class()) class:is-chosen=is_mine>
                        <p class="quiz-verdict-head">
                            <span class="quiz-verdict-mark" aria-hidden="true">{o.verdict.mark()}</span>
                            <strong>{format!("{}) {}", o.id, o.label)}</strong>
                            {is_mine.then(|| view! { <span class="quiz-badge">"Lựa chọn của bạn"</span> })}
                        </p>
                        <p class="quiz-verdict-headline">{o.headline.clone()}</p>
                        <p>{o.explanation.clone()}</p>
                        <SectionLink link=o.link.clone() prefix="Đọc trong bài: "/>
                    </li>
                }
            })
            .collect_view();
        let more = bank
            .scenario
            .read_more
            .iter()
            .map(|l| view! { <li><SectionLink link=l.clone() prefix=""/></li> })
            .collect_view();
        view! {
            <p class="quiz-result" role="status">{summary}</p>
            {reason}
            <ul class="quiz-verdicts">{items}</ul>
            <p class="quiz-hint">
                "Bài học chọn B hoặc C tuỳ vấn đề nào được ưu tiên. Lời giải đầy đủ nằm ngay dưới phòng thí nghiệm:"
            </p>
            <ul class="quiz-links">{more}</ul>
            <div class="quiz-actions">
                <button type="button" class="quiz-button" on:click=move |_| edit(&|a| a.committed = false)>
                    "Chọn lại"
                </button>
            </div>
        }
    };

    view! {
        <section class="quiz-part" id="quiz-scenario" aria-labelledby="quiz-scenario-title">
            <h4 id="quiz-scenario-title">"1 · Tình huống e-commerce: bạn đề xuất gì?"</h4>
            <p class="quiz-hint">
                "15 developer, 8 microservice, một PostgreSQL, 10.000 đơn hàng mỗi ngày, và ba vấn đề: tìm kiếm chậm, dashboard bị timeout, cần audit trail cho đơn hàng. CEO muốn cả ba pattern."
            </p>
            {move || if committed.get() { verdicts().into_any() } else { choose().into_any() }}
        </section>
    }
}
