//! Kryo 4's optimized generics: with them on, a field's declared type arguments travel to the
//! serializer of its value, and a collection or map whose element (key, value) type is final
//! writes those elements without class tags; inside a generic class, type variables resolve
//! through the arguments its own field declared.
//!
//! msm leaves them off. Its `KryoTranscoder` creates Kryo through its own `createKryo`
//! override, which bypasses the one `KryoBuilder` call that switches them on, so the Kryo it
//! pools reports `isOptimizedGenerics() == false` and every element carries its class tag
//! (seen in the bytes real msm 716e147 with Kryo 4.0.0 writes: `corpora/kryo`, `camunda`,
//! `kryo_7_2`). [`OPTIMIZED_GENERICS`] records that; the resolution below is what Kryo does
//! with them on.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::schema::{JavaType, Schemas, TypeArg};

/// One type argument a serializer receives: its class (`None` when unresolved) and its own
/// type arguments, which Kryo 5 hands on to the serializers of the elements (`List<Integer>`
/// inside `Map<String, List<Integer>>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeArgument {
    /// The class, when resolved.
    pub class: Option<String>,
    /// Its own type arguments.
    pub args: Vec<TypeArgument>,
}

/// The type arguments a serializer receives through `setGenerics` (Kryo 4) or the generics
/// stack (Kryo 5).
pub type Generics = Option<Vec<TypeArgument>>;

/// The generics the serializer of the elements at `index` receives: the type arguments of
/// that argument (Kryo 5's `nextGenericTypes` pushes them for the elements).
pub fn nested(generics: &Generics, index: usize) -> Generics {
    let args = &generics.as_ref()?.get(index)?.args;
    (!args.is_empty()).then(|| args.clone())
}

/// [`nested`] of the last argument: what Kryo 5 pushes for a collection's elements and a map's
/// values.
pub fn nested_last(generics: &Generics) -> Generics {
    let last = generics.as_ref()?.len().checked_sub(1)?;
    nested(generics, last)
}

fn argument(arg: &TypeArg, scope: &Scope) -> TypeArgument {
    match arg {
        TypeArg::Wildcard => TypeArgument {
            class: Some("java.lang.Object".to_string()),
            args: Vec::new(),
        },
        TypeArg::Type(JavaType::Variable(v)) => TypeArgument {
            class: scope.get(v).cloned(),
            args: Vec::new(),
        },
        TypeArg::Type(JavaType::Class { name, args }) => TypeArgument {
            class: Some(name.clone()),
            args: args.iter().map(|a| argument(a, scope)).collect(),
        },
        TypeArg::Type(t) => TypeArgument {
            class: Some(t.erased_name()),
            args: Vec::new(),
        },
    }
}

/// Type variable → concrete class, inside one generic class.
pub type Scope = HashMap<String, String>;

/// The scope a FieldSerializer builds for `class` from the generics it was handed, or, for a
/// class without type parameters, from its first parameterized superclass.
pub fn scope_for(schemas: &Schemas, class: &str, generics: &Generics) -> Scope {
    let mut scope = Scope::new();
    let Some(schema) = schemas.get(class) else {
        return scope;
    };
    if !schema.type_parameters.is_empty() {
        if let Some(generics) = generics {
            for (param, concrete) in schema.type_parameters.iter().zip(generics) {
                if let Some(c) = &concrete.class {
                    scope.insert(param.clone(), c.clone());
                }
            }
        }
        return scope;
    }
    let mut current = schema;
    for _ in 0..64 {
        if let Some(JavaType::Class { name, args }) = &current.generic_super {
            if let Some(parent) = schemas.get(name) {
                for (param, arg) in parent.type_parameters.iter().zip(args) {
                    let concrete = match arg {
                        TypeArg::Type(JavaType::Class { name, args }) if args.is_empty() => {
                            name.clone()
                        }
                        _ => "java.lang.Object".to_string(),
                    };
                    scope.insert(param.clone(), concrete);
                }
            }
            return scope;
        }
        match current.super_class.as_deref().and_then(|s| schemas.get(s)) {
            Some(parent) => current = parent,
            None => break,
        }
    }
    scope
}

/// Whether a declared class passes type arguments on to its values' serializers.
fn takes_generics(schemas: &Schemas, class: &str) -> bool {
    schemas.is_subtype(class, "java.util.Collection")
        || schemas.is_subtype(class, "java.util.Map")
        || schemas
            .get(class)
            .is_some_and(|s| !s.type_parameters.is_empty())
}

/// Whether the Kryo msm configures passes declared type arguments to serializers (it does not;
/// Kryo 5 always does, so Redisson's bytes omit final element classes).
pub const OPTIMIZED_GENERICS: bool = false;

/// A field's declared class (after type-variable resolution) and the generics its value's
/// serializer receives. Without optimized generics that is the erased declared type and none.
pub fn field_generics<'t>(
    schemas: &Schemas,
    ty: &'t JavaType,
    scope: &'t Scope,
    generics_unknown: bool,
    optimized: bool,
) -> Result<(Cow<'t, str>, Generics), String> {
    if !optimized {
        return Ok((ty.erased(), None));
    }
    match ty {
        JavaType::Primitive(_) | JavaType::Array(_) => Ok((ty.erased(), None)),
        JavaType::Variable(v) => Ok(match scope.get(v) {
            Some(c) => (
                Cow::Borrowed(c.as_str()),
                Some(vec![TypeArgument {
                    class: Some(c.clone()),
                    args: Vec::new(),
                }]),
            ),
            None => (Cow::Borrowed("java.lang.Object"), None),
        }),
        JavaType::Class { name, args } => {
            if generics_unknown && takes_generics(schemas, name) {
                return Err(format!(
                    "the generic type arguments of a {name} field are not in a Java descriptor \
                     (Kryo omits element class tags when they are final): pass --classpath with \
                     the application's classes or a --schema file"
                ));
            }
            if args.is_empty() {
                return Ok((Cow::Borrowed(name), None));
            }
            let generics: Vec<TypeArgument> = args.iter().map(|a| argument(a, scope)).collect();
            let generics = match generics.first() {
                Some(TypeArgument { class: Some(_), .. }) => Some(generics),
                _ => None,
            };
            Ok((Cow::Borrowed(name), generics))
        }
    }
}

/// The class a collection's (or map's) elements at generic position `index` are written with
/// when it is final, so they carry no class tag; `None` when they carry one.
pub fn known_element_class(
    schemas: &Schemas,
    generics: &Generics,
    index: usize,
) -> Result<Option<String>, (String, String)> {
    let Some(class) = generics
        .as_ref()
        .and_then(|g| g.get(index))
        .and_then(|c| c.class.clone())
    else {
        return Ok(None);
    };
    let is_final = schemas
        .is_final(&class)
        .map_err(|need| (class.clone(), need))?;
    Ok(is_final.then_some(class))
}
