//! # jsess
//!
//! The command line for Java web sessions: `jsess inspect` shows what a blob holds,
//! `jsess convert` re-encodes one blob or a directory of them, `jsess dictionary` derives the
//! shared class dictionary the compact formats can use. Format logic lives in the library crates; this crate parses
//! arguments, reads and writes files, and turns errors into one line on stderr and an exit code
//! (0 ok, 1 input rejected, 2 usage error, 3 audit findings). `jsess scan`, `migrate` and
//! `rollback` work on stores (a directory of values, Redis, Redis Cluster) through jsess-store.

mod audit;
mod bench;
mod chart;
mod cli;
mod convert;
mod dictionary;
mod inspect;
mod migrate;
mod rollback;
mod scan;
mod schema;
mod tree;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a session decoded, re-encoded and verified is
/// some hundreds of small allocations, and a migration frees on its I/O thread the values its
/// workers wrote, which glibc's malloc does under an arena lock. Measured in
/// `benches/redis/migrate.sh` (docs/redis.md): 10-20% less CPU per session.
#[global_allocator]
static ALLOCATOR: jsess::MiMalloc = jsess::MiMalloc;

/// Stack for the worker thread. Graph walks grow their own stack segments; this covers the
/// JSON serializer on views as deep as the configured nesting limit allows.
const WORKER_STACK: usize = 1 << 30;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let args = cli::Args::parse();
    let worker = std::thread::Builder::new()
        .name("jsess".into())
        .stack_size(WORKER_STACK)
        .spawn(move || match args.command {
            cli::Command::Inspect(a) => inspect::run(&a).map(|()| ExitCode::SUCCESS),
            cli::Command::Convert(a) => convert::run(&a).map(|()| ExitCode::SUCCESS),
            cli::Command::Dictionary(a) => dictionary::run(&a).map(|()| ExitCode::SUCCESS),
            cli::Command::Audit(a) => audit::run(&a),
            cli::Command::Bench(a) => bench::run(&a),
            cli::Command::Scan(a) => scan::run(&a),
            cli::Command::Schema(cli::SchemaCommand::Export(a)) => {
                schema::export(&a).map(|()| ExitCode::SUCCESS)
            }
            cli::Command::Migrate(a) => migrate::run(&a),
            cli::Command::Rollback(a) => rollback::run(&a),
        });
    let result = match worker.map(|handle| handle.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(anyhow::anyhow!("internal error (please report this input)")),
        Err(e) => Err(anyhow::anyhow!("cannot start worker thread: {e}")),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("jsess: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// `jsess inspect … | head` ends the way other Unix tools do when the reader goes away:
/// silently, by SIGPIPE, rather than with a write error for every line left to print (Rust
/// ignores SIGPIPE by default).
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread starts; restoring the default
    // disposition of one signal has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress(len: u64, what: &str) -> anyhow::Result<indicatif::ProgressBar> {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} [{{bar:30}}] {{pos}}/{{len}} {{per_sec}} {{eta}} {{msg}}"
        ))
        .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    Ok(bar)
}

/// Opens the store `source` names (a directory, Redis URLs, a Sentinel URL) with the
/// command's connection options. The store's Redis errors name the server (without its
/// password), so they are not prefixed again.
pub fn open_store(
    source: &str,
    connect: &cli::ConnectArgs,
) -> anyhow::Result<Box<dyn jsess_store::Store>> {
    jsess_store::open_with(source, &connect.connect()).map_err(|e| match e {
        jsess_store::Error::Redis { .. } => match tls_hint(&e.to_string()) {
            Some(hint) => anyhow::anyhow!("{e} ({hint})"),
            None => anyhow::Error::new(e),
        },
        other => {
            anyhow::Error::new(other).context(format!("opening {}", jsess_store::redacted(source)))
        }
    })
}

/// What to do about the TLS failures rustls names tersely: the flag that fixes each.
fn tls_hint(message: &str) -> Option<&'static str> {
    if message.contains("CertificateRequired") {
        Some("the server requires a client certificate: give --tls-cert and --tls-key")
    } else if message.contains("UnknownIssuer") {
        Some("the server's certificate is not signed by a known authority: give it with --tls-ca")
    } else {
        None
    }
}
