//! The decision helper lab: the student describes a system, predicts the advice, then sees
//! the lesson's rules applied (`sim::decision`) with the reason behind each verdict.

use leptos::prelude::*;

use crate::sim::decision::{assess, summary_vi, Assessment, System, Verdict};

/// A whole number typed by the student, checked against a range.
fn parse_count(raw: &str, what: &str, max: u32) -> Result<u32, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        Ok(_) => Err(format!("{what} phải từ 1 đến {max}.")),
        Err(_) => Err(format!("{what} phải là một số nguyên, ví dụ 15.")),
    }
}

fn parse_ratio(raw: &str) -> Result<f64, String> {
    match raw.trim().replace(',', ".").parse::<f64>() {
        Ok(r) if r.is_finite() && (0.01..=100_000.0).contains(&r) => Ok(r),
        _ => Err("Tỉ lệ đọc/ghi phải là một số dương, ví dụ 20 (đọc gấp 20 lần ghi).".into()),
    }
}

/// The possible guesses, matched against the helper's answer.
const GUESSES: [&str; 5] = [
    "Giữ Simple CRUD",
    "CQRS",
    "Event Sourcing",
    "CQRS + Event Sourcing",
    "Service Mesh",
];

/// Whether a guess agrees with the helper: the named pattern fits, or CRUD when none does.
fn guess_matches(guess: &str, advice: &[Assessment]) -> bool {
    let fits: Vec<&str> = advice
        .iter()
        .filter(|a| a.verdict == Verdict::Fits)
        .map(|a| a.pattern.name())
        .collect();
    if guess == GUESSES[0] {
        fits.is_empty()
    } else {
        fits.contains(&guess)
    }
}

#[component]
fn NumberField(
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("dh-{}", label.len() * 31 + hint.len());
    let err_id = format!("{id}-err");
    let err_id2 = err_id.clone();
    view! {
        <div class="dh-field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=err_id2
            />
            <span class="dh-hint">{hint}</span>
            <span class="dh-error" id=err_id role="alert">{move || error.get()}</span>
        </div>
    }
}

#[component]
fn Check(label: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="dh-check">
            <input type="checkbox" prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))/>
            <span>{label}</span>
        </label>
    }
}

/// The decision helper.
#[component]
pub fn DecisionHelper() -> impl IntoView {
    let d = System::default();
    let team = RwSignal::new(d.team_size.to_string());
    let services = RwSignal::new(d.services.to_string());
    let ratio = RwSignal::new(crate::sim::format::decimal(d.read_write_ratio, 0));
    let complex = RwSignal::new(d.complex_queries);
    let strong = RwSignal::new(d.strong_consistency);
    let audit = RwSignal::new(d.audit_required);
    let travel = RwSignal::new(d.time_travel);
    let experience = RwSignal::new(d.event_driven_experience);
    let deadline = RwSignal::new(d.tight_deadline);
    let k8s = RwSignal::new(d.kubernetes);
    let platform = RwSignal::new(d.platform_team);
    let mtls = RwSignal::new(d.mtls_everywhere);
    let traffic = RwSignal::new(d.advanced_traffic);
    let latency = RwSignal::new(d.latency_critical);
    let guess = RwSignal::new(String::new());
    let revealed = RwSignal::new(false);

    let team_parsed = Memo::new(move |_| parse_count(&team.get(), "Quy mô đội", 10_000));
    let services_parsed = Memo::new(move |_| parse_count(&services.get(), "Số service", 10_000));
    let ratio_parsed = Memo::new(move |_| parse_ratio(&ratio.get()));
    let system = Memo::new(move |_| {
        Some(System {
            team_size: team_parsed.get().ok()?,
            services: services_parsed.get().ok()?,
            read_write_ratio: ratio_parsed.get().ok()?,
            complex_queries: complex.get(),
            strong_consistency: strong.get(),
            audit_required: audit.get(),
            time_travel: travel.get(),
            event_driven_experience: experience.get(),
            tight_deadline: deadline.get(),
            kubernetes: k8s.get(),
            platform_team: platform.get(),
            mtls_everywhere: mtls.get(),
            advanced_traffic: traffic.get(),
            latency_critical: latency.get(),
        })
    });
    let advice = Memo::new(move |_| system.get().map(|s| assess(&s)));

    let result = move || {
        let Some(advice) = advice.get() else {
            return view! {
                <p class="dh-waiting">"Sửa các ô báo lỗi ở trên để xem lời khuyên."</p>
            }
            .into_any();
        };
        if !revealed.get() {
            return view! {
                <p class="dh-waiting">"Chọn dự đoán của bạn rồi bấm “Xem lời khuyên”."</p>
            }
            .into_any();
        }
        let g = guess.get();
        let feedback = (!g.is_empty()).then(|| {
            if guess_matches(&g, &advice) {
                view! { <p class="dh-feedback good">"Bạn đoán đúng: “" {g} "” khớp với các quy tắc của bài học."</p> }.into_any()
            } else {
                view! { <p class="dh-feedback bad">"Dự đoán “" {g} "” khác lời khuyên. Đọc lý do bên dưới để xem quy tắc nào quyết định."</p> }.into_any()
            }
        });
        let cards = advice
            .iter()
            .map(|a| {
                let class = match a.verdict {
                    Verdict::Fits => "dh-card fits",
                    Verdict::Consider => "dh-card consider",
                    Verdict::Avoid => "dh-card avoid",
                };
                let reasons = a
                    .reasons
                    .iter()
                    .map(|r| {
                        let (class, icon, label) = if r.for_pattern {
                            ("dh-reason pro", "+", "Ủng hộ: ")
                        } else {
                            ("dh-reason con", "−", "Phản đối: ")
                        };
                        view! {
                            <li class=class>
                                <span class="dh-reason-icon" aria-hidden="true">{icon}</span>
                                <span class="visually-hidden">{label}</span>
                                <span>{r.text.clone()}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <article class=class>
                        <h4>{a.pattern.name()}</h4>
                        <p class="dh-verdict">{a.verdict.label_vi()}</p>
                        <ul>{reasons}</ul>
                    </article>
                }
            })
            .collect_view();
        view! {
            {feedback}
            <p class="dh-summary" aria-live="polite">{summary_vi(&advice)}</p>
            <div class="dh-cards">{cards}</div>
        }
        .into_any()
    };

    let guesses = GUESSES
        .iter()
        .map(|g| view! { <option value=*g>{*g}</option> })
        .collect_view();

    view! {
        <div class="decision-helper">
            <fieldset class="dh-group">
                <legend>"Hệ thống của bạn"</legend>
                <div class="dh-fields">
                    <NumberField label="Quy mô đội (người)" hint="Số lập trình viên" value=team
                        error=Signal::derive(move || team_parsed.get().err())/>
                    <NumberField label="Số service" hint="Số microservice đang chạy" value=services
                        error=Signal::derive(move || services_parsed.get().err())/>
                    <NumberField label="Tỉ lệ đọc/ghi" hint="Số lần đọc cho mỗi lần ghi" value=ratio
                        error=Signal::derive(move || ratio_parsed.get().err())/>
                </div>
                <div class="dh-checks">
                    <Check label="Cần full-text search hoặc aggregation" value=complex/>
                    <Check label="Bắt buộc strong consistency" value=strong/>
                    <Check label="Audit trail là bắt buộc" value=audit/>
                    <Check label="Cần time travel" value=travel/>
                    <Check label="Đội có kinh nghiệm event-driven" value=experience/>
                    <Check label="Deadline gấp" value=deadline/>
                    <Check label="Chạy trên Kubernetes" value=k8s/>
                    <Check label="Có đội platform/DevOps riêng" value=platform/>
                    <Check label="Cần mTLS giữa mọi service" value=mtls/>
                    <Check label="Cần canary hoặc A/B testing" value=traffic/>
                    <Check label="Nhạy độ trễ dưới 1 ms" value=latency/>
                </div>
            </fieldset>
            <div class="dh-predict">
                <label for="dh-guess">"Dự đoán của bạn: helper sẽ khuyên gì?"</label>
                <select id="dh-guess" prop:value=move || guess.get()
                    on:change=move |ev| guess.set(event_target_value(&ev))>
                    <option value="">"(chưa chọn)"</option>
                    {guesses}
                </select>
                <button type="button" class="button" on:click=move |_| revealed.set(true)>
                    "Xem lời khuyên"
                </button>
            </div>
            <div class="dh-result">{result}</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_numbers_get_vietnamese_messages() {
        assert!(parse_count("abc", "Quy mô đội", 100)
            .unwrap_err()
            .contains("số nguyên"));
        assert!(parse_count("0", "Quy mô đội", 100)
            .unwrap_err()
            .contains("từ 1"));
        assert_eq!(parse_count(" 15 ", "Quy mô đội", 100), Ok(15));
        assert_eq!(parse_ratio("2,5"), Ok(2.5));
        assert!(parse_ratio("-1").is_err());
    }

    #[test]
    fn crud_guess_matches_when_nothing_fits() {
        let advice = assess(&System::default());
        let none_fit = advice.iter().all(|a| a.verdict != Verdict::Fits);
        assert_eq!(guess_matches(GUESSES[0], &advice), none_fit);
    }
}
