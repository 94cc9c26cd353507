//! HTML pages → the article's text and its metadata.
//!
//! Parsed with html5ever (through `scraper`: the HTML standard's tree building, so broken
//! markup reads as a browser reads it, and every entity decoded). The article is the first
//! element that names itself one (`itemprop=articleBody`, `article`, `main`, or a class or
//! id such as `article-body`, `nota`, `contenido`), else the element whose paragraphs hold
//! the most text (the readability idea). Inside it, scripts, styles, navigation, forms,
//! footers, asides and anything whose class or id says share, social, comments, related,
//! sidebar, menu, tags or advertising are dropped; paragraphs, headings, list items and
//! table rows become lines of their own (list items start with "- ", cells are joined by
//! " | "), `<br>` a line break. The headline comes first, then the body, so that the same
//! cleaning and metadata reading as for text extracts apply.

use scraper::{ElementRef, Html, Node, Selector};

/// What a page gives.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    /// `og:title`, else the first `h1`, else `<title>`.
    pub title: Option<String>,
    /// The publication date (days since 1970) from `article:published_time`, `<time
    /// datetime>`, JSON-LD `datePublished` or a `date` meta tag.
    pub published: Option<i32>,
    /// `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
    /// The article's text: headline, a blank line, then its blocks.
    pub text: String,
}

/// Elements never read.
const SKIP: [&str; 16] = [
    "script", "style", "noscript", "nav", "footer", "aside", "form", "button", "iframe", "svg",
    "select", "template", "object", "embed", "canvas", "head",
];

/// Words in a class or id that mark chrome, not the article.
const CHROME: [&str; 22] = [
    "share",
    "social",
    "compart",
    "comment",
    "comentario",
    "related",
    "relacionad",
    "sidebar",
    "menu",
    "breadcrumb",
    "newsletter",
    "publicidad",
    "banner",
    "advert",
    "tags",
    "etiqueta",
    "byline",
    "autor",
    "author",
    "lee-tambien",
    "mas-leido",
    "recomend",
];

/// Class or id words of the element that holds the article.
const ARTICLE: [&str; 12] = [
    "article-body",
    "articlebody",
    "article-content",
    "entry-content",
    "post-content",
    "news-body",
    "body-text",
    "cuerpo",
    "contenido",
    "nota",
    "texto",
    "field-item",
];

/// Block elements: a line of their own.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "dl",
    "dt",
    "dd",
];

/// A selector, compiled once per thread (the set is fixed and small: the leak is bounded).
fn sel(s: &'static str) -> &'static Selector {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<&'static str, &'static Selector>> =
            Default::default();
    }
    CACHE.with(|c| {
        *c.borrow_mut()
            .entry(s)
            .or_insert_with(|| Box::leak(Box::new(Selector::parse(s).expect("a valid selector"))))
    })
}

/// Reads a page.
pub fn extract(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let meta = |css: &'static str| {
        doc.select(sel(css))
            .find_map(|e| e.value().attr("content").map(clean_inline))
            .filter(|s| !s.is_empty())
    };
    let h1 = doc
        .select(sel("h1"))
        .map(|e| clean_inline(&e.text().collect::<String>()))
        .find(|t| !t.is_empty());
    let root = article_root(&doc);
    // the headline: og:title, h1, else the article's first heading; a page's <title>
    // (often the site's name too) only when nothing else names it
    let heading = root.and_then(|r| {
        r.select(sel("h2, h3"))
            .map(|e| clean_inline(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    });
    let headline = meta("meta[property=\"og:title\"]").or(h1).or(heading);
    let title = headline.clone().or_else(|| {
        doc.select(sel("title"))
            .map(|e| clean_inline(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    });
    let url = doc
        .select(sel("link[rel=\"canonical\"]"))
        .find_map(|e| e.value().attr("href").map(str::trim).map(str::to_string))
        .filter(|s| !s.is_empty())
        .or_else(|| meta("meta[property=\"og:url\"]"));
    let published = meta("meta[property=\"article:published_time\"]")
        .and_then(|d| iso_date(&d))
        .or_else(|| {
            doc.select(sel("time[datetime]"))
                .find_map(|e| e.value().attr("datetime").and_then(iso_date))
        })
        .or_else(|| {
            doc.select(sel("script[type=\"application/ld+json\"]"))
                .find_map(|e| json_ld_date(&e.text().collect::<String>()))
        })
        .or_else(|| {
            meta("meta[name=\"date\"]")
                .or_else(|| meta("meta[itemprop=\"datePublished\"]"))
                .and_then(|d| iso_date(&d))
        });
    let mut body = String::new();
    if let Some(root) = root {
        write_blocks(root, &mut body, false);
    }
    let body = tidy_lines(&body);
    let mut text = String::new();
    if let Some(t) = &headline
        && !body.starts_with(t.as_str())
    {
        text.push_str(t);
        text.push_str("\n\n");
    }
    text.push_str(&body);
    Page {
        title,
        published,
        url,
        text,
    }
}

/// The element that holds the article.
fn article_root(doc: &Html) -> Option<ElementRef<'_>> {
    for css in ["[itemprop=\"articleBody\"]", "article", "main"] {
        if let Some((n, e)) = doc
            .select(sel(css))
            .map(|e| (paragraph_text(e), e))
            .max_by_key(|(n, _)| *n)
            && n > 0
        {
            return Some(e);
        }
    }
    let named = doc.select(sel("div, section")).filter(|e| {
        let v = e.value();
        let has = |attr: Option<&str>| {
            attr.is_some_and(|a| {
                let a = a.to_ascii_lowercase();
                ARTICLE.iter().any(|w| a.contains(w))
            })
        };
        (has(v.attr("class")) || has(v.attr("id"))) && !is_chrome(e)
    });
    if let Some((n, e)) = named
        .map(|e| (paragraph_text(e), e))
        .max_by_key(|(n, _)| *n)
        && n > 0
    {
        return Some(e);
    }
    // readability: the element whose own paragraphs hold the most text
    let best = doc
        .select(sel("body *"))
        .filter(|e| !SKIP.contains(&e.value().name()) && !is_chrome(e))
        .map(|e| (own_paragraph_text(e), e))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, e)| e);
    best.or_else(|| doc.select(sel("body")).next())
}

/// Letters in the `<p>` elements under `e` (not inside chrome).
fn paragraph_text(e: ElementRef<'_>) -> usize {
    e.select(sel("p"))
        .filter(|p| {
            !p.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| is_chrome(&a))
        })
        .map(|p| p.text().map(str::len).sum::<usize>())
        .sum()
}

/// Letters in the `<p>` children of `e` (and of its `<div>` children without blocks).
fn own_paragraph_text(e: ElementRef<'_>) -> usize {
    e.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| c.value().name() == "p")
        .map(|p| p.text().map(str::len).sum::<usize>())
        .sum()
}

fn is_chrome(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    let named = |attr: Option<&str>, words: &[&str]| {
        attr.is_some_and(|a| {
            let a = a.as_bytes();
            words.iter().any(|w| {
                a.windows(w.len())
                    .any(|x| x.eq_ignore_ascii_case(w.as_bytes()))
            })
        })
    };
    named(v.attr("class"), &CHROME)
        || named(v.attr("id"), &CHROME)
        || v.attr("role")
            .is_some_and(|r| matches!(r, "navigation" | "complementary" | "banner"))
}

/// Writes the text of `e` into `out`, blocks on lines of their own.
fn write_blocks(e: ElementRef<'_>, out: &mut String, pre: bool) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => {
                if pre {
                    out.push_str(t);
                } else {
                    push_inline(out, t);
                }
            }
            Node::Element(el) => {
                let Some(c) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = el.name();
                if SKIP.contains(&name) || is_chrome(&c) || is_time_stamp(&c) {
                    continue;
                }
                match name {
                    "br" => out.push('\n'),
                    "li" => {
                        break_line(out, 1);
                        out.push_str("- ");
                        write_blocks(c, out, pre);
                        break_line(out, 1);
                    }
                    "td" | "th" => {
                        if !out.ends_with('\n') && !out.is_empty() {
                            out.push_str(" | ");
                        }
                        write_blocks(c, out, pre);
                    }
                    _ if BLOCKS.contains(&name) => {
                        let para = matches!(
                            name,
                            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "table"
                        );
                        let n = if para { 2 } else { 1 };
                        break_line(out, n);
                        write_blocks(c, out, pre || name == "pre");
                        break_line(out, n);
                    }
                    _ => write_blocks(c, out, pre),
                }
            }
            _ => {}
        }
    }
}

/// A `<time>` that is all its parent says: the page's time stamp (read as metadata), not a
/// date in a sentence.
fn is_time_stamp(e: &ElementRef<'_>) -> bool {
    e.value().name() == "time"
        && e.parent().and_then(ElementRef::wrap).is_some_and(|p| {
            clean_inline(&p.text().collect::<String>())
                == clean_inline(&e.text().collect::<String>())
        })
}

/// Ends `out` with at least `n` line breaks (a block's edge; not at the start).
fn break_line(out: &mut String, n: usize) {
    if out.is_empty() {
        return;
    }
    while out.ends_with(' ') {
        out.pop();
    }
    let have = out.len() - out.trim_end_matches('\n').len();
    for _ in have..n {
        out.push('\n');
    }
}

/// Appends text with HTML's white-space rule: runs of white space are one space.
fn push_inline(out: &mut String, t: &str) {
    let mut space = out.is_empty() || out.ends_with([' ', '\n']);
    for ch in t.chars() {
        if ch.is_whitespace() && ch != '\u{a0}' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(ch);
            space = false;
        }
    }
}

/// Trims each line and keeps at most one blank line between blocks.
fn tidy_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let l = line.trim();
        if l.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(l);
    }
    out
}

fn clean_inline(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "2024-07-03", "2024-07-03T10:30:00-06:00" → days since 1970.
fn iso_date(s: &str) -> Option<i32> {
    let s = s.trim();
    let y: i32 = s.get(0..4)?.parse().ok()?;
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" {
        return None;
    }
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    crate::dates::days_from_civil(y, m, d)
}

/// `datePublished` anywhere in a JSON-LD block (an object, a list, or a `@graph`).
fn json_ld_date(json: &str) -> Option<i32> {
    fn find(v: &serde_json::Value) -> Option<i32> {
        match v {
            serde_json::Value::Object(o) => o
                .get("datePublished")
                .and_then(|d| d.as_str())
                .and_then(iso_date)
                .or_else(|| o.values().find_map(find)),
            serde_json::Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    find(&serde_json::from_str(json).ok()?)
}

/// Whether raw bytes are an HTML page: a `<!DOCTYPE html`, `<html`, `<head` or `<body`
/// near the start (after a BOM and white space).
pub fn looks_like_html(raw: &[u8]) -> bool {
    let head = &raw[..raw.len().min(1024)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..].iter().map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<") && {
            let text = String::from_utf8_lossy(&lower);
            text.contains("<html") || text.contains("<head") || text.contains("<body")
        })
}

/// A page that opens `<html>` and never closes it: cut short (a partial download or copy).
/// (HTML lets a page leave out `</html>`, but pages that open the element close it.)
pub fn cut_short(raw: &[u8]) -> bool {
    let has = |needle: &[u8]| {
        raw.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    has(b"<html") && !has(b"</html")
}

/// The charset a page declares in its first kilobytes (`<meta charset>` or the
/// `http-equiv` content type).
pub fn declared_charset(raw: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&raw[..raw.len().min(2048)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_and_its_metadata_without_the_chrome() {
        let html = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Nota | Diario</title>
<meta property="og:title" content="Cierra IMSS jornada con 150 mil atenciones">
<meta property="article:published_time" content="2024-07-03T10:30:00-06:00">
<link rel="canonical" href="https://diario.example/nota/150-mil">
<script>var p = "<p>204 mil</p>";</script></head>
<body><nav><a>Inicio</a> <a>Salud</a></nav>
<div class="share-bar">Compartir: Facebook X WhatsApp</div>
<article><h1>Cierra IMSS jornada con 150 mil atenciones</h1>
<p class="byline">Por Redacción</p>
<p>Ciudad de M&eacute;xico, 3 de julio de 2024.- El Instituto dio 98&nbsp;mil 482 consultas
   de Medicina Familiar &ndash; y 2 mil 939 cirug&iacute;as.</p>
<ul><li>35 OOAD</li><li>25 UMAE</li></ul>
<table><tr><th>Servicio</th><th>Total</th></tr><tr><td>Detecciones</td><td>72 mil 546</td></tr></table>
<div class="comments">Comentarios (3)</div></article>
<aside><h3>Lo más leído</h3><p>Otra nota, 10:45</p></aside>
<footer>© 2024 Diario</footer></body></html>"#;
        let p = extract(html);
        assert_eq!(
            p.title.as_deref(),
            Some("Cierra IMSS jornada con 150 mil atenciones")
        );
        assert_eq!(
            p.url.as_deref(),
            Some("https://diario.example/nota/150-mil")
        );
        assert_eq!(
            p.published.map(crate::dates::iso).as_deref(),
            Some("2024-07-03")
        );
        assert_eq!(
            p.text,
            "Cierra IMSS jornada con 150 mil atenciones\n\nCiudad de México, 3 de julio de 2024.- El Instituto dio 98\u{a0}mil 482 consultas de Medicina Familiar – y 2 mil 939 cirugías.\n\n- 35 OOAD\n- 25 UMAE\n\nServicio | Total\nDetecciones | 72 mil 546"
        );
    }

    #[test]
    fn without_an_article_element_the_paragraphs_decide() {
        let html = "<html><body><div id=\"menu\"><p>Inicio</p></div><div class=\"x\"><p>Primer párrafo con 12 mil consultas.</p><p>Segundo párrafo.</p></div><div><p>Pie</p></div></body></html>";
        let p = extract(html);
        assert_eq!(
            p.text,
            "Primer párrafo con 12 mil consultas.\n\nSegundo párrafo."
        );
        assert_eq!(p.published, None);
    }

    #[test]
    fn json_ld_and_time_give_the_date() {
        let html = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2023-08-07T08:00:00Z"}]}</script></head><body><article><p>Texto.</p></article></body></html>"#;
        assert_eq!(
            extract(html).published.map(crate::dates::iso).as_deref(),
            Some("2023-08-07")
        );
        let html = r#"<html><body><article><time datetime="2022-05-16">16 de mayo</time><p>Texto.</p></article></body></html>"#;
        assert_eq!(
            extract(html).published.map(crate::dates::iso).as_deref(),
            Some("2022-05-16")
        );
    }

    #[test]
    fn html_is_told_by_its_content_and_its_charset_is_read() {
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<HTML><BODY>x"));
        assert!(looks_like_html(b"<meta charset=utf-8><body><p>x"));
        assert!(!looks_like_html(b"Ciudad de M\xc3\xa9xico.- <b>no</b>"));
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
            ),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(b"<meta charset=\"UTF-8\">"),
            Some(encoding_rs::UTF_8)
        );
        assert!(cut_short(b"<html><body><p>Se dieron 12 mil"));
        assert!(!cut_short(b"<HTML><body><p>x</p></body></HTML>\n"));
        assert!(!cut_short(b"<p>un fragmento sin html</p>"));
    }
}
