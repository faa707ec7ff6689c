//! `jsess inspect`.

use anyhow::{anyhow, bail, Context, Result};
use jsess_javaser::json::{json_object, stream_to_json_with_depth};
use jsess_javaser::Limits;
use jsess_msm::json::{envelope_to_json, session_to_json, JsonOptions};
use jsess_msm::{decode_envelope, detect_with, sniff, Kind};
use serde_json::{json, Value as Json};

use crate::cli::InspectArgs;
use crate::{load_dictionary, tree};

pub fn run(args: &InspectArgs) -> Result<()> {
    let (path, raw) = read_input(args)?;
    let limits = args.limits.limits();
    // Base64 and gzip wrappings (as Redis GUIs and some frameworks store streams) come off first.
    let (bytes, transport) = jsess_msm::unwrap_transport(&raw, &limits)
        .with_context(|| format!("{path}: input rejected"))?;
    let formats = crate::schema::format_options(
        &args.schemas,
        load_dictionary(args.dictionary.as_deref())?,
        &limits,
    )?;
    // The worker thread's stack takes views as deep as the nesting limit.
    let options = JsonOptions {
        sizes: args.sizes,
        max_depth: limits.max_depth,
    };
    // What was read is printed even when reading stopped early; the error follows on stderr.
    let (view, error) = if let Some(codec) = detect_with(&bytes, &formats) {
        match codec.decode_partial(&bytes, &limits) {
            Ok(session) => (
                Some(session_to_json(codec.name(), &session, &limits, options)?),
                None,
            ),
            Err(partial) => {
                let e = partial.error;
                // What could be read is shown: the attributes before the error, or at least
                // the envelope, which every msm transcoder writes the same way.
                let error = anyhow!("{} blob rejected: {e}", codec.name());
                let view = match partial.session {
                    Some(session) => {
                        Some(session_to_json(codec.name(), &session, &limits, options)?)
                    }
                    None => decode_envelope(&bytes).ok().map(|(envelope, _)| {
                        json_object([
                            ("format", json!(codec.name())),
                            ("session", envelope_to_json(&envelope, &limits)),
                            ("attributes", Json::Null),
                        ])
                    }),
                };
                match view {
                    Some(mut view) => {
                        if let Json::Object(map) = &mut view {
                            map.insert("error".into(), json!(e.to_string()));
                        }
                        (Some(view), Some(error))
                    }
                    None => bail!("{path}: {error}"),
                }
            }
        }
    } else {
        match sniff(&bytes) {
            Kind::JavaStream => java_stream(&bytes, &limits, options.max_depth),
            Kind::Session(format) if format == jsess_msm::AttributeFormat::Java => {
                let session = jsess_msm::decode(&bytes, &limits)
                    .with_context(|| format!("{path}: msm blob rejected"))?;
                (
                    Some(session_to_json(format.name(), &session, &limits, options)?),
                    None,
                )
            }
            Kind::Session(format) => {
                let (envelope, attributes) = decode_envelope(&bytes)?;
                let view = json_object([
                    ("format", json!(format.name())),
                    ("session", envelope_to_json(&envelope, &limits)),
                    ("attributes", Json::Null),
                ]);
                let error = anyhow!(
                    "{} bytes of {} attributes: jsess does not decode this attribute format yet",
                    attributes.len(),
                    format.name()
                );
                (Some(view), Some(error))
            }
            Kind::Ping => (
                Some(
                    json!({"format": "ping", "note": "1-byte value msm's non-sticky ping leaves when the session key had vanished"}),
                ),
                None,
            ),
            Kind::Lock => (Some(json!({"format": "lock"})), None),
            Kind::Validity => (Some(validity(&bytes)), None),
            Kind::Unknown => bail!("{path}: {}", describe_unknown(&bytes)),
        }
    };
    if let Some(mut view) = view {
        if let (false, Json::Object(map)) = (transport.is_empty(), &mut view) {
            let names: Vec<&str> = transport.iter().map(|t| t.name()).collect();
            map.insert("transport".into(), json!(names));
        }
        let out = if args.json {
            serde_json::to_string_pretty(&view)?
        } else {
            tree::render(&view, bytes.len())
        };
        println!("{out}");
    }
    match error {
        None => Ok(()),
        Some(e) => Err(e.context(format!("{path}: input rejected"))),
    }
}

/// The blob: a file, or a Redis key (named by the key in messages).
fn read_input(args: &InspectArgs) -> Result<(String, Vec<u8>)> {
    if !jsess_store::is_redis(&args.file) {
        if args.key.is_some() {
            bail!("--key reads from Redis: give a redis:// URL");
        }
        let raw = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file))?;
        return Ok((args.file.clone(), raw));
    }
    let Some(key) = &args.key else {
        bail!("{}: name the key to read with --key", args.file);
    };
    let mut store = jsess_store::open(&args.file)
        .with_context(|| format!("opening {}", jsess_store::redacted(&args.file)))?;
    let key_bytes = key.as_bytes().to_vec();
    // Shards each hold their own keys: ask each in turn (a cluster routes the key itself).
    for node in 0..store.nodes().len() {
        if let Some(value) = store
            .fetch(node, std::slice::from_ref(&key_bytes))?
            .pop()
            .flatten()
        {
            return Ok((key.clone(), value.bytes));
        }
    }
    bail!("{key}: no such key (or not a string)")
}

/// A bare Java stream: what precedes an error is still shown, since often the error only ends
/// jsess's reading (an Externalizable written with protocol 1), not the objects before it.
fn java_stream(
    bytes: &[u8],
    limits: &Limits,
    max_depth: u32,
) -> (Option<Json>, Option<anyhow::Error>) {
    let (stream, error) = jsess_javaser::decode_prefix(bytes, limits);
    let view = (error.is_none() || !stream.contents.is_empty())
        .then(|| stream_to_json_with_depth(&stream, max_depth));
    (
        view,
        error.map(|e| anyhow::Error::new(e).context("Java stream rejected")),
    )
}

fn validity(bytes: &[u8]) -> Json {
    let int =
        |at: usize| i32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let long = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[at..at + 8]);
        i64::from_be_bytes(b)
    };
    json!({
        "format": "validity",
        "max_inactive_interval": int(0),
        "last_accessed_time": long(4),
        "this_accessed_time": long(12),
    })
}

/// A short description of unrecognised bytes for error messages.
fn describe_unknown(bytes: &[u8]) -> String {
    let head: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!(
        "unrecognised format ({} bytes, starting {})",
        bytes.len(),
        head.join(" ")
    )
}
