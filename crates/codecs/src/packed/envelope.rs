//! The envelope: one flags varint, the times as a chain of deltas, the session id as packed
//! hex digits where it is hex (Tomcat's ids are 32 upper-case hex digits, plus a route suffix).

use std::borrow::Cow;

use jsess_model::Envelope;

use super::io::{In, Out};
use crate::error::Error;

/// Flags bit: `isNew` is `'1'` (else `'0'`), unless [`RAW_FLAGS`].
const NEW: u64 = 1;
/// Flags bit: `isValid` is `'1'` (else `'0'`), unless [`RAW_FLAGS`].
const VALID: u64 = 1 << 1;
/// Flags bit: `isNew` and `isValid` are other bytes, written after the id.
const RAW_FLAGS: u64 = 1 << 2;
/// Flags bit: the header version is not 2; it follows as a varint.
const VERSION: u64 = 1 << 3;
/// Flags bit: the id starts with upper-case hex digits, packed two to a byte.
const HEX_ID: u64 = 1 << 4;
/// Flags bits: the principal, saved request, saved principal and padding are present.
pub(super) const PARTS: [u64; 3] = [1 << 5, 1 << 6, 1 << 7];
const PADDING: u64 = 1 << 8;
/// The authentication type sits above the flag bits.
const AUTH_SHIFT: u32 = 9;

/// Writes everything but the three nested streams and the padding.
pub(super) fn put(out: &mut Out, e: &Envelope<'_>) {
    let bool_flag = |b: u8| matches!(b, b'0' | b'1');
    let mut flags = u64::from(e.auth_type) << AUTH_SHIFT;
    if bool_flag(e.is_new) && bool_flag(e.is_valid) {
        flags |=
            if e.is_new == b'1' { NEW } else { 0 } | if e.is_valid == b'1' { VALID } else { 0 };
    } else {
        flags |= RAW_FLAGS;
    }
    if e.version != 2 {
        flags |= VERSION;
    }
    let hex = hex_prefix(&e.id);
    if hex > 0 {
        flags |= HEX_ID;
    }
    for (bit, part) in PARTS
        .iter()
        .zip([&e.principal, &e.saved_request, &e.saved_principal])
    {
        if !part.is_empty() {
            flags |= bit;
        }
    }
    if !e.padding.is_empty() {
        flags |= PADDING;
    }
    out.varint(flags);
    if e.version != 2 {
        out.varint(u64::from(e.version));
    }
    out.signed(e.creation_time);
    out.signed(e.last_accessed_time.wrapping_sub(e.creation_time));
    out.signed(e.this_accessed_time.wrapping_sub(e.last_accessed_time));
    out.signed(e.last_backup_time.wrapping_sub(e.this_accessed_time));
    out.signed(i64::from(e.max_inactive_interval));
    if hex > 0 {
        out.varint((hex / 2) as u64);
        for pair in e.id[..hex].chunks_exact(2) {
            out.byte(nibble(pair[0]) << 4 | nibble(pair[1]));
        }
        out.blob(&e.id[hex..]);
    } else {
        out.blob(&e.id);
    }
    if flags & RAW_FLAGS != 0 {
        out.byte(e.is_new);
        out.byte(e.is_valid);
    }
}

/// Writes the padding, after the nested streams.
pub(super) fn put_padding(out: &mut Out, e: &Envelope<'_>) {
    if !e.padding.is_empty() {
        out.blob(&e.padding);
    }
}

/// Reads what [`put`] wrote; the nested streams are left empty, the flags say which follow.
pub(super) fn get<'a>(input: &mut In<'a>) -> Result<(Envelope<'a>, u64), Error> {
    let flags = input.varint()?;
    let auth_type = u16::try_from(flags >> AUTH_SHIFT)
        .map_err(|_| input.error("authentication type out of range"))?;
    let version = if flags & VERSION != 0 {
        u16::try_from(input.varint()?).map_err(|_| input.error("version out of range"))?
    } else {
        2
    };
    let creation_time = input.signed()?;
    let last_accessed_time = creation_time.wrapping_add(input.signed()?);
    let this_accessed_time = last_accessed_time.wrapping_add(input.signed()?);
    let last_backup_time = this_accessed_time.wrapping_add(input.signed()?);
    let max_inactive_interval = i32::try_from(input.signed()?)
        .map_err(|_| input.error("maxInactiveInterval out of range"))?;
    let id: Cow<'a, [u8]> = if flags & HEX_ID != 0 {
        let pairs = input.count(u64::MAX, "hex id length")?;
        let packed = input.take(pairs)?;
        let rest = input.blob()?;
        let mut id = Vec::with_capacity(pairs * 2 + rest.len());
        for b in packed {
            id.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
        id.extend_from_slice(rest);
        Cow::Owned(id)
    } else {
        Cow::Borrowed(input.blob()?)
    };
    let (is_new, is_valid) = if flags & RAW_FLAGS != 0 {
        (input.byte()?, input.byte()?)
    } else {
        let b = |bit: u64| if flags & bit != 0 { b'1' } else { b'0' };
        (b(NEW), b(VALID))
    };
    let mut e = Envelope::new(id, creation_time, max_inactive_interval);
    e.version = version;
    e.last_accessed_time = last_accessed_time;
    e.this_accessed_time = this_accessed_time;
    e.last_backup_time = last_backup_time;
    e.is_new = is_new;
    e.is_valid = is_valid;
    e.auth_type = auth_type;
    Ok((e, flags))
}

/// Reads the padding, when the flags say there is one.
pub(super) fn get_padding<'a>(input: &mut In<'a>, flags: u64) -> Result<Cow<'a, [u8]>, Error> {
    Ok(Cow::Borrowed(if flags & PADDING != 0 {
        input.blob()?
    } else {
        b""
    }))
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Length of the id's leading run of upper-case hex digits, rounded down to even.
fn hex_prefix(id: &[u8]) -> usize {
    let n = id
        .iter()
        .take_while(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'))
        .count();
    n & !1
}

fn nibble(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        _ => digit - b'A' + 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_round_trip() {
        let mut odd = Envelope::new(&b"abc-def"[..], -5, -1);
        odd.version = 1;
        odd.is_new = 7;
        odd.auth_type = 4;
        odd.last_backup_time = i64::MIN;
        let mut tomcat = Envelope::new(
            &b"8F3A2C1B4D5E6F708192A3B4C5D6E7F8.node1"[..],
            1 << 40,
            1800,
        );
        tomcat.padding = Cow::Borrowed(b"xy");
        for e in [
            Envelope::new(&b""[..], 0, 0),
            odd,
            tomcat,
            Envelope::new(&b"ABC"[..], 1, 2),
        ] {
            let mut out = Out::with_capacity(64);
            put(&mut out, &e);
            put_padding(&mut out, &e);
            let bytes = out.into_vec();
            let mut input = In::new(&bytes);
            let (mut back, flags) = get(&mut input).unwrap();
            back.padding = get_padding(&mut input, flags).unwrap();
            input.finish().unwrap();
            assert_eq!(back, e);
        }
    }
}
