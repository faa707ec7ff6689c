//! Instances of defined classes: from class data a reader made, from a descriptor node asked
//! for once, or from field values by class (the formats that store fields by name).

use super::*;

impl Builder {
    /// An instance of a defined class, with its class data (one entry per class in the
    /// hierarchy, superclass first). Each [`ClassData::Serial`] holds its field values in the
    /// graph being built: make it with [`Builder::serial`].
    pub fn instance(
        &mut self,
        class: &str,
        data: Vec<ClassData<'_>>,
    ) -> Result<NodeId, BuildError> {
        self.instance_from(class, data.into_iter().map(ClassData::into_owned))
    }

    /// [`Builder::instance`] from class data that lives as long as the graph (what
    /// [`Builder::serial`] makes), taken from any iterator: a reader that builds many objects
    /// can drain a buffer it keeps instead of handing over a new vector for each.
    pub fn instance_from(
        &mut self,
        class: &str,
        data: impl IntoIterator<Item = ClassData<'static>>,
    ) -> Result<NodeId, BuildError> {
        let desc = self.desc(class)?;
        Ok(self.graph.add_object(desc, data))
    }

    /// The descriptor node of a defined class, made the first time it is asked for: a reader
    /// that builds many objects of one class asks once, then builds each with
    /// [`Builder::instance_of`].
    pub fn class_desc(&mut self, class: &str) -> Result<NodeId, BuildError> {
        self.desc(class)
    }

    /// [`Builder::instance_from`] for the class whose descriptor node is `desc` (from
    /// [`Builder::class_desc`]); any other node is refused.
    pub fn instance_of(
        &mut self,
        desc: NodeId,
        data: impl IntoIterator<Item = ClassData<'static>>,
    ) -> Result<NodeId, BuildError> {
        self.check_desc(desc)?;
        Ok(self.graph.add_object(desc, data))
    }

    /// [`Builder::instance_of`] put in the node `reserved` (from [`Builder::reserve`]) rather
    /// than a new one: what [`Builder::settle`] would make of the two, without adding the
    /// object and moving it.
    pub fn instance_of_into(
        &mut self,
        reserved: NodeId,
        desc: NodeId,
        data: impl IntoIterator<Item = ClassData<'static>>,
    ) -> Result<NodeId, BuildError> {
        self.check_desc(desc)?;
        if !matches!(self.graph.get(reserved), Some(Node::String(s)) if s.value.as_mutf8().is_empty())
        {
            return Err(BuildError::Unsupported {
                class: "(reserved object)".to_string(),
                reason: format!("node {} is not a reserved one", reserved.index()),
            });
        }
        self.graph.put_object(reserved, desc, data);
        Ok(reserved)
    }

    /// Refuses a node that is not a class descriptor of this stream as an object's class.
    fn check_desc(&self, desc: NodeId) -> Result<(), BuildError> {
        match self.graph.get(desc) {
            Some(Node::ClassDesc(_)) => Ok(()),
            _ => Err(BuildError::Unsupported {
                class: format!("node {}", desc.index()),
                reason: "an object's class must be a class descriptor of this stream".to_string(),
            }),
        }
    }

    /// A serializable class's share of an instance about to be built with
    /// [`Builder::instance`]: its field values in descriptor order and, for a class with a
    /// `writeObject` method, what that wrote after them.
    pub fn serial(
        &mut self,
        fields: &[Value],
        annotation: Option<Vec<Content<'_>>>,
    ) -> ClassData<'static> {
        let annotation = annotation.map(|a| a.into_iter().map(Content::into_owned).collect());
        self.graph.serial(fields, annotation)
    }

    /// An instance whose classes (`chain`, superclass first) hold only their default
    /// serializable fields, `values` one list per class: what a format that stores fields by
    /// name (XStream, Javolution, FlexJSON) reads back. A class with a `writeObject` method gets
    /// an empty annotation after its fields, as `defaultWriteObject` alone leaves it.
    pub fn fields_instance(
        &mut self,
        class: &str,
        chain: &[Descriptor],
        values: Vec<Vec<Value>>,
    ) -> Result<NodeId, BuildError> {
        // The descriptors the stream gets are the class's as it is known now: a reader that
        // learned more of a class while reading one of its objects (hostile text can show a
        // class two ways) must not make an object its descriptor does not describe.
        let desc = self.desc(class)?;
        let mut links = 0;
        let matches = self
            .graph
            .class_chain_up(desc)
            .zip(values.iter().rev())
            .all(|(link, fields)| {
                links += 1;
                self.graph
                    .class_desc(link)
                    .is_some_and(|d| d.fields().len() == fields.len())
            });
        if !matches || links != values.len() || chain.len() != values.len() {
            return Err(BuildError::Unsupported {
                class: class.to_string(),
                reason: "the text shows the class with different fields in different places"
                    .to_string(),
            });
        }
        let data = chain
            .iter()
            .zip(values)
            .map(|(d, fields)| {
                let annotation =
                    (d.flags & jsess_model::graph::SC_WRITE_METHOD != 0).then(Vec::new);
                self.graph.serial(&fields, annotation)
            })
            .collect();
        self.instance(class, data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A builder with a reserved node, then `Integer`'s descriptor and a child string built
    /// after it: (builder, reserved, descriptor, child).
    fn reserved_with_child() -> (Builder, NodeId, NodeId, NodeId) {
        let mut b = Builder::new();
        let reserved = b.reserve();
        let desc = b.class_desc("java.lang.Integer").unwrap();
        let child = b.java_string(JavaString::from_text("child"));
        (b, reserved, desc, child)
    }

    #[test]
    fn an_instance_fills_its_reserved_node_in_place() {
        let (mut b, reserved, desc, child) = reserved_with_child();
        let before = b.graph().len();
        // The object's own field points back at it, as a child's may.
        let data = vec![
            b.serial(&[], None),
            b.serial(&[Value::Ref(Some(reserved))], None),
        ];
        assert_eq!(b.instance_of_into(reserved, desc, data), Ok(reserved));
        assert_eq!(b.graph().len(), before, "no node added");
        let Some(Node::Object(object)) = b.graph().get(reserved) else {
            panic!("{:?}", b.graph().get(reserved));
        };
        assert_eq!(object.class, desc);
        assert_eq!(b.graph().class_data(object).len(), 2);
        assert!(matches!(b.graph().get(child), Some(Node::String(_))));
        // What `settle` is then asked to do is already done.
        assert_eq!(b.settle(reserved, reserved), Ok(reserved));
    }

    #[test]
    fn only_a_reserved_node_and_a_descriptor_are_taken() {
        let (mut b, reserved, desc, child) = reserved_with_child();
        let refused =
            |r: Result<NodeId, BuildError>| matches!(r, Err(BuildError::Unsupported { .. }));
        assert!(refused(b.instance_of_into(child, desc, [])));
        assert!(refused(b.instance_of_into(desc, desc, [])));
        assert!(refused(b.instance_of_into(reserved, child, [])));
        assert!(refused(b.instance_of_into(NodeId::new(1000), desc, [])));
        assert!(
            matches!(b.graph().get(reserved), Some(Node::String(_))),
            "left as it was"
        );
    }
}
