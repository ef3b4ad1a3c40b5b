//! Date expressions in English news text, resolved to calendar dates.
//!
//! [`mentions`] finds absolute dates ("July 19, 2000", "19 July 2000", "2024-06-19",
//! "September 2023", "in 1995", ranges such as "June 18-19" or "2009-2010") and, given the
//! publication day as anchor, relative ones ("on Wednesday", "yesterday", "last September",
//! "earlier this month", "in March", "24 years ago", year-less "June 18"). It reads ordinary
//! prose and PTB-tokenised text alike ("April 20 , 2010", "-LRB-", "'s" split off).
//!
//! Numbers that count or measure ("1,525 m", "2,000 people", "24 years"), times of day,
//! "may" and "march" as words, titles such as "the Sun" or "Good Friday" and page numbers
//! are not dates.
//!
//! [`infer_published`] guesses the publication day of an article that came without one.
//!
//! Conventions: a bare weekday is the latest such day on or before the anchor (the anchor's
//! own weekday is the anchor), or the coming one when the sentence speaks of the future
//! ("will ... on Friday", "is expected ... on Sunday"); "last"/"next" weekdays and months
//! are strictly before/after the anchor's; a month without a year is the latest such month
//! up to one month after the anchor's (the coming one in future sentences); a day and month
//! without a year take the anchor's year, or the year before when that would put them more
//! than about two months after the anchor. Week expressions give the Monday-to-Sunday range.

mod cal;
mod infer;
mod lex;
mod scan;

use serde::Serialize;

/// How precise a date is (ordered finest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Granularity {
    Day,
    Month,
    Year,
}

/// One date expression in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMention {
    /// Byte span of the expression in the text.
    pub start: usize,
    pub end: usize,
    /// The day, or the first day of the month or year.
    #[serde(serialize_with = "ser_date")]
    pub date: chrono::NaiveDate,
    /// Last period of a range ("June 18-19" ends June 19; "2009-2010" ends on 1 January 2010,
    /// the first day of its last year), else `None`.
    #[serde(serialize_with = "ser_opt_date")]
    pub end_date: Option<chrono::NaiveDate>,
    pub granularity: Granularity,
    /// Resolved against the anchor ("on Wednesday", "last September", "yesterday", "June 18").
    pub relative: bool,
}

/// Dates serialise as "YYYY-MM-DD" (whether or not chrono's own serde support is on).
fn ser_date<S: serde::Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

fn ser_opt_date<S: serde::Serializer>(
    d: &Option<chrono::NaiveDate>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_date(d, s),
        None => s.serialize_none(),
    }
}

/// Date expressions of `text` in order, not overlapping. `anchor` is the publication day;
/// without it relative expressions and dates without a year are skipped.
pub fn mentions(text: &str, anchor: Option<chrono::NaiveDate>) -> Vec<DateMention> {
    scan::scan(text, anchor)
        .hits
        .into_iter()
        .map(|h| h.mention)
        .collect()
}

/// A publication date inferred from an article's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inferred {
    #[serde(serialize_with = "ser_date")]
    pub date: chrono::NaiveDate,
    pub granularity: Granularity,
    /// 0 to 1: 0.8-0.95 for a date line; 0.5-0.7 for the latest dated mention; 0.6-0.7 when
    /// two independent clues agree on the year (elapsed time, calendar, relative months, other
    /// reports), 0.3 for one clue beside a recent dated mention, 0.25 or less for one clue
    /// alone, 0.1 when several years fit equally or only the calendar speaks.
    pub confidence: f32,
    /// The rule or the clues that gave the date ("date line near the top", "latest dated
    /// mention", "elapsed: \"first visit in 24 years\" after 2000; relative month: ...").
    pub reason: String,
}

/// Guess when an article was published from its text alone: a date line near the top
/// ("July 19, 2000, 12:51 PM", "Published: ..."), else the clues of the text weighed together
/// (the latest dated mention as a lower bound, elapsed time such as "the first visit in 24
/// years" counted from a year the text names, weekdays that fit a day and month only in some
/// years, "last September" beside "September 2023"), else the latest fully dated mention.
/// A bare year mentioned is no guess. The date is the first day of the month or year for
/// those granularities.
pub fn infer_published(text: &str) -> Option<Inferred> {
    infer::infer(text)
}

/// [`infer_published`] helped by the publication dates of other reports of the same story
/// (known, or inferred with confidence): a year they share counts as one more clue, which
/// settles a day and month whose weekday fits several years.
pub fn infer_published_near(text: &str, near: &[chrono::NaiveDate]) -> Option<Inferred> {
    infer::infer_near(text, near)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// (matched text, date, end date, granularity, relative) of every mention.
    fn found(
        text: &str,
        anchor: Option<NaiveDate>,
    ) -> Vec<(&str, NaiveDate, Option<NaiveDate>, Granularity, bool)> {
        mentions(text, anchor)
            .into_iter()
            .map(|m| {
                (
                    &text[m.start..m.end],
                    m.date,
                    m.end_date,
                    m.granularity,
                    m.relative,
                )
            })
            .collect()
    }

    /// Matched text and date only.
    fn dates(text: &str, anchor: Option<NaiveDate>) -> Vec<(&str, NaiveDate)> {
        found(text, anchor)
            .into_iter()
            .map(|f| (f.0, f.1))
            .collect()
    }

    // Wednesday 21 April 2010.
    fn wed() -> Option<NaiveDate> {
        Some(day(2010, 4, 21))
    }

    use Granularity::{Day, Month, Year};

    #[test]
    fn month_day_year_in_prose_and_ptb() {
        assert_eq!(
            dates("Signed on July 19, 2000, in Geneva.", None),
            [("July 19, 2000", day(2000, 7, 19))]
        );
        assert_eq!(
            dates("Signed on July 19 , 2000 , in Geneva .", None),
            [("July 19 , 2000", day(2000, 7, 19))]
        );
        assert_eq!(
            dates("the 4th: July 4th, 1976.", None),
            [("July 4th, 1976", day(1976, 7, 4))]
        );
    }

    #[test]
    fn day_month_year() {
        assert_eq!(
            dates("It opened 19 July 2000 to crowds.", None),
            [("19 July 2000", day(2000, 7, 19))]
        );
        assert_eq!(
            dates("the 19th of July, 2000", None),
            [("19th of July, 2000", day(2000, 7, 19))]
        );
        assert_eq!(
            dates("On 20 April 2010 a dam gave way .", None),
            [("20 April 2010", day(2010, 4, 20))]
        );
    }

    #[test]
    fn abbreviated_months() {
        assert_eq!(
            dates("By Jul. 19 the dam held.", Some(day(2010, 8, 2))),
            [("Jul. 19", day(2010, 7, 19))]
        );
        assert_eq!(
            dates("Sept. 3, 2008 and 5 Nov 2009", None),
            [
                ("Sept. 3, 2008", day(2008, 9, 3)),
                ("5 Nov 2009", day(2009, 11, 5))
            ]
        );
        // "Jan" alone is a name.
        assert!(dates("Jan said so in public.", wed()).is_empty());
    }

    #[test]
    fn day_ranges() {
        assert_eq!(
            found("Talks ran June 18\u{2013}19, 2024 in Rome.", None),
            [(
                "June 18\u{2013}19, 2024",
                day(2024, 6, 18),
                Some(day(2024, 6, 19)),
                Day,
                false
            )]
        );
        assert_eq!(
            found("from June 18 to 20 , 2024", None),
            [(
                "June 18 to 20 , 2024",
                day(2024, 6, 18),
                Some(day(2024, 6, 20)),
                Day,
                false
            )]
        );
        assert_eq!(
            found("Held June 18-19 .", wed()),
            [(
                "June 18-19",
                day(2010, 6, 18),
                Some(day(2010, 6, 19)),
                Day,
                true
            )]
        );
        assert_eq!(
            found("road closed 22 April - 15 May", wed()),
            [(
                "22 April - 15 May",
                day(2010, 4, 22),
                Some(day(2010, 5, 15)),
                Day,
                true
            )]
        );
        assert_eq!(
            found("between 3 and 5 March 2011", None),
            [(
                "3 and 5 March 2011",
                day(2011, 3, 3),
                Some(day(2011, 3, 5)),
                Day,
                false
            )]
        );
    }

    #[test]
    fn month_and_year() {
        assert_eq!(
            found("In September 2023 prices rose.", None),
            [("September 2023", day(2023, 9, 1), None, Month, false)]
        );
        assert_eq!(
            found("April 2010 : Blast at the rig", None),
            [("April 2010", day(2010, 4, 1), None, Month, false)]
        );
        assert_eq!(
            found("since December of 2009", None),
            [("December of 2009", day(2009, 12, 1), None, Month, false)]
        );
        assert_eq!(
            found("oil spilt in March , 2010 .", None),
            [("March , 2010", day(2010, 3, 1), None, Month, false)]
        );
    }

    #[test]
    fn years_and_year_ranges() {
        assert_eq!(
            found("built in 1995 .", None),
            [("1995", day(1995, 1, 1), None, Year, false)]
        );
        assert_eq!(
            found("the 1961 treaty", None),
            [("1961", day(1961, 1, 1), None, Year, false)]
        );
        assert_eq!(
            found("in 1066 the king fell", None),
            [("1066", day(1066, 1, 1), None, Year, false)]
        );
        assert_eq!(
            found("profits in 2009-2010 fell", None),
            [(
                "2009-2010",
                day(2009, 1, 1),
                Some(day(2010, 1, 1)),
                Year,
                false
            )]
        );
        assert_eq!(
            found("the 2009-10 season", None),
            [(
                "2009-10",
                day(2009, 1, 1),
                Some(day(2010, 1, 1)),
                Year,
                false
            )]
        );
        assert_eq!(
            found("from 1995 to 2001 he led", None),
            [(
                "1995 to 2001",
                day(1995, 1, 1),
                Some(day(2001, 1, 1)),
                Year,
                false
            )]
        );
    }

    #[test]
    fn iso_and_numeric_dates() {
        assert_eq!(
            dates("ref 2024-06-19 and 2024/06/20T10:00", None),
            [
                ("2024-06-19", day(2024, 6, 19)),
                ("2024/06/20", day(2024, 6, 20))
            ]
        );
        assert_eq!(
            dates("on 19/07/2000 and 7/19/2000 and 19.07.2000", None).len(),
            3
        );
        // Either reading is a date: skipped.
        assert!(dates("on 03/04/2005", None).is_empty());
    }

    #[test]
    fn counts_and_measures_are_not_years() {
        for text in [
            "the wreck lies at 3,000 ft -LRB- 900 m -RRB- below",
            "about 1,525 m deep",
            "a fall of 24 years",
            "2,000 people marched and 2000 people stayed",
            "the rig lies 1500 m down, 2010 ft in all",
            "a 2000-strong crowd",
            "raised 2010 % more",
            "see page 1995 and No. 2001 and $ 2010 and flight 1990",
            "the 1990s were calm",
            "the well at 1930 GMT",
        ] {
            assert!(
                found(text, wed()).is_empty(),
                "{text}: {:?}",
                found(text, wed())
            );
        }
    }

    #[test]
    fn live_blog_clock_headings_are_not_years() {
        let blog = "2042 : The spokesman takes questions . \n1957 : A poll is out . \n1931 : Another update .";
        assert!(found(blog, wed()).is_empty(), "{:?}", found(blog, wed()));
        // A list of past years keeps its years.
        let list = "1991 : a flood in the valley . \n1979 : a drought up north .";
        assert_eq!(
            dates(list, wed()),
            [("1991", day(1991, 1, 1)), ("1979", day(1979, 1, 1))]
        );
    }

    #[test]
    fn times_of_day_are_not_dates() {
        assert!(found("at 12:51 PM and 10.30 am, also 5pm", None).is_empty());
        assert_eq!(
            dates("July 19, 2000, 12:51 PM", None),
            [("July 19, 2000", day(2000, 7, 19))]
        );
    }

    #[test]
    fn may_and_march_as_words() {
        assert!(found("It may rain. They may March on.", wed()).is_empty());
        assert!(found("May I ask? The protest march went on.", wed()).is_empty());
        assert!(found("Theresa May 's cabinet and voted for May today", None).is_empty());
        assert_eq!(
            dates("They will march in May .", wed()),
            [("May", day(2010, 5, 1))]
        );
        assert_eq!(
            dates("the end of March", wed()),
            [("March", day(2010, 3, 1))]
        );
        assert_eq!(dates("in mid-March", wed()), [("March", day(2010, 3, 1))]);
    }

    #[test]
    fn titles_are_not_weekdays() {
        assert!(found(
            "The Sun and the Sunday Times said so on Good Friday .",
            wed()
        )
        .is_empty());
        assert!(found("the Mail on Sunday reported", wed()).is_empty());
        assert!(found("speaking on the Today programme", wed()).is_empty());
        assert!(found("according to USA Today", wed()).is_empty());
    }

    #[test]
    fn weekdays_in_the_past_week() {
        // Anchor Wednesday 21 April 2010.
        assert_eq!(
            found("It sank on Wednesday .", wed()),
            [("Wednesday", day(2010, 4, 21), None, Day, true)]
        );
        assert_eq!(
            dates("Tuesday night 's explosion", wed()),
            [("Tuesday", day(2010, 4, 20))]
        );
        assert_eq!(
            dates("BP said on Thursday it will act", wed()),
            [("Thursday", day(2010, 4, 15))]
        );
        assert_eq!(
            dates("Friday saw calm seas", wed()),
            [("Friday", day(2010, 4, 16))]
        );
        // No anchor, no resolution.
        assert!(found("It sank on Wednesday .", None).is_empty());
    }

    #[test]
    fn weekdays_in_the_coming_week() {
        assert_eq!(
            dates("Oil will reach the coast on Friday .", wed()),
            [("Friday", day(2010, 4, 23))]
        );
        assert_eq!(
            dates("He is expected to arrive on Monday", wed()),
            [("Monday", day(2010, 4, 26))]
        );
        assert_eq!(
            dates("On Friday , ministers will meet .", wed()),
            [("Friday", day(2010, 4, 23))]
        );
        assert_eq!(
            dates("next Friday", wed()),
            [("next Friday", day(2010, 4, 23))]
        );
        assert_eq!(
            dates("next Wednesday", wed()),
            [("next Wednesday", day(2010, 4, 28))]
        );
        assert_eq!(
            dates("last Wednesday", wed()),
            [("last Wednesday", day(2010, 4, 14))]
        );
        // Written on a Wednesday, the day before would be "yesterday".
        assert_eq!(
            dates("last Tuesday 's blast", wed()),
            [("last Tuesday", day(2010, 4, 13))]
        );
        assert_eq!(
            dates("last Monday 's blast", wed()),
            [("last Monday", day(2010, 4, 19))]
        );
        assert_eq!(
            dates("next Thursday", wed()),
            [("next Thursday", day(2010, 4, 29))]
        );
        assert_eq!(
            dates("the team wo n't play until Sunday", wed()),
            [("Sunday", day(2010, 4, 25))]
        );
        assert_eq!(
            dates("The panel is to vote on Thursday .", wed()),
            [("Thursday", day(2010, 4, 22))]
        );
        assert_eq!(
            dates("gales on Sunday could flatten the tents", wed()),
            [("Sunday", day(2010, 4, 25))]
        );
        assert_eq!(
            dates("he could not be reached on Sunday", wed()),
            [("Sunday", day(2010, 4, 18))]
        );
    }

    #[test]
    fn weekday_before_a_date_joins_it() {
        assert_eq!(
            found("Wednesday, July 19, 2000", None),
            [(
                "Wednesday, July 19, 2000",
                day(2000, 7, 19),
                None,
                Day,
                false
            )]
        );
        // The weekday picks the year of a year-less date: 20 December was a Monday in 2010.
        assert_eq!(
            dates("on Monday 20 December", wed()),
            [("Monday 20 December", day(2010, 12, 20))]
        );
        assert_eq!(
            dates("Sun, 20 Dec 2009 10:00", None),
            [("Sun, 20 Dec 2009", day(2009, 12, 20))]
        );
    }

    #[test]
    fn days_around_the_anchor() {
        assert_eq!(
            dates("yesterday , today and tomorrow ; Today it rained .", wed()),
            [
                ("yesterday", day(2010, 4, 20)),
                ("today", day(2010, 4, 21)),
                ("tomorrow", day(2010, 4, 22)),
                ("Today", day(2010, 4, 21))
            ]
        );
        assert_eq!(
            dates("late last night", wed()),
            [("last night", day(2010, 4, 20))]
        );
    }

    #[test]
    fn weeks_months_years_around_the_anchor() {
        assert_eq!(
            found("last week", wed()),
            [(
                "last week",
                day(2010, 4, 12),
                Some(day(2010, 4, 18)),
                Day,
                true
            )]
        );
        assert_eq!(found("this weekend", wed())[0].2, Some(day(2010, 4, 25)));
        assert_eq!(
            found("last month", wed()),
            [("last month", day(2010, 3, 1), None, Month, true)]
        );
        assert_eq!(
            dates("next month", wed()),
            [("next month", day(2010, 5, 1))]
        );
        assert_eq!(
            dates("earlier this month", wed()),
            [("earlier this month", day(2010, 4, 1))]
        );
        assert_eq!(
            found("this year", wed()),
            [("this year", day(2010, 1, 1), None, Year, true)]
        );
        assert_eq!(
            dates("at the end of last year", wed()),
            [("last year", day(2009, 1, 1))]
        );
        assert_eq!(dates("next year", wed()), [("next year", day(2011, 1, 1))]);
        // Counted from the narrative, not the anchor.
        assert!(found("over the last year", wed()).is_empty());
    }

    #[test]
    fn months_without_a_year() {
        assert_eq!(
            dates("last September", wed()),
            [("last September", day(2009, 9, 1))]
        );
        assert_eq!(
            dates("last April", wed()),
            [("last April", day(2009, 4, 1))]
        );
        assert_eq!(
            dates("next March", wed()),
            [("next March", day(2011, 3, 1))]
        );
        assert_eq!(
            dates("It happened in March .", wed()),
            [("March", day(2010, 3, 1))]
        );
        assert_eq!(
            dates("It happened in November .", wed()),
            [("November", day(2009, 11, 1))]
        );
        assert_eq!(
            dates("It will open in March .", wed()),
            [("March", day(2011, 3, 1))]
        );
        // The future reaches over its clause, not only the last few words.
        assert_eq!(
            dates(
                "He is expected to visit the capital before or after a trip to the coast in early November .",
                wed()
            ),
            [("November", day(2010, 11, 1))]
        );
        assert_eq!(
            dates(
                "He is expected to speak ; the plant had closed after a long strike at the coast in November .",
                wed()
            ),
            [("November", day(2009, 11, 1))]
        );
        assert_eq!(
            dates(
                "The leak might not stop before August .",
                Some(day(2010, 5, 30))
            ),
            [("August", day(2010, 8, 1))]
        );
        assert_eq!(
            dates(
                "audits in June , July and August this year",
                Some(day(2010, 9, 2))
            ),
            [
                ("June", day(2010, 6, 1)),
                ("July", day(2010, 7, 1)),
                ("August this year", day(2010, 8, 1))
            ]
        );
        assert_eq!(
            dates("in June last year", wed()),
            [("June last year", day(2009, 6, 1))]
        );
        assert!(found("It happened in March .", None).is_empty());
    }

    #[test]
    fn days_without_a_year() {
        assert_eq!(
            found("on June 18", wed()),
            [("June 18", day(2010, 6, 18), None, Day, true)]
        );
        // More than two months after the anchor: last year's.
        assert_eq!(
            dates("on 30 December", wed()),
            [("30 December", day(2009, 12, 30))]
        );
        assert_eq!(
            dates(
                "the ferry docked on 22 April , a day late",
                Some(day(2010, 5, 3))
            ),
            [("22 April", day(2010, 4, 22))]
        );
        assert!(found("on June 18", None).is_empty());
    }

    #[test]
    fn ago_and_later() {
        assert_eq!(
            found("24 years ago", wed()),
            [("24 years ago", day(1986, 1, 1), None, Year, true)]
        );
        assert_eq!(
            dates("two days ago", wed()),
            [("two days ago", day(2010, 4, 19))]
        );
        assert_eq!(
            found("A month ago", wed()),
            [("A month ago", day(2010, 3, 1), None, Month, true)]
        );
        // "later" counts from the latest day mentioned before, else the anchor.
        assert_eq!(
            dates(
                "The levee broke on 20 April 2010 . Two days later the water fell .",
                wed()
            ),
            [
                ("20 April 2010", day(2010, 4, 20)),
                ("Two days later", day(2010, 4, 22))
            ]
        );
        assert_eq!(
            dates("a week later", wed()),
            [("a week later", day(2010, 4, 28))]
        );
        assert_eq!(
            dates("on 2 May 2010 , and the next day", wed()),
            [
                ("2 May 2010", day(2010, 5, 2)),
                ("the next day", day(2010, 5, 3))
            ]
        );
        // A duration is no date.
        assert!(found("it took 24 years", wed()).is_empty());
    }

    #[test]
    fn ptb_text_from_a_news_story() {
        let text = "Police said on Friday that the barge , which ran aground on Thursday in 40 ft -LRB- 12 m -RRB- of water , had left port on April 20 , 2010 . \nThe owner 's stock slid 3 % on Thursday .";
        let got = dates(text, Some(day(2010, 4, 23)));
        assert_eq!(
            got,
            [
                ("Friday", day(2010, 4, 23)),
                ("Thursday", day(2010, 4, 22)),
                ("April 20 , 2010", day(2010, 4, 20)),
                ("Thursday", day(2010, 4, 22)),
            ]
        );
    }

    #[test]
    fn spans_are_byte_offsets() {
        let text = "Zürich — 18\u{2013}19 June 2024: talks";
        let m = mentions(text, None);
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "18\u{2013}19 June 2024");
    }

    #[test]
    fn serialises() {
        let m = mentions("July 19, 2000", None);
        let v = serde_json::to_value(&m[0]).unwrap();
        assert_eq!(v["date"], "2000-07-19");
        assert_eq!(v["granularity"], "Day");
        assert!(v["end_date"].is_null());
        let r = serde_json::to_value(&mentions("2009-2010", None)[0]).unwrap();
        assert_eq!(r["end_date"], "2010-01-01");
    }

    #[test]
    fn inferred_publication_day() {
        let i =
            infer_published("Storm hits coast\nWednesday, July 19, 2000, 12:51 PM\nHigh winds ...")
                .unwrap();
        assert_eq!((i.date, i.granularity), (day(2000, 7, 19), Day));
        assert!(i.confidence > 0.8 && i.confidence <= 1.0);
        assert!(infer_published("").is_none());
    }

    #[test]
    fn large_text_does_not_blow_up() {
        let para = "On Friday , 2,000 people met in May 2010 ; the 1961 treaty , signed July 19 , 2000 , lapsed 24 years ago . It may rain at 12:51 . \n";
        let text = para.repeat(2000);
        let m = mentions(&text, wed());
        assert_eq!(m.len(), 5 * 2000);
        assert!(m.windows(2).all(|w| w[0].end <= w[1].start));
    }

    /// Every article of the BBC oil-spill topic of Timeline17, with its publication day as
    /// anchor: no panic, and most articles have a date.
    #[test]
    fn timeline17_bbc_oil_spill() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/timelines/t17-dev/bpoil_bbc/articles.jsonl");
        let Ok(data) = std::fs::read_to_string(&path) else {
            panic!(
                "{} not found: ../shared is expected beside the checkout",
                path.display()
            );
        };
        let (mut articles, mut with_dates, mut total) = (0, 0, 0);
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap_or("");
            let anchor = v["time"]
                .as_str()
                .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
            let m = mentions(text, anchor);
            for x in &m {
                assert!(x.start < x.end && x.end <= text.len());
                assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
                if let Some(e) = x.end_date {
                    assert!(e > x.date);
                }
            }
            articles += 1;
            total += m.len();
            if !m.is_empty() {
                with_dates += 1;
            }
            let _ = infer_published(text);
        }
        eprintln!("{articles} articles, {with_dates} with dates, {total} mentions");
        assert!(articles > 100);
        assert!(
            with_dates * 10 >= articles * 7,
            "{with_dates} of {articles}"
        );
    }
}
