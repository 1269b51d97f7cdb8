//! The `crawl` binary, run as a reader runs it, against the demo site and
//! other servers that each test starts on 127.0.0.1, on a port of its own.
//! Every run has a deadline: a crawl that hangs is killed and fails.

use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use exercise_15_1::demo::DemoSite;

const CRAWL: &str = env!("CARGO_BIN_EXE_crawl");

/// The output file of a crawl of the demo site, as if served at port 8015
/// (`crawl --with-demo-site`); the chapter shows it.
const DEMO_PAGES: &str = include_str!("../demo-pages.txt");

/// A temporary directory holding `urls.txt` with `text` in it.
struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn with_urls(text: &str) -> Dir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("urls.txt"), text).unwrap();
        Dir { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The names of the files in it, temporary files included.
    fn files(&self) -> BTreeSet<String> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect()
    }

    /// `crawl urls.txt -o pages.txt ARGS`, started, with output captured.
    fn spawn(&self, args: &[&str]) -> Child {
        Command::new(CRAWL)
            .arg(self.path("urls.txt"))
            .arg("-o")
            .arg(self.path("pages.txt"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs")
    }

    /// Runs `crawl` to the end, for at most 30 s.
    fn crawl(&self, args: &[&str]) -> Output {
        finish(self.spawn(args), 30)
    }

    fn pages(&self) -> String {
        std::fs::read_to_string(self.path("pages.txt")).unwrap()
    }
}

/// Waits for `child` to exit, for at most `secs` seconds, so that a hung
/// crawl fails the test instead of hanging it. Its output is small, well
/// under what a pipe holds, so it cannot block on a full pipe meanwhile.
fn finish(mut child: Child, secs: u64) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("crawl still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn demo_site() -> DemoSite {
    DemoSite::start("127.0.0.1:0".parse().unwrap()).unwrap()
}

/// `text` as if the site at `addr` were at 127.0.0.1:8015.
fn as_if_8015(text: &str, addr: SocketAddr) -> String {
    text.replace(&addr.to_string(), "127.0.0.1:8015")
}

/// A port on 127.0.0.1 where nothing listens: bound, then freed.
fn dead_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn the_demo_site_is_crawled_each_page_once_with_every_failure_reported() {
    let site = demo_site();
    let urls = format!("# the demo site\n\n  http://{}/#top\n", site.addr());
    let dir = Dir::with_urls(&urls);
    let output = dir.crawl(&["-t", "3"]);
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(0), "{out}{err}");

    // The output file, exactly.
    assert_eq!(as_if_8015(&dir.pages(), site.addr()), DEMO_PAGES);
    // And no temporary file left beside it.
    let expected = ["pages.txt", "urls.txt"].map(String::from);
    assert_eq!(dir.files(), expected.into());
    // It has the permissions of any new file, not a temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |name| {
            let metadata = std::fs::metadata(dir.path(name)).unwrap();
            metadata.permissions().mode()
        };
        std::fs::File::create(dir.path("ordinary")).unwrap();
        assert_eq!(mode("pages.txt"), mode("ordinary"));
    }

    // Each page once, and nothing else: not the link in the text file
    // (secret.html), nor the one in the stalled page (never.html), nor
    // e.html against the redirect's URL (/e.html), nor c.html without the
    // <base href> (/moved/c.html); a second a.html would be the link to
    // the other origin, localhost.
    let hits = site.hits();
    let paths: BTreeSet<&str> = DEMO_PAGES
        .lines()
        .map(|line| line.split(' ').next().unwrap())
        .map(|url| url.strip_prefix("http://127.0.0.1:8015").unwrap())
        .collect();
    assert_eq!(
        hits.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        paths
    );
    assert!(hits.values().all(|&n| n == 1), "{hits:?}");

    // The counts, and the links left alone.
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("13 pages in "), "{out}");
    assert!(lines[0].ends_with("pages.txt"), "{out}");
    assert_eq!(
        lines[1..],
        [
            "200: 7, 404: 1, error: 1, not HTML: 2, redirect: 1, timeout: 1",
            "links not followed: 1 to other origins, 0 over the limits",
        ]
    );
    // Every failure, with its URL.
    let base = format!("http://{}", site.addr());
    assert_eq!(
        err,
        format!(
            "crawl: {base}/big.html: error: body over 1024 KiB\n\
             crawl: {base}/missing.html: 404 Not Found\n\
             crawl: {base}/stall.html: timeout\n"
        )
    );
}

#[test]
fn at_most_concurrency_requests_are_in_flight() {
    // The slow page holds a request for half a second while others go:
    // with -c 3, stall.html (queued next) starts meanwhile, so at least two
    // are in flight at once; with -c 1, never more than one.
    for (concurrency, at_least, at_most) in [(1, 1, 1), (3, 2, 3)] {
        let site = demo_site();
        let dir = Dir::with_urls(&format!("http://{}/", site.addr()));
        let c = concurrency.to_string();
        let output = dir.crawl(&["-t", "1", "-c", &c]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(dir.pages().lines().count(), 13);
        let max = site.max_in_flight();
        assert!((at_least..=at_most).contains(&max), "-c {c}: {max} at once");
    }
}

#[test]
fn depth_and_max_pages_limit_the_crawl() {
    let site = demo_site();
    let dir = Dir::with_urls(&format!("http://{}/", site.addr()));
    let base = format!("http://{}", site.addr());

    let output = dir.crawl(&["--depth", "0"]);
    assert_eq!(dir.pages(), format!("{base}/ 200 HTML, 12 links\n"));
    let out = stdout(&output);
    assert!(out.contains("1 page in"), "{out}");
    assert!(
        out.contains(": 1 to other origins, 10 over the limits"),
        "{out}"
    );

    // The links of a page are queued in order: /, then a.html and b.html.
    dir.crawl(&["--max-pages", "3", "-t", "5"]);
    let pages: Vec<String> = dir.pages().lines().map(String::from).collect();
    let expected = ["/ 200 HTML, 12 links", "/a.html 200", "/b.html 200"];
    assert_eq!(pages.len(), 3, "{pages:?}");
    for (page, start) in pages.iter().zip(expected) {
        assert!(page.starts_with(&format!("{base}{start}")), "{page}");
    }

    // A redirect does not count as a step: /moved/ is at depth 1, as is
    // old.html, and e.html, linked from /moved/, at depth 2.
    dir.crawl(&["--depth", "1", "-t", "1"]);
    let pages = dir.pages();
    assert!(pages.contains(&format!("{base}/moved/ 200")), "{pages}");
    assert!(!pages.contains("/moved/e.html"), "{pages}");
}

#[test]
fn a_dead_port_is_a_connection_error_and_a_failure() {
    let url = format!("http://127.0.0.1:{}/", dead_port());
    let dir = Dir::with_urls(&url);
    let output = dir.crawl(&[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(&format!("crawl: no answer from {url}: ")),
        "{err}"
    );
    assert!(
        err.contains("connection error: Connection refused"),
        "{err}"
    );
    // The output file is written all the same: it is the record.
    let pages = dir.pages();
    assert!(
        pages.starts_with(&format!("{url} connection error")),
        "{pages}"
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Accepts every connection, keeps it open, and says nothing.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let dir = Dir::with_urls(&url);
    let start = Instant::now();
    let output = dir.crawl(&["--timeout", "1"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(&format!("crawl: no answer from {url}: timeout")));
    assert_eq!(dir.pages(), format!("{url} timeout\n"));
}

#[test]
fn a_bad_urls_file_is_exit_status_2_with_its_line() {
    for (text, message) in [
        ("http://127.0.0.1:1/\n# fine\n\nnot a url\n", "urls.txt:4: "),
        ("\n\nftp://127.0.0.1/\n", "urls.txt:3: not an http:// URL"),
        ("http://127.0.0.1:1/\nhttp://\n", "urls.txt:2: empty host"),
        ("# only a comment\n\n", "urls.txt: no URLs in it"),
        ("https://127.0.0.1:1/\n", "urls.txt:1: https:// needs TLS"),
    ] {
        let dir = Dir::with_urls(text);
        let output = dir.crawl(&[]);
        assert_eq!(output.status.code(), Some(2), "{text:?}");
        let err = stderr(&output);
        assert!(err.starts_with("crawl: "), "{err}");
        assert!(err.contains(message), "{text:?}: {err}");
        assert_eq!(dir.files(), ["urls.txt".to_string()].into());
    }
    // A file that is not there.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let output = finish(
        Command::new(CRAWL)
            .arg(&missing)
            .args(["-o", "pages.txt"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        30,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read "));
}

#[test]
fn an_output_that_cannot_be_written_fails_before_any_request() {
    let site = demo_site();
    let dir = Dir::with_urls(&format!("http://{}/", site.addr()));
    let output = finish(
        Command::new(CRAWL)
            .arg(dir.path("urls.txt"))
            .args(["-o", "/proc/pages.txt"]) // no file can be made there
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        30,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("crawl: cannot write in /proc"));
    assert!(site.hits().is_empty());
}

#[test]
fn the_output_is_replaced_whole_or_not_at_all() {
    let site = demo_site();
    let url = format!("http://{}/", site.addr());
    let dir = Dir::with_urls(&url);
    // A longer file than the new one: nothing of it may remain.
    std::fs::write(dir.path("pages.txt"), "old results\n".repeat(100)).unwrap();
    let output = dir.crawl(&["--depth", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(dir.pages(), format!("{url} 200 HTML, 12 links\n"));

    // A directory where the file should go: the rename fails, and the
    // temporary file goes with it.
    std::fs::remove_file(dir.path("pages.txt")).unwrap();
    std::fs::create_dir(dir.path("pages.txt")).unwrap();
    let output = dir.crawl(&["--depth", "0"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("crawl: cannot write "), "{err}");
    let expected = ["pages.txt", "urls.txt"].map(String::from);
    assert_eq!(dir.files(), expected.into(), "no temporary file");
}

#[test]
fn ctrl_c_mid_crawl_writes_nothing_and_exits_130() {
    let site = demo_site();
    let dir = Dir::with_urls(&format!("http://{}/", site.addr()));
    // Last run's results: Ctrl-C must leave them as they are.
    std::fs::write(dir.path("pages.txt"), "old results\n").unwrap();
    // The stalled page holds the crawl for 30 s, unless interrupted.
    let child = dir.spawn(&["-t", "30"]);
    let start = Instant::now();
    while !site.hits().contains_key("/stall.html") {
        assert!(start.elapsed() < Duration::from_secs(20), "no stall.html");
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = finish(child, 10);
    assert_eq!(output.status.code(), Some(130));
    let err = stderr(&output);
    assert!(err.contains("crawl: Ctrl-C with "), "{err}");
    assert!(err.contains("pages.txt not written"), "{err}");
    assert_eq!(dir.pages(), "old results\n");
    let expected = ["pages.txt", "urls.txt"].map(String::from);
    assert_eq!(dir.files(), expected.into(), "no temporary file");
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_ctrl_c_exits_at_once() {
    use std::os::fd::AsRawFd;
    // Stuck: crawl writes 300 failures into a pipe of 4 KiB that nobody
    // reads, so it blocks after the crawl, where the first Ctrl-C can no
    // longer stop it.
    let (reader, writer) = std::io::pipe().unwrap();
    // SAFETY: fcntl on a pipe descriptor we own, with an integer argument.
    let size =
        unsafe { libc::fcntl(writer.as_raw_fd(), libc::F_SETPIPE_SZ, 4096) };
    assert!(size >= 4096, "F_SETPIPE_SZ");
    let port = dead_port();
    let urls: String = (0..300)
        .map(|i| format!("http://127.0.0.1:{port}/{i}\n"))
        .collect();
    let dir = Dir::with_urls(&urls);
    let mut child = Command::new(CRAWL)
        .arg(dir.path("urls.txt"))
        .arg("-o")
        .arg(dir.path("pages.txt"))
        .stderr(writer)
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let mut queued: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int through the pointer.
        let rc = unsafe {
            libc::ioctl(reader.as_raw_fd(), libc::FIONREAD, &mut queued)
        };
        assert_eq!(rc, 0, "FIONREAD");
        // Full but for less than a line: the next line cannot go in.
        if queued as usize + 100 > size as usize {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "never blocked");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Signals sent close together may arrive as one, so press Ctrl-C every
    // half second until crawl exits: once more than one has arrived, it
    // must end. Without the second-press exit it never would.
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("crawl still running after Ctrl-C pressed again and again");
        }
        let pid = child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.unwrap().success());
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(child.wait().unwrap().code(), Some(130));
    // Stopped before writing anything.
    assert_eq!(dir.files(), ["urls.txt".to_string()].into());
}

#[test]
fn a_closed_standard_output_is_an_error_not_a_panic() {
    let site = demo_site();
    let dir = Dir::with_urls(&format!("http://{}/a.html", site.addr()));
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // as `crawl ... | head -1` once head has gone
    let child = Command::new(CRAWL)
        .arg(dir.path("urls.txt"))
        .args(["--depth", "0", "-o"])
        .arg(dir.path("pages.txt"))
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = finish(child, 30);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write to standard output"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_closed_standard_error_is_no_panic() {
    // As in `crawl ... 2>&1 | head -1`: the failure lines have nowhere to go.
    let url = format!("http://127.0.0.1:{}/", dead_port());
    let dir = Dir::with_urls(&url);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(CRAWL)
        .arg(dir.path("urls.txt"))
        .arg("-o")
        .arg(dir.path("pages.txt"))
        .stdout(Stdio::piped())
        .stderr(writer)
        .spawn()
        .unwrap();
    let output = finish(child, 30);
    // No answer from the start URL: 1, as with a standard error to read.
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(stdout(&output).starts_with("1 page in "));
    assert!(dir.pages().contains(" connection error: "));
}

#[test]
fn several_start_urls_are_fetched_in_the_file_s_order_each_once() {
    let site = demo_site();
    let base = format!("http://{}", site.addr());
    let urls = format!("{base}/c.html\n{base}/b.html\n{base}/c.html#x\n");
    let dir = Dir::with_urls(&urls);
    // One at a time, no links followed: the order of the requests is the
    // order of the file.
    dir.crawl(&["-c", "1", "--depth", "0"]);
    let pages = dir.pages();
    assert_eq!(pages.lines().count(), 2, "{pages}");
    assert_eq!(site.hits().values().sum::<usize>(), 2);
    assert_eq!(site.requests(), ["/c.html", "/b.html"]);
}

#[test]
fn help_documents_the_output_format_and_exit_status() {
    let output = finish(
        Command::new(CRAWL)
            .arg("--help")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
        30,
    );
    assert!(output.status.success());
    let out = stdout(&output);
    assert!(out.contains("Usage: crawl [OPTIONS] --output <FILE> [URLS_FILE]"));
    assert!(out.contains("one line per page fetched, sorted by URL"));
    assert!(out.contains("Exit status: 0 when every start URL answered"));
    // Its examples are real lines of the demo site's output file.
    let examples: Vec<&str> = out
        .lines()
        .filter_map(|line| line.strip_prefix("  http://127.0.0.1:8015/"))
        .collect();
    assert_eq!(examples.len(), 6, "{out}");
    for example in examples {
        let line = format!("http://127.0.0.1:8015/{example}\n");
        assert!(DEMO_PAGES.contains(&line), "not in demo-pages.txt: {line}");
    }
}

#[test]
fn bad_flags_are_exit_status_2() {
    let dir = Dir::with_urls("http://127.0.0.1:1/\n");
    for args in [&["-c", "0"][..], &["--max-pages", "0"], &["-t", "0"]] {
        let output = dir.crawl(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).starts_with("error: "), "{args:?}");
    }
}

/// Without `--with-demo-site`, the URLs file is required.
#[test]
fn no_urls_file_is_exit_status_2_unless_crawling_the_demo_site() {
    let dir = tempfile::tempdir().unwrap();
    let output = finish(
        Command::new(CRAWL)
            .arg("-o")
            .arg(dir.path().join("pages.txt"))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
        30,
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("required arguments were not provided"),
        "{err}"
    );
    assert!(err.contains("<URLS_FILE>"), "{err}");
}

#[tokio::test]
async fn the_demo_site_waits_for_its_port_while_another_process_holds_it() {
    // Held for 300 ms, then freed: the site starts, on that port.
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = held.local_addr().unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
    });
    let start = Instant::now();
    let site = DemoSite::start_when_free(addr, Duration::from_secs(10)).await;
    assert_eq!(site.expect("started once freed").addr(), addr);
    assert!(start.elapsed() >= Duration::from_millis(200));

    // Held for good: an error, once the patience is spent.
    let held = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = held.local_addr().unwrap();
    let start = Instant::now();
    let error = DemoSite::start_when_free(addr, Duration::from_millis(300))
        .await
        .expect_err("the port stays taken");
    assert_eq!(error.kind(), std::io::ErrorKind::AddrInUse);
    assert!(start.elapsed() >= Duration::from_millis(300));
}
