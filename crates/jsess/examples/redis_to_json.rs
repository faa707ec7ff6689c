//! One session from Redis, as JSON.
//!
//! ```sh
//! cargo run -p jsess --example redis_to_json -- redis://127.0.0.1:6379/0 <session-id>
//! ```
//!
//! msm keys a session by its id (plus the `sessionBackupKey` prefix, if configured). Kryo and
//! XStream sessions of application classes also need `--classpath`-style class knowledge: see
//! `jsess::Options::classpath`.

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(key)) = (args.next(), args.next()) else {
        return Err("usage: redis_to_json REDIS_URL KEY".into());
    };
    println!("{}", session_json(&url, &key)?);
    Ok(())
}

/// The JSON of the value at `key` in the store at `url`.
pub fn session_json(url: &str, key: &str) -> Result<String, Box<dyn Error>> {
    let mut store = jsess::store::open(url)?;
    let value = store
        .get(key.as_bytes())?
        .ok_or_else(|| format!("{key}: no such key"))?;
    let options = jsess::Options::new();
    let stored = jsess::read(&value.bytes, &options)?;
    let json = jsess::to_json(&stored, &options)?;
    Ok(serde_json::to_string_pretty(&json)?)
}
