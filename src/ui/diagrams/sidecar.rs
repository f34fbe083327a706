//! The sidecar pattern: a pod holds the application container (business logic only, on
//! localhost:8080) and an Envoy sidecar proxy that does mTLS, retries, circuit breaking, load
//! balancing, metrics and tracing. They talk over localhost:15001; every byte that enters or
//! leaves the pod goes through the sidecar, so two pods talk sidecar to sidecar, over mTLS.

use leptos::prelude::*;

use super::frame;
use super::parts::{
    label, label_tone, lock, mono, node, panel, sub, title, Anchor, Flow, Pen, Rect, Tone,
};

const HEIGHT: f32 = 566.0;

pub fn view() -> AnyView {
    let pen = Pen::new("sidecar");
    let pod_a = Rect::new(8.0, 8.0, 504.0, 290.0);
    let app_a = Rect::new(24.0, 44.0, 200.0, 186.0);
    let logic = Rect::new(40.0, 100.0, 168.0, 70.0);
    let proxy_a = Rect::new(296.0, 44.0, 200.0, 186.0);
    let pod_b = Rect::new(8.0, 384.0, 504.0, 174.0);
    let app_b = Rect::new(24.0, 420.0, 200.0, 110.0);
    let proxy_b = Rect::new(296.0, 420.0, 200.0, 110.0);
    let link_x = proxy_a.cx();

    let body = view! {
        {panel(pod_a, Tone::Neutral, Anchor::Start, "POD A")}
        <g class="d-node t-neutral">
            <rect class="d-box" x=app_a.x y=app_a.y width=app_a.w height=app_a.h rx="10"/>
            <text class="d-title" x=app_a.cx() y=app_a.y + 20.0 text-anchor="middle" dominant-baseline="central">
                "Application"
            </text>
            <text class="d-title" x=app_a.cx() y=app_a.y + 42.0 text-anchor="middle" dominant-baseline="central">
                "container"
            </text>
            <text class="d-mono" x=app_a.cx() y=app_a.bottom() - 28.0 text-anchor="middle" dominant-baseline="central">
                "localhost:8080"
            </text>
        </g>
        {node(logic, Tone::Write, vec![title("Business logic"), sub("chỉ nghiệp vụ")])}
        {node(proxy_a, Tone::Secure, vec![
            title("Sidecar proxy"),
            mono("Envoy"),
            sub("mTLS, retry"),
            sub("circuit breaking"),
            sub("load balancing"),
            sub("metrics, tracing"),
        ])}
        {pen.arrow(&[(app_a.right(), 118.0), (proxy_a.x, 118.0)], Tone::Neutral, Flow::Sync)}
        {label(260.0, 100.0, Anchor::Middle, "ra")}
        {pen.arrow(&[(proxy_a.x, 158.0), (app_a.right(), 158.0)], Tone::Neutral, Flow::Sync)}
        {label(260.0, 176.0, Anchor::Middle, "vào")}
        <line class="d-leader" x1="260" y1="190" x2="260" y2="250"/>
        <text class="d-mono" x="260" y="264" text-anchor="middle" dominant-baseline="central">
            "localhost:15001"
        </text>
        {pen.both(&[(link_x, proxy_a.bottom()), (link_x, proxy_b.y)], Tone::Secure, Flow::Sync)}
        {lock(link_x + 22.0, 340.0, Tone::Secure)}
        {label_tone(link_x + 38.0, 341.0, Anchor::Start, Tone::Secure, "mTLS")}
        {label(link_x - 16.0, 341.0, Anchor::End, "mọi traffic vào, ra đều qua sidecar")}
        {panel(pod_b, Tone::Neutral, Anchor::Start, "POD B")}
        {node(app_b, Tone::Write, vec![title("Service B"), sub("business logic")])}
        {node(proxy_b, Tone::Secure, vec![title("Sidecar proxy"), mono("Envoy")])}
        {pen.arrow(&[(proxy_b.x, 458.0), (app_b.right(), 458.0)], Tone::Neutral, Flow::Sync)}
        {pen.arrow(&[(app_b.right(), 492.0), (proxy_b.x, 492.0)], Tone::Neutral, Flow::Sync)}
    };
    frame(
        "sidecar",
        "Sidecar pattern: hai pod, mỗi pod một sidecar Envoy",
        HEIGHT,
        body,
    )
}
