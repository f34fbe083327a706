//! Every Rust example in the lesson compiles: each ```rust block is built on its own with
//! rustc (std only), as a program when it has `fn main`, else as a library.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use advanced_patterns_lab::content::chapters::sources;
use advanced_patterns_lab::content::markup::{parse_chapter, Block};

fn rust_blocks() -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (file, src) in sources() {
        let chapter = parse_chapter(src).expect("chapter parses");
        let mut n = 0;
        let mut visit = |b: &Block| {
            if let Block::Code { lang, code } = b {
                if lang == "rust" {
                    n += 1;
                    out.push((file.to_string(), n, code.clone()));
                }
            }
        };
        for b in &chapter.blocks {
            match b {
                Block::Aside { blocks, .. } => blocks.iter().for_each(&mut visit),
                other => visit(other),
            }
        }
    }
    out
}

#[test]
fn every_rust_example_compiles() {
    let blocks = rust_blocks();
    assert!(blocks.len() >= 8, "only {} Rust examples", blocks.len());
    let dir = std::env::temp_dir().join(format!("lesson-code-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (file, n, code) in &blocks {
        let src = dir.join(format!("{}-{n}.rs", file.trim_end_matches(".md")));
        std::fs::write(&src, code).unwrap();
        let kind = if code.contains("fn main") {
            "bin"
        } else {
            "lib"
        };
        let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .args([
                "--edition",
                "2021",
                "--crate-type",
                kind,
                "-A",
                "warnings",
                "--out-dir",
            ])
            .arg(&dir)
            .arg(&src)
            .output()
            .expect("rustc runs");
        if !out.status.success() {
            failures.push(format!(
                "{file} #{n}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
