//! The smallest useful DNS client message: a query for the IPv4 addresses
//! of one name (RFC 1035, section 4), and the parsing of its reply.
//!
//! A reply comes from the network, so nothing in it is trusted: every
//! length and count is checked before it is used, and a reply that is
//! short, malformed, or meant for another query (another id, or another
//! question: RFC 1035, section 7.3) is an error, never a panic.
//! Compression pointers in names are skipped, not followed, since the
//! prober never needs a name out of the reply; so no reply can send the
//! parser round in a loop.

use std::fmt;
use std::net::Ipv4Addr;

/// Record type A (an IPv4 address) and class IN (the internet).
const TYPE_A: u16 = 1;
const CLASS_IN: u16 = 1;

// ANCHOR: query
/// A query for the A records of `name`, with "recursion desired" set so
/// that a resolver looks the name up for us.
pub fn query(id: u16, name: &str) -> Result<Vec<u8>, BadName> {
    let mut packet = Vec::with_capacity(18 + name.len());
    packet.extend(id.to_be_bytes());
    packet.extend(0x0100_u16.to_be_bytes()); // a query; recursion desired
    packet.extend([0, 1, 0, 0, 0, 0, 0, 0]); // 1 question, 0 records
    let labels = name.strip_suffix('.').unwrap_or(name).split('.');
    for label in labels {
        if label.is_empty() || label.len() > 63 {
            return Err(BadName(name.to_string()));
        }
        packet.push(label.len() as u8); // each label, length first
        packet.extend(label.as_bytes());
    }
    packet.push(0); // the root label ends the name
    if packet.len() - 12 > 255 {
        return Err(BadName(name.to_string()));
    }
    packet.extend(TYPE_A.to_be_bytes());
    packet.extend(CLASS_IN.to_be_bytes());
    Ok(packet)
}
// ANCHOR_END: query

/// A name that cannot be put in a query: an empty label, a label over 63
/// bytes, or a name over 255.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadName(pub String);

impl fmt::Display for BadName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid domain name", self.0)
    }
}

impl std::error::Error for BadName {}

// ANCHOR: answer
/// What a well-formed reply says about the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The name exists; these are its IPv4 addresses (maybe none).
    Found(Vec<Ipv4Addr>),
    /// NXDOMAIN: no such name.
    NotFound,
}

/// Why a reply could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyError {
    /// The reply ends in the middle of a field.
    Truncated,
    /// The reply answers another query.
    WrongId { expected: u16, got: u16 },
    /// The reply has our id, but its question is not the one we asked.
    OtherQuestion,
    /// Not a reply at all, or one whose contents make no sense.
    Malformed(&'static str),
    /// The server cut the reply to fit a UDP datagram (the TC bit).
    TooLong,
    /// The server could not or would not answer (SERVFAIL, REFUSED, ...).
    Server(u8),
}
// ANCHOR_END: answer

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyError::Truncated => write!(f, "the reply is truncated"),
            ReplyError::WrongId { expected, got } => write!(
                f,
                "the reply's id {got:#06x} does not match the query's \
                 {expected:#06x}"
            ),
            ReplyError::OtherQuestion => {
                write!(f, "the reply answers another question")
            }
            ReplyError::Malformed(what) => write!(f, "malformed reply: {what}"),
            ReplyError::TooLong => {
                write!(f, "the reply did not fit in a UDP datagram")
            }
            ReplyError::Server(code) => {
                let name = match code {
                    1 => "FORMERR",
                    2 => "SERVFAIL",
                    4 => "NOTIMP",
                    5 => "REFUSED",
                    _ => "an error",
                };
                write!(f, "the server answered {name} (code {code})")
            }
        }
    }
}

impl std::error::Error for ReplyError {}

// ANCHOR: reader
/// Reads big-endian numbers off the front of a reply; running out of
/// bytes is `Truncated`, never an index out of bounds.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ReplyError> {
        if self.bytes.len() < n {
            return Err(ReplyError::Truncated);
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn u16(&mut self) -> Result<u16, ReplyError> {
        let bytes = self.take(2)?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    }
}
// ANCHOR_END: reader

// ANCHOR: skip_name
impl Reader<'_> {
    /// Skips a name: labels, each with its length first, up to the root
    /// label (0) or a compression pointer (two bytes, top bits 11).
    fn skip_name(&mut self) -> Result<(), ReplyError> {
        loop {
            let length = self.take(1)?[0];
            match length & 0xC0 {
                0x00 if length == 0 => return Ok(()), // the root label
                0x00 => {
                    self.take(usize::from(length))?; // a label's bytes
                }
                0xC0 => {
                    self.take(1)?; // a pointer's second byte ends the name
                    return Ok(());
                }
                _ => return Err(ReplyError::Malformed("bad label length")),
            }
        }
    }
}
// ANCHOR_END: skip_name

// ANCHOR: parse
/// Checks that `reply` answers `query`, a packet made by [`query`], and
/// reads its A records.
pub fn parse_reply(query: &[u8], reply: &[u8]) -> Result<Answer, ReplyError> {
    let id = u16::from_be_bytes([query[0], query[1]]);
    let mut reader = Reader { bytes: reply };
    let got = reader.u16()?;
    let flags = reader.u16()?;
    let questions = reader.u16()?;
    let answers = reader.u16()?;
    reader.take(4)?; // authority and additional counts: not needed
    if got != id {
        return Err(ReplyError::WrongId { expected: id, got });
    }
    if flags & 0x8000 == 0 {
        return Err(ReplyError::Malformed("a query, not a reply"));
    }
    if flags & 0x0200 != 0 {
        return Err(ReplyError::TooLong);
    }
    // ANCHOR_END: parse
    // ANCHOR: parse_end
    let code = (flags & 0x000F) as u8; // 0: no error; 3: NXDOMAIN
    if code != 0 && code != 3 {
        return Err(ReplyError::Server(code));
    }
    // The question comes back as we sent it, give or take letter case.
    let asked = &query[12..];
    let echoed = reader.take(asked.len())?;
    if questions != 1 || !echoed.eq_ignore_ascii_case(asked) {
        return Err(ReplyError::OtherQuestion);
    }
    if code == 3 {
        return Ok(Answer::NotFound);
    }
    read_addresses(&mut reader, answers).map(Answer::Found)
}
// ANCHOR_END: parse_end

// ANCHOR: records
/// Reads `count` records and keeps the addresses of the A records. A
/// resolver may put other records first, such as the CNAME that an alias
/// leads through.
fn read_addresses(
    reader: &mut Reader,
    count: u16,
) -> Result<Vec<Ipv4Addr>, ReplyError> {
    let mut addresses = Vec::new();
    for _ in 0..count {
        reader.skip_name()?;
        let (kind, class) = (reader.u16()?, reader.u16()?);
        reader.take(4)?; // time to live
        let length = reader.u16()?;
        let data = reader.take(usize::from(length))?;
        if (kind, class) == (TYPE_A, CLASS_IN) {
            let octets: [u8; 4] = data.try_into().map_err(|_| {
                ReplyError::Malformed("an A record not 4 bytes")
            })?;
            addresses.push(Ipv4Addr::from(octets));
        }
    }
    Ok(addresses)
}
// ANCHOR_END: records

#[cfg(test)]
mod tests;
