//! The protocol's terminal symbols (Java Object Serialization Specification, chapter 6.4.2).

/// First two bytes of every stream.
pub const STREAM_MAGIC: u16 = 0xACED;
/// The only stream version Java writes and reads.
pub const STREAM_VERSION: u16 = 5;

pub const TC_NULL: u8 = 0x70;
pub const TC_REFERENCE: u8 = 0x71;
pub const TC_CLASSDESC: u8 = 0x72;
pub const TC_OBJECT: u8 = 0x73;
pub const TC_STRING: u8 = 0x74;
pub const TC_ARRAY: u8 = 0x75;
pub const TC_CLASS: u8 = 0x76;
pub const TC_BLOCKDATA: u8 = 0x77;
pub const TC_ENDBLOCKDATA: u8 = 0x78;
pub const TC_RESET: u8 = 0x79;
pub const TC_BLOCKDATALONG: u8 = 0x7A;
pub const TC_EXCEPTION: u8 = 0x7B;
pub const TC_LONGSTRING: u8 = 0x7C;
pub const TC_PROXYCLASSDESC: u8 = 0x7D;
pub const TC_ENUM: u8 = 0x7E;

/// The first handle a stream assigns (and the first after each reset).
pub const BASE_WIRE_HANDLE: u32 = 0x7E_0000;

/// Largest block-data record `ObjectOutputStream` writes; longer runs are split.
pub const MAX_BLOCK_SIZE: usize = 1024;
