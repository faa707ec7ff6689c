//! What reader and writer share of FlexJSON's binding: the declared types it binds JSON
//! arrays and objects to, and class names from field signatures.

/// The declared classes FlexJSON binds a JSON array to an `ArrayList` for.
pub(crate) const LIST_TYPES: &[&str] = &[
    "java.lang.Object",
    "java.util.List",
    "java.util.Collection",
    "java.util.ArrayList",
    "java.util.AbstractList",
    "java.util.AbstractCollection",
];
/// ... to a `HashSet` for.
pub(crate) const SET_TYPES: &[&str] = &[
    "java.util.Set",
    "java.util.HashSet",
    "java.util.AbstractSet",
];
/// ... a JSON object without `class` to a `HashMap` for.
pub(crate) const MAP_TYPES: &[&str] = &[
    "java.lang.Object",
    "java.util.Map",
    "java.util.HashMap",
    "java.util.AbstractMap",
];

/// The binary class name of a JVM field signature (`Ljava/util/List;` → `java.util.List`,
/// `[I` stays `[I`, `[Ljava/lang/String;` → `[Ljava.lang.String;`).
pub(crate) fn signature_class(signature: &str) -> String {
    match signature
        .strip_prefix('L')
        .and_then(|s| s.strip_suffix(';'))
    {
        Some(inner) => inner.replace('/', "."),
        None => signature.replace('/', "."),
    }
}

/// The component class of an array class (`[Ljava.lang.String;` → `java.lang.String`,
/// `[[I` → `[I`).
pub(crate) fn component_class(array: &str) -> String {
    let inner = &array[1.min(array.len())..];
    match inner.strip_prefix('L').and_then(|s| s.strip_suffix(';')) {
        Some(c) => c.to_string(),
        None => inner.to_string(),
    }
}
