//! Cancellation safety: a `select!` branch that loses a message when it is
//! dropped in the middle of a read, and a reader that loses nothing.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::time::{interval, sleep};

/// Sends two messages, each a length byte and then the text, and stalls
/// in the middle of each, as a slow network does.
async fn send_slowly(mut writer: DuplexStream) -> io::Result<()> {
    for word in ["hello", "world"] {
        let len = u8::try_from(word.len()).expect("short words");
        writer.write_u8(len).await?;
        writer.write_all(&word.as_bytes()[..2]).await?;
        sleep(Duration::from_millis(130)).await;
        writer.write_all(&word.as_bytes()[2..]).await?;
    }
    Ok(()) // dropping the writer ends the stream
}

// ANCHOR: unsafe_read
/// Reads one message. Not cancel safe: dropped after the length byte or
/// part of the text, it takes what it read with it.
async fn read_message(
    reader: &mut (impl AsyncRead + Unpin),
) -> io::Result<String> {
    let len = reader.read_u8().await?;
    let mut text = vec![0; usize::from(len)];
    reader.read_exact(&mut text).await?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}
// ANCHOR_END: unsafe_read

// ANCHOR: safe_read
/// Keeps the bytes read so far in itself, not in the future of `next`,
/// so dropping that future loses nothing.
struct MessageReader<R> {
    reader: R,
    buffer: Vec<u8>,
}

impl<R: AsyncRead + Unpin> MessageReader<R> {
    /// The next message, or `None` at a clean end of the stream.
    async fn next(&mut self) -> io::Result<Option<String>> {
        loop {
            if let Some(message) = self.take_message() {
                return Ok(Some(message));
            }
            // Cancel safe: if dropped while waiting, it has read nothing.
            if self.reader.read_buf(&mut self.buffer).await? == 0 {
                return match self.buffer.is_empty() {
                    true => Ok(None),
                    false => Err(io::ErrorKind::UnexpectedEof.into()),
                };
            }
        }
    }
}
// ANCHOR_END: safe_read

impl<R> MessageReader<R> {
    /// Takes one whole message off the front of the buffer, if it holds one.
    fn take_message(&mut self) -> Option<String> {
        let &len = self.buffer.first()?;
        let end = 1 + usize::from(len);
        if self.buffer.len() < end {
            return None;
        }
        let text: Vec<u8> = self.buffer.drain(..end).skip(1).collect();
        Some(String::from_utf8_lossy(&text).into_owned())
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // ANCHOR: loop
    println!("read_message in select!:");
    let (mut reader, writer) = tokio::io::duplex(64);
    let sender = tokio::spawn(send_slowly(writer));
    let mut ticks = interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            message = read_message(&mut reader) => match message {
                Ok(text) => println!("  message {text:?}"),
                Err(error) => {
                    println!("  read failed: {error}");
                    break;
                }
            },
            _ = ticks.tick() => println!("  tick"),
        }
    }
    // ANCHOR_END: loop
    sender
        .await
        .expect("no panic")
        .expect("the reader reads to the end");

    // ANCHOR: fixed
    println!("MessageReader::next in select!:");
    let (reader, writer) = tokio::io::duplex(64);
    let sender = tokio::spawn(send_slowly(writer));
    let mut messages = MessageReader {
        reader,
        buffer: Vec::new(),
    };
    let mut ticks = interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            message = messages.next() => match message {
                Ok(Some(text)) => println!("  message {text:?}"),
                Ok(None) => break,
                Err(error) => {
                    println!("  read failed: {error}");
                    break;
                }
            },
            _ = ticks.tick() => println!("  tick"),
        }
    }
    // ANCHOR_END: fixed
    sender
        .await
        .expect("no panic")
        .expect("the reader reads to the end");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::timeout;

    const WAIT: Duration = Duration::from_millis(10);

    #[tokio::test(start_paused = true)]
    async fn a_dropped_next_loses_nothing() {
        let (reader, mut writer) = tokio::io::duplex(64);
        let mut messages = MessageReader {
            reader,
            buffer: Vec::new(),
        };
        writer.write_all(&[5, b'h', b'e']).await.unwrap();
        // The timeout drops `next` after it has read half a message.
        let half = timeout(WAIT, messages.next()).await;
        assert!(half.is_err(), "half a message is not a message");
        writer.write_all(b"llo").await.unwrap();
        let whole = timeout(WAIT, messages.next()).await;
        let whole = whole.expect("the rest arrived").expect("no I/O error");
        assert_eq!(whole.as_deref(), Some("hello"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_read_message_loses_what_it_read() {
        let (mut reader, mut writer) = tokio::io::duplex(64);
        writer.write_all(&[5, b'h', b'e']).await.unwrap();
        let half = timeout(WAIT, read_message(&mut reader)).await;
        assert!(half.is_err(), "half a message is not a message");
        writer.write_all(b"llo").await.unwrap();
        drop(writer);
        // "l" (108) is now taken for a length, and the stream ends early.
        let after = timeout(WAIT, read_message(&mut reader)).await;
        let after = after.expect("the closed stream ends the read");
        assert!(after.is_err(), "expected a lost message, got {after:?}");
    }
}
