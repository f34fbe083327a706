//! URLs inside the app. The app may be hosted under a sub-path (`/any/sub/path/`), which Trunk
//! writes into `<base href>`; every link the app makes goes through here.

use std::sync::OnceLock;

use wasm_bindgen::JsCast;

/// The hosting sub-path without its trailing slash: `""` at the root, `"/a/b"` under `/a/b/`.
///
/// Read once from the page's `<base>` element: `document.baseURI` would follow the current
/// address when there is no `<base>`, and then change with every navigation.
pub fn base() -> String {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let base_el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("base[href]").ok().flatten());
        match base_el {
            Some(el) => base_from_uri(&el.unchecked_into::<web_sys::HtmlBaseElement>().href()),
            None => String::new(),
        }
    })
    .clone()
}

/// The path part of a base URI, without the trailing slash.
pub fn base_from_uri(uri: &str) -> String {
    let after_scheme = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/').to_string()
}

/// The URL of a chapter (`""` is home), under the hosting base.
pub fn chapter(base: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{base}/")
    } else {
        format!("{base}/{slug}")
    }
}

/// Resolves a link written in the lesson (`#anchor`, `slug`, `slug#anchor`, or an outside
/// URL) against the hosting base and the chapter it appears in.
///
/// Fragment-only links get the chapter's path: with `<base href>` set, a bare `#x` would
/// otherwise point at the home page.
pub fn lesson_link(base: &str, current_slug: &str, href: &str) -> String {
    if href.contains("://") {
        return href.to_string();
    }
    match href.split_once('#') {
        Some(("", anchor)) => format!("{}#{anchor}", chapter(base, current_slug)),
        Some((slug, anchor)) => format!("{}#{anchor}", chapter(base, slug)),
        None => chapter(base, href),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_from_root_and_sub_path() {
        assert_eq!(base_from_uri("http://127.0.0.1:8080/"), "");
        assert_eq!(base_from_uri("http://h/any/sub/path/"), "/any/sub/path");
        assert_eq!(base_from_uri("http://h/a/b/?x=1#y"), "/a/b");
        assert_eq!(base_from_uri(""), "");
    }

    #[test]
    fn lesson_links_resolve_under_the_base() {
        assert_eq!(lesson_link("/s", "cqrs", "#muc"), "/s/cqrs#muc");
        assert_eq!(lesson_link("/s", "", "#muc"), "/s/#muc");
        assert_eq!(lesson_link("/s", "cqrs", "hpn#ket-qua"), "/s/hpn#ket-qua");
        assert_eq!(lesson_link("", "cqrs", "hpn"), "/hpn");
        assert_eq!(lesson_link("", "cqrs", ""), "/");
    }
}
