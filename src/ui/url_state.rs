//! Lab state in the address bar, so that a copied link reopens the same run. Values live in
//! the query string (`?tt=...&v=3`); writing replaces the current history entry instead of
//! adding one per slider step.

/// The value of `key` in the current address's query string.
pub fn read(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(key)
}

/// Sets (or with `None`, removes) query keys in the current address, keeping the rest.
pub fn write(pairs: &[(&str, Option<String>)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(href) = window.location().href() else {
        return;
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    let params = url.search_params();
    for (key, value) in pairs {
        match value {
            Some(v) => params.set(key, v),
            None => params.delete(key),
        }
    }
    url.set_search(&params.to_string().as_string().unwrap_or_default());
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url.href()));
    }
}

/// The full address of the current page with the lab's state, for a share link.
pub fn current_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}
