//! Resource limits for reading untrusted input, after JEP 290's `maxdepth`, `maxrefs`,
//! `maxbytes` and `maxarray`, plus a string-length cap. Every format's reader takes one.

/// Bounds a reader enforces. Exceeding one is an error at the offending byte, before anything
/// is allocated for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest input accepted, in bytes.
    pub max_stream_bytes: usize,
    /// Deepest nesting of objects within objects (JEP 290 `maxdepth`; the top level is depth 1).
    pub max_depth: u32,
    /// Most handles (new objects, strings, arrays, enums, classes, descriptors) a stream may
    /// create, counted across resets (JEP 290 `maxrefs`).
    pub max_handles: u32,
    /// Most back-references (`TC_REFERENCE`) a stream may contain.
    pub max_back_references: u32,
    /// Longest array, and longest collection a JDK value may claim.
    pub max_array_length: u32,
    /// Longest string, in modified UTF-8 bytes.
    pub max_string_bytes: u64,
}

impl Limits {
    /// Defaults sized for session stores: far above any real Tomcat session, far below what
    /// could exhaust the machine.
    pub const DEFAULT: Limits = Limits {
        max_stream_bytes: 64 << 20,
        max_depth: 10_000,
        max_handles: 4_000_000,
        max_back_references: 16_000_000,
        max_array_length: 16 << 20,
        max_string_bytes: 16 << 20,
    };

    /// No limit beyond what the input's own length implies (memory stays linear in the input).
    pub const NONE: Limits = Limits {
        max_stream_bytes: usize::MAX,
        max_depth: u32::MAX,
        max_handles: u32::MAX,
        max_back_references: u32::MAX,
        max_array_length: u32::MAX,
        max_string_bytes: u64::MAX,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Which limit was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::max_stream_bytes`]
    StreamBytes,
    /// [`Limits::max_depth`]
    Depth,
    /// [`Limits::max_handles`]
    Handles,
    /// [`Limits::max_back_references`]
    BackReferences,
    /// [`Limits::max_array_length`]
    ArrayLength,
    /// [`Limits::max_string_bytes`]
    StringBytes,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Limit::StreamBytes => "max_stream_bytes",
            Limit::Depth => "max_depth",
            Limit::Handles => "max_handles",
            Limit::BackReferences => "max_back_references",
            Limit::ArrayLength => "max_array_length",
            Limit::StringBytes => "max_string_bytes",
        })
    }
}
