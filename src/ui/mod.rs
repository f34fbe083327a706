//! Leptos views: app shell, chapters, labs, shared widgets. Thin adapters over `sim` and
//! `content`; no domain logic lives here.

mod blocks;
mod chapter;
pub mod diagrams;
mod lab_host;
pub mod labs;
pub mod paths;
mod shell;
pub mod theme;
pub mod url_state;
pub mod widgets;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

pub use chapter::ChapterRoute;
pub use shell::NotFound;

/// Mounts the app on the page body.
pub fn start() {
    console_error_panic_hook::set_once();
    theme::apply_saved();
    leptos::mount::mount_to_body(App);
}

/// The whole app: shell around the routed chapter.
#[component]
pub fn App() -> impl IntoView {
    let base = paths::base();
    theme::provide_theme();
    view! {
        <Router base=base>
            <shell::Shell>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("") view=|| view! { <chapter::ChapterPage index=0/> }/>
                    <Route path=path!(":slug") view=ChapterRoute/>
                </Routes>
            </shell::Shell>
        </Router>
    }
}
