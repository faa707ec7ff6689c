//! XStream's names: the aliases a plain `new XStream()` gives JDK classes, how class and field
//! names become element names, and the declared types whose default implementation XStream
//! leaves unnamed.

use std::collections::HashMap;
use std::sync::OnceLock;

use jsess_javaser::jdk::census::{census, census_class};

/// `(alias, class)` pairs of a default XStream 1.4.20 for the types jsess reads and writes.
/// The first alias listed for a class is the one XStream writes.
const ALIASES: &[(&str, &str)] = &[
    ("string", "java.lang.String"),
    ("int", "java.lang.Integer"),
    ("long", "java.lang.Long"),
    ("short", "java.lang.Short"),
    ("byte", "java.lang.Byte"),
    ("char", "java.lang.Character"),
    ("boolean", "java.lang.Boolean"),
    ("float", "java.lang.Float"),
    ("double", "java.lang.Double"),
    ("big-int", "java.math.BigInteger"),
    ("big-decimal", "java.math.BigDecimal"),
    ("string-buffer", "java.lang.StringBuffer"),
    ("string-builder", "java.lang.StringBuilder"),
    ("java-class", "java.lang.Class"),
    ("date", "java.util.Date"),
    ("sql-timestamp", "java.sql.Timestamp"),
    ("locale", "java.util.Locale"),
    ("uuid", "java.util.UUID"),
    ("atomic-int", "java.util.concurrent.atomic.AtomicInteger"),
    ("atomic-long", "java.util.concurrent.atomic.AtomicLong"),
    ("map", "java.util.HashMap"),
    ("linked-hash-map", "java.util.LinkedHashMap"),
    ("tree-map", "java.util.TreeMap"),
    ("sorted-map", "java.util.TreeMap"),
    ("hashtable", "java.util.Hashtable"),
    (
        "concurrent-hash-map",
        "java.util.concurrent.ConcurrentHashMap",
    ),
    ("enum-map", "java.util.EnumMap"),
    ("list", "java.util.ArrayList"),
    ("linked-list", "java.util.LinkedList"),
    ("vector", "java.util.Vector"),
    ("set", "java.util.HashSet"),
    ("linked-hash-set", "java.util.LinkedHashSet"),
    ("sorted-set", "java.util.TreeSet"),
    ("tree-set", "java.util.TreeSet"),
    ("enum-set", "java.util.EnumSet"),
    ("empty-list", "java.util.Collections$EmptyList"),
    ("empty-set", "java.util.Collections$EmptySet"),
    ("empty-map", "java.util.Collections$EmptyMap"),
    ("singleton-list", "java.util.Collections$SingletonList"),
    ("singleton-map", "java.util.Collections$SingletonMap"),
    ("instant", "java.time.Instant"),
    ("duration", "java.time.Duration"),
    ("period", "java.time.Period"),
    ("local-date", "java.time.LocalDate"),
    ("local-time", "java.time.LocalTime"),
    ("local-date-time", "java.time.LocalDateTime"),
    ("zoned-date-time", "java.time.ZonedDateTime"),
    ("offset-date-time", "java.time.OffsetDateTime"),
    ("offset-time", "java.time.OffsetTime"),
    ("zone-id", "java.time.ZoneRegion"),
    ("year", "java.time.Year"),
    ("year-month", "java.time.YearMonth"),
    ("month-day", "java.time.MonthDay"),
    ("day-of-week", "java.time.DayOfWeek"),
    ("month", "java.time.Month"),
    ("auth-subject", "javax.security.auth.Subject"),
    ("object", "java.lang.Object"),
];

/// The class an element name names.
pub fn class_of(name: &str) -> String {
    class_named(name, true)
}

/// The class an attribute value names (`class`, `resolves-to`, `defined-in`, `enum-type`):
/// XStream's name coder escapes element and attribute names, never attribute values, so a
/// value is an alias or the plain binary name (`com.acme.Outer$My_Enum`).
pub fn class_of_attribute(value: &str) -> String {
    class_named(value, false)
}

fn class_named(name: &str, escaped: bool) -> String {
    if let Some((_, class)) = ALIASES.iter().find(|(alias, _)| *alias == name) {
        return (*class).to_string();
    }
    if let Some(class) = census_aliases().get(name) {
        return class.clone();
    }
    if let Some(component) = name.strip_suffix("-array") {
        return array_class(&class_named(component, escaped));
    }
    if escaped {
        decode_name(name)
    } else {
        name.to_string()
    }
}

/// The element name XStream writes for a class.
pub fn element_of(class: &str) -> String {
    name_of(class, true)
}

/// The attribute value XStream writes for a class (not escaped, see [`class_of_attribute`]).
pub fn attribute_of(class: &str) -> String {
    name_of(class, false)
}

fn name_of(class: &str, escaped: bool) -> String {
    if let Some((alias, _)) = ALIASES.iter().find(|(_, c)| *c == class) {
        return (*alias).to_string();
    }
    if let Some(alias) = census_alias(class) {
        return alias.to_string();
    }
    if let Some(component) = class.strip_prefix('[') {
        let component = match component.as_bytes().first() {
            Some(b'L') => component[1..].trim_end_matches(';').to_string(),
            Some(b'[') => component.to_string(),
            _ => primitive_name(component).unwrap_or(component).to_string(),
        };
        let component = if component.starts_with('[') {
            name_of(&component, escaped)
        } else if let Some(p) = PRIMITIVES.iter().find(|(_, n)| *n == component) {
            p.1.to_string()
        } else {
            name_of(&component, escaped)
        };
        return format!("{component}-array");
    }
    if escaped {
        encode_name(class)
    } else {
        class.to_string()
    }
}

/// The alias a plain XStream 1.4.20 writes for a JDK class, from the census, when it is not
/// the class's own name.
fn census_alias(class: &str) -> Option<&'static str> {
    let alias = census_class(class)?.xstream.as_ref()?.alias.as_deref()?;
    (alias != class && !alias.ends_with("-array")).then_some(alias)
}

/// Census aliases to the class XStream reads for them.
fn census_aliases() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        // By class name, so that an alias several classes share maps the same way every run.
        let mut classes: Vec<_> = census().values().collect();
        classes.sort_by(|a, b| a.name.cmp(&b.name));
        for class in classes {
            let Some(xstream) = &class.xstream else {
                continue;
            };
            let Some(alias) = xstream.alias.as_deref() else {
                continue;
            };
            if alias == class.name || alias.ends_with("-array") {
                continue;
            }
            let reads_as = xstream.alias_reads_as.as_deref().unwrap_or(&class.name);
            table
                .entry(alias.to_string())
                .or_insert_with(|| reads_as.to_string());
        }
        table
    })
}

const PRIMITIVES: &[(&str, &str)] = &[
    ("I", "int"),
    ("J", "long"),
    ("S", "short"),
    ("B", "byte"),
    ("C", "char"),
    ("Z", "boolean"),
    ("F", "float"),
    ("D", "double"),
];

fn primitive_name(code: &str) -> Option<&'static str> {
    PRIMITIVES.iter().find(|(c, _)| *c == code).map(|p| p.1)
}

/// The JVM array class whose components are `component` (`int` → `[I`, `java.lang.String` →
/// `[Ljava.lang.String;`, `[I` → `[[I`).
fn array_class(component: &str) -> String {
    let boxed_primitive = match component {
        "java.lang.Integer" => Some("I"),
        "java.lang.Long" => Some("J"),
        "java.lang.Short" => Some("S"),
        "java.lang.Byte" => Some("B"),
        "java.lang.Character" => Some("C"),
        "java.lang.Boolean" => Some("Z"),
        "java.lang.Float" => Some("F"),
        "java.lang.Double" => Some("D"),
        _ => None,
    };
    // `int-array` names `[I`: the alias `int` is Integer's, but an array's component alias
    // means the primitive (XStream writes `Integer[]` as `java.lang.Integer-array`).
    if let Some(code) = boxed_primitive {
        return format!("[{code}");
    }
    if component.starts_with('[') {
        format!("[{component}")
    } else {
        format!("[L{component};")
    }
}

/// XStream's name coder: `$` is written `_-` and `_` is written `__`.
pub fn encode_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            '$' => out.push_str("_-"),
            '_' => out.push_str("__"),
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`encode_name`].
pub fn decode_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' {
            match chars.peek() {
                Some('-') => {
                    chars.next();
                    out.push('$');
                }
                Some('_') => {
                    chars.next();
                    out.push('_');
                }
                _ => out.push('_'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The class XStream instantiates for a field declared with `declared` when the element names
/// no class (its default implementations).
pub fn default_implementation(declared: &str) -> &str {
    match declared {
        "java.util.Map" => "java.util.HashMap",
        "java.util.List" => "java.util.ArrayList",
        "java.util.Set" => "java.util.HashSet",
        "java.util.SortedSet" => "java.util.TreeSet",
        other => other,
    }
}

/// The class a JVM field signature names (`Ljava/lang/String;` → `java.lang.String`, `[I` → `[I`).
pub fn signature_class(signature: &str) -> String {
    if let Some(inner) = signature
        .strip_prefix('L')
        .and_then(|s| s.strip_suffix(';'))
    {
        inner.replace('/', ".")
    } else {
        signature.replace('/', ".")
    }
}

/// Whether a plain `new XStream()` (1.4.18+, whose default allow-list msm does not change)
/// reads the class: JDK value, collection and map types with converters, arrays of them and
/// enums of the JDK. Everything else is refused with a `ForbiddenClassException`.
pub fn allowed_by_default(class: &str) -> bool {
    if let Some(component) = class.strip_prefix('[') {
        return match component.strip_prefix('L') {
            Some(c) => allowed_by_default(c.trim_end_matches(';')),
            None => true,
        };
    }
    // The census asked a real XStream 1.4.20 which JDK classes its allow-list refuses.
    if let Some(xstream) = census_class(class).and_then(|c| c.xstream.as_ref()) {
        return !xstream.forbidden;
    }
    ALIASES.iter().any(|(_, c)| *c == class)
        || matches!(
            class,
            "java.util.Collections$UnmodifiableList"
                | "java.util.Collections$UnmodifiableCollection"
                | "java.util.Collections$UnmodifiableSet"
                | "java.util.Collections$UnmodifiableMap"
                | "java.util.Collections$SynchronizedList"
                | "java.util.Collections$SynchronizedCollection"
                | "java.util.Collections$SynchronizedSet"
                | "java.util.Collections$SynchronizedMap"
                | "java.util.concurrent.CopyOnWriteArrayList"
                | "java.util.ArrayDeque"
                | "java.util.PriorityQueue"
                | "java.util.Collections$SingletonSet"
        )
}

/// XStream's name for a synthetic outer-instance field (`this$0`): `outer-class` for the first
/// such field of the class hierarchy (superclass first), `outer-class-1` for the next, …
pub fn outer_class_name(field: &str, inner_fields: &[&str]) -> Option<String> {
    if !field.starts_with("this$") {
        return None;
    }
    let i = inner_fields.iter().position(|f| *f == field)?;
    Some(if i == 0 {
        "outer-class".to_string()
    } else {
        format!("outer-class-{i}")
    })
}

/// The synthetic field an `outer-class` element stands for (see [`outer_class_name`]).
pub fn outer_class_field<'f>(element: &str, inner_fields: &[&'f str]) -> Option<&'f str> {
    let rest = element.strip_prefix("outer-class")?;
    let i = match rest {
        "" => 0,
        r => r.strip_prefix('-')?.parse().ok()?,
    };
    inner_fields.get(i).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for class in [
            "java.util.ImmutableCollections$List12",
            "com.acme.my_app.Outer$Inner",
            "[I",
            "[Ljava.lang.String;",
            "[[I",
            "[Lcom.shop.model.LineItem;",
            "java.util.concurrent.ConcurrentHashMap",
        ] {
            assert_eq!(class_of(&element_of(class)), class, "{class}");
        }
        assert_eq!(element_of("[I"), "int-array");
        assert_eq!(element_of("[Ljava.lang.String;"), "string-array");
        assert_eq!(
            element_of("java.util.Arrays$ArrayList"),
            "java.util.Arrays_-ArrayList"
        );
    }
}
