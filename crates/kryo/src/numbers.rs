//! `java.math.BigInteger`'s byte form, which Kryo's BigIntegerSerializer writes
//! (`toByteArray()`: big-endian two's complement), against the model's signum and magnitude.

use jsess_model::jdk::BigInt;

/// `BigInteger.toByteArray()`: minimal big-endian two's complement.
pub(crate) fn twos_complement(b: &BigInt<'_>) -> Vec<u8> {
    let start = b
        .magnitude
        .iter()
        .position(|&x| x != 0)
        .unwrap_or(b.magnitude.len());
    let magnitude = &b.magnitude[start..];
    if magnitude.is_empty() || b.signum == 0 {
        return vec![0];
    }
    if b.signum > 0 {
        let mut out = Vec::with_capacity(magnitude.len() + 1);
        if magnitude[0] & 0x80 != 0 {
            out.push(0);
        }
        out.extend_from_slice(magnitude);
        return out;
    }
    // Negate: invert and add one, then drop redundant leading 0xff bytes.
    let mut out: Vec<u8> = Vec::with_capacity(magnitude.len() + 1);
    out.push(0);
    out.extend_from_slice(magnitude);
    let mut carry = true;
    for byte in out.iter_mut().rev() {
        let inverted = !*byte;
        let (sum, overflow) = inverted.overflowing_add(u8::from(carry));
        *byte = sum;
        carry = carry && overflow;
    }
    while out.len() > 1 && out[0] == 0xff && out[1] & 0x80 != 0 {
        out.remove(0);
    }
    out
}

/// `new BigInteger(bytes)`: signum and magnitude of big-endian two's complement.
pub(crate) fn from_twos_complement(bytes: &[u8]) -> (i32, Vec<u8>) {
    if bytes.first().is_none_or(|b| b & 0x80 == 0) {
        let magnitude: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
        let signum = if magnitude.is_empty() { 0 } else { 1 };
        return (signum, magnitude);
    }
    let mut magnitude: Vec<u8> = bytes.iter().map(|b| !b).collect();
    for byte in magnitude.iter_mut().rev() {
        let (sum, overflow) = byte.overflowing_add(1);
        *byte = sum;
        if !overflow {
            break;
        }
    }
    // The top bit is set, so inverting leaves a non-zero top byte and adding one cannot carry out.
    let magnitude: Vec<u8> = magnitude.into_iter().skip_while(|&b| b == 0).collect();
    (-1, magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsess_model::jdk::BigInt;

    #[test]
    fn big_integers_round_trip() {
        for (bytes, signum, magnitude) in [
            (vec![0x00], 0, vec![]),
            (vec![0x01, 0x2c], 1, vec![0x01, 0x2c]),
            (vec![0xff], -1, vec![0x01]),
            (vec![0x80], -1, vec![0x80]),
            (vec![0xff, 0x7f], -1, vec![0x81]),
            (vec![0x00, 0x80], 1, vec![0x80]),
            (vec![0xfe, 0xd4], -1, vec![0x01, 0x2c]),
        ] {
            assert_eq!(
                from_twos_complement(&bytes),
                (signum, magnitude.clone()),
                "{bytes:x?}"
            );
            let b = BigInt {
                signum,
                magnitude: &magnitude,
            };
            assert_eq!(twos_complement(&b), bytes);
        }
    }
}
