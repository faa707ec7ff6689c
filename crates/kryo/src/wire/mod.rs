//! Kryo's primitive encodings (Kryo 4 `Input`/`Output`): varints, fixed-width big-endian
//! numbers and its two string forms. [`Input`] reads them, [`Output`] writes them, byte for
//! byte as Kryo does.

mod input;
mod output;

pub use input::Input;
pub use output::Output;

#[cfg(test)]
mod tests;
