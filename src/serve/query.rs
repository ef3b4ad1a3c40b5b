//! Listing and search requests, shared by the API and the pages: parsing the query string
//! (strictly: a bad value is an error, not silently ignored), filtering, sorting and paging.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::http::StatusCode;
use chrono::NaiveDate;
use storyline_store::SearchHit;

use super::api::ApiError;
use super::state::App;
use super::timeline::day;
use crate::stories::StorylineView;

/// Largest page a caller may ask for.
pub const MAX_PER_PAGE: usize = 100;

/// How storylines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Independent sources, then articles (the CLI's order).
    Sources,
    /// Latest report first; undated last.
    Recency,
    /// Coverage weighed by recency: sources halve in weight every [`HALF_LIFE_DAYS`] before
    /// the newest report in the store (the home page's order).
    Rank,
}

/// Days over which a storyline's coverage halves in weight for [`Sort::Rank`].
pub const HALF_LIFE_DAYS: f64 = 30.0;

/// A page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: usize,
    pub per_page: usize,
}

/// One page of storylines: positions in the shared listing (so a page copies nothing).
pub struct Page {
    pub page: usize,
    pub per_page: usize,
    listing: Arc<Vec<StorylineView>>,
    picked: Vec<usize>,
}

impl Page {
    pub fn items(&self) -> impl Iterator<Item = &StorylineView> {
        self.picked.iter().map(|&i| &self.listing[i])
    }
}

/// `GET /api/stories` parameters.
#[derive(Debug, Clone)]
pub struct StoriesQuery {
    pub paging: Paging,
    pub sort: Sort,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub publisher: Option<String>,
    pub entity: Option<String>,
    pub q: Option<String>,
}

/// `GET /api/search` parameters.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub q: String,
    pub paging: Paging,
}

/// `q` when it is within the search caps (length, distinct terms), else a 400 saying which.
pub fn checked_query(q: String) -> Result<String, ApiError> {
    storyline_store::check_query(&q).map_err(bad)?;
    Ok(q)
}

fn bad(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, message)
}

/// A non-empty, trimmed parameter.
fn text(p: &HashMap<String, String>, key: &str) -> Option<String> {
    p.get(key)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(String::from)
}

fn number(
    p: &HashMap<String, String>,
    key: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match text(p, key) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(bad(format!(
                "{key} must be a whole number from 1 to {max}, not {v:?}"
            ))),
        },
    }
}

fn date(p: &HashMap<String, String>, key: &str) -> Result<Option<NaiveDate>, ApiError> {
    text(p, key)
        .map(|v| {
            v.parse()
                .map_err(|_| bad(format!("{key} must be a date YYYY-MM-DD, not {v:?}")))
        })
        .transpose()
}

impl Paging {
    pub fn parse(p: &HashMap<String, String>) -> Result<Paging, ApiError> {
        Ok(Paging {
            page: number(p, "page", 1, 1_000_000)?,
            per_page: number(p, "per_page", 20, MAX_PER_PAGE)?,
        })
    }
    fn offset(&self) -> usize {
        (self.page - 1) * self.per_page
    }
}

/// `page` and `per_page` of one story's JSON (its events, see [`crate::stories::json_page`]).
pub fn story_paging(p: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    use crate::stories::{EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE};
    Ok((
        number(p, "page", 1, 1_000_000)?,
        number(p, "per_page", EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE)?,
    ))
}

impl StoriesQuery {
    pub fn parse(p: &HashMap<String, String>) -> Result<StoriesQuery, ApiError> {
        let sort = match text(p, "sort").as_deref() {
            None | Some("sources") => Sort::Sources,
            Some("recency") => Sort::Recency,
            Some("rank") => Sort::Rank,
            Some(v) => {
                return Err(bad(format!(
                    "sort must be sources, recency or rank, not {v:?}"
                )))
            }
        };
        let (from, to) = (date(p, "from")?, date(p, "to")?);
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(bad(format!("from ({f}) is after to ({t})")));
            }
        }
        Ok(StoriesQuery {
            paging: Paging::parse(p)?,
            sort,
            from,
            to,
            publisher: text(p, "publisher"),
            entity: text(p, "entity"),
            q: text(p, "q").map(checked_query).transpose()?,
        })
    }
}

impl SearchPage {
    pub fn parse(p: &HashMap<String, String>) -> Result<SearchPage, ApiError> {
        let q =
            text(p, "q").ok_or_else(|| bad("q (the words to search for) is required".into()))?;
        Ok(SearchPage {
            q: checked_query(q)?,
            paging: Paging::parse(p)?,
        })
    }
}

/// The storylines a query selects, in its order, and their total before paging.
pub fn stories(app: &App, q: &StoriesQuery) -> Result<(usize, Page), ApiError> {
    let all = app.listing()?;
    // Entities and words are found through the full-text index, not by reading articles.
    let mut allowed: Option<HashSet<String>> = None;
    let words = [q.entity.as_ref().map(|e| format!("\"{e}\"")), q.q.clone()];
    // One stamp for both look-ups (read only when there is something to look up).
    let stamp = if words.iter().any(Option::is_some) {
        app.search_stamp()?
    } else {
        (0, 0)
    };
    for words in words.into_iter().flatten() {
        let found = app.matching.get_or_compute(&words, stamp, || {
            app.read(|s| s.storylines_matching(&words))
        })?;
        allowed = Some(match allowed {
            Some(a) => a.intersection(&found).cloned().collect(),
            None => (*found).clone(),
        });
    }
    let mut chosen: Vec<usize> = (0..all.len())
        .filter(|&i| allowed.as_ref().is_none_or(|a| a.contains(&all[i].id)))
        .filter(|&i| in_range(&all[i], q.from, q.to))
        .filter(|&i| {
            q.publisher
                .as_ref()
                .is_none_or(|p| has_publisher(&all[i], p))
        })
        .collect();
    sort(&mut chosen, |&i| &all[i], q.sort);
    let total = chosen.len();
    let picked = chosen
        .into_iter()
        .skip(q.paging.offset())
        .take(q.paging.per_page)
        .collect();
    Ok((
        total,
        Page {
            page: q.paging.page,
            per_page: q.paging.per_page,
            listing: all,
            picked,
        },
    ))
}

/// Whether the storyline's reports overlap the range; undated storylines never do.
fn in_range(s: &StorylineView, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let (Some(first), Some(last)) = (&s.first, &s.last) else {
        return false;
    };
    let (Some(first), Some(last)) = (day(first), day(last)) else {
        return false;
    };
    from.is_none_or(|f| last >= f) && to.is_none_or(|t| first <= t)
}

/// Whether any report of the storyline is from a publisher whose name contains `p`
/// (ignoring case).
fn has_publisher(s: &StorylineView, p: &str) -> bool {
    let p = p.to_lowercase();
    s.events.iter().flat_map(|e| &e.articles).any(|a| {
        a.publisher
            .as_ref()
            .is_some_and(|x| x.to_lowercase().contains(&p))
    })
}

/// Order storylines (`view` reads one from an item); ties keep the listing's order (most
/// covered first).
pub fn sort<'a, T: Copy>(items: &mut [T], view: impl Fn(&T) -> &'a StorylineView, by: Sort) {
    match by {
        Sort::Sources => {}
        Sort::Recency => items.sort_by(|a, b| {
            let (a, b) = (view(a), view(b));
            (b.last.is_some(), &b.last).cmp(&(a.last.is_some(), &a.last))
        }),
        Sort::Rank => {
            let newest = items.iter().filter_map(|s| view(s).last.as_deref()).max();
            let newest = newest.and_then(day);
            // Scores once an item, not once a comparison (dates are parsed to score).
            let mut keyed: Vec<(f64, T)> =
                items.iter().map(|&t| (rank(view(&t), newest), t)).collect();
            keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (slot, (_, t)) in items.iter_mut().zip(keyed) {
                *slot = t;
            }
        }
    }
}

/// Coverage weighed by recency (see [`Sort::Rank`]); an undated storyline counts as one
/// half-life old.
fn rank(s: &StorylineView, newest: Option<NaiveDate>) -> f64 {
    let age = match (s.last.as_deref().and_then(day), newest) {
        (Some(last), Some(newest)) => (newest - last).num_days().max(0) as f64,
        _ => HALF_LIFE_DAYS,
    };
    (1.0 + s.sources as f64) * 0.5f64.powf(age / HALF_LIFE_DAYS)
}

/// What a search found.
pub struct Found {
    /// Matching articles.
    pub total: u64,
    /// Articles stored but not yet searchable (the index catches up in the background).
    pub pending: u64,
    pub hits: Vec<SearchHit>,
}

/// Search hits for a page, and the number of matching articles.
pub fn search(app: &App, q: &SearchPage) -> Result<Arc<Found>, ApiError> {
    let stamp = app.search_stamp()?;
    let key = format!(
        "{}\u{0}{}\u{0}{}",
        q.q,
        q.paging.per_page,
        q.paging.offset()
    );
    Ok(app.searches.get_or_compute(&key, stamp, || {
        app.read(|s| {
            Ok(Found {
                total: s.search_count(&q.q)?,
                pending: stamp.1,
                hits: s.search(&q.q, q.paging.per_page, q.paging.offset())?,
            })
        })
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stories::{ArticleRef, EventView};

    fn story(
        id: &str,
        sources: usize,
        first: Option<&str>,
        last: Option<&str>,
        publisher: &str,
    ) -> StorylineView {
        let article = ArticleRef {
            id: format!("{id}-a"),
            headline: "h".into(),
            publisher: Some(publisher.into()),
            agency: None,
            source: storyline_core::source::source_keys(Some(publisher), None, None),
            published: first.map(String::from),
            duplicate_of: None,
            shares_passages_with: vec![],
        };
        StorylineView {
            id: id.into(),
            headline: "h".into(),
            events: vec![EventView {
                id: format!("{id}-e"),
                headline: "h".into(),
                articles: vec![article],
                sources,
                unattributed: 0,
                first: first.map(String::from),
                last: last.map(String::from),
            }],
            articles: 1,
            sources,
            unattributed: 0,
            first: first.map(String::from),
            last: last.map(String::from),
        }
    }

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn bad_parameters_are_errors_that_say_what_is_wrong() {
        for (k, v) in [
            ("page", "0"),
            ("per_page", "500"),
            ("sort", "best"),
            ("from", "June"),
        ] {
            let e = StoriesQuery::parse(&params(&[(k, v)])).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST);
            assert!(e.message.contains(k), "{}", e.message);
        }
        let e = StoriesQuery::parse(&params(&[("from", "2024-02-01"), ("to", "2024-01-01")]))
            .unwrap_err();
        assert!(e.message.contains("after"));
        assert!(SearchPage::parse(&params(&[("q", "  ")])).is_err());
    }

    #[test]
    fn ranges_publishers_and_orders() {
        let old = story(
            "old",
            9,
            Some("2000-07-19"),
            Some("2000-07-20"),
            "Wire Service",
        );
        let new = story(
            "new",
            3,
            Some("2024-06-18"),
            Some("2024-06-20"),
            "Daily Post",
        );
        let undated = story("undated", 5, None, None, "Daily Post");
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        assert!(in_range(&old, d("2000-07-20"), None));
        assert!(!in_range(&old, d("2000-07-21"), None));
        assert!(in_range(&new, None, d("2024-06-18")));
        assert!(!in_range(&undated, d("2000-01-01"), None));
        assert!(has_publisher(&old, "wire"));
        assert!(!has_publisher(&new, "wire"));

        let mut list = vec![&old, &undated, &new];
        sort(&mut list, |s| *s, Sort::Recency);
        assert_eq!(
            list.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["new", "old", "undated"]
        );
        // Rank: nine sources 24 years ago weigh less than three this month, and an undated
        // storyline counts as a month old.
        sort(&mut list, |s| *s, Sort::Rank);
        assert_eq!(
            list.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["new", "undated", "old"]
        );
    }
}
