//! What msm's `ReflectionBinding` decides, class by class: which format writes a value and
//! which fields are XML attributes.

use jsess_model::jdk::CollectionKind;
use jsess_model::FieldType;

/// The identifier attribute msm configures on Javolution's reference resolver.
pub const ID: &str = "__id";
/// The reference attribute.
pub const REF: &str = "__ref";
/// The element Javolution writes for a null item.
pub const NULL: &str = "Null";

/// Public JDK collections msm's collection format writes (`size`, then the items) and jsess
/// builds.
const COLLECTIONS: [&str; 9] = [
    "java.util.ArrayList",
    "java.util.LinkedList",
    "java.util.Vector",
    "java.util.ArrayDeque",
    "java.util.concurrent.CopyOnWriteArrayList",
    "java.util.PriorityQueue",
    "java.util.HashSet",
    "java.util.LinkedHashSet",
    "java.util.TreeSet",
];

/// Public JDK maps msm's map format writes (`size`, then `k`/`v` pairs) and jsess builds.
const MAPS: [&str; 5] = [
    "java.util.HashMap",
    "java.util.LinkedHashMap",
    "java.util.TreeMap",
    "java.util.Hashtable",
    "java.util.concurrent.ConcurrentHashMap",
];

/// Whether msm's collection or map format writes the class (and jsess reads it).
pub fn is_reflected_map_or_collection(class: &str) -> bool {
    COLLECTIONS.contains(&class) || MAPS.contains(&class)
}

/// List or set for a collection of [`is_reflected_map_or_collection`]; `None` for a map.
pub fn collection_kind(class: &str) -> Option<CollectionKind> {
    if MAPS.contains(&class) {
        None
    } else if class.ends_with("Set") {
        Some(CollectionKind::Set)
    } else {
        Some(CollectionKind::List)
    }
}

/// Whether the reflection format writes a field of this declared class (not primitive, not an
/// enum) as an attribute: `String`, the boxes and `Currency`, by their `toString()`.
pub fn is_attribute_class(declared: &str) -> bool {
    declared == "java.lang.String"
        || declared == "java.util.Currency"
        || FieldType::of_box(declared).is_some()
}
