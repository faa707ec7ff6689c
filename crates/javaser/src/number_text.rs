//! Java's `Double.toString` / `Float.toString` layout: plain decimals for magnitudes in
//! [10^-3, 10^7), computerized scientific notation (`1.0E10`, `1.5E-5`) outside, always with a
//! digit after the point. The digits are the shortest that read back to the same value (what
//! JDK 19+ prints; JDK 17 occasionally prints one more digit, which reads back the same).

/// `Double.toString(v)` for a finite `v`.
pub fn java_double(v: f64) -> String {
    layout(
        v == 0.0,
        v.is_sign_negative(),
        v.abs(),
        &format!("{:e}", v.abs()),
    )
}

/// `Float.toString(v)` for a finite `v`.
pub fn java_float(v: f32) -> String {
    layout(
        v == 0.0,
        v.is_sign_negative(),
        f64::from(v.abs()),
        &format!("{:e}", v.abs()),
    )
}

/// Lays out the shortest digits (`d.ddde±x` as Rust's `{:e}` gives them) the way Java does.
fn layout(zero: bool, negative: bool, magnitude: f64, sci: &str) -> String {
    let sign = if negative { "-" } else { "" };
    if zero {
        return format!("{sign}0.0");
    }
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (1e-3..1e7).contains(&magnitude) {
        if exponent >= 0 {
            let point = exponent as usize + 1;
            let (int, frac) = if digits.len() > point {
                (digits[..point].to_string(), digits[point..].to_string())
            } else {
                (
                    format!("{digits}{}", "0".repeat(point - digits.len())),
                    String::new(),
                )
            };
            let frac = if frac.is_empty() { "0".into() } else { frac };
            format!("{sign}{int}.{frac}")
        } else {
            let zeros = "0".repeat((-exponent - 1) as usize);
            format!("{sign}0.{zeros}{digits}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{sign}{first}.{rest}E{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_as_java_prints_them() {
        for (v, s) in [
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (1e7, "1.0E7"),
            (9999999.0, "9999999.0"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (1.5e-5, "1.5E-5"),
            (1.7976931348623157e308, "1.7976931348623157E308"),
            (100.0, "100.0"),
            (2.25, "2.25"),
        ] {
            assert_eq!(java_double(v), s, "{v}");
        }
        assert_eq!(java_float(1.1f32), "1.1");
        assert_eq!(java_float(1e10f32), "1.0E10");
        assert_eq!(java_float(-2.5f32), "-2.5");
    }
}
