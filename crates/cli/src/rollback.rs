//! `jsess rollback`: puts back every value a migration replaced (`jsess_store::rollback`), or
//! several migrations' (`jsess_store::rollback_all`: the workers of a store split by slots).

use std::process::ExitCode;

use anyhow::Result;
use jsess_store::RollbackReport;

use crate::cli::RollbackArgs;
use crate::migrate::Bar;

pub fn run(args: &RollbackArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(&args.target, &args.connect)?;
    let bar = Bar(crate::progress(0, "restoring")?);
    // One file keeps the report it always had; several add the totals.
    if let [backup] = args.backup.as_slice() {
        let report = jsess_store::rollback(store.as_mut(), backup, &bar)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print_report(&report);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let totals = jsess_store::rollback_all(store.as_mut(), &args.backup, &bar)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&totals)?);
    } else {
        for report in &totals.backups {
            print_report(report);
        }
        println!(
            "{} records in {} backups",
            totals.records,
            totals.backups.len()
        );
        for (outcome, n) in &totals.outcomes {
            println!("  {n:>8}  {outcome}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &RollbackReport) {
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
