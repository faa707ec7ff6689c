//! The read half: FlexJSON text to the model, as FlexJSON's `ObjectBinder` binds it.
//!
//! With no type to go by (attribute values, `Object` fields, collection elements, map values)
//! an object without `class` becomes a `HashMap`, an array an `ArrayList`, an integer literal a
//! `Long`, any other number a `Double`, a string a `String`; an object with `class` becomes an
//! instance of that class. A bean property fills the field of the same name, bound by the
//! field's declared class (boxes, `Date` from epoch milliseconds, enums from their names,
//! `List`/`Set`/`Map` fields as `ArrayList`/`HashSet`/`HashMap`, arrays by component).
//! Generic type arguments are not in Java class descriptors: elements of a collection field
//! are read as untyped values (FlexJSON would follow a `List<Integer>`'s argument).
//!
//! Application classes are described by Java descriptors (from Java-serialized sessions) or,
//! failing that, by class layouts (`--classpath`, `--schema`): FlexJSON names a bean's class in
//! its `class` property but not its fields' declared types.

use std::sync::Arc;

use jsess_classpath::{ChainError, Schemas, TypeKind};
use jsess_javaser::jdk::{is_binary_class_name, Builder, Descriptor, FieldPlaces};
use jsess_model::graph::{SC_ENUM, SC_EXTERNALIZABLE};
use jsess_model::jdk::{parse_big_integer, BigInt, CollectionKind, JdkValue};
use jsess_model::{deep, DescOrigin, Elements, FieldType, Limit, Limits, Ref, Value};

use crate::error::Error;
use crate::json::{parse, Json};
use crate::types::{component_class, signature_class, LIST_TYPES, MAP_TYPES, SET_TYPES};

pub use jsess_javaser::jdk::Descriptors;

/// Attributes read from FlexJSON: the objects (in a [`Builder`], ready for msm's attribute
/// framing) and the (name, value) pairs in document order.
#[derive(Debug)]
pub struct Decoded {
    /// The graph built so far.
    pub builder: Builder,
    /// Attribute names and values, in the order the JSON lists them.
    pub attributes: Vec<(String, Ref)>,
}

/// Reads the JSON msm's `JSONTranscoder` writes: one object, a property per attribute.
/// Application classes come from `descriptors` or, failing that, from `layouts`.
pub fn decode(
    json: &[u8],
    descriptors: &Arc<Descriptors>,
    layouts: &Schemas,
    limits: &Limits,
) -> Result<Decoded, Error> {
    let root = parse(json, limits)?;
    let builder = Builder::with_classes(Arc::clone(descriptors));
    let Json::Object(props) = root else {
        return Err(Error::Shape {
            path: "$".into(),
            class: "java.util.Map".into(),
            reason: format!(
                "msm's FlexJSON attributes are a JSON object, not {}",
                root.kind()
            ),
        });
    };
    // msm reads into a map it gives (`deserializeInto`): a root member named `class` is an
    // attribute like any other there (real FlexJSON 3.3 reads `{"class":"java.lang.String"}` so).
    let mut reader = Reader {
        builder,
        layouts,
        limits,
        depth: 0,
    };
    let mut attributes = Vec::with_capacity(props.len());
    for (name, value) in &props {
        // FlexJSON writes a NaN or infinite double as `null`: msm then fails to read the
        // session (its ConcurrentHashMap holds no null values), but the bytes say what was
        // there, and an inspection shows it. Every msm writer refuses such a value.
        let r = reader.value(value, None, name)?;
        attributes.push((name.clone(), r));
    }
    Ok(Decoded {
        builder: reader.builder,
        attributes,
    })
}

struct Reader<'l> {
    builder: Builder,
    /// Class layouts for application classes no descriptor describes.
    layouts: &'l Schemas,
    limits: &'l Limits,
    depth: u32,
}

fn shape(path: &str, class: &str, reason: impl Into<String>) -> Error {
    Error::Shape {
        path: path.to_string(),
        class: class.to_string(),
        reason: reason.into(),
    }
}

/// A JSON value bound to a primitive (or its box), as FlexJSON's number, boolean and
/// character factories bind it.
fn primitive(ty: FieldType, json: &Json, path: &str) -> Result<Value, Error> {
    let bad = || {
        shape(
            path,
            ty_name(ty),
            format!("FlexJSON cannot bind {} to it", json.kind()),
        )
    };
    let range = || shape(path, ty_name(ty), "out of range (FlexJSON's parse fails)");
    Ok(match (ty, json) {
        (FieldType::Int, Json::Int(v)) => Value::Int(i32::try_from(*v).map_err(|_| range())?),
        (FieldType::Long, Json::Int(v)) => Value::Long(*v),
        (FieldType::Short, Json::Int(v)) => Value::Short(i16::try_from(*v).map_err(|_| range())?),
        (FieldType::Byte, Json::Int(v)) => Value::Byte(i8::try_from(*v).map_err(|_| range())?),
        (FieldType::Double, Json::Int(v)) => Value::Double(*v as f64),
        (FieldType::Double, Json::Float(v)) => Value::Double(*v),
        (FieldType::Float, Json::Int(v)) => Value::Float(*v as f32),
        (FieldType::Float, Json::Float(v)) => Value::Float(*v as f32),
        (FieldType::Boolean, Json::Bool(b)) => Value::Boolean(u8::from(*b)),
        (FieldType::Char, Json::Str(s)) => {
            // FlexJSON takes the first UTF-16 unit (`toString().charAt(0)`).
            Value::Char(
                s.encode_utf16()
                    .next()
                    .ok_or_else(|| shape(path, "char", "an empty string has no first character"))?,
            )
        }
        _ => return Err(bad()),
    })
}

fn ty_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Int => "int",
        FieldType::Long => "long",
        FieldType::Short => "short",
        FieldType::Byte => "byte",
        FieldType::Char => "char",
        FieldType::Boolean => "boolean",
        FieldType::Float => "float",
        FieldType::Double => "double",
        FieldType::Object | FieldType::Array => "Object",
    }
}

impl Reader<'_> {
    fn build_err(&self, path: &str, class: &str, err: jsess_javaser::jdk::BuildError) -> Error {
        match err {
            jsess_javaser::jdk::BuildError::UnknownClass(c) => Error::UnknownClass {
                path: path.to_string(),
                class: c,
            },
            other => shape(path, class, other.to_string()),
        }
    }

    fn jdk(&mut self, path: &str, class: &str, value: JdkValue<'_>) -> Result<Ref, Error> {
        self.builder
            .jdk(&value)
            .map(Some)
            .map_err(|err| self.build_err(path, class, err))
    }

    /// Binds `json` where a value of declared class `declared` (`None`: untyped) stands.
    fn value(&mut self, json: &Json, declared: Option<&str>, path: &str) -> Result<Ref, Error> {
        if self.depth >= self.limits.max_depth {
            return Err(Error::Limit {
                limit: Limit::Depth,
                path: path.to_string(),
            });
        }
        self.depth += 1;
        let result = deep::guard(|| self.value_inner(json, declared, path));
        self.depth -= 1;
        result
    }

    fn value_inner(
        &mut self,
        json: &Json,
        declared: Option<&str>,
        path: &str,
    ) -> Result<Ref, Error> {
        if matches!(json, Json::Null) {
            return Ok(None);
        }
        // A `class` property wins over the declared class (FlexJSON takes the more specific).
        if let Some(class) = json.get("class") {
            let Json::Str(class) = class else {
                return Err(shape(
                    path,
                    "java.lang.Class",
                    "a class property must be a string",
                ));
            };
            return self.bean(json, class, path);
        }
        let declared = declared.unwrap_or("java.lang.Object");
        if declared == "java.lang.Object" {
            return self.untyped(json, path);
        }
        if let Some(ty) = FieldType::of_box(declared) {
            let v = primitive(ty, json, path)?;
            return self
                .builder
                .boxed(v)
                .map(Some)
                .map_err(|err| self.build_err(path, declared, err));
        }
        match declared {
            "java.lang.String" => match json {
                Json::Str(s) => Ok(Some(self.builder.string(s))),
                other => Err(shape(
                    path,
                    declared,
                    format!("FlexJSON cannot set a String field from {}", other.kind()),
                )),
            },
            "java.util.Date" => match json {
                Json::Int(millis) => self.jdk(
                    path,
                    declared,
                    JdkValue::Date {
                        class: "java.util.Date",
                        millis: *millis,
                    },
                ),
                other => Err(shape(
                    path,
                    declared,
                    format!(
                        "jsess reads dates as epoch milliseconds (what FlexJSON writes), not {}",
                        other.kind()
                    ),
                )),
            },
            c if LIST_TYPES.contains(&c) => self.list(json, "java.util.ArrayList", path),
            c if SET_TYPES.contains(&c) => self.list(json, "java.util.HashSet", path),
            c if MAP_TYPES.contains(&c) => self.map(json, path),
            c if c.starts_with('[') => self.array(json, c, path),
            c => {
                self.know(c, path)?;
                let is_enum = match self.builder.descriptor(c) {
                    Some(s) => s.flags & SC_ENUM != 0,
                    None => self
                        .layouts
                        .get(c)
                        .is_some_and(|l| l.kind == TypeKind::Enum),
                };
                match (is_enum, json) {
                    (true, Json::Str(name)) => self
                        .builder
                        .enum_constant(c, name)
                        .map(Some)
                        .map_err(|err| self.build_err(path, c, err)),
                    (_, Json::Object(_)) => self.bean(json, c, path),
                    _ => Err(shape(
                        path,
                        c,
                        format!(
                            "FlexJSON does not bind {} to a field of this class",
                            json.kind()
                        ),
                    )),
                }
            }
        }
    }

    fn untyped(&mut self, json: &Json, path: &str) -> Result<Ref, Error> {
        match json {
            Json::Null => Ok(None),
            Json::Bool(b) => self.boxed(Value::Boolean(u8::from(*b)), path),
            Json::Int(v) => self.boxed(Value::Long(*v), path),
            Json::Float(v) => self.boxed(Value::Double(*v), path),
            // What FlexJSON fails on (`Long.parseLong`) is still the BigInteger it was.
            Json::BigInt(text) => {
                let (signum, magnitude) = parse_big_integer(text)
                    .ok_or_else(|| shape(path, "java.math.BigInteger", "not a decimal integer"))?;
                let value = JdkValue::BigInteger(BigInt {
                    signum,
                    magnitude: &magnitude,
                });
                self.jdk(path, "java.math.BigInteger", value)
            }
            Json::Str(s) => Ok(Some(self.builder.string(s))),
            Json::Array(_) => self.list(json, "java.util.ArrayList", path),
            Json::Object(_) => self.map(json, path),
        }
    }

    fn boxed(&mut self, v: Value, path: &str) -> Result<Ref, Error> {
        self.builder
            .boxed(v)
            .map(Some)
            .map_err(|err| self.build_err(path, "java.lang.Number", err))
    }

    fn list(&mut self, json: &Json, class: &str, path: &str) -> Result<Ref, Error> {
        let single;
        let items: &[Json] = match json {
            Json::Array(items) => items,
            // FlexJSON's list and set factories wrap a lone value.
            other => {
                single = [other.clone()];
                &single
            }
        };
        let mut elements = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            elements.push(self.value(item, None, &format!("{path}[{i}]"))?);
        }
        let kind = if class.contains("Set") {
            CollectionKind::Set
        } else {
            CollectionKind::List
        };
        self.jdk(
            path,
            class,
            JdkValue::Collection {
                kind,
                class,
                elements,
                comparator: None,
                element_type: None,
            },
        )
    }

    fn map(&mut self, json: &Json, path: &str) -> Result<Ref, Error> {
        let Json::Object(props) = json else {
            return Err(shape(
                path,
                "java.util.HashMap",
                format!(
                    "FlexJSON binds a map from a JSON object, not {}",
                    json.kind()
                ),
            ));
        };
        let mut entries = Vec::with_capacity(props.len());
        for (k, v) in props {
            let key = self.builder.string(k);
            let value = self.value(v, None, &format!("{path}.{k}"))?;
            entries.push((Some(key), value));
        }
        self.jdk(
            path,
            "java.util.HashMap",
            JdkValue::Map {
                class: "java.util.HashMap",
                entries,
                comparator: None,
                key_type: None,
                access_order: false,
                defaults: None,
            },
        )
    }

    fn array(&mut self, json: &Json, class: &str, path: &str) -> Result<Ref, Error> {
        self.know(class, path)?;
        let Json::Array(items) = json else {
            return Err(shape(
                path,
                class,
                format!(
                    "FlexJSON binds an array from a JSON array, not {}",
                    json.kind()
                ),
            ));
        };
        let component = component_class(class);
        let primitive_type = match component.as_str() {
            "I" => Some(FieldType::Int),
            "J" => Some(FieldType::Long),
            "S" => Some(FieldType::Short),
            "B" => Some(FieldType::Byte),
            "C" => Some(FieldType::Char),
            "Z" => Some(FieldType::Boolean),
            "F" => Some(FieldType::Float),
            "D" => Some(FieldType::Double),
            _ => None,
        };
        let elements = match primitive_type {
            Some(ty) => {
                let mut raw = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let v = primitive(ty, item, &format!("{path}[{i}]"))?;
                    jsess_model::graph::encode_primitive(&v, &mut raw);
                }
                Elements::Primitive {
                    ty,
                    raw: std::borrow::Cow::Owned(raw),
                }
            }
            None => {
                let mut refs = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    refs.push(self.value(item, Some(&component), &format!("{path}[{i}]"))?);
                }
                Elements::Object(refs)
            }
        };
        self.builder
            .array(class, elements)
            .map(Some)
            .map_err(|err| self.build_err(path, class, err))
    }

    /// Makes a class the descriptors do not describe known from the class layouts, if they
    /// have it.
    fn know(&mut self, class: &str, path: &str) -> Result<(), Error> {
        self.layouts
            .teach(&mut self.builder, class)
            .map_err(|err| match err {
                ChainError::Missing { class, need } => shape(path, &class, need),
                ChainError::Unsupported { class, reason } => shape(path, &class, reason),
            })
    }

    /// Whether a bean of `class` is read by the names its JSON shows ([`inferred`]): a JDK
    /// class (FlexJSON wrote its getters, not the fields Java serializes) not yet inferred in
    /// this session, or an application class no descriptor or layout describes.
    fn infers(&self, class: &str) -> bool {
        match self.builder.descriptor(class) {
            Some(known) => is_jdk(class) && known.origin != DescOrigin::Inferred,
            None => self.layouts.get(class).is_none(),
        }
    }

    /// The descriptor chain of a class, superclass first.
    fn chain(&mut self, class: &str, path: &str) -> Result<Vec<Descriptor>, Error> {
        self.know(class, path)?;
        self.builder
            .class_chain(class)
            .map_err(|err| self.build_err(path, class, err))
    }

    /// An object with a `class` property (or in a field of an application class): a new
    /// instance whose fields the properties of the same name fill.
    fn bean(&mut self, json: &Json, class: &str, path: &str) -> Result<Ref, Error> {
        let Json::Object(props) = json else {
            return Err(shape(path, class, "a bean is a JSON object"));
        };
        if !is_binary_class_name(class) {
            return Err(shape(path, class, "not a Java class name"));
        }
        if self.infers(class) {
            if props.len() > usize::from(u16::MAX) {
                return Err(shape(
                    path,
                    class,
                    "more properties than a Java class can have fields",
                ));
            }
            // Known only by the bean: its properties (sorted by name, as FlexJSON writes them).
            let names = props.iter().map(|(n, _)| n).filter(|n| *n != "class");
            self.builder
                .define(Descriptor::inferred(class, names.cloned()));
        }
        let chain = self.chain(class, path)?;
        if chain
            .iter()
            .any(|s| s.flags & (SC_EXTERNALIZABLE | SC_ENUM) != 0)
        {
            return Err(shape(path, class, "not a bean (enum or Externalizable)"));
        }
        // FlexJSON leaves what the no-argument constructor put there; jsess cannot run it and
        // takes Java's defaults.
        let mut values: Vec<Vec<Value>> = chain.iter().map(Descriptor::default_values).collect();
        let places = FieldPlaces::new(&chain, props.len());
        for (name, value) in props {
            if name == "class" {
                continue;
            }
            // The most derived class declaring the field, as FlexJSON's property lookup.
            let found = places.find(&chain, name, None);
            let Some((i, j)) = found else {
                return Err(Error::UnknownField {
                    path: path.to_string(),
                    class: class.to_string(),
                    field: name.clone(),
                });
            };
            let (ty, _, signature) = &chain[i].fields[j];
            let field_path = format!("{path}.{name}");
            values[i][j] = if ty.is_reference() {
                let declared = signature
                    .as_deref()
                    .map(signature_class)
                    .unwrap_or_else(|| "java.lang.Object".to_string());
                Value::Ref(self.value(value, Some(&declared), &field_path)?)
            } else {
                primitive(*ty, value, &field_path)?
            };
        }
        self.builder
            .fields_instance(class, &chain, values)
            .map(Some)
            .map_err(|err| self.build_err(path, class, err))
    }
}

fn is_jdk(class: &str) -> bool {
    class.starts_with("java.") || class.starts_with("javax.")
}
