//! Values in Redisson's `Kryo5Codec` (Kryo 5, references off, one value per hash field).
//!
//! A [`crate::HashSession`] read from such a hash keeps every value as the Kryo bytes it was
//! stored as, so writing the session back gives the same bytes. To show or convert a value
//! it is read into the Java objects Java serialization would write for it
//! ([`jsess_kryo::read_value`]); Kryo bytes carry no field names, so application classes need
//! their layouts (`Schemas`, from `--classpath` or schema files) as for msm's Kryo.

use jsess_classpath::Schemas;
use jsess_javaser::json::JsonView;
use jsess_javaser::Limits;
use jsess_model::{Content, Stream};
use serde_json::{json, Value as Json};

/// A Kryo 5 value as the Java stream `ObjectOutputStream.writeObject` would write for the
/// same object (its one content is the value). The stream may hold objects of classes that
/// are not `Serializable` (Kryo writes those too): showing it works, encoding it is refused.
pub fn to_stream(
    bytes: &[u8],
    schemas: &Schemas,
    limits: &Limits,
) -> Result<Stream<'static>, jsess_kryo::ReadError> {
    let value = jsess_kryo::read_value(bytes, schemas, limits)?;
    let mut builder = value.builder;
    builder.write_object(value.value);
    Ok(builder.finish())
}

/// A Kryo 5 value as a Java serialization stream (what `SerializationCodec` holds for the
/// same object). Errors are text naming the class that stops it.
pub fn to_java(bytes: &[u8], schemas: &Schemas, limits: &Limits) -> Result<Vec<u8>, String> {
    let stream = to_stream(bytes, schemas, limits).map_err(|e| e.to_string())?;
    jsess_javaser::encode(&stream).map_err(|e| e.to_string())
}

/// A Java serialization stream holding one object, as `Kryo5Codec` writes that object.
pub fn from_java(bytes: &[u8], schemas: &Schemas, limits: &Limits) -> Result<Vec<u8>, String> {
    let stream = jsess_javaser::decode(bytes, limits).map_err(|e| e.to_string())?;
    match stream.contents.as_slice() {
        [Content::Object(r)] => {
            jsess_kryo::write_value(&stream.graph, *r, schemas).map_err(|e| e.to_string())
        }
        _ => Err("the Java stream does not hold exactly one object".to_string()),
    }
}

/// One attribute in the session JSON: name, class and value, or the error that stopped it.
pub fn attribute_json(name: &str, bytes: &[u8], schemas: &Schemas, limits: &Limits) -> Json {
    match to_stream(bytes, schemas, limits) {
        Ok(stream) => {
            let r = match stream.contents.as_slice() {
                [Content::Object(r)] => *r,
                _ => None,
            };
            let mut view = JsonView::new(&stream.graph);
            view.count(r);
            json!({
                "name": name,
                "class": jsess_msm::json::class_of(&stream.graph, r),
                "value": view.value(r),
            })
        }
        Err(e) => json!({"name": name, "class": null, "value": null, "error": e.to_string()}),
    }
}

/// The principal in the session JSON, in the shape msm's principals have (`name`, `roles`,
/// `password`; `form` is `tc8`: an object, as Tomcat 8+ writes it).
pub fn principal_json(bytes: &[u8], schemas: &Schemas, limits: &Limits) -> Json {
    match to_java(bytes, schemas, limits) {
        Ok(java) => {
            let mut view = jsess_msm::json::principal_json(&java, limits);
            if let Json::Object(map) = &mut view {
                map.insert("bytes".into(), json!(bytes.len()));
            }
            view
        }
        Err(e) => json!({"bytes": bytes.len(), "error": e}),
    }
}
