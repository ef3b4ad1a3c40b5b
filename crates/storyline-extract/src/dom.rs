//! One walk over a parsed page, shared by the readers that look at the page before it is
//! pruned (metadata and page kind). Walking the tree is most of what a selector query costs,
//! and those readers ask a few dozen of them; here the tree is walked once into a list of its
//! elements in document order, each query filters that list, and each selector is compiled
//! once per thread rather than on every call.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use dom_query::{Document, Matcher, NodeData, NodeRef};

/// A parsed page with its elements listed in document order. Valid while the document is not
/// changed.
pub(crate) struct Dom<'a> {
    elements: Vec<NodeRef<'a>>,
}

impl<'a> Dom<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let elements = doc
            .root()
            .descendants_it()
            .filter(|n| n.is_element())
            .collect();
        Dom { elements }
    }

    /// The elements matching `sel`, in document order (as `Document::select` gives them).
    pub fn select(&self, sel: &'static str) -> impl Iterator<Item = NodeRef<'a>> + '_ {
        let m = matcher(sel);
        // One match cache for the whole walk: `match_element` builds a fresh (large) one for
        // every element, which cost more than the matching itself.
        let mut caches = Default::default();
        self.elements
            .iter()
            .copied()
            .filter(move |n| m.match_element_with_caches(n, &mut caches))
    }

    /// The first element matching `sel`.
    pub fn first(&self, sel: &'static str) -> Option<NodeRef<'a>> {
        self.select(sel).next()
    }
}

/// The elements under `n` matching `sel`, in document order (as `Selection::select` gives
/// them).
pub(crate) fn select_within<'a>(
    n: &NodeRef<'a>,
    sel: &'static str,
) -> impl Iterator<Item = NodeRef<'a>> {
    let m = matcher(sel);
    let tree = n.tree;
    let mut caches = Default::default(); // reused, as in `Dom::select`
    tree.descendant_ids_of_it(&n.id)
        .map(move |id| NodeRef { id, tree })
        .filter(move |d| d.is_element() && m.match_element_with_caches(d, &mut caches))
}

thread_local! {
    static MATCHERS: RefCell<HashMap<&'static str, Rc<Matcher>>> = RefCell::new(HashMap::new());
}

/// `sel` compiled, once per thread.
pub(crate) fn matcher(sel: &'static str) -> Rc<Matcher> {
    MATCHERS.with(|m| {
        m.borrow_mut()
            .entry(sel)
            .or_insert_with(|| Rc::new(Matcher::new(sel).expect("valid selector")))
            .clone()
    })
}

/// An element's `class` and `id` joined by a space, as the attribute-word rules read them.
pub(crate) fn class_and_id(n: &NodeRef) -> String {
    let class = n.attr("class");
    let id = n.attr("id");
    let (class, id) = (class.as_deref().unwrap_or(""), id.as_deref().unwrap_or(""));
    let mut out = String::with_capacity(class.len() + id.len() + 1);
    out.push_str(class);
    out.push(' ');
    out.push_str(id);
    out
}

/// Calls `f` on each text node of a node and its descendants, in order (the pieces of its
/// `text()`), without gathering the text.
fn each_text(n: &NodeRef, mut f: impl FnMut(&str)) {
    let tree = n.tree;
    for id in std::iter::once(n.id).chain(tree.descendant_ids_of_it(&n.id)) {
        NodeRef { id, tree }.query_or((), |t| {
            if let NodeData::Text { contents } = &t.data {
                f(contents)
            }
        })
    }
}

/// Sums `f` over the text pieces of a node.
fn fold_text(n: &NodeRef, f: impl Fn(&str) -> usize) -> usize {
    let mut sum = 0;
    each_text(n, |t| sum += f(t));
    sum
}

/// Words (as `text::word_count` counts them) and non-whitespace characters in a node's text,
/// in one walk and without allocating it; a word may run across text pieces.
pub(crate) fn words_and_solid(n: &NodeRef) -> (usize, usize) {
    let (mut words, mut solid, mut in_word) = (0, 0, false);
    each_text(n, |t| {
        for c in t.chars() {
            let w = c.is_alphanumeric();
            words += usize::from(w && !in_word);
            in_word = w;
            solid += usize::from(!c.is_whitespace());
        }
    });
    (words, solid)
}

/// Non-whitespace characters in a node's text.
pub(crate) fn solid_chars(n: &NodeRef) -> usize {
    fold_text(n, solid)
}

/// Non-whitespace characters of a piece of text.
fn solid(t: &str) -> usize {
    t.chars().filter(|c| !c.is_whitespace()).count()
}

/// Elements whose content a reader never sees: scripts, styles, templates. (Drawings, `svg`,
/// show their text; readers of bylines and titles skip them as icons.)
pub(crate) fn holds_no_text(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "noscript" | "template")
}

/// Non-whitespace characters of the text a reader sees in a node: without what
/// [`holds_no_text`] holds (scripts' text can be many times a page's prose).
pub(crate) fn visible_solid_chars(n: &NodeRef) -> usize {
    let mut sum = 0;
    let mut stack = vec![*n];
    while let Some(node) = stack.pop() {
        for c in node.children_it(false) {
            if c.is_text() {
                sum += c.query_or(0, |t| match &t.data {
                    NodeData::Text { contents } => solid(contents),
                    _ => 0,
                });
            } else if c.is_element() && !c.node_name().is_some_and(|t| holds_no_text(&t)) {
                stack.push(c);
            }
        }
    }
    sum
}

/// Length in bytes of a node's text.
pub(crate) fn text_len(n: &NodeRef) -> usize {
    fold_text(n, str::len)
}

/// An element's tag name in lower case ("" for other nodes).
pub(crate) fn tag_name(n: &NodeRef) -> String {
    n.node_name()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default()
}
