//! Writes `corpora/hostile/crafted/`: hand-made hostile inputs and `expected.json`, the outcome
//! jsess must give for each (`cargo run -p jsess-fuzzing --example craft_hostile`).

use std::path::Path;

use serde_json::json;

use jsess_testkit::hostile::{
    array_desc, fan_out, nested_arrays, nested_objects, nested_sets, stream, wide_class_descs,
    OBJECT_ARRAY,
};

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/hostile/crafted");
    std::fs::create_dir_all(&dir)?;
    let mut huge_array = vec![0x75];
    huge_array.extend_from_slice(&array_desc(OBJECT_ARRAY));
    huge_array.extend_from_slice(&i32::MAX.to_be_bytes());
    let mut huge_string = vec![0x7C];
    huge_string.extend_from_slice(&(1u64 << 62).to_be_bytes());
    huge_string.extend_from_slice(b"abc");
    let mut huge_long_array = vec![0x75];
    huge_long_array.extend_from_slice(&array_desc(b"[J"));
    huge_long_array.extend_from_slice(&(1i32 << 30).to_be_bytes());
    let mut lying_block = vec![0x7A];
    lying_block.extend_from_slice(&0x7FFF_FFFFi32.to_be_bytes());
    lying_block.extend_from_slice(&[1, 2, 3]);
    let mut msm_huge_length = vec![0x00, 0x02, 0x90, 0x00];
    msm_huge_length.extend_from_slice(&[0u8; 60]);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "deep_nesting_100000.bin",
            nested_arrays(100_000),
            "rejected",
            "max_depth",
        ),
        (
            "deep_objects_100000.bin",
            nested_objects(100_000),
            "rejected",
            "max_depth",
        ),
        (
            "array_length_2_31.bin",
            stream(&huge_array),
            "rejected",
            "max_array_length",
        ),
        (
            "long_array_2_30_elements.bin",
            stream(&huge_long_array),
            "rejected",
            "max_array_length",
        ),
        (
            "long_string_2_62.bin",
            stream(&huge_string),
            "rejected",
            "max_string_bytes",
        ),
        (
            "bad_handle.bin",
            stream(&[0x71, 0x00, 0x7E, 0x12, 0x34]),
            "rejected",
            "unknown handle",
        ),
        (
            "lying_block_length.bin",
            stream(&lying_block),
            "rejected",
            "unexpected end of input",
        ),
        (
            "invalid_mutf8.bin",
            stream(&[0x74, 0x00, 0x04, 0xF0, 0x9F, 0x98, 0x80]),
            "rejected",
            "malformed modified UTF-8",
        ),
        (
            "negative_array_length.bin",
            stream(&{
                let mut b = vec![0x75];
                b.extend_from_slice(&array_desc(OBJECT_ARRAY));
                b.extend_from_slice(&(-1i32).to_be_bytes());
                b
            }),
            "rejected",
            "negative array length",
        ),
        ("fan_out_2_40.bin", fan_out(40), "decodes", ""),
        ("nested_sets_1000.bin", nested_sets(1000), "decodes", ""),
        (
            "wide_class_descs_2x32767.bin",
            wide_class_descs(2, 32_767),
            "decodes",
            "",
        ),
        (
            "msm_header_length_over_32767.bin",
            msm_huge_length,
            "rejected",
            "unrecognised format",
        ),
    ];
    let mut expected = serde_json::Map::new();
    for (name, bytes, outcome, message) in &cases {
        std::fs::write(dir.join(name), bytes)?;
        expected.insert(
            name.to_string(),
            json!({"outcome": outcome, "message": message}),
        );
    }
    let text = serde_json::to_string_pretty(&serde_json::Value::Object(expected))
        .map_err(std::io::Error::other)?;
    std::fs::write(dir.join("expected.json"), text + "\n")?;
    println!("wrote {} hostile inputs to {}", cases.len(), dir.display());
    Ok(())
}
