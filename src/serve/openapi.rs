//! The OpenAPI 3.1 document served at `/api/openapi.json`, written by hand beside the routes
//! it describes (a test checks that every API route is in it).

use serde_json::{json, Value};

fn param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn paging() -> Vec<Value> {
    vec![
        param(
            "page",
            "Page number, from 1.",
            json!({"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}),
        ),
        param(
            "per_page",
            "Results a page.",
            json!({"type": "integer", "minimum": 1, "maximum": super::query::MAX_PER_PAGE, "default": 20}),
        ),
    ]
}

fn ok(description: &str, schema: Value) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": schema}}},
        "default": {"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    })
}

fn id_param(what: &str) -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": what, "schema": {"type": "string"}})
}

/// The document.
pub fn document() -> Value {
    let mut story_params = paging();
    story_params.extend([
        param("sort", "Order: sources (most independent sources), recency (latest report), rank (coverage weighed by recency).", json!({"type": "string", "enum": ["sources", "recency", "rank"], "default": "sources"})),
        param("from", "Only storylines with reports on or after this day.", json!({"type": "string", "format": "date"})),
        param("to", "Only storylines with reports on or before this day.", json!({"type": "string", "format": "date"})),
        param("publisher", "Only storylines with a report from a publisher whose name contains this (any case).", json!({"type": "string"})),
        param("entity", "Only storylines whose articles name this person, organisation or place.", json!({"type": "string"})),
        param("q", "Only storylines with an article matching these words (full text).", json!({"type": "string"})),
    ]);
    let mut search_params = vec![
        json!({"name": "q", "in": "query", "required": true, "description": "Words; \"quoted phrases\" stay phrases; every word must appear.", "schema": {"type": "string", "pattern": "\\w"}}),
    ];
    search_params.extend(paging());
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Storyline API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Storylines, events and articles of one Storyline store."},
        "paths": {
            "/api/stories": {"get": {
                "summary": "Storylines, filtered, sorted and paged.",
                "parameters": story_params,
                "responses": ok("A page of storylines.", json!({"$ref": "#/components/schemas/StoryPage"}))}},
            "/api/stories/{id}": {"get": {
                "summary": "One storyline with its story view (the JSON of `storyline story ID --json`): its events a page at a time (`events_total`, `page`, `per_page`), the story view whole.",
                "parameters": [
                    id_param("A storyline id, or an event or article id: the storyline holding it."),
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}, "description": "Page of the storyline's events."},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, "description": "Events a page."}],
                "responses": ok("The storyline.", json!({"type": "object"}))}},
            "/api/articles/{id}": {"get": {
                "summary": "One stored article (the `storyline export` record) with its shared passages.",
                "parameters": [id_param("Article id.")],
                "responses": ok("The article.", json!({"type": "object"}))}},
            "/api/articles": {"post": {
                "summary": "Ingest articles: one object, an array of them, or JSON lines, with the fields of `storyline ingest`'s JSONL (text required).",
                "requestBody": {"required": true, "content": {
                    "application/json": {"schema": {"oneOf": [
                        {"$ref": "#/components/schemas/NewArticle"},
                        {"type": "array", "items": {"$ref": "#/components/schemas/NewArticle"}}]}},
                    "application/x-ndjson": {"schema": {"type": "string"}}}},
                "responses": {
                    "200": {"description": "Ingest summary (some articles may still be rejected: see notices).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestSummary"}}}},
                    "422": {"description": "Every article was rejected.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestSummary"}}}},
                    "default": {"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/api/search": {"get": {
                "summary": "Full-text search over titles and texts, ranked by BM25.",
                "parameters": search_params,
                "responses": ok("Matching articles.", json!({"$ref": "#/components/schemas/SearchResults"}))}},
            "/api/openapi.json": {"get": {
                "summary": "This document.",
                "responses": ok("OpenAPI document.", json!({"type": "object"}))}}
        },
        "components": {"schemas": schemas()}
    })
}

fn schemas() -> Value {
    let date = json!({"type": ["string", "null"]});
    json!({
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
            "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
        "StoryPage": {"type": "object", "required": ["total", "page", "per_page", "stories"], "properties": {
            "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "stories": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "headline": {"type": "string"},
                "articles": {"type": "integer"}, "sources": {"type": "integer"},
                "first": date, "last": date, "href": {"type": "string"},
                "events": {"type": "integer", "description": "Number of events."},
                "top_events": {"type": "array", "description": "The most covered events (at most 5).",
                               "items": {"type": "object"}}}}}}},
        "SearchResults": {"type": "object", "required": ["query", "total", "hits"], "properties": {
            "query": {"type": "string"}, "total": {"type": "integer"},
            "pending": {"type": "integer", "description": "Articles stored but not yet searchable (indexed in the background within seconds)."},
            "hits": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": ["string", "null"]},
                "publisher": {"type": ["string", "null"]}, "published": date,
                "event": {"type": ["string", "null"]}, "storyline": {"type": ["string", "null"]},
                "score": {"type": "number"}, "snippet": {"type": "string"},
                "highlights": {"type": "array", "description": "Byte spans of the matches in snippet.",
                               "items": {"type": "array", "items": {"type": "integer"}}}}}}}},
        "NewArticle": {"type": "object", "required": ["text"], "properties": {
            "id": {"type": "string"}, "text": {"type": "string", "pattern": "\\S", "description": "The body; blank text is rejected."},
            "title": {"type": "string"},
            "url": {"type": "string"}, "publisher": {"type": "string"}, "author": {"type": "string"},
            "published": {"type": "string", "description": "RFC 3339 or YYYY-MM-DD"},
            "language": {"type": "string"}}, "additionalProperties": true,
            "description": "Other fields are kept as extra data; a known field of the wrong type is ignored with a warning."},
        "IngestSummary": {"type": "object", "properties": {
            "ingested": {"type": "integer"}, "unchanged": {"type": "integer"}, "revised": {"type": "integer"},
            "rejected": {"type": "integer"}, "warnings": {"type": "integer"},
            "notices": {"type": "array", "items": {"type": "object", "properties": {
                "severity": {"type": "string", "enum": ["warning", "rejected"]},
                "origin": {"type": "string"}, "message": {"type": "string"}}}}}}
    })
}
