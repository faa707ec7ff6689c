//! `java.time` values in msm's reflection format: their internal fields, as attributes (and,
//! for `LocalDateTime`, a `date` and a `time` element of their own). Only the kinds msm's
//! binding reads back intact are values here: `LocalDate`, `LocalTime`, `LocalDateTime`,
//! `Instant`, `Duration`, `Period` and `ZoneRegion` (checked against `corpora/javolution`).
//! A `ZoneOffset`'s id is transient, so msm reads back a broken offset (and `ZonedDateTime`,
//! `OffsetDateTime`, `OffsetTime` with it); those, and the kinds the corpus does not show, stay
//! objects of the fields the XML shows.

use jsess_javaser::jdk::time::is_valid_date;
use jsess_model::jdk::{Date, Temporal, Time, ZoneName};
use jsess_xml::dom::{Dom, Element};

use crate::binding::ID;

/// The value `e` (an element of `class`) holds, when it is one of the intact kinds and well
/// formed: exactly the fields the reflection format writes, each in range.
pub(crate) fn read(dom: &Dom, e: &Element, class: &str) -> Option<Temporal> {
    Some(match class {
        "java.time.LocalDate" => Temporal::LocalDate(date(e)?),
        "java.time.LocalTime" => Temporal::LocalTime(time(e)?),
        "java.time.LocalDateTime" => {
            fields(e, &[])?;
            let [d, t] = e.children.as_slice() else {
                return None;
            };
            let (d, t) = (&dom.elements[*d], &dom.elements[*t]);
            let typed = |x: &Element, name: &str, class: &str| {
                x.name == name && x.attr("class") == Some(class) && x.children.is_empty()
            };
            if !typed(d, "date", "java.time.LocalDate") || !typed(t, "time", "java.time.LocalTime")
            {
                return None;
            }
            Temporal::LocalDateTime(date(d)?, time(t)?)
        }
        "java.time.Instant" | "java.time.Duration" => {
            let [seconds, nanos] = fields(e, &["seconds", "nanos"])?;
            let (seconds, nanos): (i64, i32) = (seconds.parse().ok()?, nanos.parse().ok()?);
            if !(0..1_000_000_000).contains(&nanos) {
                return None;
            }
            if class == "java.time.Instant" {
                // Instant.MIN and Instant.MAX.
                if !(-31_557_014_167_219_200..=31_556_889_864_403_199).contains(&seconds) {
                    return None;
                }
                Temporal::Instant { seconds, nanos }
            } else {
                Temporal::Duration { seconds, nanos }
            }
        }
        "java.time.Period" => {
            let [years, months, days] = fields(e, &["years", "months", "days"])?;
            Temporal::Period {
                years: years.parse().ok()?,
                months: months.parse().ok()?,
                days: days.parse().ok()?,
            }
        }
        "java.time.ZoneRegion" => {
            let [id] = fields(e, &["id"])?;
            Temporal::ZoneRegion(ZoneName::new(id)?)
        }
        _ => return None,
    })
}

/// The attributes the reflection format writes for an intact kind, in its order; `None` for any
/// other kind.
pub(crate) fn write(value: &Temporal) -> Option<Vec<(String, String)>> {
    let pairs = |items: &[(&str, String)]| {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<Vec<_>>()
    };
    Some(match value {
        Temporal::LocalDate(d) => date_attrs(d),
        Temporal::LocalTime(t) => time_attrs(t),
        Temporal::LocalDateTime(..) => Vec::new(),
        Temporal::Instant { seconds, nanos } | Temporal::Duration { seconds, nanos } => pairs(&[
            ("seconds", seconds.to_string()),
            ("nanos", nanos.to_string()),
        ]),
        Temporal::Period {
            years,
            months,
            days,
        } => pairs(&[
            ("years", years.to_string()),
            ("months", months.to_string()),
            ("days", days.to_string()),
        ]),
        Temporal::ZoneRegion(id) => pairs(&[("id", id.as_str().to_string())]),
        _ => return None,
    })
}

/// A `LocalDate`'s fields, in the order the reflection format writes them.
pub(crate) fn date_attrs(d: &Date) -> Vec<(String, String)> {
    vec![
        ("year".to_string(), d.year.to_string()),
        ("month".to_string(), d.month.to_string()),
        ("day".to_string(), d.day.to_string()),
    ]
}

/// A `LocalTime`'s fields, in the order the reflection format writes them.
pub(crate) fn time_attrs(t: &Time) -> Vec<(String, String)> {
    vec![
        ("hour".to_string(), t.hour.to_string()),
        ("minute".to_string(), t.minute.to_string()),
        ("second".to_string(), t.second.to_string()),
        ("nano".to_string(), t.nano.to_string()),
    ]
}

fn date(e: &Element) -> Option<Date> {
    let [year, month, day] = fields(e, &["year", "month", "day"])?;
    let (year, month, day): (i32, u8, u8) =
        (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    // LocalDate.MIN and MAX.
    if !(-999_999_999..=999_999_999).contains(&year)
        || !is_valid_date(year.into(), month.into(), day.into())
    {
        return None;
    }
    Some(Date { year, month, day })
}

fn time(e: &Element) -> Option<Time> {
    let [hour, minute, second, nano] = fields(e, &["hour", "minute", "second", "nano"])?;
    let t = Time {
        hour: hour.parse().ok()?,
        minute: minute.parse().ok()?,
        second: second.parse().ok()?,
        nano: nano.parse().ok()?,
    };
    (t.hour < 24 && t.minute < 60 && t.second < 60 && (0..1_000_000_000).contains(&t.nano))
        .then_some(t)
}

/// The values of exactly the attributes `names`, in that order, besides `class` and `__id`.
fn fields<'e, const N: usize>(e: &'e Element, names: &[&str; N]) -> Option<[&'e str; N]> {
    let mut shown = e
        .attrs
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "class" | ID));
    let mut out = [""; N];
    for (slot, want) in out.iter_mut().zip(names) {
        let (name, value) = shown.next()?;
        if name != want {
            return None;
        }
        *slot = value;
    }
    shown.next().is_none().then_some(out)
}
