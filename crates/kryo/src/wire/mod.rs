//! Kryo's primitive encodings (Kryo 4 and 5 `Input`/`Output`): varints, fixed-width numbers
//! (big-endian in Kryo 4, little-endian in Kryo 5) and its two string forms. [`Input`] reads them, [`Output`] writes them, byte for
//! byte as Kryo does.

mod input;
mod output;

pub use input::Input;
pub use output::Output;

/// Bytes 0x01..=0x7F only: text that is the same in Kryo's ASCII form, its length form and
/// Java's modified UTF-8.
fn is_plain_ascii(bytes: &[u8]) -> bool {
    plain_run(bytes) == bytes.len()
}

/// Length of the run of bytes 0x01..=0x7F that `bytes` starts with, eight bytes at a time:
/// Kryo's ASCII strings end at the first byte with its high bit set, and every string read
/// or written is scanned this way.
fn plain_run(bytes: &[u8]) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    while let Some(word) = bytes.get(n..).and_then(|rest| rest.first_chunk::<8>()) {
        let w = u64::from_le_bytes(*word);
        // High bits of the bytes that are 0x80 or above, or zero (`w - LOW` borrows only out
        // of a zero byte, and only into the bytes after it, so the lowest flag is exact).
        let outside = (w | (w.wrapping_sub(LOW) & !w)) & HIGH;
        if outside != 0 {
            return n + (outside.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|&b| b == 0 || b >= 0x80)
        .unwrap_or(bytes.len() - n)
}

#[cfg(test)]
mod tests;
