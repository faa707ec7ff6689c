//! `java.time` values: the `java.time.Ser` externalizable form and Java's `toString()` text.

use std::fmt::Write as _;

use jsess_model::jdk::{Date, Offset, Temporal, Time, Zone, ZoneName};

const DURATION: u8 = 1;
const INSTANT: u8 = 2;
const LOCAL_DATE: u8 = 3;
const LOCAL_TIME: u8 = 4;
const LOCAL_DATE_TIME: u8 = 5;
const ZONED_DATE_TIME: u8 = 6;
const ZONE_REGION: u8 = 7;
const ZONE_OFFSET: u8 = 8;
const OFFSET_TIME: u8 = 9;
const OFFSET_DATE_TIME: u8 = 10;
const YEAR: u8 = 11;
const YEAR_MONTH: u8 = 12;
const MONTH_DAY: u8 = 13;
const PERIOD: u8 = 14;

/// Decodes what `java.time.Ser.writeExternal` wrote; `None` unless the bytes are exactly one
/// well-formed value.
pub fn decode(bytes: &[u8]) -> Option<Temporal> {
    let mut r = Bytes(bytes);
    let value = match r.u8()? {
        DURATION => Temporal::Duration {
            seconds: r.i64()?,
            nanos: r.i32()?,
        },
        INSTANT => Temporal::Instant {
            seconds: r.i64()?,
            nanos: r.i32()?,
        },
        LOCAL_DATE => Temporal::LocalDate(r.date()?),
        LOCAL_TIME => Temporal::LocalTime(r.time()?),
        LOCAL_DATE_TIME => Temporal::LocalDateTime(r.date()?, r.time()?),
        ZONED_DATE_TIME => {
            let (date, time, offset) = (r.date()?, r.time()?, r.offset()?);
            let zone = match r.u8()? {
                ZONE_OFFSET => Zone::Offset(r.offset()?),
                ZONE_REGION => Zone::Region(r.zone_name()?),
                _ => return None,
            };
            Temporal::ZonedDateTime(date, time, offset, zone)
        }
        ZONE_REGION => Temporal::ZoneRegion(r.zone_name()?),
        ZONE_OFFSET => Temporal::ZoneOffset(r.offset()?),
        OFFSET_TIME => Temporal::OffsetTime(r.time()?, r.offset()?),
        OFFSET_DATE_TIME => Temporal::OffsetDateTime(r.date()?, r.time()?, r.offset()?),
        YEAR => Temporal::Year(r.i32()?),
        YEAR_MONTH => Temporal::YearMonth {
            year: r.i32()?,
            month: r.u8()?,
        },
        MONTH_DAY => Temporal::MonthDay {
            month: r.u8()?,
            day: r.u8()?,
        },
        PERIOD => Temporal::Period {
            years: r.i32()?,
            months: r.i32()?,
            days: r.i32()?,
        },
        _ => return None,
    };
    r.0.is_empty().then_some(value)
}

/// Whether `y-m-d` is a day of the proleptic Gregorian calendar (`LocalDate.of` accepts it).
pub fn is_valid_date(y: i64, m: i64, d: i64) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= i64::from(month_length(y, m as u8))
}

/// Days in month `m` (1–12) of year `y`.
pub fn month_length(y: i64, m: u8) -> u8 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Encodes a value as `java.time.Ser.writeExternal` does.
pub fn encode(value: &Temporal) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    match value {
        Temporal::Duration { seconds, nanos } | Temporal::Instant { seconds, nanos } => {
            out.push(if matches!(value, Temporal::Duration { .. }) {
                DURATION
            } else {
                INSTANT
            });
            out.extend_from_slice(&seconds.to_be_bytes());
            out.extend_from_slice(&nanos.to_be_bytes());
        }
        Temporal::LocalDate(d) => {
            out.push(LOCAL_DATE);
            put_date(&mut out, d);
        }
        Temporal::LocalTime(t) => {
            out.push(LOCAL_TIME);
            put_time(&mut out, t);
        }
        Temporal::LocalDateTime(d, t) => {
            out.push(LOCAL_DATE_TIME);
            put_date(&mut out, d);
            put_time(&mut out, t);
        }
        Temporal::ZonedDateTime(d, t, o, zone) => {
            out.push(ZONED_DATE_TIME);
            put_date(&mut out, d);
            put_time(&mut out, t);
            put_offset(&mut out, *o);
            match zone {
                Zone::Offset(z) => {
                    out.push(ZONE_OFFSET);
                    put_offset(&mut out, *z);
                }
                Zone::Region(name) => {
                    out.push(ZONE_REGION);
                    put_zone_name(&mut out, name);
                }
            }
        }
        Temporal::ZoneRegion(name) => {
            out.push(ZONE_REGION);
            put_zone_name(&mut out, name);
        }
        Temporal::ZoneOffset(o) => {
            out.push(ZONE_OFFSET);
            put_offset(&mut out, *o);
        }
        Temporal::OffsetTime(t, o) => {
            out.push(OFFSET_TIME);
            put_time(&mut out, t);
            put_offset(&mut out, *o);
        }
        Temporal::OffsetDateTime(d, t, o) => {
            out.push(OFFSET_DATE_TIME);
            put_date(&mut out, d);
            put_time(&mut out, t);
            put_offset(&mut out, *o);
        }
        Temporal::Year(y) => {
            out.push(YEAR);
            out.extend_from_slice(&y.to_be_bytes());
        }
        Temporal::YearMonth { year, month } => {
            out.push(YEAR_MONTH);
            out.extend_from_slice(&year.to_be_bytes());
            out.push(*month);
        }
        Temporal::MonthDay { month, day } => {
            out.push(MONTH_DAY);
            out.push(*month);
            out.push(*day);
        }
        Temporal::Period {
            years,
            months,
            days,
        } => {
            out.push(PERIOD);
            for v in [years, months, days] {
                out.extend_from_slice(&v.to_be_bytes());
            }
        }
    }
    out
}

/// The Java class a value belongs to.
pub fn class_name(value: &Temporal) -> &'static str {
    match value {
        Temporal::Duration { .. } => "java.time.Duration",
        Temporal::Instant { .. } => "java.time.Instant",
        Temporal::LocalDate(_) => "java.time.LocalDate",
        Temporal::LocalTime(_) => "java.time.LocalTime",
        Temporal::LocalDateTime(..) => "java.time.LocalDateTime",
        Temporal::ZonedDateTime(..) => "java.time.ZonedDateTime",
        Temporal::ZoneRegion(_) => "java.time.ZoneRegion",
        Temporal::ZoneOffset(_) => "java.time.ZoneOffset",
        Temporal::OffsetTime(..) => "java.time.OffsetTime",
        Temporal::OffsetDateTime(..) => "java.time.OffsetDateTime",
        Temporal::Year(_) => "java.time.Year",
        Temporal::YearMonth { .. } => "java.time.YearMonth",
        Temporal::MonthDay { .. } => "java.time.MonthDay",
        Temporal::Period { .. } => "java.time.Period",
    }
}

/// The text Java's `toString()` gives.
pub fn to_java_string(value: &Temporal) -> String {
    let mut s = String::new();
    match value {
        Temporal::Duration { seconds, nanos } => write_duration(&mut s, *seconds, *nanos),
        Temporal::Instant { seconds, nanos } => {
            let days = seconds.div_euclid(86_400);
            let secs_of_day = seconds.rem_euclid(86_400);
            let date = civil_from_days(days);
            let time = Time {
                hour: (secs_of_day / 3600) as u8,
                minute: (secs_of_day / 60 % 60) as u8,
                second: (secs_of_day % 60) as u8,
                nano: *nanos,
            };
            write_date(&mut s, &date);
            s.push('T');
            // ISO_INSTANT always prints seconds.
            let _ = write!(s, "{:02}:{:02}:{:02}", time.hour, time.minute, time.second);
            write_fraction(&mut s, time.nano);
            s.push('Z');
        }
        Temporal::LocalDate(d) => write_date(&mut s, d),
        Temporal::LocalTime(t) => write_time(&mut s, t),
        Temporal::LocalDateTime(d, t) => write_date_time(&mut s, d, t),
        Temporal::ZonedDateTime(d, t, o, zone) => {
            write_date_time(&mut s, d, t);
            write_offset(&mut s, *o);
            match zone {
                Zone::Offset(z) if z == o => {}
                Zone::Offset(z) => {
                    s.push('[');
                    write_offset(&mut s, *z);
                    s.push(']');
                }
                Zone::Region(name) => {
                    let _ = write!(s, "[{}]", name.as_str());
                }
            }
        }
        Temporal::ZoneRegion(name) => s.push_str(name.as_str()),
        Temporal::ZoneOffset(o) => write_offset(&mut s, *o),
        Temporal::OffsetTime(t, o) => {
            write_time(&mut s, t);
            write_offset(&mut s, *o);
        }
        Temporal::OffsetDateTime(d, t, o) => {
            write_date_time(&mut s, d, t);
            write_offset(&mut s, *o);
        }
        Temporal::Year(y) => {
            let _ = write!(s, "{y}");
        }
        Temporal::YearMonth { year, month } => {
            write_year(&mut s, *year, false);
            let _ = write!(s, "-{month:02}");
        }
        Temporal::MonthDay { month, day } => {
            let _ = write!(s, "--{month:02}-{day:02}");
        }
        Temporal::Period {
            years,
            months,
            days,
        } => {
            if (*years, *months, *days) == (0, 0, 0) {
                s.push_str("P0D");
            } else {
                s.push('P');
                for (v, unit) in [(years, 'Y'), (months, 'M'), (days, 'D')] {
                    if *v != 0 {
                        let _ = write!(s, "{v}{unit}");
                    }
                }
            }
        }
    }
    s
}

fn write_year(s: &mut String, year: i32, plus_above_9999: bool) {
    if year.unsigned_abs() < 1000 {
        if year < 0 {
            let _ = write!(s, "-{:04}", -year);
        } else {
            let _ = write!(s, "{year:04}");
        }
    } else {
        if plus_above_9999 && year > 9999 {
            s.push('+');
        }
        let _ = write!(s, "{year}");
    }
}

fn write_date(s: &mut String, d: &Date) {
    write_year(s, d.year, true);
    let _ = write!(s, "-{:02}-{:02}", d.month, d.day);
}

fn write_time(s: &mut String, t: &Time) {
    let _ = write!(s, "{:02}:{:02}", t.hour, t.minute);
    if t.second > 0 || t.nano > 0 {
        let _ = write!(s, ":{:02}", t.second);
        write_fraction(s, t.nano);
    }
}

/// Nanoseconds in groups of three digits, as many groups as needed.
fn write_fraction(s: &mut String, nano: i32) {
    if nano <= 0 {
        return;
    }
    if nano % 1_000_000 == 0 {
        let _ = write!(s, ".{:03}", nano / 1_000_000);
    } else if nano % 1000 == 0 {
        let _ = write!(s, ".{:06}", nano / 1000);
    } else {
        let _ = write!(s, ".{nano:09}");
    }
}

fn write_date_time(s: &mut String, d: &Date, t: &Time) {
    write_date(s, d);
    s.push('T');
    write_time(s, t);
}

fn write_offset(s: &mut String, Offset(total): Offset) {
    if total == 0 {
        s.push('Z');
        return;
    }
    let abs = total.unsigned_abs();
    let _ = write!(
        s,
        "{}{:02}:{:02}",
        if total < 0 { '-' } else { '+' },
        abs / 3600,
        abs / 60 % 60
    );
    if abs % 60 != 0 {
        let _ = write!(s, ":{:02}", abs % 60);
    }
}

fn write_duration(s: &mut String, seconds: i64, nanos: i32) {
    if seconds == 0 && nanos == 0 {
        s.push_str("PT0S");
        return;
    }
    let effective = if seconds < 0 && nanos > 0 {
        seconds + 1
    } else {
        seconds
    };
    let hours = effective / 3600;
    let minutes = (effective % 3600) / 60;
    let secs = effective % 60;
    s.push_str("PT");
    if hours != 0 {
        let _ = write!(s, "{hours}H");
    }
    if minutes != 0 {
        let _ = write!(s, "{minutes}M");
    }
    if secs == 0 && nanos == 0 && s.len() > 2 {
        return;
    }
    if seconds < 0 && nanos > 0 && secs == 0 {
        s.push_str("-0");
    } else {
        let _ = write!(s, "{secs}");
    }
    if nanos > 0 {
        let fraction = if seconds < 0 {
            2_000_000_000 - i64::from(nanos)
        } else {
            i64::from(nanos) + 1_000_000_000
        };
        // Drop the leading digit (it only pads), then trailing zeros.
        let digits = fraction.to_string();
        let trimmed = digits[1..].trim_end_matches('0');
        let _ = write!(s, ".{trimmed}");
    }
    s.push('S');
}

/// Days since 1970-01-01 to a proleptic Gregorian date.
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: year as i32,
        month,
        day,
    }
}

struct Bytes<'b>(&'b [u8]);

impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn i8(&mut self) -> Option<i8> {
        self.u8().map(|b| b as i8)
    }
    fn i32(&mut self) -> Option<i32> {
        self.take().map(i32::from_be_bytes)
    }
    fn i64(&mut self) -> Option<i64> {
        self.take().map(i64::from_be_bytes)
    }
    fn date(&mut self) -> Option<Date> {
        Some(Date {
            year: self.i32()?,
            month: self.u8()?,
            day: self.u8()?,
        })
    }
    /// `LocalTime.readExternal`: trailing zero components are cut, the last written one is
    /// stored complemented.
    fn time(&mut self) -> Option<Time> {
        let mut t = Time {
            hour: 0,
            minute: 0,
            second: 0,
            nano: 0,
        };
        let hour = self.i8()?;
        if hour < 0 {
            t.hour = !hour as u8;
            return Some(t);
        }
        t.hour = hour as u8;
        let minute = self.i8()?;
        if minute < 0 {
            t.minute = !minute as u8;
            return Some(t);
        }
        t.minute = minute as u8;
        let second = self.i8()?;
        if second < 0 {
            t.second = !second as u8;
            return Some(t);
        }
        t.second = second as u8;
        t.nano = self.i32()?;
        Some(t)
    }
    fn offset(&mut self) -> Option<Offset> {
        let quarters = self.i8()?;
        Some(Offset(if quarters == 127 {
            self.i32()?
        } else {
            i32::from(quarters) * 900
        }))
    }
    fn zone_name(&mut self) -> Option<ZoneName> {
        let len = u16::from_be_bytes(self.take()?);
        let (id, rest) = self.0.split_at_checked(usize::from(len))?;
        self.0 = rest;
        ZoneName::new(std::str::from_utf8(id).ok()?)
    }
}

fn put_date(out: &mut Vec<u8>, d: &Date) {
    out.extend_from_slice(&d.year.to_be_bytes());
    out.push(d.month);
    out.push(d.day);
}

fn put_time(out: &mut Vec<u8>, t: &Time) {
    if t.nano == 0 {
        if t.second == 0 {
            if t.minute == 0 {
                out.push(!t.hour);
            } else {
                out.push(t.hour);
                out.push(!t.minute);
            }
        } else {
            out.extend_from_slice(&[t.hour, t.minute, !t.second]);
        }
    } else {
        out.extend_from_slice(&[t.hour, t.minute, t.second]);
        out.extend_from_slice(&t.nano.to_be_bytes());
    }
}

fn put_offset(out: &mut Vec<u8>, Offset(total): Offset) {
    if total % 900 == 0 {
        out.push((total / 900) as i8 as u8);
    } else {
        out.push(127);
        out.extend_from_slice(&total.to_be_bytes());
    }
}

fn put_zone_name(out: &mut Vec<u8>, name: &ZoneName) {
    let id = name.as_str().as_bytes();
    out.extend_from_slice(&(id.len() as u16).to_be_bytes());
    out.extend_from_slice(id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(hour: u8, minute: u8, second: u8, nano: i32) -> Time {
        Time {
            hour,
            minute,
            second,
            nano,
        }
    }

    #[test]
    fn java_text() {
        let d = Date {
            year: 2024,
            month: 1,
            day: 2,
        };
        assert_eq!(
            to_java_string(&Temporal::LocalTime(time(10, 15, 0, 0))),
            "10:15"
        );
        assert_eq!(
            to_java_string(&Temporal::LocalTime(time(10, 15, 30, 1))),
            "10:15:30.000000001"
        );
        assert_eq!(
            to_java_string(&Temporal::LocalDateTime(d, time(0, 0, 0, 120_000_000))),
            "2024-01-02T00:00:00.120"
        );
        assert_eq!(
            to_java_string(&Temporal::Duration {
                seconds: 29172,
                nanos: 345_000_000
            }),
            "PT8H6M12.345S"
        );
        assert_eq!(
            to_java_string(&Temporal::Duration {
                seconds: -1,
                nanos: 500_000_000
            }),
            "PT-0.5S"
        );
        assert_eq!(
            to_java_string(&Temporal::Instant {
                seconds: 0,
                nanos: 0
            }),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            to_java_string(&Temporal::ZoneOffset(Offset(19800))),
            "+05:30"
        );
    }

    #[test]
    fn time_round_trips_through_ser_bytes() {
        for t in [
            time(0, 0, 0, 0),
            time(10, 15, 0, 0),
            time(10, 15, 30, 0),
            time(23, 59, 59, 999_999_999),
        ] {
            let v = Temporal::LocalTime(t);
            assert_eq!(decode(&encode(&v)), Some(v));
        }
    }
}
