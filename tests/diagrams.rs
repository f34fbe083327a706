//! Every `::diagram` marker in the lesson has a drawing, and every drawing is used.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use advanced_patterns_lab::content::chapters::chapters;
use advanced_patterns_lab::content::markup::Block;
use advanced_patterns_lab::ui::diagrams::{caption_id, diagram_view, NAMES};

fn walk(blocks: &[Block], out: &mut Vec<(String, String)>) {
    for b in blocks {
        match b {
            Block::Diagram { name, alt } => out.push((name.clone(), alt.clone())),
            Block::Aside { blocks, .. } => walk(blocks, out),
            _ => {}
        }
    }
}

fn markers() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in chapters() {
        walk(&c.blocks, &mut out);
    }
    out
}

#[test]
fn every_diagram_marker_has_a_drawing() {
    let used = markers();
    assert!(used.len() >= 7, "the lesson has its diagrams: {used:?}");
    for (name, alt) in &used {
        assert!(
            NAMES.contains(&name.as_str()),
            "no drawing for diagram “{name}”"
        );
        assert!(
            diagram_view(name).is_some(),
            "diagram_view(“{name}”) draws nothing"
        );
        assert!(
            alt.chars().count() > 40,
            "diagram “{name}” needs a real text alternative"
        );
    }
}

#[test]
fn every_drawing_is_used_once_and_names_are_unique() {
    let used: Vec<String> = markers().into_iter().map(|(n, _)| n).collect();
    let names: BTreeSet<&str> = NAMES.iter().copied().collect();
    assert_eq!(names.len(), NAMES.len(), "duplicate names in NAMES");
    for name in NAMES {
        let count = used.iter().filter(|u| u == name).count();
        // Ids inside a drawing (title, markers) are unique only while it appears once a page.
        assert_eq!(
            count, 1,
            "diagram “{name}” is used {count} times in the lesson"
        );
    }
    assert!(diagram_view("khong-co-so-do-nay").is_none());
    assert_eq!(caption_id("cqrs"), "diagram-cqrs-alt");
}
