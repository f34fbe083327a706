//! Files and the clipboard, without a network: a download made from a Blob and an object URL,
//! the text of a picked file, a copy to the clipboard.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    // The download holds its own copy by then.
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Calls `done` once with the promise's outcome (the two small callbacks are leaked: one pair
/// per user action).
pub fn on_settled(promise: js_sys::Promise, done: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let (ok_done, err_done) = (done.clone(), done);
    let ok = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
        if let Some(f) = ok_done.take() {
            f(Ok(v));
        }
    });
    let err = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        if let Some(f) = err_done.take() {
            f(Err(e));
        }
    });
    let _ = promise.then2(&ok, &err);
    ok.forget();
    err.forget();
}

/// Reads a picked file as UTF-8 text (`Err` with a Vietnamese reason).
pub fn read_text(file: &web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    on_settled(file.array_buffer(), move |r| {
        let out = match r {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                String::from_utf8(bytes).map_err(|_| {
                    "tệp không phải văn bản UTF-8 (có thể là ảnh hay tệp nén)".to_string()
                })
            }
            Err(_) => Err("trình duyệt không đọc được tệp".to_string()),
        };
        done(out);
    });
}

/// Copies `text` to the clipboard; `done(true)` on success.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    match web_sys::window() {
        Some(w) => on_settled(w.navigator().clipboard().write_text(text), move |r| {
            done(r.is_ok())
        }),
        None => done(false),
    }
}
