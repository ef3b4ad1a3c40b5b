//! The story timeline as the page lists it: entries down an axis, each with a dot sized by
//! its independent sources, and a named break where months or years pass between entries (a
//! proportional axis would crush a storyline that spans decades into two dots). The page is a
//! list, so entries wrap at any width; this module only says where the breaks fall.

use chrono::NaiveDate;
use storyline_story::StoryEntry;

/// Largest dot size (the page's style sheet has a class for each size up to it).
pub const MAX_DOT: usize = 6;
/// Entries further apart than this get a break naming the gap.
const GAP_DAYS: i64 = 60;

/// What the page draws beside one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The break before the entry ("24 years later"), when one is due.
    pub gap: Option<String>,
    /// Size of its dot, 0 to [`MAX_DOT`]: more independent sources, a larger dot.
    pub dot: usize,
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

/// The rows of `entries` (in date order, as the story view gives them).
pub fn rows(entries: &[StoryEntry]) -> Vec<Row> {
    let mut previous: Option<NaiveDate> = None;
    entries
        .iter()
        .map(|e| {
            let date = day(&e.date);
            let gap = match (previous, date) {
                (Some(before), Some(d)) if (d - before).num_days() > GAP_DAYS => {
                    Some(gap_label((d - before).num_days()))
                }
                _ => None,
            };
            previous = date
                .map(|d| e.until.as_deref().and_then(day).unwrap_or(d))
                .or(previous);
            Row {
                gap,
                dot: e.independent.min(MAX_DOT),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, independent: usize) -> StoryEntry {
        StoryEntry {
            date: date.into(),
            until: None,
            text: "Something happened.".into(),
            sources: vec!["a".into()],
            independent,
            unattributed: 0,
            background: false,
        }
    }

    #[test]
    fn far_apart_entries_get_a_named_break() {
        let r = rows(&[
            entry("2000-07-19", 1),
            entry("2024-06-18", 3),
            entry("2024-06-19", 9),
        ]);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].gap, None);
        assert_eq!(r[1].gap.as_deref(), Some("24 years later"));
        assert_eq!(r[2].gap, None);
        assert!(r[0].dot < r[1].dot && r[1].dot < r[2].dot);
        assert_eq!(r[2].dot, MAX_DOT, "dots grow with sources, to a limit");
    }

    #[test]
    fn gaps_and_days() {
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
