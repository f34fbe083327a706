//! The student's progress: answers, the scenario choice, the five-question checklist and the
//! think-about-it texts. Saved as versioned JSON (`{"format": "apl-quiz-progress",
//! "version": 1, …}`), shared as a file or as a short code (`APLQ1.` + base64 of that JSON).
//!
//! Reading never panics and never guesses: input that is not this app's progress, or not in a
//! version this build understands, is refused with a Vietnamese message naming what is wrong,
//! so the caller can set it aside instead of dropping it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Bank, Given, Reply};

/// The `format` field of every progress document.
pub const FORMAT: &str = "apl-quiz-progress";
/// The version this build writes, and the newest it reads.
pub const VERSION: u32 = 1;
/// The localStorage key of the progress.
pub const STORAGE_KEY: &str = "quiz-progress";
/// Where unreadable saved data is moved (with `-2`, `-3`… when taken).
pub const BACKUP_KEY: &str = "quiz-progress.backup";
/// Prefix of a share code.
pub const CODE_PREFIX: &str = "APLQ1.";
/// Largest input read (file, code or saved data), in bytes.
pub const MAX_BYTES: usize = 512 * 1024;
/// Longest text kept for one answer (reflection, reason, numeric input), in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most entries in one map (answers, checklist, reflections).
pub const MAX_ENTRIES: usize = 1_000;
/// Most backups kept side by side.
pub const MAX_BACKUPS: usize = 20;

/// Everything the student has done in the quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Always [`FORMAT`].
    pub format: String,
    /// Format version ([`VERSION`]).
    pub version: u32,
    /// The scenario: the option picked, the reason written, whether it was committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioAnswer>,
    /// The five questions, by item id.
    #[serde(default)]
    pub checklist: BTreeMap<String, Reply>,
    /// Think-about-it answers, by reflection id.
    #[serde(default)]
    pub reflections: BTreeMap<String, ReflectionAnswer>,
    /// Comprehension answers, by question id. Ids this build does not know are kept as they
    /// are (a newer bank may know them) and simply not scored.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerRecord>,
}

/// The scenario choice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScenarioAnswer {
    /// `A`–`D`, once picked.
    #[serde(default)]
    pub choice: Option<String>,
    /// The student's reason, written before the verdicts.
    #[serde(default)]
    pub reason: String,
    /// True once the student committed the choice and saw the verdicts.
    #[serde(default)]
    pub committed: bool,
}

/// A think-about-it answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReflectionAnswer {
    /// What the student wrote.
    #[serde(default)]
    pub text: String,
    /// Whether the model answer was opened.
    #[serde(default)]
    pub revealed: bool,
}

/// A comprehension answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnswerRecord {
    /// The last answer checked (`None` after "try again").
    #[serde(default)]
    pub given: Option<Given>,
    /// How many answers were checked in all.
    #[serde(default)]
    pub attempts: u32,
    /// Whether the solution was shown.
    #[serde(default)]
    pub revealed: bool,
    /// For a generated question: the seed of the numbers answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            format: FORMAT.to_string(),
            version: VERSION,
            scenario: None,
            checklist: BTreeMap::new(),
            reflections: BTreeMap::new(),
            answers: BTreeMap::new(),
        }
    }
}

impl Progress {
    /// True when nothing has been done yet.
    pub fn is_empty(&self) -> bool {
        self.scenario.is_none()
            && self.checklist.is_empty()
            && self.reflections.is_empty()
            && self.answers.is_empty()
    }

    /// Compact JSON, for storage and codes.
    pub fn to_json(&self) -> String {
        // Serialising plain maps and strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Indented JSON, for an exported file.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A share code: [`CODE_PREFIX`] + base64 of the compact JSON.
    pub fn to_code(&self) -> String {
        format!("{CODE_PREFIX}{}", base64_encode(self.to_json().as_bytes()))
    }

    /// What the progress holds, in one Vietnamese sentence (shown before an import).
    pub fn summary_vi(&self, bank: Option<&Bank>) -> String {
        let answered = self.answers.values().filter(|a| a.given.is_some()).count();
        let written = self
            .reflections
            .values()
            .filter(|r| !r.text.trim().is_empty())
            .count();
        let scenario = match &self.scenario {
            Some(ScenarioAnswer {
                choice: Some(c),
                committed: true,
                ..
            }) => format!("đã chọn phương án {c}"),
            _ => "chưa chọn".to_string(),
        };
        let five = bank.map_or(5, |b| b.checklist.items.len());
        format!(
            "{answered} câu ôn tập đã trả lời; tình huống: {scenario}; {}/{five} câu hỏi trước khi áp dụng; {written} câu suy ngẫm đã viết.",
            self.checklist.len().min(five)
        )
    }
}

/// Why input could not be read as progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressError {
    /// Nothing but whitespace.
    Empty,
    /// Larger than [`MAX_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not JSON at all (e.g. cut off, or another kind of file).
    NotJson {
        /// The parser's words, with line and column.
        detail: String,
    },
    /// JSON, but not this app's progress.
    Foreign,
    /// This app's progress, in a version newer than this build reads.
    NewerVersion {
        /// The version found.
        found: u64,
    },
    /// This app's progress with a field that is wrong.
    Invalid {
        /// What is wrong.
        detail: String,
    },
    /// Looks like a share code but does not decode.
    BadCode,
}

impl ProgressError {
    /// The message shown to the student.
    pub fn message_vi(&self) -> String {
        match self {
            ProgressError::Empty => "Không có gì để đọc: nội dung trống.".into(),
            ProgressError::TooLarge { bytes } => format!(
                "Dữ liệu quá lớn ({} byte, tối đa {} byte): đây không phải tiến độ của bài học này.",
                crate::sim::format::group_digits(*bytes as i64),
                crate::sim::format::group_digits(MAX_BYTES as i64)
            ),
            ProgressError::NotJson { detail } => {
                format!("Dữ liệu bị hỏng, không đọc được như JSON ({detail}).")
            }
            ProgressError::Foreign => {
                "Đây là JSON nhưng không phải tiến độ của bài học này (thiếu dấu hiệu “apl-quiz-progress”).".into()
            }
            ProgressError::NewerVersion { found } => format!(
                "Tiến độ này thuộc phiên bản {found}, mới hơn phiên bản {VERSION} mà ứng dụng đọc được."
            ),
            ProgressError::Invalid { detail } => format!("Tiến độ có chỗ sai: {detail}."),
            ProgressError::BadCode => {
                "Mã tiến độ không giải được: có thể bị cắt mất một đoạn khi sao chép.".into()
            }
        }
    }
}

/// Reads progress JSON, checking it is ours, in a version we read, and within limits.
pub fn from_json(text: &str) -> Result<Progress, ProgressError> {
    if text.len() > MAX_BYTES {
        return Err(ProgressError::TooLarge { bytes: text.len() });
    }
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ProgressError::Empty);
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ProgressError::NotJson {
            detail: format!("dòng {}, cột {}", e.line(), e.column()),
        })?;
    let Some(obj) = value.as_object() else {
        return Err(ProgressError::Foreign);
    };
    if obj.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ProgressError::Foreign);
    }
    match obj.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == VERSION as u64 => {}
        Some(v) if v > VERSION as u64 => return Err(ProgressError::NewerVersion { found: v }),
        _ => {
            return Err(ProgressError::Invalid {
                detail: "trường “version” không hợp lệ".into(),
            })
        }
    }
    let progress: Progress = serde_json::from_value(value).map_err(|e| ProgressError::Invalid {
        detail: shape_detail(&e.to_string()),
    })?;
    check_limits(&progress)?;
    Ok(progress)
}

// serde's message names the field and the expected type; drop its position suffix.
fn shape_detail(message: &str) -> String {
    let m = message.split(" at line").next().unwrap_or(message);
    format!("dữ liệu không đúng kiểu ({m})")
}

fn check_limits(p: &Progress) -> Result<(), ProgressError> {
    let too_long = |t: &str| t.chars().count() > MAX_TEXT_CHARS;
    let invalid = |detail: String| Err(ProgressError::Invalid { detail });
    if p.answers.len() > MAX_ENTRIES
        || p.reflections.len() > MAX_ENTRIES
        || p.checklist.len() > MAX_ENTRIES
    {
        return invalid(format!("quá nhiều mục (tối đa {MAX_ENTRIES} mỗi loại)"));
    }
    let keys = p
        .answers
        .keys()
        .chain(p.reflections.keys())
        .chain(p.checklist.keys());
    if keys
        .into_iter()
        .any(|k| k.is_empty() || k.chars().count() > 100)
    {
        return invalid("có mã câu hỏi rỗng hoặc quá dài".into());
    }
    if let Some(s) = &p.scenario {
        if too_long(&s.reason) {
            return invalid("lý do của tình huống quá dài".into());
        }
        if s.choice.as_ref().is_some_and(|c| c.chars().count() > 8) {
            return invalid("phương án của tình huống không hợp lệ".into());
        }
    }
    if p.reflections.values().any(|r| too_long(&r.text)) {
        return invalid(format!(
            "một câu trả lời suy ngẫm dài quá {MAX_TEXT_CHARS} ký tự"
        ));
    }
    for a in p.answers.values() {
        let long = match &a.given {
            Some(Given::Number(t)) => too_long(t),
            Some(Given::Choices(c)) => c.len() > 50 || c.iter().any(|id| too_long(id)),
            None => false,
        };
        if long {
            return invalid("một câu trả lời ôn tập quá dài".into());
        }
    }
    Ok(())
}

/// Reads a share code (with or without its prefix; spaces and line breaks ignored).
pub fn from_code(code: &str) -> Result<Progress, ProgressError> {
    if code.len() > MAX_BYTES * 2 {
        return Err(ProgressError::TooLarge { bytes: code.len() });
    }
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(ProgressError::Empty);
    }
    let body = compact.strip_prefix(CODE_PREFIX).unwrap_or(&compact);
    let bytes = base64_decode(body).ok_or(ProgressError::BadCode)?;
    let text = String::from_utf8(bytes).map_err(|_| ProgressError::BadCode)?;
    from_json(&text).map_err(|e| match e {
        ProgressError::NotJson { .. } => ProgressError::BadCode,
        other => other,
    })
}

/// Reads what the student imported: a JSON file's text or a share code.
pub fn import(text: &str) -> Result<Progress, ProgressError> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        from_json(text)
    } else {
        from_code(text)
    }
}

/// What was found under [`STORAGE_KEY`].
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// Nothing saved yet.
    Nothing,
    /// Saved progress, read.
    Read(Progress),
    /// Something unreadable: it must be set aside (never dropped) and reported.
    Unreadable(ProgressError),
}

/// Interprets what storage holds under [`STORAGE_KEY`].
pub fn open(saved: Option<&str>) -> Opened {
    match saved {
        None => Opened::Nothing,
        Some(text) => match from_json(text) {
            Ok(p) => Opened::Read(p),
            Err(e) => Opened::Unreadable(e),
        },
    }
}

/// The key to set `raw` aside under: [`BACKUP_KEY`], or `BACKUP_KEY-2`, `-3`… when taken by
/// something else. A key already holding exactly `raw` is reused (nothing is duplicated).
/// `stored` reads a key. `None` when every backup slot is taken by other data.
pub fn backup_key(stored: impl Fn(&str) -> Option<String>, raw: &str) -> Option<String> {
    (1..=MAX_BACKUPS)
        .map(|n| {
            if n == 1 {
                BACKUP_KEY.to_string()
            } else {
                format!("{BACKUP_KEY}-{n}")
            }
        })
        .find(|key| stored(key).is_none_or(|held| held == raw))
}

/// Whether a storage key is one of the backup keys.
pub fn is_backup_key(key: &str) -> bool {
    key == BACKUP_KEY
        || key
            .strip_prefix(BACKUP_KEY)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| {
                n.parse::<usize>()
                    .is_ok_and(|n| (2..=MAX_BACKUPS).contains(&n))
            })
}

// ----- base64 (standard alphabet, padded; decoding also takes the URL-safe one) ---------------

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes base64 (padding optional, `-`/`_` accepted for `+`/`/`); `None` on any bad input.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 || body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in body.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be the zero padding of the last byte.
    (acc == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_values() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_decode("Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(base64_decode("Zg==").unwrap(), b"f");
        assert_eq!(base64_decode("Zg").unwrap(), b"f");
        assert_eq!(base64_decode("Z"), None);
        assert_eq!(base64_decode("Zh=="), None);
        assert_eq!(base64_decode("Z!=="), None);
    }

    #[test]
    fn backup_keys_never_overwrite_other_data() {
        let held = |k: &str| (k == BACKUP_KEY).then(|| "old".to_string());
        assert_eq!(backup_key(held, "new").unwrap(), format!("{BACKUP_KEY}-2"));
        assert_eq!(backup_key(held, "old").unwrap(), BACKUP_KEY);
        assert_eq!(backup_key(|_| None, "x").unwrap(), BACKUP_KEY);
        assert_eq!(backup_key(|_| Some("y".into()), "x"), None);
        assert!(is_backup_key(BACKUP_KEY));
        assert!(is_backup_key(&format!("{BACKUP_KEY}-7")));
        assert!(!is_backup_key(STORAGE_KEY));
        assert!(!is_backup_key(&format!("{BACKUP_KEY}-x")));
    }
}
