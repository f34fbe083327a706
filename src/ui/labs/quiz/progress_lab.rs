//! The progress lab (home page): scores per chapter and overall, the state of the scenario, the
//! five questions and the reflections, a link to the quiz, export and import (file or code),
//! reset with confirmation, and the unreadable data set aside earlier.

use leptos::prelude::*;

use super::store::{backups, delete_backup, score, Notice, NoticeView, Store};
use crate::content::chapters::chapters;
use crate::content::quiz::progress::{import, Progress, MAX_BYTES};
use crate::content::quiz::{bank, chapter_label, Bank, Tally};
use crate::sim::format::{decimal, group_digits};
use crate::ui::paths;
use crate::ui::widgets::files::{copy, download, read_text};

/// The progress lab.
#[component]
pub fn ProgressLab() -> impl IntoView {
    let bank = match bank() {
        Ok(b) => b,
        Err(e) => return super::broken_bank(e),
    };
    let store = Store::open();
    view! {
        <div class="quiz progress-lab">
            <NoticeView store=store/>
            <Overview bank=bank store=store/>
            <Transfer bank=bank store=store/>
            <Backups/>
        </div>
    }
    .into_any()
}

/// `2 · CQRS`: the table's column already says "Chương".
fn short_label(slug: &str) -> String {
    chapter_label(slug)
        .strip_prefix("Chương ")
        .map_or_else(|| chapter_label(slug), str::to_string)
}

fn bar(t: Tally) -> impl IntoView {
    let label = format!("{} trên {} câu đúng", t.correct, t.total);
    view! {
        <progress class="progress-bar" max=t.total.max(1).to_string() value=t.correct.to_string() aria-label=label></progress>
    }
}

#[component]
fn Overview(bank: &'static Bank, store: Store) -> impl IntoView {
    let scores = Memo::new(move |_| store.progress.with(|p| score(bank, p)));
    let base = paths::base();
    let rows = {
        let base = base.clone();
        move || {
            scores
                .get()
                .chapters
                .into_iter()
                .map(|(slug, t)| {
                    let href = paths::chapter(&base, &slug);
                    view! {
                        <tr>
                            <th scope="row"><a href=href>{short_label(&slug)}</a></th>
                            <td>{format!("{}/{}", t.correct, t.total)}</td>
                            <td>{format!("{}/{}", t.answered, t.total)}</td>
                            <td>
                                <span class="progress-cell">
                                    {bar(t)}
                                    <span>{format!("{} %", decimal(t.percent(), 0))}</span>
                                </span>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    let overall = move || {
        let o = scores.get().overall;
        view! {
            <p class="progress-overall">
                <strong>{format!("Tổng: {}/{} câu đúng ({} %)", o.correct, o.total, decimal(o.percent(), 0))}</strong>
                {format!(" · đã làm {}/{}", o.answered, o.total)}
            </p>
            {bar(o)}
        }
    };
    let extras = move || {
        store.progress.with(|p| {
            let scenario = match &p.scenario {
                Some(s) if s.committed => match s.choice.as_deref() {
                    Some(c) if bank.scenario_correct(c) => format!("đã chọn {c}, một đáp án tối ưu"),
                    Some(c) => format!("đã chọn {c}, chưa phải đáp án tối ưu"),
                    None => "chưa chọn".to_string(),
                },
                _ => "chưa chốt lựa chọn".to_string(),
            };
            let five = bank.checklist.items.len();
            let checked = bank
                .checklist
                .items
                .iter()
                .filter(|i| p.checklist.contains_key(&i.id))
                .count();
            let written = bank
                .reflections
                .iter()
                .filter(|r| p.reflections.get(&r.id).is_some_and(|a| !a.text.trim().is_empty()))
                .count();
            view! {
                <ul class="progress-extras">
                    <li>{format!("Tình huống e-commerce: {scenario}.")}</li>
                    <li>{format!("Năm câu hỏi trước khi áp dụng: đã trả lời {checked}/{five}.")}</li>
                    <li>{format!("Câu hỏi suy ngẫm: đã viết {written}/{}.", bank.reflections.len())}</li>
                </ul>
            }
        })
    };
    let quiz = format!("{}#cau-hoi", paths::chapter(&base, "quiz"));
    let nothing = move || store.progress.with(Progress::is_empty);
    view! {
        <section class="progress-part" aria-labelledby="progress-scores-title">
            <h4 id="progress-scores-title">"Điểm theo chương"</h4>
            {move || nothing().then(|| view! {
                <p class="quiz-hint">"Bạn chưa làm câu nào. Mỗi chương có vài câu hỏi ôn tập ở chương 10."</p>
            })}
            {overall}
            <div class="table-wrap" tabindex="0">
                <table class="progress-table">
                    <caption class="visually-hidden">"Số câu đúng và đã làm của từng chương"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Chương"</th>
                            <th scope="col">"Đúng"</th>
                            <th scope="col">"Đã làm"</th>
                            <th scope="col">"Tỉ lệ đúng"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {extras}
            <p><a class="button" href=quiz>"Làm bài tình huống và ôn tập (chương 10) →"</a></p>
            <p class="quiz-hint">{format!("{} chương, điểm tính cả tình huống ở chương 10.", chapters().len())}</p>
        </section>
    }
}

fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:02}-{:02}-{}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year()
    )
}

#[component]
fn Transfer(bank: &'static Bank, store: Store) -> impl IntoView {
    let msg = RwSignal::new(None::<Notice>);
    let say = move |good: bool, text: String| {
        msg.try_set(Some(Notice { good, text }));
    };
    let code = RwSignal::new(None::<String>);
    let pasted = RwSignal::new(String::new());
    // An import read and checked, waiting for the student's confirmation.
    let pending = RwSignal::new(None::<(String, Progress)>);
    let confirm_reset = RwSignal::new(false);

    let export = move |_| {
        let text = store.progress.with_untracked(Progress::to_json_pretty);
        let name = format!("tien-do-on-tap-{}.json", today());
        match download(&name, &text) {
            Ok(()) => say(
                true,
                format!(
                    "Đã tạo tệp “{name}” ({} byte) ngay trên máy bạn.",
                    group_digits(text.len() as i64)
                ),
            ),
            Err(_) => say(
                false,
                "Trình duyệt không cho tải tệp xuống; hãy dùng mã tiến độ.".into(),
            ),
        }
    };
    let make_code = move |_| {
        code.set(Some(store.progress.with_untracked(Progress::to_code)));
        msg.set(None);
    };
    let copy_code = move |_| {
        if let Some(c) = code.get_untracked() {
            copy(&c, move |ok| {
                if ok {
                    say(true, "Đã sao chép mã tiến độ.".into());
                } else {
                    say(false, "Trình duyệt không cho sao chép tự động: hãy chọn ô mã rồi sao chép (Ctrl+C).".into());
                }
            });
        }
    };
    let accept = move |source: String, text: &str| match import(text) {
        Ok(p) => {
            pending.set(Some((source, p)));
            msg.set(None);
        }
        Err(e) => {
            pending.set(None);
            say(
                false,
                format!(
                    "Không nhập được {source}: {} Tiến độ hiện tại giữ nguyên.",
                    e.message_vi()
                ),
            );
        }
    };
    let from_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        if file.size() > MAX_BYTES as f64 {
            say(false, format!(
                "Không nhập được tệp “{name}”: tệp quá lớn ({} byte, tối đa {} byte). Tiến độ hiện tại giữ nguyên.",
                group_digits(file.size() as i64),
                group_digits(MAX_BYTES as i64)
            ));
            return;
        }
        read_text(&file, move |r| {
            if msg.is_disposed() {
                return;
            }
            match r {
                Ok(text) => accept(format!("tệp “{name}”"), &text),
                Err(why) => say(
                    false,
                    format!("Không nhập được tệp “{name}”: {why}. Tiến độ hiện tại giữ nguyên."),
                ),
            }
        });
    };
    let from_code = move |_| accept("mã đã dán".to_string(), &pasted.get_untracked());
    let apply = move |_| {
        if let Some((source, p)) = pending.get_untracked() {
            store.replace(p);
            pending.set(None);
            pasted.set(String::new());
            say(true, format!("Đã nhập tiến độ từ {source}."));
        }
    };
    let reset = move |_| {
        store.reset();
        confirm_reset.set(false);
        code.set(None);
        say(true, "Đã xoá toàn bộ tiến độ trên trình duyệt này.".into());
    };
    let reset_button = NodeRef::<leptos::html::Button>::new();

    let pending_view = move || {
        pending.get().map(|(source, p)| {
            let now = store.progress.with_untracked(|c| c.summary_vi(Some(bank)));
            view! {
                <div class="quiz-confirm" role="group" aria-label="Xác nhận nhập tiến độ">
                    <p><strong>{format!("Đọc được {source}: ")}</strong>{p.summary_vi(Some(bank))}</p>
                    <p>{format!("Nhập sẽ thay toàn bộ tiến độ hiện tại ({now})")}</p>
                    <div class="quiz-actions">
                        <button type="button" class="quiz-button quiz-primary" on:click=apply>"Thay tiến độ hiện tại"</button>
                        <button type="button" class="quiz-button" on:click=move |_| pending.set(None)>"Huỷ"</button>
                    </div>
                </div>
            }
        })
    };
    let code_view = move || {
        code.get().map(|c| {
            view! {
                <label class="quiz-field" for="progress-code-out">"Mã tiến độ của bạn (dán vào ô nhập trên máy khác)"</label>
                <textarea id="progress-code-out" class="quiz-textarea quiz-code" rows="3" readonly=true
                    prop:value=c
                    on:focus=move |ev| {
                        let t: web_sys::HtmlTextAreaElement = event_target(&ev);
                        t.select();
                    }
                ></textarea>
                <div class="quiz-actions">
                    <button type="button" class="quiz-button" on:click=copy_code>"Sao chép mã"</button>
                </div>
            }
        })
    };
    let reset_view = move || {
        if confirm_reset.get() {
            request_animation_frame(move || {
                if let Some(b) = reset_button.get_untracked() {
                    let _ = b.focus();
                }
            });
            view! {
                <div class="quiz-confirm is-danger" role="group" aria-label="Xác nhận xoá tiến độ">
                    <p>"Xoá hết câu trả lời, điểm và bài suy ngẫm trên trình duyệt này? Không hoàn tác được; nên tải tệp tiến độ về trước."</p>
                    <div class="quiz-actions">
                        <button type="button" class="quiz-button quiz-danger" node_ref=reset_button on:click=reset>"Xoá hẳn"</button>
                        <button type="button" class="quiz-button" on:click=move |_| confirm_reset.set(false)>"Huỷ"</button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="quiz-actions">
                    <button type="button" class="quiz-button" on:click=move |_| confirm_reset.set(true)>"Xoá toàn bộ tiến độ…"</button>
                </div>
            }
            .into_any()
        }
    };

    view! {
        <section class="progress-part" aria-labelledby="progress-transfer-title">
            <h4 id="progress-transfer-title">"Sao lưu, chuyển máy, làm lại từ đầu"</h4>
            <div class="quiz-actions">
                <button type="button" class="quiz-button" on:click=export>"Tải tệp tiến độ (JSON)"</button>
                <button type="button" class="quiz-button" on:click=make_code>"Tạo mã tiến độ"</button>
                <label class="quiz-button quiz-file">
                    <input type="file" class="quiz-file-input" accept=".json,application/json,text/plain" on:change=from_file/>
                    <span>"Nhập từ tệp…"</span>
                </label>
            </div>
            {code_view}
            <label class="quiz-field" for="progress-code-in">"Hoặc dán mã tiến độ (hay nội dung tệp JSON) vào đây"</label>
            <textarea id="progress-code-in" class="quiz-textarea quiz-code" rows="2"
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
            <div class="quiz-actions">
                <button type="button" class="quiz-button" on:click=from_code>"Nhập từ mã"</button>
            </div>
            {pending_view}
            {reset_view}
            <p class="quiz-message" role="status" aria-live="polite"
                class:is-good=move || msg.with(|m| m.as_ref().is_some_and(|m| m.good))
                class:is-bad=move || msg.with(|m| m.as_ref().is_some_and(|m| !m.good))
            >{move || msg.get().map(|m| m.text)}</p>
            <p class="quiz-hint">"Tệp và mã chỉ chứa tiến độ của bạn; mọi thứ được xử lý ngay trong trình duyệt, không gửi đi đâu."</p>
        </section>
    }
}

/// Unreadable saved data set aside earlier: download or delete it.
#[component]
fn Backups() -> impl IntoView {
    let list = RwSignal::new(backups());
    let confirm = RwSignal::new(None::<String>);
    move || {
        let items = list.get();
        (!items.is_empty()).then(|| {
            let rows = items
                .into_iter()
                .map(|(key, raw)| {
                    let (k1, k2, k3) = (key.clone(), key.clone(), key.clone());
                    let size = group_digits(raw.len() as i64);
                    let asking = move || confirm.with(|c| c.as_deref() == Some(k3.as_str()));
                    view! {
                        <li>
                            <p>{format!("Khoá “{key}”: {size} byte")}</p>
                            <div class="quiz-actions">
                                <button type="button" class="quiz-button"
                                    on:click=move |_| { let _ = download(&format!("{k1}.txt"), &raw); }>
                                    "Tải về"
                                </button>
                                {move || if asking() {
                                    let k = k2.clone();
                                    view! {
                                        <button type="button" class="quiz-button quiz-danger" on:click=move |_| {
                                            delete_backup(&k);
                                            confirm.set(None);
                                            list.set(backups());
                                        }>"Xoá hẳn bản này"</button>
                                        <button type="button" class="quiz-button" on:click=move |_| confirm.set(None)>"Huỷ"</button>
                                    }.into_any()
                                } else {
                                    let k = k2.clone();
                                    view! {
                                        <button type="button" class="quiz-button" on:click=move |_| confirm.set(Some(k.clone()))>"Xoá…"</button>
                                    }.into_any()
                                }}
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="progress-part" aria-labelledby="progress-backups-title">
                    <h4 id="progress-backups-title">"Dữ liệu cũ không đọc được, đã được cất riêng"</h4>
                    <p class="quiz-hint">"Ứng dụng không tự xoá chúng. Tải về để xem hay gửi cho người hỗ trợ; xoá khi không cần nữa."</p>
                    <ul class="progress-backups">{rows}</ul>
                </section>
            }
        })
    }
}
