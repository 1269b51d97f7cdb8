//! The flag server of chapter 8: an HTTP server on 127.0.0.1 that serves a
//! synthetic flag and a small metadata document for each of 194 countries,
//! with the same URL layout as the local servers of the asyncio version:
//!
//! ```text
//! GET /flags/br/br.gif          the flag, a GIF
//! GET /flags/br/metadata.json   {"iso_cc":"BR","tld_cc":".br","country":"Brazil"}
//! ```
//!
//! Codes are lower case in the path; anything else is 404 Not Found. A
//! [`Config`] makes the server slow (a [`Delay`] before every response) and
//! unreliable (a share of the countries answer 418 I'm a Teapot, another share
//! stalls past any sensible client timeout). The choices are drawn from a
//! seed, so a test knows exactly which countries fail.
//!
//! [`serve`] runs the server on a listener the caller has bound, which is how
//! tests use it (`127.0.0.1:0`); [`Background`] runs it on a thread of its
//! own, which is how the demo programs of the chapter use it.

pub mod countries;
mod image;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use tokio::net::TcpListener;

pub use countries::{COUNTRIES, Country};
pub use image::flag_gif;

/// How long the server waits before it answers a request.
#[derive(Clone, Debug)]
pub enum Delay {
    /// Answer at once.
    None,
    /// The same wait for every request.
    Fixed(Duration),
    /// A wait drawn uniformly between `min` and `max` for each country code
    /// from [`Config::seed`], so a code waits as long on every request.
    Uniform { min: Duration, max: Duration },
    /// A wait per listed code (upper case); other codes answer at once.
    PerCode(Arc<HashMap<String, Duration>>),
}

/// The three modes of the asyncio version's local servers, and their ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// No delay, no errors: port 8000.
    Local,
    /// A delay of 0.5 to 5 seconds per country: port 8001.
    Delay,
    /// As DELAY, and a quarter of the countries answer 418 I'm a Teapot
    /// while one in twenty stalls for a minute: port 8002.
    Error,
}

impl Mode {
    /// The port the asyncio version's server for this mode listens on.
    pub fn port(self) -> u16 {
        match self {
            Mode::Local => 8000,
            Mode::Delay => 8001,
            Mode::Error => 8002,
        }
    }

    /// The default configuration of this mode.
    pub fn config(self) -> Config {
        let classic = Delay::Uniform {
            min: Duration::from_millis(500),
            max: Duration::from_secs(5),
        };
        match self {
            Mode::Local => Config::local(),
            Mode::Delay => Config::delay(classic),
            Mode::Error => Config::delay(classic).with_errors(0.25, 0.05),
        }
    }
}

/// What the server does; cheap to clone, and clones share [`Stats`].
#[derive(Clone, Debug)]
pub struct Config {
    /// The wait before every response, found or not.
    pub delay: Delay,
    /// The share of the 194 countries whose requests fail with 418.
    pub teapot_share: f64,
    /// The share of the 194 countries whose requests stall for `stall`
    /// (after the delay) before they are answered.
    pub stall_share: f64,
    /// How long a stalled request waits: longer than a client's timeout.
    pub stall: Duration,
    /// Seeds every random choice: delays and which countries fail.
    pub seed: u64,
    /// Counters a test can read while the server runs.
    pub stats: Arc<Stats>,
}

impl Config {
    /// LOCAL mode: no delay, no errors.
    pub fn local() -> Config {
        Config {
            delay: Delay::None,
            teapot_share: 0.0,
            stall_share: 0.0,
            stall: Duration::from_secs(60),
            seed: 0,
            stats: Arc::default(),
        }
    }

    /// DELAY mode: every response waits.
    pub fn delay(delay: Delay) -> Config {
        Config {
            delay,
            ..Config::local()
        }
    }

    /// Adds ERROR mode's failures: `teapot_share` of the countries answer
    /// 418, `stall_share` of them stall.
    pub fn with_errors(self, teapot_share: f64, stall_share: f64) -> Config {
        Config {
            teapot_share,
            stall_share,
            ..self
        }
    }

    /// Sets the seed of every random choice.
    pub fn with_seed(self, seed: u64) -> Config {
        Config { seed, ..self }
    }

    /// Sets how long a stalled request waits.
    pub fn with_stall(self, stall: Duration) -> Config {
        Config { stall, ..self }
    }

    /// The delay the server applies to requests for `cc`.
    pub fn delay_for(&self, cc: &str) -> Duration {
        let cc = cc.to_ascii_uppercase();
        match &self.delay {
            Delay::None => Duration::ZERO,
            Delay::Fixed(delay) => *delay,
            Delay::Uniform { min, max } => {
                let code = cc.bytes().fold(0u64, |n, b| n << 8 | u64::from(b));
                let mut rng = StdRng::seed_from_u64(self.seed ^ code);
                rng.random_range(*min..=*max)
            }
            Delay::PerCode(delays) => {
                delays.get(&cc).copied().unwrap_or_default()
            }
        }
    }

    /// Which countries fail, and how: shuffle the 194 codes with the seed,
    /// then the first `teapot_share` of them answer 418 and the next
    /// `stall_share` stall. The counts are exact, so tests can check them.
    pub fn faults(&self) -> HashMap<&'static str, Fault> {
        let mut codes: Vec<&'static str> =
            COUNTRIES.iter().map(|c| c.iso_cc).collect();
        codes.shuffle(&mut StdRng::seed_from_u64(self.seed));
        let share = |s: f64| (s.clamp(0.0, 1.0) * codes.len() as f64).round();
        let teapots = share(self.teapot_share) as usize;
        let stalls = share(self.stall_share) as usize;
        let mut faults = HashMap::new();
        for (i, cc) in codes.into_iter().enumerate() {
            if i < teapots {
                faults.insert(cc, Fault::Teapot);
            } else if i < teapots + stalls {
                faults.insert(cc, Fault::Stall);
            }
        }
        faults
    }
}

/// How a request for a failing country goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 418 I'm a Teapot, after the usual delay.
    Teapot,
    /// The answer comes only after [`Config::stall`].
    Stall,
}

/// What the server has seen, counted as it runs.
#[derive(Debug, Default)]
pub struct Stats {
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Stats {
    /// Requests received so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The most requests that were being handled at the same moment: the
    /// concurrency a client really used.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// Counts one request in until the returned guard is dropped, which also
    /// happens when the client goes away and the request is abandoned.
    fn enter(self: &Arc<Self>) -> InFlight {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(Arc::clone(self))
    }
}

struct InFlight(Arc<Stats>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What every handler shares: the config and the faults drawn from it.
struct App {
    config: Config,
    faults: HashMap<&'static str, Fault>,
}

// ANCHOR: router
/// The routes: one handler serves both files of a country.
pub fn router(config: Config) -> Router {
    let faults = config.faults();
    let app = Arc::new(App { config, faults });
    Router::new()
        .route("/flags/{cc}/{file}", get(flag_file))
        .with_state(app)
}
// ANCHOR_END: router

// ANCHOR: handler
async fn flag_file(
    State(app): State<Arc<App>>,
    Path((cc, file)): Path<(String, String)>,
) -> Response {
    let _in_flight = app.config.stats.enter();
    tokio::time::sleep(app.config.delay_for(&cc)).await;

    // Codes are lower case in paths, as in the asyncio version's layout.
    let found = countries::find(&cc).filter(|_| cc == cc.to_ascii_lowercase());
    let Some(country) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app.faults.get(country.iso_cc) {
        Some(Fault::Teapot) => return StatusCode::IM_A_TEAPOT.into_response(),
        Some(Fault::Stall) => tokio::time::sleep(app.config.stall).await,
        None => {}
    }
    if file == "metadata.json" {
        axum::Json(country).into_response() // the table row, as JSON
    } else if file == format!("{cc}.gif") {
        ([(header::CONTENT_TYPE, "image/gif")], flag_gif(&cc)).into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}
// ANCHOR_END: handler

// ANCHOR: serve
/// Serves `config` on `listener` until the returned future is dropped.
pub async fn serve(listener: TcpListener, config: Config) -> io::Result<()> {
    axum::serve(listener, router(config)).await
}
// ANCHOR_END: serve

/// A flag server on `127.0.0.1` at a port the system picks, running on a
/// thread of its own with its own single-threaded Tokio runtime, so that a
/// blocking program, or a test, can use it. It stops when dropped.
#[derive(Debug)]
pub struct Background {
    url: String,
    stats: Arc<Stats>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    /// Binds `127.0.0.1:0` and starts serving `config`.
    pub fn start(config: Config) -> io::Result<Background> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let url = format!("http://{}", std_listener.local_addr()?);
        let stats = Arc::clone(&config.stats);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("flag-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(std_listener)
                        .expect("inside a runtime");
                    tokio::select! {
                        result = serve(listener, config) => {
                            if let Err(error) = result {
                                eprintln!("flag server: {error}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
                // Dropping the runtime drops every connection still open.
            })?;
        Ok(Background {
            url,
            stats,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The base URL, such as `http://127.0.0.1:41234`, without a slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The server's counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ANCHOR: demo
/// The ten most populous countries, the flags the chapter's demos fetch.
pub const DEMO_CODES: [&str; 10] =
    ["CN", "IN", "US", "ID", "PK", "NG", "BR", "BD", "RU", "MX"];

/// The demos' server: each of the [`DEMO_CODES`] has its own delay, 100 ms,
/// 200 ms, ... 1 s, in an order shuffled from a fixed seed. Answers 100 ms
/// apart arrive in the same order on every run, however busy the machine.
pub fn demo_config() -> Config {
    let mut codes = DEMO_CODES;
    codes.shuffle(&mut StdRng::seed_from_u64(8));
    let delays = codes
        .iter()
        .zip(1..)
        .map(|(cc, n)| (cc.to_string(), Duration::from_millis(100 * n)))
        .collect();
    Config::delay(Delay::PerCode(Arc::new(delays)))
}
// ANCHOR_END: demo

/// What a demo program needs: the demo server, running in the background,
/// and an empty directory for the flags, deleted when the demo ends.
#[derive(Debug)]
pub struct Demo {
    server: Background,
    base_url: String,
    dest: tempfile::TempDir,
}

impl Demo {
    /// Starts the server of [`demo_config`] and makes the directory.
    pub fn start() -> io::Result<Demo> {
        let server = Background::start(demo_config())?;
        let base_url = format!("{}/flags", server.url());
        let dest = tempfile::tempdir()?;
        Ok(Demo {
            server,
            base_url,
            dest,
        })
    }

    /// Where the flags are: `http://127.0.0.1:PORT/flags`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The directory to save flags in.
    pub fn dest(&self) -> &std::path::Path {
        self.dest.path()
    }

    /// The server's counters.
    pub fn stats(&self) -> &Stats {
        self.server.stats()
    }

    /// Checks what a downloader left in the directory: exactly one file per
    /// code, `br.gif` for `BR`, each holding the bytes the server serves,
    /// and nothing else. Panics, naming the first difference, otherwise.
    pub fn assert_saved(&self, codes: &[&str]) {
        let mut expected: BTreeMap<String, Vec<u8>> = codes
            .iter()
            .map(|cc| (format!("{}.gif", cc.to_lowercase()), flag_gif(cc)))
            .collect();
        let entries = std::fs::read_dir(self.dest()).expect("a readable dir");
        for entry in entries {
            let path = entry.expect("a readable entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(served) = expected.remove(&name) else {
                panic!("unexpected file {name}");
            };
            let saved = std::fs::read(&path).expect("a readable file");
            assert!(saved == served, "{name}: not the bytes the server serves");
        }
        let missing: Vec<_> = expected.into_keys().collect();
        assert!(missing.is_empty(), "missing files: {missing:?}");
    }
}
