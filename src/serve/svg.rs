//! The story timeline as SVG geometry: one row a dated entry down a vertical axis, a dot
//! sized by independent sources, and a marked break where years or months pass between
//! entries (a proportional axis would crush a storyline that spans decades into two dots).
//! Pure numbers and strings; the page template writes the elements, escaping every text.

use chrono::NaiveDate;
use storyline_story::StoryEntry;

/// Width of the drawing (user units; the page scales it to the screen).
pub const WIDTH: u32 = 640;
const ROW: u32 = 30;
const GAP_ROW: u32 = 26;
const TOP: u32 = 16;
const AXIS_X: u32 = 152;
/// Characters of an entry shown beside its dot (the full text is listed under the drawing).
const LABEL_CHARS: usize = 52;
/// Entries further apart than this get a break row naming the gap.
const GAP_DAYS: i64 = 60;

/// One dated entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub y: u32,
    pub r: u32,
    pub date: String,
    pub label: String,
    pub background: bool,
    /// Index of the entry in the timeline list (for the link to its full text).
    pub entry: usize,
}

/// A break between two entries far apart in time.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub y1: u32,
    pub y2: u32,
    pub label: String,
}

/// The drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub width: u32,
    pub height: u32,
    pub axis_x: u32,
    pub text_x: u32,
    pub dots: Vec<Dot>,
    pub gaps: Vec<Gap>,
    /// Solid axis segments between dots (the breaks are dashed).
    pub segments: Vec<(u32, u32)>,
}

/// The first day a date of any precision covers ("1961" -> 1961-01-01, "2024-06" -> 2024-06-01).
pub(super) fn day(s: &str) -> Option<NaiveDate> {
    let mut parts = s.get(..s.len().min(10))?.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// "24 years later", "5 months later".
fn gap_label(days: i64) -> String {
    let (n, unit) = if days >= 365 {
        ((days as f64 / 365.25).round() as i64, "year")
    } else {
        ((days as f64 / 30.44).round() as i64, "month")
    };
    format!("{n} {unit}{} later", if n == 1 { "" } else { "s" })
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// Lay out `entries` (in date order, as the story view gives them).
pub fn layout(entries: &[StoryEntry]) -> Timeline {
    let mut t = Timeline {
        width: WIDTH,
        height: 0,
        axis_x: AXIS_X,
        text_x: AXIS_X + 16,
        dots: Vec::with_capacity(entries.len()),
        gaps: Vec::new(),
        segments: Vec::new(),
    };
    let mut y = TOP;
    let mut previous: Option<(NaiveDate, u32)> = None;
    for (i, e) in entries.iter().enumerate() {
        let date = day(&e.date);
        if let (Some((before, y_before)), Some(d)) = (previous, date) {
            let days = (d - before).num_days();
            if days > GAP_DAYS {
                t.gaps.push(Gap {
                    y1: y_before,
                    y2: y + GAP_ROW,
                    label: gap_label(days),
                });
                y += GAP_ROW;
            } else {
                t.segments.push((y_before, y));
            }
        }
        t.dots.push(Dot {
            y,
            r: 4 + e.independent.min(6) as u32,
            date: match &e.until {
                Some(u) if u != &e.date => format!("{}–{}", e.date, u.get(5..).unwrap_or(u)),
                _ => e.date.clone(),
            },
            label: shorten(&e.text, LABEL_CHARS),
            background: e.background,
            entry: i,
        });
        previous = date
            .map(|d| (e.until.as_deref().and_then(day).unwrap_or(d), y))
            .or(previous);
        y += ROW;
    }
    t.height = y.max(TOP + ROW) - ROW + TOP + 8;
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, text: &str, independent: usize) -> StoryEntry {
        StoryEntry {
            date: date.into(),
            until: None,
            text: text.into(),
            sources: vec!["a".into()],
            independent,
            unattributed: 0,
            background: false,
        }
    }

    #[test]
    fn far_apart_entries_get_a_named_break_and_near_ones_a_solid_axis() {
        let t = layout(&[
            entry("2000-07-19", "First visit.", 1),
            entry("2024-06-18", "Second visit begins.", 3),
            entry("2024-06-19", "Treaty signed.", 9),
        ]);
        assert_eq!(t.dots.len(), 3);
        assert_eq!(t.gaps.len(), 1);
        assert_eq!(t.gaps[0].label, "24 years later");
        assert_eq!(t.segments, vec![(t.dots[1].y, t.dots[2].y)]);
        assert!(t.dots.windows(2).all(|w| w[0].y < w[1].y));
        assert_eq!(t.dots[2].r, 10, "dots grow with sources, to a limit");
        assert!(t.height > t.dots[2].y);
    }

    #[test]
    fn long_texts_are_cut_at_a_word() {
        let long = "word ".repeat(30);
        let label = shorten(long.trim(), 20);
        assert!(label.ends_with("word…"), "{label}");
        assert!(label.chars().count() <= 21);
        assert_eq!(gap_label(70), "2 months later");
        assert_eq!(gap_label(366), "1 year later");
        assert_eq!(day("1961"), NaiveDate::from_ymd_opt(1961, 1, 1));
        assert_eq!(day("2024-06"), NaiveDate::from_ymd_opt(2024, 6, 1));
        assert_eq!(
            day("2024-06-18T09:00:00Z"),
            NaiveDate::from_ymd_opt(2024, 6, 18)
        );
    }
}
