//! msm's Java attribute framing (`JavaSerializationTranscoder`): one stream holding an
//! `Integer` count, then that many `(String name, Object value)` pairs.

use jsess_javaser::jdk::Builder;
use jsess_model::{Content, Graph, NodeId, Ref, Session, Stream, Value};

use crate::error::Error;

/// What msm writes in place of a value whose serialization failed part-way (after the JDK has
/// already written a `TC_EXCEPTION` record, which makes the whole stream unreadable to Java).
pub const NOT_SERIALIZABLE_MARKER: &str = "___NOT_SERIALIZABLE_EXCEPTION___";

/// One attribute as framed in the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The name's string node.
    pub name: NodeId,
    /// The value.
    pub value: AttributeValue,
}

/// An attribute's value.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    /// A value that was written completely.
    Written(Ref),
    /// Writing the value failed: what was written of it, the exception the JDK recorded, and
    /// msm's marker string after it.
    Failed {
        /// The object left half-written, if the failure happened inside one.
        partial: Option<NodeId>,
        /// The `Throwable` in the `TC_EXCEPTION` record.
        exception: NodeId,
    },
}

/// The attribute list of a Java attribute stream, in stream order, with the count's node.
#[derive(Debug, Clone, PartialEq)]
pub struct Attributes {
    /// The `Integer` count object.
    pub count: NodeId,
    /// The attributes.
    pub entries: Vec<Attribute>,
}

/// Reads the framing of an attribute stream.
pub fn attributes(stream: &Stream<'_>) -> Result<Attributes, Error> {
    let mut entries = Vec::new();
    let count = each_attribute(stream, |attribute| {
        entries.push(attribute);
        Ok(())
    })?;
    Ok(Attributes { count, entries })
}

/// Checks the framing of an attribute stream, as [`attributes`] reads it, without keeping the
/// list: what every decode does, so it costs no allocation.
pub(crate) fn check_framing(stream: &Stream<'_>) -> Result<(), Error> {
    each_attribute(stream, |_| Ok(())).map(|_| ())
}

/// Walks the framing, handing each attribute to `each` in stream order (which may stop the
/// walk with an error); returns the count's node.
fn each_attribute(
    stream: &Stream<'_>,
    mut each: impl FnMut(Attribute) -> Result<(), Error>,
) -> Result<NodeId, Error> {
    let graph = &stream.graph;
    let mut items = stream
        .contents
        .iter()
        .filter(|c| !matches!(c, Content::Reset))
        .peekable();
    let count = match items.next() {
        Some(Content::Object(Some(id))) => *id,
        other => {
            return Err(Error::Framing(format!(
                "expected the Integer count first, found {other:?}"
            )))
        }
    };
    let n = match jsess_javaser::jdk::boxed_int(graph, count) {
        Some(n) if n >= 0 => n as usize,
        _ => {
            return Err(Error::Framing(
                "the first object is not a non-negative Integer count".into(),
            ))
        }
    };
    for index in 0..n {
        let name = match items.next() {
            Some(Content::Object(Some(id))) if graph.string(*id).is_some() => *id,
            other => {
                return Err(Error::Framing(format!(
                    "attribute {} of {n}: expected a name string, found {other:?}",
                    index + 1
                )))
            }
        };
        let value = match items.next() {
            Some(Content::Exception(e)) => failed(graph, &mut items, None, *e)?,
            Some(Content::Object(r)) => match items.peek() {
                Some(Content::Exception(e)) if is_partial(graph, *r) => {
                    let e = *e;
                    items.next();
                    failed(graph, &mut items, *r, e)?
                }
                _ => AttributeValue::Written(*r),
            },
            other => {
                return Err(Error::Framing(format!(
                    "attribute {}: expected a value, found {other:?}",
                    graph
                        .string(name)
                        .map(|s| s.to_string())
                        .unwrap_or_default()
                )))
            }
        };
        each(Attribute { name, value })?;
    }
    if items.next().is_some() {
        return Err(Error::Framing(format!(
            "content after the {n} attributes the count announces"
        )));
    }
    Ok(count)
}

fn is_partial(graph: &Graph<'_>, r: Ref) -> bool {
    match r.and_then(|id| graph.get(id)) {
        Some(jsess_model::Node::Object(o)) => !o.complete,
        Some(jsess_model::Node::Array(a)) => a.aborted_length.is_some(),
        _ => false,
    }
}

/// After an exception msm writes its marker string.
fn failed<'c>(
    graph: &Graph<'_>,
    items: &mut impl Iterator<Item = &'c Content<'c>>,
    partial: Ref,
    exception: NodeId,
) -> Result<AttributeValue, Error> {
    match items.next() {
        Some(Content::Object(Some(marker)))
            if graph
                .string(*marker)
                .is_some_and(|s| s.eq_str(NOT_SERIALIZABLE_MARKER)) =>
        {
            Ok(AttributeValue::Failed { partial, exception })
        }
        other => Err(Error::Framing(format!(
            "expected msm's not-serializable marker after an aborted value, found {other:?}"
        ))),
    }
}

/// Builds an attribute stream the way msm writes one: `Integer.valueOf(n)`, then the pairs.
/// Values come from `builder`'s graph. The builder boxes small integers once, as Java's
/// `Integer.valueOf` cache does, so a value equal to a small count is a back-reference to the
/// count, exactly as in the streams msm writes.
pub fn build_attributes(
    builder: &mut Builder,
    names_and_values: &[(&str, Ref)],
) -> Result<(), Error> {
    let count = builder
        .boxed(Value::Int(names_and_values.len() as i32))
        .map_err(|e| Error::Framing(e.to_string()))?;
    builder.write_object(Some(count));
    for (name, value) in names_and_values {
        let name = builder.string(name);
        builder.write_object(Some(name));
        builder.write_object(*value);
    }
    Ok(())
}

/// Like [`build_attributes`], with names that are string nodes already in the builder's graph
/// (a name that is also a value stays one object, as in the Java heap).
pub fn build_attributes_with_names(
    builder: &mut Builder,
    names_and_values: &[(NodeId, Ref)],
) -> Result<(), Error> {
    let count = builder
        .boxed(Value::Int(names_and_values.len() as i32))
        .map_err(|e| Error::Framing(e.to_string()))?;
    builder.write_object(Some(count));
    for (name, value) in names_and_values {
        builder.write_object(Some(*name));
        builder.write_object(*value);
    }
    Ok(())
}

/// The (name, value) pairs of a session; a value whose Java serialization failed half-way has
/// no complete object to write.
pub fn attribute_pairs(session: &Session<'_>) -> Result<Vec<(NodeId, Ref)>, Error> {
    pairs_of(session, &attributes(&session.attributes)?)
}

/// [`refuse_null_values`], then [`attribute_pairs`], from one walk of the framing: what a
/// writer whose format cannot hold a null value needs.
pub(crate) fn non_null_pairs(session: &Session<'_>) -> Result<Vec<(NodeId, Ref)>, Error> {
    let framed = attributes(&session.attributes)?;
    if let Some(null) = framed
        .entries
        .iter()
        .find(|a| matches!(a.value, AttributeValue::Written(None)))
    {
        return Err(refused(session, null.name, NULL_VALUE));
    }
    pairs_of(session, &framed)
}

fn pairs_of(session: &Session<'_>, framed: &Attributes) -> Result<Vec<(NodeId, Ref)>, Error> {
    framed
        .entries
        .iter()
        .map(|a| match a.value {
            AttributeValue::Written(r) => Ok((a.name, r)),
            AttributeValue::Failed { .. } => Err(refused(
                session,
                a.name,
                "its value failed to serialize (NotSerializableException), so there is no value to write",
            )),
        })
        .collect()
}

const NULL_VALUE: &str = "it is null: msm reads attributes into a ConcurrentHashMap, which holds no null values, so it could not read the session";

/// Refuses a session with a `null` attribute value: msm's Java and Kryo transcoders read
/// attributes into a `ConcurrentHashMap`, which holds no null values, so msm could not read the
/// session. (Only FlexJSON writes one, for a NaN or infinite double.)
pub fn refuse_null_values(session: &Session<'_>) -> Result<(), Error> {
    let mut null = None;
    let framed = each_attribute(&session.attributes, |a| {
        if null.is_none() && matches!(a.value, AttributeValue::Written(None)) {
            null = Some(a.name);
        }
        Ok(())
    });
    match (framed, null) {
        // Not framed as attributes: the writer says what is wrong.
        (Err(_), _) | (Ok(_), None) => Ok(()),
        (Ok(_), Some(name)) => Err(refused(session, name, NULL_VALUE)),
    }
}

/// A writer's refusal of the attribute named by the string node `name`.
fn refused(session: &Session<'_>, name: NodeId, why: &str) -> Error {
    let name = session
        .attributes
        .graph
        .string(name)
        .map(|s| s.to_string())
        .unwrap_or_default();
    Error::Lossy {
        session: String::from_utf8_lossy(&session.envelope.id).into_owned(),
        message: format!("attribute {name:?}: {why}"),
        failure: crate::error::AttributeFailure::Rejected,
    }
}

/// The name of the first attribute whose value reaches `node` (an object, or the descriptor
/// of an object's class), for errors that name a node: a writer's refusal is reported with
/// the attribute a user knows.
pub fn attribute_holding(stream: &Stream<'_>, node: NodeId) -> Option<String> {
    let graph = &stream.graph;
    let framing = attributes(stream).ok()?;
    let mut seen = vec![false; graph.len()];
    for attribute in &framing.entries {
        let root = match attribute.value {
            AttributeValue::Written(r) => r,
            AttributeValue::Failed { partial, .. } => partial,
        };
        let mut pending: Vec<NodeId> = root.into_iter().collect();
        while let Some(id) = pending.pop() {
            if std::mem::replace(seen.get_mut(id.index())?, true) {
                continue;
            }
            let class = match graph.get(id) {
                Some(jsess_model::Node::Object(o)) => Some(o.class),
                Some(jsess_model::Node::Array(a)) => Some(a.class),
                Some(jsess_model::Node::Class(c)) => Some(c.class),
                _ => None,
            };
            let hit = id == node || class.is_some_and(|c| graph.class_chain(c).contains(&node));
            if hit {
                return graph
                    .string(attribute.name)
                    .map(|n| n.to_string_lossy().into_owned());
            }
            jsess_javaser::json::push_children(graph, id, &mut pending);
        }
    }
    None
}
