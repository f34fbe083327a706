//! The lesson files: every chapter parses, is complete and holds no filler.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use advanced_patterns_lab::content::chapters::{chapters, sources};
use advanced_patterns_lab::content::labs::lab;
use advanced_patterns_lab::content::markup::{parse_chapter, Block, Inline};

#[test]
fn every_chapter_file_parses() {
    for (file, src) in sources() {
        if let Err(e) = parse_chapter(src) {
            panic!("{file}: {e}");
        }
    }
}

#[test]
fn ten_chapters_with_unique_slugs_home_first() {
    let all = chapters();
    assert_eq!(all.len(), 10);
    assert_eq!(all[0].slug, "");
    let slugs: HashSet<_> = all.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs.len(), 10);
    let expected = [
        "",
        "cqrs",
        "hpn",
        "event-sourcing",
        "snapshots",
        "schema-evolution",
        "service-mesh",
        "complexity",
        "insights",
        "quiz",
    ];
    let got: Vec<_> = all.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(got, expected);
}

fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
    for b in blocks {
        out.push(b);
        if let Block::Aside { blocks, .. } = b {
            walk(blocks, out);
        }
    }
}

fn links(b: &Block) -> Vec<String> {
    let runs: Vec<&Vec<Inline>> = match b {
        Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => vec![text],
        Block::List { items, .. } => items.iter().collect(),
        Block::Table { head, rows } => head.iter().chain(rows.iter().flatten()).collect(),
        _ => vec![],
    };
    runs.into_iter()
        .flatten()
        .filter_map(|i| match i {
            Inline::Link { href, .. } => Some(href.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn anchors_unique_links_resolve_labs_known() {
    let all = chapters();
    let mut anchors: Vec<(String, HashSet<String>)> = Vec::new();
    for c in all {
        let mut blocks = Vec::new();
        walk(&c.blocks, &mut blocks);
        let mut ids = HashSet::new();
        for b in &blocks {
            if let Block::Heading { id, .. } = b {
                assert!(ids.insert(id.clone()), "{}: anchor {id} twice", c.slug);
            }
        }
        anchors.push((c.slug.clone(), ids));
    }
    for c in all {
        let mut blocks = Vec::new();
        walk(&c.blocks, &mut blocks);
        for b in blocks {
            if let Block::Lab(name) = b {
                assert!(lab(name).is_some(), "{}: unknown lab {name}", c.slug);
            }
            for href in links(b) {
                if href.contains("://") {
                    continue;
                }
                let (slug, anchor) = href.split_once('#').unwrap_or((&href, ""));
                let slug = if href.starts_with('#') {
                    c.slug.as_str()
                } else {
                    slug
                };
                let target = anchors.iter().find(|(s, _)| s == slug);
                let Some((_, ids)) = target else {
                    panic!("{}: link {href} goes to no chapter", c.slug)
                };
                assert!(
                    anchor.is_empty() || ids.contains(anchor),
                    "{}: link {href} goes to no section",
                    c.slug
                );
            }
        }
    }
}

#[test]
fn no_filler_text() {
    let banned = [
        "lorem",
        "ipsum",
        "todo",
        "tbd",
        "placeholder",
        "coming soon",
        "sắp có",
        "đang cập nhật",
    ];
    for (file, src) in sources() {
        let lower = src.to_lowercase();
        for b in banned {
            assert!(!lower.contains(b), "{file} contains “{b}”");
        }
    }
}

#[test]
fn every_chapter_has_title_intro_and_sections() {
    for c in chapters() {
        assert!(c.intro.chars().count() > 60, "{}: intro too short", c.slug);
        let sections = c
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Heading { level: 2, .. }))
            .count();
        assert!(sections >= 3, "{}: only {sections} sections", c.slug);
    }
}
