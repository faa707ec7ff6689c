//! The shared test kit, and the `jsess` binary under test.
#![allow(dead_code)]

pub use jsess_testkit::*;

use std::process::Command;

/// The `jsess` binary this package builds.
pub fn jsess() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jsess"))
}
