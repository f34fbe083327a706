//! Lenient readers for JSON values: every one accepts any JSON value, so a wrong type becomes
//! data the import reports with its place, not an anonymous serde error.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{EventProblem, JsonKind};
use crate::sim::es::account::EventKind;

// Longest piece of user text quoted back in an error message.
const QUOTE_CHARS: usize = 40;

/// User text shortened for quoting in a message.
pub(super) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(QUOTE_CHARS).collect();
    if s.chars().nth(QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

pub(super) enum Key {
    Format,
    Version,
    Stream,
    Events,
    At,
    Type,
    Amount,
    Owner,
    To,
    Other(String),
}

impl Key {
    pub(super) fn name(&self) -> &str {
        match self {
            Key::Format => "format",
            Key::Version => "version",
            Key::Stream => "stream",
            Key::Events => "events",
            Key::At => "at",
            Key::Type => "type",
            Key::Amount => "amount",
            Key::Owner => "owner",
            Key::To => "to",
            Key::Other(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
                Ok(match s {
                    "format" => Key::Format,
                    "version" => Key::Version,
                    "stream" => Key::Stream,
                    "events" => Key::Events,
                    "at" => Key::At,
                    "type" => Key::Type,
                    "amount" => Key::Amount,
                    "owner" => Key::Owner,
                    "to" => Key::To,
                    other => Key::Other(clip(other)),
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

// Every visitor below accepts any JSON value, so a wrong type becomes data we report with its
// place, not a serde error. This macro writes the visits for values that are not the one
// wanted; `$other` turns a JsonKind into the visitor's value.
macro_rules! other_visits {
    ($other:expr) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other(JsonKind::Null))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other(JsonKind::Bool))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other(JsonKind::NonInteger))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($other(JsonKind::Array))
        }
    };
}

macro_rules! other_number_visits {
    ($other:expr) => {
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other(JsonKind::Integer))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($other(if v <= i64::MAX as u64 {
                JsonKind::Integer
            } else {
                JsonKind::NonInteger
            }))
        }
    };
}

macro_rules! other_string_visit {
    ($other:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($other(JsonKind::String))
        }
    };
}

macro_rules! other_map_visit {
    ($other:expr) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok($other(JsonKind::Object))
        }
    };
}

/// A field value that should be an integer or a string.
pub(super) enum Scalar {
    Int(i64),
    Str(String),
    Other(JsonKind),
}

impl Scalar {
    pub(super) fn kind(&self) -> JsonKind {
        match self {
            Scalar::Int(_) => JsonKind::Integer,
            Scalar::Str(_) => JsonKind::String,
            Scalar::Other(kind) => *kind,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(v).map_or(Scalar::Other(JsonKind::NonInteger), Scalar::Int))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Scalar, E> {
                // Long strings are kept whole: names are checked for length by the rules.
                Ok(Scalar::Str(s.to_string()))
            }
            other_visits!(Scalar::Other);
            other_map_visit!(Scalar::Other);
        }
        d.deserialize_any(ScalarVisitor)
    }
}

/// The `type` field, mapped without allocating for known types.
pub(super) enum TypeValue {
    Known(EventKind),
    Unknown(String),
    Other(JsonKind),
}

impl<'de> Deserialize<'de> for TypeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TypeVisitor;
        impl<'de> Visitor<'de> for TypeVisitor {
            type Value = TypeValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<TypeValue, E> {
                Ok(EventKind::from_json_name(s)
                    .map_or_else(|| TypeValue::Unknown(clip(s)), TypeValue::Known))
            }
            other_visits!(TypeValue::Other);
            other_number_visits!(TypeValue::Other);
            other_map_visit!(TypeValue::Other);
        }
        d.deserialize_any(TypeVisitor)
    }
}

/// One element of `events`, as found; checked afterwards by [`Builder::check`].
#[derive(Default)]
pub(super) struct RawEvent {
    pub(super) version: Option<Scalar>,
    pub(super) at: Option<Scalar>,
    pub(super) kind: Option<TypeValue>,
    pub(super) amount: Option<Scalar>,
    pub(super) owner: Option<Scalar>,
    pub(super) to: Option<Scalar>,
    // The first structural problem: not an object, unknown or repeated field.
    pub(super) structural: Option<EventProblem>,
}

impl RawEvent {
    fn not_object(found: JsonKind) -> RawEvent {
        RawEvent {
            structural: Some(EventProblem::NotAnObject { found }),
            ..RawEvent::default()
        }
    }

    fn note(&mut self, problem: EventProblem) {
        self.structural.get_or_insert(problem);
    }
}

fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &Key,
    structural: &mut Option<EventProblem>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        map.next_value::<IgnoredAny>()?;
        structural.get_or_insert(EventProblem::DuplicateField {
            field: key.name().to_string(),
        });
    } else {
        *slot = Some(map.next_value()?);
    }
    Ok(())
}

impl<'de> Deserialize<'de> for RawEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EventVisitor;
        impl<'de> Visitor<'de> for EventVisitor {
            type Value = RawEvent;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEvent, A::Error> {
                let mut raw = RawEvent::default();
                while let Some(key) = map.next_key::<Key>()? {
                    let s = &mut raw.structural;
                    match key {
                        Key::Version => fill(&mut map, &mut raw.version, &key, s)?,
                        Key::At => fill(&mut map, &mut raw.at, &key, s)?,
                        Key::Type => fill(&mut map, &mut raw.kind, &key, s)?,
                        Key::Amount => fill(&mut map, &mut raw.amount, &key, s)?,
                        Key::Owner => fill(&mut map, &mut raw.owner, &key, s)?,
                        Key::To => fill(&mut map, &mut raw.to, &key, s)?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            raw.note(EventProblem::UnknownField {
                                field: key.name().to_string(),
                            });
                        }
                    }
                }
                Ok(raw)
            }
            other_visits!(RawEvent::not_object);
            other_number_visits!(RawEvent::not_object);
            other_string_visit!(RawEvent::not_object);
        }
        d.deserialize_any(EventVisitor)
    }
}
