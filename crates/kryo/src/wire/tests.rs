//! The encodings against the byte strings of the Kryo notes (each produced by Kryo 4.0.0).

use super::{Input, Output};

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn written(f: impl FnOnce(&mut Output)) -> Vec<u8> {
    let mut out = Output::new();
    f(&mut out);
    out.into_bytes()
}

#[test]
fn varints_match_kryo() {
    assert_eq!(written(|o| o.var_int(0, true)), [0x00]);
    assert_eq!(written(|o| o.var_int(127, true)), [0x7f]);
    assert_eq!(written(|o| o.var_int(128, true)), [0x80, 0x01]);
    assert_eq!(
        written(|o| o.var_int(-1, true)),
        [0xff, 0xff, 0xff, 0xff, 0x0f]
    );
    assert_eq!(written(|o| o.var_int(-1, false)), [0x01]);
    assert_eq!(written(|o| o.var_int(1, false)), [0x02]);
    assert_eq!(written(|o| o.var_int(-64, false)), [0x7f]);
    assert_eq!(written(|o| o.var_int(300, false)), [0xd8, 0x04]);
    assert_eq!(written(|o| o.var_long(-1, true)), [0xff; 9]);
    assert_eq!(
        written(|o| o.var_long(1 << 40, true)),
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x20]
    );
    assert_eq!(written(|o| o.var_long(-3, false)), [0x05]);
    assert_eq!(
        written(|o| o.var_long(-12219292800000, false)),
        [0xff, 0xcf, 0xda, 0xe9, 0xa0, 0xc7, 0x05]
    );
}

#[test]
fn varints_round_trip_at_the_edges() {
    for v in [
        0,
        1,
        -1,
        63,
        64,
        127,
        128,
        i32::MAX,
        i32::MIN,
        1 << 28,
        -(1 << 28),
    ] {
        for positive in [true, false] {
            let bytes = written(|o| o.var_int(v, positive));
            let mut input = Input::new(&bytes, u64::MAX);
            assert_eq!(input.var_int(positive).unwrap(), v);
            assert_eq!(input.remaining(), 0);
        }
    }
    for v in [0, 1, -1, i64::MAX, i64::MIN, 1 << 56, -(1 << 56), 1 << 62] {
        for positive in [true, false] {
            let bytes = written(|o| o.var_long(v, positive));
            let mut input = Input::new(&bytes, u64::MAX);
            assert_eq!(input.var_long(positive).unwrap(), v);
            assert_eq!(input.remaining(), 0);
        }
    }
}

#[test]
fn strings_match_kryo() {
    assert_eq!(written(|o| o.string(None)), [0x80]);
    assert_eq!(written(|o| o.string(Some(&[]))), [0x81]);
    assert_eq!(written(|o| o.string(Some(&units("ab")))), [0x61, 0xe2]);
    assert_eq!(
        written(|o| o.string(Some(&units("user")))),
        [0x75, 0x73, 0x65, 0xf2]
    );
    assert_eq!(written(|o| o.string(Some(&units("a")))), [0x82, 0x61]);
    assert_eq!(
        written(|o| o.string(Some(&units("hé")))),
        [0x83, 0x68, 0xc3, 0xa9]
    );
    assert_eq!(
        written(|o| o.string(Some(&units("€")))),
        [0x82, 0xe2, 0x82, 0xac]
    );
    assert_eq!(
        written(|o| o.string(Some(&units("\u{1F600}")))),
        [0x83, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]
    );
    let long = units(&"a".repeat(64));
    let mut expected = vec![0xc1, 0x01];
    expected.extend(std::iter::repeat_n(0x61, 64));
    assert_eq!(written(|o| o.string(Some(&long))), expected);
    assert_eq!(
        written(|o| o.char_sequence(Some(&units("ab")))),
        [0x83, 0x61, 0x62]
    );
    assert_eq!(written(|o| o.ascii(Some(&units("de")))), [0x64, 0xe5]);
    assert_eq!(written(|o| o.ascii(Some(&units("")))), [0x81]);
}

#[test]
fn strings_round_trip() {
    for text in [
        "",
        "a",
        "ab",
        "hé",
        "\u{1F600}",
        "\0",
        &"x".repeat(63),
        &"y".repeat(5000),
    ] {
        let u = units(text);
        let bytes = written(|o| o.string(Some(&u)));
        let mut input = Input::new(&bytes, u64::MAX);
        assert_eq!(input.string().unwrap(), Some(u));
        assert_eq!(input.remaining(), 0);
    }
    let mut input = Input::new(&[0x80], u64::MAX);
    assert_eq!(input.string().unwrap(), None);
}

#[test]
fn hostile_strings_are_errors() {
    // A length of 2^30 units with three bytes behind it.
    let mut input = Input::new(&[0xc1, 0x80, 0x80, 0x80, 0x04, 0x61], u64::MAX);
    assert!(input.string().is_err());
    // An ASCII run that never ends.
    let mut input = Input::new(b"abc", u64::MAX);
    assert!(input.string().is_err());
    // Over the configured limit.
    let mut input = Input::new(&[0x61, 0x62, 0xe3], 2);
    assert!(input.string().is_err());
    // A byte that starts no character.
    let mut input = Input::new(&[0x82, 0xf0], u64::MAX);
    assert!(input.string().is_err());
}

#[test]
fn kryo5_var_int_flag_and_little_endian() {
    // Kryo 5's writeVarIntFlag: flag in bit 7, six bits, then 7-bit groups.
    for (flag, v, bytes) in [
        (true, 4u32, vec![0x84u8]),
        (false, 5, vec![0x05]),
        (true, 101, vec![0xe5, 0x01]),
        (false, 63, vec![0x3f]),
        (false, 64, vec![0x40, 0x01]),
        (true, u32::MAX, vec![0xff, 0xff, 0xff, 0xff, 0x1f]),
    ] {
        let mut out = Output::kryo5();
        out.var_int_flag(flag, v);
        assert_eq!(out.as_slice(), bytes.as_slice(), "{v}");
        let mut input = Input::kryo5(&bytes, 1 << 20);
        assert_eq!(input.var_int_flag().unwrap(), (flag, v));
        assert_eq!(input.remaining(), 0);
    }
    let mut out = Output::kryo5();
    out.short(-300);
    out.char(0xe9);
    out.int(0x3fc0_0000);
    assert_eq!(
        out.as_slice(),
        [0xd4, 0xfe, 0xe9, 0x00, 0x00, 0x00, 0xc0, 0x3f]
    );
    let bytes = out.into_bytes();
    let mut input = Input::kryo5(&bytes, 1 << 20);
    assert_eq!(input.short().unwrap(), -300);
    assert_eq!(input.char().unwrap(), 0xe9);
    assert_eq!(input.int().unwrap(), 0x3fc0_0000);
}

proptest::proptest! {
    /// The word-at-a-time scan agrees with the byte-at-a-time definition, wherever the first
    /// zero or high byte falls (bytes drawn mostly plain, so runs cross word boundaries).
    #[test]
    fn plain_run_finds_the_first_byte_outside_ascii(
        bytes in proptest::collection::vec(
            proptest::prop_oneof![8 => 1u8..0x80, 1 => proptest::strategy::Just(0u8), 1 => 0x80u8..],
            0..40,
        ),
    ) {
        let expected = bytes.iter().position(|&b| b == 0 || b >= 0x80).unwrap_or(bytes.len());
        proptest::prop_assert_eq!(super::plain_run(&bytes), expected);
        proptest::prop_assert_eq!(super::is_plain_ascii(&bytes), expected == bytes.len());
    }
}

proptest::proptest! {
    /// Writing Rust text directly gives the bytes its UTF-16 units give.
    #[test]
    fn str_writes_what_its_units_write(
        text in proptest::prop_oneof![
            4 => "[ -~]{0,70}",
            1 => "[\\x00-\\x7f]{0,70}",
            1 => "\\PC{0,40}",
        ],
        kryo5 in proptest::bool::ANY,
    ) {
        let new = || if kryo5 { Output::kryo5() } else { Output::new() };
        let mut direct = new();
        direct.str(&text);
        let mut by_units = new();
        by_units.string(Some(&units(&text)));
        proptest::prop_assert_eq!(direct.into_bytes(), by_units.into_bytes());
        if text.is_ascii() {
            let mut direct = new();
            direct.ascii_str(&text);
            let mut by_units = new();
            by_units.ascii(Some(&units(&text)));
            proptest::prop_assert_eq!(direct.into_bytes(), by_units.into_bytes());
        }
    }
}
