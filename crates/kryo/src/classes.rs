//! Which class gets which registration id and which serializer, as msm's Kryo instance decides
//! (Kryo 4.0 defaults, then msm's registrations 10–25, then its default serializers), or as
//! Redisson's `Kryo5Codec` does (Kryo 5 defaults 0–8, Redisson's default serializers).

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use crate::layout::{self, Finality, JavaSlots, LayoutField};
use crate::memo::{ClassMemo, Map, Plan};
use crate::schema::{JavaType, Schemas, TypeKind};

/// Class tag of `null` in `writeClass`.
pub const TAG_NULL: u32 = 0;
/// Class tag of a class written by name.
pub const TAG_NAME: u32 = 1;

/// Registration ids in msm's Kryo (Kryo 4 defaults 0–9, msm's 10–25), by id.
pub const REGISTERED: [&str; 26] = [
    "java.lang.Integer",
    "java.lang.String",
    "java.lang.Float",
    "java.lang.Boolean",
    "java.lang.Byte",
    "java.lang.Character",
    "java.lang.Short",
    "java.lang.Long",
    "java.lang.Double",
    "java.lang.Void",
    "java.util.Arrays$ArrayList",
    "java.lang.reflect.InvocationHandler",
    "java.util.Collections$UnmodifiableCollection",
    "java.util.Collections$UnmodifiableRandomAccessList",
    "java.util.Collections$UnmodifiableList",
    "java.util.Collections$UnmodifiableSet",
    "java.util.Collections$UnmodifiableSortedSet",
    "java.util.Collections$UnmodifiableMap",
    "java.util.Collections$UnmodifiableSortedMap",
    "java.util.Collections$SynchronizedCollection",
    "java.util.Collections$SynchronizedRandomAccessList",
    "java.util.Collections$SynchronizedList",
    "java.util.Collections$SynchronizedSet",
    "java.util.Collections$SynchronizedSortedSet",
    "java.util.Collections$SynchronizedMap",
    "java.util.Collections$SynchronizedSortedMap",
];

/// Which Kryo configuration wrote (or is to write) the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dialect {
    /// Kryo 4.0 as memcached-session-manager configures it: references on, msm's
    /// registrations and default serializers, big-endian fixed-width numbers.
    #[default]
    Msm,
    /// Kryo 5.6 as Redisson's `Kryo5Codec` configures it: references off, registration not
    /// required, Kryo 5's own registrations (the eight primitives and `String`), Redisson's
    /// default serializers, little-endian fixed-width numbers.
    Redisson5,
}

impl Dialect {
    /// Whether declared type arguments reach the serializers: Kryo 5's always do; msm's Kryo 4
    /// passes none (see `generics.rs`).
    pub fn optimized_generics(self) -> bool {
        self == Dialect::Redisson5 || crate::generics::OPTIMIZED_GENERICS
    }

    /// How many of the default registrations (`REGISTERED`) the dialect makes: Kryo 5
    /// registers no `Void` and Redisson none of msm's classes.
    pub fn registered(self) -> usize {
        match self {
            Dialect::Msm => REGISTERED.len(),
            Dialect::Redisson5 => 9,
        }
    }
}

/// The Redisson release whose `Kryo5Codec` wrote (or is to write) the bytes: its default
/// serializers changed over time. 3.19.0 had no `UUID`, `URI` and `Pattern` serializers
/// (FieldSerializer wrote them), 3.19.1 added them; 3.46.0 added the atomic serializers
/// (FieldSerializer before); the `JavaSerializer` defaults came in 3.35.0 (collection
/// wrappers), 3.36.0 (`EnumMap`) and 3.38.0 (socket addresses), which jsess refuses either
/// way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RedissonRelease(pub u16, pub u16, pub u16);

impl RedissonRelease {
    /// The release the corpus was written as (Kryo 5.6.2); every release since 3.46.0 writes
    /// the values jsess reads the same way.
    pub const LATEST: RedissonRelease = RedissonRelease(4, 7, 0);
    /// The first release whose default codec is `Kryo5Codec`.
    pub const FIRST: RedissonRelease = RedissonRelease(3, 19, 0);

    /// `"3.45.1"` → `RedissonRelease(3, 45, 1)`.
    pub fn parse(text: &str) -> Option<RedissonRelease> {
        let mut parts = text.trim().split('.').map(|p| p.parse::<u16>().ok());
        let release = RedissonRelease(
            parts.next()??,
            parts.next()??,
            parts.next().unwrap_or(Some(0))?,
        );
        parts.next().is_none().then_some(release)
    }

    fn has_uuid_uri_pattern_serializers(self) -> bool {
        self >= RedissonRelease(3, 19, 1)
    }

    fn has_atomic_serializers(self) -> bool {
        self >= RedissonRelease(3, 46, 0)
    }
}

/// The registration id of the proxy classes' stand-in, `InvocationHandler`.
pub const PROXY_ID: u32 = 11;

/// The registration id of a class (primitive classes share their wrapper's): its place in
/// [`REGISTERED`], found by one `match` (a tagged value asks once per value, and looking along
/// the table compared a name with each entry).
pub fn registration_id(class: &str) -> Option<u32> {
    Some(match class {
        "int" | "java.lang.Integer" => 0,
        "java.lang.String" => 1,
        "float" | "java.lang.Float" => 2,
        "boolean" | "java.lang.Boolean" => 3,
        "byte" | "java.lang.Byte" => 4,
        "char" | "java.lang.Character" => 5,
        "short" | "java.lang.Short" => 6,
        "long" | "java.lang.Long" => 7,
        "double" | "java.lang.Double" => 8,
        "void" | "java.lang.Void" => 9,
        "java.util.Arrays$ArrayList" => 10,
        "java.lang.reflect.InvocationHandler" => 11,
        "java.util.Collections$UnmodifiableCollection" => 12,
        "java.util.Collections$UnmodifiableRandomAccessList" => 13,
        "java.util.Collections$UnmodifiableList" => 14,
        "java.util.Collections$UnmodifiableSet" => 15,
        "java.util.Collections$UnmodifiableSortedSet" => 16,
        "java.util.Collections$UnmodifiableMap" => 17,
        "java.util.Collections$UnmodifiableSortedMap" => 18,
        "java.util.Collections$SynchronizedCollection" => 19,
        "java.util.Collections$SynchronizedRandomAccessList" => 20,
        "java.util.Collections$SynchronizedList" => 21,
        "java.util.Collections$SynchronizedSet" => 22,
        "java.util.Collections$SynchronizedSortedSet" => 23,
        "java.util.Collections$SynchronizedMap" => 24,
        "java.util.Collections$SynchronizedSortedMap" => 25,
        _ => return None,
    })
}

/// A wrapper of `java.util.Collections` and its kryo-serializers ordinal (0 collection,
/// 1 random-access list, 2 list, 3 set, 4 sorted set, 5 map, 6 sorted map).
pub fn wrapper_ordinal(class: &str) -> Option<(bool, u8)> {
    let short = class.strip_prefix("java.util.Collections$")?;
    let (synchronized, kind) = if let Some(k) = short.strip_prefix("Unmodifiable") {
        (false, k)
    } else if let Some(k) = short.strip_prefix("Synchronized") {
        (true, k)
    } else {
        return None;
    };
    let ordinal = match kind {
        "Collection" => 0,
        "RandomAccessList" => 1,
        "List" => 2,
        "Set" => 3,
        "SortedSet" => 4,
        "Map" => 5,
        "SortedMap" => 6,
        _ => return None,
    };
    Some((synchronized, ordinal))
}

/// The serializer Kryo uses for a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ser {
    /// A primitive wrapper, by descriptor letter.
    Boxed(char),
    /// `String`.
    String,
    /// `ArraysAsListSerializer`.
    ArraysAsList,
    /// `JdkProxySerializer`.
    Proxy,
    /// `UnmodifiableCollectionsSerializer` / `SynchronizedCollectionsSerializer`.
    Wrapper,
    /// A primitive array, by element descriptor letter.
    PrimitiveArray(char),
    /// An array of references.
    ObjectArray,
    /// `BigIntegerSerializer`.
    BigInteger,
    /// `BigDecimalSerializer`.
    BigDecimal,
    /// `ClassSerializer`.
    Class,
    /// `DateSerializer` (also `java.sql.*`).
    Date,
    /// `EnumSerializer`.
    Enum,
    /// `EnumSetSerializer`.
    EnumSet,
    /// `CurrencySerializer`.
    Currency,
    /// `StringBuilderSerializer` / `StringBufferSerializer`.
    Text,
    /// `CollectionsEmptyListSerializer` and friends: no body.
    Empty,
    /// `CollectionsSingletonListSerializer` / `CollectionsSingletonSetSerializer`.
    Singleton,
    /// `CollectionsSingletonMapSerializer`.
    SingletonMap,
    /// `TreeSetSerializer`.
    TreeSet,
    /// `CollectionSerializer`.
    Collection,
    /// `TreeMapSerializer`.
    TreeMap,
    /// `MapSerializer`.
    Map,
    /// kryo-serializers' `EnumMapSerializer` (an msm default serializer).
    EnumMap,
    /// `LocaleSerializer`.
    Locale,
    /// Kryo 4's `java.time` serializers.
    Time,
    /// `FieldSerializer`.
    Field,
    /// Kryo 5's `UUIDSerializer` (two fixed-width longs).
    Uuid,
    /// Kryo 5's `StringArraySerializer`.
    StringArray,
    /// Kryo 5's atomic serializers: `AtomicInteger`/`AtomicLong` fixed-width, `AtomicBoolean` a
    /// boolean, `AtomicReference` the value's `writeClassAndObject`.
    Atomic,
    /// Kryo 5's `URISerializer` (`writeString(uri.toString())`).
    Uri,
    /// Kryo 5's `PatternSerializer` (the pattern string, then the flags as a positive varint).
    Pattern,
    /// A serializer jsess does not implement, with the reason.
    Unsupported(&'static str),
}

/// What Redisson's `Kryo5Codec` writes through Java serialization inside Kryo
/// (`JavaSerializer`: an `ObjectOutputStream` with no length before it).
const JAVA_INSIDE_KRYO: &str =
    "Redisson's Kryo5Codec writes it with Kryo's JavaSerializer (a Java stream inside the Kryo \
     bytes), which jsess does not read or write";

/// The collection wrappers and `EnumMap`: Redisson's `JavaSerializer` since 3.35/3.36, Kryo's
/// collection and map serializers before (which cannot read them back).
const WRAPPERS_AND_ENUM_MAPS: &str =
    "Redisson's Kryo5Codec writes it with Kryo's JavaSerializer (a Java stream inside the Kryo \
     bytes; since 3.35, before that as a plain collection or map it cannot read back), which \
     jsess does not read or write";

/// Where Redisson's Kryo 5 picks another serializer than msm's Kryo 4 for a class its name
/// decides; `None` where the two agree.
fn kryo5_serializer(class: &str, release: RedissonRelease) -> Option<Ser> {
    let atomic = class.starts_with("java.util.concurrent.atomic.Atomic");
    if atomic && !release.has_atomic_serializers() {
        // FieldSerializer, as for any class.
        return None;
    }
    if !release.has_uuid_uri_pattern_serializers() {
        match class {
            "java.util.UUID" => return None,
            "java.net.URI" | "java.util.regex.Pattern" => {
                return Some(Ser::Unsupported(
                    "Redisson before 3.19.1 writes it with FieldSerializer, whose field layout of \
                     this JDK class jsess does not know",
                ))
            }
            _ => {}
        }
    }
    Some(match class {
        "java.util.UUID" => Ser::Uuid,
        "[Ljava.lang.String;" => Ser::StringArray,
        "java.util.concurrent.atomic.AtomicInteger"
        | "java.util.concurrent.atomic.AtomicLong"
        | "java.util.concurrent.atomic.AtomicBoolean"
        | "java.util.concurrent.atomic.AtomicReference" => Ser::Atomic,
        "java.net.URI" => Ser::Uri,
        "java.util.regex.Pattern" => Ser::Pattern,
        "java.lang.Void" => Ser::Unsupported("Kryo 5 does not register Void"),
        "java.util.EnumMap" => Ser::Unsupported(WRAPPERS_AND_ENUM_MAPS),
        _ if class.starts_with("java.util.Collections$Unmodifiable")
            || class.starts_with("java.util.Collections$Synchronized")
            || class.starts_with("java.util.Collections$Checked") =>
        {
            Ser::Unsupported(WRAPPERS_AND_ENUM_MAPS)
        }
        "java.net.URL"
        | "java.util.BitSet"
        | "java.util.PriorityQueue"
        | "java.util.concurrent.ConcurrentSkipListMap"
        | "java.util.concurrent.ConcurrentHashMap$KeySetView" => {
            Ser::Unsupported("jsess does not implement this Kryo 5 serializer yet")
        }
        // Kryo 5's TimeSerializers write Kryo 4's bytes (fixed-width parts little-endian).
        _ if crate::time::CLASSES.contains(&class) => Ser::Time,
        _ if class.starts_with("java.time.") => {
            Ser::Unsupported("Kryo 5 has no serializer of its own for this java.time class")
        }
        _ => return None,
    })
}

/// The serializer of a class whose name alone decides it (registered and JDK classes, arrays).
fn fixed_serializer(class: &str, dialect: Dialect, release: RedissonRelease) -> Option<Ser> {
    if dialect == Dialect::Redisson5 {
        if let Some(ser) = kryo5_serializer(class, release) {
            return Some(ser);
        }
    }
    Some(match class {
        "java.lang.Integer" => Ser::Boxed('I'),
        "java.lang.Long" => Ser::Boxed('J'),
        "java.lang.Short" => Ser::Boxed('S'),
        "java.lang.Byte" => Ser::Boxed('B'),
        "java.lang.Character" => Ser::Boxed('C'),
        "java.lang.Boolean" => Ser::Boxed('Z'),
        "java.lang.Float" => Ser::Boxed('F'),
        "java.lang.Double" => Ser::Boxed('D'),
        "java.lang.String" => Ser::String,
        "java.lang.Void" => Ser::Unsupported("a Void value cannot exist"),
        "java.util.Arrays$ArrayList" => Ser::ArraysAsList,
        "java.util.EnumMap" => Ser::EnumMap,
        "java.util.ArrayList$SubList" | "java.util.SubList" => {
            Ser::Unsupported("sub-lists are written as views of their parent list")
        }
        "java.math.BigInteger" => Ser::BigInteger,
        "java.math.BigDecimal" => Ser::BigDecimal,
        "java.lang.Class" => Ser::Class,
        "java.util.Date" | "java.sql.Date" | "java.sql.Time" | "java.sql.Timestamp" => Ser::Date,
        "java.util.RegularEnumSet" | "java.util.JumboEnumSet" => Ser::EnumSet,
        "java.util.Currency" => Ser::Currency,
        "java.lang.StringBuilder" | "java.lang.StringBuffer" => Ser::Text,
        "java.util.Collections$EmptyList"
        | "java.util.Collections$EmptySet"
        | "java.util.Collections$EmptyMap" => Ser::Empty,
        "java.util.Collections$SingletonList" | "java.util.Collections$SingletonSet" => {
            Ser::Singleton
        }
        "java.util.Collections$SingletonMap" => Ser::SingletonMap,
        "java.util.TreeSet" => Ser::TreeSet,
        "java.util.TreeMap" => Ser::TreeMap,
        "java.util.Locale" => Ser::Locale,
        _ if wrapper_ordinal(class).is_some() => Ser::Wrapper,
        _ => {
            let component = class.strip_prefix('[')?;
            match component.as_bytes().first() {
                Some(c @ (b'B' | b'C' | b'S' | b'I' | b'J' | b'F' | b'D' | b'Z'))
                    if component.len() == 1 =>
                {
                    Ser::PrimitiveArray(*c as char)
                }
                _ => Ser::ObjectArray,
            }
        }
    })
}

/// The serializer of a class the schemas must be asked about: enums, Kryo's interface-based
/// defaults, FieldSerializer.
fn schema_serializer(class: &str, schemas: &Schemas, dialect: Dialect) -> Ser {
    let schema = schemas.get(class);
    if schemas.enum_type(class).is_some() {
        return Ser::Enum;
    }
    if dialect == Dialect::Redisson5
        && [
            "java.lang.Throwable",
            "java.net.SocketAddress",
            "java.net.InetAddress",
        ]
        .iter()
        .any(|base| schemas.is_subtype(class, base))
    {
        return Ser::Unsupported(JAVA_INSIDE_KRYO);
    }
    if schemas.is_subtype(class, "com.esotericsoftware.kryo.KryoSerializable") {
        return Ser::Unsupported("KryoSerializable classes write whatever their own code writes");
    }
    if schemas.is_subtype(class, "java.util.Collection") {
        return if class.starts_with("java.") {
            Ser::Collection
        } else {
            Ser::Unsupported(
                "an application collection class is written by CollectionSerializer, which drops its own fields",
            )
        };
    }
    if schemas.is_subtype(class, "java.util.Map") {
        return if class.starts_with("java.") {
            Ser::Map
        } else {
            Ser::Unsupported(
                "an application map class is written by MapSerializer, which drops its own fields",
            )
        };
    }
    if schemas.is_subtype(class, "java.util.Date") {
        return Ser::Unsupported("a Date subclass keeps only its milliseconds in Kryo");
    }
    if schemas.is_subtype(class, "java.util.TimeZone")
        || schemas.is_subtype(class, "java.util.Calendar")
    {
        return Ser::Unsupported("time zones and calendars are not supported");
    }
    if let Some(s) = schema {
        if s.kind == TypeKind::Record {
            return Ser::Unsupported("Kryo 4 cannot create records");
        }
    }
    if dialect == Dialect::Redisson5 && schema.is_some_and(|s| s.kind == TypeKind::Record) {
        return Ser::Unsupported("jsess does not implement Kryo 5's RecordSerializer yet");
    }
    if crate::time::CLASSES.contains(&class) {
        return Ser::Time;
    }
    if class.starts_with("java.time.") {
        return Ser::Unsupported("Kryo 4 has no serializer of its own for this java.time class");
    }
    Ser::Field
}

/// Whether a Kryo 5 serializer accepts null (`getAcceptsNull`): `writeObjectOrNull` then
/// writes no null marker before its body, whose first byte says null instead.
pub fn accepts_null(ser: Ser) -> bool {
    matches!(
        ser,
        Ser::String
            | Ser::BigInteger
            | Ser::BigDecimal
            | Ser::Class
            | Ser::Enum
            | Ser::Currency
            | Ser::Text
            | Ser::PrimitiveArray(_)
            | Ser::ObjectArray
            | Ser::StringArray
    )
}

/// The first byte of a null body of a serializer that [`accepts_null`]: `writeString(null)`
/// is 0x80, the others write 0 (a varint or `writeByte(NULL)`).
pub fn null_body(ser: Ser) -> u8 {
    match ser {
        Ser::String | Ser::Currency | Ser::Text => 0x80,
        _ => 0,
    }
}

/// Whether Kryo's `MapReferenceResolver` tracks instances of the class (all but the eight
/// primitive wrappers).
pub fn is_tracked(ser: Ser) -> bool {
    !matches!(ser, Ser::Boxed(_))
}

/// What one blob's reader or writer asks of the schemas again and again, answered once per
/// class: which serializer, and FieldSerializer's field list with its plan.
pub struct ClassCache<'s> {
    schemas: &'s Schemas,
    /// Answers kept across blobs, ahead of `serializers`.
    memo: Option<&'s ClassMemo>,
    /// Refuse classes known only from Java descriptors (writing; see [`Schemas::kryo_fields`]).
    strict: bool,
    dialect: Dialect,
    release: RedissonRelease,
    serializers: RefCell<Map<String, Ser>>,
    layouts: RefCell<Map<String, Rc<FieldLayout>>>,
}

/// A class's fields as FieldSerializer handles them (see [`crate::layout`]).
pub(crate) struct FieldLayout {
    /// The fields, in Kryo's order.
    pub fields: Arc<[LayoutField]>,
    /// Whether `fields` came from a walk that refused classes known only from Java
    /// descriptors (what a writer asks for).
    pub strict: bool,
    /// Whether each field's values carry a class tag.
    pub finality: Arc<[Finality]>,
    /// Where each Java field's value comes from ([`layout::java_slots`]), once the reader has
    /// built an object of the class.
    pub java_slots: OnceCell<JavaSlots>,
    /// The class's Java descriptor chain, once the reader has made it known to this blob's
    /// builder (`Reader::ensure_class`).
    pub java_chain: OnceCell<Arc<[jsess_javaser::jdk::Descriptor]>>,
    /// The class's descriptor node in this blob's graph, once the reader has built an object
    /// of the class from the plan.
    pub java_desc: OnceCell<jsess_model::NodeId>,
    /// How the reader takes each field's value ([`ClassCache::steps`]), once it has read an
    /// object of the class.
    pub steps: OnceCell<Arc<[Option<Step>]>>,
}

impl FieldLayout {
    /// What of the layout is kept across blobs (not the blob's descriptor node, nor whether
    /// this blob's builder knows the chain).
    fn plan(&self) -> Plan {
        Plan {
            fields: Arc::clone(&self.fields),
            strict: self.strict,
            finality: Arc::clone(&self.finality),
            java_slots: self.java_slots.get().cloned(),
            steps: self.steps.get().cloned(),
        }
    }
}

/// How the reader takes one field's value when nothing about it depends on the object (Kryo
/// without optimized generics): its finality and a final declared class's serializer, worked
/// out once per class rather than at every value (they follow from the layouts alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// A primitive, by descriptor letter.
    Primitive(char),
    /// A value of the final declared class: a null marker, then a body of that serializer.
    Final(Ser),
    /// A value that names its class.
    Tagged,
}

impl<'s> ClassCache<'s> {
    /// An empty cache over `schemas` for `dialect`'s serializers as Redisson `release`
    /// configures them (for [`Dialect::Redisson5`]).
    pub fn for_release(
        schemas: &'s Schemas,
        strict: bool,
        dialect: Dialect,
        release: RedissonRelease,
    ) -> Self {
        ClassCache {
            schemas,
            memo: None,
            strict,
            dialect,
            release,
            serializers: RefCell::default(),
            layouts: RefCell::default(),
        }
    }

    /// A cache for one blob over what `memo` remembers across blobs.
    pub(crate) fn over_memo(memo: &'s ClassMemo, strict: bool) -> Self {
        ClassCache {
            memo: Some(memo),
            ..ClassCache::for_release(memo.schemas(), strict, memo.dialect(), memo.release())
        }
    }

    /// The serializer for instances of `class`, as Kryo picks it (first match in its list);
    /// the answers that needed the schemas are remembered.
    pub fn serializer(&self, class: &str) -> Ser {
        if let Some(ser) = fixed_serializer(class, self.dialect, self.release) {
            return ser;
        }
        // What the memo remembers is not copied into this blob's map: a blob asks about a
        // class a few times (the reader keeps each named class's serializer by its id), and
        // adding it to a map made for each blob cost more than the lookups it saved. The map
        // holds what the memo does not keep (classes the layouts do not describe).
        if let Some(ser) = self.serializers.borrow().get(class) {
            return *ser;
        }
        if let Some(ser) = self.memo.and_then(|m| m.serializer(class)) {
            return ser;
        }
        let ser = schema_serializer(class, self.schemas, self.dialect);
        if let Some(memo) = self.memo {
            memo.remember_serializer(class, ser);
        }
        self.serializers.borrow_mut().insert(class.to_string(), ser);
        ser
    }

    /// [`Schemas::kryo_fields`] with their finality, remembered for the blob, and across blobs
    /// when there is a memo (a list a lax walk gave serves a strict one only once a strict walk
    /// of the class succeeded too, so a writer still refuses what it refused).
    pub(crate) fn field_layout(&self, class: &str) -> Result<Rc<FieldLayout>, String> {
        if let Some(layout) = self.layouts.borrow().get(class) {
            return Ok(Rc::clone(layout));
        }
        let known = self.memo.and_then(|m| m.plan(class));
        let plan = match known.filter(|p| p.strict || !self.strict) {
            Some(plan) => plan,
            None => {
                let fields: Arc<[LayoutField]> = self
                    .schemas
                    .kryo_fields(class, self.strict)?
                    .iter()
                    .map(LayoutField::from)
                    .collect();
                let optimized = self.dialect.optimized_generics();
                let plan = Plan {
                    finality: layout::finality(self.schemas, &fields, optimized),
                    fields,
                    strict: self.strict,
                    java_slots: None,
                    steps: None,
                };
                if let Some(memo) = self.memo {
                    memo.remember_plan(class, plan.clone());
                }
                plan
            }
        };
        let layout = Rc::new(FieldLayout {
            fields: plan.fields,
            strict: plan.strict,
            finality: plan.finality,
            java_slots: plan.java_slots.map(OnceCell::from).unwrap_or_default(),
            java_chain: OnceCell::new(),
            java_desc: OnceCell::new(),
            steps: plan.steps.map(OnceCell::from).unwrap_or_default(),
        });
        self.layouts
            .borrow_mut()
            .insert(class.to_string(), Rc::clone(&layout));
        Ok(layout)
    }

    /// The Java slots of `class`'s layout, once the reader has found its Java descriptor chain
    /// (`FieldLayout::java_chain`; `None` before): remembered across blobs, when there is a
    /// memo, with the rest of the class's plan.
    pub(crate) fn java_slots<'l>(&self, class: &str, layout: &'l FieldLayout) -> Option<&'l [u32]> {
        if let Some(slots) = layout.java_slots.get() {
            return slots.as_deref();
        }
        let slots = layout::java_slots(layout.java_chain.get()?, &layout.fields);
        let slots = layout.java_slots.get_or_init(|| slots);
        if let Some(memo) = self.memo {
            memo.remember_plan(class, layout.plan());
        }
        slots.as_deref()
    }

    /// How the reader takes each field of `layout`'s class without optimized generics (where
    /// none depends on the object): `None` for a field whose finality the layouts cannot say,
    /// read value by value so that its error comes at the same byte. Remembered across blobs,
    /// when there is a memo, with the rest of the class's plan.
    pub(crate) fn steps<'l>(&self, class: &str, layout: &'l FieldLayout) -> &'l [Option<Step>] {
        if let Some(steps) = layout.steps.get() {
            return steps;
        }
        let fields = layout.fields.iter().zip(layout.finality.iter());
        let steps: Arc<[Option<Step>]> = fields
            .map(|(field, finality)| match (&field.field.ty, finality) {
                (JavaType::Primitive(c), _) => Some(Step::Primitive(*c)),
                (ty, Finality::Final) => Some(Step::Final(self.serializer(&ty.erased()))),
                (_, Finality::Open) => Some(Step::Tagged),
                (_, Finality::Ask) => None,
            })
            .collect();
        let steps = layout.steps.get_or_init(|| steps);
        if let Some(memo) = self.memo {
            memo.remember_plan(class, layout.plan());
        }
        steps
    }
}

/// The component class of an array class name (`[Ljava.lang.String;` → `java.lang.String`,
/// `[[I` → `[I`, `[I` → `int`).
pub(crate) fn component_class(array_class: &str) -> String {
    let component = array_class.strip_prefix('[').unwrap_or(array_class);
    if let Some(name) = component.strip_prefix('L') {
        return name.trim_end_matches(';').to_string();
    }
    if component.starts_with('[') {
        return component.to_string();
    }
    component
        .chars()
        .next()
        .map(|c| crate::schema::primitive_name(c).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_classes_are_the_jdks() {
        // `registration_id` answers any other name without looking through the table.
        assert!(REGISTERED.iter().all(|name| name.starts_with("java.")));
        assert_eq!(registration_id("int"), Some(0));
        assert_eq!(
            registration_id("java.util.Collections$SynchronizedSortedMap"),
            Some(25)
        );
        assert_eq!(registration_id("java.util.HashMap"), None);
        assert_eq!(registration_id("com.acme.graph.Node"), None);
        // The match and the table agree, and each primitive shares its wrapper's id.
        for (i, class) in REGISTERED.iter().enumerate() {
            assert_eq!(registration_id(class), Some(i as u32), "{class}");
        }
        for (primitive, wrapper) in [
            ("int", "Integer"),
            ("float", "Float"),
            ("boolean", "Boolean"),
            ("byte", "Byte"),
            ("char", "Character"),
            ("short", "Short"),
            ("long", "Long"),
            ("double", "Double"),
            ("void", "Void"),
        ] {
            let wrapper = format!("java.lang.{wrapper}");
            assert_eq!(registration_id(primitive), registration_id(&wrapper));
        }
    }

    fn class(name: &str, origin: crate::schema::Origin) -> crate::schema::ClassSchema {
        crate::schema::ClassSchema {
            name: name.to_string(),
            kind: TypeKind::Class,
            public: Some(true),
            is_final: Some(true),
            super_class: None,
            generic_super: None,
            interfaces: vec![],
            type_parameters: vec![],
            fields: vec![crate::schema::FieldSchema {
                name: "n".to_string(),
                ty: JavaType::Primitive('I'),
                transient: false,
                generics_unknown: false,
            }],
            enum_constants: None,
            enum_bodies: Default::default(),
            java: None,
            serial_methods: Default::default(),
            origin,
        }
    }

    /// A class's field list is kept across blobs, but one a reader's lax walk gave never
    /// serves a writer, which refuses classes known only from a Java descriptor; a writer's
    /// strict walk serves both.
    #[test]
    fn layouts_kept_across_blobs_keep_the_writers_refusal() {
        use crate::schema::Origin;
        let mut schemas = Schemas::new();
        schemas.insert(class("a.Seen", Origin::JavaDescriptor));
        schemas.insert(class("a.Known", Origin::ClassFile));
        schemas.insert(class("a.Other", Origin::ClassFile));
        schemas.insert(class("a.Third", Origin::ClassFile));
        let memo = ClassMemo::new(Arc::new(schemas), Dialect::Msm, RedissonRelease::LATEST);
        let blob = |strict| ClassCache::over_memo(&memo, strict);

        assert!(blob(false).field_layout("a.Seen").is_ok());
        assert!(memo.plan("a.Seen").is_some_and(|p| !p.strict));
        for _ in 0..2 {
            let refused = blob(true).field_layout("a.Seen").err();
            assert!(
                refused
                    .as_deref()
                    .is_some_and(|e| e.contains("Java descriptor")),
                "{refused:?}"
            );
        }

        let written = blob(true)
            .field_layout("a.Known")
            .ok()
            .map(|l| l.fields.clone());
        let read = blob(false)
            .field_layout("a.Known")
            .ok()
            .map(|l| l.fields.clone());
        assert!(written.is_some() && written == read);
        // The reader's use (its steps) adds to the plan without undoing the strict walk.
        let cache = blob(false);
        let layout = cache.field_layout("a.Known").expect("layout");
        assert_eq!(
            cache.steps("a.Known", &layout),
            [Some(Step::Primitive('I'))]
        );
        let plan = memo.plan("a.Known").expect("plan");
        assert!(plan.strict && plan.steps.is_some());

        // A reader whose lax walk came before a writer's strict one leaves the strict mark.
        let reader = blob(false);
        let lax = reader.field_layout("a.Other").expect("layout");
        assert!(blob(true).field_layout("a.Other").is_ok());
        reader.steps("a.Other", &lax);
        let plan = memo.plan("a.Other").expect("plan");
        assert!(plan.strict && plan.steps.is_some());
        // And a writer's strict walk after a reader's steps keeps the steps.
        let reader = blob(false);
        let lax = reader.field_layout("a.Third").expect("layout");
        reader.steps("a.Third", &lax);
        assert!(blob(true).field_layout("a.Third").is_ok());
        let plan = memo.plan("a.Third").expect("plan");
        assert!(plan.strict && plan.steps.is_some());
    }
}
