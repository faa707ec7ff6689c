//! Legal streams Java itself would not write: jsess must still re-emit them byte for byte,
//! because it keeps the writer's choices instead of re-deriving them.

use jsess_javaser::{decode, encode, Limits};
use jsess_model::{Content, Node};

use jsess_testkit::hostile::stream;

fn round_trip(bytes: &[u8]) -> jsess_javaser::Stream<'static> {
    let parsed = decode(bytes, &Limits::DEFAULT).expect("legal stream decodes");
    assert_eq!(encode(&parsed).expect("encodes"), bytes);
    parsed.into_owned()
}

#[test]
fn long_string_header_for_a_short_string() {
    let bytes = stream(&[
        0x7C, 0, 0, 0, 0, 0, 0, 0, 2, b'h', b'i', 0x74, 0, 2, b'h', b'i',
    ]);
    let parsed = round_trip(&bytes);
    let longs: Vec<bool> = parsed
        .graph
        .iter()
        .filter_map(|(_, n)| match n {
            Node::String(s) => Some(s.long),
            _ => None,
        })
        .collect();
    assert_eq!(longs, [true, false]);
}

#[test]
fn odd_block_data_chunking_and_long_headers() {
    let mut body = vec![0x77, 3, 1, 2, 3, 0x77, 0, 0x7A, 0, 0, 0, 4, 4, 5, 6, 7];
    body.extend_from_slice(&[0x7A, 0, 0, 0, 0]);
    let parsed = round_trip(&stream(&body));
    assert_eq!(parsed.contents.len(), 4);
    assert!(parsed
        .contents
        .iter()
        .all(|c| matches!(c, Content::Block(_))));
}

#[test]
fn resets_anywhere_at_top_level() {
    let body = [
        0x79, 0x74, 0, 1, b'a', 0x79, 0x79, 0x74, 0, 1, b'a', 0x71, 0, 0x7E, 0, 0, 0x79,
    ];
    let parsed = round_trip(&stream(&body));
    let resets = parsed
        .contents
        .iter()
        .filter(|c| matches!(c, Content::Reset))
        .count();
    assert_eq!(resets, 4);
}

#[test]
fn overlong_modified_utf8_is_kept() {
    // 'A' spelled as the overlong two-byte form, which DataInput.readUTF accepts.
    let parsed = round_trip(&stream(&[0x74, 0, 3, 0xC1, 0x81, b'b']));
    let Some(Content::Object(Some(id))) = parsed.contents.first() else {
        panic!("one string")
    };
    assert_eq!(parsed.graph.string(*id).expect("string").to_string(), "Ab");
}

#[test]
fn field_type_names_as_long_strings_and_shared_with_values() {
    // class Foo { Object o; } whose type string is a TC_LONGSTRING, and whose value is a
    // back-reference to that very type string.
    let mut body = vec![0x73, 0x72, 0, 3, b'F', b'o', b'o'];
    body.extend_from_slice(&7i64.to_be_bytes());
    body.extend_from_slice(&[0x02, 0, 1, b'L', 0, 1, b'o', 0x7C]);
    body.extend_from_slice(&18u64.to_be_bytes());
    body.extend_from_slice(b"Ljava/lang/Object;");
    body.extend_from_slice(&[0x78, 0x70]);
    body.extend_from_slice(&[0x71, 0, 0x7E, 0, 1]);
    round_trip(&stream(&body));
}

#[test]
fn write_object_that_skips_the_default_fields() {
    // class M { byte[] h; } whose writeObject writes `writeInt(2); write(h)` and never calls
    // defaultWriteObject (jcoleman's SessionSerializationMetadata): block data stands where the
    // field would be. Then an empty one (TC_ENDBLOCKDATA at once) sharing the descriptor.
    let mut body = vec![0x73, 0x72, 0, 1, b'M'];
    body.extend_from_slice(&7i64.to_be_bytes());
    body.extend_from_slice(&[
        0x03, 0, 1, b'[', 0, 1, b'h', 0x74, 0, 2, b'[', b'B', 0x78, 0x70,
    ]);
    body.extend_from_slice(&[0x77, 6, 0, 0, 0, 2, 0xAB, 0xCD, 0x78]);
    body.extend_from_slice(&[0x73, 0x71, 0, 0x7E, 0, 0, 0x78]);
    let parsed = round_trip(&stream(&body));
    let fields: Vec<usize> = parsed
        .graph
        .iter()
        .filter_map(|(_, n)| match n {
            Node::Object(o) => match parsed.graph.class_data(o).first() {
                Some(jsess_model::ClassData::Serial { fields, .. }) => Some(fields.len()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(fields, [0, 0]);
    // With the field written first, the same class reads its field as usual.
    let mut body = vec![0x73, 0x72, 0, 1, b'M'];
    body.extend_from_slice(&7i64.to_be_bytes());
    body.extend_from_slice(&[
        0x03, 0, 1, b'[', 0, 1, b'h', 0x74, 0, 2, b'[', b'B', 0x78, 0x70,
    ]);
    body.extend_from_slice(&[0x70, 0x77, 1, 9, 0x78]);
    round_trip(&stream(&body));
}
