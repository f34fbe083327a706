//! The lab in the address bar: `?v=3` reopens ACC-001 at version 3; a changed log adds
//! `log=…` (see [`link`](super::link)); turned-off events add `skip=4,5`. The lesson's log
//! at its newest version needs no parameter at all.

use leptos::prelude::*;

use super::link;
use super::state::{only_stream, Hypo, Lab};
use crate::sim::es::{EventLog, QueryError};
use crate::ui::url_state;

const KEY_VERSION: &str = "v";
const KEY_LOG: &str = "log";
const KEY_SKIP: &str = "skip";
/// Address-bar writes wait for this much calm, so dragging the slider does not flood the
/// browser's history API.
const WRITE_DELAY_MS: u32 = 300;
/// The id of the lab's panel (`lab-` + its name, set by the lesson): a shared link scrolls
/// straight to it, which also starts loading the labs module.
pub const LAB_ANCHOR: &str = "lab-time-travel";

/// What the address asked for, and what was wrong with it.
pub struct Loaded {
    /// The log to show (ACC-001 when the link had none or a bad one).
    pub log: EventLog,
    /// The cursor.
    pub cursor: u64,
    /// Versions to turn off, if any.
    pub skips: Vec<u64>,
    /// Vietnamese sentences about parts of the link that could not be used.
    pub problems: Vec<String>,
}

/// Reads the lab's state from the current address.
pub fn load() -> Loaded {
    let mut problems = Vec::new();
    let log = match url_state::read(KEY_LOG) {
        Some(code) => match link::decode(&code) {
            Ok(log) => log,
            Err(e) => {
                problems.push(format!("{} Đã mở nhật ký mẫu ACC-001.", e.message_vi()));
                EventLog::acc001()
            }
        },
        None => EventLog::acc001(),
    };
    let n = only_stream(&log).map_or(0, |s| s.version());
    let cursor = match url_state::read(KEY_VERSION) {
        None => n,
        Some(text) => match text.trim().parse::<u64>() {
            Ok(v) if v <= n => v,
            Ok(v) => {
                let e = QueryError::VersionOutOfRange {
                    requested: v,
                    latest: n,
                };
                problems.push(format!(
                    "Liên kết trỏ tới phiên bản không có. {} Con trỏ đặt ở phiên bản mới nhất.",
                    e.message_vi()
                ));
                n
            }
            Err(_) => {
                problems.push(format!(
                    "Tham số v=“{}” của liên kết không phải số phiên bản; con trỏ đặt ở phiên bản mới nhất.",
                    clip(&text)
                ));
                n
            }
        },
    };
    let mut skips = Vec::new();
    if let Some(text) = url_state::read(KEY_SKIP) {
        let mut bad = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            match part.trim().parse::<u64>() {
                Ok(v) if (1..=n).contains(&v) => skips.push(v),
                _ => bad.push(clip(part)),
            }
        }
        if !bad.is_empty() {
            problems.push(format!(
                "Bỏ qua những giá trị không phải phiên bản có thật trong tham số skip: {}.",
                bad.join(", ")
            ));
        }
    }
    Loaded {
        log,
        cursor,
        skips,
        problems,
    }
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(24).collect();
    if s.chars().count() > 24 {
        out.push('…');
    }
    out
}

/// The real log in link form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogLink {
    /// The lesson's ACC-001, unchanged: no parameter needed.
    Sample,
    /// Base64url of the compact form.
    Code(String),
    /// Too long for a link: share it as a JSON file.
    TooLong,
}

/// The address-bar parameters for the lab's state, and whether a link can carry it.
#[derive(Clone, Copy)]
pub struct Share {
    /// The real log in link form.
    pub log_link: Memo<LogLink>,
    /// The parameters to write (`None` removes a key).
    pub params: Memo<Vec<(&'static str, Option<String>)>>,
}

impl Share {
    /// Derives the parameters from the lab.
    pub fn new(lab: Lab) -> Self {
        let log_link = Memo::new(move |_| {
            if lab.is_sample.get() {
                return LogLink::Sample;
            }
            lab.real
                .with(|l| match only_stream(l).and_then(link::encode) {
                    Some(code) => LogLink::Code(code),
                    None => LogLink::TooLong,
                })
        });
        let params = Memo::new(move |_| {
            let link = log_link.get();
            if link == LogLink::TooLong {
                return vec![(KEY_VERSION, None), (KEY_LOG, None), (KEY_SKIP, None)];
            }
            let (version, skips) = lab.hypo.with(|h| match h {
                Hypo::Fork(f) => (f.from, String::new()),
                Hypo::Skip(s) => (
                    lab.cursor.get(),
                    s.iter().map(u64::to_string).collect::<Vec<_>>().join(","),
                ),
                Hypo::Off => (lab.cursor.get(), String::new()),
            });
            let at_head = version == lab.real_head.get().version;
            let plain = link == LogLink::Sample && at_head && skips.is_empty();
            let code = match link {
                LogLink::Code(code) => Some(code),
                _ => None,
            };
            vec![
                (KEY_VERSION, (!plain).then(|| version.to_string())),
                (KEY_LOG, code),
                (KEY_SKIP, (!skips.is_empty()).then_some(skips)),
            ]
        });
        Share { log_link, params }
    }

    /// Keeps the address bar in step with the lab (replacing the history entry, after a
    /// short calm); the pending write is dropped with the lab.
    pub fn follow_in_address_bar(&self) {
        let params = self.params;
        let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        Effect::new(move |_| {
            let pairs = params.get();
            let write = gloo_timers::callback::Timeout::new(WRITE_DELAY_MS, move || {
                url_state::write(&pairs);
            });
            if let Some(old) = pending.try_update_value(|p| p.replace(write)).flatten() {
                old.cancel();
            }
        });
        on_cleanup(move || {
            if let Some(old) = pending.try_update_value(Option::take).flatten() {
                old.cancel();
            }
        });
    }

    /// The full link that reopens the lab as it is now.
    pub fn href(&self) -> String {
        let pairs = self.params.get();
        let Ok(url) = web_sys::Url::new(&url_state::current_href()) else {
            return String::new();
        };
        let search = url.search_params();
        for (key, value) in &pairs {
            match value {
                Some(v) => search.set(key, v),
                None => search.delete(key),
            }
        }
        url.set_search(&search.to_string().as_string().unwrap_or_default());
        url.set_hash(LAB_ANCHOR);
        url.href()
    }
}
