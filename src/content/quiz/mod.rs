//! The quiz as data: the e-commerce scenario (options A–D with their verdicts), the five
//! questions to ask before adopting a pattern, the four think-about-it questions with model
//! answers, and the comprehension questions of every chapter. The bank lives in `bank.json`
//! (embedded at build time, parsed once); this module holds its types, its validation (every
//! question answerable, explained and linked to a real section), answer checking and scoring.
//!
//! - [`generate`]: questions with fresh numbers, made and checked by the engines.
//! - [`progress`]: what the student has done, its versioned JSON and its share code.

pub mod generate;
pub mod progress;

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::chapters::chapters;
use super::markup::{plain_text, Block};
use crate::sim::format::{decimal, group_digits};
use progress::{AnswerRecord, Progress};

const BANK_JSON: &str = include_str!("bank.json");

/// The whole bank.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    /// The e-commerce scenario.
    pub scenario: Scenario,
    /// The five questions before adopting a pattern.
    pub checklist: Checklist,
    /// The four think-about-it questions.
    pub reflections: Vec<Reflection>,
    /// Comprehension questions written by hand (the generated ones come from [`generate`]).
    pub questions: Vec<Question>,
}

/// The scenario's options and where the chapter analyses them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Options A–D.
    pub options: Vec<ScenarioOption>,
    /// The chapter's sections with the full solution, in reading order (`slug#anchor`).
    pub read_more: Vec<String>,
}

/// One option of the scenario with the lesson's verdict on it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOption {
    /// `A`, `B`, `C`, `D`.
    pub id: String,
    /// Short label for the choice control.
    pub label: String,
    /// The lesson's verdict.
    pub verdict: Verdict,
    /// The verdict in a few words.
    pub headline: String,
    /// Why, in two or three sentences.
    pub explanation: String,
    /// The section that discusses it (`slug#anchor`).
    pub link: String,
}

/// How the lesson judges a scenario option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Wrong.
    Wrong,
    /// The lesson's optimal answer (B or C, depending on priority).
    Optimal,
    /// Reasonable as a first step, not the answer the lesson picks.
    Partial,
}

impl Verdict {
    /// CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Wrong => "wrong",
            Verdict::Optimal => "optimal",
            Verdict::Partial => "partial",
        }
    }

    /// A short mark for lists.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Wrong => "✗",
            Verdict::Optimal => "✓",
            Verdict::Partial => "≈",
        }
    }
}

/// The five questions and what their answers lead to.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The questions, in the lesson's order.
    pub items: Vec<CheckItem>,
    /// The lesson's advice when any answer is "not sure".
    pub unsure: String,
    /// What an answer against adoption means.
    pub against: String,
    /// What five favourable answers mean.
    pub clear: String,
    /// Sections that teach this.
    pub links: Vec<String>,
}

/// One of the five questions.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckItem {
    /// Stable id (kept in saved progress).
    pub id: String,
    /// The question.
    pub text: String,
    /// The answer that speaks for adopting the pattern.
    pub favourable: Reply,
    /// What the other answer means.
    pub against: String,
}

/// An answer to one of the five questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// Có.
    Yes,
    /// Không.
    No,
    /// Không chắc.
    Unsure,
}

impl Reply {
    /// The three replies, in the order they are offered.
    pub const ALL: [Reply; 3] = [Reply::Yes, Reply::No, Reply::Unsure];

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Reply::Yes => "Có",
            Reply::No => "Không",
            Reply::Unsure => "Không chắc",
        }
    }

    /// Value for a form control.
    pub fn value(self) -> &'static str {
        match self {
            Reply::Yes => "yes",
            Reply::No => "no",
            Reply::Unsure => "unsure",
        }
    }
}

/// What the five answers add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistOutcome {
    /// Not all five answered yet.
    Incomplete {
        /// How many are answered.
        answered: usize,
    },
    /// At least one "not sure": the lesson's stop rule.
    Unsure {
        /// Ids of the items answered "not sure".
        items: Vec<String>,
    },
    /// At least one answer against adoption (and none unsure).
    Against {
        /// Ids of those items.
        items: Vec<String>,
    },
    /// Five favourable answers.
    Clear,
}

impl Checklist {
    /// Judges a set of replies (by item id). "Not sure" wins over everything, even over
    /// unanswered items: one is enough to stop.
    pub fn outcome(&self, replies: &BTreeMap<String, Reply>) -> ChecklistOutcome {
        let with = |want: &dyn Fn(&CheckItem, Reply) -> bool| -> Vec<String> {
            self.items
                .iter()
                .filter(|i| replies.get(&i.id).is_some_and(|r| want(i, *r)))
                .map(|i| i.id.clone())
                .collect()
        };
        let unsure = with(&|_, r| r == Reply::Unsure);
        if !unsure.is_empty() {
            return ChecklistOutcome::Unsure { items: unsure };
        }
        let answered = self
            .items
            .iter()
            .filter(|i| replies.contains_key(&i.id))
            .count();
        let against = with(&|i, r| r != i.favourable);
        if !against.is_empty() {
            return ChecklistOutcome::Against { items: against };
        }
        if answered < self.items.len() {
            return ChecklistOutcome::Incomplete { answered };
        }
        ChecklistOutcome::Clear
    }
}

/// A think-about-it question.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    /// Stable id (kept in saved progress).
    pub id: String,
    /// Which pattern it is about.
    pub topic: String,
    /// The question.
    pub question: String,
    /// The model answer, one paragraph per entry.
    pub model_answer: Vec<String>,
    /// The section to reread (`slug#anchor`).
    pub link: String,
}

/// A comprehension question (from the bank or generated).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Question {
    /// Stable id (kept in saved progress).
    pub id: String,
    /// Slug of the chapter it checks (`""` is home).
    pub chapter: String,
    /// The question.
    pub prompt: String,
    /// Extra lines shown under the prompt (e.g. an event log).
    #[serde(default)]
    pub details: Vec<String>,
    /// Kind and answer.
    #[serde(flatten)]
    pub kind: Kind,
    /// Why the answer is what it is.
    pub explanation: String,
    /// The section or lab moment that teaches it (`slug#anchor`).
    pub link: String,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// Exactly one option is right.
    Single {
        /// The options.
        options: Vec<Choice>,
    },
    /// Every correct option must be picked, and no other.
    Multiple {
        /// The options.
        options: Vec<Choice>,
    },
    /// A number, within a tolerance.
    Numeric {
        /// The right value.
        answer: f64,
        /// Largest accepted distance from it.
        tolerance: f64,
        /// Unit shown beside the input.
        unit: String,
        /// Likely wrong values with a note on the mistake behind each.
        #[serde(default)]
        traps: Vec<Trap>,
    },
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Id within the question (`a`, `b`…).
    pub id: String,
    /// Text shown.
    pub text: String,
    /// Whether it is a right answer.
    #[serde(default)]
    pub correct: bool,
    /// For a wrong option: why it is wrong (shown when picked).
    #[serde(default)]
    pub why: Option<String>,
}

/// A wrong value worth a specific note.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trap {
    /// The value.
    pub value: f64,
    /// The mistake that leads to it.
    pub note: String,
}

/// An answer as given by the student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Given {
    /// Option ids picked.
    Choices(Vec<String>),
    /// The text typed for a numeric question.
    Number(String),
}

/// What checking an answer found.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// Right or not.
    pub correct: bool,
    /// Specific notes on this answer (which option was wrong and why, which mistake a
    /// number points to, whether it is too high or too low). Empty when right.
    pub notes: Vec<String>,
}

/// An answer that cannot be checked (nothing is recorded for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GivenError {
    /// No option picked.
    NothingChosen,
    /// More than one option for a single-choice question.
    OneOnly,
    /// The text is not a number.
    NotANumber(String),
    /// The answer does not fit the question (unknown option, text for a choice…).
    DoesNotFit,
}

impl GivenError {
    /// The message shown to the student.
    pub fn message_vi(&self) -> String {
        match self {
            GivenError::NothingChosen => "Hãy chọn một phương án trước khi kiểm tra.".into(),
            GivenError::OneOnly => "Câu này chỉ có một đáp án đúng; hãy chọn một phương án.".into(),
            GivenError::NotANumber(t) if t.trim().is_empty() => {
                "Hãy nhập một con số trước khi kiểm tra.".into()
            }
            GivenError::NotANumber(t) => format!(
                "“{}” không phải một con số. Viết theo kiểu Việt Nam, ví dụ 1.500.000 hoặc 0,5.",
                t.trim()
            ),
            GivenError::DoesNotFit => "Câu trả lời không khớp với câu hỏi này.".into(),
        }
    }
}

impl Question {
    /// The options, for a choice question.
    pub fn options(&self) -> &[Choice] {
        match &self.kind {
            Kind::Single { options } | Kind::Multiple { options } => options,
            Kind::Numeric { .. } => &[],
        }
    }

    /// The right answer in words, to show once the student asks for it.
    pub fn answer_text(&self) -> String {
        match &self.kind {
            Kind::Single { options } | Kind::Multiple { options } => options
                .iter()
                .filter(|o| o.correct)
                .map(|o| format!("“{}”", o.text))
                .collect::<Vec<_>>()
                .join("; "),
            Kind::Numeric { answer, unit, .. } => format_number(*answer, unit),
        }
    }

    /// Checks an answer.
    pub fn check(&self, given: &Given) -> Result<Feedback, GivenError> {
        match (&self.kind, given) {
            (Kind::Single { options }, Given::Choices(ids)) => {
                let [id] = ids.as_slice() else {
                    return Err(if ids.is_empty() {
                        GivenError::NothingChosen
                    } else {
                        GivenError::OneOnly
                    });
                };
                let picked = options
                    .iter()
                    .find(|o| &o.id == id)
                    .ok_or(GivenError::DoesNotFit)?;
                let notes = if picked.correct {
                    vec![]
                } else {
                    vec![why_note(picked)]
                };
                Ok(Feedback {
                    correct: picked.correct,
                    notes,
                })
            }
            (Kind::Multiple { options }, Given::Choices(ids)) => {
                if ids.is_empty() {
                    return Err(GivenError::NothingChosen);
                }
                let picked: HashSet<&str> = ids.iter().map(String::as_str).collect();
                if picked.iter().any(|id| !options.iter().any(|o| o.id == *id)) {
                    return Err(GivenError::DoesNotFit);
                }
                let right = options.iter().filter(|o| o.correct).count();
                let hit = options
                    .iter()
                    .filter(|o| o.correct && picked.contains(o.id.as_str()))
                    .count();
                let wrong: Vec<&Choice> = options
                    .iter()
                    .filter(|o| !o.correct && picked.contains(o.id.as_str()))
                    .collect();
                let correct = hit == right && wrong.is_empty();
                let mut notes = Vec::new();
                if !correct {
                    notes.push(format!(
                        "Bạn đã chọn {hit}/{right} ý đúng{}.",
                        if wrong.is_empty() {
                            String::new()
                        } else {
                            format!(" và {} ý sai", wrong.len())
                        }
                    ));
                    notes.extend(wrong.into_iter().map(why_note));
                    if hit < right {
                        notes.push(format!("Còn {} ý đúng chưa được chọn.", right - hit));
                    }
                }
                Ok(Feedback { correct, notes })
            }
            (
                Kind::Numeric {
                    answer,
                    tolerance,
                    unit,
                    traps,
                },
                Given::Number(text),
            ) => {
                let x = parse_number(text).ok_or_else(|| GivenError::NotANumber(text.clone()))?;
                if (x - answer).abs() <= tolerance + 1e-9 * answer.abs().max(1.0) {
                    return Ok(Feedback {
                        correct: true,
                        notes: vec![],
                    });
                }
                let mut notes = vec![format!(
                    "Bạn trả lời {}: {} kết quả đúng.",
                    format_number(x, unit),
                    if x > *answer {
                        "lớn hơn"
                    } else {
                        "nhỏ hơn"
                    }
                )];
                let closest = traps
                    .iter()
                    .filter(|t| near_trap(x, t.value, *tolerance))
                    .min_by(|a, b| (x - a.value).abs().total_cmp(&(x - b.value).abs()));
                if let Some(trap) = closest {
                    notes.push(trap.note.clone());
                }
                Ok(Feedback {
                    correct: false,
                    notes,
                })
            }
            _ => Err(GivenError::DoesNotFit),
        }
    }
}

fn why_note(o: &Choice) -> String {
    match &o.why {
        Some(why) => format!("“{}”: {why}", o.text),
        None => format!("“{}” chưa đúng.", o.text),
    }
}

// A typed value points at a trap when it is the trap, up to the question's tolerance.
fn near_trap(x: f64, trap: f64, tolerance: f64) -> bool {
    (x - trap).abs() <= tolerance.max(trap.abs() * 1e-6).max(1e-9)
}

/// A number with its unit, the Vietnamese way: `1.200.000 ₫`, `99,19 %`, `4 lần`.
pub fn format_number(x: f64, unit: &str) -> String {
    let n = if x.fract() == 0.0 && x.abs() < 9e15 {
        group_digits(x as i64)
    } else {
        let s = decimal(x, 2);
        let s = s.trim_end_matches('0').trim_end_matches(',');
        s.to_string()
    };
    if unit.is_empty() {
        n
    } else {
        format!("{n} {unit}")
    }
}

/// Reads a number typed the Vietnamese way (`1.500.000`, `0,5`, `87,5 %`), or the English way
/// when it cannot be read as Vietnamese (`0.5`, `416.67`). A unit after the number is ignored.
pub fn parse_number(text: &str) -> Option<f64> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let end = compact
        .char_indices()
        .find(|(i, c)| {
            !(c.is_ascii_digit() || *c == '.' || *c == ',' || (*i == 0 && "+-−".contains(*c)))
        })
        .map_or(compact.len(), |(i, _)| i);
    let (num, rest) = compact.split_at(end);
    if rest.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (negative, digits) = match num.chars().next()? {
        '-' | '−' => (true, &num[num.chars().next()?.len_utf8()..]),
        '+' => (false, &num[1..]),
        _ => (false, num),
    };
    let value = if let Some((int, frac)) = digits.split_once(',') {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        format!("{}.{frac}", ungroup(int)?)
    } else if is_grouped(digits) {
        ungroup(digits)?
    } else if digits.matches('.').count() <= 1 {
        digits.to_string()
    } else {
        return None;
    };
    let v: f64 = value.parse().ok()?;
    v.is_finite().then_some(if negative { -v } else { v })
}

/// `1.234.567` → `1234567`; plain digits pass through; anything else is `None`.
fn ungroup(int: &str) -> Option<String> {
    if int.chars().all(|c| c.is_ascii_digit()) && !int.is_empty() {
        Some(int.to_string())
    } else if is_grouped(int) {
        Some(int.replace('.', ""))
    } else {
        None
    }
}

/// Digits grouped by thousands with dots: `1.000`, `12.345.678`.
fn is_grouped(s: &str) -> bool {
    let mut parts = s.split('.');
    let Some(first) = parts.next() else {
        return false;
    };
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && rest
            .iter()
            .all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

// ----- the bank ------------------------------------------------------------------------------

/// Parses a bank from JSON.
pub fn parse_bank(json: &str) -> Result<Bank, String> {
    serde_json::from_str(json).map_err(|e| format!("bank.json: {e}"))
}

/// The embedded bank, parsed once. An error (only possible after a bad edit of `bank.json`,
/// which the tests catch) is shown by the lab instead of a crash.
pub fn bank() -> Result<&'static Bank, &'static str> {
    static BANK: OnceLock<Result<Bank, String>> = OnceLock::new();
    BANK.get_or_init(|| parse_bank(BANK_JSON))
        .as_ref()
        .map_err(String::as_str)
}

impl Bank {
    /// Whether a scenario choice is one the lesson calls optimal.
    pub fn scenario_correct(&self, choice: &str) -> bool {
        self.scenario
            .options
            .iter()
            .any(|o| o.id == choice && o.verdict == Verdict::Optimal)
    }

    /// Every comprehension question slot, grouped by chapter in lesson order: the bank's
    /// questions first, then the generated ones.
    pub fn slots(&self) -> Vec<Slot<'_>> {
        let mut out = Vec::new();
        for c in chapters() {
            out.extend(
                self.questions
                    .iter()
                    .filter(|q| q.chapter == c.slug)
                    .map(Slot::Fixed),
            );
            out.extend(
                generate::KINDS
                    .iter()
                    .filter(|k| k.chapter == c.slug)
                    .map(Slot::Generated),
            );
        }
        out
    }

    /// Checks the whole bank; returns every problem found.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let mut p = |ok: bool, what: String| {
            if !ok {
                problems.push(what);
            }
        };

        // Scenario.
        let s = &self.scenario;
        let ids: Vec<&str> = s.options.iter().map(|o| o.id.as_str()).collect();
        p(
            ids == ["A", "B", "C", "D"],
            format!("scenario: options {ids:?}, want A–D"),
        );
        p(
            s.options.iter().any(|o| o.verdict == Verdict::Optimal),
            "scenario: no optimal option".into(),
        );
        for o in &s.options {
            p(
                !o.label.trim().is_empty()
                    && !o.headline.trim().is_empty()
                    && !o.explanation.trim().is_empty(),
                format!("scenario {}: empty text", o.id),
            );
            p(
                resolve(&o.link).is_some(),
                format!("scenario {}: link {} resolves nowhere", o.id, o.link),
            );
        }
        for l in &s.read_more {
            p(
                resolve(l).is_some(),
                format!("scenario: link {l} resolves nowhere"),
            );
        }

        // Checklist.
        let c = &self.checklist;
        p(
            c.items.len() == 5,
            format!("checklist: {} items, want 5", c.items.len()),
        );
        p(
            unique(c.items.iter().map(|i| &i.id)),
            "checklist: ids not unique".into(),
        );
        for i in &c.items {
            p(
                !i.text.trim().is_empty() && !i.against.trim().is_empty(),
                format!("checklist {}: empty text", i.id),
            );
            p(
                i.favourable != Reply::Unsure,
                format!("checklist {}: favourable is unsure", i.id),
            );
        }
        p(
            !c.unsure.trim().is_empty()
                && !c.against.trim().is_empty()
                && !c.clear.trim().is_empty(),
            "checklist: empty advice".into(),
        );
        for l in &c.links {
            p(
                resolve(l).is_some(),
                format!("checklist: link {l} resolves nowhere"),
            );
        }

        // Reflections.
        p(
            self.reflections.len() == 4,
            format!("reflections: {}, want 4", self.reflections.len()),
        );
        p(
            unique(self.reflections.iter().map(|r| &r.id)),
            "reflections: ids not unique".into(),
        );
        for r in &self.reflections {
            p(
                !r.question.trim().is_empty()
                    && !r.model_answer.is_empty()
                    && r.model_answer.iter().all(|a| !a.trim().is_empty()),
                format!("reflection {}: empty question or model answer", r.id),
            );
            p(
                resolve(&r.link).is_some(),
                format!("reflection {}: link {} resolves nowhere", r.id, r.link),
            );
        }

        // Questions.
        let all_ids = self
            .questions
            .iter()
            .map(|q| q.id.clone())
            .chain(generate::KINDS.iter().map(|k| k.id.to_string()));
        p(unique(all_ids), "questions: ids not unique".into());
        for q in &self.questions {
            problems.extend(validate_question(q));
        }
        for ch in chapters() {
            let n = self
                .slots()
                .iter()
                .filter(|s| s.chapter() == ch.slug)
                .count();
            if n == 0 {
                problems.push(format!("chapter “{}” has no question", ch.slug));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

fn unique<T: std::hash::Hash + Eq>(items: impl IntoIterator<Item = T>) -> bool {
    let mut seen = HashSet::new();
    items.into_iter().all(|i| seen.insert(i))
}

/// Problems with one question (bank or generated): answerable, explained, linked.
pub fn validate_question(q: &Question) -> Vec<String> {
    let mut out = Vec::new();
    let id = &q.id;
    if id.trim().is_empty() {
        out.push("question with an empty id".into());
    }
    if !chapters().iter().any(|c| c.slug == q.chapter) {
        out.push(format!("{id}: no chapter “{}”", q.chapter));
    }
    if q.prompt.trim().is_empty() {
        out.push(format!("{id}: empty prompt"));
    }
    if q.explanation.trim().is_empty() {
        out.push(format!("{id}: no explanation"));
    }
    if resolve(&q.link).is_none() {
        out.push(format!("{id}: link {} resolves nowhere", q.link));
    }
    match &q.kind {
        Kind::Single { options } | Kind::Multiple { options } => {
            let right = options.iter().filter(|o| o.correct).count();
            let single = matches!(q.kind, Kind::Single { .. });
            if options.len() < 2 {
                out.push(format!("{id}: fewer than two options"));
            }
            if single && right != 1 {
                out.push(format!("{id}: single choice with {right} correct options"));
            }
            if !single && (right == 0 || right == options.len()) {
                out.push(format!(
                    "{id}: multiple choice needs right and wrong options"
                ));
            }
            if !unique(options.iter().map(|o| &o.id)) {
                out.push(format!("{id}: option ids not unique"));
            }
            for o in options {
                if o.text.trim().is_empty() {
                    out.push(format!("{id}/{}: empty option", o.id));
                }
                if !o.correct && o.why.as_deref().is_none_or(|w| w.trim().is_empty()) {
                    out.push(format!("{id}/{}: wrong option without a “why”", o.id));
                }
                if o.correct && o.why.is_some() {
                    out.push(format!("{id}/{}: right option with a “why”", o.id));
                }
            }
        }
        Kind::Numeric {
            answer,
            tolerance,
            unit,
            traps,
        } => {
            if !answer.is_finite() || !tolerance.is_finite() || *tolerance < 0.0 {
                out.push(format!("{id}: bad answer or tolerance"));
            }
            if unit.trim().is_empty() {
                out.push(format!("{id}: numeric answer without a unit"));
            }
            for t in traps {
                if (t.value - answer).abs() <= *tolerance || t.note.trim().is_empty() {
                    out.push(format!(
                        "{id}: trap {} is the answer or has no note",
                        t.value
                    ));
                }
            }
        }
    }
    out
}

// ----- links -----------------------------------------------------------------------------------

/// Where a `slug#anchor` link of the bank goes, with a label for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The chapter's slug (`""` is home).
    pub slug: String,
    /// The heading's anchor.
    pub anchor: String,
    /// `Chương 2 · CQRS: Đọc lại chính thứ mình vừa ghi`.
    pub label: String,
}

/// Resolves `slug#anchor` (or `#anchor` for home) to an existing chapter heading.
pub fn resolve(link: &str) -> Option<Target> {
    let (slug, anchor) = link.split_once('#')?;
    let (index, chapter) = chapters()
        .iter()
        .enumerate()
        .find(|(_, c)| c.slug == slug)?;
    let heading = headings(&chapter.blocks)
        .into_iter()
        .find(|(id, _)| id == anchor)?;
    Some(Target {
        slug: slug.to_string(),
        anchor: anchor.to_string(),
        label: format!("Chương {} · {}: {}", index + 1, chapter.nav, heading.1),
    })
}

/// `Chương 2 · CQRS` for a chapter slug.
pub fn chapter_label(slug: &str) -> String {
    match chapters().iter().enumerate().find(|(_, c)| c.slug == slug) {
        Some((i, c)) => format!("Chương {} · {}", i + 1, c.nav),
        None => slug.to_string(),
    }
}

fn headings(blocks: &[Block]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { id, text, .. } => out.push((id.clone(), plain_text(text))),
            Block::Aside { blocks, .. } => out.extend(headings(blocks)),
            _ => {}
        }
    }
    out
}

// ----- slots and scores ------------------------------------------------------------------------

/// One place in the question list: a bank question or a generated kind.
#[derive(Debug, Clone, Copy)]
pub enum Slot<'a> {
    /// A question written in the bank.
    Fixed(&'a Question),
    /// A question generated with fresh numbers.
    Generated(&'static generate::GeneratedKind),
}

impl Slot<'_> {
    /// The question's id.
    pub fn id(&self) -> &str {
        match self {
            Slot::Fixed(q) => &q.id,
            Slot::Generated(k) => k.id,
        }
    }

    /// The chapter it belongs to.
    pub fn chapter(&self) -> &str {
        match self {
            Slot::Fixed(q) => &q.chapter,
            Slot::Generated(k) => k.chapter,
        }
    }

    /// The question as the student sees it: a generated one made from `seed`.
    pub fn question(&self, seed: u64) -> Question {
        match self {
            Slot::Fixed(q) => (*q).clone(),
            Slot::Generated(k) => (k.make)(seed),
        }
    }

    /// Whether a saved answer is right (`None`: not answered).
    pub fn judge(&self, record: &AnswerRecord) -> Option<bool> {
        let given = record.given.as_ref()?;
        let question = match self {
            Slot::Fixed(q) => (*q).clone(),
            // A generated answer means something only with the numbers it answered.
            Slot::Generated(k) => (k.make)(record.seed?),
        };
        question.check(given).ok().map(|f| f.correct)
    }
}

/// Right, answered and total for a group of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Answered right.
    pub correct: usize,
    /// Answered (right or wrong).
    pub answered: usize,
    /// Questions in the group.
    pub total: usize,
}

impl Tally {
    /// Right answers as a share of all questions, in percent (0 for an empty group).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 * 100.0 / self.total as f64
        }
    }

    fn add(&mut self, judged: Option<bool>) {
        self.total += 1;
        if let Some(right) = judged {
            self.answered += 1;
            if right {
                self.correct += 1;
            }
        }
    }
}

/// Scores per chapter (lesson order) and overall.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Score {
    /// `(slug, tally)` for every chapter.
    pub chapters: Vec<(String, Tally)>,
    /// All questions together.
    pub overall: Tally,
}

/// Scores a progress: every comprehension question, and the scenario in the quiz chapter.
pub fn score(bank: &Bank, progress: &Progress) -> Score {
    let slots = bank.slots();
    let judged: BTreeMap<&str, Option<bool>> = slots
        .iter()
        .map(|s| {
            let j = progress.answers.get(s.id()).and_then(|r| s.judge(r));
            (s.id(), j)
        })
        .collect();
    score_with(bank, progress, &|id| judged.get(id).copied().flatten())
}

/// Scores with a precomputed judgement per question id (for views that cache them).
pub fn score_with(
    bank: &Bank,
    progress: &Progress,
    judged: &dyn Fn(&str) -> Option<bool>,
) -> Score {
    let mut out = Score::default();
    for c in chapters() {
        let mut t = Tally::default();
        for s in bank.slots().iter().filter(|s| s.chapter() == c.slug) {
            t.add(judged(s.id()));
        }
        if c.slug == SCENARIO_CHAPTER {
            let judged = progress
                .scenario
                .as_ref()
                .filter(|s| s.committed)
                .and_then(|s| s.choice.as_deref())
                .map(|c| bank.scenario_correct(c));
            t.add(judged);
        }
        out.overall.total += t.total;
        out.overall.answered += t.answered;
        out.overall.correct += t.correct;
        out.chapters.push((c.slug.clone(), t));
    }
    out
}

/// The chapter the scenario counts in.
pub const SCENARIO_CHAPTER: &str = "quiz";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_vietnamese_and_english() {
        assert_eq!(parse_number("1.500.000"), Some(1_500_000.0));
        assert_eq!(parse_number("1.500.000 ₫"), Some(1_500_000.0));
        assert_eq!(parse_number("1500000đ"), Some(1_500_000.0));
        assert_eq!(parse_number("0,5"), Some(0.5));
        assert_eq!(parse_number("87,5 %"), Some(87.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("0.5"), Some(0.5));
        assert_eq!(parse_number("416.67"), Some(416.67));
        assert_eq!(parse_number("1.000"), Some(1000.0));
        assert_eq!(parse_number(" 4 lần "), Some(4.0));
        assert_eq!(parse_number("-300.000"), Some(-300_000.0));
        assert_eq!(parse_number("1 000"), Some(1000.0));
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1e6"), None);
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("12,"), None);
    }

    #[test]
    fn numbers_format_back() {
        assert_eq!(format_number(1_200_000.0, "₫"), "1.200.000 ₫");
        assert_eq!(format_number(99.19, "%"), "99,19 %");
        assert_eq!(format_number(2.5, ""), "2,5");
    }
}
