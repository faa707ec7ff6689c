//! Session hashes (Spring Session, Redisson): the fuzz input is a key and field/value pairs,
//! each framed as `u16 length` + bytes (big-endian), so any bytes make a hash to read.

use jsess_javaser::Limits;
use jsess_layouts::convert::{from_msm, to_msm, Allow};
use jsess_layouts::{redisson, spring, Field};

/// A key and its fields in the framing [`hash_session`] reads.
pub fn frame_hash(key: &[u8], fields: &[Field]) -> Vec<u8> {
    let mut out = Vec::new();
    let parts = std::iter::once(key).chain(fields.iter().flat_map(|(n, v)| [&n[..], &v[..]]));
    for part in parts {
        let part = &part[..part.len().min(usize::from(u16::MAX))];
        out.extend_from_slice(&(part.len() as u16).to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

fn unframe(mut data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    while let Some((len, rest)) = data.split_first_chunk::<2>() {
        let len = usize::from(u16::from_be_bytes(*len)).min(rest.len());
        parts.push(&rest[..len]);
        data = &rest[len..];
    }
    parts
}

/// A session hash read from any key and fields: no panic; what reads renders as JSON, writes
/// back as fields that read as the same session, and converts to an msm session and back
/// without panicking.
pub fn hash_session(data: &[u8]) {
    let limits = Limits::DEFAULT;
    let parts = unframe(data);
    let Some((key, rest)) = parts.split_first() else {
        return;
    };
    let fields: Vec<Field> = rest
        .chunks(2)
        .map(|pair| {
            (
                pair[0].to_vec(),
                pair.get(1).map_or(Vec::new(), |v| v.to_vec()),
            )
        })
        .collect();
    let Some(Ok(session)) = jsess_layouts::read(key, &fields, &limits) else {
        return;
    };
    let _ = jsess_layouts::json::to_json(&session, &limits);
    let written = if session.layout == redisson::LAYOUT {
        redisson::fields(&session)
    } else {
        spring::fields(&session)
    };
    if let Ok(written) = written {
        let again = jsess_layouts::read(key, &written, &limits);
        assert!(
            matches!(again, Some(Ok(ref s)) if s.id == session.id),
            "written fields of session {} do not read back",
            session.id
        );
    }
    if let Ok(msm) = to_msm(&session, &limits) {
        let _ = from_msm(&msm.value, session.layout, Allow::default(), &limits);
    }
}
