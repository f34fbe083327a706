//! Lab "time-travel": account ACC-001's event log under a cursor. A slider and a date-time
//! picker move through versions; the state at the cursor is a fold of the events before it;
//! commands append (or are refused, in the domain's words); what-if skips or branches
//! without touching the real log; predictions before answers; export, import and a link
//! that reopens the same log and cursor; a presentation mode with keyboard control.
//!
//! The engine (`sim::es`) owns every rule and every number; this module decides only what a
//! click means and how the answer looks.

mod commands;
mod event_list;
mod input;
mod keyboard;
mod link;
mod predict;
mod presentation;
mod share;
mod state;
mod state_view;
mod text;
mod timeline;
mod url_sync;
mod what_if;

use leptos::html::Div;
use leptos::prelude::*;

use crate::sim::es::EventLog;
use crate::sim::format::vnd;
use state::{only_stream, Hypo, Lab, Mode, Tone};
use text::{events_count, version_of};

/// The time-travel lab. Without `log` it opens what the address asks for (`?v=3`, a shared
/// log, or ACC-001) and keeps the address in step; with `log` it shows that log as it is and
/// leaves the address alone (for tests and measurements).
#[component]
pub fn TimeTravelLab(
    /// A log to show instead of the one in the address (one stream).
    #[prop(optional)]
    log: Option<EventLog>,
) -> impl IntoView {
    let follow_address = log.is_none();
    let (lab, problems) = match log {
        Some(log) => {
            let n = only_stream(&log).map_or(0, |s| s.version());
            (Lab::new(log, n), Vec::new())
        }
        None => {
            let loaded = url_sync::load();
            let lab = Lab::new(loaded.log, loaded.cursor);
            if !loaded.skips.is_empty() {
                lab.hypo.set(Hypo::Skip(loaded.skips.into_iter().collect()));
            }
            (lab, loaded.problems)
        }
    };
    let problems = RwSignal::new(problems);
    let share = url_sync::Share::new(lab);
    if follow_address {
        share.follow_in_address_bar();
    }
    let root = NodeRef::<Div>::new();
    keyboard::use_shortcuts(lab, root);
    presentation::use_presentation(lab);

    view! {
        <div
            class="tt-lab"
            class:is-presenting=move || lab.presenting.get()
            class:is-hypo-mode=move || lab.mode.get() != Mode::Real
            node_ref=root
            tabindex="-1"
            aria-keyshortcuts="ArrowLeft ArrowRight Home End Space P ?"
        >
            <Toolbar lab=lab/>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| view! {
                    <div class="tt-problems" role="alert">
                        {list.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        <button type="button" class="tt-button" on:click=move |_| problems.set(Vec::new())>
                            "Đã hiểu"
                        </button>
                    </div>
                })
            }}
            <Position lab=lab/>
            <timeline::Timeline lab=lab/>
            <div class="tt-main">
                <event_list::EventList lab=lab/>
                <state_view::StatePanel lab=lab/>
            </div>
            <div class="tt-cards">
                <predict::PredictCard lab=lab/>
                <commands::CommandCard lab=lab/>
                <what_if::WhatIfCard lab=lab/>
                <share::ShareCard lab=lab share=share/>
            </div>
            <Activity lab=lab/>
            <keyboard::HelpDialog lab=lab/>
        </div>
    }
}

/// The log's name and size, the mode, and the buttons for presenting and for help.
#[component]
fn Toolbar(lab: Lab) -> impl IntoView {
    let about = move || {
        lab.real.with(|l| {
            only_stream(l).map(|s| {
                let owner = s.owner().map(|o| format!(" · {o}")).unwrap_or_default();
                format!("{}{owner} · {}", s.id(), events_count(s.version()))
            })
        })
    };
    view! {
        <div class="tt-toolbar">
            <p class="tt-stream">
                {move || match lab.mode.get() {
                    Mode::Real => view! { <span class="tt-badge tt-badge-real">"Log thật"</span> }.into_any(),
                    _ => view! { <span class="tt-badge tt-badge-hypo">"Đang xem giả định"</span> }.into_any(),
                }}
                <span>{about}</span>
            </p>
            <div class="tt-toolbar-actions">
                <presentation::PresentButton lab=lab/>
                <button
                    type="button"
                    class="tt-button"
                    aria-haspopup="dialog"
                    title="Phím tắt (?)"
                    on:click=move |_| lab.help.set(true)
                >
                    <kbd aria-hidden="true">"?"</kbd>
                    " Phím tắt"
                </button>
            </div>
        </div>
    }
}

/// Where the cursor is, in words large enough for the back of a room; also the live region
/// that tells a screen reader what the highlight shows.
#[component]
fn Position(lab: Lab) -> impl IntoView {
    let spoken = move || {
        let balance = if lab.hides(lab.cursor.get()) {
            "Số dư đang được che chờ dự đoán".to_string()
        } else {
            format!("Số dư {}", vnd(lab.state.get().balance))
        };
        format!("{}. {balance}.", lab.describe_cursor())
    };
    let event = move || {
        let v = lab.cursor.get();
        lab.with_shown(|s| s.and_then(|s| s.event(v)))
    };
    view! {
        <div class="tt-position">
            <p class="tt-position-version" aria-hidden="true">
                {move || version_of(lab.cursor.get(), lab.head.get())}
            </p>
            <p class="tt-position-event" aria-hidden="true">
                {move || match event() {
                    Some(e) => format!(
                        "{} {} · {}",
                        e.event.kind().label_vi(),
                        text::payload(&e.event),
                        crate::sim::es::time::format_date_time_vi(e.at)
                    ),
                    None => "Trước event đầu tiên: trạng thái rỗng".to_string(),
                }}
            </p>
            <p class="tt-sr" aria-live="polite" aria-atomic="true">{spoken}</p>
        </div>
    }
}

/// The last few things that happened, as text (role `log`).
#[component]
fn Activity(lab: Lab) -> impl IntoView {
    view! {
        <section class="tt-activity-wrap" aria-label="Nhật ký thao tác">
            <h4 class="tt-card-title">"Nhật ký thao tác"</h4>
            <ol class="tt-activity" role="log">
                <For each=move || lab.activity.get() key=|e| e.id let:entry>
                    <li class=match entry.tone {
                        Tone::Good => "is-good",
                        Tone::Bad => "is-bad",
                        Tone::Info => "is-info",
                    }>{entry.text}</li>
                </For>
            </ol>
            {move || lab.activity.with(Vec::is_empty).then(|| view! {
                <p class="tt-note">"Chưa có thao tác nào: lệnh được chấp nhận hay bị từ chối, phép thử giả định, nhập tệp… sẽ hiện ở đây."</p>
            })}
        </section>
    }
}
