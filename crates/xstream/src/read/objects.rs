//! Objects built field by field, with custom serialization data, and the JDK classes XStream
//! writes its own way (properties, dynamic proxies, stack trace elements, bit sets).

use std::borrow::Cow;

use jsess_classpath::{ChainError, TypeKind};
use jsess_javaser::jdk::{is_binary_class_name, Descriptor, FieldPlaces};
use jsess_model::graph::{SC_ENUM, SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::jdk::JdkValue;
use jsess_model::{deep, BlockData, ClassData, Content, Elements, FieldType, Ref, Unknowns, Value};

use super::leaf::*;
use super::{leading_primitives, primitive_type, Reader};
use crate::error::Error;
use crate::names::{class_of, class_of_attribute, decode_name, outer_class_field, signature_class};
use crate::text;
use jsess_xml::dom::Element;

impl<'d> Reader<'d> {
    /// Makes a class the descriptors do not describe known from the class layouts, if they
    /// have it (arrays of it too); otherwise leaves it unknown for the caller to report.
    pub(super) fn know(&mut self, e: &Element, class: &str) -> Result<(), Error> {
        self.layouts
            .teach(&mut self.builder, class)
            .map_err(|err| match err {
                ChainError::Missing { class, need } => Error::shape(&class, e.offset, need),
                ChainError::Unsupported { class, reason } => Error::shape(&class, e.offset, reason),
            })
    }

    /// Whether `class` is an enum type, by its descriptor or its layout.
    pub(super) fn is_enum(&self, class: &str) -> bool {
        match self.builder.descriptor(class) {
            Some(spec) => spec.flags & SC_ENUM != 0,
            None => self
                .layouts
                .get(class)
                .is_some_and(|s| s.kind == TypeKind::Enum),
        }
    }

    /// The descriptor chain of a class, superclass first.
    pub(super) fn chain(&mut self, e: &Element, class: &str) -> Result<Vec<Descriptor>, Error> {
        self.know(e, class)?;
        self.builder
            .class_chain(class)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// Reads field elements into the chain's field values.
    pub(super) fn fields(
        &mut self,
        e: &Element,
        chain: &[Descriptor],
        children: &[usize],
        values: &mut [Vec<Value>],
    ) -> Result<(), Error> {
        let inner: Vec<&str> = chain
            .iter()
            .flat_map(|s| s.fields.iter().map(|(_, n, _)| n.as_str()))
            .filter(|n| n.starts_with("this$"))
            .collect();
        let places = FieldPlaces::new(chain, children.len());
        for &c in children {
            let child = self.el(c);
            let name = outer_class_field(&child.name, &inner)
                .map_or_else(|| decode_name(&child.name), str::to_string);
            let defined_in = child.attr("defined-in").map(class_of_attribute);
            let found = places.find(chain, &name, defined_in.as_deref());
            let Some((i, j)) = found else {
                return Err(Error::UnknownField {
                    class: chain.last().map(|s| s.name.clone()).unwrap_or_default(),
                    field: name,
                    offset: child.offset,
                });
            };
            let (ty, _, signature) = &chain[i].fields[j];
            values[i][j] = if ty.is_reference() && signature.is_none() {
                // A field of a class known only by the XML: what its element says.
                self.untyped_field(c)?
            } else if ty.is_reference() {
                let declared = signature
                    .as_deref()
                    .map(signature_class)
                    .unwrap_or_else(|| "java.lang.Object".to_string());
                Value::Ref(self.convert(c, Some(&declared))?)
            } else {
                primitive(*ty, child).ok_or_else(|| {
                    Error::shape(
                        &chain[i].name,
                        child.offset,
                        format!("field {name}: not a valid value"),
                    )
                })?
            };
        }
        let _ = e;
        Ok(())
    }

    pub(super) fn object(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let known = self.builder.knows(class) || self.layouts.get(class).is_some();
        if self.is_enum(class) || (!known && e.children.is_empty() && !e.text.trim().is_empty()) {
            let name = e.text.clone();
            return self
                .builder
                .enum_constant(class, &name)
                .map(Some)
                .map_err(|err| self.build_err(class, e, err));
        }
        if !e.text.trim().is_empty() {
            // Text where fields belong: a converter jsess does not know wrote it, and reading
            // the fields alone would drop it.
            return Err(Error::shape(
                class,
                e.offset,
                "text where the object's fields belong (written by an XStream converter jsess does not read)",
            ));
        }
        if !known && is_binary_class_name(class) {
            self.infer(e, class)?;
        }
        let chain = self.chain(e, class)?;
        if chain.iter().any(|s| s.flags & SC_EXTERNALIZABLE != 0) {
            return self.externalizable(e, class);
        }
        let mut values: Vec<Vec<Value>> = chain.iter().map(Descriptor::default_values).collect();
        self.fields(e, &chain, &e.children, &mut values)?;
        self.builder
            .fields_instance(class, &chain, values)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `ExternalizableConverter`: what `writeExternal` wrote, as the children of the
    /// object's element (primitives as `<int>`, `<boolean>` …, objects as their elements), kept
    /// as the object's external data, every item as the object XStream's `readExternal` side
    /// gets for it (its `readInt` reads an `<int>` element as an `Integer`), so the items keep
    /// their types and the object can be written back as XStream wrote it. Its Java form is
    /// marked unknown: XStream records `writeInt` and `writeObject(Integer)`, `writeUTF` and
    /// `writeObject(String)` alike (which one Java serialization would get only the class's
    /// code knows), and the class files give the declared fields a field-storing format keeps,
    /// not the empty field list of the descriptor Java writes for an Externalizable class.
    fn externalizable(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let contents = e
            .children
            .iter()
            .map(|&c| self.convert(c, None).map(Content::Object))
            .collect::<Result<Vec<_>, _>>()?;
        self.builder.mark_unknown(class, Unknowns::JAVA_FORM);
        self.builder
            .instance(class, vec![ClassData::External(contents)])
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// `serialization="custom"`: one section per class, `<default>` fields, then what
    /// `writeObject` wrote.
    pub(super) fn custom(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        if !self.knows(class) && is_binary_class_name(class) {
            self.infer_custom(e, class)?;
        }
        let chain = self.chain(e, class)?;
        let mut values: Vec<Vec<Value>> = chain.iter().map(Descriptor::default_values).collect();
        let mut annotations: Vec<Option<Vec<Content<'static>>>> = chain
            .iter()
            .map(|s| (s.flags & SC_WRITE_METHOD != 0).then(Vec::new))
            .collect();
        for &section in &e.children {
            let s = self.el(section);
            if s.name == "unserializable-parents" {
                if !s.children.is_empty() {
                    return Err(Error::shape(
                        class,
                        s.offset,
                        "fields of non-serializable superclasses cannot be kept",
                    ));
                }
                continue;
            }
            // Sections are named as XStream names classes: aliases included (`<vector>`).
            let section_class = class_of(&s.name);
            let Some(i) = chain.iter().position(|c| c.name == section_class) else {
                return Err(Error::shape(
                    class,
                    s.offset,
                    format!("{section_class} is not in its class hierarchy"),
                ));
            };
            let mut rest: &[usize] = &s.children;
            if let Some((&first, tail)) = rest.split_first() {
                if self.el(first).name == "default" {
                    let fields = &self.el(first).children;
                    self.fields(s, &chain[i..=i], fields, &mut values[i..=i])?;
                    rest = tail;
                }
            }
            let contents = if self.ambiguous_data(&section_class, rest) {
                // XStream writes writeUTF like writeObject(String) and writeInt like
                // writeObject(Integer): which one the class's readObject expects, only its code
                // knows. XStream reads it back; a Java stream of it is refused. The items are
                // kept as the objects XStream's reading side gets (an `<int>` an `Integer`), so
                // they keep their types and write back as XStream wrote them.
                self.builder
                    .mark_unknown(&section_class, Unknowns::JAVA_FORM);
                rest.iter()
                    .map(|&c| self.convert(c, None).map(Content::Object))
                    .collect::<Result<Vec<_>, _>>()?
            } else {
                self.annotation(s, &section_class, rest)?
            };
            match &mut annotations[i] {
                Some(a) => *a = contents,
                None if contents.is_empty() => {}
                None => {
                    return Err(Error::shape(
                        &section_class,
                        s.offset,
                        "data after the fields of a class without writeObject",
                    ))
                }
            }
        }
        let data = values
            .into_iter()
            .zip(annotations)
            .map(|(fields, annotation)| self.builder.serial(&fields, annotation))
            .collect();
        self.builder
            .instance(class, data)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `PropertiesConverter`: `<property name="…" value="…"/>` in the map's
    /// iteration order (Java writes the entries the other way round), then `<defaults>`.
    pub(super) fn properties(&mut self, e: &'d Element) -> Result<Ref, Error> {
        let class = "java.util.Properties";
        let mut entries = Vec::new();
        let mut defaults = None;
        for &c in &e.children {
            let child = self.el(c);
            match child.name.as_str() {
                "property" => {
                    let (Some(name), Some(value)) = (child.attr("name"), child.attr("value"))
                    else {
                        return Err(Error::shape(
                            class,
                            child.offset,
                            "a property without name or value",
                        ));
                    };
                    let (name, value) = (name.to_string(), value.to_string());
                    entries.push((
                        Some(self.builder.string(&name)),
                        Some(self.builder.string(&value)),
                    ));
                }
                "defaults" if defaults.is_none() => {
                    defaults = Some(deep::guard(|| self.properties(child))?);
                }
                other => {
                    return Err(Error::shape(
                        class,
                        child.offset,
                        format!("<{other}> in properties"),
                    ))
                }
            }
        }
        entries.reverse();
        self.jdk(
            e,
            class,
            JdkValue::Map {
                class,
                entries,
                comparator: None,
                key_type: None,
                access_order: false,
                defaults: defaults.flatten(),
            },
        )
    }

    /// XStream's `DynamicProxyConverter`: one `<interface>` per interface, then the
    /// `<handler>` with its class.
    pub(super) fn dynamic_proxy(&mut self, e: &'d Element) -> Result<Ref, Error> {
        let class = "java.lang.reflect.Proxy";
        let mut interfaces = Vec::new();
        let mut handler = None;
        for &c in &e.children {
            let child = self.el(c);
            match child.name.as_str() {
                "interface" => interfaces.push(class_of_attribute(self.leaf(child, class)?.trim())),
                "handler" if handler.is_none() => {
                    handler = Some(self.convert(c, Some("java.lang.reflect.InvocationHandler"))?)
                }
                other => {
                    return Err(Error::shape(
                        class,
                        child.offset,
                        format!("<{other}> in a dynamic proxy"),
                    ))
                }
            }
        }
        let handler = handler
            .ok_or_else(|| Error::shape(class, e.offset, "a dynamic proxy without a handler"))?;
        self.builder
            .proxy(&interfaces, handler)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `StackTraceElementConverter`: the frame's text, read back into the four
    /// fields its constructor takes (the class loader, module and format are lost).
    pub(super) fn stack_trace_element(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.lang.StackTraceElement";
        let frame = text::parse_stack_trace_element(self.leaf(e, class)?.trim())
            .ok_or_else(|| Error::shape(class, e.offset, "not a stack frame"))?;
        let mut text = |t: Option<&str>| Value::Ref(t.map(|t| self.builder.string(t)));
        // Java's field order: format, lineNumber, then the strings by name.
        let fields = vec![
            Value::Byte(frame.format as i8),
            Value::Int(frame.line),
            text(None),
            text(Some(&frame.declaring_class)),
            text(frame.file.as_deref()),
            text(Some(&frame.method)),
            text(None),
            text(None),
        ];
        let data = self.builder.serial(&fields, None);
        self.builder
            .instance(class, vec![data])
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `BitSetConverter`: the set bits' indices, comma-separated. Java writes the
    /// words up to the last set bit (`bits`, with `writeObject` adding nothing else).
    pub(super) fn bit_set(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.util.BitSet";
        let text = self.leaf(e, class)?.trim();
        let mut words: Vec<u64> = Vec::new();
        for index in text.split(',').filter(|t| !t.is_empty()) {
            let i: usize = index
                .trim()
                .parse()
                .ok()
                .filter(|i| *i < self.limits.max_array_length as usize * 64)
                .ok_or_else(|| Error::shape(class, e.offset, "not a bit index"))?;
            if words.len() <= i / 64 {
                words.resize(i / 64 + 1, 0);
            }
            words[i / 64] |= 1 << (i % 64);
        }
        let raw: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
        let bits = self
            .builder
            .array(
                "[J",
                Elements::Primitive {
                    ty: FieldType::Long,
                    raw: Cow::Owned(raw),
                },
            )
            .map_err(|err| self.build_err(class, e, err))?;
        let data = self
            .builder
            .serial(&[Value::Ref(Some(bits))], Some(Vec::new()));
        self.builder
            .instance(class, vec![data])
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// Whether a custom section's data holds items whose Java form XStream does not record:
    /// strings and boxed primitives of a class whose `writeObject` layout jsess does not know.
    pub(super) fn ambiguous_data(&self, class: &str, items: &[usize]) -> bool {
        leading_primitives(class).is_none()
            && items.iter().any(|&c| {
                let child = self.el(c);
                child.attr("class").is_none()
                    && (child.name == "string" || primitive_type(&child.name).is_some())
            })
    }

    pub(super) fn annotation(
        &mut self,
        section: &Element,
        class: &str,
        children: &[usize],
    ) -> Result<Vec<Content<'static>>, Error> {
        let leading = leading_primitives(class);
        let mut contents = Vec::new();
        let mut block: Vec<u8> = Vec::new();
        for (n, &c) in children.iter().enumerate() {
            let child = self.el(c);
            let as_primitive = match leading {
                Some(k) => n < k,
                None => primitive_type(&child.name).is_some() && child.attr("class").is_none(),
            };
            if as_primitive {
                let ty = primitive_type(&child.name).ok_or_else(|| {
                    Error::shape(class, child.offset, "expected primitive data here")
                })?;
                let v = primitive(ty, child)
                    .ok_or_else(|| Error::shape(class, child.offset, "not a valid value"))?;
                jsess_model::graph::encode_primitive(&v, &mut block);
            } else {
                flush_block(&mut block, &mut contents);
                contents.push(Content::Object(self.convert(c, None)?));
            }
        }
        flush_block(&mut block, &mut contents);
        let _ = section;
        Ok(contents)
    }
}

pub(super) fn flush_block(block: &mut Vec<u8>, contents: &mut Vec<Content<'static>>) {
    for chunk in block.chunks(1024) {
        contents.push(Content::Block(BlockData {
            bytes: Cow::Owned(chunk.to_vec()),
            long: chunk.len() > 255,
        }));
    }
    block.clear();
}
