//! msm's saved form request and Tomcat's saved-login notes: the same request, kept two ways.
//!
//! msm (1.6.5+) writes the request as a stream of its own holding eight objects: body,
//! contentType, headers, locales, method, queryString, requestURI, decodedRequestURI. Tomcat
//! (8.5.83+, 9.0.66+ with `persistAuthenticationNotes`, 10.1+) keeps a
//! `org.apache.catalina.authenticator.SavedRequest` object in the `REQUEST` note, holding the
//! same objects in its fields, plus the cookies msm does not keep. Moving the objects from one
//! to the other keeps their bytes: going back writes msm's stream again from the same objects.

use jsess_javaser::jdk::{Builder, Descriptor};
use jsess_javaser::Limits;
use jsess_model::graph::SC_SERIALIZABLE;
use jsess_model::jdk::CollectionKind;
use jsess_model::merge::append;
use jsess_model::{
    ClassData, Content, DescOrigin, Envelope, FieldType, Graph, JdkValue, Node, NodeId, Ref,
    Stream, Unknowns, Value,
};

use crate::{Error, Scratch, TomcatSession};

/// The class Tomcat keeps the saved request in.
pub(crate) const SAVED_REQUEST: &str = "org.apache.catalina.authenticator.SavedRequest";

/// msm's objects, in the order msm writes them, by the `SavedRequest` field holding each.
const MSM_ORDER: [&str; 8] = [
    "body",
    "contentType",
    "headers",
    "locales",
    "method",
    "queryString",
    "requestURI",
    "decodedRequestURI",
];

/// `SavedRequest`'s fields in stream order (sorted by name, as the JDK orders object fields),
/// as Tomcat 9.0.70 writes the class (`serialVersionUID` 1; corpora/tomcat/C0FFEE….session).
fn spec() -> Descriptor {
    let object = |name: &str, signature: &str| {
        (
            FieldType::Object,
            name.to_string(),
            Some(signature.to_string()),
        )
    };
    Descriptor {
        name: SAVED_REQUEST.into(),
        suid: 1,
        flags: SC_SERIALIZABLE,
        fields: vec![
            object("body", "Lorg/apache/tomcat/util/buf/ByteChunk;"),
            object("contentType", "Ljava/lang/String;"),
            object("cookies", "Ljava/util/List;"),
            object("decodedRequestURI", "Ljava/lang/String;"),
            object("headers", "Ljava/util/Map;"),
            object("locales", "Ljava/util/List;"),
            object("method", "Ljava/lang/String;"),
            object("queryString", "Ljava/lang/String;"),
            object("requestURI", "Ljava/lang/String;"),
        ],
        super_class: None,
        origin: DescOrigin::Stream,
        unknown: Unknowns::default(),
    }
}

/// A `SavedRequest` with no cookies and its other fields null, to be filled by [`fill`] once
/// msm's objects are in the same graph.
pub(crate) fn empty(builder: &mut Builder) -> Result<NodeId, jsess_javaser::jdk::BuildError> {
    builder.define(spec());
    let cookies = builder.jdk(&JdkValue::Collection {
        kind: CollectionKind::List,
        class: "java.util.ArrayList",
        elements: Vec::new(),
        comparator: None,
        element_type: None,
    })?;
    let mut fields = vec![Value::Ref(None); 9];
    fields[2] = Value::Ref(Some(cookies));
    let data = builder.serial(&fields, None);
    builder.instance(SAVED_REQUEST, vec![data])
}

/// msm's saved-request objects (seven before msm 1.6.5, eight since): `None` when the stream
/// holds anything else.
pub(crate) fn msm_objects(contents: &[Content<'_>]) -> Option<Vec<Ref>> {
    let objects: Vec<Ref> = contents
        .iter()
        .map(|c| match c {
            Content::Object(r) => Some(*r),
            _ => None,
        })
        .collect::<Option<_>>()?;
    matches!(objects.len(), 7 | 8).then_some(objects)
}

/// Puts msm's objects (already moved into `graph`) into the `SavedRequest`'s fields.
pub(crate) fn fill(graph: &mut Graph<'_>, request: NodeId, objects: &[Ref]) -> Option<()> {
    let names = field_names(graph, request)?;
    // node_mut indexes without checking: make sure the node exists first.
    graph.get(request)?;
    let Node::Object(object) = *graph.node(request) else {
        return None;
    };
    let Some(&ClassData::Serial { fields, .. }) = graph.class_data(&object).last() else {
        return None;
    };
    let fields = graph.values_mut(fields);
    for (name, value) in MSM_ORDER.iter().zip(objects) {
        let index = names.iter().position(|n| n == name)?;
        *fields.get_mut(index)? = Value::Ref(*value);
    }
    Some(())
}

/// msm's objects from a `SavedRequest`, in msm's order; `None` when `request` is not one. The
/// flag says whether the request held cookies (msm has no place for them).
pub(crate) fn to_msm_objects(graph: &Graph<'_>, request: NodeId) -> Option<(Vec<Ref>, bool)> {
    let names = field_names(graph, request)?;
    let Some(Node::Object(object)) = graph.get(request) else {
        return None;
    };
    let Some(ClassData::Serial { fields, .. }) = graph.class_data(object).last() else {
        return None;
    };
    let fields = graph.values(*fields);
    let field = |name: &str| -> Option<Ref> {
        let index = names.iter().position(|n| n == name)?;
        fields.get(index)?.as_ref()
    };
    let objects = MSM_ORDER
        .iter()
        .map(|name| field(name))
        .collect::<Option<Vec<Ref>>>()?;
    let cookies = match field("cookies").flatten() {
        None => false,
        Some(list) => !matches!(
            jsess_javaser::jdk::interpret(graph, list),
            Some(JdkValue::Collection { ref elements, .. }) if elements.is_empty()
        ),
    };
    Some((objects, cookies))
}

/// The field names of a `SavedRequest` instance, in stream order.
fn field_names(graph: &Graph<'_>, request: NodeId) -> Option<Vec<String>> {
    let Some(Node::Object(object)) = graph.get(request) else {
        return None;
    };
    let desc = graph.class_desc(object.class)?;
    if desc.display_name() != SAVED_REQUEST {
        return None;
    }
    Some(
        desc.fields()
            .iter()
            .map(|f| f.name.to_string_lossy().into_owned())
            .collect(),
    )
}

/// msm's saved request, read and waiting to move into a Tomcat stream's graph.
pub(crate) struct MsmRequest {
    stream: Stream<'static>,
    objects: Vec<Ref>,
}

impl MsmRequest {
    /// `None` when the bytes are not the objects msm writes.
    pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Option<MsmRequest> {
        let stream = jsess_javaser::decode(bytes, limits).ok()?.into_owned();
        let objects = msm_objects(&stream.contents)?;
        Some(MsmRequest { stream, objects })
    }

    /// Moves the objects into `graph` and into `request`'s fields.
    pub(crate) fn attach(self, graph: &mut Graph<'static>, request: NodeId) -> Option<()> {
        let map = append(graph, self.stream.graph);
        let moved: Vec<Ref> = self
            .objects
            .iter()
            .map(|r| r.and_then(|n| map.get(n.index()).copied()))
            .collect();
        fill(graph, request, &moved)
    }
}

/// The notes as msm keeps them: the saved request as msm's stream of its objects (cookies
/// and the expected session id have no place there and are reported).
pub(crate) fn notes_to_msm(
    session: &TomcatSession,
    scratch: &mut Scratch<'_, '_>,
    envelope: &mut Envelope<'static>,
    dropped: &mut Vec<&'static str>,
) -> Result<(), Error> {
    let Some(notes) = session.notes else {
        return Ok(());
    };
    if let Some(request) = notes.saved_request {
        match to_msm_objects(scratch.graph(), request) {
            Some((objects, cookies)) => {
                let contents = objects.into_iter().map(Content::Object).collect();
                let bytes = scratch.encode(contents).map_err(|e| Error::Write {
                    session: session.id.clone(),
                    message: format!("the saved request: {e}"),
                })?;
                envelope.saved_request = bytes.into();
                if cookies {
                    dropped.push("the saved request's cookies (msm keeps none)");
                }
            }
            None => dropped.push("the saved-login request note (not a SavedRequest)"),
        }
    }
    if let Some(note) = notes.session_id {
        let same = scratch
            .graph()
            .string(note)
            .and_then(|s| s.to_str())
            .is_some_and(|s| s == session.id);
        if !same {
            dropped.push("the expected session id note (msm keeps none)");
        }
    }
    Ok(())
}
