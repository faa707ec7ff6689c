//! # jsess
//!
//! The command line for Java web sessions: `jsess inspect` shows what a blob holds,
//! `jsess convert` re-encodes it. Format logic lives in the library crates; this crate parses
//! arguments, reads and writes files, and turns errors into one line on stderr and an exit code
//! (0 ok, 1 input rejected, 2 usage error).

mod cli;
mod convert;
mod inspect;
mod sniff;
mod tree;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let result = match args.command {
        cli::Command::Inspect(a) => inspect::run(&a),
        cli::Command::Convert(a) => convert::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jsess: {error:#}");
            ExitCode::from(1)
        }
    }
}
