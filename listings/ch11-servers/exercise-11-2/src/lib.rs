//! Exercise 11-2, solved: a client for the TCP mojifinder. [`ask`] connects,
//! waits for the prompt, sends one query, reads the answer up to the
//! status line and checks that the count there matches the lines read.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// What the server writes when it is ready for a query.
const PROMPT: &[u8; 3] = b"?> ";

/// The longest line read from the server, as the server bounds the lines
/// it reads (a result line is under 120 bytes): a server that sends an
/// endless line is an error, not a growing buffer.
pub const MAX_LINE: usize = 1024;

/// One line of an answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    pub code: u32,
    pub char: char,
    pub name: String,
}

// ANCHOR: ask
/// The longest a whole exchange may take: a server that accepts and then
/// says nothing must not hang the client.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Asks the mojifinder at `addr` for `query`.
pub async fn ask(addr: SocketAddr, query: &str) -> anyhow::Result<Vec<Found>> {
    timeout(TIMEOUT, exchange(addr, query))
        .await
        .with_context(|| format!("no answer from {addr} in {TIMEOUT:?}"))?
}
// ANCHOR_END: ask

// ANCHOR: exchange
async fn exchange(addr: SocketAddr, query: &str) -> anyhow::Result<Vec<Found>> {
    let stream = TcpStream::connect(addr).await.context("connecting")?;
    let mut stream = BufReader::new(stream);
    let mut prompt = [0; 3];
    stream
        .read_exact(&mut prompt)
        .await
        .context("reading the prompt")?;
    if &prompt != PROMPT {
        // Not a prompt: a full server says why in one line.
        let mut rest = String::new();
        read_line(&mut stream, &mut rest).await?;
        let said = String::from_utf8_lossy(&prompt) + rest.trim_end();
        bail!("no prompt; the server said {said:?}");
    }
    stream.write_all(format!("{query}\r\n").as_bytes()).await?;
    read_answer(&mut stream).await
}
// ANCHOR_END: exchange

// ANCHOR: answer
/// Reads result lines up to the status line, and checks its count.
async fn read_answer(
    stream: &mut BufReader<TcpStream>,
) -> anyhow::Result<Vec<Found>> {
    let mut found = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if read_line(stream, &mut line).await? == 0 {
            bail!("the server closed the connection mid-answer");
        }
        let line = line.trim_end_matches("\r\n");
        if let Some(status) = line.strip_prefix(&"─".repeat(66)) {
            let count: usize =
                status.trim().trim_end_matches(" found").parse()?;
            if count != found.len() {
                bail!("status says {count}, but {} lines came", found.len());
            }
            return Ok(found);
        }
        found.push(parse(line).with_context(|| format!("bad line {line:?}"))?);
    }
}
// ANCHOR_END: answer

/// Reads one line into `line`, as `read_line` does, but at most
/// [`MAX_LINE`] bytes of it: a longer line is an error.
async fn read_line(
    stream: &mut BufReader<TcpStream>,
    line: &mut String,
) -> anyhow::Result<usize> {
    let mut bytes = Vec::new();
    let limit = MAX_LINE as u64 + 1; // one more, to see it is too long
    let n = (&mut *stream)
        .take(limit)
        .read_until(b'\n', &mut bytes)
        .await?;
    if n > MAX_LINE {
        bail!("a line longer than {MAX_LINE} bytes");
    }
    line.push_str(std::str::from_utf8(&bytes).context("a line not in UTF-8")?);
    Ok(n)
}

/// Parses `U+1F431\t🐱\tCAT FACE`.
fn parse(line: &str) -> anyhow::Result<Found> {
    let mut fields = line.split('\t');
    let (Some(code), Some(char), Some(name), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        bail!("expected three fields separated by tabs");
    };
    let code =
        u32::from_str_radix(code.strip_prefix("U+").context("no U+")?, 16)?;
    let mut chars = char.chars();
    let (Some(char), None) = (chars.next(), chars.next()) else {
        bail!("expected one character");
    };
    if u32::from(char) != code {
        bail!("U+{code:04X} is not {char:?}");
    }
    Ok(Found {
        code,
        char,
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use listing_11_02::{Config, bind, run};
    use tokio::sync::oneshot;

    #[tokio::test]
    async fn asks_the_chapters_server() {
        let listener = bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let index = Arc::new(charindex::CharIndex::new());
        let (stop, stopped) = oneshot::channel::<()>();
        let server =
            tokio::spawn(run(listener, index, Config::default(), stopped));

        let found = ask(addr, "cat face").await.unwrap();
        assert_eq!(found.len(), 10);
        assert_eq!(
            found[0],
            Found {
                code: 0x1F431,
                char: '🐱',
                name: "CAT FACE".into()
            }
        );
        assert!(ask(addr, "xyzzy").await.unwrap().is_empty());

        stop.send(()).unwrap();
        timeout(TIMEOUT, server).await.unwrap().unwrap();
        assert!(ask(addr, "cat").await.is_err(), "no server, an error");
    }

    #[tokio::test]
    async fn a_full_server_is_an_error_that_quotes_it() {
        let listener = bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let index = Arc::new(charindex::CharIndex::new());
        let config = Config {
            max_connections: 1,
            ..Config::default()
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(run(listener, index, config, stopped));
        // This connection takes the only place once it has its prompt.
        let mut holder = TcpStream::connect(addr).await.unwrap();
        let mut prompt = [0; 3];
        holder.read_exact(&mut prompt).await.unwrap();

        let error = ask(addr, "cat face").await.unwrap_err().to_string();
        assert_eq!(
            error,
            "no prompt; the server said \"server busy: 1 clients \
             connected, please try again later\""
        );
        stop.send(()).unwrap();
        drop(holder);
        timeout(TIMEOUT, server).await.unwrap().unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_server_is_a_timeout_not_a_hang() {
        // Connections complete in the kernel's queue, but nobody accepts
        // them, so nothing is ever said. Paused time makes 10 s instant.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let asked = timeout(2 * TIMEOUT, ask(addr, "cat face"));
        let error = asked.await.expect("ask did not give up").unwrap_err();
        assert_eq!(error.to_string(), format!("no answer from {addr} in 10s"));
    }

    /// A server that prompts, takes the query, and answers with `endless`
    /// over and over without a newline, keeping the connection open.
    async fn endless_server(prompt: &'static [u8]) -> SocketAddr {
        let listener =
            tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            stream.write_all(prompt).await.unwrap();
            let chunk = [b'a'; 4096];
            while stream.write_all(&chunk).await.is_ok() {}
        });
        addr
    }

    #[tokio::test]
    async fn an_endless_line_is_an_error_not_a_growing_buffer() {
        // In an answer, and in place of the prompt.
        for prompt in [&PROMPT[..], b""] {
            let addr = endless_server(prompt).await;
            let asked = timeout(TIMEOUT / 2, ask(addr, "cat face")).await;
            let error = asked.expect("no error before the deadline");
            let error = format!("{:#}", error.unwrap_err());
            assert!(
                error.ends_with("a line longer than 1024 bytes"),
                "{error}"
            );
        }
    }

    #[test]
    fn rejects_lines_that_do_not_fit_the_protocol() {
        assert!(parse("U+1F431\t🐱\tCAT FACE").is_ok());
        for bad in ["", "U+1F431 CAT FACE", "U+0041\tB\tLATIN", "1F431\t🐱\tX"]
        {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
