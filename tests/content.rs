//! The lesson files: every chapter parses, is complete and holds no filler.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use advanced_patterns_lab::content::chapters::{chapters, sources};
use advanced_patterns_lab::content::glossary;
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
    let all: Vec<_> = chapters().iter().chain([glossary::page()]).collect();
    let mut anchors: Vec<(String, HashSet<String>)> = Vec::new();
    for c in &all {
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
    for c in &all {
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

#[test]
fn glossary_parses_and_terms_are_linked_from_chapters() {
    parse_chapter(glossary::source()).expect("glossary.md parses");
    assert!(glossary::terms().len() >= 30);
    let linked: usize = chapters()
        .iter()
        .map(|c| {
            let mut blocks = Vec::new();
            walk(&c.blocks, &mut blocks);
            blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(runs) => runs
                        .iter()
                        .filter(|i| matches!(i, Inline::Term { .. }))
                        .count(),
                    Block::List { items, .. } => items
                        .iter()
                        .flatten()
                        .filter(|i| matches!(i, Inline::Term { .. }))
                        .count(),
                    _ => 0,
                })
                .sum::<usize>()
        })
        .sum();
    assert!(
        linked >= 50,
        "only {linked} glossary links in paragraphs and lists"
    );
}

/// The lesson's key facts and figures, across every chapter: the app must teach them all.
#[test]
fn key_figures_of_the_source_appear() {
    let all: String = sources()
        .iter()
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join("\n");
    let must = [
        // CQRS and the course example
        "Command Query Responsibility Segregation",
        "Eventual consistency",
        "PostgreSQL",
        "ElasticSearch",
        "Redis",
        "3.600",
        // HPN case study
        "Học Phí Nhanh",
        "10.000",
        "Cassandra",
        "ClickHouse",
        "Kafka",
        "100 triệu",
        "30",
        "50–200",
        "5–10",
        "100–500",
        "50.000",
        "100.000",
        // Event sourcing
        "ACC-001",
        "2.000.000",
        "500.000",
        "300.000",
        "1.500.000",
        "01/01/2024",
        "15/01/2024",
        "Blockchain",
        // Snapshots
        "1.000.000",
        "10 ms",
        "10 s",
        // Service mesh
        "Envoy",
        "Istio",
        "Linkerd",
        "VirtualService",
        "DestinationRule",
        "PeerAuthentication",
        "perTryTimeout: 2s",
        "consecutive5xxErrors: 5",
        "baseEjectionTime: 30s",
        "maxEjectionPercent: 50",
        "STRICT",
        "ROUND_ROBIN",
        // Complexity and decision
        "⭐⭐⭐⭐⭐",
        "1–5",
        "5–20",
        "10–50",
        // Insights
        "Greg Young",
        "Bertrand Meyer",
        "CAP",
        "+5 GB",
        "thêm khoảng 10 ms",
        // Scenario
        "15",
        "8 microservice",
        "Giai đoạn 1",
        "Serverless",
    ];
    let missing: Vec<_> = must.iter().filter(|m| !all.contains(**m)).collect();
    assert!(missing.is_empty(), "missing from the lesson: {missing:?}");
}

/// A panel marked live gets its view from the labs module; one that is not shows text only.
#[test]
fn live_labs_have_a_view_and_the_others_do_not() {
    use advanced_patterns_lab::content::labs::LABS;
    use advanced_patterns_lab::ui::labs::lab_view;
    for info in LABS {
        assert_eq!(
            lab_view(info.name).is_some(),
            info.live,
            "lab {} live = {}",
            info.name,
            info.live
        );
    }
}
