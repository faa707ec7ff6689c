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
    bytes.is_ascii() && !bytes.contains(&0)
}

#[cfg(test)]
mod tests;
