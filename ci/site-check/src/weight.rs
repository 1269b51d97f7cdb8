//! The page-weight check: the bytes a reader's browser fetches to show each
//! page (its HTML, and every stylesheet, script, font and image it loads),
//! held against a budget.
//!
//! What a page loads is read from its HTML: `<link rel=stylesheet>`, the
//! first `<link rel=icon>` (a browser picks one), `<script src>` and
//! `<img src>`, and from each stylesheet every `url(...)` and `@import`
//! (fonts and images). Fonts are those the page fetched in a browser when
//! `--fonts` gives them (measured by ci/node/page-fonts.mjs), else every
//! font a stylesheet names, an upper bound. Resources a
//! script fetches later are counted only where the budget file says when
//! (the `[[lazy]]` rules: mermaid's bundle only on a page with a diagram).
//! Each resource counts once per page. Budgets hold the bytes as stored
//! (what the browser must parse and keep); the report also gives the total
//! gzip-compressed, about what crosses the network from a server that
//! compresses, as GitHub Pages does.
//!
//! Each page is also weighed without its diagrams (the budget file's
//! `[diagrams]` elements cut out of its HTML, and whatever only they load),
//! and fails when they add more than the budget allows.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;
use regex::Regex;
use scraper::Selector;
use serde::Deserialize;
use url::Url;

use crate::site::{Page, Site, Target};

/// The budget file (`ci/page-budget.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub budget: Limits,
    #[serde(default)]
    pub lazy: Vec<Lazy>,
    pub diagrams: Option<Diagrams>,
}

/// What a page's diagrams may add to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Diagrams {
    /// The elements that hold a diagram, each `tag.class`
    /// (`div.diagram`, `pre.mermaid`).
    pub elements: Vec<String>,
    /// How much a page's diagrams may add to what it weighs without them,
    /// in percent of that.
    pub max_added_percent: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Bytes a page may load, unless a rule below says otherwise.
    pub default: u64,
    /// Per-page budgets, by path relative to the site's folder.
    #[serde(default)]
    pub pages: HashMap<String, u64>,
}

/// A resource that a script loads only on pages with a matching element.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lazy {
    /// The resource's path relative to the site's folder.
    pub resource: String,
    /// A CSS selector: the resource loads on a page where it matches.
    pub when: String,
    /// The budget of a page that loads it (a per-page budget still wins).
    pub budget: Option<u64>,
}

impl Budget {
    pub fn read(path: &Path) -> Result<Self> {
        let text = fs::read_to_string(path)
            .with_context(|| format!("reading {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("parsing {}", path.display()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Css,
    Js,
    Font,
    Image,
}

fn kind_of(path: &str) -> Kind {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "css" => Kind::Css,
        "js" | "mjs" => Kind::Js,
        "woff" | "woff2" | "ttf" | "otf" | "eot" => Kind::Font,
        _ => Kind::Image,
    }
}

/// One page's weight, by kind of resource, in bytes.
#[derive(Debug, Default, Clone)]
pub struct Row {
    pub page: String,
    pub html: u64,
    pub css: u64,
    pub js: u64,
    pub fonts: u64,
    pub images: u64,
    /// The page and its resources, each gzip-compressed on its own.
    pub gzip: u64,
    pub budget: u64,
    /// Why this budget applies ("default", "page", or a lazy resource).
    pub budget_from: String,
    /// How many diagrams the page has.
    pub diagrams: usize,
    /// The page weighed without its diagrams (their HTML, and whatever only
    /// they load): the total, and the same gzip-compressed.
    pub without: u64,
    pub without_gzip: u64,
}

impl Row {
    pub fn total(&self) -> u64 {
        self.html + self.css + self.js + self.fonts + self.images
    }

    /// What the diagrams add, in percent of the page without them, rounded
    /// up.
    pub fn added_percent(&self) -> u64 {
        let added = self.total().saturating_sub(self.without);
        (added * 100).div_ceil(self.without.max(1))
    }
}

/// A `tag.class` of the budget's diagram elements, as (tag, class).
fn parse_element(spec: &str) -> Result<(String, String)> {
    match spec.split_once('.') {
        Some((tag, class))
            if !tag.is_empty()
                && !class.is_empty()
                && tag.chars().all(|c| c.is_ascii_alphanumeric())
                && !class.contains(['.', ' ', '[', '#']) =>
        {
            Ok((tag.to_ascii_lowercase(), class.to_owned()))
        }
        _ => anyhow::bail!(
            "diagram element {spec:?} in the budget is not tag.class"
        ),
    }
}

/// The byte ranges of the page's outermost diagram elements, found in its
/// HTML as written (so the bytes are exact): each `<tag` start tag whose
/// class list holds the class, to its matching end tag.
fn diagram_ranges(
    html: &str,
    elements: &[(String, String)],
) -> Vec<(usize, usize)> {
    let lower = html.to_ascii_lowercase();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (tag, class) in elements {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&open).map(|i| i + from) {
            from = i + open.len();
            let Some(end_of_tag) = lower[i..].find('>').map(|e| e + i) else {
                break;
            };
            let start_tag = &html[i..=end_of_tag];
            let after = start_tag.as_bytes().get(open.len()).copied();
            if !matches!(after, Some(b' ' | b'>' | b'\t' | b'\n')) {
                continue; // <divx ...>, another element
            }
            if !has_class(start_tag, class) {
                continue;
            }
            // Walk to the matching end tag, counting nested tags of the kind.
            let mut depth = 1;
            let mut at = end_of_tag + 1;
            let end = loop {
                let next_open = lower[at..].find(&open).map(|j| j + at);
                let Some(next_close) = lower[at..].find(&close).map(|j| j + at)
                else {
                    break html.len();
                };
                match next_open {
                    Some(o) if o < next_close => {
                        depth += 1;
                        at = o + open.len();
                    }
                    _ => {
                        depth -= 1;
                        at = next_close + close.len();
                        if depth == 0 {
                            break at;
                        }
                    }
                }
            };
            ranges.push((i, end));
            from = end;
        }
    }
    ranges.sort();
    // Keep only the outermost: a diagram inside another is counted with it.
    let mut out: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        if out.last().is_none_or(|last| r.0 >= last.1) {
            out.push(r);
        }
    }
    out
}

/// Whether a start tag's class attribute lists `class`.
fn has_class(start_tag: &str, class: &str) -> bool {
    let Some(i) = start_tag.find("class=") else {
        return false;
    };
    let rest = &start_tag[i + "class=".len()..];
    let value = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
        _ => rest.split([' ', '>']).next().unwrap_or(""),
    };
    value.split_whitespace().any(|c| c == class)
}

/// The length of `bytes` once gzip-compressed.
fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

#[derive(Debug, Default)]
pub struct Report {
    pub rows: Vec<Row>,
    /// Pages over budget and resources that cannot be weighed, each naming
    /// the page.
    pub errors: Vec<String>,
    /// Files that load on demand and are in no page's figure (the search
    /// index), with their sizes.
    pub on_demand: Vec<(String, u64)>,
}

struct Weigher<'a> {
    site: &'a Site,
    /// The resources each stylesheet loads, by the stylesheet's path.
    css_cache: HashMap<String, Vec<Found>>,
    /// Each file's gzip-compressed size, by its path.
    gzip_cache: HashMap<String, u64>,
    /// The fonts each page uses, as measured in a browser, if given.
    fonts: Option<&'a Fonts>,
    url_re: Regex,
    import_re: Regex,
    comment_re: Regex,
}

/// The fonts each page uses, by page, as `ci/node/page-fonts.mjs` measures
/// them in Chromium: one line per page, the page's path and then the path
/// of every font file it fetched, separated by spaces.
#[derive(Debug, Default)]
pub struct Fonts(HashMap<String, BTreeSet<String>>);

impl Fonts {
    pub fn parse(text: &str) -> Fonts {
        let mut map = HashMap::new();
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if let Some(page) = words.next() {
                map.insert(page.to_owned(), words.map(str::to_owned).collect());
            }
        }
        Fonts(map)
    }

    pub fn read(path: &Path) -> Result<Fonts> {
        let text = fs::read_to_string(path)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Fonts::parse(&text))
    }
}

/// A URL found while weighing a page, resolved.
#[derive(Debug, Clone)]
enum Found {
    File(String),
    Problem(String),
}

/// Weighs every HTML page of the site against `budget`, counting the fonts
/// in `fonts` where given (else every font the stylesheets name).
pub fn check(
    site: &Site,
    budget: &Budget,
    fonts: Option<&Fonts>,
) -> Result<Report> {
    let mut w = Weigher {
        site,
        fonts,
        css_cache: HashMap::new(),
        gzip_cache: HashMap::new(),
        url_re: Regex::new(
            r#"url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"#,
        )?,
        import_re: Regex::new(r#"@import\s+(?:"([^"]*)"|'([^']*)')"#)?,
        comment_re: Regex::new(r"(?s)/\*.*?\*/")?,
    };
    let mut lazy = Vec::new();
    for rule in &budget.lazy {
        let selector = Selector::parse(&rule.when).map_err(|e| {
            anyhow::anyhow!("bad selector {:?} in the budget: {e}", rule.when)
        })?;
        lazy.push((rule, selector));
    }
    let mut report = Report::default();
    let pages = site.html_files()?;
    // A budget for a page that is gone would silently cover its successor.
    let mut named: Vec<_> = budget.budget.pages.keys().collect();
    named.sort();
    for name in named {
        if !pages.contains(name) {
            report.errors.push(format!(
                "{name}: has a budget, but the site has no such page"
            ));
        }
    }
    let elements = match &budget.diagrams {
        Some(d) => d
            .elements
            .iter()
            .map(|e| parse_element(e))
            .collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    for path in pages {
        let text = fs::read_to_string(site.dir.join(&path))
            .with_context(|| format!("reading {path}"))?;
        let page = Page::parse(&path, &text);
        let mut row = w.weigh(&page, budget, &lazy, &mut report.errors)?;
        // The same page without its diagrams, weighed the same way.
        let ranges = diagram_ranges(&text, &elements);
        row.diagrams = ranges.len();
        if ranges.is_empty() {
            (row.without, row.without_gzip) = (row.total(), row.gzip);
        } else {
            let mut stripped = String::with_capacity(text.len());
            let mut at = 0;
            for (start, end) in &ranges {
                stripped.push_str(&text[at..*start]);
                at = *end;
            }
            stripped.push_str(&text[at..]);
            let bare = Page::parse(&path, &stripped);
            let mut ignored = Vec::new();
            let mut r = w.weigh(&bare, budget, &lazy, &mut ignored)?;
            r.gzip = r.gzip - w.gzip(&path)? + gzip_len(stripped.as_bytes())?;
            (row.without, row.without_gzip) = (r.total(), r.gzip);
        }
        if let Some(d) = &budget.diagrams
            && row.diagrams > 0
            && row.total() * 100 > row.without * (100 + d.max_added_percent)
        {
            report.errors.push(format!(
                "{}: its {} diagrams add {}% to it ({} to {} bytes), over the {}% the budget allows",
                row.page,
                row.diagrams,
                row.added_percent(),
                row.without,
                row.total(),
                d.max_added_percent
            ));
        }
        if row.total() > row.budget {
            report.errors.push(format!(
                "{}: loads {} bytes, over its budget of {} bytes ({})",
                row.page,
                row.total(),
                row.budget,
                row.budget_from
            ));
        }
        report.rows.push(row);
    }
    for name in root_files(site)? {
        if name.starts_with("searchindex") && name.ends_with(".js") {
            let bytes = fs::metadata(site.dir.join(&name))?.len();
            report.on_demand.push((name, bytes));
        }
    }
    Ok(report)
}

/// The names of the files directly in the site's folder, sorted.
fn root_files(site: &Site) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(&site.dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

impl Weigher<'_> {
    fn weigh(
        &mut self,
        page: &Page,
        budget: &Budget,
        lazy: &[(&Lazy, Selector)],
        errors: &mut Vec<String>,
    ) -> Result<Row> {
        let base = self.site.base_of(page)?;
        let mut found = Vec::new();
        let doc = &page.document;
        let stylesheets =
            Selector::parse(r#"link[rel~="stylesheet"][href]"#).expect("valid");
        for link in doc.select(&stylesheets) {
            found.push(
                self.locate(
                    &base,
                    link.value().attr("href").unwrap_or_default(),
                ),
            );
        }
        let icons =
            Selector::parse(r#"link[rel~="icon"][href]"#).expect("valid");
        if let Some(icon) = doc.select(&icons).next() {
            found.push(
                self.locate(
                    &base,
                    icon.value().attr("href").unwrap_or_default(),
                ),
            );
        }
        for (tag, attr) in [("script", "src"), ("img", "src")] {
            let selector =
                Selector::parse(&format!("{tag}[{attr}]")).expect("valid");
            for element in doc.select(&selector) {
                found.push(self.locate(
                    &base,
                    element.value().attr(attr).unwrap_or_default(),
                ));
            }
        }
        let mut row = Row {
            page: page.path.clone(),
            html: page.bytes,
            gzip: self.gzip(&page.path)?,
            budget: budget.budget.default,
            budget_from: "default".into(),
            ..Row::default()
        };
        for (rule, selector) in lazy {
            if doc.select(selector).next().is_some() {
                found.push(Found::File(rule.resource.clone()));
                if let Some(b) = rule.budget {
                    row.budget = b;
                    row.budget_from =
                        format!("has {}, loads {}", rule.when, rule.resource);
                }
            }
        }
        if let Some(&b) = budget.budget.pages.get(&page.path) {
            row.budget = b;
            row.budget_from = "its own budget".into();
        }

        // Follow stylesheets to what they load, counting each file once.
        // With fonts measured in a browser, the fonts the page fetched are
        // counted instead of every font the stylesheets name.
        let measured = match self.fonts {
            Some(fonts) => match fonts.0.get(&page.path) {
                Some(used) => Some(used),
                None => {
                    errors.push(format!(
                        "{}: its fonts were not measured",
                        page.path
                    ));
                    None
                }
            },
            None => None,
        };
        if let Some(used) = measured {
            found.extend(used.iter().cloned().map(Found::File));
        }
        let mut files = BTreeSet::new();
        let mut problems = BTreeSet::new();
        while let Some(f) = found.pop() {
            match f {
                Found::Problem(p) => {
                    problems.insert(p);
                }
                Found::File(path) => {
                    let font = kind_of(&path) == Kind::Font;
                    if font && measured.is_some_and(|m| !m.contains(&path)) {
                        continue;
                    }
                    if !files.insert(path.clone()) {
                        continue;
                    }
                    if kind_of(&path) == Kind::Css {
                        found.extend(self.stylesheet(&path)?);
                    }
                }
            }
        }
        for path in files {
            match fs::metadata(self.site.dir.join(&path)) {
                Ok(meta) => {
                    let n = meta.len();
                    row.gzip += self.gzip(&path)?;
                    match kind_of(&path) {
                        Kind::Css => row.css += n,
                        Kind::Js => row.js += n,
                        Kind::Font => row.fonts += n,
                        Kind::Image => row.images += n,
                    }
                }
                Err(_) => {
                    problems
                        .insert(format!("loads {path}, which does not exist"));
                }
            }
        }
        for p in problems {
            errors.push(format!("{}: {p}", page.path));
        }
        Ok(row)
    }

    /// The size of the file at `path` once gzip-compressed.
    fn gzip(&mut self, path: &str) -> Result<u64> {
        if let Some(&n) = self.gzip_cache.get(path) {
            return Ok(n);
        }
        let bytes = fs::read(self.site.dir.join(path))
            .with_context(|| format!("reading {path}"))?;
        let n = gzip_len(&bytes)?;
        self.gzip_cache.insert(path.to_owned(), n);
        Ok(n)
    }

    fn locate(&self, base: &Url, reference: &str) -> Found {
        match self.site.resolve(base, reference) {
            Target::Internal { path, .. } => Found::File(path),
            Target::External(url) => Found::Problem(format!(
                "loads {url} from another host, which cannot be weighed"
            )),
            Target::Outside(path) => {
                Found::Problem(format!("loads {path}, outside the site"))
            }
            Target::Other => Found::Problem(format!(
                "loads {reference}, which cannot be weighed"
            )),
        }
    }

    /// The files a stylesheet loads (fonts, images, imported stylesheets).
    fn stylesheet(&mut self, path: &str) -> Result<Vec<Found>> {
        if let Some(found) = self.css_cache.get(path) {
            return Ok(found.clone());
        }
        // A missing stylesheet is reported when its size is taken.
        let text =
            fs::read_to_string(self.site.dir.join(path)).unwrap_or_default();
        let text = self.comment_re.replace_all(&text, "");
        let base = self.site.url_of(path)?;
        let mut found = Vec::new();
        for re in [&self.url_re, &self.import_re] {
            for c in re.captures_iter(&text) {
                let Some(m) = c.iter().skip(1).flatten().next() else {
                    continue;
                };
                let reference = m.as_str();
                if reference.is_empty() || reference.starts_with("data:") {
                    continue;
                }
                found.push(self.locate(&base, reference));
            }
        }
        self.css_cache.insert(path.to_owned(), found.clone());
        Ok(found)
    }
}

/// The report as a table, in kilobytes (1 kB = 1000 bytes). `measured`:
/// whether the fonts were measured in a browser.
pub fn table(report: &Report, measured: bool) -> String {
    let kb = |n: u64| format!("{:.1}", n as f64 / 1000.0);
    let width = report
        .rows
        .iter()
        .map(|r| r.page.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$} {:>7} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>6} {:>8} {:>8} {:>8}",
        "page",
        "html",
        "css",
        "js",
        "fonts",
        "images",
        "total",
        "budget",
        "gzip",
        "diagrams",
        "without",
        "w/o gzip",
    );
    for r in &report.rows {
        let flag = if r.total() > r.budget { "  OVER" } else { "" };
        let diagrams = if r.diagrams == 0 {
            "-".to_owned()
        } else {
            format!("{} +{}%", r.diagrams, r.added_percent())
        };
        let _ = writeln!(
            out,
            "{:<width$} {:>7} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>6} {:>8} {:>8} {:>8}{flag}",
            r.page,
            kb(r.html),
            kb(r.css),
            kb(r.js),
            kb(r.fonts),
            kb(r.images),
            kb(r.total()),
            kb(r.budget),
            kb(r.gzip),
            diagrams,
            kb(r.without),
            kb(r.without_gzip),
        );
    }
    let fonts = if measured {
        "fonts are those the page fetched in Chromium"
    } else {
        "fonts are every font the stylesheets name, an upper bound (--fonts counts those a page uses)"
    };
    let _ = writeln!(
        out,
        "(kB; {fonts}; gzip is the total with each file gzip-compressed, about what a \
         compressing server sends; diagrams: how many, and what they add to the page; \
         without: the same page without them, raw and gzip-compressed)"
    );
    for (name, bytes) in &report.on_demand {
        let _ = writeln!(
            out,
            "on demand, in no figure above: {name}, {} kB, when the reader opens search",
            kb(*bytes)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::site_with;

    const BUDGET: &str = r#"
        [budget]
        default = 1000
        [budget.pages]
        "big.html" = 5000

        [[lazy]]
        resource = "mermaid.min.js"
        when = "pre.mermaid"
        budget = 3000
    "#;

    /// Weighs a site of `files`, plus a small `big.html` if they have none
    /// (the budget names it).
    fn run(files: &[(&str, &str)]) -> Report {
        let mut files = files.to_vec();
        if !files.iter().any(|(p, _)| *p == "big.html") {
            files.push(("big.html", "<html></html>"));
        }
        run_exactly(&files)
    }

    fn run_exactly(files: &[(&str, &str)]) -> Report {
        let dir = site_with(files);
        let site = Site::new(dir.path(), "/").unwrap();
        let budget: Budget = toml::from_str(BUDGET).unwrap();
        check(&site, &budget, None).unwrap()
    }

    fn row<'a>(report: &'a Report, page: &str) -> &'a Row {
        report.rows.iter().find(|r| r.page == page).unwrap()
    }

    const PAGE: &str = r#"<html><head><link rel="stylesheet" href="css/a.css">
        <link rel="icon" href="i.svg"><link rel="shortcut icon" href="i.png">
        <script src="a.js"></script><script src="a.js"></script></head>
        <body><img src="p.png"></body></html>"#;

    #[test]
    fn counts_each_resource_once_by_kind_and_follows_css() {
        let css = "/* url(ignored.woff2) */ @import 'b.css'; @font-face { src: url('../f.woff2') }";
        let b = "body { background: url(\"../p.png\") } x { y: url(data:image/png;base64,AA) }";
        let report = run(&[
            ("index.html", PAGE),
            ("css/a.css", css),
            ("css/b.css", b),
            ("f.woff2", &"f".repeat(100)),
            ("i.svg", &"i".repeat(10)),
            ("i.png", &"i".repeat(1000)),
            ("a.js", &"j".repeat(50)),
            ("p.png", &"p".repeat(20)),
        ]);
        assert_eq!(report.errors, Vec::<String>::new());
        let r = row(&report, "index.html");
        assert_eq!(r.html, PAGE.len() as u64);
        assert_eq!(r.css, (css.len() + b.len()) as u64);
        assert_eq!(r.js, 50);
        assert_eq!(r.fonts, 100);
        // The first icon and the image, which the page and a stylesheet share.
        assert_eq!(r.images, 30);
        // Seven files, each compressed: more than nothing, less than raw.
        assert!(r.gzip > 0 && r.gzip < r.total() + 7 * 30, "{}", r.gzip);
    }

    #[test]
    fn an_over_budget_page_fails_naming_the_page() {
        let report = run(&[
            ("index.html", "<html><body>small</body></html>"),
            (
                "heavy.html",
                r#"<html><body><script src="big.js"></script></body></html>"#,
            ),
            ("big.js", &"x".repeat(2000)),
        ]);
        let total = row(&report, "heavy.html").total();
        assert_eq!(
            report.errors,
            [format!(
                "heavy.html: loads {total} bytes, over its budget of 1000 bytes (default)"
            )]
        );
        assert!(table(&report, false).contains("OVER"));
    }

    #[test]
    fn a_page_budget_overrides_the_default() {
        let report = run(&[
            (
                "big.html",
                r#"<html><body><script src="big.js"></script></body></html>"#,
            ),
            ("big.js", &"x".repeat(2000)),
        ]);
        assert_eq!(report.errors, Vec::<String>::new());
        assert_eq!(row(&report, "big.html").budget, 5000);
    }

    #[test]
    fn a_budget_for_a_page_that_is_gone_fails() {
        let report = run_exactly(&[("index.html", "<html></html>")]);
        assert_eq!(
            report.errors,
            ["big.html: has a budget, but the site has no such page"]
        );
    }

    #[test]
    fn the_lazy_bundle_counts_only_on_pages_with_a_diagram() {
        let mermaid = "m".repeat(2500);
        let report = run(&[
            ("plain.html", "<html><body><pre>code</pre></body></html>"),
            (
                "diagram.html",
                r#"<html><body><pre class="mermaid">graph TD; a-->b</pre></body></html>"#,
            ),
            ("mermaid.min.js", &mermaid),
        ]);
        assert_eq!(report.errors, Vec::<String>::new());
        assert_eq!(row(&report, "plain.html").js, 0);
        assert_eq!(row(&report, "diagram.html").js, 2500);
        assert_eq!(row(&report, "diagram.html").budget, 3000);
    }

    #[test]
    fn a_missing_or_external_resource_fails() {
        let report = run(&[(
            "index.html",
            r#"<html><head><script src="gone.js"></script>
            <script src="https://cdn.example.com/x.js"></script></head></html>"#,
        )]);
        assert_eq!(
            report.errors,
            [
                "index.html: loads gone.js, which does not exist",
                "index.html: loads https://cdn.example.com/x.js from another host, which cannot be weighed",
            ]
        );
    }

    const WITH_DIAGRAMS: &str = r#"
        [budget]
        default = 100000
        [diagrams]
        elements = ["div.diagram", "pre.mermaid"]
        max-added-percent = 30
        [[lazy]]
        resource = "mermaid.min.js"
        when = "pre.mermaid"
    "#;

    fn run_with(
        budget: &str,
        files: &[(&str, &str)],
        fonts: Option<&str>,
    ) -> Report {
        let dir = site_with(files);
        let site = Site::new(dir.path(), "/").unwrap();
        let budget: Budget = toml::from_str(budget).unwrap();
        let fonts = fonts.map(Fonts::parse);
        check(&site, &budget, fonts.as_ref()).unwrap()
    }

    #[test]
    fn a_page_is_also_weighed_without_its_diagrams() {
        // Nested divs inside the diagram (as in an SVG's foreignObject) end
        // with it; the div after it is the page's own.
        let diagram = r#"<div class="diagram"><svg><foreignObject><div>x</div></foreignObject></svg></div>"#;
        let text = "t".repeat(1000);
        let page = format!(
            "<html><body><p>{text}</p>{diagram}<div>after</div></body></html>"
        );
        let report = run_with(WITH_DIAGRAMS, &[("a.html", &page)], None);
        assert_eq!(report.errors, Vec::<String>::new());
        let r = row(&report, "a.html");
        assert_eq!(r.diagrams, 1);
        assert_eq!(r.total(), page.len() as u64);
        assert_eq!(r.without, (page.len() - diagram.len()) as u64);
        assert!(r.without_gzip < r.gzip, "{} {}", r.without_gzip, r.gzip);
    }

    #[test]
    fn diagrams_that_add_too_much_fail_naming_the_page() {
        let svg = format!(r#"<pre class="mermaid">{}</pre>"#, "g".repeat(100));
        let page = format!("<html><body>{}</body></html>", "t".repeat(300));
        let heavy = page.replace("<body>", &format!("<body>{svg}"));
        let report = run_with(
            WITH_DIAGRAMS,
            &[
                ("light.html", &page),
                ("heavy.html", &heavy),
                ("mermaid.min.js", "m"),
            ],
            None,
        );
        let r = row(&report, "heavy.html");
        // Its diagram's HTML and the bundle it loads, against the bare page.
        assert_eq!(r.without, page.len() as u64);
        assert_eq!(r.total(), page.len() as u64 + svg.len() as u64 + 1);
        assert_eq!(
            report.errors,
            [format!(
                "heavy.html: its 1 diagrams add {}% to it ({} to {} bytes), over the 30% the budget allows",
                r.added_percent(),
                r.without,
                r.total()
            )]
        );
        assert_eq!(row(&report, "light.html").diagrams, 0);
    }

    #[test]
    fn only_an_element_with_the_class_is_a_diagram() {
        let html = r#"<pre class="mermaidx">a</pre><pre>b</pre><pre class='x mermaid'>c</pre><prefix class="mermaid">"#;
        let ranges = diagram_ranges(html, &[("pre".into(), "mermaid".into())]);
        let found: Vec<_> = ranges.iter().map(|&(s, e)| &html[s..e]).collect();
        assert_eq!(found, ["<pre class='x mermaid'>c</pre>"]);
        assert!(parse_element("div").is_err());
        assert!(parse_element("div.a.b").is_err());
    }

    #[test]
    fn measured_fonts_replace_the_fonts_the_stylesheets_name() {
        let files = [
            (
                "a.html",
                r#"<html><head><link rel="stylesheet" href="f.css"></head></html>"#,
            ),
            ("b.html", "<html></html>"),
            (
                "f.css",
                "@font-face { src: url(used.woff2) } @font-face { src: url(unused.woff2) }",
            ),
            ("used.woff2", "uuuuu"),
            ("unused.woff2", "nnnnnnnnnn"),
        ];
        let upper = run_with(WITH_DIAGRAMS, &files, None);
        assert_eq!(row(&upper, "a.html").fonts, 15);
        let measured = run_with(
            WITH_DIAGRAMS,
            &files,
            Some("a.html used.woff2\nb.html\n"),
        );
        assert_eq!(measured.errors, Vec::<String>::new());
        assert_eq!(row(&measured, "a.html").fonts, 5);
        assert_eq!(row(&measured, "b.html").fonts, 0);
        let unmeasured =
            run_with(WITH_DIAGRAMS, &files, Some("a.html used.woff2\n"));
        assert_eq!(unmeasured.errors, ["b.html: its fonts were not measured"]);
        assert!(table(&measured, true).contains("fetched in Chromium"));
    }
}
