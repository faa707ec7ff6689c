//! `jsess rollback`: puts back every value a migration replaced (`jsess_store::rollback`).

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::RollbackArgs;
use crate::migrate::Bar;

pub fn run(args: &RollbackArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(&args.target, &args.connect)?;
    let bar = Bar(crate::progress(0, "restoring")?);
    let report = jsess_store::rollback(store.as_mut(), &args.backup, &bar)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{} records in {}", report.records, report.backup);
        for (outcome, n) in &report.outcomes {
            println!("  {n:>8}  {outcome}");
        }
        if !report.changed_since_examples.is_empty() {
            println!("written since the migration (left as they are):");
            for key in &report.changed_since_examples {
                println!("  {key}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
