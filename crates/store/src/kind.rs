//! The two kinds of Redis value sessions live in, and the one byte form a hash takes inside a
//! rewrite.
//!
//! msm keeps a session in a string; Spring Session and Redisson keep one hash per session. The
//! rewrite engine compares, backs up and verifies values as bytes, so a hash travels through it
//! as its *image*: the fields sorted by name, each written `u32 name length, name, u32 value
//! length, value` (big-endian) after the 4 bytes `JSH1`. Two hashes are equal exactly when
//! their images are, whatever order `HGETALL` gave (docs/redis.md).

use serde::{Deserialize, Serialize};

use crate::{Error, HashFields};

/// What kind of value a key holds for the rewrite.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ValueKind {
    /// A string: the bytes are the value.
    #[default]
    String,
    /// A hash: the bytes are its image ([`hash_image`]).
    Hash,
}

impl ValueKind {
    /// How reports and `SCAN … TYPE` name it.
    pub fn name(self) -> &'static str {
        match self {
            ValueKind::String => "string",
            ValueKind::Hash => "hash",
        }
    }
}

const MAGIC: &[u8; 4] = b"JSH1";

/// The image of a hash: its fields in name order, lengths before names and values.
pub fn hash_image(fields: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut sorted: Vec<&(Vec<u8>, Vec<u8>)> = fields.iter().collect();
    sorted.sort();
    let size = fields
        .iter()
        .map(|(n, v)| 8 + n.len() + v.len())
        .sum::<usize>();
    let mut out = Vec::with_capacity(MAGIC.len() + size);
    out.extend_from_slice(MAGIC);
    for (name, value) in sorted {
        for part in [name, value] {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The fields an image holds (in name order).
pub fn hash_fields(image: &[u8]) -> Result<HashFields, Error> {
    let mut rest = image
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| corrupt("no JSH1 marker"))?;
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let name = take(&mut rest)?;
        let value = take(&mut rest)?;
        fields.push((name, value));
    }
    Ok(fields)
}

/// One length-prefixed part of an image.
fn take(rest: &mut &[u8]) -> Result<Vec<u8>, Error> {
    let (len, tail) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| corrupt("cut short"))?;
    let len = u32::from_be_bytes(*len) as usize;
    if tail.len() < len {
        return Err(corrupt("cut short"));
    }
    let (part, tail) = tail.split_at(len);
    *rest = tail;
    Ok(part.to_vec())
}

fn corrupt(reason: &str) -> Error {
    Error::Corrupt {
        path: "hash image".into(),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_do_not_depend_on_field_order_and_read_back() {
        let a = vec![(b"b".to_vec(), b"2".to_vec()), (b"a".to_vec(), vec![])];
        let b = vec![(b"a".to_vec(), vec![]), (b"b".to_vec(), b"2".to_vec())];
        assert_eq!(hash_image(&a), hash_image(&b));
        assert_eq!(hash_fields(&hash_image(&a)).expect("reads"), b);
        assert!(hash_fields(b"JSH1\0\0\0\x05ab").is_err());
        assert!(hash_fields(b"JSH1\xff\xff\xff\xff").is_err());
        assert!(hash_fields(b"xyz").is_err());
    }
}
