//! Tokens and word tables for date finding.
//!
//! The tokeniser cuts text into words (letter runs), numbers (digit runs) and single
//! punctuation characters, remembering for each token whether whitespace or a line break came
//! before it. Prose ("July 19, 2000") and PTB-tokenised text ("July 19 , 2000") then look the
//! same to the matchers, which only care about token order and gluing.
//!
//! A number keeps its thousands groups and decimal or clock parts together ("1,525", "5.5",
//! "12:51"), so such numbers are never mistaken for days or years; an ordinal suffix stays on
//! its number ("19th").

use chrono::Weekday;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    pub s: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Nothing separates this token from the one before it.
    pub glued: bool,
    /// A line break (or the start of the text) comes before this token.
    pub newline: bool,
    /// For a plain number (digits only, maybe with an ordinal suffix): its value.
    pub value: Option<u32>,
    /// Number of digits of a plain number.
    pub digits: u8,
    /// Plain number with an ordinal suffix ("19th").
    pub ordinal: bool,
}

impl Tok<'_> {
    /// Case-insensitive comparison with an ASCII word.
    pub fn is(&self, w: &str) -> bool {
        self.s.eq_ignore_ascii_case(w)
    }

    pub fn is_any(&self, ws: &[&str]) -> bool {
        ws.iter().any(|w| self.is(w))
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.s.starts_with(c)
    }

    pub fn capitalised(&self) -> bool {
        self.kind == Kind::Word && self.s.chars().next().is_some_and(char::is_uppercase)
    }

    /// A dash that can join the two ends of a range.
    pub fn is_dash(&self) -> bool {
        self.kind == Kind::Punct && matches!(self.s, "-" | "\u{2013}" | "\u{2014}")
    }

    /// A four-digit plain number.
    pub fn year_value(&self) -> Option<i32> {
        match self.value {
            Some(v) if self.digits == 4 && !self.ordinal => Some(v as i32),
            _ => None,
        }
    }

    /// A day of the month written as a number ("19", "19th", "07"), 1 to 31.
    pub fn day_value(&self) -> Option<u32> {
        match self.value {
            Some(v) if self.digits <= 2 && (1..=31).contains(&v) => Some(v),
            _ => None,
        }
    }
}

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Cut `text` into tokens.
pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let b = text.as_bytes();
    let mut out: Vec<Tok<'_>> = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    let mut glued = false;
    let mut newline = true;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if c.is_ascii_whitespace() {
                newline |= c == b'\n' || c == b'\r';
                glued = false;
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                let (end, plain, digits, ordinal) = number_end(b, i);
                let s = &text[i..end];
                let value = if plain && digits <= 9 {
                    s[..digits].parse().ok()
                } else {
                    None
                };
                out.push(Tok {
                    s,
                    start: i,
                    end,
                    kind: Kind::Num,
                    glued,
                    newline,
                    value,
                    digits: if plain { digits.min(255) as u8 } else { 0 },
                    ordinal,
                });
                i = end;
            } else if c.is_ascii_alphabetic() {
                let end = word_end(text, i);
                out.push(word(text, i, end, glued, newline));
                i = end;
            } else {
                out.push(punct(text, i, i + 1, glued, newline));
                i += 1;
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            let len = ch.len_utf8();
            if ch.is_whitespace() {
                newline |= matches!(ch, '\u{2028}' | '\u{2029}' | '\u{85}');
                glued = false;
                i += len;
                continue;
            }
            if is_letter(ch) {
                let end = word_end(text, i);
                out.push(word(text, i, end, glued, newline));
                i = end;
            } else {
                out.push(punct(text, i, i + len, glued, newline));
                i += len;
            }
        }
        glued = true;
        newline = false;
    }
    out
}

fn word<'a>(text: &'a str, start: usize, end: usize, glued: bool, newline: bool) -> Tok<'a> {
    Tok {
        s: &text[start..end],
        start,
        end,
        kind: Kind::Word,
        glued,
        newline,
        value: None,
        digits: 0,
        ordinal: false,
    }
}

fn punct<'a>(text: &'a str, start: usize, end: usize, glued: bool, newline: bool) -> Tok<'a> {
    Tok {
        kind: Kind::Punct,
        ..word(text, start, end, glued, newline)
    }
}

fn word_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (k, ch) in text[start..].char_indices() {
        if !is_letter(ch) {
            return start + k;
        }
        end = start + k + ch.len_utf8();
    }
    end
}

/// End of the number starting at `start`: (end, plain, leading digit count, ordinal).
fn number_end(b: &[u8], start: usize) -> (usize, bool, usize, bool) {
    let digit_run = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let digits = digit_run(start);
    let mut end = start + digits;
    let mut plain = true;
    loop {
        if end + 1 >= b.len() || !b[end + 1].is_ascii_digit() {
            break;
        }
        match b[end] {
            // Thousands group: exactly three digits.
            b',' if digit_run(end + 1) == 3 => end += 4,
            b'.' | b':' => end += 1 + digit_run(end + 1),
            _ => break,
        }
        plain = false;
    }
    if plain && end + 2 <= b.len() {
        let suffix = [b[end].to_ascii_lowercase(), b[end + 1].to_ascii_lowercase()];
        let after_is_letter =
            end + 2 < b.len() && (b[end + 2].is_ascii_alphabetic() || b[end + 2] >= 0x80);
        if matches!(&suffix, b"st" | b"nd" | b"rd" | b"th") && !after_is_letter {
            return (end + 2, true, digits, true);
        }
    }
    (end, plain, digits, false)
}

#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Month number of a full month name, in any case.
pub(super) fn month_named(s: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| s.eq_ignore_ascii_case(m))
        .map(|k| k as u32 + 1)
}

/// Weekday of a full weekday name, in any case.
pub(super) fn weekday_named(s: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(n, _)| s.eq_ignore_ascii_case(n))
        .map(|(_, w)| *w)
}

/// Month number of a month name or abbreviation, and whether it was abbreviated. Month
/// names must be capitalised ("may" and "march" are never months).
pub(super) fn month_of(t: &Tok) -> Option<(u32, bool)> {
    if !t.capitalised() || t.s.len() < 3 || t.s.len() > 9 {
        return None;
    }
    const SHORT: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if let Some(k) = MONTHS.iter().position(|m| t.is(m)) {
        return Some((k as u32 + 1, false));
    }
    if t.is("sept") {
        return Some((9, true));
    }
    SHORT
        .iter()
        .position(|m| t.is(m))
        .map(|k| (k as u32 + 1, true))
}

/// Weekday of a weekday name or abbreviation, and whether it was abbreviated.
pub(super) fn weekday_of(t: &Tok) -> Option<(Weekday, bool)> {
    if !t.capitalised() || t.s.len() < 3 || t.s.len() > 9 {
        return None;
    }
    const SHORT: [(&str, Weekday); 10] = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("tues", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("thur", Weekday::Thu),
        ("thurs", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ];
    if let Some((_, w)) = WEEKDAYS.iter().find(|(n, _)| t.is(n)) {
        return Some((*w, false));
    }
    SHORT.iter().find(|(n, _)| t.is(n)).map(|(_, w)| (*w, true))
}

/// A small count written as a word or digits ("two", "24", "a").
pub(super) fn count_of(t: &Tok) -> Option<u32> {
    if t.kind == Kind::Num {
        return t.value.filter(|v| *v <= 5000 && !t.ordinal);
    }
    #[rustfmt::skip]
    const WORDS: [&str; 21] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty",
    ];
    if let Some(k) = WORDS.iter().position(|w| t.is(w)) {
        return Some(k as u32);
    }
    const TENS: [(&str, u32); 8] = [
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
    ];
    if let Some((_, v)) = TENS.iter().find(|(w, _)| t.is(w)) {
        return Some(*v);
    }
    if t.is("a") || t.is("an") {
        return Some(1);
    }
    None
}

/// Words that, right after a number, show it counts or measures something (so it is no year).
#[rustfmt::skip]
pub(super) const COUNT_WORDS: &[&str] = &[
    "people", "persons", "person", "men", "women", "children", "kids", "adults", "workers",
    "employees", "staff", "soldiers", "troops", "police", "officers", "residents", "households",
    "homes", "houses", "families", "patients", "cases", "deaths", "dead", "victims", "students",
    "jobs", "barrels", "bbl", "gallons", "litres", "liters", "tonnes", "tons", "ton", "metres",
    "meters", "metre", "meter", "m", "km", "kilometres", "kilometers", "miles", "mi", "ft", "feet",
    "foot", "yards", "yds", "inches", "cm", "mm", "kg", "g", "lb", "lbs", "pounds", "dollars",
    "euros", "yen", "pence", "cents", "sq", "square", "cubic", "acres", "hectares", "ha", "votes",
    "voters", "seats", "points", "pts", "calories", "units", "copies", "pages", "words", "times",
    "mph", "kmh", "kph", "knots", "hours", "hrs", "hr", "h", "minutes", "mins", "min", "seconds",
    "secs", "sec", "days", "weeks", "months", "years", "yrs", "birds", "animals", "fish", "ships",
    "boats", "vessels", "vehicles", "cars", "planes", "aircraft", "flights", "rounds", "shares",
    "signatures", "members", "delegates", "visitors", "tourists", "fans", "spectators",
    "protesters", "demonstrators", "participants", "refugees", "migrants", "prisoners", "inmates",
    "hostages", "casualties", "injured", "wounded", "species", "items", "tests", "samples",
    "doses", "beds", "rooms", "calls", "emails", "messages", "letters", "complaints", "lawsuits",
    "wells", "rigs", "gmt", "utc", "bst", "edt", "est", "cdt", "cst", "mdt", "mst", "pdt", "pst",
    "et", "pt", "ct", "cet", "cest", "local", "per", "percent", "pc", "million", "billion",
    "thousand", "hundred", "mn", "bn", "bc", "bce", "degrees", "mw", "kw", "gw", "mb", "gb", "kb",
    "bpd", "b", "k", "x",
];

/// Words that, right before a number, show it is a count, an amount or a label, not a year.
#[rustfmt::skip]
pub(super) const NOT_YEAR_BEFORE: &[&str] = &[
    "page", "pages", "p", "pp", "pg", "no", "nos", "number", "num", "room", "flight", "route",
    "highway", "interstate", "model", "version", "chapter", "section", "article", "paragraph",
    "para", "exit", "gate", "suite", "apartment", "apt", "bus", "channel", "platform", "rule",
    "resolution", "code", "box", "unit", "lot", "plot", "pier", "terminal", "hole", "grade", "zip",
    "ward", "bed", "than", "nearly", "almost", "approximately", "roughly", "some", "usd", "eur",
    "gbp", "rs", "mile", "km", "kilometre", "kilometer", "vol", "issue", "cell", "bay", "berth",
    "batch", "serial", "id", "ref", "tel", "phone", "fax", "block", "building", "floor", "level",
    "row", "seat", "table", "figure", "fig", "item", "bill", "hr", "hb", "sb", "h", "at",
];

/// Words that look back over their sentence and mark what follows as still to come.
#[rustfmt::skip]
pub(super) const FUTURE_WORDS: &[&str] = &[
    "will", "shall", "wo", "ll", "due", "expected", "scheduled", "planned", "plans", "plan",
    "planning", "intends", "intend", "going", "upcoming", "coming", "set",
];

/// Reporting and past verbs that end the look-back for future words.
#[rustfmt::skip]
pub(super) const PAST_STOP_WORDS: &[&str] = &[
    "said", "says", "told", "announced", "reported", "added", "confirmed", "revealed", "stated",
    "explained", "noted", "was", "were", "had", "did", "warned", "admitted", "claimed", "insisted",
    "declared", "argued", "wrote", "tweeted",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.s).collect()
    }

    #[test]
    fn numbers_keep_groups_and_suffixes() {
        assert_eq!(
            strs("about 1,525 m on the 19th at 12:51"),
            ["about", "1,525", "m", "on", "the", "19th", "at", "12:51"]
        );
        let t = tokenize("19th 2010 5.5 20,2010");
        assert_eq!((t[0].value, t[0].ordinal, t[0].digits), (Some(19), true, 2));
        assert_eq!(t[1].year_value(), Some(2010));
        assert_eq!(t[2].value, None);
        // A comma followed by four digits is no thousands group.
        assert_eq!(t[3].s, "20");
        assert_eq!(t[5].year_value(), Some(2010));
    }

    #[test]
    fn gluing_and_line_breaks() {
        let t = tokenize("Jul. 19\nnext-day 'word");
        assert!(t[0].newline && !t[0].glued);
        assert!(t[1].glued && t[1].is_punct('.'));
        assert!(!t[2].glued && !t[2].newline);
        assert!(t[3].newline && t[3].s == "next");
        assert!(t[4].glued && t[4].is_dash() && t[5].glued);
        assert_eq!(t.last().map(|t| t.s), Some("word"));
    }

    #[test]
    fn unicode_text_keeps_byte_offsets() {
        let text = "Ça commence le 18\u{2013}19 juin — Zürich";
        for t in tokenize(text) {
            assert_eq!(&text[t.start..t.end], t.s);
        }
        assert!(tokenize("18\u{2013}19")[1].is_dash());
    }

    #[test]
    fn month_and_weekday_names() {
        let t = tokenize("May may Sept. JULY Wed Sunday sunday Mayor");
        assert_eq!(month_of(&t[0]), Some((5, false)));
        assert_eq!(month_of(&t[1]), None);
        assert_eq!(month_of(&t[2]), Some((9, true)));
        assert_eq!(month_of(&t[4]), Some((7, false)));
        assert_eq!(weekday_of(&t[5]), Some((Weekday::Wed, true)));
        assert_eq!(weekday_of(&t[6]), Some((Weekday::Sun, false)));
        assert_eq!(weekday_of(&t[7]), None);
        assert_eq!(month_of(&t[8]), None);
    }

    #[test]
    fn counts_in_words_and_digits() {
        let t = tokenize("two 24 a twenty dozen");
        let got: Vec<_> = t.iter().map(count_of).collect();
        assert_eq!(got, [Some(2), Some(24), Some(1), Some(20), None]);
    }
}
