//! The terminal session the chapter shows (`session.txt`, an nc session) is
//! replayed against a real server: the inputs are read from the file, and
//! what the server answers must rebuild the file exactly.

mod common;

use common::Server;
use listing_11_02::{Config, PROMPT};

const SESSION: &str = include_str!("../session.txt");

#[tokio::test]
async fn the_session_in_the_chapter_is_what_the_server_says() {
    let server = Server::start(Config::default()).await;
    let mut client = server.connect().await;

    let (command, _) = SESSION.split_once('\n').unwrap();
    assert_eq!(command, "$ nc 127.0.0.1 2323");
    // What the user typed follows each prompt.
    let typed = SESSION.lines().filter_map(|line| line.strip_prefix(PROMPT));

    let mut shown = format!("{command}\n");
    for input in typed {
        // nc shows the server's CRLF as plain line ends.
        shown += &client.until_prompt().await.replace("\r\n", "\n");
        shown += input;
        shown += "\n";
        if input == "^C" {
            break; // Ctrl-C ends nc, and with it the connection
        }
        client.send(format!("{input}\n").as_bytes()).await;
    }
    assert_eq!(shown, SESSION);
    server.shut_down().await;
}
