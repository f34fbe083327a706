//! Keeping and sharing a log: a JSON file out (Blob and object URL, no network), a JSON file
//! in (checked by the engine's importer; a bad file changes nothing), a link that reopens the
//! same log and cursor, and the way back to the lesson's ACC-001.

use leptos::prelude::*;

use super::state::{only_stream, Lab, Mode, Tone};
use super::text::events_count;
use super::url_sync::{LogLink, Share};
use crate::sim::es::{export_json, import_json_bytes, EventLog, ImportError, MAX_INPUT_BYTES};
use crate::sim::format::group_digits;
use crate::ui::widgets::files::{download, on_settled};

/// A message of the card.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Note {
    good: bool,
    text: String,
}

/// The card "Lưu và chia sẻ".
#[component]
pub fn ShareCard(lab: Lab, share: Share) -> impl IntoView {
    let note = RwSignal::new(None::<Note>);
    let say = move |good: bool, text: String| {
        note.try_set(Some(Note { good, text }));
    };
    let href = Memo::new(move |_| share.href());

    let export = move |_| {
        let (name, text) = lab.real.with_untracked(|l| {
            only_stream(l).map_or((String::new(), String::new()), |s| {
                (format!("nhat-ky-{}.json", s.id()), export_json(s))
            })
        });
        match download(&name, &text) {
            Ok(()) => say(
                true,
                format!(
                    "Đã tạo tệp “{name}” ({} byte) ngay trên máy bạn.",
                    group_digits(text.len() as i64)
                ),
            ),
            Err(_) => say(false, "Trình duyệt không cho tải tệp xuống.".to_string()),
        }
    };

    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // Cleared so that picking the same file again reads it again.
        input.set_value("");
        let name = file.name();
        let kept = move || {
            format!(
                "Nhật ký hiện tại giữ nguyên ({}).",
                events_count(lab.real_head.try_get_untracked().map_or(0, |s| s.version))
            )
        };
        let size = file.size();
        if size > MAX_INPUT_BYTES as f64 {
            let e = ImportError::TooLarge {
                bytes: size as usize,
                limit: MAX_INPUT_BYTES,
            };
            say(
                false,
                format!("Không nhập được “{name}”: {} {}", e.message_vi(), kept()),
            );
            return;
        }
        on_settled(file.array_buffer(), move |result| {
            if lab.real.is_disposed() {
                return;
            }
            let bytes = match result {
                Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                Err(_) => {
                    say(false, format!("Không đọc được tệp “{name}”. {}", kept()));
                    return;
                }
            };
            match import_json_bytes(&bytes) {
                Ok(log) => {
                    let (id, n) = only_stream(&log)
                        .map_or((String::new(), 0), |s| (s.id().to_string(), s.version()));
                    lab.replace_log(log, n);
                    let text = format!(
                        "Đã nhập “{name}”: nhật ký {id} với {}. Con trỏ ở phiên bản mới nhất.",
                        events_count(n)
                    );
                    lab.log(Tone::Good, text.clone());
                    say(true, text);
                }
                Err(e) => {
                    let text = format!("Không nhập được “{name}”: {} {}", e.message_vi(), kept());
                    lab.log(Tone::Bad, text.clone());
                    say(false, text);
                }
            }
        });
    };

    let copy = move |_| {
        let link = href.get_untracked();
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&link);
        on_settled(promise, move |r| {
            match r {
            Ok(_) => say(true, "Đã sao chép liên kết.".to_string()),
            Err(_) => say(
                false,
                "Trình duyệt không cho sao chép tự động: hãy chọn ô liên kết rồi sao chép (Ctrl+C).".to_string(),
            ),
        }
        });
    };

    let reset = move |_| {
        let log = EventLog::acc001();
        let n = only_stream(&log).map_or(0, |s| s.version());
        lab.replace_log(log, n);
        let text = "Đã mở lại nhật ký mẫu ACC-001 (5 event).".to_string();
        lab.log(Tone::Info, text.clone());
        say(true, text);
    };

    let link_view = move || {
        match share.log_link.get() {
        LogLink::TooLong => view! {
            <p class="tt-note">
                {move || format!(
                    "Nhật ký này có {}, quá dài để gói vào một liên kết. Hãy chia sẻ bằng tệp JSON.",
                    events_count(lab.real_head.get().version)
                )}
            </p>
        }
        .into_any(),
        _ => view! {
            <div class="tt-link-row">
                <input
                    type="text"
                    class="tt-input tt-link"
                    readonly=true
                    aria-label="Liên kết chia sẻ"
                    prop:value=move || href.get()
                    on:focus=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        input.select();
                    }
                />
                <button type="button" class="tt-button" on:click=copy>"Sao chép liên kết"</button>
            </div>
            <p class="tt-note">
                {move || {
                    let fork = if lab.mode.get() == Mode::Fork {
                        " Nhánh giả định không nằm trong liên kết: liên kết giữ con trỏ ở điểm rẽ nhánh."
                    } else {
                        ""
                    };
                    format!("Liên kết mở lại đúng nhật ký này và vị trí con trỏ.{fork}")
                }}
            </p>
        }
        .into_any(),
    }
    };

    view! {
        <section class="tt-card tt-share" aria-label="Lưu và chia sẻ">
            <h4 class="tt-card-title">"Lưu và chia sẻ"</h4>
            {link_view}
            <div class="tt-actions">
                <button type="button" class="tt-button" on:click=export>"Tải xuống nhật ký (JSON)"</button>
                <label class="tt-button tt-file">
                    <input
                        type="file"
                        class="tt-file-input"
                        accept=".json,application/json"
                        on:change=import
                    />
                    <span>"Nhập nhật ký từ tệp…"</span>
                </label>
                {move || (!lab.is_sample.get()).then(|| view! {
                    <button type="button" class="tt-button" on:click=reset>"Về nhật ký mẫu ACC-001"</button>
                })}
            </div>
            <p class="tt-note">"Tệp và liên kết chỉ chứa log thật; mọi thứ được xử lý ngay trong trình duyệt, không gửi đi đâu."</p>
            <p class="tt-message" role="status" aria-live="polite"
                class:is-good=move || note.with(|n| n.as_ref().is_some_and(|n| n.good))
                class:is-bad=move || note.with(|n| n.as_ref().is_some_and(|n| !n.good))
            >
                {move || note.get().map(|n| n.text)}
            </p>
        </section>
    }
}
