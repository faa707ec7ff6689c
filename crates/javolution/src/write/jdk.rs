//! JDK values as Javolution's XML formats write them: boxed primitives (Javolution's own
//! spelling of numbers and characters), classes, enum constants, text, dates, collections and
//! maps.

use jsess_model::jdk::{JdkValue, Temporal};
use jsess_model::{NodeId, Value};

use crate::binding::is_reflected_map_or_collection;
use crate::error::Error;
use crate::number::{javolution_double, javolution_float};

use super::*;

impl<'g, 'a> Writer<'g, 'a> {
    /// Writes a JDK value with msm's format for it; `false` when the binding writes it by
    /// reflection (its fields in the model are then written as they are).
    pub(super) fn jdk_value(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        place: &Place<'_>,
    ) -> Result<bool, Error> {
        match value {
            JdkValue::Boxed(v) => {
                let class = v.boxed_class().unwrap_or("java.lang.Object");
                let text = self.primitive_text(v, class)?;
                self.leaf(place, class, None, &vec![("value".to_string(), text)]);
            }
            JdkValue::Class(name) => {
                let class = "java.lang.Class";
                let name = name.ok_or_else(|| self.lossy(class, "a proxy class has no name"))?;
                let name = self.text_of(name, class)?;
                self.leaf(place, class, None, &vec![("name".to_string(), name)]);
            }
            JdkValue::Enum { class, name } => {
                let class = class.to_string_lossy().into_owned();
                let name = self.text_of(name, &class)?;
                match self.body_class(&class, &name) {
                    Some(body) => {
                        // msm's binding does not see a body class as an enum: the reflection
                        // format writes Enum's fields.
                        let ordinal = self
                            .schemas
                            .enum_constants(&class)
                            .ok()
                            .and_then(|c| c.iter().position(|n| *n == name))
                            .ok_or_else(|| self.lossy(&class, "the constant's ordinal is unknown"))?;
                        let attrs = vec![("name".to_string(), name), ("ordinal".to_string(), ordinal.to_string())];
                        self.leaf(place, &body, Some(id), &attrs);
                    }
                    None => {
                        let attrs = vec![("value".to_string(), name), ("type".to_string(), class.clone())];
                        self.leaf(place, &class, Some(id), &attrs);
                    }
                }
            }
            JdkValue::Text { class, units } => {
                let text = String::from_utf16(units)
                    .map_err(|_| self.lossy(class, "an unpaired surrogate cannot be written"))?;
                self.leaf(place, class, Some(id), &vec![("val".to_string(), text)]);
            }
            JdkValue::Atomic(v) => {
                let class = match v {
                    Value::Int(_) => "java.util.concurrent.atomic.AtomicInteger",
                    _ => "java.util.concurrent.atomic.AtomicLong",
                };
                let text = self.primitive_text(v, class)?;
                self.leaf(place, class, Some(id), &vec![("value".to_string(), text)]);
            }
            JdkValue::BigDecimal { unscaled, scale } => {
                let class = "java.math.BigDecimal";
                let digits = unscaled.to_decimal();
                let long: Option<i64> = digits.parse().ok();
                match long {
                    Some(v) if *scale == 0 => {
                        self.leaf(place, class, Some(id), &vec![("value".to_string(), v.to_string())])
                    }
                    _ => {
                        return Err(self.lossy(
                            class,
                            "msm's number format writes longValue(): only whole values of scale 0 within a long survive",
                        ))
                    }
                }
            }
            JdkValue::BigInteger(_) => {
                return Err(self.lossy(
                    "java.math.BigInteger",
                    "msm's number format needs a public (long) or (int) constructor, which BigInteger lacks: msm fails to write it",
                ))
            }
            // The epoch is what msm reads back from the element Javolution writes for any Date.
            JdkValue::Date { class, millis: 0 } => self.leaf(place, class, Some(id), &Vec::new()),
            JdkValue::Date { class, .. } => {
                return Err(self.lossy(
                    class,
                    "all its fields are transient: Javolution writes no time and msm reads 1970-01-01T00:00Z (only the epoch itself survives)",
                ))
            }
            // The whole seconds are transient: msm reads back the epoch and the nanoseconds,
            // so a Timestamp within the epoch's first second (what reading Javolution gives)
            // survives.
            JdkValue::Timestamp { millis: 0, nanos } => self.leaf(
                place,
                "java.sql.Timestamp",
                Some(id),
                &vec![("nanos".to_string(), nanos.to_string())],
            ),
            JdkValue::Timestamp { .. } => {
                return Err(self.lossy(
                    "java.sql.Timestamp",
                    "its time is in transient fields: Javolution writes only the nanoseconds, and msm reads back a time in the epoch's first second",
                ))
            }
            JdkValue::Locale { .. } => {
                return Err(self.lossy(
                    "java.util.Locale",
                    "all its fields are transient: msm reads back a Locale without language or country",
                ))
            }
            JdkValue::Time(t) => {
                let class = jsess_javaser::jdk::time::class_name(t);
                let Some(attrs) = crate::time::write(t) else {
                    let reason = match t {
                        Temporal::ZonedDateTime(..)
                        | Temporal::OffsetDateTime(..)
                        | Temporal::OffsetTime(..)
                        | Temporal::ZoneOffset(_) => {
                            "a ZoneOffset's id is transient: msm reads back an offset without it"
                        }
                        _ => "jsess does not write this java.time value in msm's reflection form",
                    };
                    return Err(self.lossy(class, reason));
                };
                if let Temporal::LocalDateTime(date, time) = t {
                    // Its date and time are objects of their own in the reflection format.
                    self.open_value(place, class, Some(id), &attrs);
                    let date = crate::time::date_attrs(date);
                    self.anonymous_leaf(&Place::Named("date"), "java.time.LocalDate", &date);
                    let time = crate::time::time_attrs(time);
                    self.anonymous_leaf(&Place::Named("time"), "java.time.LocalTime", &time);
                    self.end();
                } else {
                    self.leaf(place, class, Some(id), &attrs);
                }
            }
            JdkValue::Uuid { most, least } => {
                let attrs = vec![
                    ("mostSigBits".to_string(), most.to_string()),
                    ("leastSigBits".to_string(), least.to_string()),
                ];
                self.leaf(place, "java.util.UUID", Some(id), &attrs);
            }
            JdkValue::Wrapper { .. } => return Ok(false),
            JdkValue::Collection { .. } | JdkValue::Map { .. } => {
                return self.jdk_container(id, value, place)
            }
        }
        Ok(true)
    }

    /// A JDK collection or map: its class, size and elements (or keys and values).
    pub(super) fn jdk_container(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        place: &Place<'_>,
    ) -> Result<bool, Error> {
        match value {
            JdkValue::Collection {
                class,
                elements,
                comparator,
                ..
            } => {
                if !is_reflected_map_or_collection(class) {
                    return match *class {
                        "java.util.EnumSet$SerializationProxy" | "java.util.CollSer" => Err(self
                            .lossy(
                                class,
                                "msm's binding writes the JDK's private implementation by reflection, which jsess does not reproduce",
                            )),
                        _ => Ok(false),
                    };
                }
                if comparator.is_some() {
                    return Err(self.lossy(
                        class,
                        "msm's collection format makes a new instance with the no-argument constructor: the comparator is lost",
                    ));
                }
                self.open_value(
                    place,
                    class,
                    Some(id),
                    &vec![("size".to_string(), elements.len().to_string())],
                );
                for e in elements {
                    self.value(*e, &Place::Item)?;
                }
                self.end();
            }
            JdkValue::Map {
                class,
                entries,
                comparator,
                access_order,
                defaults,
                ..
            } => {
                if !is_reflected_map_or_collection(class) {
                    return match *class {
                        "java.util.Collections$EmptyMap" | "java.util.Collections$SingletonMap" => {
                            Ok(false)
                        }
                        _ => Err(self.lossy(
                            class,
                            "msm's map format cannot make a new instance of it, or jsess cannot read it back",
                        )),
                    };
                }
                if comparator.is_some() || *access_order || defaults.is_some() {
                    return Err(self.lossy(
                        class,
                        "msm's map format makes a new instance with the no-argument constructor: comparator, access order and defaults are lost",
                    ));
                }
                self.open_value(
                    place,
                    class,
                    Some(id),
                    &vec![("size".to_string(), entries.len().to_string())],
                );
                for (k, v) in entries {
                    self.value(*k, &Place::Named("k"))?;
                    self.value(*v, &Place::Named("v"))?;
                }
                self.end();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A primitive (or box) as Javolution's own formats write it.
    pub(super) fn primitive_text(&self, v: &Value, class: &str) -> Result<String, Error> {
        Ok(match *v {
            Value::Int(i) => i.to_string(),
            Value::Long(i) => i.to_string(),
            Value::Short(i) => i.to_string(),
            Value::Byte(i) => i.to_string(),
            Value::Boolean(b) => (b != 0).to_string(),
            Value::Char(c) => self.char_text(c, class)?,
            Value::Float(f) => {
                self.float_checks(
                    f.is_nan() && f.to_bits() != f32::NAN.to_bits(),
                    f == 0.0 && f.is_sign_negative(),
                    class,
                )?;
                javolution_float(f)
            }
            Value::Double(d) => {
                self.subnormal_check(d, class)?;
                self.float_checks(
                    d.is_nan() && d.to_bits() != f64::NAN.to_bits(),
                    d == 0.0 && d.is_sign_negative(),
                    class,
                )?;
                javolution_double(d)
            }
            Value::Ref(_) => {
                return Err(Error::Graph("a reference where a primitive belongs".into()))
            }
        })
    }

    pub(super) fn subnormal_check(&self, d: f64, class: &str) -> Result<(), Error> {
        if d != 0.0 && d.abs() < f64::MIN_POSITIVE {
            return Err(self.lossy(
                class,
                "Javolution reads some subnormal doubles back one unit in the last place off",
            ));
        }
        Ok(())
    }

    pub(super) fn float_checks(
        &self,
        payload_nan: bool,
        negative_zero: bool,
        class: &str,
    ) -> Result<(), Error> {
        if payload_nan {
            return Err(self.lossy(
                class,
                "a NaN with a payload reads back as the canonical NaN",
            ));
        }
        if negative_zero {
            return Err(self.lossy(class, "Javolution writes -0.0 as 0"));
        }
        Ok(())
    }

    pub(super) fn char_text(&self, c: u16, class: &str) -> Result<String, Error> {
        char::from_u32(u32::from(c))
            .map(String::from)
            .ok_or_else(|| self.lossy(class, "a surrogate char cannot be written"))
    }
}
