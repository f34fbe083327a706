//! The predict step: pick a question, commit to an answer, run the check, then compare the
//! guess with what the engine did, and read why.

use leptos::prelude::*;

use super::scenario::Question;
use super::state::{clock, Lab};

/// Question picker, answers, the check's progress and the verdict.
#[component]
pub fn PredictStep(lab: Lab) -> impl IntoView {
    let question = RwSignal::new(Question::LagGrowth);
    let guess = RwSignal::new(None::<usize>);
    let result = move || {
        lab.observed
            .get()
            .filter(|(q, _)| *q == question.get())
            .map(|(_, o)| o)
    };
    let running = move || lab.checking.get() == Some(question.get());
    let locked = move || running() || result().is_some();
    let options = move || {
        let q = question.get();
        q.options_vi()
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let id = format!("cq-guess-{i}");
                view! {
                    <label class="cq-radio">
                        <input
                            type="radio"
                            id=id
                            name="cq-guess"
                            prop:checked=move || guess.get() == Some(i)
                            disabled=locked
                            on:change=move |_| guess.set(Some(i))
                        />
                        <span>{text}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let progress = move || {
        running().then(|| {
            let q = question.get();
            let now = lab.snapshot.with(|s| s.now_ms);
            let paused = !lab.playing.get();
            view! {
                <p class="cq-progress" role="status">
                    {format!(
                        "Đang kiểm chứng: {} / {} ảo.",
                        clock(now),
                        clock(q.end_ms() as f64)
                    )}
                    {paused.then_some(" Đang tạm dừng: bấm Phát để chạy tiếp.")}
                    {(!paused).then_some(" Có thể tăng tốc độ để xem nhanh hơn.")}
                </p>
            }
        })
    };
    let verdict = move || {
        result().map(|o| {
            let q = question.get();
            let picked = guess.get();
            let right = picked == Some(o.answer);
            let guessed = picked.map_or("(chưa chọn)", |i| q.options_vi()[i]);
            view! {
                <div class=if right { "cq-verdict cq-verdict-right" } else { "cq-verdict cq-verdict-wrong" } role="status">
                    <p>
                        <strong>{if right { "Bạn đoán đúng. " } else { "Chưa đúng. " }}</strong>
                        {format!("Bạn đoán: “{guessed}”. Lab cho thấy: “{}”.", q.options_vi()[o.answer])}
                    </p>
                    <p>{o.summary_vi.clone()}</p>
                    <p><strong>"Vì sao? "</strong>{q.explanation_vi()}</p>
                </div>
            }
        })
    };
    view! {
        <section class="cq-box cq-predict" aria-labelledby="cq-predict-title">
            <h4 id="cq-predict-title">"Dự đoán trước, chạy sau"</h4>
            <div class="cq-field">
                <label for="cq-question">"Câu hỏi"</label>
                <select
                    id="cq-question"
                    disabled=move || lab.checking.get().is_some()
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(q) = Question::ALL.into_iter().find(|q| q.key() == key) {
                            question.set(q);
                            guess.set(None);
                        }
                    }
                >
                    {Question::ALL
                        .into_iter()
                        .map(|q| view! {
                            <option value=q.key() selected=move || question.get() == q>{q.title_vi()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <p class="cq-prompt">{move || question.get().prompt_vi()}</p>
            <fieldset class="cq-guesses">
                <legend>"Bạn dự đoán"</legend>
                {options}
            </fieldset>
            <p class="cq-hint">{move || question.get().setup_vi()}</p>
            <div class="cq-buttons">
                <button
                    type="button"
                    class="cq-button cq-primary"
                    id="cq-run-check"
                    disabled=move || guess.get().is_none() || locked()
                    on:click=move |_| lab.run_check(question.get_untracked())
                >
                    "Chạy để kiểm chứng"
                </button>
                {move || result().is_some().then(|| view! {
                    <button
                        type="button"
                        class="cq-button"
                        on:click=move |_| {
                            guess.set(None);
                            lab.observed.set(None);
                        }
                    >
                        "Đoán lại"
                    </button>
                })}
            </div>
            {move || (guess.get().is_none() && !locked()).then_some(view! {
                <p class="cq-hint">"Chọn một câu trả lời trước: nút chạy chỉ mở khi bạn đã đoán."</p>
            })}
            {progress}
            {verdict}
        </section>
    }
}
