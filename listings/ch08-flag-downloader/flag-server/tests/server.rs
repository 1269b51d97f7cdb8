//! The flag server, tested over real HTTP on 127.0.0.1 at an ephemeral port.

use std::time::{Duration, Instant};

use flag_server::{Background, COUNTRIES, Config, Delay, Fault};
use reqwest::StatusCode;

/// A client whose every request fails after 10 s, so no test can hang.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn get(url: &str) -> reqwest::Response {
    client()
        .get(url)
        .send()
        .await
        .expect("an answer within 10 s")
}

#[tokio::test]
async fn local_mode_serves_flags_and_metadata() {
    let server = Background::start(Config::local()).unwrap();
    let base = server.url();

    let response = get(&format!("{base}/flags/br/metadata.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let metadata: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        metadata,
        serde_json::json!({"iso_cc": "BR", "tld_cc": ".br", "country": "Brazil"})
    );

    let response = get(&format!("{base}/flags/gb/gb.gif")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/gif");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(bytes, flag_server::flag_gif("gb"));

    let uk: serde_json::Value = get(&format!("{base}/flags/gb/metadata.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(uk["tld_cc"], ".uk");
}

#[tokio::test]
async fn unknown_codes_and_files_are_not_found() {
    let server = Background::start(Config::local()).unwrap();
    let base = server.url();
    for path in [
        "/flags/zz/zz.gif",         // not a country
        "/flags/zz/metadata.json",  // not a country
        "/flags/BR/BR.gif",         // codes are lower case
        "/flags/br/fr.gif",         // another country's file
        "/flags/br/index.html",     // not a file we serve
        "/flags/br",                // a directory
        "/",                        // nothing there
        "/flags/brazil/brazil.gif", // not a code
    ] {
        let status = get(&format!("{base}{path}")).await.status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn delay_mode_waits_before_answering() {
    let delay = Duration::from_millis(200);
    let server = Background::start(Config::delay(Delay::Fixed(delay))).unwrap();
    let start = Instant::now();
    let status = get(&format!("{}/flags/fr/fr.gif", server.url()))
        .await
        .status();
    assert_eq!(status, StatusCode::OK);
    assert!(start.elapsed() >= delay);
}

#[test]
fn uniform_delays_are_per_code_and_seeded() {
    let (min, max) = (Duration::from_millis(500), Duration::from_secs(5));
    let config = Config::delay(Delay::Uniform { min, max }).with_seed(7);
    let delays: Vec<Duration> = COUNTRIES
        .iter()
        .map(|c| config.delay_for(c.iso_cc))
        .collect();
    assert!(delays.iter().all(|d| (min..=max).contains(d)));
    // The same code always waits as long, in either case.
    assert_eq!(config.delay_for("br"), config.delay_for("BR"));
    assert_eq!(
        delays,
        COUNTRIES.map(|c| config.delay_for(c.iso_cc)).to_vec()
    );
    // Delays differ between codes and between seeds.
    assert!(delays.iter().any(|d| *d != delays[0]));
    let other = config.clone().with_seed(8);
    assert_ne!(config.delay_for("BR"), other.delay_for("BR"));
}

#[test]
fn faults_have_exact_counts_for_a_seed() {
    let config = Config::local().with_errors(0.25, 0.05).with_seed(1);
    let faults = config.faults();
    let count = |f| faults.values().filter(|v| **v == f).count();
    assert_eq!(count(Fault::Teapot), 49); // 0.25 × 194 = 48.5, rounded
    assert_eq!(count(Fault::Stall), 10); // 0.05 × 194 = 9.7, rounded
    assert_eq!(
        faults,
        config.clone().faults(),
        "the same seed, the same faults"
    );
    assert_ne!(faults, config.with_seed(2).faults());
}

#[tokio::test]
async fn error_mode_answers_teapots_and_stalls() {
    let config = Config::local()
        .with_errors(0.1, 0.02)
        .with_seed(42)
        .with_stall(Duration::from_secs(30));
    let faults = config.faults();
    let server = Background::start(config).unwrap();
    // Long enough for every healthy answer on a busy machine, and far
    // shorter than the stalls.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();

    let requests = COUNTRIES.iter().map(|country| {
        let cc = country.iso_cc.to_ascii_lowercase();
        let url = format!("{}/flags/{cc}/{cc}.gif", server.url());
        let client = client.clone();
        async move {
            match client.get(url).send().await {
                Ok(response) => Ok(response.status()),
                Err(error) => Err(error.is_timeout()),
            }
        }
    });
    let results = futures::future::join_all(requests).await;

    let mut ok = 0;
    for (country, result) in COUNTRIES.iter().zip(results) {
        match (faults.get(country.iso_cc), result) {
            (None, Ok(StatusCode::OK)) => ok += 1,
            (Some(Fault::Teapot), Ok(StatusCode::IM_A_TEAPOT)) => {}
            (Some(Fault::Stall), Err(true)) => {} // timed out
            (fault, result) => {
                panic!("{}: {fault:?} gave {result:?}", country.iso_cc)
            }
        }
    }
    assert_eq!(ok, 194 - 19 - 4); // 10% and 2% of 194, rounded
}

#[tokio::test]
async fn many_concurrent_requests_all_succeed() {
    let delay = Duration::from_millis(100);
    let server = Background::start(Config::delay(Delay::Fixed(delay))).unwrap();
    let client = client();
    let requests = (0..300).map(|i| {
        let country = &COUNTRIES[i % COUNTRIES.len()];
        let cc = country.iso_cc.to_ascii_lowercase();
        client
            .get(format!("{}/flags/{cc}/metadata.json", server.url()))
            .send()
    });
    let responses = futures::future::join_all(requests).await;
    for response in responses {
        assert_eq!(response.unwrap().status(), StatusCode::OK);
    }
    assert_eq!(server.stats().requests(), 300);
    assert!(server.stats().max_in_flight() > 1, "requests overlapped");
}

#[test]
fn the_demo_gives_every_code_its_own_delay() {
    let config = flag_server::demo_config();
    let mut delays: Vec<u128> = flag_server::DEMO_CODES
        .iter()
        .map(|cc| config.delay_for(cc).as_millis())
        .collect();
    delays.sort();
    assert_eq!(delays, (1..=10).map(|n| n * 100).collect::<Vec<_>>());
}
