//! Writes every session hash of the layout corpora, framed for the `hash_session` fuzz target,
//! into a directory (`fuzz/seed.sh` seeds the target with them).
//!
//! ```sh
//! cargo run -p jsess-fuzzing --example frame_layouts -- fuzz/corpus/hash_session
//! ```

fn main() -> std::io::Result<()> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&out)?;
    for dump in ["layouts/spring-session.json", "layouts/redisson-java.json"] {
        for (i, entry) in jsess_testkit::dump::read(dump).into_iter().enumerate() {
            if let jsess_testkit::dump::Contents::Hash(fields) = &entry.contents {
                let name = format!("{}-{i}", dump.replace(['/', '.'], "_"));
                std::fs::write(
                    out.join(name),
                    jsess_fuzzing::frame_hash(&entry.key, fields),
                )?;
            }
        }
    }
    Ok(())
}
