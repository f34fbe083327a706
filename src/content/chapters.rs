//! The ten chapters of the lesson, in order, parsed once from the files in `lesson/`.

use std::sync::OnceLock;

use super::glossary::{link_first_uses, terms};
use super::markup::{parse_chapter, AsideKind, Block, Chapter, Inline};

/// Each chapter file, in lesson order: (file name, text).
const SOURCES: [(&str, &str); 10] = [
    ("01-home.md", include_str!("lesson/01-home.md")),
    ("02-cqrs.md", include_str!("lesson/02-cqrs.md")),
    ("03-hpn.md", include_str!("lesson/03-hpn.md")),
    (
        "04-event-sourcing.md",
        include_str!("lesson/04-event-sourcing.md"),
    ),
    ("05-snapshots.md", include_str!("lesson/05-snapshots.md")),
    (
        "06-schema-evolution.md",
        include_str!("lesson/06-schema-evolution.md"),
    ),
    (
        "07-service-mesh.md",
        include_str!("lesson/07-service-mesh.md"),
    ),
    ("08-complexity.md", include_str!("lesson/08-complexity.md")),
    ("09-insights.md", include_str!("lesson/09-insights.md")),
    ("10-quiz.md", include_str!("lesson/10-quiz.md")),
];

/// The raw text of every chapter file, for tests and tools.
pub fn sources() -> &'static [(&'static str, &'static str)] {
    &SOURCES
}

/// All chapters in order. A file that does not parse becomes a chapter that shows the
/// problem, so an editing mistake is visible on the page instead of breaking the app.
pub fn chapters() -> &'static [Chapter] {
    static CHAPTERS: OnceLock<Vec<Chapter>> = OnceLock::new();
    CHAPTERS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(file, src)| {
                let mut chapter =
                    parse_chapter(src).unwrap_or_else(|e| broken(file, &e.to_string()));
                link_first_uses(&mut chapter.blocks, terms());
                chapter
            })
            .collect()
    })
}

pub(super) fn broken(file: &str, problem: &str) -> Chapter {
    Chapter {
        slug: file.trim_end_matches(".md").to_string(),
        nav: file.to_string(),
        title: format!("Lỗi trong tệp {file}"),
        intro: "Tệp nội dung này có lỗi cú pháp; sửa lỗi rồi build lại.".to_string(),
        blocks: vec![Block::Aside {
            kind: AsideKind::Warning,
            title: None,
            blocks: vec![Block::Paragraph(vec![Inline::Text(problem.to_string())])],
        }],
    }
}

/// The position (0-based) of the chapter with this slug.
pub fn position(slug: &str) -> Option<usize> {
    chapters().iter().position(|c| c.slug == slug)
}
