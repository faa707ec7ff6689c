//! A whole store moved to another format from a program, and back.
//!
//! ```sh
//! cargo run -p jsess --example migrate_store -- redis://127.0.0.1:6379/0 msm-kryo backup.jsess app.jar
//! ```
//!
//! Every session is read, written in the target format, read back and compared before it is
//! written; its old value goes to the backup file first, and the write is a compare-and-set,
//! so a Tomcat writing the session meanwhile wins. `jsess rollback --backup FILE SOURCE` (or
//! [`jsess::store::rollback`]) puts back every byte.

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [source, to, backup, rest @ ..] = args.as_slice() else {
        return Err("usage: migrate_store SOURCE FORMAT BACKUP [CLASSPATH]".into());
    };
    let report = migrate(
        source,
        to,
        Path::new(backup),
        rest.first().map(String::as_str),
    )?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// Migrates every session of `source` (a Redis URL or a directory) to the format `to`.
pub fn migrate(
    source: &str,
    to: &str,
    backup: &Path,
    classpath: Option<&str>,
) -> Result<jsess::store::Report, jsess::Error> {
    let mut options = jsess::Options::new();
    if let Some(classpath) = classpath {
        options.classpath(classpath)?;
    }
    let store = jsess::store::open(source)?;
    // Every key, in place, the replaced values backed up first; one thread per core
    // transcodes while the store is read and written.
    let settings = jsess::store::Settings {
        batch_size: 100,
        job: format!("{source} -> {to}"),
        ..jsess::store::Settings::new(backup)
    };
    jsess::migrate(store, to, &options, settings)
}
