//! The trace of one chosen request of the mesh run: every call, try, back-off, timeout and
//! answer, as an indented list with virtual times.

use leptos::prelude::*;

use super::state::{duration_text, Lab};
use crate::sim::mesh::{Outcome, PodView, Subset, Trace, TraceKind, TraceStep};

fn outcome_text(o: Outcome) -> String {
    match o {
        Outcome::Ok => "200 OK".to_string(),
        Outcome::Status(s) => format!("lỗi {s}"),
        Outcome::ConnectFailure => "kết nối bị từ chối (503, cờ UF)".to_string(),
        Outcome::PerTryTimeout => "hết perTryTimeout (cờ UT)".to_string(),
        Outcome::RouteTimeout => "hết timeout của route: 504".to_string(),
        Outcome::Overflow => "tràn connection pool: 503 UO, không retry".to_string(),
        Outcome::NoHealthyUpstream => "mọi pod bị loại: 503 “no healthy upstream”".to_string(),
        Outcome::LocalSidecarDown => "sidecar của chính pod gọi đã sập".to_string(),
    }
}

/// One step in words.
pub fn step_text(step: &TraceStep, pods: &[PodView], services: &[String]) -> String {
    let pod =
        |p: crate::sim::mesh::PodId| pods.get(p.0).map_or("?".to_string(), |v| v.name.clone());
    let svc = |s: crate::sim::mesh::ServiceId| services.get(s.0).cloned().unwrap_or_default();
    match &step.kind {
        TraceKind::Received { gateway } => format!("Request tới gateway {}", pod(*gateway)),
        TraceKind::CallStart {
            from,
            service,
            subset,
        } => format!(
            "{} gọi {}{}",
            pod(*from),
            svc(*service),
            match subset {
                Subset::All => "",
                Subset::V1 => " (subset v1)",
                Subset::V2 => " (subset v2, canary)",
            }
        ),
        TraceKind::Queued { service } => format!(
            "Chờ trong hàng đợi của connection pool tới {}",
            svc(*service)
        ),
        TraceKind::TryStart { try_no, pod: p } => {
            if *try_no == 1 {
                format!("Lần thử 1 → {}", pod(*p))
            } else {
                format!("Retry: lần thử {try_no} → {}", pod(*p))
            }
        }
        TraceKind::TryEnd {
            try_no,
            pod: p,
            outcome,
        } => format!(
            "Lần thử {try_no}{}: {}",
            p.map(|p| format!(" ({})", pod(p))).unwrap_or_default(),
            outcome_text(*outcome)
        ),
        TraceKind::Backoff { retry_no, wait_us } => format!(
            "Backoff {} trước retry thứ {retry_no}",
            duration_text(*wait_us)
        ),
        TraceKind::CallEnd {
            service,
            status,
            tries,
        } => format!(
            "Lời gọi {} kết thúc: {status} sau {tries} lần thử",
            svc(*service)
        ),
        TraceKind::Done { status } => format!("Người dùng nhận {status}"),
    }
}

fn step_class(step: &TraceStep) -> &'static str {
    match step.kind {
        TraceKind::TryEnd {
            outcome: Outcome::Ok,
            ..
        } => "mesh-trace-ok",
        TraceKind::TryEnd { .. } => "mesh-trace-bad",
        TraceKind::Done { status } | TraceKind::CallEnd { status, .. } if status >= 500 => {
            "mesh-trace-bad"
        }
        TraceKind::Done { .. } | TraceKind::CallEnd { .. } => "mesh-trace-ok",
        TraceKind::Backoff { .. } | TraceKind::Queued { .. } => "mesh-trace-wait",
        _ => "",
    }
}

/// The trace panel.
#[component]
pub fn TraceView(lab: Lab) -> impl IntoView {
    let trace = Memo::new(move |_| {
        lab.snapshot.track();
        lab.with_mesh(|m| m.trace().cloned()).flatten()
    });
    let services: Vec<String> = crate::sim::mesh::Topology::shop()
        .services
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let body = move || {
        let Some(t): Option<Trace> = trace.get() else {
            return view! { <p class="mesh-hint">"Chưa có request nào được theo dõi: bấm Phát hoặc Tiến một bước."</p> }.into_any();
        };
        let pods = lab.snapshot.with_untracked(|s| s.pods.clone());
        let head = match (t.finished_at, t.status) {
            (Some(end), Some(status)) => format!(
                "Request số {} đến lúc {}; trả {status} sau {}, {} lần thử qua mọi chặng.",
                crate::sim::format::group_digits(t.request as i64),
                super::state::clock(t.started_at),
                duration_text(end - t.started_at),
                t.tries()
            ),
            _ => format!(
                "Request số {} đang chạy ({} bước cho tới giờ).",
                crate::sim::format::group_digits(t.request as i64),
                t.steps.len()
            ),
        };
        let start = t.started_at;
        let items = t
            .steps
            .iter()
            .map(|s| {
                let text = step_text(s, &pods, &services);
                let style = format!("--depth: {}", s.depth);
                view! {
                    <li class=format!("mesh-trace-step {}", step_class(s)) style=style>
                        <span class="mesh-trace-time">{format!("+{}", duration_text(s.at - start))}</span>
                        " "
                        <span>{text}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="mesh-trace-head">{head}</p>
            <ol class="mesh-trace-list">{items}</ol>
            {t.truncated.then_some(view! { <p class="mesh-hint">"Trace quá dài: chỉ giữ các bước đầu."</p> })}
        }
        .into_any()
    };
    view! {
        <section class="mesh-box mesh-trace" aria-labelledby="mesh-trace-title">
            <h4 id="mesh-trace-title">"Trace của một request"</h4>
            <div class="mesh-buttons">
                <button type="button" class="mesh-button mesh-trace-next" on:click=move |_| lab.trace_next()>
                    "Theo dõi request kế tiếp"
                </button>
            </div>
            <div class="mesh-trace-scroll" tabindex="0">{body}</div>
        </section>
    }
}
