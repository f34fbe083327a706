//! The append-only event log: streams with contiguous 1-based versions (as in Marten:
//! version k = after k events, version 0 = empty), a global position across streams, and
//! optimistic concurrency on append. Nothing is ever edited or deleted.

use std::collections::BTreeMap;
use std::fmt;

use super::account::{
    check_name, AccountEvent, AccountState, Command, CommandError, EventKind, NameField,
};
use super::stored::{fold, StoredEvent};
use super::time::{vn_ms, Millis};
use crate::sim::format::group_digits;

/// Most events one log may hold (all streams together): bounds memory in the browser.
pub const MAX_EVENTS: usize = 1_000_000;
/// Longest stream id accepted, in characters.
pub const MAX_STREAM_ID_CHARS: usize = 64;
/// The lesson's account.
pub const ACC001: &str = "ACC-001";

/// The version a writer expects the stream to be at (optimistic concurrency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expected {
    /// Append whatever the current version is.
    Any,
    /// Append only if the stream is exactly at this version (0 = the stream has no events).
    Exactly(u64),
}

/// Where an accepted event landed: the stream's new version and its global position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Appended {
    /// The stream's version after the append (= the new event's version).
    pub version: u64,
    /// The event's global position in the log.
    pub position: u64,
}

/// One event as read back from a stream, with its names resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    /// 1-based version within its stream.
    pub version: u64,
    /// Global position in the log.
    pub position: u64,
    /// When it happened.
    pub at: Millis,
    /// What happened.
    pub event: AccountEvent,
}

/// A read that asked for something the log does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// No stream with this id.
    UnknownStream {
        /// The id asked for.
        id: String,
    },
    /// The version is beyond the stream's last event.
    VersionOutOfRange {
        /// The version asked for.
        requested: u64,
        /// The stream's current version.
        latest: u64,
    },
}

impl QueryError {
    /// A clear Vietnamese sentence for the user.
    pub fn message_vi(&self) -> String {
        match self {
            QueryError::UnknownStream { id } => {
                format!("Không có luồng sự kiện nào mang mã \"{id}\".")
            }
            QueryError::VersionOutOfRange { requested, latest } => format!(
                "Phiên bản {} không tồn tại: luồng mới chỉ có {} sự kiện (phiên bản 0 đến {}).",
                group_digits(*requested as i64),
                group_digits(*latest as i64),
                group_digits(*latest as i64)
            ),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for QueryError {}

/// One account's events, in order. Read-only from outside; grows only through [`EventLog`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    id: String,
    events: Vec<StoredEvent>,
    // Interned owner and recipient names, so stored events stay fixed-size.
    names: Vec<String>,
    name_ids: BTreeMap<String, u32>,
    head: AccountState,
}

impl Stream {
    pub(crate) fn new(id: String) -> Self {
        Stream {
            id,
            events: Vec::new(),
            names: Vec::new(),
            name_ids: BTreeMap::new(),
            head: AccountState::EMPTY,
        }
    }

    pub(crate) fn set_id(&mut self, id: String) {
        self.id = id;
    }

    /// The stream id, e.g. `ACC-001`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The current version (= number of events).
    pub fn version(&self) -> u64 {
        self.events.len() as u64
    }

    /// The current state, kept up to date on every append (equal to a full fold).
    pub fn head(&self) -> AccountState {
        self.head
    }

    /// The owner named by the `Created` event, if any.
    pub fn owner(&self) -> Option<&str> {
        let first = self.events.first()?;
        (first.kind() == EventKind::Created).then(|| self.name(first.name_id()))
    }

    /// When the first event happened.
    pub fn first_at(&self) -> Option<Millis> {
        self.events.first().map(StoredEvent::at)
    }

    /// When the last event happened.
    pub fn last_at(&self) -> Option<Millis> {
        self.events.last().map(StoredEvent::at)
    }

    /// The event at `version` (1-based), if it exists.
    pub fn event(&self, version: u64) -> Option<RecordedEvent> {
        let index = usize::try_from(version.checked_sub(1)?).ok()?;
        self.events.get(index).map(|e| self.resolve(index, e))
    }

    /// All events in order, names resolved (allocates per named event: for lists, not folds).
    pub fn events(&self) -> impl Iterator<Item = RecordedEvent> + '_ {
        self.events
            .iter()
            .enumerate()
            .map(|(i, e)| self.resolve(i, e))
    }

    /// The compact events, for fast folds and measurements.
    pub fn stored(&self) -> &[StoredEvent] {
        &self.events
    }

    /// The state after the first `version` events (0 = empty state).
    pub fn state_at(&self, version: u64) -> Result<AccountState, QueryError> {
        let end = self.check_version(version)?;
        Ok(fold(AccountState::EMPTY, &self.events[..end]))
    }

    /// The version of the last event at or before `t` (0 if none).
    pub fn version_at_time(&self, t: Millis) -> u64 {
        // Instants are non-decreasing within a stream, so this is a binary search.
        self.events.partition_point(|e| e.at() <= t) as u64
    }

    /// The state as of instant `t`: every event at or before `t` folded.
    pub fn state_at_time(&self, t: Millis) -> AccountState {
        let end = self.events.partition_point(|e| e.at() <= t);
        fold(AccountState::EMPTY, &self.events[..end])
    }

    pub(crate) fn check_version(&self, version: u64) -> Result<usize, QueryError> {
        if version > self.version() {
            return Err(QueryError::VersionOutOfRange {
                requested: version,
                latest: self.version(),
            });
        }
        Ok(version as usize)
    }

    pub(crate) fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    fn resolve(&self, index: usize, e: &StoredEvent) -> RecordedEvent {
        let name = || self.name(e.name_id()).to_string();
        let amount = e.amount();
        let event = match e.kind() {
            EventKind::Created => AccountEvent::Created { owner: name() },
            EventKind::Deposited => AccountEvent::Deposited { amount },
            EventKind::Withdrawn => AccountEvent::Withdrawn { amount },
            EventKind::TransferSent => AccountEvent::TransferSent { amount, to: name() },
            EventKind::InterestApplied => AccountEvent::InterestApplied { amount },
            EventKind::Closed => AccountEvent::Closed,
        };
        RecordedEvent {
            version: index as u64 + 1,
            position: e.position(),
            at: e.at(),
            event,
        }
    }

    /// Checks one more event against the rules and records it. Nothing changes on error.
    pub(crate) fn try_push(
        &mut self,
        position: u64,
        at: Millis,
        kind: EventKind,
        amount: i64,
        name: Option<&str>,
    ) -> Result<u64, CommandError> {
        if let Some(last) = self.last_at() {
            if at < last {
                return Err(CommandError::TimeBeforeLastEvent { last, at });
            }
        }
        let next = self.head.next(kind, amount)?;
        let field = match kind {
            EventKind::Created => Some(NameField::Owner),
            EventKind::TransferSent => Some(NameField::Recipient),
            _ => None,
        };
        let name_id = match field {
            Some(field) => {
                let name = name.unwrap_or("");
                check_name(field, name)?;
                self.intern(name)
            }
            None => 0,
        };
        let amount = if kind.has_amount() { amount } else { 0 };
        self.events
            .push(StoredEvent::new(position, at, kind, amount, name_id));
        self.head = next;
        Ok(next.version)
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        // At most MAX_EVENTS names exist, far below u32::MAX.
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_ids.insert(name.to_string(), id);
        id
    }
}

/// Checks a stream id: 1 to [`MAX_STREAM_ID_CHARS`] characters, not blank, no control chars.
pub fn check_stream_id(id: &str) -> Result<(), CommandError> {
    let ok = !id.trim().is_empty()
        && id.chars().count() <= MAX_STREAM_ID_CHARS
        && !id.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(CommandError::InvalidStreamId)
    }
}

/// The event store: streams by id, a global position, append-only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventLog {
    streams: BTreeMap<String, Stream>,
    position: u64,
    total: usize,
}

impl EventLog {
    /// An empty log.
    pub fn new() -> Self {
        EventLog::default()
    }

    /// The lesson's account ACC-001: five events in January 2024 (09:00 Vietnam time),
    /// ending with a balance of 1.500.000 ₫.
    ///
    /// | version | date | event | balance after |
    /// |---|---|---|---|
    /// | 1 | 01/01/2024 | created | 0 |
    /// | 2 | 05/01/2024 | deposited 2.000.000 | 2.000.000 |
    /// | 3 | 10/01/2024 | withdrawn 500.000 | 1.500.000 |
    /// | 4 | 12/01/2024 | transfer sent 300.000 | 1.200.000 |
    /// | 5 | 15/01/2024 | interest applied 300.000 | 1.500.000 |
    pub fn acc001() -> Self {
        let day = |d| vn_ms(2024, 1, d, 9, 0).unwrap_or_default();
        let events = [
            (
                1,
                Command::Open {
                    owner: "Nguyễn Văn An".to_string(),
                },
            ),
            (5, Command::Deposit { amount: 2_000_000 }),
            (10, Command::Withdraw { amount: 500_000 }),
            (
                12,
                Command::Transfer {
                    amount: 300_000,
                    to: "ACC-002".to_string(),
                },
            ),
            (15, Command::ApplyInterest { amount: 300_000 }),
        ];
        let mut log = EventLog::new();
        for (d, command) in events {
            // Constant, valid input: a failure here is a bug the unit tests catch.
            let appended = log.execute(ACC001, Expected::Any, day(d), command);
            debug_assert!(appended.is_ok(), "ACC-001 is valid: {appended:?}");
        }
        log
    }

    /// The stream with this id, if it has any events.
    pub fn stream(&self, id: &str) -> Option<&Stream> {
        self.streams.get(id)
    }

    /// All streams, ordered by id.
    pub fn streams(&self) -> impl Iterator<Item = &Stream> + '_ {
        self.streams.values()
    }

    /// The global position of the last appended event (0 for an empty log).
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Number of events in all streams.
    pub fn total_events(&self) -> usize {
        self.total
    }

    /// Appends one event to `stream` if the stream is at the `expected` version and the
    /// account rules accept it; otherwise records nothing and says why.
    ///
    /// The concurrency check comes first, as in an event store: a writer that read a stale
    /// version must re-read before its command can be judged.
    pub fn append(
        &mut self,
        stream: &str,
        expected: Expected,
        at: Millis,
        event: &AccountEvent,
    ) -> Result<Appended, CommandError> {
        check_stream_id(stream)?;
        let actual = self.streams.get(stream).map_or(0, Stream::version);
        if let Expected::Exactly(expected) = expected {
            if expected != actual {
                return Err(CommandError::WrongExpectedVersion { expected, actual });
            }
        }
        if self.total >= MAX_EVENTS {
            return Err(CommandError::LogFull { limit: MAX_EVENTS });
        }
        let position = self.position + 1;
        let (kind, amount, name) = (event.kind(), event.amount().unwrap_or(0), event.name());
        let version = match self.streams.get_mut(stream) {
            Some(s) => s.try_push(position, at, kind, amount, name)?,
            None => {
                let mut s = Stream::new(stream.to_string());
                let version = s.try_push(position, at, kind, amount, name)?;
                self.streams.insert(stream.to_string(), s);
                version
            }
        };
        self.position = position;
        self.total += 1;
        Ok(Appended { version, position })
    }

    /// Runs a command against `stream`: the event it asks for is appended if allowed.
    pub fn execute(
        &mut self,
        stream: &str,
        expected: Expected,
        at: Millis,
        command: Command,
    ) -> Result<Appended, CommandError> {
        self.append(stream, expected, at, &command.into_event())
    }

    /// A separate log holding `stream`'s first `version` events, to which new commands can
    /// be appended without touching this log. Copied events keep their global positions.
    pub fn fork(&self, stream: &str, version: u64) -> Result<EventLog, QueryError> {
        let source = self
            .streams
            .get(stream)
            .ok_or_else(|| QueryError::UnknownStream {
                id: stream.to_string(),
            })?;
        let end = source.check_version(version)?;
        let mut copy = Stream::new(stream.to_string());
        for e in &source.events[..end] {
            let name = Some(source.name(e.name_id()));
            // Re-checking a prefix of a valid stream cannot fail.
            let pushed = copy.try_push(e.position(), e.at(), e.kind(), e.amount(), name);
            debug_assert!(pushed.is_ok());
        }
        let mut log = EventLog::new();
        log.position = copy.events.last().map_or(0, StoredEvent::position);
        log.total = copy.events.len();
        if end > 0 {
            log.streams.insert(stream.to_string(), copy);
        }
        Ok(log)
    }

    /// A log holding exactly one stream (used by import and the generator).
    pub(crate) fn from_stream(stream: Stream) -> Self {
        let mut log = EventLog::new();
        log.position = stream.events.last().map_or(0, StoredEvent::position);
        log.total = stream.events.len();
        if !stream.events.is_empty() {
            log.streams.insert(stream.id.clone(), stream);
        }
        log
    }
}
