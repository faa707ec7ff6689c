//! A web session: the envelope a session store keeps around the attributes, and the attributes
//! as an object graph.

use std::borrow::Cow;

use crate::graph::Stream;

/// The session fields msm stores in its header, kept exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<'a> {
    /// Header format version: 1 (msm 1.2–1.6.1) or 2 (saved request and principal added).
    pub version: u16,
    /// Milliseconds since the epoch.
    pub creation_time: i64,
    /// Milliseconds since the epoch.
    pub last_accessed_time: i64,
    /// Seconds; zero or negative means the session never expires.
    pub max_inactive_interval: i32,
    /// The stored byte: `'1'` is true, anything else false.
    pub is_new: u8,
    /// The stored byte: `'1'` is true, anything else false.
    pub is_valid: u8,
    /// Milliseconds since the epoch.
    pub this_accessed_time: i64,
    /// Milliseconds since the epoch: when the store last saved the session.
    pub last_backup_time: i64,
    /// The session id as stored (UTF-8).
    pub id: Cow<'a, [u8]>,
    /// Authentication type id: 0 none, 1 BASIC, 2 CLIENT_CERT, 3 DIGEST, 4 FORM.
    pub auth_type: u16,
    /// The principal's serialized form (empty when there is none).
    pub principal: Cow<'a, [u8]>,
    /// Version 2: the saved form request's serialized form (empty when there is none).
    pub saved_request: Cow<'a, [u8]>,
    /// Version 2: the saved form principal's serialized form (empty when there is none).
    pub saved_principal: Cow<'a, [u8]>,
    /// Bytes between the last field and where the header says the attributes start (none in
    /// what msm writes).
    pub padding: Cow<'a, [u8]>,
}

impl<'a> Envelope<'a> {
    /// The envelope msm writes for a new, valid, unauthenticated session: version 2, every time
    /// set to `creation_time`.
    pub fn new(
        id: impl Into<Cow<'a, [u8]>>,
        creation_time: i64,
        max_inactive_interval: i32,
    ) -> Envelope<'a> {
        Envelope {
            version: 2,
            creation_time,
            last_accessed_time: creation_time,
            max_inactive_interval,
            is_new: b'1',
            is_valid: b'1',
            this_accessed_time: creation_time,
            last_backup_time: creation_time,
            id: id.into(),
            auth_type: 0,
            principal: Cow::Borrowed(b""),
            saved_request: Cow::Borrowed(b""),
            saved_principal: Cow::Borrowed(b""),
            padding: Cow::Borrowed(b""),
        }
    }

    /// The authentication type's name, `None` for id 0 or an unknown id.
    pub fn auth_type_name(&self) -> Option<&'static str> {
        match self.auth_type {
            1 => Some("BASIC"),
            2 => Some("CLIENT_CERT"),
            3 => Some("DIGEST"),
            4 => Some("FORM"),
            _ => None,
        }
    }

    /// Detaches the envelope from the input it borrows.
    pub fn into_owned(self) -> Envelope<'static> {
        let own = |c: Cow<'_, [u8]>| Cow::Owned(c.into_owned());
        Envelope {
            id: own(self.id),
            principal: own(self.principal),
            saved_request: own(self.saved_request),
            saved_principal: own(self.saved_principal),
            padding: own(self.padding),
            ..self
        }
    }
}

/// A session: its envelope and its attributes.
///
/// The attributes are the object graph of a Java serialization stream holding an `Integer`
/// count and then name/value pairs, the way msm's default transcoder frames them; other formats
/// map to and from the same shape.
#[derive(Debug, Clone)]
pub struct Session<'a> {
    /// The header fields.
    pub envelope: Envelope<'a>,
    /// The attributes.
    pub attributes: Stream<'a>,
}

impl Session<'_> {
    /// Detaches the session from the input it borrows.
    pub fn into_owned(self) -> Session<'static> {
        Session {
            envelope: self.envelope.into_owned(),
            attributes: self.attributes.into_owned(),
        }
    }
}
