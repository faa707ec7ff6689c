//! Finding a field by name among a hierarchy's fields, for the readers of formats that name
//! each field they write (XStream, Javolution, FlexJSON).

use std::collections::HashMap;

use super::Descriptor;

/// Where a field named by a format is among a hierarchy's fields (`chain`, superclass first):
/// the most derived class declaring it (or the class the format names), and its position
/// there. Looked up along the classes when an object has few fields to find; through a table
/// when it has many, since an object of a wide class (thousands of fields) naming each would
/// otherwise cost millions of comparisons.
pub struct FieldPlaces<'c> {
    /// Each name's places, most derived class first; `None` when looking along is cheap.
    table: Option<HashMap<&'c str, Vec<(usize, usize)>>>,
}

impl<'c> FieldPlaces<'c> {
    /// Lookups times fields up to which looking along the classes is cheaper than a table.
    const ALONG: usize = 1024;

    /// Places among `chain`'s fields, for an object that names `lookups` fields.
    pub fn new(chain: &'c [Descriptor], lookups: usize) -> Self {
        let fields: usize = chain.iter().map(|s| s.fields.len()).sum();
        let table = (lookups.saturating_mul(fields) > Self::ALONG).then(|| {
            let mut table: HashMap<&str, Vec<(usize, usize)>> = HashMap::with_capacity(fields);
            for (i, s) in chain.iter().enumerate().rev() {
                for (j, (_, n, _)) in s.fields.iter().enumerate() {
                    table.entry(n.as_str()).or_default().push((i, j));
                }
            }
            table
        });
        FieldPlaces { table }
    }

    /// The class (index into `chain`) and field index of `name`: in the most derived class
    /// that declares it, or in the class `defined_in` names.
    pub fn find(
        &self,
        chain: &[Descriptor],
        name: &str,
        defined_in: Option<&str>,
    ) -> Option<(usize, usize)> {
        let declares =
            |i: usize| defined_in.is_none_or(|d| chain.get(i).is_some_and(|s| d == s.name));
        match &self.table {
            Some(table) => table.get(name)?.iter().copied().find(|&(i, _)| declares(i)),
            None => chain
                .iter()
                .enumerate()
                .rev()
                .filter(|&(i, _)| declares(i))
                .find_map(|(i, s)| {
                    s.fields
                        .iter()
                        .position(|(_, n, _)| n == name)
                        .map(|j| (i, j))
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, fields: &[&str], super_class: Option<&str>) -> Descriptor {
        let mut d = Descriptor::inferred(name, fields.iter().map(|f| f.to_string()));
        d.super_class = super_class.map(str::to_string);
        d
    }

    /// The table finds what looking along finds: the most derived declaration, the one in the
    /// class named, nothing for an unknown name or class.
    #[test]
    fn the_table_agrees_with_looking_along() {
        let wide: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        let chain = vec![
            class("a.Base", &["id", "name", "w7"], None),
            class("a.Mid", &wide, Some("a.Base")),
            class("a.Leaf", &["name", "extra"], Some("a.Mid")),
        ];
        let along = FieldPlaces::new(&chain, 1);
        let table = FieldPlaces::new(&chain, 1000);
        assert!(along.table.is_none() && table.table.is_some());
        let queries = [
            ("name", None),
            ("name", Some("a.Base")),
            ("id", None),
            ("w7", None),
            ("w7", Some("a.Base")),
            ("w199", None),
            ("extra", Some("a.Mid")),
            ("missing", None),
            ("id", Some("a.Nowhere")),
        ];
        for (name, defined_in) in queries {
            assert_eq!(
                table.find(&chain, name, defined_in),
                along.find(&chain, name, defined_in),
                "{name} in {defined_in:?}"
            );
        }
        assert_eq!(table.find(&chain, "name", None), Some((2, 0)));
        assert_eq!(table.find(&chain, "name", Some("a.Base")), Some((0, 1)));
        assert_eq!(table.find(&chain, "w7", None), Some((1, 7)));
    }
}
