//! The hash map of the per-session tables (strings, type names, classes by signature).
//!
//! Keys come from untrusted sessions, so the hasher is seeded per map (no fixed hash an input
//! could be built to collide), and fast: these tables are filled and probed once per string of
//! every session encoded or decoded, where the standard library's SipHash showed up as a tenth of
//! a migration's decode-and-verify time.

/// A hash map with foldhash's per-map random seed.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
