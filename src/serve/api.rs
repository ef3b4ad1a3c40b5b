//! The JSON API: stories (listed, filtered, one by one), articles, search, and new articles
//! by POST. Errors are JSON: `{"error": {"status": 404, "message": "..."}}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::query::{self, SearchPage, StoriesQuery};
use super::{blocking, state::App};
use crate::stories::StorylineView;

/// An API error: a status and a message for the caller.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, format!("no {what} {id:?}"))
    }
}

impl From<storyline_store::StoreError> for ApiError {
    fn from(e: storyline_store::StoreError) -> ApiError {
        let status = match e {
            storyline_store::StoreError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"status": self.status.as_u16(), "message": self.message}});
        let mut r = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut().insert(
                header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(super::guard::RETRY_AFTER),
            );
        }
        r
    }
}

type Params = Query<HashMap<String, String>>;

/// `GET /api/stories`: a page of storylines, filtered and sorted.
pub async fn stories(
    State(app): State<Arc<App>>,
    Query(p): Params,
) -> Result<Json<Value>, ApiError> {
    let q = StoriesQuery::parse(&p)?;
    let (total, page) = blocking(move || query::stories(&app, &q)).await?;
    Ok(Json(json!({
        "total": total,
        "page": page.page,
        "per_page": page.per_page,
        "stories": page.items().map(story_summary).collect::<Vec<_>>(),
    })))
}

/// A storyline in a listing: its numbers and its events' headlines, not its articles.
/// (A storyline can have thousands of events: the listing names the most covered few.)
fn story_summary(s: &StorylineView) -> Value {
    let mut top: Vec<&crate::stories::EventView> = s.events.iter().collect();
    top.sort_by(|a, b| {
        b.sources
            .cmp(&a.sources)
            .then(b.articles.len().cmp(&a.articles.len()))
    });
    top.truncate(TOP_EVENTS);
    json!({
        "id": s.id,
        "headline": s.headline,
        "articles": s.articles,
        "sources": s.sources,
        "first": s.first,
        "last": s.last,
        "events": s.events.len(),
        "top_events": top.iter().map(|e| json!({
            "id": e.id, "headline": e.headline, "articles": e.articles.len(),
            "sources": e.sources, "first": e.first, "last": e.last,
        })).collect::<Vec<_>>(),
        "href": format!("/api/stories/{}", s.id),
    })
}

/// Events named for each storyline of a listing.
const TOP_EVENTS: usize = 5;

/// `GET /api/stories/{id}`: the same JSON as `storyline story ID --json`.
/// Gzipped when the client accepts it.
pub async fn story(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (page, per_page) = super::query::story_paging(&params)?;
    let story = super::story_or_404(app, id).await?;
    let json = (header::CONTENT_TYPE, "application/json");
    let vary = (header::VARY, "accept-encoding");
    if (page, per_page) != (1, crate::stories::EVENTS_PER_PAGE) {
        let body = blocking(move || {
            let page = crate::stories::json_page(&story.detail, page, per_page);
            Ok(serde_json::to_vec(&page).expect("story views serialise"))
        })
        .await?;
        return Ok(([json], body).into_response());
    }
    if !accepts_gzip(&headers) {
        return Ok(([json, vary], story.json.clone()).into_response());
    }
    let body = blocking(move || Ok(story.json_gzip().clone())).await?;
    Ok(([json, vary, (header::CONTENT_ENCODING, "gzip")], body).into_response())
}

/// Whether `Accept-Encoding` lists gzip (and not with q=0).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused =
                parts.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// `GET /api/articles/{id}`: the export record with the article's shared passages.
pub async fn article(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (a, passages) = super::article_or_404(app, id).await?;
    let mut v = crate::stories::article_json(&a);
    v["passages"] = json!(passages
        .iter()
        .map(|p| json!({"start": p.start, "end": p.end, "other": p.other,
                        "other_start": p.other_start, "other_end": p.other_end}))
        .collect::<Vec<_>>());
    Ok(Json(v))
}

/// `GET /api/search?q=`: articles by BM25, with snippets and the byte spans of the matches.
pub async fn search(
    State(app): State<Arc<App>>,
    Query(p): Params,
) -> Result<Json<Value>, ApiError> {
    let q = SearchPage::parse(&p)?;
    let query = q.q.clone();
    let found = blocking(move || query::search(&app, &q)).await?;
    Ok(Json(crate::stories::search_json(
        &query,
        found.total,
        found.pending,
        &found.hits,
    )))
}

/// `POST /api/articles`: one article object, an array of them, or JSON lines, with the
/// fields `storyline ingest` reads from JSONL. Answers with the ingest summary: 200 when
/// anything was stored or unchanged, 422 when every article was rejected.
pub async fn post_articles(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    json_content(&headers)?;
    let body = read_body(body).await?;
    let summary = blocking(move || super::ingest::ingest_body(&app, &body)).await?;
    let status =
        if summary.rejected > 0 && summary.ingested + summary.unchanged + summary.revised == 0 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
    let body = serde_json::to_value(&summary).expect("summaries serialise");
    Ok((status, Json(body)).into_response())
}

/// A write's body must say it is JSON (or JSON lines): a browser sends such a body across
/// origins only after asking the server first, which it refuses.
fn json_content(headers: &HeaderMap) -> Result<(), ApiError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match kind.as_deref() {
        Some("application/json" | "application/x-ndjson" | "application/jsonl") => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send articles as Content-Type: application/json (or application/x-ndjson)",
        )),
    }
}

/// The whole body, within [`super::MAX_BODY`] and [`BODY_TIMEOUT`] (a client that sends
/// slowly does not hold a worker for longer).
async fn read_body(body: axum::body::Body) -> Result<Bytes, ApiError> {
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, super::MAX_BODY)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "cannot read the body (at most {} bytes): {e}",
                super::MAX_BODY
            ),
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!("the body took over {} s to arrive", BODY_TIMEOUT.as_secs()),
        )),
    }
}

/// Longest a request body may take to arrive.
const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<Value> {
    Json(super::openapi::document())
}

/// Any other `/api/` path.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such API path (see /api/openapi.json)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_only_when_accepted() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, v.parse().unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(!with("gzip;q=0"));
        assert!(!with("deflate"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
