//! `jsess bench`: size and speed of every session format on the same sessions, as
//! `jsess::bench` measures them; this module prints the table, the JSON and the chart.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use jsess::bench::{self, BenchSet, Measurement, Settings};
use serde_json::{json, Value as Json};

use crate::chart;
use crate::cli::BenchArgs;

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
    let mut options = jsess::Options::new();
    if let Some(cp) = &classpath {
        options
            .classpath(cp)
            .with_context(|| format!("reading classpath {cp}"))?;
    }
    let set = BenchSet::load(&dir)?;
    if set.cases().is_empty() {
        bail!("{}: no msm blobs or Java streams to measure", dir.display());
    }
    let formats: Vec<String> = match &args.formats {
        Some(list) => list
            .split(',')
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect(),
        None => bench::DEFAULT_FORMATS
            .iter()
            .map(|f| f.to_string())
            .collect(),
    };
    let settings = Settings::default();
    let mut results = vec![bench::memcpy(&set, &settings)];
    let mut per_session = Vec::new();
    // The Java stream without msm's envelope: what the JVM's Java transcoder reads and writes.
    let stream = bench::java_stream(&set, &settings)?;
    results.extend(stream.measurements);
    if args.per_session {
        per_session.extend(
            stream
                .sessions
                .iter()
                .map(|s| s.to_json(bench::JAVA_STREAM)),
        );
    }
    for name in &formats {
        let report = bench::measure(name, &set, &options, &settings).map_err(|e| match e {
            jsess::Error::UnknownFormat(_) => anyhow!(
                "unknown format {name:?} (use {}, optionally with +dict)",
                jsess::FORMAT_NAMES.join(", ")
            ),
            e => e.into(),
        })?;
        if report.left_out > 0 {
            eprintln!(
                "jsess: {name}: {} of {} sessions cannot be written in this format and are left out",
                report.left_out,
                set.cases().len()
            );
        }
        results.extend(report.measurements);
        if args.per_session {
            per_session.extend(report.sessions.iter().map(|s| s.to_json(name)));
        }
    }
    // The whole-set rows keep the shape scripts read (`results`); the per-class rows follow
    // in `classes`.
    let (all, classes): (Vec<&Measurement>, Vec<&Measurement>) =
        results.iter().partition(|m| m.class == "all");
    if args.json {
        let rows = |ms: &[&Measurement]| ms.iter().map(|m| m.to_json()).collect::<Vec<Json>>();
        let sessions: Vec<Json> = set
            .class_counts()
            .into_iter()
            .map(|(class, n)| json!({"class": class.name(), "sessions": n}))
            .collect();
        let mut out = json!({
            "results": rows(&all),
            "classes": rows(&classes),
            "sessions": sessions,
        });
        if args.per_session {
            out["per_session"] = Json::Array(per_session);
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_table(&dir, &set, &all);
        print_classes(&set, &classes);
    }
    if let Some(chart) = &args.chart {
        draw_chart(chart, &all, set.input_bytes())?;
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

fn print_table(dir: &Path, set: &BenchSet, results: &[&Measurement]) {
    println!(
        "{} sessions from {}, {} bytes as msm-java; median of {} passes",
        set.cases().len(),
        dir.display(),
        set.input_bytes(),
        Settings::default().samples
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
    let cell = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
    for format in formats_of(results) {
        let get = |op: &str| find(results, format, op, "all");
        let Some(decode) = get("decode") else {
            continue;
        };
        println!(
            "{:<16} {:>12} {:>6.3}x {:>7.3}x {:>11} {:>12} {:>11} {:>12} {:>13}",
            format,
            decode.output_bytes,
            decode.output_bytes as f64 / decode.input_bytes.max(1) as f64,
            decode.median_size_ratio,
            cell(Some(decode.mb_per_s())),
            cell(Some(decode.sessions_per_s())),
            cell(get("encode").map(Measurement::mb_per_s)),
            cell(get("encode").map(Measurement::sessions_per_s)),
            cell(get("transcode").map(Measurement::mb_per_s)),
        );
    }
}

/// Per kind of session: the median session's size ratio and times, which byte totals hide.
fn print_classes(set: &BenchSet, results: &[&Measurement]) {
    let counts: Vec<String> = set
        .class_counts()
        .into_iter()
        .map(|(class, n)| format!("{} {n}", class.name()))
        .collect();
    println!();
    println!("per kind of session ({}):", counts.join(", "));
    println!(
        "{:<16} {:<16} {:>8} {:>8} {:>14} {:>14}",
        "format", "kind", "files", "median", "decode µs/ses", "encode µs/ses"
    );
    let micros = |m: Option<&Measurement>| {
        m.map_or("-".to_string(), |m| {
            format!("{:.2}", m.spread.median_session_ns as f64 / 1e3)
        })
    };
    for format in formats_of(results) {
        for (class, _) in set.class_counts() {
            let get = |op: &str| find(results, format, op, class.name());
            let Some(decode) = get("decode") else {
                continue;
            };
            println!(
                "{:<16} {:<16} {:>8} {:>7.3}x {:>14} {:>14}",
                format,
                class.name(),
                decode.files,
                decode.median_size_ratio,
                micros(Some(decode)),
                micros(get("encode")),
            );
        }
    }
}

/// The formats of `results`, in order, once each.
fn formats_of<'a>(results: &[&'a Measurement]) -> Vec<&'a str> {
    let mut formats: Vec<&str> = results.iter().map(|m| m.format.as_str()).collect();
    formats.dedup();
    formats
}

fn find<'a>(
    results: &[&'a Measurement],
    format: &str,
    operation: &str,
    class: &str,
) -> Option<&'a Measurement> {
    results
        .iter()
        .copied()
        .find(|m| m.format == format && m.operation == operation && m.class == class)
}

/// Size (ratio to Java serialization) against decode speed, one labelled point per format.
fn draw_chart(path: &Path, results: &[&Measurement], input_bytes: usize) -> Result<()> {
    use plotters::prelude::*;

    let points: Vec<(String, f64, f64)> = results
        .iter()
        .filter(|m| {
            m.operation == "decode" && m.format != "memcpy" && m.format != bench::JAVA_STREAM
        })
        .map(|m| (m.format.clone(), m.median_size_ratio, m.sessions_per_s()))
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
