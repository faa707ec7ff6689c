//! Numbers as Javolution 5.4 writes them in XML attributes (`TextBuilder.append(double)` and
//! `append(float)`): not Java's `toString`.
//!
//! - `double`: 16 significant digits when they read back to the same value, else 17; trailing
//!   zeros dropped; `0.0` for zero of either sign.
//! - `float`: widened to `double` and written with 10 significant digits (`1f/3` is
//!   `0.3333333433`); zero is `0`.
//! - Both: scientific notation (`1.0E22`, `1.0E-5`) outside [0.001, 10^7) or when the exponent
//!   reaches the digit count; `NaN`, `Infinity`, `-Infinity`.

/// The text Javolution writes for a `double`.
pub fn javolution_double(d: f64) -> String {
    if let Some(special) = special(d) {
        return special.to_string();
    }
    if d == 0.0 {
        return "0.0".to_string();
    }
    let magnitude = d.abs();
    let (digits17, e) = significant(magnitude, 17);
    // Javolution drops the 17th digit (truncating, not rounding) when 16 read back the same.
    let digits16 = &digits17[..16];
    let shorter: Option<f64> = format!("{digits16}e{}", e - 15).parse().ok();
    let digits = if shorter == Some(magnitude) {
        digits16
    } else {
        digits17.as_str()
    };
    lay_out(d < 0.0, digits, e, scientific(magnitude))
}

/// The text Javolution writes for a `float`.
pub fn javolution_float(f: f32) -> String {
    let d = f64::from(f);
    if let Some(special) = special(d) {
        return special.to_string();
    }
    if d == 0.0 {
        return "0".to_string();
    }
    let magnitude = d.abs();
    let (digits, e) = significant(magnitude, 10);
    lay_out(d < 0.0, &digits, e, scientific(magnitude))
}

fn special(d: f64) -> Option<&'static str> {
    if d.is_nan() {
        Some("NaN")
    } else if d == f64::INFINITY {
        Some("Infinity")
    } else if d == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

fn scientific(magnitude: f64) -> bool {
    !(0.001..1e7).contains(&magnitude)
}

/// `count` significant decimal digits of a positive finite value, correctly rounded, and the
/// decimal exponent of the first.
fn significant(magnitude: f64, count: usize) -> (String, i32) {
    let text = format!("{:.*e}", count - 1, magnitude);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// `x.xxxEyy` or `xxx.xxx`, fraction without trailing zeros but never empty.
fn lay_out(negative: bool, digits: &str, e: i32, scientific: bool) -> String {
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    let count = digits.len() as i32;
    if scientific || e >= count {
        out.push_str(&digits[..1]);
        push_fraction(&mut out, &digits[1..]);
        out.push('E');
        out.push_str(&e.to_string());
    } else if e >= 0 {
        let point = (e + 1) as usize;
        out.push_str(&digits[..point]);
        push_fraction(&mut out, &digits[point..]);
    } else {
        out.push('0');
        let zeros = "0".repeat((-e - 1) as usize);
        push_fraction(&mut out, &format!("{zeros}{digits}"));
    }
    out
}

fn push_fraction(out: &mut String, fraction: &str) {
    out.push('.');
    let kept = fraction.trim_end_matches('0');
    if kept.is_empty() {
        out.push('0');
    } else {
        out.push_str(kept);
    }
}

/// Reads a `double` or `float` as Javolution writes it (plain or `E` notation, `NaN`,
/// `Infinity`); Rust-only spellings (`inf`, `1e5` without a point is fine) are refused.
pub fn parse_double(text: &str) -> Option<f64> {
    java_number_text(text)?.parse().ok()
}

/// [`parse_double`] for `float`.
pub fn parse_float(text: &str) -> Option<f32> {
    java_number_text(text)?.parse().ok()
}

fn java_number_text(t: &str) -> Option<&str> {
    let ok = matches!(t, "NaN" | "Infinity" | "-Infinity")
        || (!t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'E' | b'e')));
    ok.then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written by Javolution 5.4.3.1 (`XMLObjectWriter`, msm's binding).
    #[test]
    fn doubles_as_javolution_writes_them() {
        for (v, s) in [
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1.0e22, "1.0E22"),
            (1.0e-5, "1.0E-5"),
            (0.0, "0.0"),
            (-0.0, "0.0"),
            (f64::NAN, "NaN"),
            (100.0, "100.0"),
        ] {
            assert_eq!(javolution_double(v), s, "{v}");
        }
    }

    #[test]
    fn floats_as_javolution_writes_them() {
        for (v, s) in [
            (2.5f32, "2.5"),
            (1.0f32 / 3.0, "0.3333333433"),
            (3.0e9f32, "3.0E9"),
            (0.0f32, "0"),
            (-0.0f32, "0"),
        ] {
            assert_eq!(javolution_float(v), s, "{v}");
        }
    }

    #[test]
    fn written_text_reads_back() {
        for v in [0.1, 1.0 / 3.0, 1e22, 123456.789, 5e-324, f64::MAX, 2.0e-3] {
            assert_eq!(parse_double(&javolution_double(v)), Some(v), "{v}");
        }
        for v in [0.1f32, 1.0 / 3.0, 3e9, f32::MAX, f32::MIN_POSITIVE] {
            assert_eq!(parse_float(&javolution_float(v)), Some(v), "{v}");
        }
    }
}
