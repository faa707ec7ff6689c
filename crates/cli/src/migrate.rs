//! `jsess migrate`: re-encodes every session of a store in another format of the registry,
//! in place (a cut-over while the Tomcats are stopped) or under a new key prefix that a new
//! fleet reads (kept in sync with `--follow` until the switch). The engine is
//! `jsess_store::Rewrite`, the per-value decision `jsess::Transcoding`; this is arguments,
//! progress, the report and the exit code.

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{bail, Context, Result};
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
        args.dictionary.as_deref(),
        &args.limits.limits(),
    )?;
    if args.follow && args.target_prefix.is_none() && args.to_layout.is_none() {
        bail!("--follow keeps a copy in sync: give --target-prefix or --to-layout");
    }
    let store = crate::open_store(&args.source, &args.connect)?;
    let mut settings = Settings {
        source_prefix: args.prefix.clone().unwrap_or_default().into_bytes(),
        target_prefix: args.target_prefix.as_ref().map(|p| p.as_bytes().to_vec()),
        dry_run: args.dry_run,
        msm_lock: args.msm_lock,
        batch_size: args.batch.max(1),
        backup: args.backup.clone(),
        resume: args.resume,
        job: String::new(),
        source_kind: jsess_store::ValueKind::String,
        target_kind: jsess_store::ValueKind::String,
        slots: args.slots,
        threads: args.threads,
        worker_nice: args.worker_nice,
    };
    let plan: Box<dyn jsess_store::Plan> = match &args.to_layout {
        Some(to) => {
            let relayout = relayout(args, to, &options)?;
            settings = relayout.settings(settings);
            let (from, to) = relayout.layouts();
            settings.job = format!(
                "{} -> {} layout ({} to {})",
                store.describe(),
                to.name(),
                from.name(),
                jsess_store::keys::display_key(&to.key_prefix())
            );
            Box::new(relayout)
        }
        None => {
            let to = args.to.as_deref().unwrap_or_default();
            settings.job = format!(
                "{} -> {to}{}",
                store.describe(),
                args.target_prefix
                    .as_ref()
                    .map(|p| format!(" under {p}"))
                    .unwrap_or_default()
            );
            Box::new(jsess::Transcoding::new(to, &options)?)
        }
    };
    let target = match &args.target {
        Some(target) => {
            // A new FileStore directory is made, as Tomcat makes its own.
            if !jsess_store::is_redis(target) && !args.dry_run {
                std::fs::create_dir_all(target).with_context(|| format!("creating {target}"))?;
            }
            Some(crate::open_store(target, &args.connect)?)
        }
        None if args.to_layout.as_deref() == Some("tomcat-file") => {
            bail!("--to-layout tomcat-file writes .session files: name their directory with --target DIR")
        }
        None => None,
    };
    let rewrite = match target {
        Some(target) => Rewrite::start_copy(store, target, plan.as_ref(), settings)?,
        None => Rewrite::start(store, plan.as_ref(), settings)?,
    };
    let mut rewrite = rewrite.with_progress(Bar(crate::progress(0, "migrating")?));
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
    let cpu_ms = process_cpu_ms();
    if args.json {
        // The engine's report, and the CPU this process spent (on every thread).
        let mut json = serde_json::to_value(&report)?;
        json["cpu_ms"] = cpu_ms.into();
        json["cpu_us_per_session"] = cpu_per_session(cpu_ms, report.counters.migrated).into();
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_report(&report, cpu_ms);
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

/// The move between session managers' layouts `--to-layout` asks for.
fn relayout(args: &MigrateArgs, to: &str, options: &jsess::Options) -> Result<jsess::Relayout> {
    let from = args
        .from_layout
        .as_deref()
        .unwrap_or(if to == "msm" { "redisson" } else { "msm" });
    let profile = args.tomcat_profile.as_deref().map(|p| match p {
        "login" => jsess::tomcat::Profile::Login,
        "no-login" => jsess::tomcat::Profile::NoLogin,
        _ => jsess::tomcat::Profile::LoginNotes,
    });
    let layout = |name: &str| -> Result<jsess::Layout> {
        Ok(match name {
            "msm" => jsess::Layout::Msm {
                prefix: if name == to {
                    args.target_prefix.clone().unwrap_or_default()
                } else {
                    args.prefix.clone().unwrap_or_default()
                },
                format: args.to.clone().unwrap_or_else(|| "msm-java".into()),
            },
            "tomcat-file" => jsess::Layout::TomcatFile {
                profile: profile.unwrap_or(jsess::tomcat::Profile::LoginNotes),
            },
            other => match jsess::Layout::named(other, args.layout_prefix.as_deref())? {
                jsess::Layout::TomcatManager {
                    container,
                    profile: default,
                    prefix,
                } => jsess::Layout::TomcatManager {
                    container,
                    profile: profile.unwrap_or(default),
                    prefix,
                },
                layout => layout,
            },
        })
    };
    let allow = jsess::layouts::convert::Allow {
        lost_login: args.allow_lost_login,
        split_shared: args.allow_split_shared,
    };
    let codec = match args.codec.as_str() {
        "kryo5" => jsess::layouts::ValueCodec::Kryo5,
        _ => jsess::layouts::ValueCodec::Java,
    };
    Ok(jsess::Relayout::new(layout(from)?, layout(to)?, allow, options)?.with_codec(codec))
}

/// CPU time (user and system, every thread) this process has used, in milliseconds; `None`
/// where the platform does not say.
fn process_cpu_ms() -> Option<u64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage writes into the struct it is given and reads nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let ms = |t: libc::timeval| t.tv_sec as u64 * 1000 + t.tv_usec as u64 / 1000;
        Some(ms(usage.ru_utime) + ms(usage.ru_stime))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

fn cpu_per_session(cpu_ms: Option<u64>, sessions: u64) -> Option<f64> {
    cpu_ms
        .filter(|_| sessions > 0)
        .map(|ms| ms as f64 * 1000.0 / sessions as f64)
}

fn print_report(report: &Report, cpu_ms: Option<u64>) {
    let c = &report.counters;
    let verb = if report.dry_run {
        "would migrate"
    } else {
        "migrated"
    };
    println!("{}", report.job);
    if let Some(slots) = report.slots {
        println!("slots: {slots}");
    }
    println!(
        "{verb}: {} sessions ({} → {} bytes), validity keys copied: {}",
        c.migrated, c.bytes_before, c.bytes_after, c.validity_copied
    );
    if !c.dropped.is_empty() {
        println!("facts the target has no place for (sessions that dropped each):");
        for (fact, n) in &c.dropped {
            println!("  {n:>8}  {fact}");
        }
    }
    println!("skipped:");
    for (reason, n) in &c.skipped {
        println!("  {n:>8}  {reason}");
    }
    println!("failed: {}", c.failed);
    for f in &c.failures {
        println!("  {}: {}", f.key, f.reason);
    }
    let cpu = cpu_per_session(cpu_ms, c.migrated)
        .map(|us| format!(", {us:.1} µs CPU per session"))
        .unwrap_or_default();
    println!(
        "{:.0} sessions/s over {:.1} s on {} thread(s){cpu}",
        report.sessions_per_s,
        report.elapsed_ms as f64 / 1000.0,
        report.threads
    );
}
