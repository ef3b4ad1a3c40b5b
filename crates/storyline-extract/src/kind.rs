//! What kind of page it is: an article, or a listing, product, forum or other page. Read from
//! structured data (JSON-LD / microdata types, `og:type`) and from the page's structure: how
//! much of its text is links, repeated teaser blocks, price markers and cart buttons, forum
//! post structure, and how much running prose it has.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::dom::{select_within, solid_chars, text_len, visible_solid_chars, words_and_solid, Dom};
use crate::meta::Meta;
use crate::PageKind;
use dom_query::NodeRef;

/// Structural measurements of a page, taken before pruning.
#[derive(Debug, Clone, Default)]
pub(crate) struct Signals {
    /// Characters of text in the body.
    pub text_chars: usize,
    /// Characters of text inside links.
    pub link_chars: usize,
    /// Characters in paragraphs (`<p>`) of at least 25 words, the mark of running prose.
    pub prose_chars: usize,
    /// Paragraphs of at least 25 words.
    pub long_paras: usize,
    /// `<article>` elements, and headings that are (or hold) a link: teaser blocks.
    pub articles: usize,
    pub linked_headings: usize,
    /// Price markers: `itemprop=price`, price classes with a currency amount.
    pub prices: usize,
    /// "Add to cart / basket / bag" and "buy now" controls.
    pub cart: usize,
    /// Elements whose class or id names a forum post, reply or thread.
    pub posts: usize,
    /// Code blocks.
    pub code: usize,
    /// A forum engine named in `<meta name=generator>` or the markup.
    pub forum_generator: bool,
    /// Published-time meta present.
    pub has_pub_meta: bool,
}

static PRICE_TEXT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:[$€£¥₹]\s?\d|\d[.,]\d{2}\s?(?:€|EUR|USD|GBP|kr|zł))").expect("price")
});
static CART: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)add\s+to\s+(?:cart|basket|bag|trolley)|buy\s+(?:it\s+)?now|in\s+den\s+warenkorb|ajouter\s+au\s+panier").expect("cart")
});
static POST_ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|\s)(?:message|message-?body|message-?content|messagetext|reply|replies|postbody|post-?body|post-?message|topic-?post|forum-?post|thread-?post|cooked|bbwrapper|postrow|js-post|postcontainer|post_message|username|user-?name|post-?author|post-?signature|signature)(?:$|\s)")
        .expect("post attr")
});

/// A node's text when it is under 60 bytes (short enough to be a label); measured before it
/// is gathered, so long blocks are never allocated.
fn short_text(n: &NodeRef) -> Option<String> {
    (text_len(n) < 60).then(|| n.text().to_string())
}

/// Whether an element's class or id names a forum post part. Same as matching "class id"
/// joined, since no rule word holds a space; this skips building that string.
fn names_post(n: &NodeRef) -> bool {
    let class = n.attr("class");
    let id = n.attr("id");
    let (class, id) = (class.as_deref().unwrap_or(""), id.as_deref().unwrap_or(""));
    class.len() + id.len() + 1 < 200 && (POST_ATTR.is_match(class) || POST_ATTR.is_match(id))
}

pub(crate) fn signals(dom: &Dom, meta_has_pub: bool) -> Signals {
    let mut s = Signals {
        has_pub_meta: meta_has_pub,
        ..Default::default()
    };
    s.text_chars = dom.select("body").map(|b| visible_solid_chars(&b)).sum();
    for a in dom.select("body a").take(5000) {
        s.link_chars += solid_chars(&a);
    }
    for p in dom.select("p").take(5000) {
        // Counted in place: gathering every paragraph's text just to count it was costly.
        let (words, solid) = words_and_solid(&p);
        if words >= 25 {
            s.long_paras += 1;
            s.prose_chars += solid;
        }
    }
    s.articles = dom.select("article").count();
    s.linked_headings = dom
        .select("h2, h3, h4")
        .take(2000)
        .filter(|h| {
            // A link within the page (a contents entry, an anchor) is no teaser.
            let elsewhere = |a: &NodeRef| a.attr("href").is_some_and(|h| !h.starts_with('#'));
            select_within(h, "a[href]").any(|a| elsewhere(&a))
                || h.parent().is_some_and(|p| p.has_name("a") && elsewhere(&p))
        })
        .count();
    s.prices = dom.select("[itemprop=price], [data-price], meta[property='product:price:amount'], meta[property='og:price:amount']").count();
    for n in dom.select("[class*=price], [class*=Price]").take(200) {
        if short_text(&n).is_some_and(|t| PRICE_TEXT.is_match(&t)) {
            s.prices += 1;
        }
    }
    for n in dom
        .select("button, input[type=submit], a[class*=cart], a[class*=button], a[class*=btn]")
        .take(500)
    {
        let value_is_cart = || n.attr("value").is_some_and(|v| CART.is_match(&v));
        if short_text(&n).is_some_and(|t| CART.is_match(&t)) || value_is_cart() {
            s.cart += 1;
        }
    }
    s.posts = dom
        .select("[class], [id]")
        .take(20_000)
        .filter(|n| names_post(n))
        .count();
    s.code = dom.select("pre, code").count();
    static FORUM_ENGINE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)vbulletin|phpbb|xenforo|discourse|invision|mybb|flarum|nodebb|vanilla forums|simple machines|smf|discuz|bbpress").expect("forum engine")
    });
    s.forum_generator = dom
        .select("meta[name=generator]")
        .any(|n| n.attr("content").is_some_and(|c| FORUM_ENGINE.is_match(&c)));
    s
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "liveblogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "report",
];

/// Classifies the page.
pub(crate) fn classify(meta: &Meta, s: &Signals) -> PageKind {
    let has = |names: &[&str]| meta.types.iter().any(|t| names.contains(&t.as_str()));
    let og = meta.og_type.as_deref().unwrap_or("");
    let link_density = if s.text_chars == 0 {
        1.0
    } else {
        s.link_chars as f64 / s.text_chars as f64
    };
    let prose_share = if s.text_chars == 0 {
        0.0
    } else {
        s.prose_chars as f64 / s.text_chars as f64
    };

    let article_marked = has(ARTICLE_TYPES);
    // A `Question` inside an `FAQPage` is an article's FAQ block (search-engine markup), not a
    // question asked on a forum.
    let asked = has(&["question"]) && !has(&["faqpage"]) && !article_marked;
    if has(&["discussionforumposting", "qapage"])
        || asked
        || s.forum_generator
        || (s.posts >= 10 && !article_marked && og != "article")
    {
        return PageKind::Forum;
    }
    // A collection page (a shop's category, search results), or a group of products.
    if has(&["collectionpage", "searchresultspage"]) && !article_marked || og == "product.group" {
        return PageKind::Listing;
    }
    let product_typed = has(&[
        "product",
        "productgroup",
        "offer",
        "aggregateoffer",
        "individualproduct",
    ]) || og.contains("product");
    if product_typed && !article_marked {
        return PageKind::Product;
    }
    if s.cart >= 1 && s.prices >= 1 && !article_marked && s.long_paras < 8 {
        return PageKind::Product;
    }
    let article_typed = article_marked || og == "article" || s.has_pub_meta;
    let teasers = s.articles.max(s.linked_headings);
    if has(&["itemlist"]) && !article_typed {
        return PageKind::Listing;
    }
    // Reference documentation: prose among many code blocks, with no date and no article
    // markup (a dated or marked-up post with code is a technical article).
    if !article_typed && s.code >= 30 {
        return PageKind::Other;
    }
    if article_typed && s.long_paras >= 2 && (teasers < 12 || prose_share > 0.3) {
        return PageKind::Article;
    }
    if teasers >= 8 && prose_share < 0.3 {
        return PageKind::Listing;
    }
    if link_density > 0.5 && prose_share < 0.2 {
        return PageKind::Listing;
    }
    if s.long_paras >= 4 && prose_share > 0.35 {
        return PageKind::Article;
    }
    if article_typed && s.long_paras >= 1 {
        return PageKind::Article;
    }
    PageKind::Other
}
