//! The text log a simulation lab keeps beside its controls: notable events in words, stamped
//! with virtual time, the newest kept, read out politely by screen readers.

use leptos::prelude::*;

use crate::sim::format::decimal;

/// How a line reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Something happened.
    Info,
    /// Something went wrong or is stale.
    Warn,
    /// Something recovered.
    Good,
}

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Unique within the log, for keyed rendering.
    pub id: u64,
    /// Virtual time, seconds.
    pub at_s: f64,
    pub text: String,
    pub tone: Tone,
}

/// Virtual time as the labs show it: "12,3 giây".
pub fn seconds_text(s: f64) -> String {
    format!("{} giây", decimal(s, 1))
}

/// The log's lines; `Copy`, like the lab that holds it. A restart of the run keeps the
/// lines (they say what the student did) and keeps numbering them.
#[derive(Clone, Copy)]
pub struct LabLog {
    entries: RwSignal<Vec<LogEntry>>,
    next_id: StoredValue<u64>,
    keep: usize,
}

impl LabLog {
    /// An empty log keeping the last `keep` lines.
    pub fn new(keep: usize) -> Self {
        LabLog {
            entries: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            keep,
        }
    }

    /// Adds a line (nothing happens once the lab is gone).
    pub fn push(&self, at_s: f64, text: String, tone: Tone) {
        let Some(id) = self.next_id.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let keep = self.keep;
        self.entries.try_update(|log| {
            log.push(LogEntry {
                id,
                at_s,
                text,
                tone,
            });
            if log.len() > keep {
                let extra = log.len() - keep;
                log.drain(..extra);
            }
        });
    }

    /// The lines, oldest first (tracked).
    pub fn entries(&self) -> Vec<LogEntry> {
        self.entries.get()
    }
}

fn line_class(t: Tone) -> &'static str {
    match t {
        Tone::Info => "lab-log-line",
        Tone::Warn => "lab-log-line lab-log-warn",
        Tone::Good => "lab-log-line lab-log-good",
    }
}

/// The log as a box titled "Nhật ký": oldest first in the document (as `role="log"`
/// expects), newest shown on top. `class` styles the box in its lab; `title_id` must be
/// unique on the page; `empty` says what will appear while nothing has.
#[component]
pub fn LabLogView(
    log: LabLog,
    class: &'static str,
    title_id: &'static str,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <section class=format!("lab-log {class}") aria-labelledby=title_id>
            <h4 id=title_id>"Nhật ký"</h4>
            <div class="lab-log-scroll" tabindex="0">
                <ol role="log" aria-live="polite" aria-labelledby=title_id class="lab-log-list">
                    <For
                        each=move || log.entries()
                        key=|e| e.id
                        children=|e| view! {
                            <li class=line_class(e.tone)>
                                <span class="lab-log-time">{seconds_text(e.at_s)}</span>
                                " "
                                <span>{e.text}</span>
                            </li>
                        }
                    />
                </ol>
                <p class="lab-log-empty" hidden=move || log.entries.with(|l| !l.is_empty())>
                    {empty}
                </p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_read_in_vietnamese() {
        assert_eq!(seconds_text(12.345), "12,3 giây");
        assert_eq!(seconds_text(0.0), "0,0 giây");
    }
}
