//! `jsess bench`: size and speed of every session format on the same sessions.
//!
//! Every file is read into memory first. Each measurement warms up, then times whole passes
//! over all sessions and reports the median pass (with the fastest and slowest). MB/s counts
//! 10^6 bytes of the Java-serialized input whatever the format, so formats compare per session.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use jsess_codecs::Dictionary;
use jsess_javaser::Limits;
use jsess_model::{Codec, Envelope, Session};
use serde_json::{json, Value as Json};

use crate::chart;
use crate::cli::BenchArgs;
use jsess::files_under;

/// Formats measured when `--formats` is not given.
const DEFAULT_FORMATS: &[&str] = &[
    "msm-java",
    "bincode",
    "msgpack",
    "postcard",
    "json",
    "bincode+dict",
    "postcard+dict",
    "msm-kryo",
    "msm-xstream",
    "msm-javolution",
    "msm-flexjson",
];
const WARM_UP: Duration = Duration::from_millis(300);
const SAMPLES: usize = 15;

pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => bundled_corpus()?,
    };
    let classpath = match (&args.classpath, &args.dir) {
        (Some(cp), _) => Some(cp.clone()),
        (None, None) => {
            let jar = dir.join("../kryo/app-classes.jar");
            jar.exists().then(|| jar.display().to_string())
        }
        (None, Some(_)) => None,
    };
    let mut kryo_schemas = jsess_classpath::Schemas::new();
    if let Some(cp) = &classpath {
        kryo_schemas
            .add_classpath(cp)
            .with_context(|| format!("reading classpath {cp}"))?;
    }
    let kryo_schemas = Arc::new(kryo_schemas);
    let cases = load(&dir)?;
    if cases.is_empty() {
        bail!("{}: no msm blobs or Java streams to measure", dir.display());
    }
    let formats: Vec<String> = match &args.formats {
        Some(list) => list
            .split(',')
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect(),
        None => DEFAULT_FORMATS.iter().map(|f| f.to_string()).collect(),
    };
    let sessions: Vec<&Session<'static>> = cases.iter().map(|c| &c.session).collect();
    let dictionary = Arc::new(Dictionary::build(sessions.iter().copied()));
    let input_bytes: usize = cases.iter().map(|c| c.msm_bytes.len()).sum();
    let mut results = vec![memcpy(&cases, input_bytes)];
    for name in &formats {
        results.extend(measure_format(
            name,
            &cases,
            input_bytes,
            &dictionary,
            &kryo_schemas,
        )?);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"results": results}))?
        );
    } else {
        print_table(&dir, cases.len(), input_bytes, &results);
    }
    if let Some(chart) = &args.chart {
        draw_chart(chart, &results, input_bytes)?;
        eprintln!("jsess: chart written to {}", chart.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `corpora/msm` of the checkout, found from the working directory or from where jsess was built.
fn bundled_corpus() -> Result<PathBuf> {
    let candidates = [
        PathBuf::from("corpora/msm"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/msm"),
    ];
    candidates
        .into_iter()
        .find(|p| p.is_dir())
        .ok_or_else(|| anyhow!("no DIR given and the bundled corpus (corpora/msm) is not here"))
}

/// One session, as msm-java bytes and decoded.
struct Case {
    msm_bytes: Vec<u8>,
    session: Session<'static>,
}

/// msm blobs as they are; bare Java streams get msm's header so every format can hold them.
fn load(dir: &Path) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for file in files_under(dir)? {
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        let session = match jsess_msm::sniff(&bytes) {
            jsess_msm::Kind::Session(jsess_msm::AttributeFormat::Java) => {
                jsess_msm::decode(&bytes, &Limits::DEFAULT)
                    .ok()
                    .map(Session::into_owned)
            }
            jsess_msm::Kind::JavaStream => jsess_javaser::decode(&bytes, &Limits::DEFAULT)
                .ok()
                .map(|attributes| Session {
                    envelope: bench_envelope(),
                    attributes: attributes.into_owned(),
                }),
            _ => None,
        };
        if let Some(session) = session {
            let msm_bytes = jsess_msm::encode(&session)?;
            cases.push(Case { msm_bytes, session });
        }
    }
    Ok(cases)
}

fn bench_envelope() -> Envelope<'static> {
    Envelope::new(
        &b"0123456789ABCDEF0123456789ABCDEF"[..],
        1_700_000_000_000,
        1800,
    )
}

/// Median, fastest and slowest of `SAMPLES` timed passes after a warm-up.
fn time(mut pass: impl FnMut() -> usize) -> (u64, u64, u64) {
    let start = Instant::now();
    while start.elapsed() < WARM_UP {
        black_box(pass());
    }
    let mut samples: Vec<u64> = (0..SAMPLES)
        .map(|_| {
            let t = Instant::now();
            black_box(pass());
            t.elapsed().as_nanos() as u64
        })
        .collect();
    samples.sort_unstable();
    (samples[SAMPLES / 2], samples[0], samples[SAMPLES - 1])
}

fn result(
    format: &str,
    operation: &str,
    files: usize,
    input_bytes: usize,
    output_bytes: usize,
    timing: (u64, u64, u64),
) -> Json {
    result_with_ratio(
        format,
        operation,
        files,
        input_bytes,
        output_bytes,
        timing,
        output_bytes as f64 / input_bytes.max(1) as f64,
    )
}

/// A result with the median of the per-session size ratios (totals are dominated by the largest
/// session; the median says what a typical session saves).
fn result_with_ratio(
    format: &str,
    operation: &str,
    files: usize,
    input_bytes: usize,
    output_bytes: usize,
    timing: (u64, u64, u64),
    median_ratio: f64,
) -> Json {
    let (median, min, max) = timing;
    let seconds = median.max(1) as f64 / 1e9;
    json!({
        "format": format,
        "operation": operation,
        "files": files,
        "input_bytes": input_bytes,
        "output_bytes": output_bytes,
        "median_ns": median,
        "min_ns": min,
        "max_ns": max,
        "mb_per_s": input_bytes as f64 / 1e6 / seconds,
        "sessions_per_s": files as f64 / seconds,
        "median_size_ratio": median_ratio,
    })
}

/// The hardware ceiling: copying the same bytes.
fn memcpy(cases: &[Case], input_bytes: usize) -> Json {
    let timing = time(|| {
        cases
            .iter()
            .map(|c| black_box(c.msm_bytes.clone()).len())
            .sum()
    });
    result(
        "memcpy",
        "decode",
        cases.len(),
        input_bytes,
        input_bytes,
        timing,
    )
}

fn measure_format(
    name: &str,
    cases: &[Case],
    input_bytes: usize,
    dictionary: &Arc<Dictionary>,
    kryo_schemas: &Arc<jsess_classpath::Schemas>,
) -> Result<Vec<Json>> {
    let (base, with_dict) = match name.strip_suffix("+dict") {
        Some(base) => (base, Some(Arc::clone(dictionary))),
        None => (name, None),
    };
    // The XML and JSON formats name application classes without describing them: they read
    // back with the descriptors the Java-serialized sessions carry.
    let mut schema = jsess_msm::Descriptors::new();
    for case in cases {
        schema.extend(jsess_javaser::jdk::descriptors_of(
            &case.session.attributes.graph,
        ));
    }
    let options = jsess_msm::FormatOptions {
        dictionary: with_dict,
        schemas: Arc::clone(kryo_schemas),
        descriptors: Arc::new(schema),
    };
    let codec: Box<dyn Codec> = jsess_msm::codec_with(base, &options).ok_or_else(|| {
        anyhow!(
            "unknown format {name:?} (use {}, optionally with +dict)",
            jsess_msm::FORMAT_NAMES.join(", ")
        )
    })?;
    // A session a format cannot hold unchanged (a value that failed to serialize, a class its
    // converters lose) is left out of that format's numbers, and the count says so.
    let all = cases.len();
    let cases: Vec<&Case> = cases
        .iter()
        .filter(|c| codec.encode(&c.session).is_ok())
        .collect();
    if cases.is_empty() {
        bail!("{name}: holds none of the sessions");
    }
    if cases.len() < all {
        eprintln!(
            "jsess: {name}: {} of {all} sessions cannot be written in this format and are left out",
            all - cases.len()
        );
    }
    let input_bytes = if cases.len() < all {
        cases.iter().map(|c| c.msm_bytes.len()).sum()
    } else {
        input_bytes
    };
    let encoded: Vec<Vec<u8>> = cases
        .iter()
        .map(|c| codec.encode(&c.session).map_err(|e| anyhow!("{name}: {e}")))
        .collect::<Result<_>>()?;
    let output_bytes: usize = encoded.iter().map(Vec::len).sum();
    let mut ratios: Vec<f64> = encoded
        .iter()
        .zip(&cases)
        .map(|(e, c)| e.len() as f64 / c.msm_bytes.len().max(1) as f64)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median_ratio = ratios[ratios.len() / 2];
    let files = cases.len();
    let encode = time(|| {
        cases
            .iter()
            .map(|c| codec.encode(&c.session).map(|b| b.len()).unwrap_or(0))
            .sum()
    });
    let decode = time(|| {
        encoded
            .iter()
            .map(|b| {
                codec
                    .decode(b, &Limits::DEFAULT)
                    .map(|s| s.attributes.graph.len())
                    .unwrap_or(0)
            })
            .sum()
    });
    let transcode = time(|| {
        cases
            .iter()
            .map(|c| {
                jsess_msm::decode(&c.msm_bytes, &Limits::DEFAULT)
                    .ok()
                    .and_then(|s| codec.encode(&s).ok())
                    .map_or(0, |b| b.len())
            })
            .sum()
    });
    Ok(vec![
        result_with_ratio(
            name,
            "decode",
            files,
            input_bytes,
            output_bytes,
            decode,
            median_ratio,
        ),
        result_with_ratio(
            name,
            "encode",
            files,
            input_bytes,
            output_bytes,
            encode,
            median_ratio,
        ),
        result_with_ratio(
            name,
            "transcode",
            files,
            input_bytes,
            output_bytes,
            transcode,
            median_ratio,
        ),
    ])
}

fn print_table(dir: &Path, files: usize, input_bytes: usize, results: &[Json]) {
    println!(
        "{files} sessions from {}, {input_bytes} bytes as msm-java; median of {SAMPLES} passes",
        dir.display()
    );
    println!(
        "{:<16} {:>12} {:>7} {:>8} {:>11} {:>12} {:>11} {:>12} {:>13}",
        "format",
        "bytes",
        "ratio",
        "median",
        "decode MB/s",
        "decode ses/s",
        "encode MB/s",
        "encode ses/s",
        "msm-java→ MB/s"
    );
    let mut formats: Vec<&str> = results
        .iter()
        .filter_map(|r| r["format"].as_str())
        .collect();
    formats.dedup();
    for format in formats {
        let get = |op: &str, key: &str| {
            results
                .iter()
                .find(|r| r["format"] == format && r["operation"] == op)
                .and_then(|r| r[key].as_f64())
        };
        let bytes = get("decode", "output_bytes").unwrap_or(0.0);
        let cell = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
        println!(
            "{:<16} {:>12} {:>6.3}x {:>7.3}x {:>11} {:>12} {:>11} {:>12} {:>13}",
            format,
            bytes as u64,
            bytes / input_bytes.max(1) as f64,
            get("decode", "median_size_ratio").unwrap_or(1.0),
            cell(get("decode", "mb_per_s")),
            cell(get("decode", "sessions_per_s")),
            cell(get("encode", "mb_per_s")),
            cell(get("encode", "sessions_per_s")),
            cell(get("transcode", "mb_per_s")),
        );
    }
}

/// Size (ratio to Java serialization) against decode speed, one labelled point per format.
fn draw_chart(path: &Path, results: &[Json], input_bytes: usize) -> Result<()> {
    use plotters::prelude::*;

    let points: Vec<(String, f64, f64)> = results
        .iter()
        .filter(|r| r["operation"] == "decode" && r["format"] != "memcpy")
        .filter_map(|r| {
            let ratio = r["median_size_ratio"].as_f64()?;
            Some((
                r["format"].as_str()?.to_string(),
                ratio,
                r["sessions_per_s"].as_f64()?,
            ))
        })
        .collect();
    let max_speed = points.iter().map(|p| p.2).fold(1.0, f64::max) * 1.25;
    let max_ratio = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
    let root = SVGBackend::new(path, (900, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| chart::error(&e))?;
    let mut plot = ChartBuilder::on(&root)
        .caption(
            "Session formats: size vs decode speed (up and left is better)",
            chart::CAPTION_FONT,
        )
        .margin(chart::MARGIN)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..max_ratio, 0.0..max_speed)
        .map_err(|e| chart::error(&e))?;
    plot.configure_mesh()
        .x_desc(format!(
            "median encoded size / msm-java size ({} bytes of sessions in all)",
            input_bytes
        ))
        .y_desc("decode: sessions per second")
        .draw()
        .map_err(|e| chart::error(&e))?;
    for (i, (name, ratio, speed)) in points.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        plot.draw_series([Circle::new((*ratio, *speed), 6, color.filled())])
            .map_err(|e| chart::error(&e))?
            .label(name.clone())
            .legend(move |(x, y)| Circle::new((x, y), 5, color.filled()));
        // Labels sit beside their point, staggered so neighbours stay readable.
        let offset = (10, -18 + 14 * (i as i32 % 3));
        plot.draw_series([EmptyElement::at((*ratio, *speed))
            + Text::new(name.clone(), offset, chart::LABEL_FONT.into_font())])
            .map_err(|e| chart::error(&e))?;
    }
    plot.configure_series_labels()
        .border_style(BLACK)
        .background_style(WHITE.mix(0.9))
        .draw()
        .map_err(|e| chart::error(&e))?;
    root.present().map_err(|e| chart::error(&e))?;
    Ok(())
}
