//! An msm store's sessions copied into Redisson's layout in the same Redis, from a program:
//! the step a Tomcat 10 upgrade needs (msm does not run there; Redisson's manager does).
//!
//! ```sh
//! cargo run -p jsess --example move_to_redisson -- redis://127.0.0.1:6379/0 backup.jsess
//! ```
//!
//! Each session is converted, read back and compared before it is written under
//! `redisson:tomcat_session:ID`; the msm keys stay as they are. `jsess rollback --backup FILE
//! SOURCE` removes the copies.

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [source, backup] = args.as_slice() else {
        return Err("usage: move_to_redisson SOURCE BACKUP".into());
    };
    let report = to_redisson(source, Path::new(backup))?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// Copies every msm session of `source` into Redisson's layout (no `keyPrefix`).
pub fn to_redisson(source: &str, backup: &Path) -> Result<jsess::store::Report, jsess::Error> {
    let store = jsess::store::open(source)?;
    let from = jsess::Layout::named("msm", None)?;
    let to = jsess::Layout::named("redisson", None)?;
    // Refuse, naming them, sessions whose attributes share an object (Redisson stores each
    // attribute on its own) rather than copying the object.
    let allow = jsess::layouts::convert::Allow::default();
    let settings = jsess::store::Settings::new(backup);
    jsess::relayout(
        store,
        None,
        from,
        to,
        allow,
        &jsess::Options::new(),
        settings,
    )
}
