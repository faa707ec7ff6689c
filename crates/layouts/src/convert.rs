//! An msm session into a hash session and back.
//!
//! msm keeps every attribute in one Java stream with one handle table; the hash layouts keep
//! each attribute as a stream of its own. Going to a hash layout cuts the graph apart: an
//! object two attributes share would become two objects, so that is refused naming both
//! attributes (strings, enum constants, class objects and boxed numbers are values whose
//! identity no application relies on, and are copied). Coming back merges the streams into
//! one graph as msm's transcoder would write it after the application loaded the session.
//!
//! Each direction reports the facts the target has no place for in [`Converted::dropped`];
//! the ones that would log a user out (a principal where the target cannot hold one) are
//! refused unless the caller allows it.
//!
//! Redisson's `Kryo5Codec` values go through Java serialization: [`recode`] turns a session's
//! values from one codec into the other (Kryo bytes name no fields, so application classes
//! need their layouts in `Schemas`), [`to_msm_with`] reads a Kryo 5 session into msm and
//! [`from_msm_in`] writes an msm session with Kryo 5 values. What one codec holds and the
//! other cannot (a class that is not `Serializable` going to Java, a value Kryo writes with
//! Java serialization going to Kryo) is refused naming the field.

use jsess_classpath::Schemas;
use jsess_javaser::jdk::Builder;
use jsess_javaser::json::push_children;
use jsess_javaser::Limits;
use jsess_model::merge::Merger;
use jsess_model::{Content, Envelope, FieldType, Graph, Node, NodeId, Ref, Session, Stream, Value};
use jsess_msm::attribute_pairs;

use crate::scalar;
use crate::{spring, Error, HashAttribute, HashSession, Layout, ValueCodec};

/// A converted session and what the target layout has no place for.
#[derive(Debug, Clone)]
pub struct Converted<T> {
    /// The session in the target layout.
    pub value: T,
    /// The facts dropped (`"lastBackupTime"`, `"isNew"`, …), each said once.
    pub dropped: Vec<&'static str>,
}

/// What a conversion may drop without being refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allow {
    /// Drop the login (principal and authentication type) where the target layout cannot hold
    /// it: the user has to log in again.
    pub lost_login: bool,
    /// Copy an object two attributes share into each of them (the application then holds
    /// two objects where it held one).
    pub split_shared: bool,
}

/// In [`Converted::dropped`] when objects attributes shared were copied into each of them
/// ([`Allow::split_shared`]).
pub const SPLIT_SHARED: &str =
    "objects shared between attributes (each attribute gets its own copy)";

const AUTH_TYPES: [&str; 4] = ["BASIC", "CLIENT_CERT", "DIGEST", "FORM"];

/// An msm session as `layout` keeps it (values in Java serialization).
pub fn from_msm(
    session: &Session<'_>,
    layout: Layout,
    allow: Allow,
    limits: &Limits,
) -> Result<Converted<HashSession>, Error> {
    from_msm_values(session, layout, allow, Values::Java, limits)
}

/// How attribute values are written from the session's graph.
#[derive(Clone, Copy)]
enum Values<'s> {
    /// Java serialization, each attribute a stream of its own.
    Java,
    /// Redisson's `Kryo5Codec`, application classes from these layouts.
    Kryo5(&'s Schemas),
}

/// [`from_msm`], attribute values written as `values` says (the other fields stay Java).
fn from_msm_values(
    session: &Session<'_>,
    layout: Layout,
    allow: Allow,
    values: Values<'_>,
    limits: &Limits,
) -> Result<Converted<HashSession>, Error> {
    let envelope = &session.envelope;
    let id = String::from_utf8(envelope.id.to_vec()).map_err(|_| Error::WouldLose {
        session: String::from_utf8_lossy(&envelope.id).into_owned(),
        layout: layout.name,
        fact: "a session id that is not UTF-8 (keys name sessions by id as text)".into(),
    })?;
    let mut out = HashSession::new(
        layout,
        &id,
        envelope.creation_time,
        envelope.max_inactive_interval,
    );
    out.last_accessed_time = envelope.last_accessed_time;
    let mut dropped = vec!["lastBackupTime"];
    out.attributes = split_attributes(session, &id, layout, allow, values, &mut dropped)?;
    if !envelope.saved_request.is_empty() || !envelope.saved_principal.is_empty() {
        dropped.push("the saved form-login request");
    }
    let has_login = !envelope.principal.is_empty() || envelope.auth_type != 0;
    if layout == crate::redisson::LAYOUT {
        out.this_accessed_time = Some(envelope.this_accessed_time);
        out.is_new = Some(envelope.is_new == b'1');
        out.is_valid = Some(envelope.is_valid == b'1');
        out.auth_type = envelope.auth_type_name().map(str::to_string);
        if !envelope.principal.is_empty() {
            out.principal = redisson_principal(&envelope.principal, &id, allow, limits)?;
            if out.principal.is_none() {
                dropped.push("principal");
            }
        }
    } else {
        dropped.extend(["thisAccessedTime", "isNew", "isValid"]);
        if envelope.is_valid != b'1' {
            return Err(lose(&id, layout, "an invalidated session (isValid false)"));
        }
        if has_login {
            if !allow.lost_login {
                return Err(lose(
                    &id,
                    layout,
                    "the container login (principal and authType): the user would have to log in again",
                ));
            }
            dropped.extend(["principal", "authType"]);
        }
    }
    Ok(Converted {
        value: out,
        dropped,
    })
}

fn lose(id: &str, layout: Layout, fact: &str) -> Error {
    Error::WouldLose {
        session: id.to_string(),
        layout: layout.name,
        fact: fact.to_string(),
    }
}

/// msm's Tomcat 8+ principal blob is the stream Redisson's `SerializationCodec` writes for the
/// same principal; Tomcat 7's block form has no object to store.
fn redisson_principal(
    blob: &[u8],
    id: &str,
    allow: Allow,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, Error> {
    match jsess_msm::principal(blob, limits) {
        Ok((p, _)) if p.form == jsess_msm::PrincipalForm::Tomcat8 => Ok(Some(blob.to_vec())),
        _ if allow.lost_login => Ok(None),
        _ => Err(lose(
            id,
            crate::redisson::LAYOUT,
            "a principal in msm's Tomcat 7 form (Redisson stores the principal object)",
        )),
    }
}

/// Each attribute's value as a stream of its own.
fn split_attributes(
    session: &Session<'_>,
    id: &str,
    layout: Layout,
    allow: Allow,
    values: Values<'_>,
    dropped: &mut Vec<&'static str>,
) -> Result<Vec<HashAttribute>, Error> {
    let pairs = attribute_pairs(session)?;
    let graph = &session.attributes.graph;
    let names = pairs
        .iter()
        .map(|(name, _)| {
            graph
                .string(*name)
                .and_then(|s| s.to_str().map(|t| t.into_owned()))
                .ok_or_else(|| lose(id, layout, "an attribute name that is not text"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Err(refusal) = refuse_shared(graph, &pairs, &names, id, layout) {
        if !allow.split_shared {
            return Err(refusal);
        }
        dropped.push(SPLIT_SHARED);
    }
    // Each attribute a value of its own, written from the session's graph (the writer walks
    // only what the one top-level object reaches).
    let roots: Vec<Ref> = pairs.iter().map(|(_, value)| *value).collect();
    let streams = match values {
        Values::Java => {
            jsess_javaser::encode_each(graph, &roots).map_err(|(i, e)| Error::Write {
                session: id.to_string(),
                message: format!(
                    "attribute {:?}: {e}",
                    names.get(i).cloned().unwrap_or_default()
                ),
            })?
        }
        Values::Kryo5(schemas) => roots
            .iter()
            .zip(&names)
            .map(|(root, name)| {
                jsess_kryo::write_value(graph, *root, schemas)
                    .map_err(|e| recode_error(id, name, ValueCodec::Kryo5, e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok(names
        .into_iter()
        .zip(streams)
        .map(|(name, value)| HashAttribute { name, value })
        .collect())
}

/// Refuses an object reachable from two attributes (it would become two objects).
fn refuse_shared(
    graph: &Graph<'_>,
    pairs: &[(NodeId, Ref)],
    names: &[String],
    id: &str,
    layout: Layout,
) -> Result<(), Error> {
    // Per node: the attribute (index + 1) that reached it last, and the one that owns it.
    let mut seen = vec![0u32; graph.len()];
    let mut owner = vec![0u32; graph.len()];
    let mut pending: Vec<NodeId> = Vec::new();
    for (index, (_, root)) in pairs.iter().enumerate() {
        let mark = u32::try_from(index + 1).unwrap_or(u32::MAX);
        pending.extend(root.iter().copied());
        while let Some(node) = pending.pop() {
            let Some(last) = seen.get_mut(node.index()) else {
                continue;
            };
            if *last == mark || !has_identity(graph, node) {
                *last = mark;
                continue;
            }
            *last = mark;
            match owner[node.index()] {
                0 => owner[node.index()] = mark,
                first if first != mark => {
                    let class = jsess_msm::json::class_of(graph, Some(node)).unwrap_or_default();
                    let first = names.get(first as usize - 1).cloned().unwrap_or_default();
                    return Err(lose(
                        id,
                        layout,
                        &format!(
                            "a {class} shared by attributes {first:?} and {:?} (it stores each attribute separately, so they would become two objects)",
                            names[index]
                        ),
                    ));
                }
                _ => {}
            }
            push_children(graph, node, &mut pending);
        }
    }
    Ok(())
}

/// Whether an application could tell two copies of the node from one object.
fn has_identity(graph: &Graph<'_>, node: NodeId) -> bool {
    match graph.get(node) {
        Some(Node::Object(o)) => !graph.class_name(o.class).is_some_and(|name| {
            name.as_ascii().is_some_and(|n| {
                FieldType::of_box(n).is_some()
                    || matches!(n, "java.math.BigInteger" | "java.math.BigDecimal")
            })
        }),
        Some(Node::Array(_)) => true,
        _ => false,
    }
}

/// A hash session as msm keeps it. msm's `lastBackupTime` becomes `thisAccessedTime` (the
/// layouts do not record backups); Spring has no `thisAccessedTime`, `isNew` or `isValid`:
/// the last access, `false` and `true` stand in (a stored Spring session is one in use).
pub fn to_msm(hash: &HashSession, limits: &Limits) -> Result<Converted<Session<'static>>, Error> {
    to_msm_with(hash, &Schemas::new(), limits)
}

/// [`to_msm`] for a session in either codec: Kryo 5 values are first written as Java
/// serialization ([`recode`], application classes' layouts from `schemas`).
pub fn to_msm_with(
    hash: &HashSession,
    schemas: &Schemas,
    limits: &Limits,
) -> Result<Converted<Session<'static>>, Error> {
    if hash.codec == ValueCodec::Kryo5 {
        let java = recode(hash, ValueCodec::Java, schemas, limits)?;
        return to_msm_java(&java, limits);
    }
    to_msm_java(hash, limits)
}

/// [`from_msm`], the values then written in `codec`: Redisson's `Kryo5Codec` (application
/// classes' layouts from `schemas`, Tomcat's `GenericPrincipal` among them when the session
/// has a principal) or Java serialization.
pub fn from_msm_in(
    session: &Session<'_>,
    layout: Layout,
    codec: ValueCodec,
    allow: Allow,
    schemas: &Schemas,
    limits: &Limits,
) -> Result<Converted<HashSession>, Error> {
    if codec == ValueCodec::Kryo5 && layout == crate::redisson::LAYOUT {
        // Attributes straight from the session's graph; the principal and the other fields
        // from their Java form.
        let mut converted =
            from_msm_values(session, layout, allow, Values::Kryo5(schemas), limits)?;
        recode_fields(&mut converted.value, codec, schemas, limits)?;
        return Ok(converted);
    }
    let mut converted = from_msm(session, layout, allow, limits)?;
    if codec != ValueCodec::Java {
        converted.value = recode(&converted.value, codec, schemas, limits)?;
    }
    Ok(converted)
}

/// The session with every value (attributes, principal, metadata, other `session:*` fields)
/// written in `codec` instead: Java serialization ↔ Redisson's `Kryo5Codec`, Redisson's
/// layout only. Kryo bytes name no fields: application classes need their layouts in
/// `schemas`.
pub fn recode(
    session: &HashSession,
    codec: ValueCodec,
    schemas: &Schemas,
    limits: &Limits,
) -> Result<HashSession, Error> {
    if session.codec == codec {
        return Ok(session.clone());
    }
    let pair = (session.codec, codec);
    let supported = matches!(
        pair,
        (ValueCodec::Java, ValueCodec::Kryo5) | (ValueCodec::Kryo5, ValueCodec::Java)
    );
    if !supported || session.layout != crate::redisson::LAYOUT {
        let other = if session.codec == ValueCodec::Java {
            codec
        } else {
            session.codec
        };
        return Err(Error::UnsupportedCodec {
            session: session.id.clone(),
            codec: other.name(),
        });
    }
    let to_kryo = codec == ValueCodec::Kryo5;
    let id = &session.id;
    let value = |field: &str, bytes: &[u8]| -> Result<Vec<u8>, Error> {
        if to_kryo {
            crate::kryo5::from_java(bytes, schemas, limits)
        } else {
            crate::kryo5::to_java(bytes, schemas, limits)
        }
        .map_err(|reason| recode_error(id, field, codec, reason))
    };
    let mut out = session.clone();
    for attribute in &mut out.attributes {
        attribute.value = value(&attribute.name, &attribute.value)?;
    }
    recode_fields(&mut out, codec, schemas, limits)?;
    Ok(out)
}

/// The principal and the other `session:*` fields of `out`, written in `codec` instead of
/// `out.codec`, which becomes `codec` (the attributes are already in it).
fn recode_fields(
    out: &mut HashSession,
    codec: ValueCodec,
    schemas: &Schemas,
    limits: &Limits,
) -> Result<(), Error> {
    let to_kryo = codec == ValueCodec::Kryo5;
    let from = out.codec;
    let id = out.id.clone();
    let id = &id;
    out.codec = codec;
    if let Some(principal) = &out.principal {
        let converted = if to_kryo {
            crate::principal5::to_kryo5(principal, schemas, limits)
        } else {
            crate::principal5::to_java(principal, schemas, limits)
        };
        out.principal =
            Some(converted.map_err(|r| recode_error(id, "session:principal", codec, r))?);
    }
    for (name, bytes) in &mut out.other_fields {
        let field = String::from_utf8_lossy(name).into_owned();
        let scalar = scalar::decode_in(from, bytes, limits)
            .ok()
            .flatten()
            .ok_or_else(|| {
                recode_error(
                    id,
                    &field,
                    codec,
                    "not a Long, Integer, Boolean or String".into(),
                )
            })?;
        *bytes = scalar::encode_in(codec, &scalar)?;
    }
    Ok(())
}

fn recode_error(session: &str, field: &str, codec: ValueCodec, reason: String) -> Error {
    Error::WouldLose {
        session: session.to_string(),
        layout: crate::redisson::LAYOUT.name,
        fact: format!("{field:?} in {}: {reason}", codec.name()),
    }
}

/// [`to_msm`] of a session whose values are Java serialization.
fn to_msm_java(hash: &HashSession, limits: &Limits) -> Result<Converted<Session<'static>>, Error> {
    if hash.codec != ValueCodec::Java {
        return Err(Error::UnsupportedCodec {
            session: hash.id.clone(),
            codec: hash.codec.name(),
        });
    }
    let mut dropped = Vec::new();
    let mut envelope = Envelope::new(
        hash.id.clone().into_bytes(),
        hash.creation_time,
        hash.max_inactive_interval,
    );
    envelope.last_accessed_time = hash.last_accessed_time;
    envelope.this_accessed_time = hash.this_accessed_time.unwrap_or(hash.last_accessed_time);
    envelope.last_backup_time = envelope.this_accessed_time;
    envelope.is_new = if hash.is_new.unwrap_or(false) {
        b'1'
    } else {
        b'0'
    };
    envelope.is_valid = if hash.is_valid.unwrap_or(true) {
        b'1'
    } else {
        b'0'
    };
    if let Some(name) = &hash.auth_type {
        let index = AUTH_TYPES.iter().position(|t| t == name).ok_or_else(|| {
            lose(
                &hash.id,
                msm_layout(),
                &format!("authType {name:?} (msm knows BASIC, CLIENT_CERT, DIGEST, FORM)"),
            )
        })?;
        envelope.auth_type = index as u16 + 1;
    }
    if let Some(principal) = &hash.principal {
        envelope.principal = principal.clone().into();
    }
    if !hash.removed.is_empty() {
        dropped.push("removed-attribute placeholders");
    }
    if !hash.other_fields.is_empty() {
        dropped.push("fields outside the layout");
    }
    let attributes = merge_attributes(hash, limits)?;
    Ok(Converted {
        value: Session {
            envelope,
            attributes,
        },
        dropped,
    })
}

fn msm_layout() -> Layout {
    Layout { name: "msm" }
}

/// One attribute stream, as msm's Java transcoder writes one: the count, then names and
/// values, descriptors shared.
fn merge_attributes(hash: &HashSession, limits: &Limits) -> Result<Stream<'static>, Error> {
    let mut builder = Builder::new();
    let count = i32::try_from(hash.attributes.len())
        .map_err(|_| lose(&hash.id, msm_layout(), "more attributes than an int counts"))?;
    let count = builder.boxed(Value::Int(count)).map_err(|e| Error::Write {
        session: hash.id.clone(),
        message: e.to_string(),
    })?;
    builder.write_object(Some(count));
    let mut stream = builder.finish();
    let mut merger = Merger::default();
    for attribute in &hash.attributes {
        let value = jsess_javaser::decode(&attribute.value, limits)
            .map_err(|source| Error::Attribute {
                session: hash.id.clone(),
                attribute: attribute.name.clone(),
                source,
            })?
            .into_owned();
        let [Content::Object(root)] = value.contents.as_slice() else {
            return Err(spring::field_error(
                &hash.id,
                &attribute.name,
                "the value's stream does not hold exactly one object",
            ));
        };
        let root = *root;
        let name = stream.graph.add(Node::String(jsess_model::StringNode {
            value: jsess_model::JavaString::from_text(&attribute.name),
            long: attribute.name.len() > usize::from(u16::MAX),
        }));
        let map = merger.append(&mut stream.graph, value.graph);
        stream.contents.push(Content::Object(Some(name)));
        stream.contents.push(Content::Object(
            root.and_then(|r| map.get(r.index()).copied()),
        ));
    }
    Ok(stream)
}
