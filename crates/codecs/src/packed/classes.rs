//! What writer and reader both track while walking a stream: the classes the session has used
//! so far (a value names its class by index into them) and the declared type of every
//! reference field (a value of exactly that class needs no class at all).
//!
//! Both sides update this table at the same points of the walk, so an index or a hint means
//! the same thing to both.

use crate::map::Map;

use jsess_model::graph::SC_ENUM;
use jsess_model::{FieldType, NodeId};

/// Value token: `null`.
pub(super) const NULL: u64 = 0;
/// Value token: a back-reference; the node index follows.
pub(super) const BACK_REFERENCE: u64 = 1;
/// Value token: a new string; its string code follows.
pub(super) const STRING: u64 = 2;
/// Value token: a new `java.lang.Class` object; its class code follows.
pub(super) const CLASS_OBJECT: u64 = 3;
/// Value token: `NEW_INSTANCE + class code` is a new object, array or enum constant.
pub(super) const NEW_INSTANCE: u64 = 4;
/// Hinted value token: a new value of exactly the declared type. Other hinted tokens are the
/// plain token + 1 (null and back-reference stay 0 and 1).
pub(super) const HINTED: u64 = 2;

/// The signature of `java.lang.String`.
const STRING_SIGNATURE: &[u8] = b"Ljava/lang/String;";
/// The signature of `java.lang.Object`: no hint.
const OBJECT_SIGNATURE: &[u8] = b"Ljava/lang/Object;";

/// What a reference slot's declared type says about its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hint {
    /// Nothing: plain tokens.
    None,
    /// `java.lang.String`.
    String,
    /// A class, by the id [`Classes::hint`] gave its JVM signature (`Ljava/util/ArrayList;`,
    /// `[I`): resolved against the session's classes when a value is read or written.
    Class(u32),
}

/// A reference slot's hint, resolved against the classes used so far.
#[derive(Debug, Clone, Copy)]
pub(super) enum Expect {
    /// Any value: plain tokens.
    Anything,
    /// A `String`.
    String,
    /// A value of a class, by index when the session has used it.
    Class(Option<u32>),
}

/// What instances of a class are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// A serializable or externalizable object.
    Object,
    /// An enum constant.
    Enum,
    /// An array of primitives (type code) or references (element hint).
    Array(FieldType, Hint),
    /// A class whose instances Java cannot write (an array class with a bad element code).
    Invalid,
}

/// One class the session has used.
#[derive(Debug, Clone)]
pub(super) struct SessionClass {
    /// Its descriptor node.
    pub node: NodeId,
    /// `SC_*` flags.
    pub flags: u8,
    /// What its instances are.
    pub shape: Shape,
    /// Field types and, for reference fields, their hints, in descriptor order: a range of
    /// [`Classes`]'s field pool (see [`Classes::field`]).
    pub fields: std::ops::Range<u32>,
    /// Its superclass, by index.
    pub super_class: Option<u32>,
    /// The class chain, superclass first, ending with this class (set with the superclass), as
    /// instance data is laid out: a range of [`Classes`]'s chain pool, so an object costs no
    /// allocation to walk and a class none to define.
    pub chain: std::ops::Range<u32>,
    /// Whether its superclass is known yet (a class is open while its superclasses are being
    /// defined, and cannot be anyone's superclass then: no cycles).
    pub settled: bool,
}

/// The classes a stream has used, in the order their descriptors appeared.
#[derive(Debug, Default)]
pub(super) struct Classes {
    list: Vec<SessionClass>,
    /// Every JVM signature met (class names and declared field types), by id: a hint is an
    /// id, so resolving one is an index, not a hash of its bytes, and costs no allocation.
    /// Ids outlive [`Classes::clear`], so sessions read one after another share them.
    signature_ids: Map<Box<[u8]>, u32>,
    /// By signature id: the class first defined with that signature in this stream.
    class_by_signature: Vec<Option<u32>>,
    /// Every class's chain, one after the other.
    chains: Vec<u32>,
    /// Every class's field types and hints, one class after the other; the ones after the
    /// last class defined are the next class's ([`Classes::push_field`]).
    fields: Vec<(FieldType, Hint)>,
    /// Room for a class's signature while it is defined.
    signature: Vec<u8>,
}

impl Classes {
    /// Number of classes so far (the class code of a new local class).
    pub(super) fn len(&self) -> u32 {
        self.list.len() as u32
    }

    /// Forgets every class, keeping the memory and the signature ids.
    pub(super) fn clear(&mut self) {
        self.list.clear();
        self.class_by_signature.fill(None);
        self.chains.clear();
        self.fields.clear();
    }

    /// Adds a field (its type and hint, in descriptor order) to the class defined next.
    pub(super) fn push_field(&mut self, ty: FieldType, hint: Hint) {
        self.fields.push((ty, hint));
    }

    /// Number of fields of class `index`.
    pub(super) fn field_count(&self, index: u32) -> usize {
        self.get(index).map_or(0, |c| c.fields.len())
    }

    /// Field `k` of class `index`: its type and hint.
    pub(super) fn field(&self, index: u32, k: usize) -> Option<(FieldType, Hint)> {
        let fields = &self.get(index)?.fields;
        let at = fields.start as usize + k;
        if at >= fields.end as usize {
            return None;
        }
        self.fields.get(at).copied()
    }

    /// Number of signature ids given so far (a measure of the memory kept between streams).
    pub(super) fn signatures(&self) -> usize {
        self.class_by_signature.len()
    }

    /// The hint of a declared type signature (`Ljava/lang/String;`).
    pub(super) fn hint(&mut self, signature: &[u8]) -> Hint {
        match signature {
            STRING_SIGNATURE => Hint::String,
            OBJECT_SIGNATURE => Hint::None,
            s if s.first().is_some_and(|&c| c == b'L' || c == b'[') => {
                Hint::Class(self.signature_id(s))
            }
            _ => Hint::None,
        }
    }

    /// A reference field's declared type signature: its hint and its id (one lookup for
    /// both, where [`Classes::hint`] and [`Classes::signature_id`] would make two).
    pub(super) fn declared(&mut self, signature: &[u8]) -> (Hint, u32) {
        let id = self.signature_id(signature);
        let hint = match signature {
            STRING_SIGNATURE => Hint::String,
            OBJECT_SIGNATURE => Hint::None,
            s if s.first().is_some_and(|&c| c == b'L' || c == b'[') => Hint::Class(id),
            _ => Hint::None,
        };
        (hint, id)
    }

    /// The id of a JVM signature, given it the first time it is met.
    pub(super) fn signature_id(&mut self, signature: &[u8]) -> u32 {
        if let Some(&id) = self.signature_ids.get(signature) {
            return id;
        }
        // Ids are bounded by the signatures of the streams read, far below u32::MAX.
        let id = self.class_by_signature.len() as u32;
        self.signature_ids.insert(signature.into(), id);
        self.class_by_signature.push(None);
        id
    }

    pub(super) fn get(&self, index: u32) -> Option<&SessionClass> {
        self.list.get(index as usize)
    }

    /// Adds a class whose descriptor node is `node` and whose name is `name` (as Java
    /// serialization names it), with the fields pushed since the last class
    /// ([`Classes::push_field`]), returning its index.
    pub(super) fn define(&mut self, node: NodeId, name: &[u8], flags: u8) -> u32 {
        let (signature, shape) = self.classify(name, flags);
        self.define_classified(node, flags, signature, shape)
    }

    /// The signature id and shape of a class named `name` (as Java serialization names it)
    /// with `flags`: what [`Classes::define`] works out from the name, for a class defined
    /// again and again ([`super::kept`]).
    #[inline(always)]
    pub(super) fn classify(&mut self, name: &[u8], flags: u8) -> (u32, Shape) {
        let mut signature = std::mem::take(&mut self.signature);
        signature_of(name, &mut signature);
        // An array class's signature is its name with slashes for dots (`[Lcom/shop/Item;`),
        // whose component is a signature too.
        let shape = match signature.first() {
            Some(b'[') => match signature.get(1).copied().and_then(FieldType::from_code) {
                Some(ty) if ty.is_reference() => Shape::Array(ty, self.hint(&signature[1..])),
                Some(ty) => Shape::Array(ty, Hint::None),
                None => Shape::Invalid,
            },
            _ if flags & SC_ENUM != 0 => Shape::Enum,
            _ => Shape::Object,
        };
        let id = self.signature_id(&signature);
        self.signature = signature;
        (id, shape)
    }

    /// [`Classes::define`] with the name's signature id and shape worked out already
    /// ([`Classes::classify`]).
    #[inline(always)]
    pub(super) fn define_classified(
        &mut self,
        node: NodeId,
        flags: u8,
        signature: u32,
        shape: Shape,
    ) -> u32 {
        let index = self.len();
        let start = self.list.last().map_or(0, |c| c.fields.end);
        // Field counts are bounded by the input (u16 per class), far below u32::MAX in all.
        let fields = start..self.fields.len() as u32;
        if let Some(first @ None) = self.class_by_signature.get_mut(signature as usize) {
            *first = Some(index);
        }
        self.list.push(SessionClass {
            node,
            flags,
            shape,
            fields,
            super_class: None,
            chain: 0..0,
            settled: false,
        });
        index
    }

    /// Settles a class's superclass (itself settled: no cycles), and with it the class chain.
    pub(super) fn set_super(&mut self, index: u32, super_class: Option<u32>) {
        let start = self.chains.len();
        if let Some(parent) = super_class.and_then(|s| self.list.get(s as usize)) {
            let range = parent.chain.start as usize..parent.chain.end as usize;
            self.chains.extend_from_within(range);
        }
        self.chains.push(index);
        // Chains are bounded by the classes a stream defines, far below u32::MAX.
        let chain = start as u32..self.chains.len() as u32;
        if let Some(c) = self.list.get_mut(index as usize) {
            c.chain = chain;
            c.super_class = super_class;
            c.settled = true;
        }
    }

    /// What a slot with `hint` expects, now.
    pub(super) fn expect(&self, hint: &Hint) -> Expect {
        match hint {
            Hint::None => Expect::Anything,
            Hint::String => Expect::String,
            Hint::Class(_) => Expect::Class(self.resolve(hint)),
        }
    }

    /// The class a hint names, when the session has used it.
    pub(super) fn resolve(&self, hint: &Hint) -> Option<u32> {
        match hint {
            Hint::Class(id) => self.class_by_signature.get(*id as usize).copied().flatten(),
            _ => None,
        }
    }

    /// Class `index`'s chain length (0 for a class not yet settled).
    pub(super) fn chain_len(&self, index: u32) -> usize {
        self.get(index).map_or(0, |c| c.chain.len())
    }

    /// The class at `position` of class `index`'s chain, superclass first.
    pub(super) fn chain_at(&self, index: u32, position: usize) -> Option<u32> {
        let chain = &self.get(index)?.chain;
        let at = chain.start as usize + position;
        if at >= chain.end as usize {
            return None;
        }
        self.chains.get(at).copied()
    }
}

/// Writes the JVM signature of a class named as Java serialization names it to `out`
/// (`java.lang.String` → `Ljava/lang/String;`, `[Ljava.lang.String;` → `[Ljava/lang/String;`,
/// `[I` stays).
pub(super) fn signature_of(name: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let array = name.first() == Some(&b'[');
    if !array {
        out.push(b'L');
    }
    out.extend(name.iter().map(|&b| if b == b'.' { b'/' } else { b }));
    if !array {
        out.push(b';');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_and_shapes() {
        let signature = |name: &[u8]| {
            let mut out = Vec::new();
            signature_of(name, &mut out);
            out
        };
        assert_eq!(signature(b"java.lang.String"), b"Ljava/lang/String;");
        assert_eq!(signature(b"[Ljava.lang.String;"), b"[Ljava/lang/String;");
        assert_eq!(signature(b"[I"), b"[I");
        let mut classes = Classes::default();
        let strings = classes.define(NodeId::new(0), b"[Ljava.lang.String;", 2);
        let ints = classes.define(NodeId::new(1), b"[[I", 2);
        let list = classes.define(NodeId::new(2), b"java.util.ArrayList", 3);
        let int_array = classes.hint(b"[I");
        let c = |i| classes.get(i).unwrap().shape.clone();
        assert_eq!(c(strings), Shape::Array(FieldType::Object, Hint::String));
        assert_eq!(c(ints), Shape::Array(FieldType::Array, int_array));
        let list_hint = classes.hint(b"Ljava/util/ArrayList;");
        assert_eq!(classes.resolve(&list_hint), Some(list));
        let interface = classes.hint(b"Ljava/util/List;");
        assert_eq!(classes.resolve(&interface), None);
        // After a clear the ids stay, and no signature names a class until one is defined.
        classes.clear();
        assert_eq!(classes.hint(b"Ljava/util/ArrayList;"), list_hint);
        assert_eq!(classes.resolve(&list_hint), None);
        let again = classes.define(NodeId::new(0), b"java.util.ArrayList", 3);
        assert_eq!(classes.resolve(&list_hint), Some(again));
        // A declared type's hint and id in one lookup: what the two would give apart.
        for signature in [
            &b"Ljava/lang/String;"[..],
            b"Ljava/lang/Object;",
            b"Ljava/util/List;",
            b"[I",
            b"[Ljava/lang/String;",
            b"I",
        ] {
            let (hint, id) = classes.declared(signature);
            assert_eq!(hint, classes.hint(signature));
            assert_eq!(id, classes.signature_id(signature));
        }
    }
}
