//! Plain JDK values (boxes aside): the objects Java writes for a collection, a map, a date, a
//! big number or a text buffer whose children are already in the graph.

use super::*;

impl Builder {
    /// The objects Java writes for a plain JDK value whose children are already in this graph.
    /// The JDK's empty-collection singletons (`Collections.emptyList()`, whose `readResolve`
    /// returns the one instance) are one object per stream, as Java writes them.
    pub fn jdk(&mut self, value: &JdkValue<'_>) -> Result<NodeId, BuildError> {
        let singleton = singleton_class(value);
        if let Some(id) = singleton.and_then(|c| self.singletons.get(c)) {
            return Ok(*id);
        }
        let id = self.new_jdk(value)?;
        if let Some(class) = singleton {
            self.singletons.insert(class, id);
        }
        Ok(id)
    }

    fn new_jdk(&mut self, value: &JdkValue<'_>) -> Result<NodeId, BuildError> {
        match value {
            JdkValue::Boxed(v) => self.boxed(*v),
            JdkValue::Atomic(v) => {
                let class = match v {
                    Value::Int(_) => "java.util.concurrent.atomic.AtomicInteger",
                    Value::Long(_) => "java.util.concurrent.atomic.AtomicLong",
                    _ => {
                        return Err(unsupported(
                            "java.util.concurrent.atomic",
                            "only int and long atomics exist",
                        ))
                    }
                };
                let v = *v;
                self.instance_with(class, |g, _| Ok(vec![serial(g, &[]), serial(g, &[v])]))
            }
            JdkValue::Date { class, millis } => {
                let chain = if *class == "java.util.Date" { 1 } else { 2 };
                let date =
                    with_annotation(&mut self.graph, &[], block_records(&millis.to_be_bytes()));
                let mut data = vec![date];
                if chain == 2 {
                    data.push(serial(&mut self.graph, &[]));
                }
                self.instance_with(class, |_, _| Ok(data))
            }
            JdkValue::Timestamp { millis, nanos } => {
                let date =
                    with_annotation(&mut self.graph, &[], block_records(&millis.to_be_bytes()));
                let nanos = *nanos;
                self.instance_with("java.sql.Timestamp", |g, _| {
                    Ok(vec![date, serial(g, &[Value::Int(nanos)])])
                })
            }
            JdkValue::BigInteger(b) => self.big_integer(b.signum, b.magnitude),
            JdkValue::BigDecimal { unscaled, scale } => {
                let int_val = self.big_integer(unscaled.signum, unscaled.magnitude)?;
                let scale = *scale;
                self.instance_with("java.math.BigDecimal", |g, _| {
                    Ok(vec![
                        serial(g, &[]),
                        with_annotation(g, &[Value::Int(scale), Value::Ref(Some(int_val))], vec![]),
                    ])
                })
            }
            JdkValue::Uuid { most, least } => {
                let fields = vec![Value::Long(*least), Value::Long(*most)];
                self.instance_with("java.util.UUID", |g, _| Ok(vec![serial(g, &fields)]))
            }
            JdkValue::Locale {
                language,
                country,
                variant,
                script,
                extensions,
            } => {
                // Field order: hashcode, country, extensions, language, script, variant. Locale's
                // parts are interned strings, so equal parts (every empty one) are one object.
                let mut fields = vec![Value::Int(-1)];
                for s in [country, extensions, language, script, variant] {
                    fields.push(Value::Ref(Some(self.interned_string(s))));
                }
                self.instance_with("java.util.Locale", |g, _| {
                    Ok(vec![with_annotation(g, &fields, vec![])])
                })
            }
            JdkValue::Text { class, units } => self.text(class, units),
            JdkValue::Time(t) => self.temporal(t),
            JdkValue::Enum { class, name } => {
                let desc = self.enum_desc(&class.to_string_lossy())?;
                let name = self.java_string((*name).clone());
                Ok(self
                    .graph
                    .add(Node::Enum(EnumConstant { class: desc, name })))
            }
            JdkValue::Class(Some(name)) => self.class_object(&name.to_string_lossy()),
            JdkValue::Class(None) => Err(unsupported(
                "java.lang.Class",
                "proxy classes are not built from values",
            )),
            JdkValue::Collection {
                kind,
                class,
                elements,
                comparator,
                element_type,
            } => self.collection(*kind, class, elements, *comparator, *element_type),
            JdkValue::Map {
                class: "java.util.Properties",
                entries,
                defaults,
                ..
            } => self.properties(entries, *defaults),
            JdkValue::Map {
                class,
                entries,
                comparator,
                key_type,
                access_order,
                defaults: None,
            } => self.map(class, entries, *comparator, *key_type, *access_order),
            JdkValue::Map { class, .. } => Err(unsupported(
                class,
                "maps with defaults are not built from values",
            )),
            JdkValue::Wrapper { class, inner } => self.wrapper(class, *inner),
        }
    }

    fn big_integer(&mut self, signum: i32, magnitude: &[u8]) -> Result<NodeId, BuildError> {
        let start = magnitude
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(magnitude.len());
        let magnitude = &magnitude[start..];
        let signum = if magnitude.is_empty() { 0 } else { signum };
        let bytes = self.array(
            "[B",
            Elements::Primitive {
                ty: FieldType::Byte,
                raw: Cow::Borrowed(magnitude),
            },
        )?;
        // BigInteger.writeObject writes its cached fields as these fixed "unknown" values.
        let fields = vec![
            Value::Int(-1),
            Value::Int(-1),
            Value::Int(-2),
            Value::Int(-2),
            Value::Int(signum),
            Value::Ref(Some(bytes)),
        ];
        self.instance_with("java.math.BigInteger", |g, _| {
            Ok(vec![serial(g, &[]), with_annotation(g, &fields, vec![])])
        })
    }

    fn text(&mut self, class: &str, units: &[u16]) -> Result<NodeId, BuildError> {
        let chars: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
        match class {
            "java.lang.StringBuilder" => {
                // A builder made from a string has room for 16 more characters.
                let mut padded = chars;
                padded.resize(padded.len() + 32, 0);
                let array = self.char_array(padded)?;
                let count = (units.len() as i32).to_be_bytes();
                let mut annotation = block_records(&count);
                annotation.push(Content::Object(Some(array)));
                self.instance_with(class, |g, _| Ok(vec![with_annotation(g, &[], annotation)]))
            }
            "java.lang.StringBuffer" => {
                let mut padded = chars;
                padded.resize(padded.len() + 32, 0);
                let array = self.char_array(padded)?;
                let fields = vec![
                    Value::Int(units.len() as i32),
                    Value::Boolean(0),
                    Value::Ref(Some(array)),
                ];
                self.instance_with(class, |g, _| Ok(vec![with_annotation(g, &fields, vec![])]))
            }
            _ => Err(unsupported(class, "not a StringBuilder or StringBuffer")),
        }
    }

    fn char_array(&mut self, raw: Vec<u8>) -> Result<NodeId, BuildError> {
        self.array(
            "[C",
            Elements::Primitive {
                ty: FieldType::Char,
                raw: Cow::Owned(raw),
            },
        )
    }

    fn temporal(&mut self, value: &Temporal) -> Result<NodeId, BuildError> {
        let contents = block_records(&time::encode(value));
        self.instance_with("java.time.Ser", |_, _| {
            Ok(vec![ClassData::External(contents)])
        })
    }
}
