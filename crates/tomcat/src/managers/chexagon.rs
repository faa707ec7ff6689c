//! chexagon's value: one `RedisSession` object, default-serialized. `StandardSession` has no
//! `writeObject`, so the stream holds its non-transient fields (Tomcat 9.0.70: `creationTime`,
//! `isNew`, `isValid`, `lastAccessedTime`, `maxInactiveInterval`, `thisAccessedTime`,
//! `attributes`, `id`) and `attributes` is a `ConcurrentHashMap` (Tomcat 8.0.35+; a `HashMap`
//! before). Reading builds the boxed items of Tomcat's sequence beside the object so the session
//! is a [`TomcatSession`] like any other: JSON and conversion to msm need nothing else.

use std::collections::HashMap;

use jsess_javaser::jdk::{interpret, Builder};
use jsess_model::merge::append;
use jsess_model::{ClassData, Content, Graph, JdkValue, Node, NodeId, Stream, Value};

use super::{Frame, CHEXAGON_SESSION};
use crate::{
    Attribute, AttributeValue, Container, Error, Objects, Persisted, Profile, TomcatSession,
};

const STANDARD_SESSION: &str = "org.apache.catalina.session.StandardSession";

fn framing(item: &str, reason: String) -> Error {
    Error::Framing {
        session: "#1".into(),
        item: item.to_string(),
        reason,
    }
}

/// `StandardSession`'s field values by name.
fn fields<'g>(graph: &'g Graph<'_>, root: NodeId) -> Result<HashMap<String, &'g Value>, Error> {
    let Some(Node::Object(object)) = graph.get(root) else {
        return Err(Error::Container(
            "a chexagon value is one RedisSession object".into(),
        ));
    };
    let chain = graph.class_chain(object.class);
    let class = graph
        .class_name(object.class)
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if class != CHEXAGON_SESSION {
        return Err(Error::Container(format!(
            "a chexagon value is one {CHEXAGON_SESSION} object, found a {class}"
        )));
    }
    for (desc, data) in chain.iter().zip(graph.class_data(object)) {
        let Some(d) = graph.class_desc(*desc) else {
            continue;
        };
        if graph.class_name(*desc).and_then(|n| n.to_str()).as_deref() != Some(STANDARD_SESSION) {
            continue;
        }
        let ClassData::Serial { fields, .. } = data else {
            break;
        };
        return Ok(d
            .fields()
            .iter()
            .zip(graph.values(*fields))
            .filter_map(|(f, v)| f.name.to_str().map(|n| (n.into_owned(), v)))
            .collect());
    }
    Err(Error::Container(format!(
        "the {CHEXAGON_SESSION} object holds no {STANDARD_SESSION} fields"
    )))
}

/// The attributes map's entries, in the order written; every name must be a `String`.
fn attributes(graph: &Graph<'_>, id: &str, map: Option<NodeId>) -> Result<Vec<Attribute>, Error> {
    let framing = |item: String, reason: &str| Error::Framing {
        session: id.to_string(),
        item,
        reason: reason.to_string(),
    };
    let entries = match map.and_then(|a| interpret(graph, a)) {
        Some(JdkValue::Map { entries, .. }) => entries,
        _ => return Err(framing("attributes".into(), "expected a map")),
    };
    let mut attributes = Vec::with_capacity(entries.len());
    for (index, (key, value)) in entries.iter().enumerate() {
        let name = key
            .and_then(|k| graph.string(k).map(|s| (k, s.to_str())))
            .and_then(|(k, s)| s.map(|s| (k, s.into_owned())));
        let Some((name_node, name)) = name else {
            return Err(framing(
                format!("attribute {} of {}", index + 1, entries.len()),
                "a name that is not a String",
            ));
        };
        attributes.push(Attribute {
            name,
            name_node,
            value: AttributeValue::Written(*value),
        });
    }
    Ok(attributes)
}

pub(super) fn read(mut stream: Stream<'_>) -> Result<Persisted<'_>, Error> {
    let root = match stream.contents.as_slice() {
        [Content::Object(Some(root))] => *root,
        _ => {
            return Err(Error::Container(format!(
                "a chexagon value is one object, found {} top-level items",
                stream.contents.len()
            )))
        }
    };
    let graph = &stream.graph;
    let fields = fields(graph, root)?;
    let field = |name: &str| {
        fields
            .get(name)
            .copied()
            .ok_or_else(|| framing(name, "the field is missing".into()))
    };
    let long = |name: &str| match field(name)? {
        Value::Long(v) => Ok(*v),
        other => Err(framing(name, format!("expected a long, found {other:?}"))),
    };
    let flag = |name: &str| match field(name)? {
        Value::Boolean(b) => Ok(*b),
        other => Err(framing(
            name,
            format!("expected a boolean, found {other:?}"),
        )),
    };
    let creation_time = long("creationTime")?;
    let last_accessed_time = long("lastAccessedTime")?;
    let this_accessed_time = long("thisAccessedTime")?;
    let max_inactive_interval = match field("maxInactiveInterval")? {
        Value::Int(v) => *v,
        other => {
            return Err(framing(
                "maxInactiveInterval",
                format!("expected an int, found {other:?}"),
            ))
        }
    };
    let (is_new, is_valid) = (flag("isNew")?, flag("isValid")?);
    let id_node = match field("id")? {
        Value::Ref(Some(id)) => *id,
        _ => return Err(framing("id", "expected a String, found null".into())),
    };
    let id = graph
        .string(id_node)
        .and_then(|s| s.to_str())
        .map(|s| s.into_owned())
        .ok_or_else(|| framing("id", "expected a String".into()))?;
    let attributes_node = match field("attributes")? {
        Value::Ref(r) => *r,
        other => {
            return Err(framing(
                "attributes",
                format!("expected a map, found {other:?}"),
            ))
        }
    };
    let attributes = attributes(graph, &id, attributes_node)?;
    let count = i32::try_from(attributes.len()).map_err(|_| Error::Framing {
        session: id.clone(),
        item: "attributes".into(),
        reason: "more than an int counts".into(),
    })?;
    let flags = (is_new != 0, is_valid != 0);
    // Tomcat's sequence boxes these; chexagon's value holds them as fields. The boxes are
    // added to the graph (nothing reaches them, so writing leaves them out) so that the
    // session, its JSON and its msm conversion are the ones every Tomcat session has.
    let mut builder = Builder::new();
    let write_error = |e: jsess_javaser::jdk::BuildError| Error::Write {
        session: id.clone(),
        message: e.to_string(),
    };
    let boxes = [
        Value::Long(creation_time),
        Value::Long(last_accessed_time),
        Value::Int(max_inactive_interval),
        Value::Boolean(is_new),
        Value::Boolean(is_valid),
        Value::Long(this_accessed_time),
        Value::Int(count),
    ]
    .into_iter()
    .map(|v| builder.boxed(v))
    .collect::<Result<Vec<_>, _>>()
    .map_err(write_error)?;
    let map = append(&mut stream.graph, builder.finish().graph);
    let moved = |node: &NodeId| map.get(node.index()).copied();
    let boxes: Vec<NodeId> = boxes.iter().filter_map(moved).collect();
    let [created, last, max, new, valid, this, count_node] = boxes[..] else {
        return Err(Error::Container(
            "the session's items could not be built".into(),
        ));
    };
    let session = TomcatSession {
        id,
        creation_time,
        last_accessed_time,
        max_inactive_interval,
        is_new: flags.0,
        is_valid: flags.1,
        this_accessed_time,
        auth_type: None,
        principal: None,
        notes: None,
        attributes,
        profile: Profile::NoLogin,
        objects: Objects {
            header: [created, last, max, new, valid, this, id_node],
            auth_type: None,
            count: count_node,
        },
    };
    Ok(Persisted {
        container: Container::Chexagon,
        count: None,
        sessions: vec![session],
        frame: Some(Frame::Object { root }),
        stream,
    })
}

pub(super) fn write(persisted: &Persisted<'_>, root: NodeId) -> Result<Vec<u8>, Error> {
    let [session] = persisted.sessions.as_slice() else {
        return Err(Error::Container(format!(
            "a chexagon value holds one session, not {}",
            persisted.sessions.len()
        )));
    };
    let graph = &persisted.stream.graph;
    crate::write::check_fields(graph, session)?;
    // The object holds the fields the writer writes: they must still say what the session
    // says, and the login (transient in StandardSession) has no place in it.
    let fields = fields(graph, root)?;
    let same = [
        ("creationTime", Value::Long(session.creation_time)),
        ("lastAccessedTime", Value::Long(session.last_accessed_time)),
        ("thisAccessedTime", Value::Long(session.this_accessed_time)),
        (
            "maxInactiveInterval",
            Value::Int(session.max_inactive_interval),
        ),
    ];
    for (name, wanted) in same {
        if !fields.get(name).is_some_and(|v| v.same(&wanted)) {
            return Err(Error::Edited {
                session: session.id.clone(),
                field: name,
                stream: format!("{:?}", fields.get(name)),
            });
        }
    }
    // The writer writes the object's map, not the session's list: the two must agree.
    if let Some(Value::Ref(map)) = fields.get("attributes") {
        if attributes(graph, &session.id, *map)? != session.attributes {
            return Err(Error::Edited {
                session: session.id.clone(),
                field: "attributes",
                stream: "the attributes map as read".into(),
            });
        }
    }
    let notes = session
        .notes
        .is_some_and(|n| n.session_id.is_some() || n.saved_request.is_some());
    if session.auth_type.is_some() || session.principal.is_some() || notes {
        return Err(Error::CannotHold {
            session: session.id.clone(),
            profile: "chexagon",
            field: "principal".into(),
            fact: "the login (transient in StandardSession)".into(),
        });
    }
    let stream = Stream {
        graph: graph.clone(),
        contents: vec![Content::Object(Some(root))],
    };
    jsess_javaser::encode(&stream).map_err(|e| Error::Write {
        session: session.id.clone(),
        message: e.to_string(),
    })
}
