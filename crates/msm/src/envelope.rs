//! The msm header (`TranscoderService.serializeSessionFields`), both versions.
//!
//! Layout (big-endian; lengths are 2 bytes that msm reads as signed shorts):
//! version, header length H, creationTime, lastAccessedTime, maxInactiveInterval, isNew,
//! isValid, thisAccessedTime, lastBackupTime, id, authType, principal; version 2 adds the saved
//! request and saved principal. The attributes start at H.

use std::borrow::Cow;

use jsess_model::Envelope;

use crate::error::Error;

/// Fixed part before the id: version, H, 2×time, interval, 2×flag, 2×time, id length.
const FIXED: usize = 2 + 2 + 8 + 8 + 4 + 1 + 1 + 8 + 8 + 2;
/// Largest header msm reads back correctly.
pub const MAX_HEADER: usize = i16::MAX as usize;

/// Splits a blob into its envelope and the attribute bytes.
pub fn decode_envelope(blob: &[u8]) -> Result<(Envelope<'_>, &[u8]), Error> {
    let mut r = Reader { blob, pos: 0 };
    let fixed = r.fixed()?;
    let (version, declared) = (fixed.version, fixed.declared);
    let id = r.sized("id")?;
    let auth_type = r.u16("authType")?;
    if auth_type > 4 {
        return Err(Error::UnknownAuthType(auth_type));
    }
    let principal = r.sized("principal")?;
    let (saved_request, saved_principal) = if version == 2 {
        (r.sized("saved request")?, r.sized("saved principal")?)
    } else {
        (&[][..], &[][..])
    };
    if declared < r.pos {
        return Err(Error::HeaderTooShort {
            declared,
            actual: r.pos,
        });
    }
    let padding = r.take("header padding", declared - r.pos)?;
    let envelope = Envelope {
        version,
        creation_time: fixed.creation_time,
        last_accessed_time: fixed.last_accessed_time,
        max_inactive_interval: fixed.max_inactive_interval,
        is_new: fixed.is_new,
        is_valid: fixed.is_valid,
        this_accessed_time: fixed.this_accessed_time,
        last_backup_time: fixed.last_backup_time,
        id: Cow::Borrowed(id),
        auth_type,
        principal: Cow::Borrowed(principal),
        saved_request: Cow::Borrowed(saved_request),
        saved_principal: Cow::Borrowed(saved_principal),
        padding: Cow::Borrowed(padding),
    };
    Ok((envelope, &blob[declared..]))
}

/// Writes the header for attributes that follow it.
pub fn encode_envelope(envelope: &Envelope<'_>, out: &mut Vec<u8>) -> Result<(), Error> {
    let version = envelope.version;
    if version != 1 && version != 2 {
        return Err(Error::UnsupportedVersion(version));
    }
    if envelope.auth_type > 4 {
        return Err(Error::UnknownAuthType(envelope.auth_type));
    }
    let v2_only = envelope.saved_request.len() + envelope.saved_principal.len();
    if version == 1 && v2_only > 0 {
        return Err(Error::Framing(
            "a version 1 header cannot hold a saved request or saved principal".into(),
        ));
    }
    let mut len = FIXED + envelope.id.len() + 2 + 2 + envelope.principal.len();
    if version == 2 {
        len += 4 + v2_only;
    }
    len += envelope.padding.len();
    let header_len = checked_len("header", len)?;
    out.reserve(len);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&header_len.to_be_bytes());
    out.extend_from_slice(&envelope.creation_time.to_be_bytes());
    out.extend_from_slice(&envelope.last_accessed_time.to_be_bytes());
    out.extend_from_slice(&envelope.max_inactive_interval.to_be_bytes());
    out.push(envelope.is_new);
    out.push(envelope.is_valid);
    out.extend_from_slice(&envelope.this_accessed_time.to_be_bytes());
    out.extend_from_slice(&envelope.last_backup_time.to_be_bytes());
    put_sized(out, "id", &envelope.id)?;
    out.extend_from_slice(&envelope.auth_type.to_be_bytes());
    put_sized(out, "principal", &envelope.principal)?;
    if version == 2 {
        put_sized(out, "saved request", &envelope.saved_request)?;
        put_sized(out, "saved principal", &envelope.saved_principal)?;
    }
    out.extend_from_slice(&envelope.padding);
    Ok(())
}

fn checked_len(field: &'static str, value: usize) -> Result<u16, Error> {
    if value > MAX_HEADER {
        return Err(Error::LengthOverflow { field, value });
    }
    Ok(value as u16)
}

/// A 2-byte length as msm reads it: a signed short, so 0x8000 and above are rejected rather
/// than silently read as "absent" the way msm would.
fn checked_length(field: &'static str, value: u16) -> Result<usize, Error> {
    let value = usize::from(value);
    if value > MAX_HEADER {
        return Err(Error::LengthOverflow { field, value });
    }
    Ok(value)
}

fn put_sized(out: &mut Vec<u8>, field: &'static str, bytes: &[u8]) -> Result<(), Error> {
    out.extend_from_slice(&checked_len(field, bytes.len())?.to_be_bytes());
    out.extend_from_slice(bytes);
    Ok(())
}

struct Reader<'b> {
    blob: &'b [u8],
    pos: usize,
}

/// The fields before the id.
struct Fixed {
    version: u16,
    declared: usize,
    creation_time: i64,
    last_accessed_time: i64,
    max_inactive_interval: i32,
    is_new: u8,
    is_valid: u8,
    this_accessed_time: i64,
    last_backup_time: i64,
}

impl<'b> Reader<'b> {
    /// The fields before the id, which every session has: taken from one bounds-checked
    /// array where the blob holds them all (a check and a `Result` per field cost a small
    /// session's decode a tenth), else field by field, which names the one cut short. Leaves
    /// the reader at the id's length.
    fn fixed(&mut self) -> Result<Fixed, Error> {
        let Some(b) = self.blob.first_chunk::<FIXED>() else {
            return self.fixed_each();
        };
        let version = u16::from_be_bytes([b[0], b[1]]);
        if version != 1 && version != 2 {
            return Err(Error::UnsupportedVersion(version));
        }
        let declared = checked_length("header length", u16::from_be_bytes([b[2], b[3]]))?;
        let i64_at = |at: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&b[at..at + 8]);
            i64::from_be_bytes(word)
        };
        self.pos = FIXED - 2;
        Ok(Fixed {
            version,
            declared,
            creation_time: i64_at(4),
            last_accessed_time: i64_at(12),
            max_inactive_interval: i32::from_be_bytes([b[20], b[21], b[22], b[23]]),
            is_new: b[24],
            is_valid: b[25],
            this_accessed_time: i64_at(26),
            last_backup_time: i64_at(34),
        })
    }

    fn fixed_each(&mut self) -> Result<Fixed, Error> {
        let version = self.u16("version")?;
        if version != 1 && version != 2 {
            return Err(Error::UnsupportedVersion(version));
        }
        Ok(Fixed {
            version,
            declared: self.length("header length")?,
            creation_time: self.i64("creationTime")?,
            last_accessed_time: self.i64("lastAccessedTime")?,
            max_inactive_interval: self.i32("maxInactiveInterval")?,
            is_new: self.u8("isNew")?,
            is_valid: self.u8("isValid")?,
            this_accessed_time: self.i64("thisAccessedTime")?,
            last_backup_time: self.i64("lastBackupTime")?,
        })
    }

    // Built eagerly, the error would be dropped on every successful read, and `Error` has
    // drop glue (other variants own strings): that cost a small session's decode 4%.
    #[allow(clippy::unnecessary_lazy_evaluations)]
    fn take(&mut self, field: &'static str, n: usize) -> Result<&'b [u8], Error> {
        let end = self.pos + n;
        let bytes = self
            .blob
            .get(self.pos..end)
            .ok_or_else(|| Error::Truncated {
                field,
                needed: end,
                len: self.blob.len(),
            })?;
        self.pos = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], Error> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(field, N)?);
        Ok(out)
    }

    fn u8(&mut self, field: &'static str) -> Result<u8, Error> {
        Ok(self.array::<1>(field)?[0])
    }

    fn u16(&mut self, field: &'static str) -> Result<u16, Error> {
        self.array(field).map(u16::from_be_bytes)
    }

    fn i32(&mut self, field: &'static str) -> Result<i32, Error> {
        self.array(field).map(i32::from_be_bytes)
    }

    fn i64(&mut self, field: &'static str) -> Result<i64, Error> {
        self.array(field).map(i64::from_be_bytes)
    }

    /// A 2-byte length as msm reads it ([`checked_length`]).
    fn length(&mut self, field: &'static str) -> Result<usize, Error> {
        let value = self.u16(field)?;
        checked_length(field, value)
    }

    fn sized(&mut self, field: &'static str) -> Result<&'b [u8], Error> {
        let len = self.length(field)?;
        self.take(field, len)
    }
}

/// [`decode_envelope`] of a blob whose attributes must be in `format` (the codec `name`).
pub(crate) fn decode_envelope_of<'a>(
    blob: &'a [u8],
    format: crate::sniff::AttributeFormat,
    name: &'static str,
) -> Result<(Envelope<'a>, &'a [u8]), Error> {
    let (envelope, attribute_bytes) = decode_envelope(blob)?;
    let found = crate::sniff::attribute_format(attribute_bytes);
    if found != format {
        return Err(Error::Format {
            expected: name,
            found: found.name(),
        });
    }
    Ok((envelope, attribute_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of msm-format.md §8.1, produced by msm's own TranscoderService.
    const HEADER_HEX: &str = "000200540000018bcfe568000000018bcfe652600000070830310000018bcfe73cc00000018bcfe73eb4002038463341324331423444354536463730383139324133423443354436453746380000000000000000";

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    #[test]
    fn reference_header_round_trips() {
        let bytes = unhex(HEADER_HEX);
        let (envelope, rest) = decode_envelope(&bytes).expect("header");
        assert!(rest.is_empty());
        assert_eq!(envelope.version, 2);
        assert_eq!(envelope.creation_time, 1_700_000_000_000);
        assert_eq!(envelope.max_inactive_interval, 1800);
        assert_eq!((envelope.is_new, envelope.is_valid), (b'0', b'1'));
        assert_eq!(&envelope.id[..], b"8F3A2C1B4D5E6F708192A3B4C5D6E7F8");
        let mut out = Vec::new();
        encode_envelope(&envelope, &mut out).expect("encodes");
        assert_eq!(out, bytes);
    }

    /// The fields before the id read at once give what reading them one by one gives, the
    /// same values or the same error, on every prefix of a header and on ones with a bad
    /// version or header length.
    #[test]
    fn the_fixed_fields_read_at_once_as_one_by_one() {
        let header = unhex(HEADER_HEX);
        let mut headers = vec![header.clone()];
        for (at, byte) in [(1, 3), (2, 0x80), (0, 0xFF)] {
            let mut bad = header.clone();
            bad[at] = byte;
            headers.push(bad);
        }
        let describe = |result: Result<Fixed, Error>, pos: usize| match result {
            Ok(f) => format!(
                "{} {} {} {} {} {} {} {} {} at {pos}",
                f.version,
                f.declared,
                f.creation_time,
                f.last_accessed_time,
                f.max_inactive_interval,
                f.is_new,
                f.is_valid,
                f.this_accessed_time,
                f.last_backup_time
            ),
            Err(e) => format!("{e:?}"),
        };
        let mut compared = 0;
        for bytes in &headers {
            for len in 0..=bytes.len() {
                let blob = &bytes[..len];
                let (mut at_once, mut each) = (Reader { blob, pos: 0 }, Reader { blob, pos: 0 });
                let fast = describe(at_once.fixed(), at_once.pos);
                let slow = describe(each.fixed_each(), each.pos);
                assert_eq!(fast, slow, "{len} bytes of {bytes:02x?}");
                compared += usize::from(len >= FIXED);
            }
        }
        assert!(compared > 4 * 40, "the one-read path ran");
    }

    #[test]
    fn oversized_parts_are_refused_on_write() {
        let bytes = unhex(HEADER_HEX);
        let (mut envelope, _) = decode_envelope(&bytes).expect("header");
        envelope.principal = Cow::Owned(vec![0; 40_000]);
        assert!(matches!(
            encode_envelope(&envelope, &mut Vec::new()),
            Err(Error::LengthOverflow { .. })
        ));
        envelope.principal = Cow::Owned(vec![0; 32_700]);
        assert!(matches!(
            encode_envelope(&envelope, &mut Vec::new()),
            Err(Error::LengthOverflow {
                field: "header",
                ..
            })
        ));
    }

    #[test]
    fn hostile_headers_get_typed_errors() {
        let bytes = unhex(HEADER_HEX);
        for cut in 0..bytes.len() {
            assert!(decode_envelope(&bytes[..cut]).is_err(), "prefix {cut}");
        }
        let mut bad = bytes.clone();
        bad[3] = 0x10; // H shorter than the fields
        assert!(matches!(
            decode_envelope(&bad),
            Err(Error::HeaderTooShort { .. })
        ));
        let mut bad = bytes.clone();
        bad[2] = 0x80; // H read as negative by msm
        assert!(matches!(
            decode_envelope(&bad),
            Err(Error::LengthOverflow { .. })
        ));
        let mut bad = bytes;
        bad[1] = 3;
        assert_eq!(
            decode_envelope(&bad).unwrap_err(),
            Error::UnsupportedVersion(3)
        );
    }
}
