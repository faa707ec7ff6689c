//! Class descriptors remembered across streams, so that one read before is not parsed again.
//!
//! The sessions of one store name the same classes stream after stream (every msm session
//! starts with `java.lang.Integer` and `java.lang.Number`), and reading a class descriptor (its
//! name, each field's type code, name and type string, each string checked as modified UTF-8
//! and against the limits) costs more than reading a typical object. A thread keeps the bytes of
//! the descriptors it has read and what was worked out from them. A descriptor whose bytes are
//! the same as a kept one's is rebuilt from that, checking only what depends on the stream
//! around it: the limits, counted over the stream, and the handles its type strings refer back
//! to, which name other objects in every stream. Where one of those checks would fail, the
//! descriptor is read as if nothing were kept, so the graph and every error are the ones a
//! first read gives.
//!
//! The bytes kept are a descriptor's from its name's length to the end of its last field; its
//! annotation and superclass follow and are read as usual. Finding a kept descriptor must cost
//! far less than reading one, so descriptors are filed by a key made of a few words of their
//! bytes (the name's length and last eight bytes, and the `serialVersionUID`) in a small
//! four-way table, and the bytes are compared in full before one is used.

use jsess_model::kept::{key_of_name, KeptTable, MAX_BODY};
use jsess_model::FieldType;

use super::chains::Chains;
use crate::constants::{TC_LONGSTRING, TC_NULL, TC_REFERENCE, TC_STRING};

/// A class descriptor as read once: its bytes and their meaning.
#[derive(Debug)]
pub(super) struct Template {
    /// From the name's length to the end of the last field.
    pub body: Box<[u8]>,
    /// Where the class name lies in `body`.
    pub name: Text,
    pub suid: i64,
    pub flags: u8,
    pub fields: Box<[FieldPlan]>,
    /// How many type strings are new strings (each takes a handle).
    pub new_strings: u32,
    /// How many type strings refer back to an earlier string.
    pub back_references: u32,
    /// The longest string in `body`, in bytes: the class name, field names and type strings.
    pub longest: u64,
}

/// Where a string lies in a template's body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Text {
    pub start: u16,
    pub len: u16,
}

impl Text {
    /// Its range in a stream where the body starts at `at`.
    pub fn at(self, at: usize) -> std::ops::Range<usize> {
        let start = at + usize::from(self.start);
        start..start + usize::from(self.len)
    }
}

/// One field of a template.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldPlan {
    pub ty: FieldType,
    pub name: Text,
    pub type_name: TypeName,
}

/// How a field's type string is written.
#[derive(Debug, Clone, Copy)]
pub(super) enum TypeName {
    /// A primitive field has none.
    None,
    /// `TC_NULL`.
    Null,
    /// A new string (`TC_LONGSTRING` when `long`).
    New { text: Text, long: bool },
    /// `TC_REFERENCE` to this wire handle.
    Reference(u32),
}

/// A thread's kept descriptors.
#[derive(Debug, Default)]
pub(super) struct Templates {
    table: KeptTable<Template>,
    /// Whole superclass chains of descriptors, kept beside the descriptors.
    pub chains: Chains,
}

impl Templates {
    /// The kept descriptor whose bytes `rest` (the input from a descriptor's name length on)
    /// starts with.
    pub fn matching(&mut self, rest: &[u8]) -> Option<&Template> {
        let key = key_of(rest)?;
        self.table.find_prefix(key, rest, |t| &t.body)
    }

    /// Keeps the descriptor whose bytes are `body` (just read without errors), in place of the
    /// least recently used one filed with it.
    pub fn learn(&mut self, body: &[u8]) {
        if body.len() > MAX_BODY {
            return;
        }
        if let Some(key) = key_of(body) {
            if let Some(template) = scan(body) {
                self.table.keep(key, template);
            }
        }
    }
}

/// The key a descriptor starting `bytes` is filed by ([`key_of_name`]): after the name's
/// two-byte length, the name, then the `serialVersionUID`.
pub(super) fn key_of(bytes: &[u8]) -> Option<u64> {
    let len = usize::from(u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?]));
    key_of_name(bytes, 2 + len, len as u64)
}

/// Reads a descriptor's bytes that the parser has already accepted; `None` where they do not
/// end where the last field does or are otherwise not what the parser accepts.
fn scan(body: &[u8]) -> Option<Template> {
    scan_prefix(body).filter(|t| t.body.len() == body.len())
}

/// Reads the descriptor body `bytes` start with (the parser has accepted them); `None` where
/// they are not what the parser accepts.
pub(super) fn scan_prefix(bytes: &[u8]) -> Option<Template> {
    let mut s = Scan {
        body: bytes,
        pos: 0,
    };
    let name = s.utf()?;
    let suid = i64::from_be_bytes(s.array()?);
    let [flags] = s.array()?;
    let count = i16::from_be_bytes(s.array()?);
    let mut fields = Vec::with_capacity(usize::try_from(count).ok()?);
    let (mut new_strings, mut back_references) = (0, 0);
    let mut longest = name.len;
    for _ in 0..count {
        let [code] = s.array()?;
        let ty = FieldType::from_code(code)?;
        let field_name = s.utf()?;
        longest = longest.max(field_name.len);
        let type_name = if ty.is_reference() {
            let [tag] = s.array()?;
            match tag {
                TC_NULL => TypeName::Null,
                TC_REFERENCE => {
                    back_references += 1;
                    TypeName::Reference(u32::from_be_bytes(s.array()?))
                }
                TC_STRING | TC_LONGSTRING => {
                    let long = tag == TC_LONGSTRING;
                    let text = if long { s.long_utf()? } else { s.utf()? };
                    longest = longest.max(text.len);
                    new_strings += 1;
                    TypeName::New { text, long }
                }
                _ => return None,
            }
        } else {
            TypeName::None
        };
        fields.push(FieldPlan {
            ty,
            name: field_name,
            type_name,
        });
    }
    Some(Template {
        body: bytes.get(..s.pos)?.into(),
        name,
        suid,
        flags,
        fields: fields.into(),
        new_strings,
        back_references,
        longest: u64::from(longest),
    })
}

struct Scan<'b> {
    body: &'b [u8],
    pos: usize,
}

impl Scan<'_> {
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let bytes = self.body.get(self.pos..self.pos + N)?;
        self.pos += N;
        bytes.try_into().ok()
    }

    fn text(&mut self, len: usize) -> Option<Text> {
        let start = u16::try_from(self.pos).ok()?;
        self.body.get(self.pos..self.pos + len)?;
        self.pos += len;
        Some(Text {
            start,
            len: u16::try_from(len).ok()?,
        })
    }

    fn utf(&mut self) -> Option<Text> {
        let len = u16::from_be_bytes(self.array()?);
        self.text(usize::from(len))
    }

    fn long_utf(&mut self) -> Option<Text> {
        let len = i64::from_be_bytes(self.array()?);
        self.text(usize::try_from(len).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `a.B`, suid 1, flags 2, an int `n` and two String fields, the second type string a
    /// reference to the first.
    fn body() -> Vec<u8> {
        named(b"a.B")
    }

    /// [`body`] under another class name.
    fn named(name: &[u8]) -> Vec<u8> {
        let mut b = (name.len() as u16).to_be_bytes().to_vec();
        b.extend_from_slice(name);
        b.extend_from_slice(&1i64.to_be_bytes());
        b.push(2);
        b.extend_from_slice(&3i16.to_be_bytes());
        b.extend_from_slice(&[b'I', 0, 1, b'n']);
        b.extend_from_slice(&[b'L', 0, 1, b's', TC_STRING, 0, 18]);
        b.extend_from_slice(b"Ljava/lang/String;");
        b.extend_from_slice(&[b'L', 0, 1, b't', TC_REFERENCE, 0, 0x7E, 0, 1]);
        b
    }

    #[test]
    fn a_descriptor_is_kept_with_what_its_bytes_say() {
        let mut templates = Templates::default();
        let body = body();
        templates.learn(&body);
        let mut rest = body.clone();
        rest.extend_from_slice(&[0x78, 0x70]);
        let t = templates
            .matching(&rest)
            .expect("the descriptor just learnt");
        assert_eq!((t.suid, t.flags, t.fields.len()), (1, 2, 3));
        assert_eq!((t.new_strings, t.back_references, t.longest), (1, 1, 18));
        assert!(matches!(t.fields[0].type_name, TypeName::None));
        assert!(matches!(
            t.fields[2].type_name,
            TypeName::Reference(0x7E_0001)
        ));
        // Other bytes under the same key are not it; a cut-off copy is not either.
        let mut other = body.clone();
        if let Some(last) = other.last_mut() {
            *last = 2;
        }
        assert!(templates.matching(&other).is_none());
        assert!(templates.matching(&body[..body.len() - 1]).is_none());
    }

    #[test]
    fn bytes_that_do_not_end_with_the_last_field_are_not_kept() {
        let mut templates = Templates::default();
        let mut body = body();
        body.push(0);
        templates.learn(&body);
        assert!(templates.matching(&body).is_none());
        templates.learn(&body[..body.len() - 3]);
        assert!(templates.matching(&body).is_none());
    }

    #[test]
    fn a_set_keeps_the_latest_used() {
        // Classes whose names differ only before their last eight bytes share a key, and so a
        // set: the latest four stay, and using one keeps it over the next newcomer.
        let classes: Vec<Vec<u8>> = [&b"v"[..], b"w", b"x", b"y", b"z"]
            .iter()
            .map(|p| named(&[*p, &b".SessionCart"[..]].concat()))
            .collect();
        assert!(classes.iter().all(|c| key_of(c) == key_of(&classes[0])));
        let mut templates = Templates::default();
        for c in &classes[..4] {
            templates.learn(c);
        }
        assert!(templates.matching(&classes[0]).is_some());
        templates.learn(&classes[4]);
        assert!(templates.matching(&classes[1]).is_none());
        for c in [&classes[0], &classes[2], &classes[3], &classes[4]] {
            assert!(templates.matching(c).is_some());
        }
    }
}
