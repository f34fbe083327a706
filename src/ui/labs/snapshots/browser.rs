//! What the lab needs from the browser: the clock (`performance.now`), a future that waits for
//! the next frame (so long work yields and the page repaints), and a rest timer.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;

use super::model::{self, Timing};

/// Milliseconds from `performance.now()` (0 where there is no window).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Times `run` with the browser's clock until the figure is stable (see
/// [`model::time_stable`]).
pub fn time_stable(run: impl FnMut()) -> Timing {
    model::time_stable(now_ms, run)
}

#[derive(Default)]
struct FrameState {
    fired: bool,
    waker: Option<Waker>,
}

/// Resolves at the next animation frame: awaiting it lets the browser handle input and paint.
pub struct NextFrame {
    state: Rc<RefCell<FrameState>>,
    requested: bool,
}

/// The next animation frame, as a future.
pub fn next_frame() -> NextFrame {
    NextFrame {
        state: Rc::default(),
        requested: false,
    }
}

impl Future for NextFrame {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.state.borrow().fired {
            return Poll::Ready(());
        }
        self.state.borrow_mut().waker = Some(cx.waker().clone());
        if !self.requested {
            self.requested = true;
            let state = Rc::clone(&self.state);
            request_animation_frame(move || {
                let waker = {
                    let mut s = state.borrow_mut();
                    s.fired = true;
                    s.waker.take()
                };
                if let Some(w) = waker {
                    w.wake();
                }
            });
        }
        Poll::Pending
    }
}

/// Calls `act` with the value of `track` once it has stopped changing for `ms` milliseconds
/// (e.g. when the slider rests). The pending call is dropped when the value changes again and
/// when the owner is disposed.
pub fn use_rest<K: Clone + 'static>(
    ms: u64,
    track: impl Fn() -> K + 'static,
    act: impl Fn(K) + Clone + 'static,
) {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel = move || {
        pending.try_update_value(|p| {
            if let Some(h) = p.take() {
                h.clear();
            }
        });
    };
    Effect::new(move |_| {
        let key = track();
        cancel();
        let act = act.clone();
        let handle = set_timeout_with_handle(
            move || {
                pending.try_set_value(None);
                act(key);
            },
            Duration::from_millis(ms),
        );
        pending.try_set_value(handle.ok());
    });
    on_cleanup(cancel);
}

/// A page-wide unique number, for element ids.
pub fn unique_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
