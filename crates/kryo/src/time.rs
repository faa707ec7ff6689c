//! Kryo 4's `java.time` serializers (`TimeSerializers`): compact bodies of their own, mapped to
//! the model's [`Temporal`] values.

use jsess_model::jdk::{Date, Offset, Temporal, Time, Zone, ZoneName};

use crate::error::ReadError;
use crate::wire::{Input, Output};

/// The `java.time` classes Kryo 4 has serializers for, as the JVM names them.
pub const CLASSES: &[&str] = &[
    "java.time.Duration",
    "java.time.Instant",
    "java.time.LocalDate",
    "java.time.LocalTime",
    "java.time.LocalDateTime",
    "java.time.ZoneOffset",
    "java.time.ZoneRegion",
    "java.time.OffsetTime",
    "java.time.OffsetDateTime",
    "java.time.ZonedDateTime",
    "java.time.Year",
    "java.time.YearMonth",
    "java.time.MonthDay",
    "java.time.Period",
];

/// The runtime class of a value.
pub use jsess_javaser::jdk::time::class_name as class_of;

/// Why Kryo would read a value back changed, if it would: a `ZonedDateTime` in a region zone
/// keeps only the zone, so its offset must be the one the zone's rules give (not the second
/// offset of a DST overlap, nor an offset of older rules).
pub fn check(t: &Temporal) -> Result<(), String> {
    let Temporal::ZonedDateTime(d, time, o, Zone::Region(name)) = t else {
        return Ok(());
    };
    let ruled = rules_offset(name.as_str(), d, time)?;
    if ruled == *o {
        Ok(())
    } else {
        Err(format!(
            "Kryo keeps the zone {}, not the offset: its rules give {} at that time, the value \
             has {} (a DST overlap or other rules), so msm would read back another instant",
            name.as_str(),
            offset_id(ruled),
            offset_id(*o)
        ))
    }
}

/// The offset `ZonedDateTime.of(local, zone)` gives: the zone's rules from the time-zone
/// database jiff bundles, the earlier offset in a DST overlap. A local time in a gap cannot
/// come from a `ZonedDateTime` the JVM made, so it is an error.
fn rules_offset(id: &str, d: &Date, t: &Time) -> Result<Offset, String> {
    let zone = jiff::tz::TimeZone::get(id)
        .map_err(|e| format!("zone {id} is not in the time-zone database: {e}"))?;
    let narrow =
        |v: i64, what: &str| i8::try_from(v).map_err(|_| format!("{what} {v} is out of range"));
    let year = i16::try_from(d.year)
        .map_err(|_| format!("year {} is beyond the time-zone database", d.year))?;
    let local = jiff::civil::DateTime::new(
        year,
        narrow(i64::from(d.month), "month")?,
        narrow(i64::from(d.day), "day")?,
        narrow(i64::from(t.hour), "hour")?,
        narrow(i64::from(t.minute), "minute")?,
        narrow(i64::from(t.second), "second")?,
        t.nano,
    )
    .map_err(|e| format!("not a local date-time: {e}"))?;
    match zone.to_ambiguous_timestamp(local).offset() {
        jiff::tz::AmbiguousOffset::Unambiguous { offset }
        | jiff::tz::AmbiguousOffset::Fold { before: offset, .. } => Ok(Offset(offset.seconds())),
        jiff::tz::AmbiguousOffset::Gap { .. } => Err(format!(
            "the local time falls in a gap of zone {id}, which no ZonedDateTime holds"
        )),
    }
}

/// Writes a value's body.
pub fn write(out: &mut Output, t: &Temporal) {
    match t {
        Temporal::Duration { seconds, nanos } => {
            out.long(*seconds);
            out.var_int(*nanos, true);
        }
        Temporal::Instant { seconds, nanos } => {
            out.var_long(*seconds, true);
            out.var_int(*nanos, true);
        }
        Temporal::LocalDate(d) => date(out, d),
        Temporal::LocalTime(t) => time(out, t),
        Temporal::LocalDateTime(d, t) => {
            date(out, d);
            time(out, t);
        }
        Temporal::ZoneOffset(o) => offset(out, *o),
        Temporal::ZoneRegion(name) => zone_id(out, name.as_str()),
        Temporal::OffsetTime(t, o) => {
            time(out, t);
            offset(out, *o);
        }
        Temporal::OffsetDateTime(d, t, o) => {
            date(out, d);
            time(out, t);
            offset(out, *o);
        }
        Temporal::ZonedDateTime(d, t, _, zone) => {
            date(out, d);
            time(out, t);
            match zone {
                Zone::Offset(o) => zone_id(out, &offset_id(*o)),
                Zone::Region(name) => zone_id(out, name.as_str()),
            }
        }
        Temporal::Year(y) => out.var_int(*y, true),
        Temporal::YearMonth { year, month } => {
            out.var_int(*year, true);
            out.byte(*month);
        }
        Temporal::MonthDay { month, day } => {
            out.byte(*month);
            out.byte(*day);
        }
        Temporal::Period {
            years,
            months,
            days,
        } => {
            out.var_int(*years, true);
            out.var_int(*months, true);
            out.var_int(*days, true);
        }
    }
}

fn date(out: &mut Output, d: &Date) {
    out.var_int(d.year, true);
    out.byte(d.month);
    out.byte(d.day);
}

/// Like `java.time.Ser`: trailing zero fields are left out, the last one written inverted.
fn time(out: &mut Output, t: &Time) {
    if t.nano == 0 {
        if t.second == 0 {
            if t.minute == 0 {
                out.byte(!t.hour);
            } else {
                out.byte(t.hour);
                out.byte(!t.minute);
            }
        } else {
            out.byte(t.hour);
            out.byte(t.minute);
            out.byte(!t.second);
        }
    } else {
        out.byte(t.hour);
        out.byte(t.minute);
        out.byte(t.second);
        out.var_int(t.nano, true);
    }
}

fn offset(out: &mut Output, o: Offset) {
    if o.0 % 900 == 0 {
        out.byte((o.0 / 900) as i8 as u8);
    } else {
        out.byte(127);
        out.int(o.0);
    }
}

fn zone_id(out: &mut Output, id: &str) {
    out.str(id);
}

/// `ZoneOffset.getId()`: `Z`, `+hh:mm` or `+hh:mm:ss`.
fn offset_id(o: Offset) -> String {
    if o.0 == 0 {
        return "Z".to_string();
    }
    let sign = if o.0 < 0 { '-' } else { '+' };
    let abs = o.0.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

/// Parses an offset id; region ids give `None`.
fn parse_offset_id(id: &str) -> Option<Offset> {
    if id == "Z" {
        return Some(Offset(0));
    }
    let sign = match id.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut parts = id[1..].split(':').map(|p| p.parse::<i32>().ok());
    let h = parts.next()??;
    let m = parts.next().unwrap_or(Some(0))?;
    let s = parts.next().unwrap_or(Some(0))?;
    Some(Offset(sign * (h * 3600 + m * 60 + s)))
}

/// Reads the body of a value of `class`.
pub fn read(input: &mut Input<'_>, class: &str) -> Result<Temporal, ReadError> {
    let offset = input.position();
    let bad = |reason: &str| ReadError::Malformed {
        offset,
        reason: format!("{class}: {reason}"),
    };
    Ok(match class {
        "java.time.Duration" => Temporal::Duration {
            seconds: input.long()?,
            nanos: input.var_int(true)?,
        },
        "java.time.Instant" => Temporal::Instant {
            seconds: input.var_long(true)?,
            nanos: input.var_int(true)?,
        },
        "java.time.LocalDate" => Temporal::LocalDate(read_date(input)?),
        "java.time.LocalTime" => Temporal::LocalTime(read_time(input)?),
        "java.time.LocalDateTime" => Temporal::LocalDateTime(read_date(input)?, read_time(input)?),
        "java.time.ZoneOffset" => Temporal::ZoneOffset(read_offset(input)?),
        "java.time.ZoneRegion" => {
            let id = read_zone_id(input)?;
            Temporal::ZoneRegion(ZoneName::new(&id).ok_or_else(|| bad("zone id too long"))?)
        }
        "java.time.OffsetTime" => Temporal::OffsetTime(read_time(input)?, read_offset(input)?),
        "java.time.OffsetDateTime" => {
            Temporal::OffsetDateTime(read_date(input)?, read_time(input)?, read_offset(input)?)
        }
        "java.time.ZonedDateTime" => {
            let d = read_date(input)?;
            let t = read_time(input)?;
            let id = read_zone_id(input)?;
            // Kryo keeps the zone, not the offset: java.time reads it back with the zone's
            // rules (ZonedDateTime.of), as jsess does with the bundled time-zone database.
            match parse_offset_id(&id) {
                Some(o) => Temporal::ZonedDateTime(d, t, o, Zone::Offset(o)),
                None => {
                    let unsupported = |reason: String| ReadError::Unsupported {
                        offset,
                        class: class.to_string(),
                        reason,
                    };
                    let o = rules_offset(&id, &d, &t).map_err(unsupported)?;
                    let name = ZoneName::new(&id)
                        .ok_or_else(|| unsupported(format!("zone id {id:?} is too long")))?;
                    Temporal::ZonedDateTime(d, t, o, Zone::Region(name))
                }
            }
        }
        "java.time.Year" => Temporal::Year(input.var_int(true)?),
        "java.time.YearMonth" => Temporal::YearMonth {
            year: input.var_int(true)?,
            month: input.byte()?,
        },
        "java.time.MonthDay" => Temporal::MonthDay {
            month: input.byte()?,
            day: input.byte()?,
        },
        "java.time.Period" => Temporal::Period {
            years: input.var_int(true)?,
            months: input.var_int(true)?,
            days: input.var_int(true)?,
        },
        _ => return Err(bad("not a java.time class Kryo has a serializer for")),
    })
}

fn read_date(input: &mut Input<'_>) -> Result<Date, ReadError> {
    Ok(Date {
        year: input.var_int(true)?,
        month: input.byte()?,
        day: input.byte()?,
    })
}

fn read_time(input: &mut Input<'_>) -> Result<Time, ReadError> {
    let mut t = Time {
        hour: 0,
        minute: 0,
        second: 0,
        nano: 0,
    };
    let hour = input.byte()? as i8;
    if hour < 0 {
        t.hour = !hour as u8;
        return Ok(t);
    }
    t.hour = hour as u8;
    let minute = input.byte()? as i8;
    if minute < 0 {
        t.minute = !minute as u8;
        return Ok(t);
    }
    t.minute = minute as u8;
    let second = input.byte()? as i8;
    if second < 0 {
        t.second = !second as u8;
        return Ok(t);
    }
    t.second = second as u8;
    t.nano = input.var_int(true)?;
    Ok(t)
}

fn read_offset(input: &mut Input<'_>) -> Result<Offset, ReadError> {
    let b = input.byte()? as i8;
    Ok(if b == 127 {
        Offset(input.int()?)
    } else {
        Offset(i32::from(b) * 900)
    })
}

fn read_zone_id(input: &mut Input<'_>) -> Result<String, ReadError> {
    let offset = input.position();
    let units = input.string()?.ok_or(ReadError::Malformed {
        offset,
        reason: "a null zone id".to_string(),
    })?;
    String::from_utf16(&units).map_err(|_| ReadError::Malformed {
        offset,
        reason: "a zone id that is not text".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: i32, month: u8, day: u8, hour: u8, minute: u8) -> (Date, Time) {
        let time = Time {
            hour,
            minute,
            second: 0,
            nano: 0,
        };
        (Date { year, month, day }, time)
    }

    #[test]
    fn region_offsets_follow_the_zone_rules_as_java_time_does() {
        let (d, t) = at(2023, 11, 14, 23, 13);
        assert_eq!(rules_offset("Europe/Paris", &d, &t), Ok(Offset(3600)));
        // The autumn overlap: ZonedDateTime.of keeps the earlier (summer) offset.
        let (d, t) = at(2023, 10, 29, 2, 30);
        assert_eq!(rules_offset("Europe/Paris", &d, &t), Ok(Offset(7200)));
        // The spring gap holds no ZonedDateTime.
        let (d, t) = at(2023, 3, 26, 2, 30);
        assert!(rules_offset("Europe/Paris", &d, &t).is_err());
        assert!(rules_offset("Mars/Olympus_Mons", &d, &t).is_err());
    }

    #[test]
    fn the_later_offset_of_an_overlap_is_refused_for_kryo() {
        let (d, t) = at(2023, 10, 29, 2, 30);
        let paris = Zone::Region(ZoneName::new("Europe/Paris").expect("short"));
        let summer = Temporal::ZonedDateTime(d, t, Offset(7200), paris);
        assert_eq!(check(&summer), Ok(()));
        let winter = Temporal::ZonedDateTime(d, t, Offset(3600), paris);
        let reason = check(&winter).expect_err("msm would read back the other instant");
        assert!(reason.contains("+02:00"), "{reason}");
    }

    #[test]
    fn every_kind_round_trips() {
        let d = Date {
            year: 2024,
            month: 2,
            day: 29,
        };
        let times = [
            Time {
                hour: 13,
                minute: 0,
                second: 0,
                nano: 0,
            },
            Time {
                hour: 13,
                minute: 5,
                second: 0,
                nano: 0,
            },
            Time {
                hour: 13,
                minute: 5,
                second: 7,
                nano: 0,
            },
            Time {
                hour: 0,
                minute: 0,
                second: 0,
                nano: 1,
            },
        ];
        let mut values = vec![
            Temporal::Duration {
                seconds: -5,
                nanos: 1,
            },
            Temporal::Instant {
                seconds: 1_700_000_000,
                nanos: 999_999_999,
            },
            Temporal::LocalDate(d),
            Temporal::ZoneOffset(Offset(3600)),
            Temporal::ZoneOffset(Offset(-(5 * 3600 + 30 * 60 + 15))),
            Temporal::ZoneRegion(ZoneName::new("Europe/Paris").unwrap()),
            Temporal::ZonedDateTime(d, times[2], Offset(-3600), Zone::Offset(Offset(-3600))),
            Temporal::Year(-44),
            Temporal::YearMonth {
                year: 1999,
                month: 12,
            },
            Temporal::MonthDay { month: 2, day: 29 },
            Temporal::Period {
                years: 1,
                months: -2,
                days: 3,
            },
        ];
        for t in times {
            values.push(Temporal::LocalTime(t));
            values.push(Temporal::LocalDateTime(d, t));
            values.push(Temporal::OffsetTime(t, Offset(0)));
            values.push(Temporal::OffsetDateTime(d, t, Offset(7200)));
        }
        for value in values {
            let mut out = Output::new();
            write(&mut out, &value);
            let bytes = out.into_bytes();
            let mut input = Input::new(&bytes, u64::MAX);
            assert_eq!(read(&mut input, class_of(&value)).unwrap(), value);
            assert_eq!(input.remaining(), 0, "{value:?}");
        }
        // Kryo's LocalTime form: 13:00 is one inverted byte.
        let mut out = Output::new();
        write(&mut out, &Temporal::LocalTime(times[0]));
        assert_eq!(out.into_bytes(), [!13u8]);
    }
}
