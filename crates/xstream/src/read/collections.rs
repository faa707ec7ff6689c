//! Collections, maps, enum sets and arrays.

use std::borrow::Cow;

use base64::Engine;
use jsess_model::jdk::{CollectionKind, JdkValue};
use jsess_model::{Elements, FieldType, Limit, Ref};

use super::leaf::*;
use super::Reader;
use crate::error::Error;
use crate::names::class_of_attribute;
use jsess_xml::dom::Element;

impl<'d> Reader<'d> {
    pub(super) fn items(
        &mut self,
        e: &Element,
        class: &str,
        children: &[usize],
    ) -> Result<Vec<Ref>, Error> {
        if children.len() > self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        let _ = class;
        children.iter().map(|&c| self.convert(c, None)).collect()
    }

    /// Splits off a leading `<comparator>` / `<no-comparator/>` (sorted collections).
    pub(super) fn comparator(&mut self, e: &'d Element) -> Result<(Ref, &'d [usize]), Error> {
        match e.children.first().map(|&c| (c, self.el(c).name.as_str())) {
            Some((c, "comparator")) => {
                let r = self.convert(c, Some("java.util.Comparator"))?;
                Ok((r, &e.children[1..]))
            }
            Some((_, "no-comparator")) => Ok((None, &e.children[1..])),
            _ => Ok((None, &e.children)),
        }
    }

    pub(super) fn map(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let (comparator, children) = if class == "java.util.TreeMap" {
            self.comparator(e)?
        } else {
            (None, e.children.as_slice())
        };
        if children.len() > self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        let key_type = match (class, e.attr("enum-type")) {
            ("java.util.EnumMap", Some(t)) => {
                let t = class_of_attribute(t);
                Some(
                    self.builder
                        .enum_class_object(&t)
                        .map_err(|err| self.build_err(class, e, err))?,
                )
            }
            ("java.util.EnumMap", None) => {
                return Err(Error::shape(class, e.offset, "no enum-type attribute"))
            }
            _ => None,
        };
        let mut entries = Vec::with_capacity(children.len());
        for &c in children {
            entries.push(self.entry(c)?);
        }
        self.jdk(
            e,
            class,
            JdkValue::Map {
                class,
                entries,
                comparator,
                key_type,
                access_order: false,
                defaults: None,
            },
        )
    }

    pub(super) fn collection(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let (comparator, children) = if class == "java.util.TreeSet" {
            self.comparator(e)?
        } else {
            (None, e.children.as_slice())
        };
        let elements = self.items(e, class, children)?;
        let kind = if class.contains("Set") {
            CollectionKind::Set
        } else {
            CollectionKind::List
        };
        self.jdk(
            e,
            class,
            JdkValue::Collection {
                kind,
                class,
                elements,
                comparator,
                element_type: None,
            },
        )
    }

    pub(super) fn enum_set(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.util.EnumSet$SerializationProxy";
        let enum_type = e
            .attr("enum-type")
            .map(class_of_attribute)
            .ok_or_else(|| Error::shape(class, e.offset, "no enum-type attribute"))?;
        let text = self.leaf(e, class)?;
        let mut elements = Vec::new();
        for name in text.split(',').filter(|n| !n.is_empty()) {
            if elements.len() >= self.limits.max_array_length as usize {
                return Err(Error::Limit {
                    limit: Limit::ArrayLength,
                    offset: e.offset,
                });
            }
            let constant = self
                .builder
                .enum_constant(&enum_type, name)
                .map_err(|err| self.build_err(class, e, err))?;
            elements.push(Some(constant));
        }
        let element_type = self
            .builder
            .enum_class_object(&enum_type)
            .map_err(|err| self.build_err(class, e, err))?;
        self.jdk(
            e,
            class,
            JdkValue::Collection {
                kind: CollectionKind::Set,
                class,
                elements,
                comparator: None,
                element_type: Some(element_type),
            },
        )
    }

    pub(super) fn array(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        self.know_name(e, class)?;
        let component = &class[1..];
        let built = if component == "B" {
            let text: String = self
                .leaf(e, class)?
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            if text.len() / 4 * 3 > self.limits.max_array_length as usize {
                return Err(Error::Limit {
                    limit: Limit::ArrayLength,
                    offset: e.offset,
                });
            }
            let raw = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|_| Error::shape(class, e.offset, "not base64"))?;
            self.builder.array(
                class,
                Elements::Primitive {
                    ty: FieldType::Byte,
                    raw: Cow::Owned(raw),
                },
            )
        } else if let Some(ty) = FieldType::from_code(component.as_bytes()[0])
            .filter(|t| !t.is_reference() && component.len() == 1)
        {
            if e.children.len() > self.limits.max_array_length as usize {
                return Err(Error::Limit {
                    limit: Limit::ArrayLength,
                    offset: e.offset,
                });
            }
            let mut raw = Vec::new();
            for &c in &e.children {
                let v = primitive(ty, self.el(c))
                    .ok_or_else(|| Error::shape(class, self.el(c).offset, "not a valid element"))?;
                jsess_model::graph::encode_primitive(&v, &mut raw);
            }
            self.builder.array(
                class,
                Elements::Primitive {
                    ty,
                    raw: Cow::Owned(raw),
                },
            )
        } else {
            let items = self.items(e, class, &e.children)?;
            self.builder.array(class, Elements::Object(items))
        };
        built.map(Some).map_err(|err| self.build_err(class, e, err))
    }
}
