//! Predict, then observe: the student commits a guess of the balance at a version while that
//! balance is hidden, then sees the real value and the gap.

use leptos::prelude::*;

use super::input::parse_amount;
use super::state::{only_stream, Lab, Mode, Prediction};
use super::state_view::fold_sum;
use super::text::signed_vnd;
use crate::sim::format::{group_digits, vnd};

/// Up to this many versions the version is picked from a list; beyond, typed.
const SELECT_UP_TO: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Off,
    Guessing,
    Revealed(u64, i64),
}

/// The prediction card.
#[component]
pub fn PredictCard(lab: Lab) -> impl IntoView {
    // Re-render only when the phase changes, so a typed guess survives a change of version.
    let phase = Memo::new(move |_| match lab.prediction.get() {
        None => Phase::Off,
        Some(Prediction { guess: None, .. }) => Phase::Guessing,
        Some(Prediction {
            version,
            guess: Some(g),
        }) => Phase::Revealed(version, g),
    });
    let body = move || {
        match phase.get() {
        Phase::Off => view! {
            <p class="tt-note">"Chọn một phiên bản, ghi số dư bạn nghĩ nó có, rồi mới xem đáp án."</p>
            <div class="tt-actions">
                <button
                    type="button"
                    class="tt-button tt-primary"
                    on:click=move |_| lab.prediction.set(Some(Prediction {
                        version: lab.cursor.get_untracked().min(lab.real_head.get_untracked().version),
                        guess: None,
                    }))
                >
                    "Dự đoán một phiên bản"
                </button>
            </div>
        }
        .into_any(),
        Phase::Guessing => view! { <Guessing lab=lab/> }.into_any(),
        Phase::Revealed(version, guess) => {
            view! { <Revealed lab=lab version=version guess=guess/> }.into_any()
        }
    }
    };
    view! {
        <section class="tt-card tt-predict" aria-label="Dự đoán rồi quan sát">
            <h4 class="tt-card-title">"Dự đoán rồi quan sát"</h4>
            {body}
        </section>
    }
}

#[component]
fn Guessing(lab: Lab) -> impl IntoView {
    let version = move || lab.prediction.with(|p| p.map_or(0, |p| p.version));
    let guess = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let n = move || lab.real_head.get().version;
    let set_version = move |v: u64| {
        lab.prediction.set(Some(Prediction {
            version: v.min(lab.real_head.get_untracked().version),
            guess: None,
        }));
    };
    let picker = move || {
        let n = n();
        if n <= SELECT_UP_TO {
            let options = (0..=n)
                .map(|v| {
                    view! {
                        <option value=v.to_string() selected=move || v == version()>
                            {format!("#{}", group_digits(v as i64))}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <select
                    class="tt-input"
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse() {
                            set_version(v);
                        }
                    }
                >
                    {options}
                </select>
            }
            .into_any()
        } else {
            view! {
                <input
                    type="number"
                    class="tt-input"
                    min="0"
                    max=n.to_string()
                    prop:value=move || version().to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse() {
                            set_version(v);
                        }
                    }
                />
            }
            .into_any()
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_amount(&guess.get_untracked()) {
            Ok(g) => {
                error.set(None);
                let version = lab
                    .prediction
                    .with_untracked(|p| p.map_or(0, |p| p.version));
                lab.prediction.set(Some(Prediction {
                    version,
                    guess: Some(g),
                }));
            }
            Err(m) => error.set(Some(m)),
        }
    };
    view! {
        <p class="tt-note">
            {move || format!(
                "Số dư của log thật ở phiên bản {} đang được che. Hãy ghi dự đoán rồi bấm “Chốt”.",
                group_digits(version() as i64)
            )}
        </p>
        <form class="tt-form tt-predict-form" on:submit=submit>
            <label class="tt-field">
                <span class="tt-field-label">"Phiên bản"</span>
                {picker}
            </label>
            <label class="tt-field">
                <span class="tt-field-label">"Số dư bạn đoán (đồng)"</span>
                <input
                    type="text"
                    class="tt-input"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder="ví dụ 1.500.000"
                    prop:value=move || guess.get()
                    on:input=move |ev| guess.set(event_target_value(&ev))
                />
            </label>
            <div class="tt-actions">
                <button type="submit" class="tt-button tt-primary">"Chốt và xem đáp án"</button>
                <button type="button" class="tt-button" on:click=move |_| lab.prediction.set(None)>
                    "Thôi, không đoán"
                </button>
            </div>
        </form>
        {move || error.get().map(|m| view! { <p class="tt-message is-bad" role="alert">{m}</p> })}
    }
}

#[component]
fn Revealed(lab: Lab, version: u64, guess: i64) -> impl IntoView {
    let actual = move || {
        lab.real.with(|l| {
            only_stream(l).and_then(|s| {
                let state = s.state_at(version).ok()?;
                Some((state.balance, fold_sum(s, version)))
            })
        })
    };
    let verdict = move || {
        let Some((real, _)) = actual() else {
            return "Phiên bản này không còn trong log.".to_string();
        };
        let gap = guess - real;
        match gap.signum() {
            0 => "Chính xác! Bạn đoán đúng số dư.".to_string(),
            1 => format!("Bạn đoán cao hơn thực tế {}.", vnd(gap)),
            _ => format!("Bạn đoán thấp hơn thực tế {}.", vnd(-gap)),
        }
    };
    let forked = move || lab.mode.get() == Mode::Fork;
    view! {
        <dl class="tt-predict-result">
            <div><dt>"Phiên bản"</dt><dd>{format!("#{}", group_digits(version as i64))}</dd></div>
            <div><dt>"Bạn đoán"</dt><dd>{vnd(guess)}</dd></div>
            <div><dt>"Thực tế"</dt><dd class="tt-predict-actual">{move || actual().map(|(b, _)| vnd(b))}</dd></div>
            <div><dt>"Chênh lệch"</dt><dd class="tt-predict-gap">{move || actual().map(|(b, _)| signed_vnd(guess - b))}</dd></div>
        </dl>
        <p class="tt-message" role="status"
            class:is-good=move || actual().is_some_and(|(b, _)| b == guess)
            class:is-bad=move || actual().is_some_and(|(b, _)| b != guess)
        >
            {verdict}
        </p>
        {move || actual().and_then(|(b, sum)| sum.map(|sum| view! {
            <p class="tt-how">{format!("Vì sao: gộp các event tới phiên bản {version}: {sum} = {}.", vnd(b))}</p>
        }))}
        <div class="tt-actions">
            {move || (!forked()).then(|| view! {
                <button type="button" class="tt-button" on:click=move |_| lab.set_cursor(version)>
                    {format!("Xem phiên bản #{}", group_digits(version as i64))}
                </button>
            })}
            <button
                type="button"
                class="tt-button tt-primary"
                on:click=move |_| lab.prediction.set(Some(Prediction { version, guess: None }))
            >
                "Dự đoán lần nữa"
            </button>
        </div>
    }
}
