//! The principal between Redisson's two codecs. Java serialization writes Tomcat's
//! `GenericPrincipal` as `GenericPrincipal$SerializablePrincipal` (its `writeReplace`); Kryo's
//! FieldSerializer writes the `GenericPrincipal` itself, field by field. Converting carries
//! name, password and roles across; a principal holding a user principal object or
//! attributes is refused by name (neither is rebuilt here).

use jsess_classpath::Schemas;
use jsess_javaser::jdk::{Builder, Descriptor};
use jsess_javaser::Limits;
use jsess_model::graph::SC_SERIALIZABLE;
use jsess_model::{
    Content, DescOrigin, Elements, FieldType, Graph, Node, NodeId, Ref, Unknowns, Value,
};

const GENERIC: &str = "org.apache.catalina.realm.GenericPrincipal";
const SERIALIZABLE: &str = "org.apache.catalina.realm.GenericPrincipal$SerializablePrincipal";

/// What a principal holds that moves across.
struct Parts {
    name: String,
    password: Option<String>,
    roles: Vec<String>,
}

/// A field's value by name, wherever in the object's class chain it is declared.
fn field(graph: &Graph<'_>, id: NodeId, name: &str) -> Option<Value> {
    graph.field(id, name)
}

fn class_of(graph: &Graph<'_>, id: NodeId) -> Option<String> {
    match graph.get(id)? {
        Node::Object(o) => Some(graph.class_name(o.class)?.to_string_lossy().into_owned()),
        _ => None,
    }
}

/// Name, password and roles of a principal object; an error when it holds more.
fn parts(graph: &Graph<'_>, id: NodeId, limits: &Limits, java: &[u8]) -> Result<Parts, String> {
    for extra in ["userPrincipal", "principal", "attributes"] {
        if let Some(Value::Ref(Some(_))) = field(graph, id, extra) {
            return Err(format!(
                "{GENERIC}: a principal with a {extra} object is not converted between codecs"
            ));
        }
    }
    let (p, _) = jsess_msm::principal(java, limits).map_err(|e| e.to_string())?;
    Ok(Parts {
        name: p.name,
        password: p.password,
        roles: p.roles,
    })
}

/// Builds `class` with the parts, its fields in `spec_fields` order.
fn build(
    builder: &mut Builder,
    class: &str,
    spec: &Descriptor,
    parts: &Parts,
) -> Result<NodeId, String> {
    let roles: Vec<Ref> = parts
        .roles
        .iter()
        .map(|r| Some(builder.string(r)))
        .collect();
    let roles = builder
        .array("[Ljava.lang.String;", Elements::Object(roles))
        .map_err(|e| e.to_string())?;
    let name = builder.string(&parts.name);
    let password = parts.password.as_deref().map(|p| builder.string(p));
    let mut fields = Vec::with_capacity(spec.fields.len());
    for (_, field, _) in &spec.fields {
        fields.push(Value::Ref(match field.as_str() {
            "name" => Some(name),
            "password" => password,
            "roles" => Some(roles),
            "attributes" | "principal" | "userPrincipal" => None,
            other => {
                return Err(format!(
                    "{class}: a field {other} this conversion does not know"
                ))
            }
        }));
    }
    let data = builder.serial(&fields, None);
    builder
        .instance(class, vec![data])
        .map_err(|e| e.to_string())
}

/// Tomcat 8.5+'s `GenericPrincipal$SerializablePrincipal` (serialVersionUID 1).
fn serializable_spec() -> Descriptor {
    let object = |name: &str, signature: &str| {
        (
            FieldType::Object,
            name.to_string(),
            Some(signature.to_string()),
        )
    };
    Descriptor {
        name: SERIALIZABLE.to_string(),
        suid: 1,
        flags: SC_SERIALIZABLE,
        fields: vec![
            object("attributes", "Ljava/util/Map;"),
            object("name", "Ljava/lang/String;"),
            object("password", "Ljava/lang/String;"),
            object("principal", "Ljava/security/Principal;"),
            (
                FieldType::Array,
                "roles".to_string(),
                Some("[Ljava/lang/String;".to_string()),
            ),
        ],
        super_class: None,
        origin: DescOrigin::Jdk,
        unknown: Unknowns::NONE,
    }
}

/// A Kryo 5 principal as Java serialization writes it (a `GenericPrincipal` becomes its
/// `SerializablePrincipal`, as Tomcat's `writeReplace` does).
pub fn to_java(bytes: &[u8], schemas: &Schemas, limits: &Limits) -> Result<Vec<u8>, String> {
    let stream = crate::kryo5::to_stream(bytes, schemas, limits).map_err(|e| e.to_string())?;
    let java = jsess_javaser::encode(&stream).map_err(|e| e.to_string())?;
    let root = match stream.contents.as_slice() {
        [Content::Object(Some(id))] => *id,
        _ => return Ok(java),
    };
    if class_of(&stream.graph, root).as_deref() != Some(GENERIC) {
        return Ok(java);
    }
    let parts = parts(&stream.graph, root, limits, &java)?;
    let spec = serializable_spec();
    let mut builder = Builder::new();
    builder.define(spec.clone());
    let principal = build(&mut builder, SERIALIZABLE, &spec, &parts)?;
    builder.write_object(Some(principal));
    jsess_javaser::encode(&builder.finish()).map_err(|e| e.to_string())
}

/// A Java-serialized principal as Redisson's `Kryo5Codec` writes the `GenericPrincipal` it
/// came from. Needs `GenericPrincipal`'s layout in `schemas` (Tomcat's catalina jar on
/// `--classpath`, or a schema file): its fields differ between Tomcat versions.
pub fn to_kryo5(java: &[u8], schemas: &Schemas, limits: &Limits) -> Result<Vec<u8>, String> {
    let stream = jsess_javaser::decode(java, limits).map_err(|e| e.to_string())?;
    let root = match stream.contents.as_slice() {
        [Content::Object(Some(id))] => *id,
        _ => return crate::kryo5::from_java(java, schemas, limits),
    };
    if class_of(&stream.graph, root).as_deref() != Some(SERIALIZABLE) {
        return crate::kryo5::from_java(java, schemas, limits);
    }
    let parts = parts(&stream.graph, root, limits, java)?;
    let chain = schemas.java_chain(GENERIC).map_err(|_| {
        format!(
            "{GENERIC}: its field layout is needed to write it as Kryo: pass --classpath with \
             Tomcat's catalina jar or a --schema file"
        )
    })?;
    let spec = chain
        .first()
        .cloned()
        .ok_or_else(|| format!("{GENERIC}: no field layout"))?;
    let mut builder = Builder::new();
    for s in chain {
        builder.define(s);
    }
    let principal = build(&mut builder, GENERIC, &spec, &parts)?;
    jsess_kryo::write_value(builder.graph(), Some(principal), schemas).map_err(|e| e.to_string())
}
