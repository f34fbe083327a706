//! The glossary (`lesson/glossary.md`): its terms, and the linking of each term's first use in
//! every chapter to its entry.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::markup::{parse_chapter, plain_text, Block, Chapter, Inline};

/// The glossary file's slug, which is also its route.
pub const SLUG: &str = "glossary";

/// One entry: the term as written in the lesson, its anchor, its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub id: String,
    pub explanation: String,
}

const SOURCE: &str = include_str!("lesson/glossary.md");

/// The raw glossary file, for tests and tools.
pub fn source() -> &'static str {
    SOURCE
}

/// The glossary as a page.
pub fn page() -> &'static Chapter {
    static PAGE: OnceLock<Chapter> = OnceLock::new();
    PAGE.get_or_init(|| {
        parse_chapter(SOURCE)
            .unwrap_or_else(|e| super::chapters::broken("glossary.md", &e.to_string()))
    })
}

/// Every term: each `###` heading with the paragraph after it.
pub fn terms() -> &'static [Term] {
    static TERMS: OnceLock<Vec<Term>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let blocks = &page().blocks;
        blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match (b, blocks.get(i + 1)) {
                (Block::Heading { level: 3, id, text }, Some(Block::Paragraph(p))) => Some(Term {
                    term: plain_text(text),
                    id: id.clone(),
                    explanation: plain_text(p),
                }),
                _ => None,
            })
            .collect()
    })
}

/// The entry with this anchor.
pub fn term(id: &str) -> Option<&'static Term> {
    terms().iter().find(|t| t.id == id)
}

/// Links the first use of every term in a chapter to the glossary. Headings, code and
/// existing links are left alone; at each place the longest term wins, so "Event Sourcing"
/// is not read as "Event". Matching ignores ASCII case; the text keeps its own spelling.
pub fn link_first_uses(blocks: &mut [Block], terms: &[Term]) {
    let mut by_length: Vec<&Term> = terms.iter().collect();
    by_length.sort_by_key(|t| std::cmp::Reverse(t.term.chars().count()));
    let mut used = HashSet::new();
    for b in blocks {
        link_block(b, &by_length, &mut used);
    }
}

fn link_block(block: &mut Block, terms: &[&Term], used: &mut HashSet<String>) {
    match block {
        Block::Paragraph(runs) | Block::Quote(runs) => link_runs(runs, terms, used),
        Block::List { items, .. } => items.iter_mut().for_each(|r| link_runs(r, terms, used)),
        Block::Table { rows, .. } => rows
            .iter_mut()
            .flatten()
            .for_each(|r| link_runs(r, terms, used)),
        Block::Aside { blocks, .. } => blocks.iter_mut().for_each(|b| link_block(b, terms, used)),
        Block::Heading { .. } | Block::Code { .. } | Block::Lab(_) | Block::Diagram { .. } => {}
    }
}

fn link_runs(runs: &mut Vec<Inline>, terms: &[&Term], used: &mut HashSet<String>) {
    let mut out = Vec::with_capacity(runs.len());
    for run in runs.drain(..) {
        match run {
            Inline::Text(text) => split_text(&text, terms, used, &mut out),
            other => out.push(other),
        }
    }
    *runs = out;
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn split_text(text: &str, terms: &[&Term], used: &mut HashSet<String>, out: &mut Vec<Inline>) {
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let before = text[..i].chars().next_back();
        let rest = &text[i..];
        let found = if is_word_char(before) {
            None
        } else {
            terms.iter().find(|t| {
                rest.starts_with(t.term.as_str())
                    && !is_word_char(rest[t.term.len()..].chars().next())
            })
        };
        match found {
            Some(t) => {
                let end = i + t.term.len();
                if used.insert(t.id.clone()) {
                    if plain_start < i {
                        out.push(Inline::Text(text[plain_start..i].to_string()));
                    }
                    out.push(Inline::Term {
                        text: text[i..end].to_string(),
                        id: t.id.clone(),
                    });
                    plain_start = end;
                }
                // A used term still covers its span, so a shorter term inside it stays text.
                i = end;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_start < text.len() {
        out.push(Inline::Text(text[plain_start..].to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(term: &str, id: &str) -> Term {
        Term {
            term: term.into(),
            id: id.into(),
            explanation: String::new(),
        }
    }

    #[test]
    fn links_first_use_only_longest_first_whole_words() {
        let terms = [
            t("Event", "event"),
            t("Event Sourcing", "es"),
            t("CQRS", "cqrs"),
        ];
        let mut blocks = vec![
            Block::Paragraph(vec![Inline::Text(
                "Event Sourcing và CQRS; lại CQRS, một Event, Eventual.".into(),
            )]),
            Block::Paragraph(vec![Inline::Text("Event Sourcing lần nữa.".into())]),
        ];
        link_first_uses(&mut blocks, &terms);
        let Block::Paragraph(p) = &blocks[0] else {
            unreachable!()
        };
        let linked: Vec<_> = p
            .iter()
            .filter_map(|i| match i {
                Inline::Term { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(linked, ["es", "cqrs", "event"]);
        assert_eq!(
            plain_text(p),
            "Event Sourcing và CQRS; lại CQRS, một Event, Eventual."
        );
        let Block::Paragraph(p2) = &blocks[1] else {
            unreachable!()
        };
        assert!(p2.iter().all(|i| matches!(i, Inline::Text(_))));
    }

    #[test]
    fn glossary_has_terms_with_explanations() {
        assert!(terms().len() >= 30);
        for t in terms() {
            assert!(!t.explanation.is_empty(), "{}", t.term);
        }
        assert!(term("cqrs").is_some());
    }
}
