//! `jsess migrate`: re-encodes every session of a store in another format of the registry,
//! in place (a cut-over while the Tomcats are stopped) or under a new key prefix that a new
//! fleet reads (kept in sync with `--follow` until the switch). The engine is
//! `jsess_store::Rewrite`, the per-value decision `jsess::Transcoding`; this is arguments,
//! progress, the report and the exit code.

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use jsess_store::{Report, Rewrite, Settings};

use crate::cli::MigrateArgs;

/// The progress bar a pass drives.
pub struct Bar(pub ProgressBar);

impl jsess_store::Progress for Bar {
    fn start(&self, total: u64) {
        self.0.reset();
        self.0.set_length(total);
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn message(&self, message: String) {
        self.0.set_message(message);
        self.0.tick();
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

pub fn run(args: &MigrateArgs) -> Result<ExitCode> {
    let options = crate::schema::options(
        &args.schemas,
        crate::load_dictionary(args.dictionary.as_deref())?,
        &args.limits.limits(),
    )?;
    let plan = jsess::Transcoding::new(&args.to, &options)?;
    let store = crate::open_store(&args.source, &args.connect)?;
    let job = format!(
        "{} -> {}{}",
        store.describe(),
        args.to,
        args.target_prefix
            .as_ref()
            .map(|p| format!(" under {p}"))
            .unwrap_or_default()
    );
    let settings = Settings {
        source_prefix: args.prefix.clone().unwrap_or_default().into_bytes(),
        target_prefix: args.target_prefix.as_ref().map(|p| p.as_bytes().to_vec()),
        dry_run: args.dry_run,
        msm_lock: args.msm_lock,
        batch_size: args.batch.max(1),
        backup: args.backup.clone(),
        resume: args.resume,
        job,
    };
    let mut rewrite = Rewrite::start(store, &plan, settings)?
        .with_progress(Bar(crate::progress(0, "migrating")?));
    if let Some(node) = rewrite.rescanned_node {
        eprintln!(
            "jsess: the server restarted since the checkpoint (SCAN cursors do not survive a \
             restart): node {node} is scanned again from its start"
        );
    }
    let interrupted = rewrite.interrupt_flag();
    {
        let flag = interrupted.clone();
        ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
            .context("installing the interrupt handler")?;
    }
    // Subscribed before the first pass, so nothing written during it is missed.
    let events = if args.follow {
        let events = rewrite.store().watch(b"")?;
        if events.is_none() {
            eprintln!(
                "jsess: keyspace notifications unavailable (CONFIG SET refused?): following by \
                 rescans every {} s",
                args.rescan_seconds
            );
        }
        events
    } else {
        None
    };
    rewrite.pass()?;
    if args.follow {
        rewrite.follow(events, Duration::from_secs(args.rescan_seconds.max(1)))?;
    }
    let report = rewrite.report();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    if interrupted.load(Ordering::SeqCst) && !args.follow {
        eprintln!("jsess: interrupted; continue with --resume");
        return Ok(ExitCode::from(130));
    }
    Ok(if report.counters.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(report: &Report) {
    let c = &report.counters;
    let verb = if report.dry_run {
        "would migrate"
    } else {
        "migrated"
    };
    println!("{}", report.job);
    println!(
        "{verb}: {} sessions ({} → {} bytes), validity keys copied: {}",
        c.migrated, c.bytes_before, c.bytes_after, c.validity_copied
    );
    println!("skipped:");
    for (reason, n) in &c.skipped {
        println!("  {n:>8}  {reason}");
    }
    println!("failed: {}", c.failed);
    for f in &c.failures {
        println!("  {}: {}", f.key, f.reason);
    }
}
