//! Local class definitions remembered across streams, so that one read before is not parsed
//! and classified again.
//!
//! A `packed` blob without a dictionary carries each class it uses in full the first time
//! (name, `serialVersionUID`, flags, each field's type code, name and type signature), and the
//! sessions of one store carry the same few classes blob after blob. Reading a definition costs
//! more than the objects of a typical class: each string is checked as modified UTF-8 and
//! against the limits, the class's JVM signature is spelled out and looked up, and so is every
//! field's declared type. A thread keeps the bytes of the definitions it has read with what was
//! worked out from them (where each string lies, the field types, the signature ids and the
//! shape), and a definition whose bytes are the same as a kept one's is rebuilt from that.
//!
//! What a rebuilt definition gives does not depend on the stream around it except through the
//! limits (its longest string is checked against the stream's `max_string_bytes`; where it is
//! over, the definition is read as usual and fails as it always does) and the nodes it adds,
//! which go through the reader's own checks. Strings are still checked as modified UTF-8.
//! Definitions that name dictionary strings are never kept: the same bytes mean other strings
//! under another dictionary. The signature ids kept are those of the class table kept beside
//! this one ([`super::tables::Tables`]); the two are kept and dropped together.

use std::sync::{Arc, Weak};

use jsess_model::kept::{key_of_name, KeptTable, MAX_BODY};
use jsess_model::{FieldDesc, FieldType, JavaString};

use super::classes::{Classes, Hint, Shape};
use super::io::In;
use crate::dictionary::Dictionary;

/// Where a string lies in a kept definition's bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Text {
    start: u16,
    len: u16,
}

impl Text {
    /// Its bytes in `body` (a definition's bytes, as kept or as met again in a stream).
    pub fn of(self, body: &[u8]) -> &[u8] {
        let start = usize::from(self.start);
        body.get(start..start + usize::from(self.len))
            .unwrap_or(&[])
    }
}

/// A field of a kept definition.
#[derive(Debug, Clone, Copy)]
pub(super) struct KeptField {
    pub ty: FieldType,
    pub name: Text,
    /// A reference field's type signature and its id ([`Classes::signature_id`]).
    pub signature: Option<(Text, u32)>,
    /// What its declared type says about its values ([`Classes::hint`]).
    pub hint: Hint,
}

/// A class definition as read once: its bytes and what was worked out from them.
#[derive(Debug)]
pub(super) struct KeptClass {
    /// From the name's string code to the end of the last field.
    pub body: Box<[u8]>,
    pub name: Text,
    pub suid: i64,
    pub flags: u8,
    pub fields: Box<[KeptField]>,
    /// The longest string in `body`, in bytes.
    pub longest: u64,
    /// The class's signature id and shape ([`Classes::classify`]).
    pub signature: u32,
    pub shape: Shape,
}

/// A thread's kept definitions; empty (and unallocated) until one is learnt.
#[derive(Debug, Default)]
pub(super) struct KeptClasses {
    table: KeptTable<KeptClass>,
}

impl KeptClasses {
    /// The kept definition whose bytes `rest` (the input from a definition's name on) starts
    /// with.
    pub fn matching(&mut self, rest: &[u8]) -> Option<&KeptClass> {
        let key = key_of(rest)?;
        self.table.find_prefix(key, rest, |k| &k.body)
    }

    /// Keeps the definition whose bytes are `body` (just read without errors), in place of the
    /// least recently used one filed with it; `classes` gives the signature ids.
    pub fn learn(&mut self, body: &[u8], classes: &mut Classes) {
        if body.len() > MAX_BODY {
            return;
        }
        if let Some(key) = key_of(body) {
            if let Some(kept) = scan(body, classes) {
                self.table.keep(key, kept);
            }
        }
    }
}

/// What [`Classes::define`] works out for a dictionary class: its signature id and shape,
/// and each field's hint and (for a reference field) its signature's id.
#[derive(Debug)]
pub(super) struct KeptDictClass {
    pub signature: u32,
    pub shape: Shape,
    pub fields: Box<[(Hint, Option<u32>)]>,
}

/// A thread's dictionary classes as [`Classes::define`] worked them out, by entry, for the
/// one dictionary it read with last. The dictionary is held weakly, which keeps its address
/// from being taken by another while the entries are kept: entries are used only with the
/// dictionary they came from.
#[derive(Debug, Default)]
pub(super) struct KeptDictClasses {
    dictionary: Weak<Dictionary>,
    entries: Vec<Option<KeptDictClass>>,
}

impl KeptDictClasses {
    /// Entry `entry` of `dictionary`, if kept.
    pub fn get(&mut self, dictionary: &Arc<Dictionary>, entry: usize) -> Option<&KeptDictClass> {
        if !std::ptr::eq(self.dictionary.as_ptr(), Arc::as_ptr(dictionary)) {
            self.dictionary = Arc::downgrade(dictionary);
            self.entries.clear();
        }
        self.entries.get(entry)?.as_ref()
    }

    /// Keeps entry `entry` of the dictionary last passed to [`KeptDictClasses::get`]: a class
    /// named `name` with `flags` whose fields are `fields`, its reference fields' signatures
    /// `signatures` in order.
    pub fn learn(
        &mut self,
        entry: usize,
        (name, flags): (&[u8], u8),
        fields: &[FieldDesc<'_>],
        signatures: &[JavaString<'_>],
        classes: &mut Classes,
    ) {
        // A dictionary's classes are already in memory: one small entry for each is no more.
        if entry >= self.entries.len() {
            self.entries.resize_with(entry + 1, || None);
        }
        let mut next_signature = signatures.iter();
        let fields = fields
            .iter()
            .map(|f| {
                let signature = if f.ty.is_reference() {
                    next_signature.next()
                } else {
                    None
                };
                match signature.map(|s| classes.declared(s.as_mutf8())) {
                    Some((hint, id)) => (hint, Some(id)),
                    None => (Hint::None, None),
                }
            })
            .collect();
        let (signature, shape) = classes.classify(name, flags);
        self.entries[entry] = Some(KeptDictClass {
            signature,
            shape,
            fields,
        });
    }
}

/// The key a definition starting `bytes` is filed by ([`key_of_name`]): after the name's code
/// (its length and whether it is new), the name, then the `serialVersionUID`.
fn key_of(bytes: &[u8]) -> Option<u64> {
    let mut input = In::new(bytes);
    let code = input.varint().ok()?;
    let len = usize::try_from(code >> 1).ok()?;
    let name_end = (bytes.len() - input.remaining()).checked_add(len)?;
    key_of_name(bytes, name_end, code)
}

/// Reads a definition's bytes that the reader has already accepted; `None` where they name a
/// dictionary string or do not end where the last field does.
fn scan(body: &[u8], classes: &mut Classes) -> Option<KeptClass> {
    let mut input = In::new(body);
    let mut longest = 0;
    let mut text = |input: &mut In<'_>| {
        let code = input.varint().ok()?;
        if code & 1 == 1 {
            return None;
        }
        let len = usize::try_from(code >> 1).ok()?;
        let start = u16::try_from(body.len() - input.remaining()).ok()?;
        input.take(len).ok()?;
        longest = longest.max(code >> 1);
        Some(Text {
            start,
            len: u16::try_from(len).ok()?,
        })
    };
    let name = text(&mut input)?;
    let suid = i64::from_le_bytes(input.take(8).ok()?.try_into().ok()?);
    let flags = input.byte().ok()?;
    let count = usize::try_from(input.varint().ok()?).ok()?;
    let mut fields = Vec::with_capacity(count.min(body.len()));
    for _ in 0..count {
        let ty = FieldType::from_code(input.byte().ok()?)?;
        let name = text(&mut input)?;
        let (signature, hint) = if ty.is_reference() {
            let signature = text(&mut input)?;
            let (hint, id) = classes.declared(signature.of(body));
            (Some((signature, id)), hint)
        } else {
            (None, Hint::None)
        };
        fields.push(KeptField {
            ty,
            name,
            signature,
            hint,
        });
    }
    if input.remaining() != 0 {
        return None;
    }
    let (signature, shape) = classes.classify(name.of(body), flags);
    Some(KeptClass {
        body: body.into(),
        name,
        suid,
        flags,
        fields: fields.into(),
        longest,
        signature,
        shape,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `a.B` with one `int` field whose name is `field` (a string code and its bytes).
    fn definition(field: &[u8]) -> Vec<u8> {
        let mut body = vec![6, b'a', b'.', b'B', 1, 0, 0, 0, 0, 0, 0, 0, 0x02, 1, b'I'];
        body.extend_from_slice(field);
        body
    }

    #[test]
    fn only_whole_definitions_of_inline_strings_are_kept() {
        let mut classes = Classes::default();
        let plain = definition(&[2, b'v']);
        let mut kept = KeptClasses::default();
        kept.learn(&plain, &mut classes);
        let found = kept.matching(&plain).expect("kept");
        assert_eq!(found.name.of(&plain), b"a.B");
        assert_eq!(found.longest, 3);
        // A field named by dictionary string 3: other bytes under another dictionary.
        let named = definition(&[7]);
        let mut kept = KeptClasses::default();
        kept.learn(&named, &mut classes);
        assert!(kept.matching(&named).is_none());
        // Bytes that run past the last field are not a definition's.
        let mut longer = plain.clone();
        longer.push(0);
        let mut kept = KeptClasses::default();
        kept.learn(&longer, &mut classes);
        assert!(kept.matching(&longer).is_none());
    }
}
