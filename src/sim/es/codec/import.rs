//! Import: parse and check an `es-log` document while building the stream, so memory stays at
//! one compact event per event and the first problem is reported precisely.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::error::{EventProblem, ImportError, JsonKind};
use super::values::{clip, Key, RawEvent, Scalar, TypeValue};
use super::{FORMAT, FORMAT_VERSION, MAX_INPUT_BYTES};
use crate::sim::es::account::EventKind;
use crate::sim::es::log::{check_stream_id, EventLog, Stream, MAX_EVENTS};

/// Reads an `es-log` document into a new log holding its one stream.
pub fn import_json(text: &str) -> Result<EventLog, ImportError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let mut doc = Doc::default();
    let mut de = serde_json::Deserializer::from_str(text);
    DocSeed(&mut doc)
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(syntax_error)?;
    doc.finish()
}

/// Like [`import_json`], for raw bytes (a file read as bytes).
pub fn import_json_bytes(bytes: &[u8]) -> Result<EventLog, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => import_json(text),
        Err(e) => Err(ImportError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        }),
    }
}

fn syntax_error(e: serde_json::Error) -> ImportError {
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        serde_json::error::Category::Eof => ImportError::Truncated { line, column },
        _ => ImportError::Syntax { line, column },
    }
}

/// Builds the stream while `events` is parsed, so memory stays at one compact event each.
struct Builder {
    stream: Stream,
    count: usize,
    problem: Option<(usize, EventProblem)>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            stream: Stream::new(String::new()),
            count: 0,
            problem: None,
        }
    }
}

fn int_field(value: Option<Scalar>, field: &'static str) -> Result<i64, EventProblem> {
    match value {
        None => Err(EventProblem::MissingField { field }),
        Some(Scalar::Int(v)) => Ok(v),
        Some(other) => Err(EventProblem::WrongType {
            field,
            expected: JsonKind::Integer,
            found: other.kind(),
        }),
    }
}

fn str_field(value: Option<Scalar>, field: &'static str) -> Result<String, EventProblem> {
    match value {
        None => Err(EventProblem::MissingField { field }),
        Some(Scalar::Str(s)) => Ok(s),
        Some(other) => Err(EventProblem::WrongType {
            field,
            expected: JsonKind::String,
            found: other.kind(),
        }),
    }
}

impl Builder {
    fn take(&mut self, raw: RawEvent) {
        let index = self.count;
        if let Err(problem) = self.check(index, raw) {
            self.problem = Some((index, problem));
        }
    }

    // Field checks in a fixed order so the message names the first problem.
    fn check(&mut self, index: usize, raw: RawEvent) -> Result<(), EventProblem> {
        if let Some(problem) = raw.structural {
            return Err(problem);
        }
        let expected = index as u64 + 1;
        let version = int_field(raw.version, "version")?;
        if version != expected as i64 {
            return Err(EventProblem::VersionNotContiguous {
                expected,
                found: version,
            });
        }
        let at = int_field(raw.at, "at")?;
        if let Some(previous) = self.stream.last_at() {
            if at < previous {
                return Err(EventProblem::TimeBackwards {
                    previous,
                    found: at,
                });
            }
        }
        let kind = match raw.kind {
            None => return Err(EventProblem::MissingField { field: "type" }),
            Some(TypeValue::Known(kind)) => kind,
            Some(TypeValue::Unknown(found)) => return Err(EventProblem::UnknownType { found }),
            Some(TypeValue::Other(found)) => {
                return Err(EventProblem::WrongType {
                    field: "type",
                    expected: JsonKind::String,
                    found,
                })
            }
        };
        let not_allowed = |field| Err(EventProblem::FieldNotAllowed { field, kind });
        if raw.amount.is_some() && !kind.has_amount() {
            return not_allowed("amount");
        }
        if raw.owner.is_some() && kind != EventKind::Created {
            return not_allowed("owner");
        }
        if raw.to.is_some() && kind != EventKind::TransferSent {
            return not_allowed("to");
        }
        let mut amount = 0;
        if kind.has_amount() {
            amount = int_field(raw.amount, "amount")?;
            if amount <= 0 {
                return Err(EventProblem::AmountNotPositive { found: amount });
            }
        }
        let name = match kind {
            EventKind::Created => Some(str_field(raw.owner, "owner")?),
            EventKind::TransferSent => Some(str_field(raw.to, "to")?),
            _ => None,
        };
        self.stream
            .try_push(expected, at, kind, amount, name.as_deref())
            .map(|_| ())
            .map_err(EventProblem::Rejected)
    }
}

struct EventsSeed<'a>(&'a mut Builder);

/// What the `events` field held, if it was not an array.
struct EventsValue(Option<JsonKind>);

impl<'de> DeserializeSeed<'de> for EventsSeed<'_> {
    type Value = EventsValue;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<EventsValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_> {
    type Value = EventsValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<EventsValue, A::Error> {
        let b = self.0;
        loop {
            // After the first problem or past the limit, only the syntax is still checked.
            let more = if b.problem.is_none() && b.count < MAX_EVENTS {
                match seq.next_element::<RawEvent>()? {
                    Some(raw) => {
                        b.take(raw);
                        true
                    }
                    None => false,
                }
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(EventsValue(None));
            }
            b.count += 1;
        }
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<EventsValue, E> {
        Ok(EventsValue(Some(JsonKind::Integer)))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<EventsValue, E> {
        Ok(EventsValue(Some(JsonKind::Integer)))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<EventsValue, E> {
        Ok(EventsValue(Some(JsonKind::String)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<EventsValue, E> {
        Ok(EventsValue(Some(JsonKind::Null)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<EventsValue, E> {
        Ok(EventsValue(Some(JsonKind::Bool)))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<EventsValue, E> {
        Ok(EventsValue(Some(JsonKind::NonInteger)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventsValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(EventsValue(Some(JsonKind::Object)))
    }
}

/// The whole document as found.
#[derive(Default)]
struct Doc {
    not_object: Option<JsonKind>,
    format: Option<Scalar>,
    version: Option<Scalar>,
    stream: Option<Scalar>,
    // None: absent; Some(None): an array; Some(Some(kind)): something else.
    events: Option<Option<JsonKind>>,
    structural: Option<ImportError>,
    builder: Builder,
}

impl Doc {
    fn finish(self) -> Result<EventLog, ImportError> {
        if let Some(found) = self.not_object {
            return Err(ImportError::NotAnObject { found });
        }
        if let Some(problem) = self.structural {
            return Err(problem);
        }
        let format = header_str(self.format, "format")?;
        if format != FORMAT {
            return Err(ImportError::WrongFormat {
                found: clip(&format),
            });
        }
        let version = header_int(self.version, "version")?;
        if version != FORMAT_VERSION {
            return Err(ImportError::UnsupportedVersion { found: version });
        }
        let id = header_str(self.stream, "stream")?;
        if check_stream_id(&id).is_err() {
            return Err(ImportError::InvalidStreamId { found: clip(&id) });
        }
        match self.events {
            None => return Err(ImportError::MissingField { field: "events" }),
            Some(Some(found)) => {
                return Err(ImportError::WrongType {
                    field: "events",
                    expected: JsonKind::Array,
                    found,
                })
            }
            Some(None) => {}
        }
        let mut b = self.builder;
        if b.count > MAX_EVENTS {
            return Err(ImportError::TooManyEvents {
                count: b.count,
                limit: MAX_EVENTS,
            });
        }
        if let Some((index, problem)) = b.problem {
            return Err(ImportError::Event { index, problem });
        }
        if b.count == 0 {
            return Err(ImportError::NoEvents);
        }
        b.stream.set_id(id);
        Ok(EventLog::from_stream(b.stream))
    }
}

fn header_str(value: Option<Scalar>, field: &'static str) -> Result<String, ImportError> {
    match value {
        None => Err(ImportError::MissingField { field }),
        Some(Scalar::Str(s)) => Ok(s),
        Some(other) => Err(ImportError::WrongType {
            field,
            expected: JsonKind::String,
            found: other.kind(),
        }),
    }
}

fn header_int(value: Option<Scalar>, field: &'static str) -> Result<i64, ImportError> {
    match value {
        None => Err(ImportError::MissingField { field }),
        Some(Scalar::Int(v)) => Ok(v),
        Some(other) => Err(ImportError::WrongType {
            field,
            expected: JsonKind::Integer,
            found: other.kind(),
        }),
    }
}

struct DocSeed<'a>(&'a mut Doc);

impl<'de> DeserializeSeed<'de> for DocSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl DocSeed<'_> {
    fn not_object(self, found: JsonKind) {
        self.0.not_object = Some(found);
    }
}

impl<'de> Visitor<'de> for DocSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let doc = self.0;
        while let Some(key) = map.next_key::<Key>()? {
            let duplicate = match key {
                Key::Format if doc.format.is_none() => {
                    doc.format = Some(map.next_value()?);
                    false
                }
                Key::Version if doc.version.is_none() => {
                    doc.version = Some(map.next_value()?);
                    false
                }
                Key::Stream if doc.stream.is_none() => {
                    doc.stream = Some(map.next_value()?);
                    false
                }
                Key::Events if doc.events.is_none() => {
                    let value = map.next_value_seed(EventsSeed(&mut doc.builder))?;
                    doc.events = Some(value.0);
                    false
                }
                Key::Format | Key::Version | Key::Stream | Key::Events => {
                    map.next_value::<IgnoredAny>()?;
                    true
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    doc.structural.get_or_insert(ImportError::UnknownField {
                        field: key.name().to_string(),
                    });
                    false
                }
            };
            if duplicate {
                doc.structural.get_or_insert(ImportError::DuplicateField {
                    field: key.name().to_string(),
                });
            }
        }
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_object(JsonKind::Null);
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.not_object(JsonKind::Bool);
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.not_object(JsonKind::Integer);
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.not_object(JsonKind::Integer);
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.not_object(JsonKind::NonInteger);
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.not_object(JsonKind::String);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_object(JsonKind::Array);
        Ok(())
    }
}
