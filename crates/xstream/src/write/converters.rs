//! XStream's converters for JDK values: the text forms (numbers, dates, `java.time`, bit sets,
//! stack frames), collections and maps, `Subject`.

use super::*;

impl<'g, 'a> Writer<'g, 'a> {
    /// A `Subject` as XStream's `SubjectConverter` writes it: the principals as items, then
    /// `readOnly` (credentials are not written).
    pub(super) fn subject(&mut self, id: NodeId, place: &Place<'_>) -> Result<(), Error> {
        let class = "javax.security.auth.Subject";
        let read_only = self.field_of(id, "readOnly");
        let principals = match self.field_of(id, "principals") {
            Some(Value::Ref(r)) => self
                .principal_items(r)
                .ok_or_else(|| self.lossy(class, "its principals are not a set jsess can read"))?,
            _ => return Err(self.lossy(class, "no principals field")),
        };
        let read_only = match read_only {
            Some(Value::Boolean(b)) => b != 0,
            _ => return Err(self.lossy(class, "no readOnly field")),
        };
        self.open_value(place, class, &[]);
        self.start("principals", &[]);
        for principal in principals {
            self.value(principal, &Place::Item)?;
        }
        self.end();
        self.leaf("readOnly", &[], if read_only { "true" } else { "false" });
        self.end();
        Ok(())
    }

    /// The items of a Subject's principal set: a plain set, or Java's `Subject$SecureSet`
    /// holding them in its `elements` list.
    pub(super) fn principal_items(&self, r: Ref) -> Option<Vec<Ref>> {
        let id = r?;
        if let Some(JdkValue::Collection { elements, .. }) = interpret(self.graph, id) {
            return Some(elements);
        }
        match self.field_of(id, "elements")? {
            Value::Ref(Some(list)) => match interpret(self.graph, list)? {
                JdkValue::Collection { elements, .. } => Some(elements),
                _ => None,
            },
            _ => None,
        }
    }

    /// A `StackTraceElement` as XStream writes it: its `toString()` (JDK 17 rules: the class
    /// loader and module prefixes the frame's format keeps, then `class.method(file:line)`).
    pub(super) fn stack_trace_text(&self, id: NodeId) -> Option<String> {
        let text = |name: &str| match self.field_of(id, name) {
            Some(Value::Ref(Some(r))) => self.graph.string(r).map(|s| s.to_string()),
            _ => None,
        };
        let Some(Value::Byte(format)) = self.field_of(id, "format") else {
            return None;
        };
        let Some(Value::Int(line)) = self.field_of(id, "lineNumber") else {
            return None;
        };
        Some(text::stack_trace_element(&text::Frame {
            format: format as u8,
            class_loader: text("classLoaderName"),
            module: text("moduleName"),
            module_version: text("moduleVersion"),
            declaring_class: text("declaringClass")?,
            method: text("methodName")?,
            file: text("fileName"),
            line,
        }))
    }

    /// A `BitSet` as XStream's `BitSetConverter` writes it: its set bits, comma-separated.
    pub(super) fn bit_set_text(&self, id: NodeId) -> Option<String> {
        let Value::Ref(Some(words)) = self.field_of(id, "bits")? else {
            return None;
        };
        let Node::Array(array) = self.graph.get(words)? else {
            return None;
        };
        let mut indices = Vec::new();
        for (w, word) in array.elements.iter().enumerate() {
            let Value::Long(word) = word else { return None };
            for bit in 0..64 {
                if word & (1 << bit) != 0 {
                    indices.push((w * 64 + bit).to_string());
                }
            }
        }
        Some(indices.join(","))
    }

    /// The value of an object's field by name (the first class of its chain declaring it).
    pub(super) fn field_of(&self, id: NodeId, name: &str) -> Option<Value> {
        self.graph.field(id, name)
    }

    /// Writes a JDK value with its XStream converter; `false` when XStream has none for it (the
    /// object is then written from its fields).
    pub(super) fn jdk_value(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<bool, Error> {
        match value {
            JdkValue::Boxed(v) => {
                let class = v.boxed_class().unwrap_or("java.lang.Object");
                match v {
                    Value::Char(0) => {
                        // XStream's CharConverter writes NUL as an empty value.
                        self.open_value(place, class, &[]);
                        self.text("");
                        self.end();
                    }
                    other => {
                        let t = self.primitive_text(other, class)?;
                        self.simple(place, class, &t);
                    }
                }
            }
            JdkValue::Date { class, millis } => {
                if *class != "java.util.Date" {
                    return Err(self.lossy(class, "XStream writes it in the JVM's time zone"));
                }
                let t = text::format_date(*millis)
                    .ok_or_else(|| self.lossy(class, "only years 1583-9999 are written"))?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::Timestamp { millis, nanos } => {
                let class = "java.sql.Timestamp";
                let t = text::format_timestamp(*millis, *nanos).ok_or_else(|| {
                    self.lossy(
                        class,
                        "only whole-second times in years 1583-9999 are written",
                    )
                })?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::BigInteger(b) => {
                let t = text::format_big_integer(b.signum, b.magnitude);
                self.simple(place, "java.math.BigInteger", &t);
            }
            JdkValue::BigDecimal { unscaled, scale } => {
                let t = text::format_big_decimal(unscaled.signum, unscaled.magnitude, *scale);
                self.simple(place, "java.math.BigDecimal", &t);
            }
            JdkValue::Uuid { most, least } => {
                let h = format!("{:016x}{:016x}", *most as u64, *least as u64);
                let t = format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                );
                self.simple(place, "java.util.UUID", &t);
            }
            JdkValue::Locale {
                language,
                country,
                variant,
                script,
                extensions,
            } => {
                let class = "java.util.Locale";
                if !script.as_mutf8().is_empty() || !extensions.as_mutf8().is_empty() {
                    return Err(self.lossy(
                        class,
                        "XStream's LocaleConverter drops script and extensions",
                    ));
                }
                let mut t = self.text_of(language, class)?;
                let c = self.text_of(country, class)?;
                let v = self.text_of(variant, class)?;
                if !c.is_empty() || !v.is_empty() {
                    t.push('_');
                    t.push_str(&c);
                }
                if !v.is_empty() {
                    t.push('_');
                    t.push_str(&v);
                }
                self.simple(place, class, &t);
            }
            JdkValue::Text { class, units } => {
                let t = String::from_utf16(units)
                    .map_err(|_| self.lossy(class, "an unpaired surrogate cannot be written"))?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::Atomic(v) => {
                let class = match v {
                    Value::Int(_) => "java.util.concurrent.atomic.AtomicInteger",
                    _ => "java.util.concurrent.atomic.AtomicLong",
                };
                let t = self.primitive_text(v, class)?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::Time(t) => {
                let class = time::class_name(t);
                if matches!(t, Temporal::ZoneOffset(_)) {
                    return Err(
                        self.lossy(class, "jsess does not write XStream's form of ZoneOffset")
                    );
                }
                self.simple(place, class, &text::format_temporal(t));
            }
            JdkValue::Enum { class, name } => {
                let class = self.enum_type(id, class)?;
                let n = self.text_of(name, &class)?;
                self.open_unchecked(place, &class, &[]);
                self.text(&n);
                self.end();
            }
            JdkValue::Class(name) => {
                let class = "java.lang.Class";
                let n = name.ok_or_else(|| self.lossy(class, "a proxy class has no name"))?;
                let n = self.text_of(n, class)?;
                self.simple(place, class, &n);
            }
            JdkValue::Collection { .. } => return self.collection(id, value, place, record),
            JdkValue::Map { .. } => return self.map(id, value, place, record),
            JdkValue::Wrapper { .. } => return Ok(false),
        }
        Ok(true)
    }

    /// A collection with XStream's collection converters (`<list>`, `<sorted-set>` with its
    /// comparator, `<enum-set>`); `false` when XStream has none for its class.
    fn collection(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<bool, Error> {
        let JdkValue::Collection {
            kind,
            class,
            elements,
            comparator,
            element_type,
        } = value
        else {
            return Ok(false);
        };
        let class = *class;
        match class {
            "java.util.ArrayList"
            | "java.util.LinkedList"
            | "java.util.Vector"
            | "java.util.HashSet"
            | "java.util.LinkedHashSet"
            | "java.util.TreeSet"
            | "java.util.Collections$EmptyList"
            | "java.util.Collections$EmptySet"
            | "java.util.Collections$SingletonList"
            | "java.util.Collections$SingletonSet" => {
                self.default_load_factor(id, class)?;
                record(self);
                self.open_value(place, class, &[]);
                if class == "java.util.TreeSet" && comparator.is_some() {
                    self.value(
                        *comparator,
                        &Place::Field {
                            name: "comparator",
                            declared: "java.util.Comparator".into(),
                            defined_in: None,
                        },
                    )?;
                }
                for e in elements {
                    self.value(*e, &Place::Item)?;
                }
                self.end();
            }
            "java.util.EnumSet$SerializationProxy" if *kind == CollectionKind::Set => {
                let enum_type = element_type
                    .and_then(|t| match self.graph.get(t) {
                        Some(Node::Class(c)) => self.graph.class_name(c.class),
                        _ => None,
                    })
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| self.lossy(class, "no element type"))?;
                let mut names = Vec::new();
                for e in elements {
                    match e.and_then(|e| interpret(self.graph, e)) {
                        Some(JdkValue::Enum { name, .. }) => names.push(self.text_of(name, class)?),
                        _ => return Err(self.lossy(class, "an element is not an enum constant")),
                    }
                }
                record(self);
                let alias = attribute_of(&enum_type);
                self.open_value(place, "java.util.EnumSet", &[("enum-type", &alias)]);
                let t = names.join(",");
                if !t.is_empty() {
                    self.text(&t);
                }
                self.end();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A map with XStream's map converters (`<map>`, `<tree-map>` with its comparator,
    /// `<enum-map>`); `false` when XStream has none for its class.
    fn map(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<bool, Error> {
        let JdkValue::Map {
            class,
            entries,
            comparator,
            key_type,
            access_order,
            defaults,
        } = value
        else {
            return Ok(false);
        };
        if *class == "java.util.Properties" {
            record(self);
            self.open_value(place, class, &[]);
            self.properties(id, entries, *defaults)?;
            self.end();
            return Ok(true);
        }
        let class = *class;
        let supported = matches!(
            class,
            "java.util.HashMap"
                | "java.util.LinkedHashMap"
                | "java.util.TreeMap"
                | "java.util.Hashtable"
                | "java.util.concurrent.ConcurrentHashMap"
                | "java.util.EnumMap"
                | "java.util.Collections$EmptyMap"
                | "java.util.Collections$SingletonMap"
        );
        if !supported {
            return Ok(false);
        }
        if *access_order {
            return Err(self.lossy(
                class,
                "XStream does not keep a LinkedHashMap's access order",
            ));
        }
        if defaults.is_some() {
            return Err(self.lossy(class, "defaults are not written"));
        }
        self.default_load_factor(id, class)?;
        let mut extra = Vec::new();
        let enum_alias;
        if class == "java.util.EnumMap" {
            let t = key_type
                .and_then(|t| match self.graph.get(t) {
                    Some(Node::Class(c)) => self.graph.class_name(c.class),
                    _ => None,
                })
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| self.lossy(class, "no key type"))?;
            enum_alias = attribute_of(&t);
            extra.push(("enum-type", enum_alias.as_str()));
        }
        record(self);
        self.open_value(place, class, &extra);
        if class == "java.util.TreeMap" && comparator.is_some() {
            self.value(
                *comparator,
                &Place::Field {
                    name: "comparator",
                    declared: "java.util.Comparator".into(),
                    defined_in: None,
                },
            )?;
        }
        for (k, v) in entries {
            self.start("entry", &[]);
            self.value(*k, &Place::Item)?;
            self.value(*v, &Place::Item)?;
            self.end();
        }
        self.end();
        Ok(true)
    }

    /// The inside of XStream's `<properties>`: each entry as a `<property>`, in the map's
    /// iteration order (the reverse of Java's), then the defaults.
    fn properties(
        &mut self,
        id: NodeId,
        entries: &[(Ref, Ref)],
        defaults: Ref,
    ) -> Result<(), Error> {
        let class = "java.util.Properties";
        self.default_load_factor(id, class)?;
        for (k, v) in entries.iter().rev() {
            let text = |r: &Ref| {
                r.and_then(|r| self.graph.string(r))
                    .map(|s| self.text_of(s, class))
            };
            let (Some(name), Some(value)) = (text(k), text(v)) else {
                return Err(self.lossy(
                    class,
                    "XStream writes properties as text: a key or value that is not a string would come back as one",
                ));
            };
            let (name, value) = (name?, value?);
            self.leaf("property", &[("name", &name), ("value", &value)], "");
        }
        if let Some(d) = defaults {
            let Some(JdkValue::Map {
                entries, defaults, ..
            }) = interpret(self.graph, d)
            else {
                return Err(self.lossy(class, "defaults that are not properties"));
            };
            self.start("defaults", &[]);
            self.properties(d, &entries, defaults)?;
            self.end();
        }
        Ok(())
    }

    /// XStream's map and collection converters rebuild hash maps and sets with the default
    /// load factor: one the Java stream says was set otherwise is refused.
    pub(super) fn default_load_factor(&self, id: NodeId, class: &str) -> Result<(), Error> {
        match jsess_javaser::jdk::custom_load_factor(self.graph, id) {
            Some(factor) => Err(self.lossy(
                class,
                &format!("XStream rebuilds it with load factor 0.75, not {factor}"),
            )),
            None => Ok(()),
        }
    }

    /// The enum type XStream names: a constant with a body belongs to its enum's subclass,
    /// XStream names the enum.
    pub(super) fn enum_type(&self, id: NodeId, class: &JavaString<'_>) -> Result<String, Error> {
        let name = class.to_string_lossy().into_owned();
        if let Some(Node::Enum(e)) = self.graph.get(id) {
            if let Some(sup) = self.graph.class_desc(e.class).and_then(|d| d.super_class) {
                if let Some(super_name) = self.graph.class_name(sup) {
                    if !super_name.eq_str("java.lang.Enum") {
                        return Ok(super_name.to_string_lossy().into_owned());
                    }
                }
            }
        }
        Ok(name)
    }

    pub(super) fn primitive_text(&self, v: &Value, class: &str) -> Result<String, Error> {
        Ok(match *v {
            Value::Int(i) => i.to_string(),
            Value::Long(i) => i.to_string(),
            Value::Short(i) => i.to_string(),
            Value::Byte(i) => i.to_string(),
            Value::Boolean(b) => (b != 0).to_string(),
            Value::Char(c) => char::from_u32(u32::from(c))
                .map(String::from)
                .ok_or_else(|| self.lossy(class, "a surrogate char cannot be written"))?,
            Value::Float(f) => {
                if f.is_nan() && f.to_bits() != f32::NAN.to_bits() {
                    return Err(self.lossy(
                        class,
                        "a NaN with a payload reads back as the canonical NaN",
                    ));
                }
                special_or(f.is_nan(), f.is_infinite(), f.is_sign_negative(), || {
                    number_text::java_float(f)
                })
            }
            Value::Double(f) => {
                if f.is_nan() && f.to_bits() != f64::NAN.to_bits() {
                    return Err(self.lossy(
                        class,
                        "a NaN with a payload reads back as the canonical NaN",
                    ));
                }
                special_or(f.is_nan(), f.is_infinite(), f.is_sign_negative(), || {
                    number_text::java_double(f)
                })
            }
            Value::Ref(_) => {
                return Err(Error::Graph("a reference where a primitive belongs".into()))
            }
        })
    }
}

pub(super) fn primitive_element(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Int => "int",
        FieldType::Long => "long",
        FieldType::Short => "short",
        FieldType::Byte => "byte",
        FieldType::Char => "char",
        FieldType::Boolean => "boolean",
        FieldType::Float => "float",
        FieldType::Double => "double",
        FieldType::Object | FieldType::Array => "object",
    }
}

/// Java's spelling of NaN and the infinities; any other value as `Double.toString` /
/// `Float.toString` print it.
pub(super) fn special_or(
    nan: bool,
    infinite: bool,
    negative: bool,
    finite: impl FnOnce() -> String,
) -> String {
    if nan {
        "NaN".into()
    } else if infinite && negative {
        "-Infinity".into()
    } else if infinite {
        "Infinity".into()
    } else {
        finite()
    }
}
