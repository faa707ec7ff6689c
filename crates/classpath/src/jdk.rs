//! The JDK classes sessions hold: a hand table of the few facts Kryo needs for the classes its
//! own serializers handle (finality, the fields of `UUID` and the atomics, enum constants,
//! which collection or map interface a class implements, the interfaces themselves), and for
//! every other serializable class of `java.base` and `java.sql` its layout from the census the
//! JDK printed (`corpora/census`): kind, finality, superclass, interfaces, declared fields
//! with generic types, enum constants and the Java serialization facts.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A built-in table of layouts by class name: looked up for every class a blob names.
type Table = HashMap<String, ClassSchema, foldhash::fast::RandomState>;

use jsess_javaser::jdk::census::{census, CensusClass};

use crate::{parse_class_signature, ClassSchema, FieldSchema, JavaType, Origin, TypeKind};

const FINAL_CLASSES: &[&str] = &[
    "java.lang.String",
    "java.lang.Integer",
    "java.lang.Long",
    "java.lang.Short",
    "java.lang.Byte",
    "java.lang.Character",
    "java.lang.Boolean",
    "java.lang.Float",
    "java.lang.Double",
    "java.lang.Void",
    "java.lang.Class",
    "java.lang.StringBuilder",
    "java.lang.StringBuffer",
    "java.util.Locale",
    "java.util.Currency",
    "java.util.Optional",
    "java.util.regex.Pattern",
    "java.net.URL",
    "java.net.URI",
    "java.time.Duration",
    "java.time.Instant",
    "java.time.LocalDate",
    "java.time.LocalTime",
    "java.time.LocalDateTime",
    "java.time.ZonedDateTime",
    "java.time.OffsetDateTime",
    "java.time.OffsetTime",
    "java.time.Period",
    "java.time.Year",
    "java.time.YearMonth",
    "java.time.MonthDay",
    "java.time.ZoneOffset",
];

/// Classes FieldSerializer writes from the JDK: their instance fields.
const FIELD_CLASSES: &[(&str, &[(&str, &str)])] = &[
    (
        "java.util.UUID",
        &[("mostSigBits", "J"), ("leastSigBits", "J")],
    ),
    (
        "java.util.concurrent.atomic.AtomicInteger",
        &[("value", "I")],
    ),
    ("java.util.concurrent.atomic.AtomicLong", &[("value", "J")]),
    (
        "java.util.concurrent.atomic.AtomicBoolean",
        &[("value", "I")],
    ),
];

const OPEN_CLASSES: &[(&str, Option<&str>)] = &[
    ("java.lang.Object", None),
    ("java.lang.Number", None),
    ("java.lang.Enum", None),
    ("java.lang.Record", None),
    ("java.util.Date", None),
    ("java.sql.Date", Some("java.util.Date")),
    ("java.sql.Time", Some("java.util.Date")),
    ("java.sql.Timestamp", Some("java.util.Date")),
    ("java.math.BigInteger", Some("java.lang.Number")),
    ("java.math.BigDecimal", Some("java.lang.Number")),
    ("java.util.Calendar", None),
    ("java.util.GregorianCalendar", Some("java.util.Calendar")),
    ("java.util.TimeZone", None),
    ("java.util.EnumSet", None),
];

const COLLECTIONS: &[&str] = &[
    "java.util.ArrayList",
    "java.util.LinkedList",
    "java.util.HashSet",
    "java.util.LinkedHashSet",
    "java.util.TreeSet",
    "java.util.Vector",
    "java.util.Stack",
    "java.util.ArrayDeque",
    "java.util.PriorityQueue",
    "java.util.concurrent.CopyOnWriteArrayList",
    "java.util.concurrent.CopyOnWriteArraySet",
    "java.util.concurrent.ConcurrentLinkedQueue",
    "java.util.concurrent.ConcurrentLinkedDeque",
    "java.util.concurrent.ConcurrentSkipListSet",
];

const MAPS: &[&str] = &[
    "java.util.HashMap",
    "java.util.LinkedHashMap",
    "java.util.TreeMap",
    "java.util.Hashtable",
    "java.util.Properties",
    "java.util.IdentityHashMap",
    "java.util.WeakHashMap",
    "java.util.EnumMap",
    "java.util.concurrent.ConcurrentHashMap",
    "java.util.concurrent.ConcurrentSkipListMap",
];

const INTERFACES: &[(&str, Option<&str>)] = &[
    ("java.util.Collection", None),
    ("java.util.List", Some("java.util.Collection")),
    ("java.util.Set", Some("java.util.Collection")),
    ("java.util.SortedSet", Some("java.util.Collection")),
    ("java.util.NavigableSet", Some("java.util.Collection")),
    ("java.util.Queue", Some("java.util.Collection")),
    ("java.util.Deque", Some("java.util.Collection")),
    ("java.util.Map", None),
    ("java.util.SortedMap", Some("java.util.Map")),
    ("java.util.NavigableMap", Some("java.util.Map")),
    ("java.util.concurrent.ConcurrentMap", Some("java.util.Map")),
    ("java.lang.Iterable", None),
    ("java.lang.CharSequence", None),
    ("java.lang.Comparable", None),
    ("java.lang.Cloneable", None),
    ("java.lang.Runnable", None),
    ("java.io.Serializable", None),
    ("java.io.Externalizable", Some("java.io.Serializable")),
    ("java.util.Comparator", None),
    ("java.security.Principal", None),
    ("java.lang.reflect.InvocationHandler", None),
    ("java.time.temporal.Temporal", None),
];

const ENUMS: &[(&str, &[&str])] = &[
    (
        "java.util.concurrent.TimeUnit",
        &[
            "NANOSECONDS",
            "MICROSECONDS",
            "MILLISECONDS",
            "SECONDS",
            "MINUTES",
            "HOURS",
            "DAYS",
        ],
    ),
    (
        "java.time.DayOfWeek",
        &[
            "MONDAY",
            "TUESDAY",
            "WEDNESDAY",
            "THURSDAY",
            "FRIDAY",
            "SATURDAY",
            "SUNDAY",
        ],
    ),
    (
        "java.time.Month",
        &[
            "JANUARY",
            "FEBRUARY",
            "MARCH",
            "APRIL",
            "MAY",
            "JUNE",
            "JULY",
            "AUGUST",
            "SEPTEMBER",
            "OCTOBER",
            "NOVEMBER",
            "DECEMBER",
        ],
    ),
    (
        "java.time.temporal.ChronoUnit",
        &[
            "NANOS",
            "MICROS",
            "MILLIS",
            "SECONDS",
            "MINUTES",
            "HOURS",
            "HALF_DAYS",
            "DAYS",
            "WEEKS",
            "MONTHS",
            "YEARS",
            "DECADES",
            "CENTURIES",
            "MILLENNIA",
            "ERAS",
            "FOREVER",
        ],
    ),
    (
        "java.math.RoundingMode",
        &[
            "UP",
            "DOWN",
            "CEILING",
            "FLOOR",
            "HALF_UP",
            "HALF_DOWN",
            "HALF_EVEN",
            "UNNECESSARY",
        ],
    ),
];

/// Serializable JDK comparators sessions' sorted collections hold: serialVersionUID and fields
/// (from `serialver`, JDK 17).
/// Name, serialVersionUID, fields (name, descriptor).
type SerialClass = (&'static str, i64, &'static [(&'static str, &'static str)]);

const COMPARATORS: &[SerialClass] = &[
    (
        "java.lang.String$CaseInsensitiveComparator",
        8575799808933029326,
        &[],
    ),
    (
        "java.util.Collections$ReverseComparator",
        7207038068494060240,
        &[],
    ),
    (
        "java.util.Collections$ReverseComparator2",
        4374092139857,
        &[("cmp", "Ljava/util/Comparator;")],
    ),
];

fn field_schemas(fields: &[(&str, &str)]) -> Vec<FieldSchema> {
    fields
        .iter()
        .map(|(field, descriptor)| FieldSchema {
            name: field.to_string(),
            ty: JavaType::parse(descriptor).unwrap_or(JavaType::Primitive('I')),
            transient: false,
            generics_unknown: false,
        })
        .collect()
}

fn base(name: &str, kind: TypeKind, is_final: bool) -> ClassSchema {
    ClassSchema {
        name: name.to_string(),
        kind,
        public: Some(true),
        is_final: Some(is_final),
        super_class: None,
        generic_super: None,
        interfaces: Vec::new(),
        type_parameters: Vec::new(),
        fields: Vec::new(),
        enum_constants: None,
        enum_bodies: Default::default(),
        java: None,
        serial_methods: Default::default(),
        origin: Origin::Builtin,
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table::default();
        let mut put = |s: ClassSchema| {
            t.insert(s.name.clone(), s);
        };
        for name in FINAL_CLASSES {
            put(base(name, TypeKind::Class, true));
        }
        for (name, fields) in FIELD_CLASSES {
            let mut s = base(name, TypeKind::Class, *name == "java.util.UUID");
            if name.contains("atomic") {
                s.super_class = Some("java.lang.Number".to_string());
            }
            s.fields = field_schemas(fields);
            put(s);
        }
        for (name, super_class) in OPEN_CLASSES {
            let mut s = base(name, TypeKind::Class, false);
            s.super_class = super_class.map(str::to_string);
            put(s);
        }
        for name in COLLECTIONS {
            let mut s = base(name, TypeKind::Class, false);
            s.interfaces = vec!["java.util.Collection".to_string()];
            put(s);
        }
        for name in MAPS {
            let mut s = base(name, TypeKind::Class, false);
            s.interfaces = vec!["java.util.Map".to_string()];
            put(s);
        }
        for (name, parent) in INTERFACES {
            let mut s = base(name, TypeKind::Interface, false);
            s.interfaces = parent.iter().map(|p| p.to_string()).collect();
            put(s);
        }
        for (name, suid, fields) in COMPARATORS {
            let mut s = base(name, TypeKind::Class, false);
            s.interfaces = vec![
                "java.util.Comparator".to_string(),
                "java.io.Serializable".to_string(),
            ];
            s.fields = field_schemas(fields);
            s.java = Some(super::JavaSerial {
                suid: *suid,
                flags: jsess_model::graph::SC_SERIALIZABLE,
                fields: fields
                    .iter()
                    .map(|(f, d)| (f.to_string(), d.to_string()))
                    .collect(),
            });
            put(s);
        }
        for (name, constants) in ENUMS {
            let mut s = base(name, TypeKind::Enum, true);
            s.super_class = Some("java.lang.Enum".to_string());
            s.enum_constants = Some(constants.iter().map(|c| c.to_string()).collect());
            put(s);
        }
        t
    })
}

/// The built-in schema of a JDK class.
pub fn schema(name: &str) -> Option<&'static ClassSchema> {
    table().get(name).or_else(|| census_schemas().get(name))
}

/// The layout of every census class, built once.
fn census_schemas() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        census()
            .values()
            .filter(|c| c.kind != "array")
            .map(|c| (c.name.clone(), census_schema(c)))
            .collect()
    })
}

fn census_schema(class: &CensusClass) -> ClassSchema {
    let kind = match class.kind.as_str() {
        "enum" => TypeKind::Enum,
        "interface" => TypeKind::Interface,
        "record" => TypeKind::Record,
        _ => TypeKind::Class,
    };
    let (type_parameters, generic_super) = class
        .signature
        .as_deref()
        .and_then(|s| parse_class_signature(s).ok())
        .map_or((Vec::new(), None), |(params, sup)| {
            let generic = matches!(&sup, JavaType::Class { args, .. } if !args.is_empty());
            (params, generic.then_some(sup))
        });
    let fields = class
        .declared
        .iter()
        .filter_map(|f| {
            let name = f.first()?;
            let descriptor = f.get(1)?;
            let modifiers = f.get(2).map_or("", String::as_str);
            let ty = f
                .get(3)
                .and_then(|sig| JavaType::parse(sig).ok())
                .or_else(|| JavaType::parse(descriptor).ok())?;
            Some(FieldSchema {
                name: name.clone(),
                ty,
                transient: modifiers.split(' ').any(|m| m == "transient"),
                generics_unknown: false,
            })
        })
        .collect();
    let java = class.is_serializable().then(|| super::JavaSerial {
        suid: class.suid,
        flags: class.flags,
        fields: class
            .fields
            .iter()
            .filter_map(|f| Some((f.first()?.clone(), f.get(1)?.clone())))
            .collect(),
    });
    ClassSchema {
        name: class.name.clone(),
        kind,
        public: Some(class.public),
        is_final: Some(class.is_final),
        super_class: class
            .super_chain
            .first()
            .filter(|s| *s != "java.lang.Object")
            .cloned(),
        generic_super,
        interfaces: class.interfaces.clone(),
        type_parameters,
        fields,
        enum_constants: (kind == TypeKind::Enum).then(|| class.enum_constants.clone()),
        enum_bodies: Default::default(),
        java,
        serial_methods: crate::SerialMethods {
            read_object: class.read_object,
            write_replace: class.write_replace.as_deref() == Some(class.name.as_str()),
            read_resolve: class.read_resolve.as_deref() == Some(class.name.as_str()),
        },
        origin: Origin::Builtin,
    }
}
