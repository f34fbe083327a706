//! The lesson markup (see `FORMAT.md`): a small Markdown subset with front matter, asides,
//! lab and diagram markers. Parsed into plain data that the views render; no HTML strings.

use std::fmt;

/// One chapter file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Route segment; empty for the home chapter.
    pub slug: String,
    /// Short label for the navigation.
    pub nav: String,
    pub title: String,
    pub intro: String,
    pub blocks: Vec<Block>,
}

/// A block of the lesson body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        id: String,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Code {
        lang: String,
        code: String,
    },
    Quote(Vec<Inline>),
    Aside {
        kind: AsideKind,
        title: Option<String>,
        blocks: Vec<Block>,
    },
    /// Where a lab is mounted, by name.
    Lab(String),
    /// Where an SVG diagram is drawn, with its text alternative.
    Diagram {
        name: String,
        alt: String,
    },
}

/// The kinds of styled aside; each has its own look and label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsideKind {
    Definition,
    Professor,
    Engineer,
    Note,
    Warning,
}

impl AsideKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "definition" => Self::Definition,
            "professor" => Self::Professor,
            "engineer" => Self::Engineer,
            "note" => Self::Note,
            "warning" => Self::Warning,
            _ => return None,
        })
    }

    /// CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Self::Definition => "definition",
            Self::Professor => "professor",
            Self::Engineer => "engineer",
            Self::Note => "note",
            Self::Warning => "warning",
        }
    }

    /// The label shown when the aside has no title of its own.
    pub fn label(self) -> &'static str {
        match self {
            Self::Definition => "Định nghĩa",
            Self::Professor => "Góc nhìn lý thuyết — Giáo sư Tom",
            Self::Engineer => "Góc nhìn thực chiến — Kỹ sư Raizo",
            Self::Note => "Ghi chú",
            Self::Warning => "Cảnh báo",
        }
    }
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Em(String),
    Code(String),
    Link {
        text: String,
        href: String,
    },
    /// A term of art linked to its glossary entry (added after parsing, on first use).
    Term {
        text: String,
        id: String,
    },
}

/// Plain text of a run of inlines (for search, tests, accessible names).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Strong(t) | Inline::Em(t) | Inline::Code(t) => {
                out.push_str(t)
            }
            Inline::Link { text, .. } | Inline::Term { text, .. } => out.push_str(text),
        }
    }
    out
}

/// A problem in a lesson file, with the line where it is (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "dòng {}: {}", self.line, self.message)
    }
}

impl std::error::Error for MarkupError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, MarkupError> {
    Err(MarkupError {
        line,
        message: message.into(),
    })
}

/// Parses a whole chapter file: front matter, then the body.
pub fn parse_chapter(src: &str) -> Result<Chapter, MarkupError> {
    let lines: Vec<&str> = src.lines().collect();
    if lines.first().map(|l| l.trim()) != Some("---") {
        return err(1, "tệp phải bắt đầu bằng phần đầu `---`");
    }
    let end = match lines.iter().skip(1).position(|l| l.trim() == "---") {
        Some(p) => p + 1,
        None => return err(1, "thiếu dòng `---` đóng phần đầu"),
    };
    let (mut slug, mut nav, mut title, mut intro) = (None, None, None, None);
    for (i, line) in lines[1..end].iter().enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            return err(i + 2, "phần đầu cần dạng `khoá: giá trị`");
        };
        let value = value.trim().to_string();
        match key.trim() {
            "slug" => slug = Some(value),
            "nav" => nav = Some(value),
            "title" => title = Some(value),
            "intro" => intro = Some(value),
            other => return err(i + 2, format!("khoá lạ `{other}` trong phần đầu")),
        }
    }
    let need = |v: Option<String>, k: &str| match v {
        Some(v) => Ok(v),
        None => err(1, format!("phần đầu thiếu `{k}`")),
    };
    let slug = need(slug, "slug")?;
    let nav = need(nav, "nav")?;
    let title = need(title, "title")?;
    let intro = need(intro, "intro")?;
    for (k, v) in [("nav", &nav), ("title", &title), ("intro", &intro)] {
        if v.is_empty() {
            return err(1, format!("`{k}` không được để trống"));
        }
    }
    let blocks = parse_blocks(&lines[end + 1..], end + 2, true)?;
    Ok(Chapter {
        slug,
        nav,
        title,
        intro,
        blocks,
    })
}

/// Parses body lines; `first_line` is the 1-based number of `lines[0]` for messages.
fn parse_blocks(lines: &[&str], first_line: usize, top: bool) -> Result<Vec<Block>, MarkupError> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line_no = first_line + i;
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() {
            i += 1;
        } else if let Some(rest) = t.strip_prefix("```") {
            let lang = rest.trim().to_string();
            let start = i + 1;
            let Some(len) = lines[start..]
                .iter()
                .position(|l| l.trim_start().starts_with("```"))
            else {
                return err(line_no, "khối mã chưa được đóng bằng ```");
            };
            let code = lines[start..start + len].join("\n");
            blocks.push(Block::Code { lang, code });
            i = start + len + 1;
        } else if let Some(rest) = t.strip_prefix(":::") {
            if rest.trim().is_empty() {
                return err(line_no, "`:::` đóng mà không có hộp nào đang mở");
            }
            if !top {
                return err(line_no, "không lồng hộp trong hộp");
            }
            let (kind, title) = match rest.split_once(' ') {
                Some((k, t)) => (k, Some(t.trim().to_string()).filter(|t| !t.is_empty())),
                None => (rest, None),
            };
            let Some(kind) = AsideKind::parse(kind.trim()) else {
                return err(line_no, format!("loại hộp lạ `{kind}`"));
            };
            let start = i + 1;
            let Some(len) = lines[start..].iter().position(|l| l.trim() == ":::") else {
                return err(line_no, "hộp chưa được đóng bằng `:::`");
            };
            let inner = parse_blocks(&lines[start..start + len], first_line + start, false)?;
            if inner.iter().any(|b| matches!(b, Block::Heading { .. })) {
                return err(line_no, "không đặt tiêu đề trong hộp");
            }
            blocks.push(Block::Aside {
                kind,
                title,
                blocks: inner,
            });
            i = start + len + 1;
        } else if let Some(rest) = t.strip_prefix("::lab ") {
            blocks.push(Block::Lab(rest.trim().to_string()));
            i += 1;
        } else if let Some(rest) = t.strip_prefix("::diagram ") {
            let Some((name, alt)) = rest.split_once('|') else {
                return err(line_no, "sơ đồ cần mô tả bằng chữ: `::diagram tên | mô tả`");
            };
            let alt = alt.trim().to_string();
            if alt.is_empty() {
                return err(line_no, "mô tả bằng chữ của sơ đồ đang trống");
            }
            blocks.push(Block::Diagram {
                name: name.trim().to_string(),
                alt,
            });
            i += 1;
        } else if t.starts_with('#') {
            blocks.push(parse_heading(t, line_no)?);
            i += 1;
        } else if t.starts_with('|') {
            let len = lines[i..]
                .iter()
                .position(|l| !l.trim().starts_with('|'))
                .unwrap_or(lines.len() - i);
            blocks.push(parse_table(&lines[i..i + len], line_no)?);
            i += len;
        } else if let Some(rest) = t.strip_prefix("> ") {
            blocks.push(Block::Quote(parse_inline(rest.trim(), line_no)?));
            i += 1;
        } else if list_item(t).is_some() {
            let ordered = list_item(t).map(|(o, _)| o) == Some(true);
            let mut items: Vec<Vec<Inline>> = Vec::new();
            let mut texts: Vec<String> = Vec::new();
            while i < lines.len() {
                let l = lines[i].trim();
                if l.is_empty() {
                    break;
                }
                match list_item(l) {
                    Some((o, text)) if o == ordered => texts.push(text.to_string()),
                    Some(_) => {
                        return err(first_line + i, "không trộn danh sách có và không thứ tự")
                    }
                    // A line that is not an item continues the previous item.
                    None if is_block_start(l) => break,
                    None => match texts.last_mut() {
                        Some(last) => {
                            last.push(' ');
                            last.push_str(l);
                        }
                        None => break,
                    },
                }
                i += 1;
            }
            for text in texts {
                items.push(parse_inline(&text, line_no)?);
            }
            blocks.push(Block::List { ordered, items });
        } else {
            let mut text = String::new();
            while i < lines.len() {
                let l = lines[i].trim();
                if l.is_empty() || (is_block_start(l) && !text.is_empty()) || list_item(l).is_some()
                {
                    break;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(l);
                i += 1;
            }
            blocks.push(Block::Paragraph(parse_inline(&text, line_no)?));
        }
    }
    Ok(blocks)
}

fn is_block_start(t: &str) -> bool {
    t.starts_with('#')
        || t.starts_with('|')
        || t.starts_with("```")
        || t.starts_with("::")
        || t.starts_with("> ")
}

/// `- text` → (false, text); `12. text` → (true, text).
fn list_item(t: &str) -> Option<(bool, &str)> {
    if let Some(rest) = t.strip_prefix("- ") {
        return Some((false, rest));
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        if let Some(rest) = t[digits..].strip_prefix(". ") {
            return Some((true, rest));
        }
    }
    None
}

fn parse_heading(t: &str, line_no: usize) -> Result<Block, MarkupError> {
    let level = t.bytes().take_while(|b| *b == b'#').count();
    if !(2..=3).contains(&level) {
        return err(
            line_no,
            "chỉ dùng tiêu đề `##` hoặc `###` (tiêu đề chương nằm ở phần đầu)",
        );
    }
    let rest = t[level..].trim();
    let Some(open) = rest.rfind("{#") else {
        return err(line_no, "tiêu đề cần neo `{#ten-neo}` ở cuối");
    };
    let Some(id) = rest[open + 2..].strip_suffix('}') else {
        return err(line_no, "neo của tiêu đề phải kết thúc bằng `}`");
    };
    let valid = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return err(
            line_no,
            format!("neo `{id}` chỉ được có chữ thường không dấu, số, gạch ngang"),
        );
    }
    let text = rest[..open].trim();
    if text.is_empty() {
        return err(line_no, "tiêu đề trống");
    }
    Ok(Block::Heading {
        level: level as u8,
        id: id.to_string(),
        text: parse_inline(text, line_no)?,
    })
}

fn split_row(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

fn parse_table(lines: &[&str], line_no: usize) -> Result<Block, MarkupError> {
    if lines.len() < 2 {
        return err(line_no, "bảng cần dòng tiêu đề và dòng `|---|`");
    }
    let is_rule = |c: &&str| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':');
    let rule = split_row(lines[1]);
    if !rule.iter().all(is_rule) {
        return err(line_no + 1, "dòng thứ hai của bảng phải là `|---|---|`");
    }
    let head_cells = split_row(lines[0]);
    let width = head_cells.len();
    let head = head_cells
        .iter()
        .map(|c| parse_inline(c, line_no))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::new();
    for (k, line) in lines[2..].iter().enumerate() {
        let cells = split_row(line);
        if cells.len() != width {
            return err(
                line_no + 2 + k,
                format!("hàng có {} ô, tiêu đề có {width}", cells.len()),
            );
        }
        rows.push(
            cells
                .iter()
                .map(|c| parse_inline(c, line_no + 2 + k))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(Block::Table { head, rows })
}

/// Inline markup: `**strong**`, `*em*`, `` `code` ``, `[text](href)`.
pub fn parse_inline(src: &str, line_no: usize) -> Result<Vec<Inline>, MarkupError> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    let flush = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let (span, after): (Option<Inline>, &str) = if let Some(r) = rest.strip_prefix("**") {
            match r.find("**") {
                Some(end) => (Some(Inline::Strong(r[..end].to_string())), &r[end + 2..]),
                None => return err(line_no, "`**` chưa được đóng"),
            }
        } else if let Some(r) = rest.strip_prefix('`') {
            match r.find('`') {
                Some(end) => (Some(Inline::Code(r[..end].to_string())), &r[end + 1..]),
                None => return err(line_no, "dấu ` chưa được đóng"),
            }
        } else if let Some(r) = rest.strip_prefix('*').filter(|r| starts_word(r)) {
            match r.find('*') {
                Some(end) => (Some(Inline::Em(r[..end].to_string())), &r[end + 1..]),
                None => (None, rest),
            }
        } else if let Some(r) = rest.strip_prefix('[') {
            match r
                .find("](")
                .and_then(|m| r[m..].find(')').map(|e| (m, m + e)))
            {
                Some((mid, end)) => (
                    Some(Inline::Link {
                        text: r[..mid].to_string(),
                        href: r[mid + 2..end].to_string(),
                    }),
                    &r[end + 1..],
                ),
                None => (None, rest),
            }
        } else {
            (None, rest)
        };
        match span {
            Some(span) => {
                flush(&mut text, &mut out);
                out.push(span);
                rest = after;
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    flush(&mut text, &mut out);
    Ok(out)
}

/// `*` opens emphasis only when a word follows at once (so `2 * 3` stays text).
fn starts_word(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "---\nslug: cqrs\nnav: CQRS\ntitle: Tiêu đề\nintro: Mở đầu.\n---\n\
## Mục một {#muc-mot}\n\nMột **đậm** và *nghiêng*, `mã` và [liên kết](hpn#ket-qua).\n\
Dòng hai của đoạn.\n\n- a\n- b\n  tiếp b\n\n1. một\n2. hai\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n\
```rust\nfn main() {}\n```\n\n:::engineer Cẩn thận\nĐừng dùng CQRS chỉ vì nó hay.\n:::\n\n\
::lab cqrs-lag\n::diagram cqrs | Hai mô hình.\n> \"Câu nói.\" — Greg Young\n";

    #[test]
    fn parses_every_block_kind() {
        let c = parse_chapter(SAMPLE).unwrap();
        assert_eq!(c.slug, "cqrs");
        assert_eq!(c.title, "Tiêu đề");
        let kinds: Vec<&str> = c
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => "h",
                Block::Paragraph(_) => "p",
                Block::List { ordered: false, .. } => "ul",
                Block::List { ordered: true, .. } => "ol",
                Block::Table { .. } => "table",
                Block::Code { .. } => "code",
                Block::Quote(_) => "quote",
                Block::Aside { .. } => "aside",
                Block::Lab(_) => "lab",
                Block::Diagram { .. } => "diagram",
            })
            .collect();
        assert_eq!(
            kinds,
            ["h", "p", "ul", "ol", "table", "code", "aside", "lab", "diagram", "quote"]
        );
        let Block::Paragraph(p) = &c.blocks[1] else {
            unreachable!()
        };
        assert_eq!(
            plain_text(p),
            "Một đậm và nghiêng, mã và liên kết. Dòng hai của đoạn."
        );
        assert!(p.contains(&Inline::Link {
            text: "liên kết".into(),
            href: "hpn#ket-qua".into()
        }));
        let Block::List { items, .. } = &c.blocks[2] else {
            unreachable!()
        };
        assert_eq!(plain_text(&items[1]), "b tiếp b");
    }

    #[test]
    fn reports_errors_with_line_numbers() {
        let bad_anchor = "---\nslug: a\nnav: A\ntitle: T\nintro: I\n---\n## Không neo\n";
        assert_eq!(parse_chapter(bad_anchor).unwrap_err().line, 7);
        let open_code = "---\nslug: a\nnav: A\ntitle: T\nintro: I\n---\n\n```rust\nfn x(){}\n";
        assert_eq!(parse_chapter(open_code).unwrap_err().line, 8);
        let table = "---\nslug: a\nnav: A\ntitle: T\nintro: I\n---\n| a | b |\n|---|---|\n| 1 |\n";
        assert_eq!(parse_chapter(table).unwrap_err().line, 9);
        assert!(parse_chapter("no front matter").is_err());
        let nested =
            "---\nslug: a\nnav: A\ntitle: T\nintro: I\n---\n:::note\n:::warning\nx\n:::\n:::\n";
        assert!(parse_chapter(nested).is_err());
    }

    #[test]
    fn lone_star_is_text() {
        let p = parse_inline("2 * 3 = 6", 1).unwrap();
        assert_eq!(p, vec![Inline::Text("2 * 3 = 6".into())]);
    }
}
