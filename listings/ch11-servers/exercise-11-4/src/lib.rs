//! Exercise 11-4, solved: telnet sends Ctrl-C as the bytes `FF F4 FF FD
//! 06` and an arrow key as `ESC [ A`, at once and with no newline after
//! them, so a server reading lines with `LinesCodec` waits for an Enter
//! that never comes. [`QueryCodec`] reads lines as `LinesCodec` does, but
//! ends the conversation as soon as the pending line starts with a control
//! character or `FF`, which never begins UTF-8 text.

use std::io;

use tokio_util::bytes::BytesMut;
use tokio_util::codec::{Decoder, LinesCodec, LinesCodecError};

// ANCHOR: codec
/// Lines as `LinesCodec` reads them, but a line that starts with a control
/// character or `FF` ends the conversation before its newline arrives.
pub struct QueryCodec {
    lines: LinesCodec,
}

/// `Some` if the pending line is known to end the conversation: a control
/// character comes out as a one-character line, which the server closes
/// on, and `FF` as the error of invalid UTF-8. Leading bytes that the
/// server's `trim` removes are skipped, as the server skips them.
fn early_end(buf: &mut BytesMut) -> Option<Result<String, LinesCodecError>> {
    let first = *buf.iter().find(|&&b| !trimmed(b))?;
    let end = match first {
        b'\r' | b'\n' => return None, // a blank line
        0xFF => Err(io::Error::from(io::ErrorKind::InvalidData).into()),
        b if b.is_ascii_control() => Ok(char::from(b).to_string()),
        _ => return None,
    };
    buf.clear(); // the conversation is over: the rest does not matter
    Some(end)
}
// ANCHOR_END: codec

/// The bytes that `str::trim` removes from the start of a line, in the
/// server, before it looks for a control character (but not the newline,
/// which ends a blank line). Whitespace beyond ASCII, such as U+00A0, is
/// not skipped here: such a line waits for its newline, and the server then
/// judges it as it would without the codec.
fn trimmed(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r')
}

impl QueryCodec {
    /// Lines of at most `max` bytes; the server passes its limit plus one,
    /// for the CR of a CRLF, as it does to `LinesCodec`.
    pub fn new(max: usize) -> QueryCodec {
        QueryCodec {
            lines: LinesCodec::new_with_max_length(max),
        }
    }
}

// ANCHOR: decoder
impl Decoder for QueryCodec {
    type Item = String;
    type Error = LinesCodecError;

    fn decode(
        &mut self,
        buf: &mut BytesMut,
    ) -> Result<Option<String>, Self::Error> {
        match early_end(buf) {
            Some(end) => end.map(Some),
            None => self.lines.decode(buf),
        }
    }

    /// Called at the end of the input, again and again until it returns
    /// `None`, so every line left in `buf` comes out.
    fn decode_eof(
        &mut self,
        buf: &mut BytesMut,
    ) -> Result<Option<String>, Self::Error> {
        match early_end(buf) {
            Some(end) => end.map(Some),
            None => self.lines.decode_eof(buf),
        }
    }
}
// ANCHOR_END: decoder

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    use futures::StreamExt;
    use tokio::io::{AsyncWriteExt, DuplexStream, ReadHalf, duplex, split};
    use tokio::time::timeout;
    use tokio_util::codec::FramedRead;

    type Lines = FramedRead<ReadHalf<DuplexStream>, QueryCodec>;

    /// A reader of lines, and the client's end, which stays open: only
    /// the codec can end a line early, not an end of input.
    async fn client_sends(bytes: &[u8]) -> (Lines, DuplexStream) {
        let (mut client, server) = duplex(4096);
        client.write_all(bytes).await.unwrap();
        let (reader, _) = split(server);
        (FramedRead::new(reader, QueryCodec::new(1024)), client)
    }

    async fn next(
        lines: &mut Lines,
    ) -> Option<Result<String, LinesCodecError>> {
        timeout(Duration::from_secs(10), lines.next())
            .await
            .expect("the codec waited for a newline")
    }

    #[tokio::test]
    async fn telnet_ctrl_c_ends_at_once_as_invalid_data() {
        let (mut lines, _client) = client_sends(b"\xff\xf4\xff\xfd\x06").await;
        match next(&mut lines).await {
            Some(Err(LinesCodecError::Io(error))) => {
                assert_eq!(error.kind(), io::ErrorKind::InvalidData);
            }
            other => panic!("expected invalid data, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn an_arrow_key_ends_at_once_as_a_control_character() {
        for keys in [&b"\x1b[A"[..], b"  \x1b[A", b"\x04"] {
            let (mut lines, _client) = client_sends(keys).await;
            let line = next(&mut lines).await.unwrap().unwrap();
            assert!(line.starts_with(char::is_control), "{keys:?}");
        }
    }

    /// What the chapter's server does with a line (`converse` in Listing
    /// 11-2): closes on a control character after trimming, prompts again
    /// on a blank line, answers anything else.
    fn server_does(line: &str) -> &'static str {
        let query = line.trim();
        if query.is_empty() {
            "prompt again"
        } else if query.starts_with(char::is_control) {
            "close"
        } else {
            "answer"
        }
    }

    #[tokio::test]
    async fn skips_the_whitespace_the_server_trims_and_no_more() {
        for (sent, expected) in [
            // A vertical tab or form feed is whitespace to the server.
            (&b"\x0ccat face\n"[..], "answer"),
            (b"\x0b\t cat\r\n", "answer"),
            (b" \x0c\r\n", "prompt again"),
            // No newline: the codec must see the control character.
            (b"\x0c\x1b[A", "close"),
            (b"\r\x1b[A", "close"),
        ] {
            let (mut lines, _client) = client_sends(sent).await;
            let line = next(&mut lines).await.unwrap().unwrap();
            assert_eq!(server_does(&line), expected, "{sent:?}");
        }
    }

    #[tokio::test]
    async fn ordinary_lines_pass_through() {
        let (mut lines, mut client) =
            client_sends(b"cat face\r\n\r\nmoon\n  chess").await;
        for expected in ["cat face", "", "moon"] {
            assert_eq!(next(&mut lines).await.unwrap().unwrap(), expected);
        }
        // The last line ends with the input.
        client.shutdown().await.unwrap();
        assert_eq!(next(&mut lines).await.unwrap().unwrap(), "  chess");
        assert!(next(&mut lines).await.is_none());
    }

    #[tokio::test]
    async fn lines_stay_bounded() {
        let (mut lines, _client) = client_sends(&[b'a'; 1025]).await;
        assert!(matches!(
            next(&mut lines).await,
            Some(Err(LinesCodecError::MaxLineLengthExceeded))
        ));
    }
}
