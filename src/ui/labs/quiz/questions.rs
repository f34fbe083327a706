//! Part 4: the comprehension questions of every chapter. Each card is answered, checked at
//! once with specific feedback (the mistake behind a wrong option or a wrong number), and can
//! be tried again; generated questions come back with fresh numbers. Scores per chapter and
//! overall; one button sends every wrong answer back for another try.

use std::collections::HashMap;

use leptos::prelude::*;

use super::store::{fresh_seed, judge, question_of, score, Store};
use super::SectionLink;
use crate::content::chapters::chapters;
use crate::content::quiz::progress::MAX_TEXT_CHARS;
use crate::content::quiz::{chapter_label, Bank, Given, Kind, Slot};
use crate::sim::format::decimal;

/// The view seeds of the generated questions: the numbers shown to a question not answered
/// yet (an answered one shows the numbers it answered, kept in the progress).
#[derive(Clone, Copy)]
struct Seeds(RwSignal<HashMap<&'static str, u64>>);

impl Seeds {
    fn get(&self, id: &'static str) -> u64 {
        self.0.with(|m| m.get(id).copied().unwrap_or(0))
    }

    fn renew(&self, id: &'static str) {
        self.0.update(|m| {
            m.insert(id, fresh_seed());
        });
    }
}

/// The bank's slots, listed once.
fn all_slots(bank: &'static Bank) -> &'static [Slot<'static>] {
    static SLOTS: std::sync::OnceLock<Vec<Slot<'static>>> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| bank.slots())
}

/// The questions part.
#[component]
pub fn QuestionsPart(bank: &'static Bank, store: Store) -> impl IntoView {
    let slots = all_slots(bank);
    let seeds = Seeds(RwSignal::new(
        slots
            .iter()
            .filter_map(|s| match s {
                Slot::Generated(k) => Some((k.id, fresh_seed())),
                Slot::Fixed(_) => None,
            })
            .collect(),
    ));
    let scores = Memo::new(move |_| store.progress.with(|p| score(bank, p)));
    let wrong: Memo<Vec<&'static str>> = Memo::new(move |_| {
        store.progress.with(|p| {
            slots
                .iter()
                .filter(|s| judge(s, p) == Some(false))
                .map(|s| match s {
                    Slot::Fixed(q) => q.id.as_str(),
                    Slot::Generated(k) => k.id,
                })
                .collect()
        })
    });
    let filter = RwSignal::new(String::from("*"));

    let retry_wrong = move |_| {
        let ids = wrong.get_untracked();
        for id in &ids {
            if slots
                .iter()
                .any(|s| matches!(s, Slot::Generated(k) if k.id == *id))
            {
                seeds.renew(id);
            }
        }
        store.update(|p| {
            for id in &ids {
                if let Some(r) = p.answers.get_mut(*id) {
                    r.given = None;
                    r.revealed = false;
                }
            }
        });
    };

    let summary = move || {
        let o = scores.get().overall;
        format!(
            "Điểm: {}/{} câu đúng ({} %), đã làm {}/{} (tính cả tình huống ở phần 1).",
            o.correct,
            o.total,
            decimal(o.percent(), 0),
            o.answered,
            o.total
        )
    };
    let options = chapters()
        .iter()
        .filter(|c| slots.iter().any(|s| s.chapter() == c.slug))
        .map(|c| view! { <option value=c.slug.clone()>{chapter_label(&c.slug)}</option> })
        .collect_view();

    let groups = chapters()
        .iter()
        .filter(|c| slots.iter().any(|s| s.chapter() == c.slug))
        .map(|c| {
            let slug = c.slug.clone();
            let shown = {
                let slug = slug.clone();
                move || filter.with(|f| f == "*" || *f == slug)
            };
            let tally = {
                let slug = slug.clone();
                move || {
                    scores.with(|s| {
                        s.chapters
                            .iter()
                            .find(|(c, _)| *c == slug)
                            .map(|(_, t)| format!("{}/{} đúng", t.correct, t.total))
                            .unwrap_or_default()
                    })
                }
            };
            let cards = slots
                .iter()
                .filter(|s| s.chapter() == slug)
                .enumerate()
                .map(|(n, s)| view! { <QuestionCard entry=*s n=n + 1 store=store seeds=seeds/> })
                .collect_view();
            view! {
                <div class="quiz-group" class:is-hidden=move || !shown()>
                    <h5 class="quiz-group-title">
                        <span>{chapter_label(&slug)}</span>
                        <span class="quiz-group-score">{tally}</span>
                    </h5>
                    {cards}
                </div>
            }
        })
        .collect_view();

    view! {
        <section class="quiz-part" id="quiz-questions" aria-labelledby="quiz-questions-title">
            <h4 id="quiz-questions-title">"4 · Câu hỏi ôn tập theo chương"</h4>
            <p class="quiz-hint">
                "Trả lời rồi bấm “Kiểm tra”: phản hồi hiện ngay, kèm liên kết tới đúng mục đã dạy điều đó. Câu có nhãn “số mới” được sinh bằng chính các engine của bài, mỗi lần làm là một bộ số khác."
            </p>
            <p class="quiz-score" role="status">{summary}</p>
            <div class="quiz-toolbar">
                <label class="quiz-filter">
                    <span>"Chương"</span>
                    <select
                        prop:value=move || filter.get()
                        on:change=move |ev| filter.set(event_target_value(&ev))
                    >
                        <option value="*">"Tất cả các chương"</option>
                        {options}
                    </select>
                </label>
                {move || {
                    let n = wrong.with(Vec::len);
                    (n > 0).then(|| view! {
                        <button type="button" class="quiz-button" on:click=retry_wrong>
                            {format!("Làm lại {n} câu sai")}
                        </button>
                    })
                }}
            </div>
            {groups}
        </section>
    }
}

/// One question.
#[component]
fn QuestionCard(entry: Slot<'static>, n: usize, store: Store, seeds: Seeds) -> impl IntoView {
    let slot = entry;
    let (id, generated): (&'static str, Option<&'static str>) = match slot {
        Slot::Fixed(q) => (q.id.as_str(), None),
        Slot::Generated(k) => (k.id, Some(k.id)),
    };
    let record = Memo::new(move |_| store.progress.with(|p| p.answers.get(id).cloned()));
    let given = Memo::new(move |_| record.with(|r| r.as_ref().and_then(|r| r.given.clone())));
    // The numbers: those answered, or the view's fresh ones.
    let seed = Memo::new(move |_| match generated {
        None => 0,
        Some(kid) => record
            .with(|r| {
                r.as_ref()
                    .filter(|r| r.given.is_some())
                    .and_then(|r| r.seed)
            })
            .unwrap_or_else(|| seeds.get(kid)),
    });
    let question = Memo::new(move |_| question_of(&slot, seed.get()));
    let feedback = Memo::new(move |_| {
        given.with(|g| g.as_ref().and_then(|g| question.with(|q| q.check(g).ok())))
    });
    let revealed = Memo::new(move |_| record.with(|r| r.as_ref().is_some_and(|r| r.revealed)));
    let answered = Memo::new(move |_| given.with(Option::is_some));
    let picked = RwSignal::new(Vec::<String>::new());
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let dom_id = format!("q-{id}");

    let check = move |_| {
        let g = question.with_untracked(|q| match q.kind {
            Kind::Numeric { .. } => Given::Number(typed.get_untracked()),
            _ => Given::Choices(picked.get_untracked()),
        });
        match question.with_untracked(|q| q.check(&g)) {
            Err(e) => error.set(Some(e.message_vi())),
            Ok(_) => {
                error.set(None);
                let seed = generated.map(|_| seed.get_untracked());
                store.update(|p| {
                    let r = p.answers.entry(id.to_string()).or_default();
                    r.given = Some(g);
                    r.attempts += 1;
                    r.revealed = false;
                    r.seed = seed;
                });
                picked.set(Vec::new());
                typed.set(String::new());
            }
        }
    };
    let again = move |_| {
        if let Some(kid) = generated {
            seeds.renew(kid);
        }
        store.update(|p| {
            if let Some(r) = p.answers.get_mut(id) {
                r.given = None;
                r.revealed = false;
            }
        });
    };
    let reveal = move |_| {
        store.update(|p| {
            if let Some(r) = p.answers.get_mut(id) {
                r.revealed = true;
            }
        });
    };

    let input = {
        let dom_id = dom_id.clone();
        move || {
            let q = question.get();
            let name = dom_id.clone();
            match &q.kind {
                Kind::Single { options } | Kind::Multiple { options } => {
                    let single = matches!(q.kind, Kind::Single { .. });
                    let items = options
                        .iter()
                        .map(|o| {
                            let oid = o.id.clone();
                            let is_given = {
                                let oid = oid.clone();
                                move || given.with(|g| matches!(g, Some(Given::Choices(c)) if c.contains(&oid)))
                            };
                            let is_picked = {
                                let oid = oid.clone();
                                move || picked.with(|p| p.contains(&oid))
                            };
                            let checked = {
                                let (g, p) = (is_given.clone(), is_picked.clone());
                                move || if answered.get() { g() } else { p() }
                            };
                            let right = o.correct;
                            let show_right = move || answered.get() && right && (revealed.get() || feedback.with(|f| f.as_ref().is_some_and(|f| f.correct)));
                            let show_wrong = {
                                let g = is_given.clone();
                                move || answered.get() && !right && g()
                            };
                            let toggle = {
                                let oid = oid.clone();
                                move |ev: leptos::ev::Event| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|p| {
                                        if single {
                                            p.clear();
                                        }
                                        p.retain(|x| *x != oid);
                                        if on {
                                            p.push(oid.clone());
                                        }
                                    });
                                    error.set(None);
                                }
                            };
                            view! {
                                <label class="quiz-option" class:is-right=show_right class:is-wrong=show_wrong>
                                    <input
                                        type=if single { "radio" } else { "checkbox" }
                                        name=name.clone()
                                        value=oid.clone()
                                        prop:checked=checked
                                        prop:disabled=move || answered.get()
                                        on:change=toggle
                                    />
                                    <span>{o.text.clone()}</span>
                                </label>
                            }
                        })
                        .collect_view();
                    let legend = if single {
                        "Chọn một đáp án"
                    } else {
                        "Chọn mọi ý đúng"
                    };
                    view! {
                        <fieldset class="quiz-options" aria-describedby=format!("{name}-prompt")>
                            <legend class="quiz-legend">{legend}</legend>
                            {items}
                        </fieldset>
                    }
                    .into_any()
                }
                Kind::Numeric { unit, .. } => {
                    let field = format!("{name}-input");
                    view! {
                        <div class="quiz-number">
                            <label for=field.clone()>"Đáp án"</label>
                            <input
                                id=field
                                type="text"
                                inputmode="decimal"
                                autocomplete="off"
                                maxlength=MAX_TEXT_CHARS.to_string()
                                aria-describedby=format!("{name}-prompt {name}-unit")
                                prop:value=move || {
                                    if answered.get() {
                                        given.with(|g| match g {
                                            Some(Given::Number(t)) => t.clone(),
                                            _ => String::new(),
                                        })
                                    } else {
                                        typed.get()
                                    }
                                }
                                prop:disabled=move || answered.get()
                                on:input=move |ev| {
                                    typed.set(event_target_value(&ev));
                                    error.set(None);
                                }
                                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                    if ev.key() == "Enter" {
                                        check(());
                                    }
                                }
                            />
                            <span class="quiz-unit" id=format!("{name}-unit")>{unit.clone()}</span>
                        </div>
                        <p class="quiz-format">"Viết theo kiểu Việt Nam: 1.500.000 hoặc 0,5."</p>
                    }
                    .into_any()
                }
            }
        }
    };

    let result = move || {
        let f = feedback.get()?;
        let q = question.get();
        let tries = record.with(|r| r.as_ref().map_or(1, |r| r.attempts));
        let link = q.link.clone();
        let body = if f.correct {
            let after = (tries > 1).then(|| format!(" (sau {tries} lần trả lời)"));
            view! {
                <p class="quiz-verdict-line is-right">"✓ Đúng." {after}</p>
                <p>{q.explanation.clone()}</p>
                <SectionLink link=link prefix="Đọc lại: "/>
            }
            .into_any()
        } else {
            let notes = f
                .notes
                .iter()
                .map(|n| view! { <li>{n.clone()}</li> })
                .collect_view();
            let solution = revealed.get().then(|| {
                view! {
                    <div class="quiz-solution">
                        <p><strong>"Đáp án: "</strong>{q.answer_text()}</p>
                        <p>{q.explanation.clone()}</p>
                    </div>
                }
            });
            let again_label = if generated.is_some() {
                "Thử lại với số mới"
            } else {
                "Thử lại"
            };
            view! {
                <p class="quiz-verdict-line is-wrong">"✗ Chưa đúng."</p>
                <ul class="quiz-notes">{notes}</ul>
                <SectionLink link=link prefix="Xem lại: "/>
                {solution}
                <div class="quiz-actions">
                    <button type="button" class="quiz-button quiz-primary" on:click=again>{again_label}</button>
                    {(!revealed.get()).then(|| view! {
                        <button type="button" class="quiz-button" on:click=reveal>"Xem lời giải"</button>
                    })}
                </div>
            }
            .into_any()
        };
        Some(body)
    };

    let prompt_id = format!("{dom_id}-prompt");
    let labelled_by = prompt_id.clone();
    view! {
        <article
            class="quiz-card"
            class:is-right=move || feedback.with(|f| f.as_ref().is_some_and(|f| f.correct))
            class:is-wrong=move || feedback.with(|f| f.as_ref().is_some_and(|f| !f.correct))
            aria-labelledby=labelled_by
        >
            <p class="quiz-card-meta">
                <span>{format!("Câu {n}")}</span>
                {generated.map(|_| view! { <span class="quiz-badge">"số mới"</span> })}
            </p>
            <p class="quiz-prompt" id=prompt_id>{move || question.with(|q| q.prompt.clone())}</p>
            {move || question.with(|q| (!q.details.is_empty()).then(|| {
                let lines = q.details.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view();
                view! { <ul class="quiz-details">{lines}</ul> }
            }))}
            {input}
            {move || (!answered.get()).then(|| view! {
                <div class="quiz-actions">
                    <button type="button" class="quiz-button quiz-primary" on:click=move |_| check(())>"Kiểm tra"</button>
                </div>
            })}
            <p class="quiz-error" role="alert">{move || error.get()}</p>
            <div class="quiz-feedback" aria-live="polite">{result}</div>
        </article>
    }
}
