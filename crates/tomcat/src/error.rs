//! What reading, writing or converting a Tomcat session stream can fail with.

/// A Tomcat stream error. Every variant that concerns one session names it (by id, or by its
/// position in `SESSIONS.ser` when the id has not been read yet).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not a Java serialization stream jsess can read.
    #[error("the Java stream: {0}")]
    Java(#[from] jsess_javaser::Error),
    /// The stream's objects are not the sequence `StandardSession.writeObjectData` writes.
    #[error("session {session}: {item}: {reason}")]
    Framing {
        /// The session id, or `#n` (1-based) before the id is known.
        session: String,
        /// The item of the sequence (`creationTime`, `attribute 3 of 7`, …).
        item: String,
        /// What was found instead.
        reason: String,
    },
    /// The container's own framing is wrong (the `SESSIONS.ser` count, trailing objects).
    #[error("{0}")]
    Container(String),
    /// A profile (a range of Tomcat versions) that has no place for a fact the session holds.
    #[error("session {session}: {profile} cannot hold {field}: {fact}")]
    CannotHold {
        /// The session id.
        session: String,
        /// The target profile's name.
        profile: &'static str,
        /// The field or attribute (`principal`, `attribute "cart"`).
        field: String,
        /// What would be lost.
        fact: String,
    },
    /// A session whose public fields no longer match the stream objects the writer writes.
    #[error("session {session}: field {field} was changed; the stream holds {stream}")]
    Edited {
        /// The session id as read.
        session: String,
        /// The field.
        field: &'static str,
        /// The value the stream holds.
        stream: String,
    },
    /// Building or writing Java serialization failed.
    #[error("session {session}: {message}")]
    Write {
        /// The session id.
        session: String,
        /// What failed.
        message: String,
    },
    /// A conversion that would lose a fact the target cannot hold.
    #[error("session {session}: {target} cannot hold {fact}")]
    WouldLose {
        /// The session id.
        session: String,
        /// The target (`msm`, or a Tomcat profile).
        target: &'static str,
        /// What would be lost, naming the attribute or field.
        fact: String,
    },
    /// The msm side of a conversion.
    #[error(transparent)]
    Msm(#[from] jsess_msm::Error),
}
