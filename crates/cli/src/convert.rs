//! `jsess convert`: one file, or every file of a directory with a progress bar and a size table.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use jsess::convert::Converter;

use crate::cli::ConvertArgs;

pub fn run(args: &ConvertArgs) -> Result<()> {
    let options = crate::schema::options(
        &args.schemas,
        args.dictionary.as_deref(),
        &args.limits.limits(),
    )?;
    let converter = Cli {
        converter: Converter::new(args.from.name(), args.to.name(), &options)?,
        label: format!("{} → {}", args.from.name(), args.to.name()),
    };
    if args.input.is_dir() {
        return converter.directory(&args.input, &args.output);
    }
    let input =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let output = converter
        .convert(&input)
        .map_err(|e| anyhow!("{}: {e:#}", args.input.display()))?;
    std::fs::write(&args.output, &output)
        .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(())
}

/// The conversion, with what the terminal shows of it.
struct Cli {
    converter: Converter,
    label: String,
}

impl Cli {
    /// One value, verified before it is returned; warnings go to stderr with the session id.
    fn convert(&self, input: &[u8]) -> Result<Vec<u8>> {
        let done = self.converter.convert(input)?;
        for w in &done.warnings {
            eprintln!(
                "jsess: warning: session {}: {w}",
                String::from_utf8_lossy(&done.id)
            );
        }
        Ok(done.bytes)
    }

    fn directory(&self, input: &Path, output: &Path) -> Result<()> {
        let files = jsess::files_under(input)?;
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {eta}")
                .map_err(|e| anyhow!("{e}"))?
                .progress_chars("=> "),
        );
        bar.set_message(self.label.clone());
        let mut summary = Summary::default();
        for file in &files {
            let relative = file.strip_prefix(input).unwrap_or(file);
            let target = output.join(relative);
            match self.convert_file(file, &target) {
                Ok(Some((before, after))) => summary.ok(before, after),
                Ok(None) => summary.skipped += 1,
                Err(e) => {
                    bar.suspend(|| eprintln!("jsess: {}: {e:#}", file.display()));
                    summary.failed.push(relative.display().to_string());
                }
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        println!("{}", summary.table(&self.label));
        if summary.failed.is_empty() {
            Ok(())
        } else {
            bail!(
                "{} of {} files failed: {}",
                summary.failed.len(),
                files.len(),
                summary.failed.join(", ")
            )
        }
    }

    /// Converts one file of a directory; `None` when it is not in the input format at all
    /// (a description, a validity value), which is skipped rather than failed.
    fn convert_file(&self, from: &Path, to: &Path) -> Result<Option<(usize, usize)>> {
        let input = std::fs::read(from).context("reading")?;
        if !self.converter.accepts(&input) {
            return Ok(None);
        }
        let output = self.convert(&input)?;
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(to, &output).with_context(|| format!("writing {}", to.display()))?;
        Ok(Some((input.len(), output.len())))
    }
}

#[derive(Default)]
struct Summary {
    sizes: Vec<(usize, usize)>,
    skipped: usize,
    failed: Vec<String>,
}

impl Summary {
    fn ok(&mut self, before: usize, after: usize) {
        self.sizes.push((before, after));
    }

    /// Totals, and the median of per-file ratios (totals are dominated by the largest files).
    fn table(&self, label: &str) -> String {
        let before: usize = self.sizes.iter().map(|s| s.0).sum();
        let after: usize = self.sizes.iter().map(|s| s.1).sum();
        let total = if before == 0 {
            0.0
        } else {
            after as f64 / before as f64
        };
        let mut ratios: Vec<f64> = self
            .sizes
            .iter()
            .filter(|s| s.0 > 0)
            .map(|s| s.1 as f64 / s.0 as f64)
            .collect();
        ratios.sort_by(f64::total_cmp);
        let median = ratios.get(ratios.len() / 2).copied().unwrap_or(0.0);
        format!(
            "{label:<24} {:>6} {:>14} {:>14} {:>11} {:>12}\n{:<24} {:>6} {:>14} {:>14} {:>10.3}x {:>11.3}x\nskipped (not the input format): {}, failed: {}",
            "files", "bytes before", "bytes after", "total ratio", "median ratio",
            "", self.sizes.len(), before, after, total, median, self.skipped, self.failed.len()
        )
    }
}
