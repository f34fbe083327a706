//! Predict, then observe: the student commits a guess of the events applied for a version and
//! an interval; only then does the lab show what the engine did, and the gap.

use leptos::prelude::*;

use crate::sim::es::{Interval, Replay};

use super::browser::unique_id;
use super::data::{LabLog, SnapshotSet};
use super::model::{count, gap_vi, interval_label, parse_whole, question, Question};

#[derive(Debug, Clone, Copy, PartialEq)]
struct Reveal {
    question: Question,
    guess: u64,
    replay: Replay,
}

fn question_text(q: Question, n: u64) -> String {
    let how = match q.interval {
        Interval::Off => "Khi tắt snapshot".to_string(),
        i => format!("Với một snapshot sau mỗi {} event", interval_label(i)),
    };
    format!(
        "Log có {} event. {how}, để có trạng thái ở phiên bản {} thì phải áp dụng bao nhiêu \
         event?",
        count(n),
        count(q.version)
    )
}

fn answer_text(r: &Reveal) -> String {
    let applied = count(r.replay.events_applied);
    match r.replay.snapshot {
        Some(s) => format!(
            "Engine nạp snapshot ở phiên bản {} rồi áp dụng {applied} event ({} … {}).",
            count(s),
            count(s + 1),
            count(r.question.version)
        ),
        None if r.replay.events_applied == 0 => {
            "Engine không phải áp dụng event nào: phiên bản 0 là trạng thái rỗng.".to_string()
        }
        None => format!(
            "Không có snapshot nào ở trước phiên bản này, nên engine cộng dồn {applied} event \
             từ event đầu tiên."
        ),
    }
}

fn rule_text(q: Question) -> String {
    match q.interval.events() {
        None => "Quy tắc: không có snapshot thì số event phải áp dụng bằng chính số phiên bản."
            .to_string(),
        Some(k) => format!(
            "Quy tắc: snapshot mới nhất không vượt quá v nằm ở ⌊v / {0}⌋ × {0}, nên số event \
             phải áp dụng là v mod {0}, luôn nhỏ hơn {0}.",
            interval_label(Interval::Every(k))
        ),
    }
}

/// A question, a guess field, then the answer and the gap.
#[component]
pub fn PredictPanel(
    /// The generated log the questions are about.
    log: LabLog,
    /// Shows the question's version and interval in the lab (slider and interval picker).
    on_observe: Callback<Question>,
) -> impl IntoView {
    let n = log.len();
    let seed = log.seed;
    let index = RwSignal::new(0u32);
    let current = Memo::new(move |_| question(n, seed, index.get()));
    let guess_text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let revealed = RwSignal::new(None::<Reveal>);
    let score = RwSignal::new((0u32, 0u32));
    let log = StoredValue::new(log);

    let commit = move || {
        let q = current.get_untracked();
        match parse_whole(
            &guess_text.get_untracked(),
            "số event bạn đoán",
            0,
            q.version,
        ) {
            Ok(guess) => {
                error.set(None);
                let replay =
                    log.with_value(|l| SnapshotSet::build(l, q.interval).replay(q.version));
                score.update(|(exact, total)| {
                    *total += 1;
                    if guess == replay.events_applied {
                        *exact += 1;
                    }
                });
                revealed.set(Some(Reveal {
                    question: q,
                    guess,
                    replay,
                }));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let next = move || {
        index.update(|i| *i += 1);
        guess_text.set(String::new());
        error.set(None);
        revealed.set(None);
    };
    let guess_id = unique_id("sn-guess");
    let msg_id = unique_id("sn-guess-msg");

    view! {
        <div class="sn-predict">
            <p class="sn-question">{move || question_text(current.get(), n)}</p>
            <form
                class="sn-guess"
                on:submit=move |ev| {
                    ev.prevent_default();
                    commit();
                }
            >
                <label for=guess_id.clone()>"Dự đoán của bạn (số event)"</label>
                <input
                    id=guess_id
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || guess_text.get()
                    prop:disabled=move || revealed.get().is_some()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=msg_id.clone()
                    on:input=move |ev| guess_text.set(event_target_value(&ev))
                />
                <button type="submit" class="button sn-commit" disabled=move || revealed.get().is_some()>
                    "Chốt dự đoán"
                </button>
                <p id=msg_id class="sn-error" aria-live="polite">{move || error.get()}</p>
            </form>
            <div class="sn-reveal" aria-live="polite">
                {move || revealed.get().map(|r| {
                    let exact = r.guess == r.replay.events_applied;
                    view! {
                        <p class="sn-gap" class:sn-good=exact class:sn-bad=!exact>{gap_vi(r.guess, r.replay.events_applied)}</p>
                        <p class="sn-answer">{answer_text(&r)}</p>
                        <p class="sn-rule">{rule_text(r.question)}</p>
                        <p class="sn-score">
                            {move || {
                                let (exact, total) = score.get();
                                format!("Đã trả lời đúng {exact}/{total} câu.")
                            }}
                        </p>
                        <div class="sn-actions">
                            <button type="button" class="button" on:click=move |_| on_observe.run(r.question)>
                                "Xem trên thanh trượt"
                            </button>
                            <button type="button" class="button sn-next" on:click=move |_| next()>
                                "Câu khác"
                            </button>
                        </div>
                    }
                })}
            </div>
        </div>
    }
}
