//! An msm session into a manager's value: the Tomcat session [`crate::convert::from_msm`]
//! makes, framed as the manager frames it, then written and read back so the result is what
//! the manager's loader would read.

use jsess_javaser::jdk::{Builder, Descriptor};
use jsess_javaser::Limits;
use jsess_model::merge::append;
use jsess_model::{
    BlockData, ClassData, Content, DescOrigin, FieldType, JdkValue, Node, Session, Stream,
    Unknowns, Value,
};

use super::{Frame, CHEXAGON_SESSION, JCOLEMAN_METADATA, RAN_JIT_METADATA};
use crate::convert::{Allow, Converted};
use crate::{Container, Error, Persisted, Profile};

const STANDARD_SESSION: &str = "org.apache.catalina.session.StandardSession";

/// An msm session as `container`'s value, its sequence in `profile` (the Tomcat version the
/// manager runs on; chexagon's value has no login, so it is always [`Profile::NoLogin`]).
/// jcoleman's and ran-jit's attributes hash is 16 zero bytes: it only decides whether the
/// manager saves again, so the cost is one extra save. ran-jit's metadata class is the one of
/// 3.0.4 and later.
pub fn from_msm(
    session: &Session<'_>,
    container: Container,
    profile: Profile,
    allow: Allow,
    limits: &Limits,
) -> Result<Converted<Persisted<'static>>, Error> {
    let profile = if container == Container::Chexagon {
        Profile::NoLogin
    } else {
        profile
    };
    let converted = crate::convert::from_msm(session, profile, allow, limits)?;
    let dropped = converted.dropped;
    let mut persisted = converted.value;
    let id = persisted
        .sessions
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let write_error = |e: jsess_javaser::jdk::BuildError| Error::Write {
        session: id.clone(),
        message: e.to_string(),
    };
    let creation_time = session.envelope.creation_time;
    let bytes = match container {
        Container::Jcoleman | Container::RanJit => {
            let (class, suid, field) = if container == Container::Jcoleman {
                (
                    JCOLEMAN_METADATA,
                    4_817_120_933_319_990_092,
                    "sessionAttributesHash",
                )
            } else {
                (
                    RAN_JIT_METADATA[2],
                    124_438_185_184_833_546,
                    "attributesHash",
                )
            };
            let mut builder = Builder::new();
            builder.define(spec(
                class,
                suid,
                0x03,
                vec![(FieldType::Array, field, "[B")],
                None,
            ));
            let mut hash = 16i32.to_be_bytes().to_vec();
            hash.extend([0; 16]);
            let data = builder.serial(
                &[],
                Some(vec![Content::Block(BlockData {
                    bytes: hash.into(),
                    long: false,
                })]),
            );
            let metadata = builder.instance(class, vec![data]).map_err(write_error)?;
            let map = append(&mut persisted.stream.graph, builder.finish().graph);
            let metadata = map
                .get(metadata.index())
                .copied()
                .ok_or_else(|| Error::Container("the metadata object".into()))?;
            persisted.frame = Some(Frame::Metadata {
                metadata,
                creation_time,
            });
            persisted.container = container;
            crate::write(&persisted)?
        }
        Container::JcolemanLegacy => {
            persisted.frame = Some(Frame::Leading { creation_time });
            persisted.container = container;
            crate::write(&persisted)?
        }
        Container::Chexagon => chexagon(&persisted).map_err(|e| match e {
            Error::Write { .. } => e,
            other => Error::Write {
                session: id.clone(),
                message: other.to_string(),
            },
        })?,
        other => {
            return Err(Error::Container(format!(
                "{} is not a Redis session manager's value",
                other.layout()
            )))
        }
    };
    let value = super::read_as(&bytes, container, &Limits::NONE)?;
    Ok(Converted {
        value: Persisted {
            container: value.container,
            stream: value.stream.into_owned(),
            count: value.count,
            sessions: value.sessions,
            frame: value.frame,
        },
        dropped,
    })
}

fn spec(
    name: &str,
    suid: i64,
    flags: u8,
    fields: Vec<(FieldType, &str, &str)>,
    super_class: Option<&str>,
) -> Descriptor {
    Descriptor {
        name: name.to_string(),
        suid,
        flags,
        fields: fields
            .into_iter()
            .map(|(ty, name, sig)| {
                let sig = ty.is_reference().then(|| sig.to_string());
                (ty, name.to_string(), sig)
            })
            .collect(),
        super_class: super_class.map(str::to_string),
        origin: DescOrigin::Stream,
        unknown: Unknowns::NONE,
    }
}

/// The `RedisSession` object as Tomcat 9.0.70's `StandardSession` lays out its fields, its
/// attributes moved into the `ConcurrentHashMap` in the session's order.
fn chexagon(persisted: &Persisted<'_>) -> Result<Vec<u8>, Error> {
    let [session] = persisted.sessions.as_slice() else {
        return Err(Error::Container("one session".into()));
    };
    let mut builder = Builder::new();
    builder.define(spec(
        STANDARD_SESSION,
        1,
        0x02,
        vec![
            (FieldType::Long, "creationTime", "J"),
            (FieldType::Boolean, "isNew", "Z"),
            (FieldType::Boolean, "isValid", "Z"),
            (FieldType::Long, "lastAccessedTime", "J"),
            (FieldType::Int, "maxInactiveInterval", "I"),
            (FieldType::Long, "thisAccessedTime", "J"),
            (
                FieldType::Object,
                "attributes",
                "Ljava/util/concurrent/ConcurrentMap;",
            ),
            (FieldType::Object, "id", "Ljava/lang/String;"),
        ],
        None,
    ));
    builder.define(spec(
        CHEXAGON_SESSION,
        1,
        0x02,
        Vec::new(),
        Some(STANDARD_SESSION),
    ));
    let write_error = |e: jsess_javaser::jdk::BuildError| Error::Write {
        session: session.id.clone(),
        message: e.to_string(),
    };
    let map = builder
        .jdk(&JdkValue::Map {
            class: "java.util.concurrent.ConcurrentHashMap",
            entries: Vec::new(),
            comparator: None,
            key_type: None,
            access_order: false,
            defaults: None,
        })
        .map_err(write_error)?;
    let id = builder.string(&session.id);
    let standard = builder.serial(
        &[
            Value::Long(session.creation_time),
            Value::Boolean(u8::from(session.is_new)),
            Value::Boolean(u8::from(session.is_valid)),
            Value::Long(session.last_accessed_time),
            Value::Int(session.max_inactive_interval),
            Value::Long(session.this_accessed_time),
            Value::Ref(Some(map)),
            Value::Ref(Some(id)),
        ],
        None,
    );
    let chexagon = builder.serial(&[], None);
    let root = builder
        .instance(CHEXAGON_SESSION, vec![standard, chexagon])
        .map_err(write_error)?;
    let mut graph = persisted.stream.graph.clone();
    let moved = append(&mut graph, builder.finish().graph);
    let (Some(root), Some(map)) = (
        moved.get(root.index()).copied(),
        moved.get(map.index()).copied(),
    ) else {
        return Err(Error::Container("the session object".into()));
    };
    let mut pairs = Vec::with_capacity(2 * session.attributes.len());
    for attribute in &session.attributes {
        let crate::AttributeValue::Written(value) = attribute.value else {
            return Err(Error::WouldLose {
                session: session.id.clone(),
                target: "chexagon",
                fact: format!(
                    "attribute {:?}: a value that did not serialize",
                    attribute.name
                ),
            });
        };
        if value.is_none() {
            // ConcurrentHashMap holds no null values; Tomcat never stores one.
            continue;
        }
        pairs.push(Content::Object(Some(attribute.name_node)));
        pairs.push(Content::Object(value));
    }
    // ConcurrentHashMap.writeObject: the segments (fields), then key/value pairs and a
    // closing null null in its annotation.
    if let Some(&Node::Object(object)) = graph.get(map) {
        if let Some(ClassData::Serial {
            annotation: Some(annotation),
            ..
        }) = graph.class_data_mut(&object).last_mut()
        {
            let at = annotation.len().saturating_sub(2);
            annotation.splice(at..at, pairs);
        }
    }
    jsess_javaser::encode(&Stream {
        graph,
        contents: vec![Content::Object(Some(root))],
    })
    .map_err(|e| Error::Write {
        session: session.id.clone(),
        message: e.to_string(),
    })
}
