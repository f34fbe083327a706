//! Export: one stream as an `es-log` document, one event per line.

use std::io;

use serde::{Serialize, Serializer};

use super::{FORMAT, FORMAT_VERSION};
use crate::sim::es::account::EventKind;
use crate::sim::es::log::Stream;
use crate::sim::es::time::Millis;

/// The stream as a JSON document in the `es-log` format, one event per line.
pub fn export_json(stream: &Stream) -> String {
    let doc = DocOut {
        format: FORMAT,
        version: FORMAT_VERSION,
        stream: stream.id(),
        events: EventsOut(stream),
    };
    let mut buf = Vec::with_capacity(80 + stream.stored().len() * 72);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, LinesFormatter::default());
    // Writing plain structs into a Vec cannot fail.
    let written = doc.serialize(&mut ser);
    debug_assert!(written.is_ok());
    String::from_utf8(buf).unwrap_or_default()
}

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: i64,
    stream: &'a str,
    events: EventsOut<'a>,
}

struct EventsOut<'a>(&'a Stream);

impl Serialize for EventsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let stream = self.0;
        serializer.collect_seq(stream.stored().iter().enumerate().map(|(i, e)| {
            let name = stream.name(e.name_id());
            EventOut {
                version: i as u64 + 1,
                at: e.at(),
                kind: e.kind().json_name(),
                amount: e.kind().has_amount().then_some(e.amount()),
                owner: (e.kind() == EventKind::Created).then_some(name),
                to: (e.kind() == EventKind::TransferSent).then_some(name),
            }
        }))
    }
}

#[derive(Serialize)]
struct EventOut<'a> {
    version: u64,
    at: Millis,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
}

/// Compact JSON, except that each element of the `events` array starts a new line, so a
/// file reads (and diffs) one event per line.
#[derive(Default)]
struct LinesFormatter {
    depth: usize,
}

impl serde_json::ser::Formatter for LinesFormatter {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        let events_array = self.depth == 2;
        self.depth -= 1;
        w.write_all(if events_array { b"\n]" } else { b"]" })
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == 2 {
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }
}
