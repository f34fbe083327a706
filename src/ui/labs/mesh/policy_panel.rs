//! The policy panel: Istio's fields with the lesson's values as defaults. A change is applied
//! when the field is left (or Enter pressed); an invalid value shows the engine's Vietnamese
//! message, is not applied, and stays in the field so it can be corrected.

use leptos::prelude::*;

use super::faults::ErrorAt;
use super::params::{
    optional_duration_text, parse_count, parse_optional_count, parse_optional_duration, MTLS_MODES,
};
use super::state::{Lab, Place};
use crate::sim::mesh::yaml::{format_duration, parse_duration};
use crate::sim::mesh::{LbPolicy, Policy, RetryCondition};

type Edit = fn(&mut Policy, &str) -> Result<(), String>;

fn vi<T>(r: Result<T, crate::sim::mesh::PolicyError>) -> Result<T, String> {
    r.map_err(|e| e.message_vi())
}

/// Applies `edit` with `text` to the policy in force; shows the message on refusal.
fn apply(lab: Lab, edit: Edit, text: &str) {
    let mut next = lab.params.get_untracked().policy;
    match edit(&mut next, text) {
        Ok(()) => {
            lab.set_policy(next);
        }
        Err(m) => lab.fail(Place::Policy, m),
    }
}

/// A text field bound to one policy value.
#[component]
fn Field(
    lab: Lab,
    label: &'static str,
    id: &'static str,
    value: fn(&Policy) -> String,
    edit: Edit,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    view! {
        <div class="mesh-field mesh-policy-field">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                inputmode=if numeric { "numeric" } else { "text" }
                autocomplete="off"
                spellcheck="false"
                prop:value=move || lab.params.with(|p| value(&p.policy))
                on:change=move |ev| apply(lab, edit, &event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="mesh-hint">{h}</p> })}
        </div>
    }
}

/// The policy panel.
#[component]
pub fn PolicyPanel(lab: Lab) -> impl IntoView {
    let policy = move || lab.params.with(|p| p.policy.clone());
    let retry_on_boxes = RetryCondition::ALL
        .into_iter()
        .map(|c| {
            view! {
                <label class="mesh-check">
                    <input
                        type="checkbox"
                        prop:checked=move || policy().retries.retry_on.contains(c)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut next = lab.params.get_untracked().policy;
                            let set = next.retries.retry_on;
                            next.retries.retry_on = if on { set.with(c) } else { set.without(c) };
                            lab.set_policy(next);
                        }
                    />
                    <code>{c.as_str()}</code>
                </label>
            }
        })
        .collect_view();
    let canary = move || policy().canary_v2_percent;
    view! {
        <fieldset class="mesh-box mesh-policy">
            <legend>"Chính sách (Istio)"</legend>
            <p class="mesh-hint">
                "Giá trị mặc định là của bài học. Sửa một ô rồi rời ô (hoặc Enter) để áp dụng; giá trị sai bị từ chối và không được áp dụng."
            </p>
            <ErrorAt lab place=Place::Policy/>
            <div class="mesh-policy-groups">
                <fieldset class="mesh-group">
                    <legend>"VirtualService: retries, timeout"</legend>
                    <Field lab label="retries.attempts (số lần retry)" id="mesh-attempts" numeric=true
                        value=|p| p.retries.attempts.to_string()
                        edit=|p, t| {
                            p.retries.attempts = parse_count(t, "attempts")?;
                            vi(p.validate())
                        }
                        hint="Số lần thử tối đa = 1 + attempts."
                    />
                    <Field lab label="retries.perTryTimeout" id="mesh-per-try"
                        value=|p| optional_duration_text(p.retries.per_try_timeout_ms)
                        edit=|p, t| {
                            p.retries.per_try_timeout_ms = vi(parse_optional_duration(t))?;
                            vi(p.validate())
                        }
                        hint="Ví dụ 2s, 250ms; bỏ trống: chỉ giới hạn bởi timeout."
                    />
                    <fieldset class="mesh-group mesh-retry-on">
                        <legend>"retries.retryOn"</legend>
                        {retry_on_boxes}
                    </fieldset>
                    <Field lab label="timeout (cho cả request, mọi lần thử)" id="mesh-timeout"
                        value=|p| optional_duration_text(p.timeout_ms)
                        edit=|p, t| {
                            p.timeout_ms = vi(parse_optional_duration(t))?;
                            vi(p.validate())
                        }
                        hint="Bỏ trống để tắt (mặc định của Istio)."
                    />
                    <div class="mesh-field">
                        <label class="mesh-check">
                            <input
                                type="checkbox"
                                class="mesh-canary-on"
                                prop:checked=move || canary().is_some()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mut next = lab.params.get_untracked().policy;
                                    next.canary_v2_percent = on.then_some(10);
                                    lab.set_policy(next);
                                }
                            />
                            "Canary: chia traffic payment-service giữa v1 và v2"
                        </label>
                        {move || canary().map(|w| view! {
                            <div class="mesh-field-head">
                                <label for="mesh-canary">"Trọng số v2"</label>
                                <output for="mesh-canary">{format!("v1 {}% · v2 {w}%", 100 - w.min(100))}</output>
                            </div>
                            <input
                                type="range"
                                id="mesh-canary"
                                min="0"
                                max="100"
                                step="5"
                                prop:value=w.to_string()
                                aria-valuetext=format!("v1 {}%, v2 {w}%", 100 - w.min(100))
                                on:change=move |ev| {
                                    if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                        let mut next = lab.params.get_untracked().policy;
                                        next.canary_v2_percent = Some(v);
                                        lab.set_policy(next);
                                    }
                                }
                            />
                        })}
                    </div>
                </fieldset>
                <fieldset class="mesh-group">
                    <legend>"DestinationRule: outlierDetection"</legend>
                    <Field lab label="consecutive5xxErrors" id="mesh-c5xx" numeric=true
                        value=|p| p.outlier.consecutive_5xx_errors.to_string()
                        edit=|p, t| {
                            p.outlier.consecutive_5xx_errors = parse_count(t, "consecutive5xxErrors")?;
                            vi(p.validate())
                        }
                        hint="0 tắt outlier detection."
                    />
                    <Field lab label="interval" id="mesh-interval"
                        value=|p| format_duration(p.outlier.interval_ms)
                        edit=|p, t| {
                            p.outlier.interval_ms = vi(parse_duration(t))?;
                            vi(p.validate())
                        }
                    />
                    <Field lab label="baseEjectionTime" id="mesh-base-ejection"
                        value=|p| format_duration(p.outlier.base_ejection_time_ms)
                        edit=|p, t| {
                            p.outlier.base_ejection_time_ms = vi(parse_duration(t))?;
                            vi(p.validate())
                        }
                        hint="Lần bị loại thứ k liên tiếp kéo dài k × baseEjectionTime (tối đa 300 giây)."
                    />
                    <Field lab label="maxEjectionPercent" id="mesh-max-ejection" numeric=true
                        value=|p| p.outlier.max_ejection_percent.to_string()
                        edit=|p, t| {
                            p.outlier.max_ejection_percent = parse_count(t, "maxEjectionPercent")?;
                            vi(p.validate())
                        }
                    />
                </fieldset>
                <fieldset class="mesh-group">
                    <legend>"DestinationRule: loadBalancer, connectionPool"</legend>
                    <div class="mesh-field">
                        <label for="mesh-lb">"loadBalancer.simple"</label>
                        <select
                            id="mesh-lb"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(lb) = LbPolicy::ALL.into_iter().find(|l| l.as_str() == v) {
                                    let mut next = lab.params.get_untracked().policy;
                                    next.load_balancer = lb;
                                    lab.set_policy(next);
                                }
                            }
                        >
                            {LbPolicy::ALL.into_iter().map(|l| view! {
                                <option value=l.as_str() selected=move || policy().load_balancer == l>{l.as_str()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field lab label="http.http2MaxRequests" id="mesh-h2" numeric=true
                        value=|p| p.pool.http2_max_requests.to_string()
                        edit=|p, t| {
                            p.pool.http2_max_requests = parse_count(t, "http2MaxRequests")?;
                            vi(p.validate())
                        }
                    />
                    <Field lab label="http.http1MaxPendingRequests" id="mesh-h1" numeric=true
                        value=|p| p.pool.http1_max_pending_requests.to_string()
                        edit=|p, t| {
                            p.pool.http1_max_pending_requests = parse_count(t, "http1MaxPendingRequests")?;
                            vi(p.validate())
                        }
                    />
                    <Field lab label="tcp.maxConnections" id="mesh-tcp" numeric=true
                        value=|p| p.pool.max_connections.to_string()
                        edit=|p, t| {
                            p.pool.max_connections = parse_count(t, "maxConnections")?;
                            vi(p.validate())
                        }
                    />
                    <Field lab label="http.maxRetries (retry đồng thời)" id="mesh-max-retries" numeric=true
                        value=|p| p.pool.max_retries.map_or(String::new(), |v| v.to_string())
                        edit=|p, t| {
                            p.pool.max_retries = parse_optional_count(t, "maxRetries")?;
                            vi(p.validate())
                        }
                        hint="Bỏ trống: không giới hạn (mặc định của Istio)."
                    />
                </fieldset>
                <fieldset class="mesh-group">
                    <legend>"PeerAuthentication: mTLS"</legend>
                    <div class="mesh-field">
                        <label for="mesh-mtls">"mtls.mode"</label>
                        <select
                            id="mesh-mtls"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(m) = MTLS_MODES.into_iter().find(|m| m.as_str() == v) {
                                    let mut next = lab.params.get_untracked().policy;
                                    next.mtls = m;
                                    lab.set_policy(next);
                                }
                            }
                        >
                            {MTLS_MODES.into_iter().map(|m| view! {
                                <option value=m.as_str() selected=move || policy().mtls == m>{m.as_str()}</option>
                            }).collect_view()}
                        </select>
                        <p class="mesh-hint">"STRICT từ chối client plaintext; PERMISSIVE nhận cả hai (dùng khi chuyển đổi)."</p>
                    </div>
                </fieldset>
            </div>
            <div class="mesh-buttons">
                <button type="button" class="mesh-button" on:click=move |_| {
                    lab.set_policy(Policy::default());
                }>
                    "Về giá trị của bài học"
                </button>
            </div>
        </fieldset>
    }
}
