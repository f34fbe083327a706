//! The progress in the browser's localStorage: opened once per lab, saved after every change.
//! Saved data this build cannot read is moved to a backup key and reported, never dropped;
//! when it cannot be moved, the lab works in memory and leaves it where it is.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

use crate::content::quiz::progress::{self, Opened, Progress, STORAGE_KEY};
use crate::content::quiz::{score_with, Bank, Question, Score, Slot};

/// A message for the student, good news or a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// False for a problem.
    pub good: bool,
    /// What to say.
    pub text: String,
}

/// The progress shared by a lab's parts, and the way to change it.
#[derive(Clone, Copy)]
pub struct Store {
    /// Everything the student has done.
    pub progress: RwSignal<Progress>,
    /// What the store has to report (unreadable saved data, a failed save).
    pub notice: RwSignal<Option<Notice>>,
    /// False when unreadable saved data could not be set aside: saving would overwrite it.
    writable: StoredValue<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Store {
    /// Opens the saved progress (see the module docs for unreadable data).
    pub fn open() -> Store {
        let (progress, notice, writable) = open_saved();
        Store {
            progress: RwSignal::new(progress),
            notice: RwSignal::new(notice),
            writable: StoredValue::new(writable),
        }
    }

    /// Changes the progress and saves it.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) {
        self.progress.update(change);
        self.save();
    }

    /// Replaces the whole progress (import) and saves it.
    pub fn replace(&self, p: Progress) {
        self.progress.set(p);
        self.save();
    }

    /// Forgets everything (after the student confirmed).
    pub fn reset(&self) {
        self.progress.set(Progress::default());
        if self.writable.get_value() {
            if let Some(s) = storage() {
                let _ = s.remove_item(STORAGE_KEY);
            }
        }
    }

    fn save(&self) {
        if !self.writable.get_value() {
            return;
        }
        let json = self.progress.with_untracked(Progress::to_json);
        let saved = storage().is_some_and(|s| s.set_item(STORAGE_KEY, &json).is_ok());
        if !saved {
            self.notice.set(Some(Notice {
                good: false,
                text: "Không lưu được tiến độ: bộ nhớ của trình duyệt đã đầy hoặc bị chặn. \
                       Những gì bạn làm vẫn còn tới khi tải lại trang; hãy tải tệp tiến độ về ở trang chủ."
                    .into(),
            }));
        }
    }
}

/// Reads the saved progress; sets unreadable data aside. Returns the progress to start from,
/// what to tell the student, and whether saving is safe.
fn open_saved() -> (Progress, Option<Notice>, bool) {
    let Some(s) = storage() else {
        let notice = Notice {
            good: false,
            text: "Trình duyệt chặn bộ nhớ cục bộ, nên tiến độ sẽ không được lưu qua lần tải lại trang."
                .into(),
        };
        return (Progress::default(), Some(notice), false);
    };
    let raw = s.get_item(STORAGE_KEY).ok().flatten();
    match progress::open(raw.as_deref()) {
        Opened::Nothing => (Progress::default(), None, true),
        Opened::Read(p) => (p, None, true),
        Opened::Unreadable(problem) => {
            let raw = raw.unwrap_or_default();
            let key = progress::backup_key(|k| s.get_item(k).ok().flatten(), &raw);
            let moved = key
                .as_deref()
                .filter(|k| s.set_item(k, &raw).is_ok() && s.remove_item(STORAGE_KEY).is_ok());
            let text = match moved {
                Some(k) => format!(
                    "Tiến độ đã lưu trên trình duyệt này không đọc được. {} Dữ liệu cũ không bị xoá: \
                     nó đã được cất sang khoá “{k}” (trang chủ có nút tải nó về), và bạn bắt đầu với tiến độ mới.",
                    problem.message_vi()
                ),
                None => format!(
                    "Tiến độ đã lưu trên trình duyệt này không đọc được. {} Không cất được nó sang chỗ khác, \
                     nên ứng dụng để nguyên và không ghi đè lên: tiến độ mới chỉ giữ tới khi tải lại trang.",
                    problem.message_vi()
                ),
            };
            let writable = moved.is_some();
            (
                Progress::default(),
                Some(Notice { good: false, text }),
                writable,
            )
        }
    }
}

/// Unreadable data set aside earlier: `(key, content)`, in key order.
pub fn backups() -> Vec<(String, String)> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    let mut out: Vec<(String, String)> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| progress::is_backup_key(k))
        .filter_map(|k| s.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect();
    out.sort_by_key(|(k, _)| (k.len(), k.clone()));
    out
}

/// Deletes a backup (after the student confirmed).
pub fn delete_backup(key: &str) {
    if progress::is_backup_key(key) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// A seed for fresh numbers: the browser's random generator mixed with the clock.
pub fn fresh_seed() -> u64 {
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let now = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now());
    random ^ ((now * 1_000.0) as u64).rotate_left(32)
}

thread_local! {
    // Generated questions by (kind, seed): a few runs of the engines, reused by every card and
    // every score. Bounded: cleared when it grows past a few hundred entries.
    static MADE: RefCell<HashMap<(String, u64), Question>> = RefCell::new(HashMap::new());
}

/// The question a slot shows for `seed` (generated ones are made once per seed).
pub fn question_of(slot: &Slot<'_>, seed: u64) -> Question {
    match slot {
        Slot::Fixed(q) => (*q).clone(),
        Slot::Generated(kind) => MADE.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() > 300 {
                m.clear();
            }
            m.entry((kind.id.to_string(), seed))
                .or_insert_with(|| (kind.make)(seed))
                .clone()
        }),
    }
}

/// Whether the saved answer of a slot is right (`None`: not answered).
pub fn judge(slot: &Slot<'_>, p: &Progress) -> Option<bool> {
    let record = p.answers.get(slot.id())?;
    let given = record.given.as_ref()?;
    let seed = match slot {
        Slot::Fixed(_) => 0,
        Slot::Generated(_) => record.seed?,
    };
    question_of(slot, seed).check(given).ok().map(|f| f.correct)
}

/// Scores with the cached questions.
pub fn score(bank: &Bank, p: &Progress) -> Score {
    let slots = bank.slots();
    let judged: HashMap<&str, Option<bool>> = slots.iter().map(|s| (s.id(), judge(s, p))).collect();
    score_with(bank, p, &|id| judged.get(id).copied().flatten())
}

/// A notice as a status line (nothing when there is none).
#[component]
pub fn NoticeView(store: Store) -> impl IntoView {
    move || {
        store.notice.get().map(|n| {
            view! {
                <div class="quiz-notice" class:is-bad=!n.good role=if n.good { "status" } else { "alert" }>
                    <p>{n.text}</p>
                    <button type="button" class="quiz-button quiz-small"
                        on:click=move |_| store.notice.set(None)>"Đã hiểu"</button>
                </div>
            }
        })
    }
}
