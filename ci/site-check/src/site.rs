//! The built site as a set of files, and how a URL found in one of its pages
//! maps to one of those files.
//!
//! URLs are resolved the way a browser resolves them, with the `url` crate,
//! against the address the page will have once deployed: the site lives
//! under `site_url` (for GitHub Pages of a project, `/repository-name/`), so
//! a link that climbs above it, or an absolute path outside it, is broken
//! even if it happens to work from `file://`.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use url::Url;

/// A host name that cannot exist, standing for the site's own origin.
const HOST: &str = "site.invalid";

/// The built site: its root folder and the address it is served from.
#[derive(Debug)]
pub struct Site {
    pub dir: PathBuf,
    root: Url,
}

/// Where a URL in a page leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site: its path relative to the site's folder, with `/`
    /// separators and percent-escapes decoded, and the fragment, if any.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// An `http` or `https` URL on another host.
    External(String),
    /// A URL on the site's host but outside the site's path, such as an
    /// absolute `/x.html` when the site lives under `/book/`.
    Outside(String),
    /// Something a link checker has nothing to say about: `mailto:`,
    /// `javascript:`, `data:` and the like.
    Other,
}

/// One URL found in a page: the element and attribute it came from.
#[derive(Debug, Clone)]
pub struct Reference {
    pub tag: String,
    pub attr: &'static str,
    pub value: String,
}

/// What the checks need to know about one HTML page.
#[derive(Debug)]
pub struct Page {
    /// The page's path relative to the site's folder (`ch01-iterators.html`).
    pub path: String,
    /// Every `id` in the page, and every `name` of an `<a>`.
    pub ids: HashSet<String>,
    /// The `href` of the page's `<base>`, if it has one.
    pub base: Option<String>,
    /// Every URL in `href`/`src` of the elements that load or link something.
    pub references: Vec<Reference>,
    /// The parsed document, for the selector queries of the weight check.
    pub document: Html,
    /// The size of the HTML file in bytes.
    pub bytes: u64,
}

/// The elements and attributes whose URLs are checked.
const LINKING: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
];

impl Site {
    /// The site in `dir`, to be served from the path `site_url` (such as
    /// `/` or `/async-rust-book/`).
    pub fn new(dir: &Path, site_url: &str) -> Result<Self> {
        if !dir.is_dir() {
            bail!("{} is not a folder (build the book first)", dir.display());
        }
        let mut path = site_url.to_owned();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        let root = Url::parse(&format!("http://{HOST}"))?
            .join(&path)
            .with_context(|| format!("bad site URL {site_url:?}"))?;
        Ok(Site {
            dir: dir.to_owned(),
            root,
        })
    }

    /// The path of every HTML file in the site, relative to its folder,
    /// sorted.
    pub fn html_files(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out)?;
        out.retain(|p| p.ends_with(".html") || p.ends_with(".htm"));
        out.sort();
        Ok(out)
    }

    /// Reads and parses the page at `path` (relative to the site's folder).
    pub fn page(&self, path: &str) -> Result<Page> {
        let file = self.dir.join(path);
        let text = fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        Ok(Page::parse(path, &text))
    }
}

impl Page {
    /// Parses `text` as the page at `path` (relative to the site's folder).
    pub fn parse(path: &str, text: &str) -> Page {
        let document = Html::parse_document(text);
        let mut ids = HashSet::new();
        let any = Selector::parse("[id]").expect("valid selector");
        for element in document.select(&any) {
            if let Some(id) = element.value().attr("id") {
                ids.insert(id.to_owned());
            }
        }
        let named = Selector::parse("a[name]").expect("valid selector");
        for element in document.select(&named) {
            if let Some(name) = element.value().attr("name") {
                ids.insert(name.to_owned());
            }
        }
        let base = Selector::parse("base[href]").expect("valid selector");
        let base = document
            .select(&base)
            .next()
            .and_then(|b| b.value().attr("href"))
            .map(str::to_owned);
        let mut references = Vec::new();
        for &(tag, attr) in LINKING {
            let selector = Selector::parse(&format!("{tag}[{attr}]"))
                .expect("valid selector");
            for element in document.select(&selector) {
                if let Some(value) = element.value().attr(attr) {
                    references.push(Reference {
                        tag: tag.to_owned(),
                        attr,
                        value: value.to_owned(),
                    });
                }
            }
        }
        Page {
            path: path.to_owned(),
            ids,
            base,
            references,
            document,
            bytes: text.len() as u64,
        }
    }
}

impl Site {
    /// The URL a page (or any file) of the site will have.
    pub fn url_of(&self, path: &str) -> Result<Url> {
        self.root
            .join(path)
            .with_context(|| format!("{path} has no valid URL"))
    }

    /// The URL that relative references in `page` are resolved against: the
    /// page's own, or its `<base href>` resolved against it.
    pub fn base_of(&self, page: &Page) -> Result<Url> {
        let own = self.url_of(&page.path)?;
        match &page.base {
            Some(base) => own.join(base).with_context(|| {
                format!("{}: bad <base href={base:?}>", page.path)
            }),
            None => Ok(own),
        }
    }

    /// Where `reference`, found in a document whose URL is `base`, leads.
    pub fn resolve(&self, base: &Url, reference: &str) -> Target {
        let Ok(url) = base.join(reference.trim()) else {
            // Not even a URL: treat it as a file that cannot exist.
            return Target::Internal {
                path: reference.to_owned(),
                fragment: None,
            };
        };
        match url.scheme() {
            "http" | "https" => {}
            _ => return Target::Other,
        }
        if url.host_str() != Some(HOST) {
            return Target::External(url.to_string());
        }
        let Some(rest) = url.path().strip_prefix(self.root.path()) else {
            return Target::Outside(url.path().to_owned());
        };
        let mut path = decode(rest);
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        let fragment = url.fragment().map(decode).filter(|f| !f.is_empty());
        Target::Internal { path, fragment }
    }

    /// The file that `path` names, following a folder to its `index.html`
    /// as a web server does; `None` if there is no such file.
    pub fn file(&self, path: &str) -> Option<String> {
        let full = self.dir.join(path);
        if full.is_file() {
            Some(path.to_owned())
        } else if full.is_dir() && full.join("index.html").is_file() {
            Some(format!("{}/index.html", path.trim_end_matches('/')))
        } else {
            None
        }
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
    {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).expect("walked under the root");
            let rel: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
            out.push(rel.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.to_owned(),
            fragment: fragment.map(str::to_owned),
        }
    }

    #[test]
    fn resolves_like_a_browser_under_a_project_path() {
        let site = Site::new(Path::new("."), "/book/").unwrap();
        let page = site.url_of("part/ch01.html").unwrap();
        assert_eq!(
            site.resolve(&page, "ch02.html"),
            internal("part/ch02.html", None)
        );
        assert_eq!(
            site.resolve(&page, "../index.html#top"),
            internal("index.html", Some("top"))
        );
        assert_eq!(
            site.resolve(&page, "#a%20b"),
            internal("part/ch01.html", Some("a b"))
        );
        assert_eq!(
            site.resolve(&page, "./"),
            internal("part/index.html", None)
        );
        assert_eq!(
            site.resolve(&page, "/book/x.html"),
            internal("x.html", None)
        );
        assert_eq!(
            site.resolve(&page, "/x.html"),
            Target::Outside("/x.html".into())
        );
        assert_eq!(
            site.resolve(&page, "../../x.html"),
            Target::Outside("/x.html".into())
        );
        assert_eq!(
            site.resolve(&page, "https://example.com/a"),
            Target::External("https://example.com/a".into())
        );
        assert_eq!(
            site.resolve(&page, "//example.com/a"),
            Target::External("http://example.com/a".into())
        );
        assert_eq!(
            site.resolve(&page, "mailto:someone@example.com"),
            Target::Other
        );
        assert_eq!(site.resolve(&page, "#"), internal("part/ch01.html", None));
    }
}
