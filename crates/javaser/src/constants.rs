//! The protocol's terminal symbols (Java Object Serialization Specification, chapter 6.4.2).

/// First two bytes of every stream.
pub const STREAM_MAGIC: u16 = 0xACED;
/// The only stream version Java writes and reads.
pub const STREAM_VERSION: u16 = 5;

/// A null reference.
pub const TC_NULL: u8 = 0x70;
/// A back reference: a handle to an object already in the stream.
pub const TC_REFERENCE: u8 = 0x71;
/// A new class descriptor.
pub const TC_CLASSDESC: u8 = 0x72;
/// A new object.
pub const TC_OBJECT: u8 = 0x73;
/// A new string (length up to 65535 bytes).
pub const TC_STRING: u8 = 0x74;
/// A new array.
pub const TC_ARRAY: u8 = 0x75;
/// A `Class` object.
pub const TC_CLASS: u8 = 0x76;
/// A block of primitive data (length up to 255).
pub const TC_BLOCKDATA: u8 = 0x77;
/// The end of an object's optional block data (its `writeObject` annotation).
pub const TC_ENDBLOCKDATA: u8 = 0x78;
/// A reset: the handle table starts again.
pub const TC_RESET: u8 = 0x79;
/// A block of primitive data with a 4-byte length.
pub const TC_BLOCKDATALONG: u8 = 0x7A;
/// An exception thrown while writing; the handle table resets around it.
pub const TC_EXCEPTION: u8 = 0x7B;
/// A new string with an 8-byte length.
pub const TC_LONGSTRING: u8 = 0x7C;
/// A new dynamic proxy class descriptor.
pub const TC_PROXYCLASSDESC: u8 = 0x7D;
/// A new enum constant.
pub const TC_ENUM: u8 = 0x7E;

/// The first handle a stream assigns (and the first after each reset).
pub const BASE_WIRE_HANDLE: u32 = 0x7E_0000;

/// Largest block-data record `ObjectOutputStream` writes; longer runs are split.
pub const MAX_BLOCK_SIZE: usize = 1024;
