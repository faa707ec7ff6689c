//! Writing values: boxed primitives, strings, numbers, dates, classes, enum constants, text,
//! locales, times and the singleton collections.

use jsess_model::{JdkValue, Node, NodeId};

use crate::classes::Ser;
use crate::error::WriteError;

use super::*;

impl<'w, 'g> Writer<'w, 'g> {
    /// A value's body (`body` sends the value serializers here).
    pub(super) fn value_body(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
    ) -> Result<(), WriteError> {
        match ser {
            Ser::Boxed(_) => match self.jdk(id, class)? {
                JdkValue::Boxed(v) => {
                    self.primitive(v);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a boxed primitive")),
            },
            Ser::String => match self.graph.node(id) {
                Node::String(s) => {
                    self.out.java_string(&s.value);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a string")),
            },
            Ser::BigInteger => match self.jdk(id, class)? {
                JdkValue::BigInteger(b) => {
                    self.big_integer(&b);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a BigInteger")),
            },
            Ser::BigDecimal => match self.jdk(id, class)? {
                JdkValue::BigDecimal { unscaled, scale } => {
                    self.big_integer(&unscaled);
                    self.out.var_int(scale, false);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a BigDecimal")),
            },
            Ser::Class => match self.jdk(id, class)? {
                JdkValue::Class(Some(name)) => self.class_object(&name.to_string_lossy()),
                _ => Err(unsupported(class, "a proxy class object has no Kryo form")),
            },
            Ser::Date => {
                let value = self.jdk(id, class)?;
                self.date(class, &value)
            }
            Ser::Enum => match self.jdk(id, class)? {
                JdkValue::Enum {
                    class: enum_class,
                    name,
                } => {
                    let enum_class = enum_class.to_string_lossy();
                    let ordinal = self.ordinal(&enum_class, &name.to_string_lossy())?;
                    self.out.var_int(ordinal as i32 + 1, true);
                    Ok(())
                }
                _ => Err(unsupported(class, "not an enum constant")),
            },
            Ser::Currency => {
                let code = self.string_field(id, "java.util.Currency", "currencyCode")?;
                self.out.string(code.as_deref());
                Ok(())
            }
            Ser::Text => match self.jdk(id, class)? {
                JdkValue::Text { units, .. } => {
                    self.out.char_sequence(Some(&units));
                    Ok(())
                }
                _ => Err(unsupported(class, "not a character sequence")),
            },
            Ser::Singleton => match self.jdk(id, class)? {
                JdkValue::Collection { elements, .. } if elements.len() == 1 => {
                    self.class_and_object(elements[0], None)
                }
                _ => Err(unsupported(class, "not a singleton")),
            },
            Ser::SingletonMap => match self.jdk(id, class)? {
                JdkValue::Map { entries, .. } if entries.len() == 1 => {
                    self.class_and_object(entries[0].0, None)?;
                    self.class_and_object(entries[0].1, None)
                }
                _ => Err(unsupported(class, "not a singleton map")),
            },
            Ser::Locale => {
                let value = self.jdk(id, class)?;
                self.locale(class, &value)
            }
            Ser::Time => match self.jdk(id, class)? {
                JdkValue::Time(t) => {
                    crate::time::check(&t).map_err(|reason| unsupported(class, reason))?;
                    crate::time::write(&mut self.out, &t);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a java.time value")),
            },
            other => Err(unsupported(
                class,
                format!("serializer {other:?} is not written here"),
            )),
        }
    }

    /// ClassSerializer: the class's tag, then whether it is a primitive type.
    fn class_object(&mut self, name: &str) -> Result<(), WriteError> {
        let ser = self.classes.serializer(name);
        self.class_tag(name, ser)?;
        let primitive = matches!(
            name,
            "int" | "long" | "short" | "byte" | "char" | "boolean" | "float" | "double" | "void"
        );
        self.out.byte(u8::from(primitive));
        Ok(())
    }

    /// DateSerializer: milliseconds (a Timestamp's nanoseconds beyond them have no place).
    fn date(&mut self, class: &str, value: &JdkValue<'_>) -> Result<(), WriteError> {
        match *value {
            JdkValue::Date { millis, .. } => {
                self.out.var_long(millis, true);
                Ok(())
            }
            JdkValue::Timestamp { millis, nanos } => {
                if nanos % 1_000_000 != 0 {
                    return Err(unsupported(
                        class,
                        format!("Kryo keeps milliseconds only; {nanos} ns would be lost"),
                    ));
                }
                self.out
                    .var_long(millis + i64::from(nanos / 1_000_000), true);
                Ok(())
            }
            _ => Err(unsupported(class, "not a date")),
        }
    }

    /// LocaleSerializer: language and country as ASCII, then the variant.
    fn locale(&mut self, class: &str, value: &JdkValue<'_>) -> Result<(), WriteError> {
        let JdkValue::Locale {
            language,
            country,
            variant,
            script,
            extensions,
        } = value
        else {
            return Err(unsupported(class, "not a locale"));
        };
        if script.utf16_len() != 0 || extensions.utf16_len() != 0 {
            return Err(unsupported(
                class,
                "Kryo's LocaleSerializer keeps language, country and variant only; the script or extensions would be lost",
            ));
        }
        let language: Vec<u16> = language.utf16_units().collect();
        let country: Vec<u16> = country.utf16_units().collect();
        let variant: Vec<u16> = variant.utf16_units().collect();
        if !language.iter().chain(&country).all(|&u| u < 0x80) {
            return Err(unsupported(class, "a non-ASCII language or country"));
        }
        self.out.ascii(Some(&language));
        self.out.ascii(Some(&country));
        self.out.string(Some(&variant));
        Ok(())
    }
}
