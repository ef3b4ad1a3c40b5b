//! Recognising lines that are page furniture rather than article: prompts, widgets, related
//! links, captions and credits, markers, promotions, tag lists.
//!
//! The rules are families of patterns, not lists of lines: imperative calls to action
//! (sign up / subscribe / follow / share / download the app / read more / click here) in short
//! lines, photo-credit shapes, identifier-like tokens, lines made only of widget words. Each rule
//! needs the line to be short (furniture is short) and most need it to be shaped like furniture
//! (anchored at the start, no sentence around it), so that a real sentence mentioning a photo,
//! a comment or a newsletter stays.

use std::sync::LazyLock;

use regex::Regex;

use crate::pattern::Pattern;
use storyline_core::RemovalKind;

use super::{meta, word_count, word_count_upto};
use crate::normalize::ends_sentence;

/// Where a paragraph sits: furniture rules are looser near the edges of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// The first few paragraphs.
    Head,
    Body,
    /// The last few paragraphs.
    Tail,
}

/// Compile a pattern. The lazy-DFA cache is given room for these case-insensitive Unicode
/// patterns: with the default size it is cleared and rebuilt over and over on long text.
fn re(s: &str) -> Regex {
    regex::RegexBuilder::new(s)
        .dfa_size_limit(64 << 20)
        .build()
        .unwrap()
}

// --- newsletters and sign-ups --------------------------------------------------------------

/// Phrases that only ever appear in sign-up prompts.
static NEWSLETTER_STRONG: Pattern = Pattern::new(|| {
    re(
        r"(?i)(?-u:\b)(?:in|to|into|straight\s+to|direct\s+to|delivered\s+to)\s+your\s+inbox(?-u:\b)|(?-u:\b)sign(?:ing)?[- ]?up\s+(?:for|to)\s+(?:our|my|free)(?-u:\b)|(?-u:\b)sign[- ]?up\s+(?:for|to)\s+(?:the\s+)?(?:e-?mails?|newsletters?|alerts|updates|briefing)(?-u:\b)|(?-u:\b)subscribe\s+to\s+(?:our|my)(?-u:\b)|(?-u:\b)(?:our|free)\s+(?:daily\s+|weekly\s+|email\s+|e-mail\s+)?newsletters?(?-u:\b)|(?-u:\b)newsletter\s+sign[- ]?up(?-u:\b)|(?-u:\b)already\s+(?:a\s+)?(?:subscriber|member|registered)(?-u:\b)|(?-u:\b)subscribers?[- ]only(?-u:\b)|(?-u:\b)start\s+your\s+free\s+trial(?-u:\b)|(?-u:\b)enter\s+your\s+e-?mail(?-u:\b)|(?-u:\b)thanks?\s+(?:you\s+)?for\s+(?:signing\s+up|subscribing)(?-u:\b)|(?-u:\b)support\s+(?:our|independent|quality)\s+journalism(?-u:\b)|(?-u:\b)log\s*in\s+or\s+(?:register|sign\s+up|subscribe)(?-u:\b)|(?-u:\b)create\s+(?:a\s+)?free\s+account(?-u:\b)|(?-u:\b)unlimited\s+digital\s+access(?-u:\b)",
    )
});

/// Imperative openings of calls to action.
static CALL_TO_ACTION: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:sign[- ]?up|subscribe|register|join|get|receive|stay|want|never\s+miss|don'?t\s+miss|be\s+the\s+first|keep\s+up|enter|sign\s+in|log\s*in)(?-u:\b)",
    )
});

/// What calls to action promise.
static PROMO_NOUNS: Pattern = Pattern::new(|| {
    re(
        r"(?i)(?-u:\b)(?:newsletters?|e-?mails?|inbox|alerts?|updates|briefings?|digest|notifications?|subscriptions?|subscribers?|free\s+trial|whatsapp|telegram\s+channel|account|headlines)(?-u:\b)",
    )
});

/// Bare sign-up buttons: "Subscribe", "Sign up", "Log in", "Register now".
static SIGNUP_BUTTON: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:sign[- ]?up|subscribe|sign\s+in|log\s*in|log\s*out|register|newsletters?|my\s+account)(?:\s+(?:now|today|here|free|for\s+free))?[!.]?$",
    )
});

// --- share / comment / follow widgets ------------------------------------------------------

static WIDGET: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:(?:add|post|leave|write|view|show|read|see|hide|load|open|close)\s+(?:(?:a|all|new|more|the|your|\d+)\s+)*comments?(?-u:\b).*|comments?(?:\s*\(\d+\))?|\d+\s+comments?|(?:share|sharing)(?:\s+(?:this|on|via|the|article|story|page|with|to|your|options|icon|button|link|now)(?-u:\b).*)?|(?:follow|like)\s+us(?-u:\b).*|follow\s+@\S+.*|join\s+the\s+(?:conversation|discussion|debate)(?-u:\b).*|(?:tweet|print|e-?mail|copy(?:\s+link)?|whatsapp|facebook|twitter|linkedin|pinterest|reddit|flipboard|messenger|save|bookmark|gift(?:\s+this)?\s+article)(?:\s+(?:this|article|story|link|page))?|listen(?:\s+to\s+(?:this\s+)?(?:article|story))?(?:\s*[\d:]+\s*(?:min(?:ute)?s?)?)?|\d+\s*min(?:ute)?s?\s+(?:read|listen)|reading\s+time(?-u:\b).*|(?:font|text)\s+size|toggle\s+\w+|expand|collapse|play\s+(?:video|audio)|watch\s+(?:the\s+)?video)[!.]?$",
    )
});

/// Words that make up share bars ("Facebook Twitter WhatsApp Email").
const SOCIAL: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "email",
    "e-mail",
    "mail",
    "linkedin",
    "pinterest",
    "reddit",
    "telegram",
    "print",
    "copy",
    "link",
    "share",
    "tweet",
    "messenger",
    "flipboard",
    "sms",
    "instagram",
    "youtube",
    "tiktok",
    "threads",
    "bluesky",
    "comments",
    "comment",
    "save",
];

fn is_share_bar(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '•' | '·' | ',' | '/'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() >= 2 && words.iter().all(|w| SOCIAL.contains(&w.as_str()))
}

// --- related links -------------------------------------------------------------------------

/// Openings that always introduce a link to another article.
static RELATED_STRONG: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:also\s+read|read\s+(?:also|more|next)|see\s+also|related\s+(?:articles?|stories|news|content|coverage|links?|reading|posts?|videos?)|recommended\s+(?:for\s+you|stories|articles|reading|videos?)|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested)|most\s+(?:read|popular|viewed|shared)|further\s+reading|editor'?s\s+picks?|what\s+to\s+read\s+next|read\s+the\s+full\s+(?:story|article)|more\s+(?:from|stories|news)(?-u:\b)|more\s+on\s+this\s+story|top\s+stories|latest\s+(?:stories|videos|news\s+videos))(?-u:\b)",
    )
});

/// Short labels that introduce a link when they stand alone or before a separator.
static RELATED_LABEL: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:related|recommended|read|watch|listen|more|see|trending(?:\s+now)?|must\s+read|don'?t\s+miss|click\s+here|in\s+(?:other|case\s+you\s+missed\s+it)|explainer|opinion|analysis|video|photos|gallery|latest|live)\s*(?:[:|»›>→]|$|\s+[-—–]\s)",
    )
});

// --- captions and credits ------------------------------------------------------------------

/// Lines that open as a caption or credit.
static CAPTION_PREFIX: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:camera\s*icon|image\s*(?:caption|source|credit)|media\s*caption|video\s*caption|photo\s*(?:caption|credit|illustration)|picture\s*(?:caption|credit)|file\s+photo|handout\s+photo|(?:caption|credit|photo|photograph|picture|image|pictured|source|illustration)\s*[:|])",
    )
});

/// A credit closing a line: "(AP PHOTO)", "(Photo: Jane Doe)", "Credit: AAP",
/// "Photo: Reuters", "/ Getty Images".
static CREDIT_TAIL: Pattern = Pattern::new(|| {
    re(
        r"(?i)(?:\((?-i:\p{Lu}[\p{Lu}&.'-]*\s+|[\w&.'-]+/)*(?:photos?|photograph|photographer|image|images|picture|pic|credit|getty|shutterstock|istock|file|handout|supplied|courtesy)(?-u:\b)[^().]{0,60}\)|(?-u:\b)credits?\s*:\s*[^.!?]{1,60}|(?-u:\b)(?:photo|image|picture|illustration)s?\s*(?:credit)?\s*:\s*[^.!?]{1,60}|(?-u:\b)getty\s+images(?-u:\b)[^.!?]{0,40}|\s/\s*(?:ap|afp|reuters|getty|epa|aap|ap\s+photo)(?-u:\b)[^.!?]{0,40})\s*$",
    )
});

/// Every branch of [`CREDIT_TAIL`] but the one after a slash names one of these; most lines
/// with a colon or bracket near their end name none, and skip its large lazy DFA.
static CREDIT_WORDS: LazyLock<LineWords> = LazyLock::new(|| {
    let words = [
        "photo",
        "image",
        "picture",
        "pic",
        "credit",
        "getty",
        "shutterstock",
        "istock",
        "file",
        "handout",
        "supplied",
        "courtesy",
        "illustration",
    ];
    LineWords::new(&words.map(|w| (w, 1)))
});

/// Picture descriptions: "In a photograph provided by ...", "This image released by ...",
/// "FILE - ..." (wire-photo captions).
static PHOTO_LEAD: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:(?:in\s+(?:this|a|an|the)|this|a|an)\s+(?:[\w-]+,?\s+){0,3}?(?:photo(?:graph)?|image|picture|handout(?:\s+photo)?|video\s+(?:grab|still)|screen\s*(?:shot|grab)|still|frame\s+grab|satellite\s+image)s?,?\s+(?:[\w-]+,?\s+){0,2}?(?:provided|released|distributed|taken|obtained|issued|supplied|handed\s+out|made\s+available|courtesy)(?-u:\b)|file\s*(?:photo)?\s*[-–—:]\s)",
    )
});

/// A caption closed by its source in brackets: "..., the ministry said (Example Agency)".
static SOURCE_PAREN_TAIL: Pattern = Pattern::new(|| re(r"\(([\p{Lu}][\p{L}&'\- ]{1,40})\)$"));

/// The last `max_bytes` (or fewer, to stay on a character boundary) of `line`.
fn tail(line: &str, max_bytes: usize) -> &str {
    let mut start = line.len().saturating_sub(max_bytes);
    while !line.is_char_boundary(start) {
        start += 1;
    }
    &line[start..]
}

fn is_caption(line: &str, words: usize) -> bool {
    if words > 90 {
        return false;
    }
    if CAPTION_PREFIX.is_match(line) || PHOTO_LEAD.is_match(line) {
        return true;
    }
    // Both tail patterns match a bounded stretch at the end of the line: searching only the
    // tail keeps long paragraphs cheap.
    // Every credit form has a bracket, colon or slash, or names Getty: checked first, cheaply.
    let end = tail(line, 240);
    // (Byte searches: the marks are ASCII, and this runs on every line.)
    let b = end.as_bytes();
    let credit_marks = memchr::memchr3(b'(', b':', b'/', b).is_some()
        || memchr::memchr2_iter(b'g', b'G', b).any(|i| {
            b[i..]
                .get(..5)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"getty"))
        });
    if credit_marks
        && (end.contains('/') || CREDIT_WORDS.families(end) != 0)
        && CREDIT_TAIL.is_match(end)
    {
        return true;
    }
    // Prose that stops without punctuation on a bracketed source.
    let end = tail(line, 120);
    if !end.ends_with(')') {
        return false;
    }
    if let Some(c) = SOURCE_PAREN_TAIL.captures(end) {
        let inner = c.get(1).unwrap().as_str();
        let before = &line[..line.len() - end.len() + c.get(0).unwrap().start()];
        // A named source: an agency, or a short capitalised name that is not an acronym
        // ("(COPD)" after its expansion is not a source).
        let acronym = inner
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let source_like = meta::agency(inner).is_some()
            || (!acronym
                && word_count(inner) <= 3
                && inner
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase)));
        // Caption text is a sentence (mostly lower-case words), not a title-cased heading.
        let before_words: Vec<&str> = before.split_whitespace().collect();
        let capitalised = before_words
            .iter()
            .filter(|w| !w.chars().next().is_some_and(char::is_lowercase))
            .count();
        let sentence_case = capitalised * 2 < before_words.len();
        let list_item = before.starts_with(['-', '*', '•'])
            || before.chars().next().is_some_and(|c| c.is_ascii_digit());
        if source_like
            && sentence_case
            && !list_item
            && before_words.len() >= 6
            && !ends_sentence(before.trim_end())
        {
            return true;
        }
    }
    false
}

// --- markers -------------------------------------------------------------------------------

/// Identifiers leaked from page markup: "author-image", "share_icon", "ad-slot".
static IDENT: Pattern = Pattern::new(|| {
    re(
        r"^(?:[a-z0-9]+[-_]){0,2}(?:image|img|icon|avatar|thumb|thumbnail|logo|banner|ad|ads|slot|widget|button|btn|share|social|caption|placeholder|author|byline|promo|sidebar|header|footer|nav|menu|container|wrapper|embed|player|gallery|related|newsletter|photo|pic)(?:[-_][a-z0-9]+){0,2}$",
    )
});

static MARKER: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:new\s+update|updated?|last\s+updated|breaking(?:\s+news)?|exclusive|live(?:\s+updates)?|developing(?:\s+story)?|loading\.*|skip\s+to\s+(?:main\s+)?content|story\s+continues(?:\s+below)?.*|scroll\s+(?:down\s+)?to\s+continue.*|continue\s+reading(?:\s+below)?.*|image|images|photo|photos|video|gallery|play|close|menu|home|top|back\s+to\s+top|ad(?:vertisement)?\s+feature|view\s+(?:gallery|\d+\s+images?|image)|enlarge(?:\s+this\s+image)?|toggle\s+caption|hide\s+caption|(?:\d+\s+)?(?:hours?|minutes?|days?)\s+ago|just\s+now)[.:]?$",
    )
});

/// "Updated: 3 hours ago", "Last updated 5 minutes ago" and other relative stamps.
static UPDATE_STAMP: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:last\s+)?(?:updated|modified|posted|published)\s*:?\s*(?:on\s+)?(?:\d+\s+\w+\s+ago|just\s+now|today|yesterday|an?\s+\w+\s+ago|\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s+\w{2,4})?)\.?$",
    )
});

static COPYRIGHT: Pattern = Pattern::new(|| {
    re(
        r"(?i)^this\s+(?:article|story|piece|report)\s+(?:was\s+)?(?:first|originally)\s+(?:appeared|published|ran)(?-u:\b)|^(?:originally\s+published|first\s+published|republished)\s+(?:in|on|by|with)(?-u:\b)|(?-u:\b)republished\s+(?:here\s+)?with\s+(?:kind\s+)?permission(?-u:\b)|^(?:©|\(c\)\s|copyright\s+(?:©\s*|\(c\)\s*)?\d{4})|(?-u:\b)all\s+rights\s+reserved(?-u:\b)|(?-u:\b)may\s+not\s+be\s+(?:published|reproduced|copied|redistributed)(?-u:\b)",
    )
});

/// Words that every branch of a costly pattern needs: one pass of an Aho-Corasick automaton
/// over a line says which patterns can match it at all, so most lines skip them. Letters are
/// compared without ASCII case; a character that Unicode case folding takes to an ASCII
/// letter (the long s "ſ", the Kelvin sign) counts as every word.
struct LineWords {
    needles: aho_corasick::AhoCorasick,
    /// Family bits of each needle.
    families: Vec<u8>,
}

impl LineWords {
    fn new(words: &[(&str, u8)]) -> LineWords {
        let folding = [("\u{17F}", u8::MAX), ("\u{212A}", u8::MAX)];
        let all: Vec<(&str, u8)> = words.iter().copied().chain(folding).collect();
        let needles = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(all.iter().map(|(w, _)| w))
            .expect("literal needles");
        LineWords {
            needles,
            families: all.iter().map(|(_, f)| *f).collect(),
        }
    }

    /// The families whose words `text` contains, as bits.
    fn families(&self, text: &str) -> u8 {
        let mut found = 0;
        for m in self.needles.find_overlapping_iter(text) {
            found |= self.families[m.pattern().as_usize()];
        }
        found
    }
}

const COPYRIGHT_WORDS: u8 = 1;
const APP_PROMO_WORDS: u8 = 2;
const NEWSLETTER_WORDS: u8 = 4;
const DOMAIN_WORDS: u8 = 8;

/// The words of the patterns [`classify`] asks of short lines.
static GATE_WORDS: LazyLock<LineWords> = LazyLock::new(|| {
    let family = |f: u8, words: &'static [&'static str]| words.iter().map(move |&w| (w, f));
    let words: Vec<(&str, u8)> = family(COPYRIGHT_WORDS, &["republished", "rights", "not"])
        .chain(family(
            APP_PROMO_WORDS,
            &["download", "get", "install", "available"],
        ))
        .chain(family(
            NEWSLETTER_WORDS,
            &[
                "inbox",
                "sign",
                "subscribe",
                "newsletter",
                "already",
                "trial",
                "enter",
                "thank",
                "journalism",
                "log",
                "account",
                "unlimited",
            ],
        ))
        .chain(family(
            DOMAIN_WORDS,
            &[
                ".com", ".net", ".org", ".co", ".news", ".tv", ".io", ".ca", ".ie", ".in",
            ],
        ))
        .collect();
    LineWords::new(&words)
});

/// A necessary condition for a pattern: the line opens with one of `openings` or contains a
/// word of `family` (see [`LineWords`]).
struct Gate {
    openings: &'static [&'static str],
    family: u8,
}

impl Gate {
    /// `present`: the families whose words the line contains.
    fn may_match(&self, line: &str, present: u8) -> bool {
        let b = line.as_bytes();
        present & self.family != 0
            || self.openings.iter().any(|o| {
                b.get(..o.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(o.as_bytes()))
            })
    }
}

/// Every branch of [`COPYRIGHT`] opens with one of these words or contains one of its words.
static COPYRIGHT_GATE: Gate = Gate {
    openings: &["this", "originally", "first", "©", "(c)", "copyright"],
    family: COPYRIGHT_WORDS,
};

/// Every branch of [`APP_PROMO`] contains one of its words or opens with one of these.
static APP_PROMO_GATE: Gate = Gate {
    openings: &[
        "click",
        "tap",
        "listen",
        "watch",
        "subscribe",
        "follow",
        "for",
    ],
    family: APP_PROMO_WORDS,
};

/// Every branch of [`NEWSLETTER_STRONG`] contains one of its words.
static NEWSLETTER_GATE: Gate = Gate {
    openings: &[],
    family: NEWSLETTER_WORDS,
};

/// A domain name has a dot before its ending.
static DOMAIN_GATE: Gate = Gate {
    openings: &[],
    family: DOMAIN_WORDS,
};

static BARE_URL: Pattern = Pattern::new(|| re(r"(?i)^(?:https?://|www\.)\S+$"));

/// Author-image markers, after which a bare name is the byline.
static AUTHOR_MARKER: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:author|avatar|profile|byline|writer|reporter)[-_ ]?(?:image|img|photo|pic|picture|avatar|thumb(?:nail)?|icon)?$|^(?:image|img|photo|pic|avatar)[-_ ]?(?:of\s+)?(?:the\s+)?(?:author|writer|reporter)$",
    )
});

/// A credit standing alone ("Credit: Jane Doe/Example News", "Photo: Example"), after which a
/// one-sentence line is the caption of the same picture.
pub(crate) fn is_bare_credit(line: &str) -> bool {
    static BARE: Pattern = Pattern::new(|| {
        re(
            r"(?i)^(?:photo\s*|image\s*|picture\s*)?(?:credits?|photo|image|picture)\s*:\s*[^.!?]{1,80}$",
        )
    });
    word_count(line) <= 10 && BARE.is_match(line.trim())
}

/// A short single sentence: what a caption under a credit looks like.
pub(crate) fn is_short_sentence(line: &str) -> bool {
    let w = word_count(line);
    (4..=20).contains(&w)
        && ends_sentence(line)
        && !line.contains(['"', '“', '”'])
        && line.trim_end_matches(['.', '!', '?']).matches(". ").count() == 0
}

pub(crate) fn is_author_marker(line: &str) -> bool {
    AUTHOR_MARKER.is_match(line.trim()) && line.trim().len() > 6
}

// --- promotions ----------------------------------------------------------------------------

static PROMO: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:advertisement|advertisment|advert|ad|ads|sponsored(?:\s+content)?|promoted(?:\s+content)?|paid\s+(?:content|post|partnership)|partner\s+content|presented\s+by(?-u:\b).*|brought\s+to\s+you\s+by(?-u:\b).*)[.:]?$",
    )
});

static APP_PROMO: Pattern = Pattern::new(|| {
    re(
        r"(?i)^\W*(?:download|get|install)\s+(?:the|our)\s+(?:free\s+)?(?:[\w.&'-]+\s+){0,3}?app(?-u:\b)|^.{0,60}(?-u:\b)available\s+on\s+(?:the\s+)?(?:app\s+store|google\s+play)(?-u:\b)|^(?:click|tap)\s+here(?-u:\b)|^(?:listen\s+to|watch|subscribe\s+to|follow)\s+(?:our|the)\s+(?:[\w'-]+\s+){0,3}?(?:podcast|channel|show|live\s*stream|videos?|page)(?-u:\b)|^for\s+(?:more|the\s+latest)(?-u:\b).{0,80}(?-u:\b)(?:visit|follow|go\s+to|head\s+to|download|subscribe|sign\s+up|click)(?-u:\b)",
    )
});

static DOMAIN: Pattern = Pattern::new(|| {
    re(
        r"(?i)(?-u:\b)[a-z0-9-]+\.(?:com|net|org|co\.uk|com\.au|co\.nz|co\.in|co\.za|news|tv|io|ca|ie|in)(?-u:\b)",
    )
});

static VISIT: Pattern = Pattern::new(|| {
    re(
        r"(?i)^(?:visit|go\s+to|head\s+to|follow|read|find|see|check\s+out|for\s+more|more\s+at|get|download|watch|listen)(?-u:\b)",
    )
});

/// Classify one paragraph as furniture, or `None` if it may be article text.
pub(crate) fn classify(line: &str, zone: Zone) -> Option<RemovalKind> {
    let line = line.trim();
    // Every test below asks for at most 90 words.
    let words = word_count_upto(line, 91);
    if words == 0 {
        return None;
    }
    let edge = zone != Zone::Body;

    // Markup identifiers and page markers.
    let ident_marks = memchr::memchr2(b'-', b'_', line.as_bytes()).is_some();
    if (ident_marks && IDENT.is_match(line)) || is_author_marker(line) {
        return Some(RemovalKind::Marker);
    }
    if words <= 8 && (MARKER.is_match(line) || UPDATE_STAMP.is_match(line)) {
        return Some(RemovalKind::Marker);
    }
    // Which costly patterns the line can match at all (one scan of it, for short lines).
    let present = if words <= 40 {
        GATE_WORDS.families(line)
    } else {
        0
    };
    let gated =
        |gate: &Gate, pattern: &Pattern| gate.may_match(line, present) && pattern.is_match(line);
    if BARE_URL.is_match(line) || (words <= 40 && gated(&COPYRIGHT_GATE, &COPYRIGHT)) {
        return Some(RemovalKind::Marker);
    }
    if words <= 6 && PROMO.is_match(line) {
        return Some(RemovalKind::Promo);
    }

    // Sign-up prompts.
    if words <= 30 && gated(&NEWSLETTER_GATE, &NEWSLETTER_STRONG) {
        return Some(RemovalKind::Newsletter);
    }
    if words <= 25 && CALL_TO_ACTION.is_match(line) && PROMO_NOUNS.is_match(line) {
        return Some(RemovalKind::Newsletter);
    }
    if words <= 4 && SIGNUP_BUTTON.is_match(line) {
        return Some(RemovalKind::Newsletter);
    }

    // Widgets.
    if words <= 10 && (WIDGET.is_match(line) || is_share_bar(line)) {
        return Some(RemovalKind::Widget);
    }

    // Related links.
    if words <= 30 && RELATED_STRONG.is_match(line) {
        return Some(RemovalKind::Related);
    }
    if words <= 25 && RELATED_LABEL.is_match(line) {
        return Some(RemovalKind::Related);
    }

    // Promotions of the site itself.
    if words <= 30 && gated(&APP_PROMO_GATE, &APP_PROMO) {
        return Some(RemovalKind::Promo);
    }
    if words <= 25 && gated(&DOMAIN_GATE, &DOMAIN) && (VISIT.is_match(line) || (edge && words <= 4))
    {
        return Some(RemovalKind::Promo);
    }

    if is_caption(line, words) {
        return Some(RemovalKind::Caption);
    }
    None
}

/// A label that introduces a list of links ("Related", "More from the site", "Read more:"),
/// after which the short unpunctuated lines that follow are links too.
pub(crate) fn is_link_list_header(line: &str) -> bool {
    let line = line.trim();
    let w = word_count_upto(line, 9);
    if w > 8 || ends_sentence(line.trim_end_matches(':')) {
        return false;
    }
    let labelled = RELATED_STRONG.is_match(line) || RELATED_LABEL.is_match(line);
    labelled
        && (line.ends_with(':')
            || (!line.contains(':') && (w <= 2 || (w <= 6 && RELATED_STRONG.is_match(line)))))
}

/// "Live: Storm reaches the coast": a short label opening a headline (not "Also read: ...").
pub(crate) fn is_labelled_headline(line: &str) -> bool {
    word_count(line) >= 4 && RELATED_LABEL.is_match(line) && !RELATED_STRONG.is_match(line)
}

/// A line that could be the title of a linked article: short, no sentence punctuation.
pub(crate) fn is_link_title(line: &str) -> bool {
    let w = word_count(line);
    (2..=20).contains(&w) && !ends_sentence(line) || (w <= 20 && line.ends_with('?'))
}

/// A list of topics under its label: "Tags: floods, weather".
pub(crate) fn is_labelled_tag_line(line: &str) -> bool {
    static TAG_PREFIX: Pattern = Pattern::new(|| {
        re(
            r"(?i)^(?:tags?|topics?|filed\s+under|categories|category|keywords|related\s+topics|more\s+on|subjects?)\s*:",
        )
    });
    TAG_PREFIX.is_match(line.trim())
}

/// A closing line that is only a list of topics: "Harbour Bridge City Council Transport",
/// "Tags: floods, weather", "transport · council · budget".
pub(crate) fn is_tag_line(line: &str) -> bool {
    let line = line.trim();
    let words = word_count(line);
    if words == 0 || words > 25 {
        return false;
    }
    if is_labelled_tag_line(line) {
        return true;
    }
    if line
        .chars()
        .any(|c| matches!(c, '.' | '!' | '?' | ';' | ':' | '"' | '“' | '”'))
    {
        return false;
    }
    // A separated list of short items.
    let items: Vec<&str> = line
        .split([',', '|', '•', '·', '#'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() >= 3
        && items.iter().all(|i| word_count(i) <= 4)
        && !line.contains(" and ")
        && !line.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    // Capitalised keywords only.
    const SMALL: &[&str] = &["of", "and", "the", "in", "on", "for", "de", "la", "&"];
    (2..=15).contains(&words)
        && line.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '#')
                || SMALL.contains(&w)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use RemovalKind::*;

    fn body(s: &str) -> Option<RemovalKind> {
        classify(s, Zone::Body)
    }
    fn tail(s: &str) -> Option<RemovalKind> {
        classify(s, Zone::Tail)
    }

    #[test]
    fn newsletter_prompts() {
        assert_eq!(tail("Sign up for our emails"), Some(Newsletter));
        assert_eq!(
            tail("Get the latest headlines from example.org in your inbox."),
            Some(Newsletter)
        );
        assert_eq!(
            body("Subscribe to our free weekly briefing"),
            Some(Newsletter)
        );
        assert_eq!(
            body("Never miss an update: get alerts on your phone"),
            Some(Newsletter)
        );
        assert_eq!(tail("Subscribe"), Some(Newsletter));
        assert_eq!(tail("Already a subscriber? Log in"), Some(Newsletter));
        assert_eq!(
            body("Sign up to the Morning Digest newsletter"),
            Some(Newsletter)
        );
    }

    #[test]
    fn widgets() {
        for l in [
            "Add new comment",
            "Share this",
            "Comments",
            "Comments (14)",
            "12 comments",
            "Share on Facebook",
            "Follow us on Twitter",
            "Facebook Twitter WhatsApp Email",
            "Copy link",
            "Print",
            "Leave a comment",
            "5 min read",
            "Join the conversation",
        ] {
            assert_eq!(body(l), Some(Widget), "{l}");
        }
    }

    #[test]
    fn related_links() {
        for l in [
            "Also Read: Harbour Bridge To Close For Repairs",
            "Read more: the council's budget explained",
            "READ MORE",
            "Related:",
            "Related articles",
            "More from the Valley Courier",
            "You may also like",
            "Most read",
            "Watch: the flood in pictures",
            "Trending now",
        ] {
            assert_eq!(body(l), Some(Related), "{l}");
        }
    }

    #[test]
    fn captions_and_credits() {
        for l in [
            "A crowd gathers outside the court on Monday. (AP PHOTO)",
            "Camera IconA crowd gathers outside the court on Monday. Credit: Example Images",
            "The mayor at the opening ceremony (Photo: Jane Doe)",
            "Firefighters at the scene. Photo: Supplied",
            "In a photograph provided by the city council, workers repair the roof of the old library. Rain clouds gather behind them.",
            "This image released by the ministry shows a damaged road.",
            "FILE - A ferry leaves the harbour in 2019.",
            "Image caption, The bridge was closed for a week",
            "The two mayors could sign the agreement at the summit, officials said (Example Agency)",
            "Residents clear debris from a street / Getty Images",
            "Police at the scene on Sunday (Reuters/File Photo)",
            "Players celebrate after the final whistle (AAP Image/Jo Example)",
        ] {
            assert_eq!(body(l), Some(Caption), "{l}");
        }
    }

    #[test]
    fn markers_and_promos() {
        assert_eq!(body("author-image"), Some(Marker));
        assert_eq!(body("share-icon"), Some(Marker));
        assert_eq!(body("rate_limit_config"), None);
        assert_eq!(body("New Update"), Some(Marker));
        assert_eq!(body("Updated: 3 hours ago"), Some(Marker));
        assert_eq!(body("Story continues below advertisement"), Some(Marker));
        assert_eq!(
            body("© 2024 Example Media. All rights reserved."),
            Some(Marker)
        );
        assert_eq!(body("https://example.org/story/123"), Some(Marker));
        assert_eq!(body("This article first appeared in the Example Ledger and is republished with permission."), Some(Marker));
        assert_eq!(body("Advertisement"), Some(Promo));
        assert_eq!(
            body("Download the Example News app for breaking stories"),
            Some(Promo)
        );
        assert_eq!(tail("Visit example.org for more local news"), Some(Promo));
        assert_eq!(body("Click here to watch the full interview"), Some(Promo));
    }

    #[test]
    fn real_sentences_stay() {
        for l in [
            "The photo, taken by a passer-by, shows the truck moments before the crash.",
            "Officials did not respond to a request for comment.",
            "He declined to comment on the report, saying the inquiry was continuing.",
            "Comments made by the minister last week drew criticism from farmers.",
            "Residents can sign up for the free flu shots at the town hall until Friday.",
            "The company's share price fell 4 per cent after the announcement.",
            "Share prices rose sharply in early trading on Tuesday, brokers said.",
            "Readers of the newsletter were told the paper would close, the editor said.",
            "She follows the latest news from the front closely, she said.",
            "More than 200 people attended the meeting.",
            "Read the full statement, the spokesman told reporters, and judge for yourself.",
            "In a photo posted on social media, the minister is seen shaking hands with protesters.",
            "The museum released an image of the painting, which had been missing since 1990.",
            "Watch the skies tonight, astronomers say, as the meteor shower peaks.",
            "Get ready for a long summer of roadworks, the council warned drivers.",
            "A gallery in the old town reopened on Sunday.",
            "Trending topics on social media included the storm and the election.",
            "The credit rating agency downgraded the bank on Monday.",
            "Old Allies, Together Again",
            "The minister (left) and the mayor (right) met on Tuesday.",
            "Smoking raises the risk of chronic obstructive pulmonary disease (COPD)",
            "A Guide to Pruning Roses in the Early Season (Spring Bloomers)",
            "He described the idea as a springboard. (I picture the vault from gymnastics.)",
            "Copyright Law in a Changing World",
            "New users can try the app for two weeks and cancel if they are not satisfied.",
            "- eco labels (see photo above)",
            "What Else You Need (To Image Successfully)",
            "Shows knowledge of the course and keeps up with training (C.E.U.s)",
        ] {
            assert_eq!(body(l), None, "{l}");
            assert_eq!(tail(l), None, "{l}");
        }
    }

    #[test]
    fn author_markers() {
        assert!(is_author_marker("author-image"));
        assert!(is_author_marker("Author Image"));
        assert!(!is_author_marker("Author"));
        assert!(!is_author_marker("The author said so."));
    }

    #[test]
    fn tag_lines() {
        assert!(is_tag_line("Harbour Bridge City Council Transport"));
        assert!(is_tag_line("Tags: floods, weather, council"));
        assert!(is_tag_line("transport · council · budget"));
        assert!(!is_tag_line("The council will meet again next month."));
        assert!(!is_tag_line("It rained all week"));
        assert!(!is_tag_line("Salt, pepper and oil are added last"));
        assert!(!is_tag_line("Ann Example, film star, dies at 91"));
    }

    #[test]
    fn link_lists() {
        assert!(is_link_list_header("More from the Valley Courier"));
        assert!(is_link_list_header("Related:"));
        assert!(!is_link_list_header(
            "Read more about the plan on the council site."
        ));
        assert!(is_link_title("Harbour Bridge To Close For Repairs"));
        assert!(!is_link_title(
            "The bridge will close for repairs next week."
        ));
    }
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    #[test]
    fn newsletter_and_domain_gates_pass_every_branch() {
        // One line per branch of NEWSLETTER_STRONG, in odd cases and with folded letters.
        let newsletter = [
            "Delivered straight to your INBOX every morning",
            "Sign up for our briefing",
            "signing-up to free alerts",
            "Sign up to the newsletters",
            "Subscribe to my updates",
            "Our weekly newsletter is here",
            "Newsletter sign-up",
            "Already a subscriber? Log in",
            "Subscribers-only story",
            "Start your free trial",
            "Enter your e-mail address",
            "Thank you for subscribing",
            "Support independent journalism",
            "Login or register to continue",
            "Create a free account",
            "Unlimited digital access for a dollar",
            "thanK you for ſigning up",
        ];
        let domains = [
            "Read more at Example-News.COM",
            "example.co.uk",
            "see example.in today",
        ];
        for (lines, pattern, gate) in [
            (&newsletter[..], &NEWSLETTER_STRONG, &NEWSLETTER_GATE),
            (&domains[..], &DOMAIN, &DOMAIN_GATE),
        ] {
            for line in lines {
                assert!(pattern.is_match(line), "{line}: the test line should match");
                assert!(gate.may_match(line, GATE_WORDS.families(line)), "{line}");
            }
        }
    }

    #[test]
    fn gates_pass_every_line_their_pattern_matches() {
        let lines = [
            "This article was originally published on The Conversation.",
            "this story first appeared in Example Weekly",
            "Originally published in Example News.",
            "First published on March 3.",
            "Republished with permission.",
            "The piece is republished here with kind permission of the author.",
            "© 2024 Example Media",
            "(c) Example Media",
            "(C) Example Media",
            "Copyright 2023 Example Media",
            "COPYRIGHT © 2023",
            "Example Media. All Rights Reserved.",
            "All riGHtſ reserved",
            "This material may not be published, broadcast or redistributed.",
            "thiſ article first appeared here",
            "Download the free Example News app",
            "  ** Get our app today",
            "Install the Example app for alerts",
            "Now available on the App Store and Google Play",
            "Click here to read more",
            "Tap here for the live blog",
            "Listen to our daily podcast",
            "Watch the channel live stream",
            "Subscribe to our podcast",
            "Follow the page for updates",
            "For more news visit example.com",
            "For the latest updates, follow us",
            "liſten to our podcast",
        ];
        for line in lines {
            let copyright = COPYRIGHT.is_match(line);
            let promo = APP_PROMO.is_match(line);
            assert!(
                copyright || promo,
                "{line}: the test line should match a pattern"
            );
            let present = GATE_WORDS.families(line);
            assert!(
                !copyright || COPYRIGHT_GATE.may_match(line, present),
                "{line}"
            );
            assert!(!promo || APP_PROMO_GATE.may_match(line, present), "{line}");
        }
        let plain = "The council met on Monday to discuss the harbour.";
        for gate in [
            &COPYRIGHT_GATE,
            &APP_PROMO_GATE,
            &NEWSLETTER_GATE,
            &DOMAIN_GATE,
        ] {
            assert!(!gate.may_match(plain, GATE_WORDS.families(plain)));
        }
    }
}
