//! Errors of loading class layouts.

/// Why a schema could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Reading a file or directory failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A jar or war could not be read.
    #[error("{path}: {reason}")]
    Archive {
        /// The archive.
        path: String,
        /// Why.
        reason: String,
    },
    /// A class file could not be parsed.
    #[error("{path}: not a readable class file: {reason}")]
    ClassFile {
        /// The file (or archive entry).
        path: String,
        /// Why.
        reason: String,
    },
    /// A schema file is not valid.
    #[error("schema file {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}
