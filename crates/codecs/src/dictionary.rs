//! The shared class dictionary: what recurs across a whole store, kept once.
//!
//! Class descriptors (names, serialVersionUIDs, field layouts) are most of a small session, and
//! the same few classes recur in every session of a store. A [`Dictionary`] is derived from a set
//! of sessions: every class descriptor without a class annotation, and every string that is part
//! of a descriptor or occurs in more than one session (attribute names, role names). A blob
//! written with a dictionary refers to its entries by index and names the dictionary's id (a
//! hash of its content), so a missing or different dictionary is an error, never a wrong decode.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jsess_model::{ClassDesc, ClassKind, FieldDesc, Graph, Node, Session, Stream};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::map::Map;

/// Magic bytes of a dictionary file.
const MAGIC: [u8; 4] = [0xF0, b'J', b'S', b'd'];

/// Shared strings and class descriptors.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dictionary {
    /// Strings, as modified UTF-8 bytes.
    pub strings: Vec<serde_bytes::ByteBuf>,
    /// Class descriptors.
    pub classes: Vec<DictClass>,
    /// Lookups built once and shared by every blob written or read with the dictionary.
    #[serde(skip)]
    cache: OnceLock<Lookups>,
}

impl PartialEq for Dictionary {
    fn eq(&self, other: &Self) -> bool {
        self.strings == other.strings && self.classes == other.classes
    }
}

/// The dictionary's strings decoded, and indexes by content.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookups {
    pub(crate) id: u64,
    pub(crate) strings: Vec<jsess_model::JavaString<'static>>,
    pub(crate) string_ids: Map<Vec<u8>, u32>,
    /// The `packed` layout's string order: strings no class uses (values: attribute names,
    /// role names) first, then the rest; `packed_order[i]` is a dictionary string index.
    pub(crate) packed_order: Vec<u32>,
    /// Dictionary string index → position in `packed_order`.
    pub(crate) packed_index: Vec<u32>,
    /// Length of the longest string, so a longer one is not hashed to be looked up.
    pub(crate) longest_string: usize,
    /// Class entries by serialVersionUID.
    pub(crate) by_suid: Map<i64, Vec<u32>>,
}

/// A class descriptor without its node references (superclass, type-name string nodes), which
/// each blob keeps itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DictClass {
    /// Dictionary string index of the class name.
    pub name: u32,
    /// serialVersionUID.
    pub suid: i64,
    /// `SC_*` flags.
    pub flags: u8,
    /// `(type code, name string, type-signature string)`; the signature for object fields only.
    pub fields: Vec<(u8, u32, Option<u32>)>,
}

impl Dictionary {
    /// Derives a dictionary from sessions (all of a store's, or a sample of them).
    pub fn build<'s>(sessions: impl IntoIterator<Item = &'s Session<'s>>) -> Dictionary {
        let mut builder = Builder::default();
        for session in sessions {
            builder.add_session(session);
        }
        builder.finish()
    }

    /// The id blobs name: a 64-bit FNV-1a hash of the dictionary's encoding, never 0.
    pub fn id(&self) -> u64 {
        self.lookups().id
    }

    fn compute_id(&self) -> u64 {
        let bytes = postcard::to_stdvec(self).unwrap_or_default();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash.max(1)
    }

    /// The dictionary file: magic bytes, then postcard.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&postcard::to_stdvec(self).unwrap_or_default());
        out
    }

    /// Reads a dictionary file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Dictionary, Error> {
        let body = bytes
            .strip_prefix(&MAGIC[..])
            .ok_or(Error::Magic("dictionary"))?;
        let (dict, rest): (Dictionary, _) =
            postcard::take_from_bytes(body).map_err(|e| Error::Format {
                format: "dictionary",
                message: e.to_string(),
            })?;
        if !rest.is_empty() {
            return Err(Error::Format {
                format: "dictionary",
                message: "trailing bytes".into(),
            });
        }
        dict.validate()?;
        Ok(dict)
    }

    fn validate(&self) -> Result<(), Error> {
        let strings = self.strings.len() as u32;
        let bad = |what: &str| Err(Error::Invalid(format!("dictionary: {what}")));
        for s in &self.strings {
            if jsess_model::JavaString::from_mutf8(&s[..]).is_err() {
                return bad("a string is not modified UTF-8");
            }
        }
        for c in &self.classes {
            if c.name >= strings
                || c.fields
                    .iter()
                    .any(|(_, n, t)| *n >= strings || t.is_some_and(|t| t >= strings))
            {
                return bad("string index out of range");
            }
            if c.fields
                .iter()
                .any(|(code, _, _)| jsess_model::FieldType::from_code(*code).is_none())
            {
                return bad("field type code");
            }
        }
        Ok(())
    }

    /// The lookups, built on first use. Strings that are not modified UTF-8 (only possible in
    /// a dictionary built by hand, since files are validated) are left empty in them.
    pub(crate) fn lookups(&self) -> &Lookups {
        self.cache.get_or_init(|| {
            let packed_order = self.packed_order();
            let mut packed_index = vec![0; packed_order.len()];
            for (p, &d) in packed_order.iter().enumerate() {
                packed_index[d as usize] = p as u32;
            }
            Lookups {
                id: self.compute_id(),
                strings: self
                    .strings
                    .iter()
                    .map(|s| {
                        jsess_model::JavaString::from_mutf8(s.to_vec())
                            .unwrap_or_else(|_| jsess_model::JavaString::from_text(""))
                    })
                    .collect(),
                string_ids: self
                    .strings
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.to_vec(), i as u32))
                    .collect(),
                packed_order,
                longest_string: self.strings.iter().map(|s| s.len()).max().unwrap_or(0),
                packed_index,
                by_suid: self.classes.iter().enumerate().fold(
                    Map::default(),
                    |mut map: Map<i64, Vec<u32>>, (i, c)| {
                        map.entry(c.suid).or_default().push(i as u32);
                        map
                    },
                ),
            }
        })
    }

    /// The entry equal to a stream's class descriptor (name, serialVersionUID, flags, fields
    /// and their type strings in `graph`), if the dictionary has one; never for a descriptor
    /// with a class annotation, which the dictionary does not keep.
    pub(crate) fn entry_of(&self, graph: &Graph<'_>, desc: &ClassDesc<'_>) -> Option<u32> {
        let ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        } = &desc.kind
        else {
            return None;
        };
        if !desc.annotation.is_empty() {
            return None;
        }
        let lookups = self.lookups();
        let text = |i: u32| lookups.strings.get(i as usize).map(|s| s.as_mutf8());
        let same_field = |&(code, n, t): &(u8, u32, Option<u32>), f: &FieldDesc<'_>| {
            let signature = f.type_name.map(|t| graph.string(t).map(|s| s.as_mutf8()));
            code == f.ty.code()
                && text(n) == Some(f.name.as_mutf8())
                && (signature.is_some() || !f.ty.is_reference())
                && t.map(text) == signature
        };
        lookups.by_suid.get(suid)?.iter().copied().find(|&e| {
            self.classes.get(e as usize).is_some_and(|entry| {
                entry.flags == *flags
                    && text(entry.name) == Some(name.as_mutf8())
                    && entry.fields.len() == fields.len()
                    && entry
                        .fields
                        .iter()
                        .zip(fields)
                        .all(|(d, f)| same_field(d, f))
            })
        })
    }

    /// The index of a string, if the dictionary has it.
    pub(crate) fn string_id(&self, bytes: &[u8]) -> Option<u32> {
        let lookups = self.lookups();
        if bytes.len() > lookups.longest_string {
            return None;
        }
        lookups.string_ids.get(bytes).copied()
    }

    /// Value strings first (in their order: most shared first), then class strings.
    fn packed_order(&self) -> Vec<u32> {
        let mut in_class = vec![false; self.strings.len()];
        for c in &self.classes {
            for i in std::iter::once(c.name).chain(
                c.fields
                    .iter()
                    .flat_map(|(_, n, t)| std::iter::once(*n).chain(*t)),
            ) {
                if let Some(slot) = in_class.get_mut(i as usize) {
                    *slot = true;
                }
            }
        }
        let (mut order, rest): (Vec<u32>, Vec<u32>) =
            (0..self.strings.len() as u32).partition(|&i| !in_class[i as usize]);
        order.extend(rest);
        order
    }
}

#[derive(Default)]
struct Builder {
    strings: Vec<Vec<u8>>,
    string_ids: HashMap<Vec<u8>, u32>,
    classes: Vec<DictClass>,
    class_ids: HashSet<DictClass>,
    /// Value strings and the number of sessions each was seen in.
    session_counts: HashMap<Vec<u8>, u32>,
}

impl Builder {
    fn string(&mut self, bytes: &[u8]) -> u32 {
        if let Some(&id) = self.string_ids.get(bytes) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(bytes.to_vec());
        self.string_ids.insert(bytes.to_vec(), id);
        id
    }

    fn add_session(&mut self, session: &Session<'_>) {
        let mut seen = HashSet::new();
        self.add_stream(&session.attributes, &mut seen);
        for part in [
            &session.envelope.principal,
            &session.envelope.saved_request,
            &session.envelope.saved_principal,
        ] {
            if let Ok(stream) = jsess_javaser::decode(part, &jsess_model::Limits::DEFAULT) {
                self.add_stream(&stream, &mut seen);
            }
        }
        for value in seen {
            *self.session_counts.entry(value).or_insert(0) += 1;
        }
    }

    fn add_stream(&mut self, stream: &Stream<'_>, seen: &mut HashSet<Vec<u8>>) {
        let graph = &stream.graph;
        for (_, node) in graph.iter() {
            match node {
                Node::String(s) => {
                    seen.insert(s.value.as_mutf8().to_vec());
                }
                Node::ClassDesc(d) if d.annotation.is_empty() => {
                    if let ClassKind::Class {
                        name,
                        suid,
                        flags,
                        fields,
                    } = &d.kind
                    {
                        let name = self.string(name.as_mutf8());
                        let fields = fields
                            .iter()
                            .map(|f| {
                                let field_name = self.string(f.name.as_mutf8());
                                let signature = f
                                    .type_name
                                    .and_then(|t| graph.string(t))
                                    .map(|s| self.string(s.as_mutf8()));
                                (f.ty.code(), field_name, signature)
                            })
                            .collect();
                        let class = DictClass {
                            name,
                            suid: *suid,
                            flags: *flags,
                            fields,
                        };
                        if self.class_ids.insert(class.clone()) {
                            self.classes.push(class);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn finish(mut self) -> Dictionary {
        // Strings shared by sessions join the descriptor strings, most common first.
        let mut shared: Vec<(Vec<u8>, u32)> = self
            .session_counts
            .drain()
            .filter(|(_, n)| *n > 1)
            .collect();
        shared.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (bytes, _) in shared {
            self.string(&bytes);
        }
        Dictionary {
            strings: self
                .strings
                .into_iter()
                .map(serde_bytes::ByteBuf::from)
                .collect(),
            classes: self.classes,
            cache: OnceLock::new(),
        }
    }
}
