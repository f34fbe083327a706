//! Faults: pause, crash and resume the projector, slow the bus; the catch-up after a resume.

use leptos::prelude::*;

use super::actions::Action;
use super::controls::{ErrorAt, LadderSlider};
use super::params::{duration_text, slowdown_text, SLOWDOWNS};
use super::state::{Lab, Place};
use crate::sim::cqrs::ProjectorStatus;
use crate::sim::format::group_digits;

fn status_class(s: ProjectorStatus) -> &'static str {
    match s {
        ProjectorStatus::Running => "cq-status cq-status-running",
        ProjectorStatus::Paused => "cq-status cq-status-paused",
        ProjectorStatus::Crashed => "cq-status cq-status-crashed",
    }
}

/// The fault buttons, the projector's status and the catch-up progress.
#[component]
pub fn FaultPanel(lab: Lab) -> impl IntoView {
    let snap = lab.snapshot;
    let status = move || snap.with(|s| s.status);
    let resume_label = move || {
        if status() == ProjectorStatus::Crashed {
            "Khởi động lại projector"
        } else {
            "Cho projector chạy tiếp"
        }
    };
    let catch_up = move || {
        snap.with(|s| {
            s.catch_up.map(|c| {
                let total = c.target.saturating_sub(c.from).max(1);
                let done = s.lag.processed.saturating_sub(c.from).min(total);
                (done, total)
            })
        })
    };
    view! {
        <section class="cq-box cq-faults" aria-labelledby="cq-faults-title">
            <h4 id="cq-faults-title">"Sự cố"</h4>
            <p>
                "Projector: "
                <span class=move || status_class(status()) id="cq-projector-status">
                    {move || status().label_vi()}
                </span>
            </p>
            <div class="cq-buttons">
                <button
                    type="button"
                    class="cq-button"
                    id="cq-pause"
                    disabled=move || status() != ProjectorStatus::Running
                    on:click=move |_| lab.act(Place::Faults, Action::Pause)
                >
                    "Tạm dừng projector"
                </button>
                <button
                    type="button"
                    class="cq-button cq-danger"
                    id="cq-crash"
                    disabled=move || status() == ProjectorStatus::Crashed
                    on:click=move |_| lab.act(Place::Faults, Action::Crash)
                >
                    "Làm sập projector"
                </button>
                <button
                    type="button"
                    class="cq-button cq-primary"
                    id="cq-resume"
                    disabled=move || status() == ProjectorStatus::Running
                    on:click=move |_| lab.act(Place::Faults, Action::Resume)
                >
                    {resume_label}
                </button>
            </div>
            <ErrorAt lab place=Place::Faults/>
            <LadderSlider
                label="Làm chậm event bus"
                id="cq-slow"
                ladder=SLOWDOWNS
                value=Signal::derive(move || snap.with(|s| s.config.bus_slowdown))
                format=slowdown_text
                on_input=Callback::new(move |v| lab.change(false, |p| p.slowdown = v))
                on_commit=Callback::new(move |_| lab.commit_url())
                hint="Nhân độ trễ và jitter của bus; event đang bay giữ thời điểm giao cũ."
            />
            <div class="cq-catchup" role="status">
                {move || match catch_up() {
                    Some((done, total)) => view! {
                        <label for="cq-catchup-bar">
                            {format!(
                                "Đang bắt kịp: {} / {} event tồn đọng",
                                group_digits(done as i64),
                                group_digits(total as i64)
                            )}
                        </label>
                        <progress id="cq-catchup-bar" max=total.to_string() value=done.to_string()></progress>
                    }.into_any(),
                    None => snap.with(|s| s.caught_up).map(|c| view! {
                        <p>{format!(
                            "Lần bắt kịp gần nhất: {} event tồn đọng trong {}.",
                            group_digits(c.events as i64),
                            duration_text(c.took_ms)
                        )}</p>
                    }.into_any()).unwrap_or_else(|| view! {
                        <p class="cq-hint">"Tạm dừng hoặc làm sập projector, chờ vài giây, rồi cho chạy lại để xem nó bắt kịp."</p>
                    }.into_any()),
                }}
            </div>
        </section>
    }
}
