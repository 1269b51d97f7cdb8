//! The link check: every URL in every page that points into the site must
//! name a file of the site, and every `#fragment` must name an id in the page
//! it points to. Links to other hosts are collected, listed on request and
//! fetched only on request (the check must work offline).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;

use anyhow::Result;

use crate::site::{Page, Site, Target};

/// What the link check found.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub links: usize,
    /// One message per broken link, naming the page, the element and why.
    pub errors: Vec<String>,
    /// Every external URL, with the pages that link to it.
    pub external: BTreeMap<String, BTreeSet<String>>,
}

/// Checks every internal link and fragment of the site.
pub fn check(site: &Site) -> Result<Report> {
    let mut pages = HashMap::new();
    for path in site.html_files()? {
        let page = site.page(&path)?;
        pages.insert(path, page);
    }
    let mut report = Report {
        pages: pages.len(),
        ..Report::default()
    };
    let mut names: Vec<_> = pages.keys().cloned().collect();
    names.sort();
    for name in &names {
        check_page(site, &pages[name], &pages, &mut report)?;
    }
    Ok(report)
}

fn check_page(
    site: &Site,
    page: &Page,
    pages: &HashMap<String, Page>,
    report: &mut Report,
) -> Result<()> {
    let base = site.base_of(page)?;
    for r in &page.references {
        report.links += 1;
        let what =
            format!("{}: <{} {}=\"{}\">", page.path, r.tag, r.attr, r.value);
        match site.resolve(&base, &r.value) {
            Target::Other => {}
            Target::External(url) => {
                report
                    .external
                    .entry(url)
                    .or_default()
                    .insert(page.path.clone());
            }
            Target::Outside(path) => report.errors.push(format!(
                "{what}: leads to {path}, outside the site (served from {})",
                site.url_of("")?.path()
            )),
            Target::Internal { path, fragment } => {
                let Some(file) = site.file(&path) else {
                    report.errors.push(format!("{what}: no such file {path}"));
                    continue;
                };
                let Some(fragment) = fragment else { continue };
                // Only HTML pages have ids to check; a fragment of an image or
                // a text file means something else.
                if let Some(target) = pages.get(&file)
                    && !target.ids.contains(&fragment)
                {
                    report.errors.push(format!(
                        "{what}: {file} has no id \"{fragment}\""
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Fetches each external URL once with curl and returns a message for each
/// that fails. Only run when asked: it needs the network.
pub fn fetch_external(
    external: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut errors = Vec::new();
    for (url, pages) in external {
        // The fragment is the browser's business, not the server's.
        let address = url.split('#').next().unwrap_or(url);
        let result = Command::new("curl")
            .args(["--silent", "--show-error", "--location", "--fail"])
            .args([
                "--max-time",
                "20",
                "--range",
                "0-0",
                "--output",
                "/dev/null",
            ])
            .arg(address)
            .output();
        let pages: Vec<_> = pages.iter().map(String::as_str).collect();
        match result {
            Ok(out) if out.status.success() => {}
            Ok(out) => errors.push(format!(
                "{url} (linked from {}): {}",
                pages.join(", "),
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => errors.push(format!("{url}: could not run curl: {e}")),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::site_with;

    fn errors(files: &[(&str, &str)], site_url: &str) -> Vec<String> {
        let dir = site_with(files);
        let site = Site::new(dir.path(), site_url).unwrap();
        check(&site).unwrap().errors
    }

    const GOOD: &[(&str, &str)] = &[
        (
            "index.html",
            r##"<html><head><link rel="stylesheet" href="css/a.css"></head>
            <body><h1 id="top">Top</h1><a href="ch/one.html#two">1</a>
            <a href="#top">top</a><a href="ch/">folder</a>
            <a href="https://example.com/x">out</a><a href="mailto:a@b.c">mail</a>
            <img src="img/a%20b.png"></body></html>"##,
        ),
        (
            "ch/one.html",
            r##"<html><body><h2 id="two">Two</h2><a href="../index.html#top">up</a>
            <script src="../js/a.js"></script></body></html>"##,
        ),
        (
            "ch/index.html",
            "<html><body><a name=\"old\">x</a></body></html>",
        ),
        ("css/a.css", "body {}"),
        ("js/a.js", ""),
        ("img/a b.png", "png"),
    ];

    #[test]
    fn a_good_site_passes_and_lists_external_links() {
        let dir = site_with(GOOD);
        let site = Site::new(dir.path(), "/").unwrap();
        let report = check(&site).unwrap();
        assert_eq!(report.errors, Vec::<String>::new());
        assert_eq!(report.pages, 3);
        assert_eq!(
            report.external.keys().collect::<Vec<_>>(),
            ["https://example.com/x"]
        );
    }

    #[test]
    fn a_missing_page_fails_naming_the_page() {
        let mut files = GOOD.to_vec();
        files[1].1 = r#"<html><body><h2 id="two"></h2><a href="../nowhere.html">x</a></body></html>"#;
        assert_eq!(
            errors(&files, "/"),
            [
                "ch/one.html: <a href=\"../nowhere.html\">: no such file nowhere.html"
            ]
        );
    }

    #[test]
    fn a_missing_script_or_stylesheet_fails() {
        let files: Vec<_> = GOOD
            .iter()
            .filter(|(p, _)| *p != "js/a.js")
            .copied()
            .collect();
        assert_eq!(
            errors(&files, "/"),
            ["ch/one.html: <script src=\"../js/a.js\">: no such file js/a.js"]
        );
    }

    #[test]
    fn a_bad_fragment_fails_naming_the_page() {
        let mut files = GOOD.to_vec();
        files[1].1 = r#"<html><body><h2 id="two"></h2><a href="../index.html#bottom">x</a></body></html>"#;
        assert_eq!(
            errors(&files, "/"),
            [
                "ch/one.html: <a href=\"../index.html#bottom\">: index.html has no id \"bottom\""
            ]
        );
    }

    #[test]
    fn a_bad_fragment_in_the_same_page_fails() {
        let mut files = GOOD.to_vec();
        files[2].1 = r##"<html><body><a href="#nope">x</a></body></html>"##;
        assert_eq!(
            errors(&files, "/"),
            [
                "ch/index.html: <a href=\"#nope\">: ch/index.html has no id \"nope\""
            ]
        );
    }

    #[test]
    fn an_absolute_link_outside_a_project_path_fails() {
        let mut files = GOOD.to_vec();
        files[2].1 = r#"<html><body><a href="/index.html">x</a></body></html>"#;
        assert_eq!(
            errors(&files, "/book/"),
            [
                "ch/index.html: <a href=\"/index.html\">: leads to /index.html, outside the site (served from /book/)"
            ]
        );
        // The same link is fine on a site served from the root.
        assert_eq!(errors(&files, "/"), Vec::<String>::new());
    }

    #[test]
    fn fetching_external_links_reports_the_dead_ones() {
        use std::io::{BufRead, BufReader, Write};
        use std::net::TcpListener;

        // A two-answer web server on 127.0.0.1: /ok is there, the rest is not.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            for _ in 0..2 {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = String::new();
                BufReader::new(&stream).read_line(&mut request).unwrap();
                let status = if request.starts_with("GET /ok ") {
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                stream.write_all(response.as_bytes()).unwrap();
            }
        });
        let mut external = BTreeMap::new();
        for path in ["ok#part", "gone"] {
            let pages = BTreeSet::from(["index.html".to_owned()]);
            external.insert(format!("http://127.0.0.1:{port}/{path}"), pages);
        }
        let errors = fetch_external(&external);
        server.join().unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(&format!(
                "http://127.0.0.1:{port}/gone (linked from index.html): "
            )),
            "{errors:?}"
        );
        assert!(errors[0].contains("404"), "{errors:?}");
    }

    #[test]
    fn a_base_href_is_honoured_as_on_a_404_page() {
        // mdBook's 404 page is served at any depth, so it sets <base href> to
        // the site's path and links relative to that.
        let mut files = GOOD.to_vec();
        files.push((
            "404.html",
            r#"<html><head><base href="/book/"><link rel="stylesheet" href="css/a.css"></head>
            <body><a href="ch/one.html#two">x</a></body></html>"#,
        ));
        assert_eq!(errors(&files, "/book/"), Vec::<String>::new());
        let last = files.len() - 1;
        files[last].1 = r#"<html><head><base href="/book/"></head><body><a href="one.html">x</a></body></html>"#;
        assert_eq!(
            errors(&files, "/book/"),
            ["404.html: <a href=\"one.html\">: no such file one.html"]
        );
    }
}
