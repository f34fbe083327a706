//! Istio: the control plane (istiod) reads the mesh's configuration resources, turns them
//! into Envoy configuration and certificates, and pushes both to every proxy of the data
//! plane (the ingress gateway and the sidecar of each pod). Requests travel only through the
//! data plane: gateway → sidecar of A → service A → sidecar of A → sidecar of B (mTLS) → B.

use leptos::prelude::*;

use super::frame;
use super::parts::{
    label, label_tone, lock, mono, node, panel, sub, title, Anchor, Flow, Pen, Rect, Tone,
};

const HEIGHT: f32 = 706.0;

/// Left edge of the proxies' column, and where the configuration line runs.
const PROXY_X: f32 = 284.0;
const PROXY_W: f32 = 176.0;
const PUSH_X: f32 = 494.0;

pub fn view() -> AnyView {
    let pen = Pen::new("istio");
    let control = Rect::new(8.0, 8.0, 504.0, 196.0);
    let config = Rect::new(20.0, 48.0, 204.0, 140.0);
    let istiod = Rect::new(262.0, 48.0, 236.0, 140.0);
    let data = Rect::new(8.0, 240.0, 504.0, 458.0);
    let user = Rect::new(24.0, 284.0, 160.0, 56.0);
    let gateway = Rect::new(PROXY_X, 280.0, PROXY_W, 64.0);
    let pod_top = |i: usize| 382.0 + i as f32 * 104.0;
    let pods = ["A", "B", "C"]
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let y = pod_top(i);
            let pod = Rect::new(20.0, y, 452.0, 84.0);
            let service = Rect::new(36.0, y + 12.0, 180.0, 60.0);
            let proxy = Rect::new(PROXY_X, y + 12.0, PROXY_W, 60.0);
            view! {
                <rect class="d-pod" x=pod.x y=pod.y width=pod.w height=pod.h rx="12"/>
                {node(service, Tone::Neutral, vec![title(format!("Service {name}")), sub(format!("pod {name}"))])}
                {node(proxy, Tone::Secure, vec![title("Envoy"), sub("sidecar")])}
                {pen.both(&[(service.right(), proxy.cy()), (proxy.x, proxy.cy())], Tone::Neutral, Flow::Sync)}
                {pen.arrow(&[(PUSH_X, proxy.cy()), (proxy.right(), proxy.cy())], Tone::Event, Flow::Async)}
            }
        })
        .collect_view();
    let hop = |from_bottom: f32, to_top: f32| {
        let mid = (from_bottom + to_top) / 2.0;
        let x = PROXY_X + PROXY_W / 2.0;
        view! {
            {pen.arrow(&[(x, from_bottom), (x, to_top)], Tone::Secure, Flow::Sync)}
            {lock(x + 20.0, mid - 1.0, Tone::Secure)}
            {label_tone(x + 34.0, mid, Anchor::Start, Tone::Secure, "mTLS")}
        }
    };

    let body = view! {
        {panel(control, Tone::Event, Anchor::Start, "CONTROL PLANE")}
        {node(config, Tone::Neutral, vec![
            title("Cấu hình YAML"),
            mono("VirtualService"),
            mono("DestinationRule"),
            mono("PeerAuthentication"),
        ])}
        {pen.arrow(&[(config.right(), 118.0), (istiod.x, 118.0)], Tone::Event, Flow::Sync)}
        {node(istiod, Tone::Event, vec![
            title("istiod"),
            sub("cấu hình cho Envoy"),
            sub("chứng chỉ mTLS"),
            sub("service discovery"),
        ])}
        {panel(data, Tone::Secure, Anchor::Start, "DATA PLANE")}
        <path class="d-arrow d-async t-event" d=format!("M{PUSH_X},{} V{}", istiod.bottom(), pod_top(2) + 42.0)/>
        {label_tone(PUSH_X - 10.0, 222.0, Anchor::End, Tone::Event, "đẩy cấu hình + chứng chỉ")}
        {pen.arrow(&[(PUSH_X, gateway.cy()), (gateway.right(), gateway.cy())], Tone::Event, Flow::Async)}
        {node(user, Tone::Neutral, vec![title("Người dùng")])}
        {pen.arrow(&[(user.right(), 312.0), (gateway.x, 312.0)], Tone::Neutral, Flow::Sync)}
        {label((user.right() + gateway.x) / 2.0, 296.0, Anchor::Middle, "request")}
        {node(gateway, Tone::Secure, vec![title("Ingress gateway"), sub("Envoy")])}
        {pods}
        {hop(gateway.bottom(), pod_top(0) + 12.0)}
        {hop(pod_top(0) + 72.0, pod_top(1) + 12.0)}
    };
    frame(
        "istio",
        "Kiến trúc Istio: control plane và data plane",
        HEIGHT,
        body,
    )
}
