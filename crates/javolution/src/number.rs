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
    // Javolution drops the 17th digit (truncating, not rounding) when 16 read back the same
    // under its own rounding.
    let digits16 = &digits17[..16];
    let digits = if reads_back_as(digits16, e - 15, magnitude) {
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

/// `count` significant decimal digits of a positive finite value and the decimal exponent of
/// the first, rounded half up as Javolution's `MathLib.toLongPow10` rounds (Rust's own
/// formatting rounds half to even). Subnormal values go through Javolution's scaling by 10^16
/// first, which is not exact.
fn significant(magnitude: f64, count: usize) -> (String, i32) {
    if magnitude < f64::MIN_POSITIVE {
        let (digits, e) = significant(magnitude * 1e16, count);
        return (digits, e - 16);
    }
    // 25 more digits than kept decide the rounding: the tail is at or above one half exactly
    // when its first digit is 5 or more (short of 25 nines in a row).
    let text = format!("{:.*e}", count - 1 + 25, magnitude);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mut e: i32 = exponent.parse().unwrap_or(0);
    let all: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let mut digits = all[..count].to_vec();
    if all[count] >= b'5' {
        let mut i = count;
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                digits.truncate(count);
                e += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    (String::from_utf8(digits).unwrap_or_default(), e)
}

/// Whether `digits × 10^exponent` becomes `magnitude` when Javolution rounds it to a double
/// (half up, where Rust's parser rounds half to even; an exact half between two doubles only
/// happens for integers above 2^53).
fn reads_back_as(digits: &str, exponent: i32, magnitude: f64) -> bool {
    const TWO_53: f64 = 9_007_199_254_740_992.0;
    if (TWO_53..1.0e38).contains(&magnitude) && exponent >= 0 {
        let (Ok(m), Some(scale)) = (digits.parse::<u128>(), 10u128.checked_pow(exponent as u32))
        else {
            return false;
        };
        let Some(candidate) = m.checked_mul(scale) else {
            return false;
        };
        let exact = magnitude as u128;
        let below = exact - f64::from_bits(magnitude.to_bits() - 1) as u128;
        let above = f64::from_bits(magnitude.to_bits() + 1) as u128 - exact;
        return if candidate <= exact {
            exact - candidate <= below / 2
        } else {
            candidate - exact < above / 2
        };
    }
    format!("{digits}e{exponent}").parse::<f64>().ok() == Some(magnitude)
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

#[cfg(test)]
mod tests {
    use super::*;
    use jsess_javaser::jdk::text::{parse_double, parse_float};

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
