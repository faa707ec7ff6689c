//! The read half: bytes to a [`Stream`].
//!
//! A recursive-descent parser over `&[u8]` that follows the grammar of the specification's
//! chapter 6.4, builds the object graph in an arena (a handle maps to a node, so back-references
//! and cycles cost one edge) and borrows strings, block data and primitive arrays from the input.
//! Nesting is bounded by [`Limits::max_depth`] and every recursive step runs under
//! [`deep::guard`], so no input can overflow the stack; lengths are checked against the bytes
//! that remain before anything is allocated for them.

mod buffers;
mod chains;
mod cursor;
mod descriptors;
mod layouts;
mod templates;

use std::borrow::Cow;

use jsess_model::graph::{SC_BLOCK_DATA, SC_ENUM, SC_EXTERNALIZABLE, SC_SERIALIZABLE};
use jsess_model::{
    deep, Array, BlockData, ClassData, ClassDesc, ClassKind, ClassObject, Content, DescOrigin,
    Elements, EnumConstant, FieldDesc, FieldType, Graph, JavaString, Node, NodeId, Object, Ref,
    Span, StringNode, Unknowns, Value,
};

use crate::constants::*;
use crate::error::{Error, ErrorKind};
use crate::Stream;
use buffers::{Buffers, Density};
use cursor::Cursor;
use jsess_model::{Limit, Limits};
use layouts::Layout;

/// The handle table index a wire handle names, if any.
fn handle_index(handle: u32) -> Option<usize> {
    handle
        .checked_sub(BASE_WIRE_HANDLE)
        .and_then(|i| usize::try_from(i).ok())
}

/// Reads a whole stream.
///
/// The reader's working buffers (handle table, layouts, scratch stacks) are kept per thread
/// between calls, emptied, so decoding sessions one after another does not allocate them anew;
/// buffers a large stream grew are dropped rather than kept. The thread also keeps the class
/// descriptors it read, and whole chains of a class and its superclasses (at most 1,024 of
/// each, of at most 2 KiB each; a chain keeps its descriptors again beside its bytes, so the
/// thread keeps at most 6 MiB), and rebuilds one whose bytes come again without parsing it;
/// what a stream decodes to never depends on them.
pub fn decode<'a>(input: &'a [u8], limits: &Limits) -> Result<Stream<'a>, Error> {
    match decode_prefix(input, limits) {
        (stream, None) => Ok(stream),
        (_, Some(error)) => Err(error),
    }
}

/// Reads a stream as far as it can: the top-level contents before the first error, and that
/// error. This is how a caller recovers from an error that ends the stream for jsess but not for
/// the objects before it, such as [`ErrorKind::ExternalizableProtocol1`]. The graph may also hold
/// nodes of the content that failed; `contents` lists only complete ones.
pub fn decode_prefix<'a>(input: &'a [u8], limits: &Limits) -> (Stream<'a>, Option<Error>) {
    match Parser::new(input, limits) {
        Ok(parser) => parser.parse_stream(),
        Err(error) => (Stream::default(), Some(error)),
    }
}

/// How parsing an element ended other than normally.
enum Stop {
    /// The input is rejected.
    Error(Error),
    /// The writer aborted (`TC_EXCEPTION`).
    Aborted {
        /// The exception object, read with fresh handles.
        exception: NodeId,
        /// The outermost object or array left half-written, as the abort unwinds.
        partial: Option<NodeId>,
    },
}

impl Stop {
    /// The half-written node the abort came through, which the enclosing field, element or
    /// annotation holds: Java wrote its start before the exception, so it is part of the bytes.
    fn partial(&self) -> Option<NodeId> {
        match self {
            Stop::Aborted { partial, .. } => *partial,
            Stop::Error(_) => None,
        }
    }

    /// The same stop, passing through a half-written node.
    fn through(self, node: NodeId) -> Stop {
        match self {
            Stop::Aborted { exception, .. } => Stop::Aborted {
                exception,
                partial: Some(node),
            },
            error => error,
        }
    }
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Error(e)
    }
}

type Parsed<T> = Result<T, Stop>;

struct Parser<'a, 'l> {
    cur: Cursor<'a>,
    limits: &'l Limits,
    graph: Graph<'a>,
    /// Handle table since the last reset: `handles[h - BASE_WIRE_HANDLE]` (out of
    /// [`Buffers`] while the stream is read, as the reader uses it for every object).
    handles: Vec<NodeId>,
    /// Field values of the classes being read, innermost last, until each class's are
    /// complete and move to the graph's pool in one run (likewise).
    field_scratch: Vec<Value>,
    /// The instance layouts, descriptors being read and descriptors kept (see [`Buffers`]).
    buffers: Box<Buffers>,
    handles_created: u32,
    back_references: u32,
    depth: u32,
    /// Reading the `Throwable` of a `TC_EXCEPTION`.
    in_exception: bool,
    /// Annotation items being read, innermost annotation's last.
    scratch: Vec<Content<'a>>,
    /// Class data of the objects being read, innermost last, until each object's is complete
    /// and moves to the graph's pool in one run.
    data_scratch: Vec<ClassData<'a>>,
    /// How many nodes the thread's recent streams made per byte, to learn this one's into.
    density: Density,
    /// Whether the class descriptor chain read last was a plain one, which can be kept whole:
    /// descriptors with empty annotations ended by `TC_NULL` ([`chains`]).
    plain_chain: bool,
}

impl<'a, 'l> Parser<'a, 'l> {
    fn new(input: &'a [u8], limits: &'l Limits) -> Result<Self, Error> {
        if input.len() > limits.max_stream_bytes {
            return Err(Error {
                offset: limits.max_stream_bytes,
                kind: ErrorKind::LimitExceeded {
                    limit: Limit::StreamBytes,
                    value: input.len() as u64,
                },
            });
        }
        let mut buffers = Buffers::take();
        let (scratch, data_scratch) = buffers.scratch();
        let mut handles = std::mem::take(&mut buffers.handles);
        let field_scratch = std::mem::take(&mut buffers.fields);
        let density = Density::of_thread();
        let nodes = density.expected_nodes(input.len());
        handles.reserve(nodes);
        Ok(Parser {
            cur: Cursor::new(input),
            limits,
            graph: Graph::with_capacity(nodes),
            handles,
            field_scratch,
            buffers,
            handles_created: 0,
            back_references: 0,
            depth: 0,
            in_exception: false,
            scratch,
            data_scratch,
            density,
            plain_chain: false,
        })
    }

    /// Hands the working buffers back for the thread's next stream.
    fn give_back_buffers(mut self) {
        self.buffers.handles = self.handles;
        self.buffers.fields = self.field_scratch;
        self.buffers.give_back(self.scratch, self.data_scratch);
        self.density.keep();
    }

    fn err(&self, offset: usize, kind: ErrorKind) -> Error {
        Error { offset, kind }
    }

    /// Reads the header, then top-level contents until the end or the first error. The
    /// contents read before an error are kept.
    fn parse_stream(mut self) -> (Stream<'a>, Option<Error>) {
        // An msm stream holds a count and a name and value per attribute: room for three
        // attributes spares the first regrowths.
        let mut contents = Vec::with_capacity(8);
        let error = self.parse_contents(&mut contents).err();
        self.density.learn(self.cur.pos(), self.graph.len());
        let stream = Stream {
            graph: std::mem::take(&mut self.graph),
            contents,
        };
        self.give_back_buffers();
        (stream, error)
    }

    fn parse_contents(&mut self, contents: &mut Vec<Content<'a>>) -> Result<(), Error> {
        let magic = self.cur.u16()?;
        if magic != STREAM_MAGIC {
            return Err(self.err(0, ErrorKind::BadMagic(magic)));
        }
        let version = self.cur.u16()?;
        if version != STREAM_VERSION {
            return Err(self.err(2, ErrorKind::UnsupportedVersion(version)));
        }
        while !self.cur.is_empty() {
            let at = self.cur.pos();
            match self.cur.peek()? {
                TC_RESET => {
                    self.cur.skip(1);
                    self.handles.clear();
                    contents.push(Content::Reset);
                }
                TC_BLOCKDATA | TC_BLOCKDATALONG => contents.push(Content::Block(self.block()?)),
                TC_ENDBLOCKDATA => {
                    return Err(self.err(
                        at,
                        ErrorKind::UnexpectedTypeCode {
                            code: TC_ENDBLOCKDATA,
                            expected: "a top-level object or block data",
                        },
                    ))
                }
                _ => match self.object() {
                    Ok(r) => contents.push(Content::Object(r)),
                    Err(Stop::Error(e)) => return Err(e),
                    Err(Stop::Aborted { exception, partial }) => {
                        if let Some(root) = partial {
                            contents.push(Content::Object(Some(root)));
                        }
                        contents.push(Content::Exception(exception));
                    }
                },
            }
        }
        Ok(())
    }
}

// The recursive grammar.
impl<'a> Parser<'a, '_> {
    /// `object` in an object position: any object, null, back-reference, or an aborted write.
    fn object(&mut self) -> Parsed<Ref> {
        let at = self.cur.pos();
        let code = self.cur.peek()?;
        match code {
            TC_NULL => {
                self.cur.skip(1);
                Ok(None)
            }
            TC_REFERENCE => {
                self.cur.skip(1);
                Ok(Some(self.back_reference(at)?))
            }
            TC_EXCEPTION => {
                self.cur.skip(1);
                Err(self.exception(at)?)
            }
            TC_RESET => Err(self.err(at, ErrorKind::ResetInsideObject).into()),
            TC_OBJECT | TC_ARRAY | TC_STRING | TC_LONGSTRING | TC_ENUM | TC_CLASS
            | TC_CLASSDESC | TC_PROXYCLASSDESC => self.nested(|p| p.new_object(code)).map(Some),
            _ => Err(self
                .err(
                    at,
                    ErrorKind::UnexpectedTypeCode {
                        code,
                        expected: "an object",
                    },
                )
                .into()),
        }
    }

    /// Runs one level of nesting: depth accounting plus stack growth.
    fn nested<T>(&mut self, step: impl FnOnce(&mut Self) -> Parsed<T>) -> Parsed<T> {
        if self.depth >= self.limits.max_depth {
            return Err(self.limit(Limit::Depth, u64::from(self.depth) + 1).into());
        }
        self.depth += 1;
        let depth = self.depth;
        let result = deep::guard_at(depth, || step(self));
        self.depth -= 1;
        result
    }

    fn new_object(&mut self, code: u8) -> Parsed<NodeId> {
        match code {
            TC_STRING | TC_LONGSTRING => Ok(self.new_string()?),
            TC_CLASSDESC | TC_PROXYCLASSDESC => self.new_class_desc(),
            TC_OBJECT => self.new_instance(),
            TC_ARRAY => self.new_array(),
            TC_ENUM => self.new_enum(),
            TC_CLASS => self.new_class(),
            _ => unreachable!("new_object is only called with a new-object code"),
        }
    }

    /// `exception`: reads the Throwable with a cleared handle table and clears it again after.
    /// Nesting starts afresh inside it, as Java's reader does.
    fn exception(&mut self, at: usize) -> Parsed<Stop> {
        // An exception inside an exception is not representable, and refusing it up front
        // keeps a run of `TC_EXCEPTION` bytes from recursing without bound.
        if self.in_exception {
            return Err(self
                .err(
                    at,
                    ErrorKind::UnsupportedException("inside another exception"),
                )
                .into());
        }
        self.handles.clear();
        let saved_depth = std::mem::replace(&mut self.depth, 0);
        self.in_exception = true;
        let throwable = self.object();
        self.in_exception = false;
        self.depth = saved_depth;
        self.handles.clear();
        match throwable {
            Ok(Some(exception)) => Ok(Stop::Aborted {
                exception,
                partial: None,
            }),
            Ok(None) => Err(self
                .err(
                    at,
                    ErrorKind::UnexpectedTypeCode {
                        code: TC_NULL,
                        expected: "the exception object",
                    },
                )
                .into()),
            Err(Stop::Aborted { .. }) => Err(self
                .err(
                    at,
                    ErrorKind::UnsupportedException("inside another exception"),
                )
                .into()),
            Err(e) => Err(e),
        }
    }

    fn back_reference(&mut self, at: usize) -> Result<NodeId, Error> {
        self.back_references = self.back_references.saturating_add(1);
        if self.back_references > self.limits.max_back_references {
            return Err(self.limit(Limit::BackReferences, u64::from(self.back_references)));
        }
        let handle = self.cur.u32()?;
        self.handle_node(at, handle)
    }

    /// The node a wire handle names in this stream (`at`: where the reference starts).
    fn handle_node(&self, at: usize, handle: u32) -> Result<NodeId, Error> {
        handle_index(handle)
            .and_then(|i| self.handles.get(i).copied())
            .ok_or_else(|| self.err(at, ErrorKind::UnknownHandle(handle)))
    }

    /// Reserves the next handle for a node about to be built.
    fn assign_handle(&mut self, placeholder: Node<'a>) -> Result<NodeId, Error> {
        // The graph addresses nodes with u32, so u32::MAX is a hard ceiling whatever the limit.
        self.handles_created = self.handles_created.saturating_add(1);
        if self.handles_created > self.limits.max_handles.min(u32::MAX - 1) {
            return Err(self.limit(Limit::Handles, u64::from(self.handles_created)));
        }
        let id = self.graph.add(placeholder);
        self.handles.push(id);
        Ok(id)
    }

    fn limit(&self, limit: Limit, value: u64) -> Error {
        self.err(self.cur.pos(), ErrorKind::LimitExceeded { limit, value })
    }

    // ---- strings ---------------------------------------------------------------------------

    /// `newString` (the type code not yet consumed).
    fn new_string(&mut self) -> Result<NodeId, Error> {
        let long = self.cur.u8()? == TC_LONGSTRING;
        // Reading the text creates no handle, so the string's handle can be assigned after it,
        // with the finished node (no placeholder to write and replace).
        let value = if long { self.long_utf()? } else { self.utf()? };
        self.assign_handle(Node::String(StringNode { value, long }))
    }

    /// `utf`: u16 length plus modified UTF-8.
    fn utf(&mut self) -> Result<JavaString<'a>, Error> {
        let len = self.cur.u16()?;
        self.mutf8(u64::from(len))
    }

    /// `long-utf`: i64 length plus modified UTF-8.
    fn long_utf(&mut self) -> Result<JavaString<'a>, Error> {
        let at = self.cur.pos();
        let len = self.cur.i64()?;
        if len < 0 {
            return Err(self.err(
                at,
                ErrorKind::NegativeLength {
                    what: "string length",
                    value: len,
                },
            ));
        }
        self.mutf8(len as u64)
    }

    fn mutf8(&mut self, len: u64) -> Result<JavaString<'a>, Error> {
        if len > self.limits.max_string_bytes {
            return Err(self.limit(Limit::StringBytes, len));
        }
        let at = self.cur.pos();
        let bytes = self.cur.take_u64(len)?;
        self.java_string(at, bytes)
    }

    /// The modified UTF-8 `bytes` found at `at` as a string.
    fn java_string(&self, at: usize, bytes: &'a [u8]) -> Result<JavaString<'a>, Error> {
        JavaString::from_mutf8(bytes).map_err(|e| self.err(at + e.at, ErrorKind::MalformedString))
    }

    /// A `(String)object` position: new string, back-reference to a string, or (where `nullable`) null.
    fn string_object(&mut self, nullable: bool) -> Result<Ref, Error> {
        let at = self.cur.pos();
        match self.cur.peek()? {
            TC_STRING | TC_LONGSTRING => {
                self.depth_check_for_leaf()?;
                Ok(Some(self.new_string()?))
            }
            TC_REFERENCE => {
                self.cur.skip(1);
                let node = self.back_reference(at)?;
                match self.graph.node(node) {
                    Node::String(_) => Ok(Some(node)),
                    other => Err(self.wrong_kind(at, other, "a string")),
                }
            }
            TC_NULL if nullable => {
                self.cur.skip(1);
                Ok(None)
            }
            code => Err(self.err(
                at,
                ErrorKind::UnexpectedTypeCode {
                    code,
                    expected: "a string",
                },
            )),
        }
    }

    /// Strings read outside [`Self::object`] still count one level, as in Java.
    fn depth_check_for_leaf(&self) -> Result<(), Error> {
        if self.depth + 1 > self.limits.max_depth {
            return Err(self.limit(Limit::Depth, u64::from(self.depth + 1)));
        }
        Ok(())
    }

    fn wrong_kind(&self, at: usize, node: &Node<'_>, expected: &'static str) -> Error {
        let handle = self.cur.u32_at(at + 1).unwrap_or(0);
        self.err(
            at,
            ErrorKind::WrongHandleKind {
                handle,
                found: node_kind_name(node),
                expected,
            },
        )
    }

    // ---- class descriptors -----------------------------------------------------------------

    fn block(&mut self) -> Result<BlockData<'a>, Error> {
        let long = self.cur.u8()? == TC_BLOCKDATALONG;
        let len = if long {
            let at = self.cur.pos();
            let len = self.cur.i32()?;
            if len < 0 {
                return Err(self.err(
                    at,
                    ErrorKind::NegativeLength {
                        what: "block data length",
                        value: i64::from(len),
                    },
                ));
            }
            len as u64
        } else {
            u64::from(self.cur.u8()?)
        };
        Ok(BlockData {
            bytes: Cow::Borrowed(self.cur.take_u64(len)?),
            long,
        })
    }

    // ---- instances -------------------------------------------------------------------------

    fn new_instance(&mut self) -> Parsed<NodeId> {
        self.cur.skip(1);
        let class = self.required_class_desc()?;
        let id = self.assign_handle(Node::Object(Object {
            class,
            data: Span::default(),
            complete: false,
        }))?;
        let flags = self.desc(class).flags();
        let mark = self.data_scratch.len();
        let outcome = if flags & SC_EXTERNALIZABLE != 0 {
            self.external_data(class, flags)
        } else {
            self.serial_data(class)
        };
        let data = self.graph.take_class_data(&mut self.data_scratch, mark);
        if let Node::Object(o) = self.graph.node_mut(id) {
            o.data = data;
            o.complete = outcome.is_ok();
        }
        outcome.map(|()| id).map_err(|stop| stop.through(id))
    }

    fn external_data(&mut self, class: NodeId, flags: u8) -> Parsed<()> {
        if flags & SC_BLOCK_DATA == 0 {
            let class = self.class_name_string(class);
            return Err(self
                .err(self.cur.pos(), ErrorKind::ExternalizableProtocol1 { class })
                .into());
        }
        let contents = self.annotation_or_partial(&mut |p, partial| {
            p.data_scratch.push(ClassData::External(partial));
        })?;
        self.data_scratch.push(ClassData::External(contents));
        Ok(())
    }

    fn serial_data(&mut self, class: NodeId) -> Parsed<()> {
        let complete = self.buffers.descs_in_progress.is_empty();
        let layout = self.buffers.layouts.of(&self.graph, class, complete);
        let result = layout
            .slots
            .clone()
            .try_for_each(|k| self.class_data(&layout, k));
        self.buffers.layouts.release(&layout);
        result
    }

    /// One class's share of an instance: slot `k` of its layout.
    fn class_data(&mut self, layout: &Layout, k: usize) -> Parsed<()> {
        let slot = self.buffers.layouts.slot(layout, k).clone();
        // A writeObject that never calls defaultWriteObject (jcoleman's and ran-jit's session
        // metadata) writes its block data where the fields would be. When every field is a
        // reference, no field value can start with a block-data code, so such an instance is
        // told apart without guessing: its fields are left empty.
        if slot.write_method
            && slot.primitives.is_empty()
            && slot.references > 0
            && matches!(
                self.cur.peek(),
                Ok(TC_BLOCKDATA | TC_BLOCKDATALONG | TC_ENDBLOCKDATA)
            )
        {
            return self.serial_annotation(Span::default());
        }
        let mark = self.field_scratch.len();
        // Primitive values come first in descriptor order, then the object fields.
        for index in slot.primitives {
            let ty = self.buffers.layouts.primitive(layout, index);
            let value = self.primitive(ty)?;
            self.field_scratch.push(value);
        }
        for _ in 0..slot.references {
            match self.object() {
                Ok(r) => self.field_scratch.push(Value::Ref(r)),
                Err(stop) => {
                    if let Some(partial) = stop.partial() {
                        self.field_scratch.push(Value::Ref(Some(partial)));
                    }
                    let fields = self.fields_since(mark);
                    self.data_scratch.push(ClassData::Serial {
                        fields,
                        annotation: None,
                    });
                    return Err(stop);
                }
            }
        }
        let fields = self.fields_since(mark);
        if slot.write_method {
            self.serial_annotation(fields)
        } else {
            self.data_scratch.push(ClassData::Serial {
                fields,
                annotation: None,
            });
            Ok(())
        }
    }

    /// Moves the field values read since `mark` to the graph's pool.
    fn fields_since(&mut self, mark: usize) -> Span {
        let span = self.graph.push_values(&self.field_scratch[mark..]);
        self.field_scratch.truncate(mark);
        span
    }

    /// What `writeObject` wrote after `fields`; on an abort, what was read before it.
    fn serial_annotation(&mut self, fields: Span) -> Parsed<()> {
        let mut partial = None;
        let result = self.annotation_or_partial(&mut |_, contents| partial = Some(contents));
        let (annotation, outcome) = match result {
            Ok(contents) => (Some(contents), Ok(())),
            Err(stop) => (partial, Err(stop)),
        };
        self.data_scratch
            .push(ClassData::Serial { fields, annotation });
        outcome
    }

    fn primitive(&mut self, ty: FieldType) -> Result<Value, Error> {
        let size = ty.primitive_size().unwrap_or(0);
        let bytes = self.cur.take(size)?;
        Ok(jsess_model::graph::decode_primitive(ty, bytes))
    }

    fn desc(&self, id: NodeId) -> &ClassDesc<'a> {
        match self.graph.node(id) {
            Node::ClassDesc(d) => d,
            _ => unreachable!("class positions only ever hold descriptor nodes"),
        }
    }

    fn class_name_string(&self, desc: NodeId) -> String {
        self.desc(desc).display_name()
    }

    // ---- arrays, enums, classes ------------------------------------------------------------

    fn new_array(&mut self) -> Parsed<NodeId> {
        let at = self.cur.pos();
        self.cur.skip(1);
        let class = self.required_class_desc()?;
        let element = self.array_element_type(class, at)?;
        let id = self.assign_handle(Node::Array(Array {
            class,
            elements: Elements::Object(Vec::new()),
            aborted_length: None,
        }))?;
        let len_at = self.cur.pos();
        let len = self.cur.i32()?;
        if len < 0 {
            return Err(self
                .err(
                    len_at,
                    ErrorKind::NegativeLength {
                        what: "array length",
                        value: i64::from(len),
                    },
                )
                .into());
        }
        if len as u32 > self.limits.max_array_length {
            return Err(self.limit(Limit::ArrayLength, len as u64).into());
        }
        let len = len as usize;
        let (elements, outcome) = match element.primitive_size() {
            Some(size) => {
                let raw = self.cur.take_u64(len as u64 * size as u64)?;
                (
                    Elements::Primitive {
                        ty: element,
                        raw: Cow::Borrowed(raw),
                    },
                    Ok(()),
                )
            }
            None => {
                // Every element takes at least one byte: the input bounds the allocation.
                if len > self.cur.remaining() {
                    return Err(self.err(self.cur.pos(), ErrorKind::UnexpectedEof).into());
                }
                let mut refs = Vec::with_capacity(len);
                let mut outcome = Ok(());
                for _ in 0..len {
                    match self.object() {
                        Ok(r) => refs.push(r),
                        Err(stop) => {
                            if let Some(partial) = stop.partial() {
                                refs.push(Some(partial));
                            }
                            outcome = Err(stop);
                            break;
                        }
                    }
                }
                (Elements::Object(refs), outcome)
            }
        };
        let aborted_length = outcome.is_err().then_some(len as u32);
        if let Node::Array(a) = self.graph.node_mut(id) {
            a.elements = elements;
            a.aborted_length = aborted_length;
        }
        outcome.map(|()| id).map_err(|stop| stop.through(id))
    }

    fn array_element_type(&self, class: NodeId, at: usize) -> Result<FieldType, Error> {
        let not_array = || {
            self.err(
                at,
                ErrorKind::NotAnArrayClass(self.class_name_string(class)),
            )
        };
        let ClassKind::Class { name, .. } = &self.desc(class).kind else {
            return Err(not_array());
        };
        let bytes = name.as_mutf8();
        if bytes.first() != Some(&b'[') {
            return Err(not_array());
        }
        match bytes.get(1).copied().and_then(FieldType::from_code) {
            Some(FieldType::Object | FieldType::Array) => Ok(FieldType::Object),
            Some(ty) if bytes.len() == 2 => Ok(ty),
            _ => Err(not_array()),
        }
    }

    fn new_enum(&mut self) -> Parsed<NodeId> {
        let at = self.cur.pos();
        self.cur.skip(1);
        let class = self.required_class_desc()?;
        if self.desc(class).flags() & SC_ENUM == 0 {
            return Err(self
                .err(at, ErrorKind::NotAnEnumClass(self.class_name_string(class)))
                .into());
        }
        let id = self.assign_handle(Node::Enum(EnumConstant { class, name: class }))?;
        let name_at = self.cur.pos();
        let name = self.string_object(false)?.ok_or_else(|| {
            self.err(
                name_at,
                ErrorKind::UnexpectedTypeCode {
                    code: TC_NULL,
                    expected: "an enum constant name",
                },
            )
        })?;
        *self.graph.node_mut(id) = Node::Enum(EnumConstant { class, name });
        Ok(id)
    }

    fn new_class(&mut self) -> Parsed<NodeId> {
        self.cur.skip(1);
        let class = self.required_class_desc()?;
        Ok(self.assign_handle(Node::Class(ClassObject { class }))?)
    }
}

fn node_kind_name(node: &Node<'_>) -> &'static str {
    match node {
        Node::String(_) => "a string",
        Node::ClassDesc(_) => "a class descriptor",
        Node::Object(_) => "an object",
        Node::Array(_) => "an array",
        Node::Enum(_) => "an enum constant",
        Node::Class(_) => "a class",
    }
}
