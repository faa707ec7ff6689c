//! Telling blob formats apart by their first bytes.

/// What a blob looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A Java Object Serialization stream.
    Java,
    /// Nothing jsess reads.
    Unknown,
}

/// Looks at the first bytes only; never guesses past what they prove.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0xAC, 0xED, 0x00, 0x05]) {
        Sniffed::Java
    } else {
        Sniffed::Unknown
    }
}

/// A short description of unrecognised bytes for error messages.
pub fn describe_unknown(bytes: &[u8]) -> String {
    let head: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!(
        "unrecognised format ({} bytes, starting {})",
        bytes.len(),
        head.join(" ")
    )
}
