//! Collections and maps kept in the form a format stored them, where Java's own form cannot be
//! rebuilt from what the format kept: Kryo's `CollectionSerializer` and `MapSerializer` write
//! only the elements of a `Collections.checkedNavigableSet(…)`, an `ImmutableCollections$ListN`
//! or an `UnmodifiableNavigableMap`, not the wrapped collection, the element type or the class
//! data Java serialization would write.
//!
//! Such an object keeps its class's name. Its descriptor has no fields, `SC_SERIALIZABLE |
//! SC_WRITE_METHOD`, origin [`DescOrigin::Inferred`] and [`Unknowns::JAVA_FORM`] (with the
//! serialVersionUID and superclasses unknown too when no table or class file knows the class),
//! so the Java writer refuses it, naming the class. Its data is one annotation: a block of one
//! byte, the kind (`0` list, `1` set, `2` map), then the elements, or each entry's key and
//! value. [`interpret`] reads it
//! back as the plain collection or map, so views and the format's own writer handle it as they
//! handle the JDK's collections.

use jsess_model::graph::{SC_SERIALIZABLE, SC_WRITE_METHOD};
use jsess_model::jdk::CollectionKind;

use super::*;

const LIST: u8 = 0;
const SET: u8 = 1;
const MAP: u8 = 2;

impl Builder {
    /// [`Builder::jdk`]; where that cannot rebuild a collection or map the JDK's way from its
    /// elements alone (and it has no comparator, element type, access order or defaults that
    /// the stored form would drop), the stored form instead.
    pub fn jdk_or_stored(&mut self, value: &JdkValue<'_>) -> Result<NodeId, BuildError> {
        match self.jdk(value) {
            Err(e @ BuildError::Unsupported { .. }) => match value {
                JdkValue::Collection {
                    kind,
                    class,
                    elements,
                    comparator: None,
                    element_type: None,
                } => self.stored_collection(class, *kind, elements),
                JdkValue::Map {
                    class,
                    entries,
                    comparator: None,
                    key_type: None,
                    access_order: false,
                    defaults: None,
                } => self.stored_map(class, entries),
                _ => Err(e),
            },
            built => built,
        }
    }

    /// A collection of `class` kept as the format stored it: its elements only.
    pub fn stored_collection(
        &mut self,
        class: &str,
        kind: CollectionKind,
        elements: &[Ref],
    ) -> Result<NodeId, BuildError> {
        let tag = match kind {
            CollectionKind::List => LIST,
            CollectionKind::Set => SET,
        };
        self.stored(class, tag, elements.iter().copied())
    }

    /// A map of `class` kept as the format stored it: its entries only.
    pub fn stored_map(
        &mut self,
        class: &str,
        entries: &[(Ref, Ref)],
    ) -> Result<NodeId, BuildError> {
        self.stored(class, MAP, entries.iter().flat_map(|(k, v)| [*k, *v]))
    }

    fn stored(
        &mut self,
        class: &str,
        tag: u8,
        refs: impl Iterator<Item = Ref>,
    ) -> Result<NodeId, BuildError> {
        let known = self
            .spec(class)
            .or_else(|| jdk_class(class))
            .map(|d| d.suid);
        let unknown = match &known {
            Some(_) => Unknowns::JAVA_FORM,
            None => Unknowns::JAVA_FORM
                .union(Unknowns::SUID)
                .union(Unknowns::HIERARCHY),
        };
        self.define(Descriptor {
            name: class.to_string(),
            suid: known.unwrap_or(0),
            flags: SC_SERIALIZABLE | SC_WRITE_METHOD,
            fields: Vec::new(),
            super_class: None,
            origin: DescOrigin::Inferred,
            unknown,
        });
        let mut annotation = vec![Content::Block(BlockData {
            bytes: Cow::Owned(vec![tag]),
            long: false,
        })];
        annotation.extend(refs.map(Content::Object));
        {
            let data = self.graph.serial(&[], Some(annotation));
            self.instance(class, vec![data])
        }
    }
}

/// The collection or map an object in the stored form holds; `None` for any other object.
pub(in crate::jdk) fn interpret<'g>(
    graph: &'g Graph<'g>,
    object: &'g Object,
    class: &'g str,
) -> Option<JdkValue<'g>> {
    let desc = graph.class_desc(object.class)?;
    if !desc.unknown.contains(Unknowns::JAVA_FORM)
        || !desc.fields().is_empty()
        || desc.super_class.is_some()
    {
        return None;
    }
    let [ClassData::Serial {
        fields,
        annotation: Some(annotation),
    }] = graph.class_data(object)
    else {
        return None;
    };
    let (Content::Block(header), rest) = annotation.split_first()? else {
        return None;
    };
    let (&[tag], true) = (header.bytes.as_ref(), fields.is_empty()) else {
        return None;
    };
    let refs = rest
        .iter()
        .map(|c| match c {
            Content::Object(r) => Some(*r),
            _ => None,
        })
        .collect::<Option<Vec<Ref>>>()?;
    let kind = match tag {
        LIST => CollectionKind::List,
        SET => CollectionKind::Set,
        MAP if refs.len() % 2 == 0 => {
            return Some(JdkValue::Map {
                class,
                entries: refs.chunks_exact(2).map(|kv| (kv[0], kv[1])).collect(),
                comparator: None,
                key_type: None,
                access_order: false,
                defaults: None,
            })
        }
        _ => return None,
    };
    Some(JdkValue::Collection {
        kind,
        class,
        elements: refs,
        comparator: None,
        element_type: None,
    })
}
