//! Browser tests of the diagrams: each one mounts on its own and draws an `<svg role="img">`
//! with a `<title>`, arrow-head markers with unique ids, shapes and Vietnamese text.
#![cfg(target_arch = "wasm32")]

use std::collections::HashSet;

use advanced_patterns_lab::ui::diagrams::{diagram_view, NAMES};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn every_diagram_mounts_as_an_svg_with_a_title() {
    let mut ids = HashSet::new();
    for name in NAMES {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let owned = name.to_string();
        let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            diagram_view(&owned).expect("a drawing")
        });
        TimeoutFuture::new(0).await;

        let svg = host
            .query_selector("svg.diagram-svg")
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: no <svg>"));
        assert_eq!(
            svg.namespace_uri().as_deref(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(svg.get_attribute("role").as_deref(), Some("img"), "{name}");
        assert!(svg.get_attribute("viewBox").is_some(), "{name}: viewBox");
        let title = svg
            .query_selector(":scope > title")
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: no <title>"));
        assert_eq!(
            title.namespace_uri().as_deref(),
            Some("http://www.w3.org/2000/svg"),
            "{name}: the title is an SVG title"
        );
        let text = title.text_content().unwrap_or_default();
        assert!(text.chars().count() > 10, "{name}: title “{text}”");
        assert_eq!(
            svg.get_attribute("aria-labelledby"),
            Some(title.id()),
            "{name}"
        );
        assert_eq!(
            svg.get_attribute("aria-describedby").as_deref(),
            Some(format!("diagram-{name}-alt").as_str()),
            "{name}"
        );

        // Arrow heads: markers with ids unique in the page, and arrows that use them.
        let markers = svg.query_selector_all("marker").unwrap();
        assert!(markers.length() >= 1, "{name}: markers");
        for i in 0..markers.length() {
            let id = markers
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .id();
            assert!(ids.insert(id.clone()), "{name}: marker id {id} used twice");
        }
        let arrows = svg.query_selector_all(".d-arrow[marker-end]").unwrap();
        // The decision matrix is a chart: its one arrow is the open-ended team-size axis.
        let least = if *name == "decision-matrix" { 1 } else { 3 };
        assert!(arrows.length() >= least, "{name}: arrows with heads");
        let shapes = svg.query_selector_all(".d-box").unwrap();
        assert!(shapes.length() >= 4, "{name}: shapes");
        // Visible labels, with Vietnamese diacritics somewhere in the drawing.
        let words = svg.text_content().unwrap_or_default();
        assert!(
            words.chars().any(|c| {
                "ạảãàáâầấậẩẫăằắặẳẵđẹẻẽèéêềếệểễịỉĩìíọỏõòóôồốộổỗơờớợởỡụủũùúưừứựửữỳýỵỷỹ".contains(c)
            }),
            "{name}: Vietnamese text"
        );
        drop(handle);
        host.remove();
    }
}
