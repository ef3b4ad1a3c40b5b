//! JSON-LD: the `<script type="application/ld+json">` blocks, read once into a flat list of
//! objects (out of arrays, `@graph`s and article `mainEntity`s) that the title, date, author and
//! publisher readers query, and the `@type`s seen, which tell the page kind.

use serde_json::Value;

use super::Dom;
use crate::text::collapse_ws;

/// JSON-LD objects on the page, flattened out of arrays and `@graph`s.
pub(super) struct JsonLd {
    pub(super) objects: Vec<serde_json::Map<String, Value>>,
}

pub(super) fn type_names(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str())
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("article")
        || matches!(
            t,
            "blogposting"
                | "liveblogposting"
                | "report"
                | "posting"
                | "socialmediaposting"
                | "analysisnewsarticle"
        )
}

impl JsonLd {
    pub(super) fn read(dom: &Dom, types: &mut Vec<String>) -> Self {
        let mut objects = Vec::new();
        for n in dom.select("script") {
            let is_ld = n
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if !is_ld {
                continue;
            }
            let raw = n.text();
            let cleaned = raw
                .trim()
                .trim_start_matches("<!--")
                .trim_start_matches("//<![CDATA[")
                .trim_end_matches("-->")
                .trim_end_matches("//]]>")
                .trim();
            let parsed: Option<Value> = serde_json::from_str(cleaned).ok().or_else(|| {
                // Raw control characters inside strings are a common fault.
                let fixed: String = cleaned
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                serde_json::from_str(&fixed).ok()
            });
            if let Some(v) = parsed {
                flatten(v, &mut objects, types, 0);
            }
        }
        JsonLd { objects }
    }

    /// Objects of an article-like type first, then the rest.
    pub(super) fn ranked(&self) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
        let art = self.objects.iter().filter(|o| {
            type_names(&Value::Object((*o).clone()))
                .iter()
                .any(|t| is_article_type(t))
        });
        let rest = self.objects.iter().filter(|o| {
            !type_names(&Value::Object((*o).clone()))
                .iter()
                .any(|t| is_article_type(t))
        });
        art.chain(rest)
    }

    pub(super) fn article_str(&self, key: &str) -> Option<String> {
        self.ranked().find_map(|o| o.get(key).and_then(value_text))
    }

    pub(super) fn has_article(&self) -> bool {
        self.objects.iter().any(|o| {
            type_names(&Value::Object(o.clone()))
                .iter()
                .any(|t| is_article_type(t))
        })
    }
}

pub(super) fn flatten(
    v: Value,
    out: &mut Vec<serde_json::Map<String, Value>>,
    types: &mut Vec<String>,
    depth: usize,
) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                flatten(x, out, types, depth + 1);
            }
        }
        Value::Object(mut o) => {
            for t in type_names(&Value::Object(o.clone())) {
                types.push(t);
            }
            // Nested typed things (mainEntity, itemListElement, offers...) count for the kind.
            for (k, val) in o.iter() {
                if k == "@graph" {
                    continue;
                }
                collect_types(val, types, depth + 1);
            }
            if let Some(g) = o.remove("@graph") {
                flatten(g, out, types, depth + 1);
            }
            if let Some(me) = o.get("mainEntity").cloned() {
                if me.is_object() && type_names(&me).iter().any(|t| is_article_type(t)) {
                    flatten(me, out, &mut Vec::new(), depth + 1);
                }
            }
            out.push(o);
        }
        _ => {}
    }
}

fn collect_types(v: &Value, types: &mut Vec<String>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_types(x, types, depth + 1)),
        Value::Object(o) => {
            types.extend(type_names(v));
            for x in o.values() {
                collect_types(x, types, depth + 1);
            }
        }
        _ => {}
    }
}

pub(super) fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse_ws(&decode_entities(s))).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(value_text),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@value"))
            .and_then(value_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// JSON-LD strings sometimes carry HTML entities (named basics and numeric forms).
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A byte search: the 12-byte window may end inside a character.
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(num) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = ent.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
