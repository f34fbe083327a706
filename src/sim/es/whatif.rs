//! What-if: fold a stream as if some events had never happened. The real log is untouched.
//!
//! An event that the hypothetical state can no longer accept (a withdrawal once its deposit is
//! skipped) is reported as rejected and left out, exactly as its command would have been.

use super::account::{AccountState, CommandError};
use super::log::Stream;

/// What happened to one event in the hypothetical replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied as in the real log.
    Applied,
    /// Left out by the user.
    Skipped,
    /// Left out because the hypothetical state refuses it.
    Rejected(CommandError),
}

/// One event of the hypothetical replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The event's version in the real stream.
    pub version: u64,
    /// Applied, skipped or rejected.
    pub outcome: Outcome,
    /// The hypothetical state after this step (its `version` counts applied events).
    pub after: AccountState,
}

/// The result of a what-if replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIf {
    /// The hypothetical final state.
    pub state: AccountState,
    /// One step per real event, in order.
    pub steps: Vec<Step>,
}

impl WhatIf {
    /// The hypothetical state once the real events up to `version` were considered.
    pub fn state_at(&self, version: u64) -> AccountState {
        match version.checked_sub(1) {
            Some(i) => self
                .steps
                .get(i as usize)
                .or(self.steps.last())
                .map_or(AccountState::EMPTY, |s| s.after),
            None => AccountState::EMPTY,
        }
    }

    /// Versions that the hypothetical state refused.
    pub fn rejected(&self) -> impl Iterator<Item = (u64, &CommandError)> + '_ {
        self.steps.iter().filter_map(|s| match &s.outcome {
            Outcome::Rejected(e) => Some((s.version, e)),
            _ => None,
        })
    }
}

impl Stream {
    /// Replays this stream leaving out the versions in `skip` (versions that do not exist are
    /// ignored) and whatever the resulting state then refuses.
    ///
    /// One [`Step`] per event: meant for the time-travel lab's short histories.
    pub fn what_if(&self, skip: &[u64]) -> WhatIf {
        let mut skip = skip.to_vec();
        skip.sort_unstable();
        let mut state = AccountState::EMPTY;
        let mut steps = Vec::with_capacity(self.stored().len());
        for (i, e) in self.stored().iter().enumerate() {
            let version = i as u64 + 1;
            let outcome = if skip.binary_search(&version).is_ok() {
                Outcome::Skipped
            } else {
                match state.next(e.kind(), e.amount()) {
                    Ok(next) => {
                        state = next;
                        Outcome::Applied
                    }
                    Err(error) => Outcome::Rejected(error),
                }
            };
            steps.push(Step {
                version,
                outcome,
                after: state,
            });
        }
        WhatIf { state, steps }
    }
}
