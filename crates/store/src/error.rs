//! Store errors.

use crate::SlotRange;

/// What went wrong talking to a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A Redis command or connection failed.
    ///
    /// The client's error is part of this one's message and is not also its
    /// [`source`](std::error::Error::source): the client's error repeats its own cause (a TLS
    /// failure's text) in its message, so a printed chain would say the same thing three times.
    #[error("redis {context}: {error}")]
    Redis {
        /// What was being done (the server, the command).
        context: String,
        /// The client's error.
        error: redis::RedisError,
    },
    /// A Redis reply of an unexpected shape.
    #[error("redis {context}: unexpected reply {reply}")]
    Reply {
        /// What was being done.
        context: String,
        /// The reply, as the client shows it.
        reply: String,
    },
    /// A file could not be read or written.
    ///
    /// As for [`Error::Redis`], the system's error is in the message, not repeated as a source.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// A source description jsess does not understand.
    #[error("source {0}")]
    Source(String),
    /// A backup or checkpoint file that is not what jsess wrote.
    #[error("{path}: {reason}")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A rewrite or rollback refused to start or go on (it would overwrite a backup, resume
    /// another job's checkpoint, write without a backup).
    #[error("{0}")]
    Refused(String),
    /// A resume with another slot range than the checkpoint's (or with one where it had none,
    /// or none where it had one).
    #[error(
        "{path}: the checkpoint is of {}, not {}: resume with the range the run started with",
        slots_name(.checkpoint),
        slots_name(.requested)
    )]
    SlotsMismatch {
        /// The checkpoint file.
        path: String,
        /// The range the checkpoint was written with.
        checkpoint: Option<SlotRange>,
        /// The range asked for now.
        requested: Option<SlotRange>,
    },
    /// An operation this store cannot do.
    #[error("{0}")]
    Unsupported(String),
}

/// A slot range as error messages name it.
fn slots_name(slots: &Option<SlotRange>) -> String {
    match slots {
        Some(range) => format!("slots {range}"),
        None => "every slot (no range)".into(),
    }
}

pub(crate) fn redis(context: impl Into<String>) -> impl FnOnce(redis::RedisError) -> Error {
    let context = context.into();
    move |error| Error::Redis { context, error }
}

pub(crate) fn io(path: impl std::fmt::Display) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_string();
    move |error| Error::Io { path, error }
}
