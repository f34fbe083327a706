//! The graph of services and pods as inline SVG: health by colour (CSS classes over theme
//! tokens), ejected pods marked, a lock on every sidecar while mTLS is on, traffic as dots
//! moving along the edges (a CSS animation that stops when paused or under
//! `prefers-reduced-motion`; the rates are written on the edges either way). Each pod is a
//! focusable button that selects it for the fault panel.

use leptos::prelude::*;

use super::params::LEGACY_RATE;
use super::state::{faults_text_vi, Lab, LEGACY_TARGET};
use crate::sim::format::decimal;
use crate::sim::mesh::{MtlsMode, PodView};

const POD_W: f64 = 48.0;
const POD_H: f64 = 42.0;
const POD_GAP: f64 = 8.0;
const BOX_H: f64 = 92.0;

/// Where each service's box sits (top-left), by service index.
const BOXES: [(f64, f64); 5] = [
    (118.0, 150.0), // istio-ingressgateway
    (314.0, 150.0), // order-service
    (556.0, 18.0),  // user-service
    (556.0, 150.0), // payment-service
    (556.0, 282.0), // inventory-service
];
const USERS: (f64, f64) = (2.0, 176.0);
const LEGACY: (f64, f64) = (300.0, 300.0);
const VIEW_W: f64 = 740.0;
const VIEW_H: f64 = 392.0;

fn box_width(pods: usize) -> f64 {
    pods as f64 * (POD_W + POD_GAP) + POD_GAP
}

/// Health of a pod, as a CSS class.
pub fn health_class(p: &PodView) -> &'static str {
    let f = &p.faults;
    if f.crashed || f.sidecar_crashed {
        "mesh-pod-down"
    } else if f.error_rate > 0.0 {
        "mesh-pod-err"
    } else if f.added_latency_ms > 0 {
        "mesh-pod-slow"
    } else {
        "mesh-pod-ok"
    }
}

/// The accessible name of a pod button.
pub fn pod_label(p: &PodView, selected: bool) -> String {
    let mut s = format!("Pod {}: {}", p.name, faults_text_vi(&p.faults));
    if p.ejected_by > 0 {
        s.push_str(&format!(
            "; đang bị loại (ejected) bởi {} sidecar",
            p.ejected_by
        ));
    }
    s.push_str(&format!(
        "; đang xử lý {} request",
        crate::sim::format::group_digits(p.in_flight as i64)
    ));
    if selected {
        s.push_str(" (đang chọn)");
    }
    s
}

fn rate_label(r: f64) -> String {
    format!("{}/s", decimal(r, if r < 10.0 { 1 } else { 0 }))
}

#[component]
fn Edge(
    from: (f64, f64),
    to: (f64, f64),
    #[prop(into)] rate: Signal<f64>,
    #[prop(into)] class: Signal<&'static str>,
) -> impl IntoView {
    let mid = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0 - 6.0);
    // Faster dots for more traffic: 2.4 s for a trickle down to 0,6 s for a flood.
    let duration = move || {
        let r = rate.get();
        let d = 2.4 - (r.max(1.0).log10() * 0.45);
        format!(
            "animation-duration: {}s",
            (d.clamp(0.6, 2.4) * 100.0).round() / 100.0
        )
    };
    view! {
        <g class=move || format!("mesh-edge-group {}", class.get())>
            <line class="mesh-edge" x1=from.0 y1=from.1 x2=to.0 y2=to.1></line>
            <line
                class=move || { if rate.get() > 0.0 { "mesh-flow" } else { "mesh-flow mesh-flow-idle" } }
                style=duration
                x1=from.0 y1=from.1 x2=to.0 y2=to.1
            ></line>
            <text class="mesh-edge-label" x=mid.0 y=mid.1 text-anchor="middle">
                {move || rate_label(rate.get())}
            </text>
        </g>
    }
}

#[component]
fn Lock(x: f64, y: f64, #[prop(into)] mode: Signal<Option<MtlsMode>>) -> impl IntoView {
    view! {
        <g
            class=move || {
                match mode.get() {
                    Some(MtlsMode::Strict) => "mesh-lock mesh-lock-strict",
                    Some(_) => "mesh-lock mesh-lock-permissive",
                    None => "mesh-lock mesh-hidden",
                }
            }
            transform=format!("translate({x} {y})")
            aria-hidden="true"
        >
            <path class="mesh-lock-shackle" d="M2.5 5 V3.2 a2.5 2.5 0 0 1 5 0 V5"></path>
            <rect class="mesh-lock-body" x="1" y="5" width="8" height="6" rx="1"></rect>
        </g>
    }
}

#[component]
fn Pod(lab: Lab, index: usize, x: f64, y: f64) -> impl IntoView {
    let pod = Memo::new(move |_| lab.snapshot.with(|s| s.pods.get(index).cloned()));
    let selected = move || lab.selected.get() == index;
    let mtls = Memo::new(move |_| {
        let m = lab.snapshot.with(|s| s.policy.mtls);
        (m != MtlsMode::Disable).then_some(m)
    });
    let class = move || {
        let Some(p) = pod.get() else {
            return "mesh-pod".to_string();
        };
        format!(
            "mesh-pod {}{}{}{}",
            health_class(&p),
            if p.ejected_by > 0 {
                " mesh-pod-ejected"
            } else {
                ""
            },
            if p.faults.sidecar_crashed {
                " mesh-sidecar-down"
            } else {
                ""
            },
            if selected() { " mesh-pod-selected" } else { "" }
        )
    };
    let label = move || {
        pod.get()
            .map(|p| pod_label(&p, selected()))
            .unwrap_or_default()
    };
    let short = move || {
        pod.get()
            .map(|p| {
                let n = p.name.rsplit('-').next().unwrap_or("").to_string();
                if p.version == 2 {
                    format!("v2·{n}")
                } else {
                    format!("#{n}")
                }
            })
            .unwrap_or_default()
    };
    let mark = move || {
        pod.get().map(|p| {
            if p.ejected_by > 0 {
                "bị loại"
            } else if p.faults.crashed {
                "sập"
            } else if p.faults.sidecar_crashed {
                "sidecar ✕"
            } else if p.faults.error_rate > 0.0 {
                "503"
            } else if p.faults.added_latency_ms > 0 {
                "chậm"
            } else {
                ""
            }
        })
    };
    let pick = move || {
        lab.selected.set(index);
    };
    view! {
        <g
            class=class
            role="button"
            tabindex="0"
            aria-label=label
            aria-pressed=move || selected().to_string()
            data-pod=index
            on:click=move |_| pick()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let k = ev.key();
                if k == "Enter" || k == " " {
                    ev.prevent_default();
                    pick();
                }
            }
        >
            <title>{label}</title>
            <rect class="mesh-pod-body" x=x y=y width=POD_W height=POD_H rx="6"></rect>
            <rect class="mesh-sidecar" x=x + POD_W - 14.0 y=y - 5.0 width="16" height="14" rx="3"></rect>
            <Lock x=x + POD_W - 11.0 y=y - 4.0 mode=mtls/>
            <text class="mesh-pod-name" x=x + POD_W / 2.0 y=y + 18.0 text-anchor="middle">{short}</text>
            <text class="mesh-pod-mark" x=x + POD_W / 2.0 y=y + 34.0 text-anchor="middle">{mark}</text>
        </g>
    }
}

/// The graph, with its legend.
#[component]
pub fn Graph(lab: Lab) -> impl IntoView {
    let topo = crate::sim::mesh::Topology::shop();
    let mut first = 0usize;
    let mut service_views = Vec::new();
    let mut anchors = Vec::new();
    for (si, s) in topo.services.iter().enumerate() {
        let (bx, by) = BOXES.get(si).copied().unwrap_or((0.0, 0.0));
        let w = box_width(s.pods.len());
        anchors.push(((bx, by + BOX_H / 2.0), (bx + w, by + BOX_H / 2.0)));
        let pods = (0..s.pods.len())
            .map(|k| {
                let x = bx + POD_GAP + k as f64 * (POD_W + POD_GAP);
                view! { <Pod lab index=first + k x y=by + 36.0/> }
            })
            .collect_view();
        first += s.pods.len();
        let name = s.name.clone();
        service_views.push(view! {
            <g class="mesh-service">
                <rect class="mesh-service-box" x=bx y=by width=w height=BOX_H rx="10"></rect>
                <text class="mesh-service-name" x=bx + 8.0 y=by + 18.0>{name}</text>
                {pods}
            </g>
        });
    }
    let rate_of = move |svc: usize| {
        Signal::derive(move || {
            lab.snapshot
                .with(|s| s.service_rates.get(svc).copied().unwrap_or(0.0))
        })
    };
    let mut edges = Vec::new();
    let users_rate = Signal::derive(move || lab.params.with(|p| p.rate));
    edges.push(view! {
        <Edge from=(USERS.0 + 84.0, USERS.1 + 20.0) to=anchors[0].0 rate=users_rate class=Signal::stored("")/>
    });
    for (si, s) in topo.services.iter().enumerate() {
        for &c in &s.calls {
            edges.push(view! {
                <Edge from=anchors[si].1 to=anchors[c].0 rate=rate_of(c) class=Signal::stored("")/>
            });
        }
    }
    let legacy_on = move || lab.params.with(|p| p.legacy);
    let legacy_class = Signal::derive(move || {
        if lab.snapshot.with(|s| s.policy.mtls == MtlsMode::Strict) {
            "mesh-edge-rejected"
        } else {
            "mesh-edge-plaintext"
        }
    });
    let legacy_to = anchors[LEGACY_TARGET.0].0;
    let legacy = move || {
        legacy_on().then(|| {
            view! {
                <g class="mesh-legacy">
                    <Edge
                        from=(LEGACY.0 + 150.0, LEGACY.1 + 22.0)
                        to=(legacy_to.0, legacy_to.1 + 30.0)
                        rate=Signal::stored(LEGACY_RATE)
                        class=legacy_class
                    />
                    <rect class="mesh-legacy-box" x=LEGACY.0 y=LEGACY.1 width="150" height="44" rx="8"></rect>
                    <text class="mesh-service-name" x=LEGACY.0 + 8.0 y=LEGACY.1 + 18.0>"client cũ (plaintext)"</text>
                    <text class="mesh-pod-mark" x=LEGACY.0 + 8.0 y=LEGACY.1 + 35.0>
                        {move || lab.snapshot.with(|s| {
                            let t = &s.mesh.totals;
                            format!(
                                "được phục vụ {} · bị từ chối {}",
                                crate::sim::format::group_digits(t.legacy_ok as i64),
                                crate::sim::format::group_digits(t.legacy_rejected as i64)
                            )
                        })}
                    </text>
                </g>
            }
        })
    };
    view! {
        <p class="mesh-hint mesh-graph-narrow">"Màn hình hẹp: kéo ngang sơ đồ để xem hết các service."</p>
        <div class="mesh-graph-scroll">
            <svg
                class=move || { if lab.playing.get() { "mesh-graph mesh-playing" } else { "mesh-graph" } }
                viewBox=format!("0 0 {VIEW_W} {VIEW_H}")
                role="group"
                aria-label="Sơ đồ service và pod của lượt có mesh: chọn một pod để tiêm lỗi"
            >
                <g class="mesh-edges">{edges}</g>
                <g class="mesh-users">
                    <rect class="mesh-service-box" x=USERS.0 y=USERS.1 width="84" height="40" rx="20"></rect>
                    <text class="mesh-service-name" x=USERS.0 + 42.0 y=USERS.1 + 25.0 text-anchor="middle">"người dùng"</text>
                </g>
                {service_views}
                {legacy}
            </svg>
        </div>
        <ul class="mesh-legend" aria-label="Chú giải sơ đồ">
            <li><span class="mesh-swatch mesh-pod-ok"></span>"khoẻ"</li>
            <li><span class="mesh-swatch mesh-pod-slow"></span>"chậm thêm"</li>
            <li><span class="mesh-swatch mesh-pod-err"></span>"trả 503"</li>
            <li><span class="mesh-swatch mesh-pod-down"></span>"pod hoặc sidecar sập"</li>
            <li><span class="mesh-swatch mesh-swatch-ejected"></span>"bị loại (ejected) bởi outlier detection"</li>
            <li><span class="mesh-swatch-lock" aria-hidden="true">"🔒"</span>"sidecar có mTLS (ổ khoá đặc: STRICT, rỗng: PERMISSIVE)"</li>
            <li>"số trên cạnh: lần thử mỗi giây vào service đó (retry tính cả)"</li>
        </ul>
    }
}
