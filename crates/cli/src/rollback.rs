//! `jsess rollback`: puts back every value a migration replaced, newest record first, each only
//! while its key still holds what the migration wrote (docs/redis.md): a key an application
//! wrote since keeps the application's value, a key deleted or expired since stays absent.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use jsess_store::backup::BackupReader;
use jsess_store::keys::display_key;
use jsess_store::{Restore, RestoreOutcome};
use serde_json::json;

use crate::cli::RollbackArgs;

const BATCH: usize = 200;
const KEPT_EXAMPLES: usize = 100;

pub fn run(args: &RollbackArgs) -> Result<ExitCode> {
    let mut store = jsess_store::open(&args.target)
        .with_context(|| format!("opening {}", jsess_store::redacted(&args.target)))?;
    let mut backup = BackupReader::open(&args.backup)?;
    let bar = crate::progress(backup.len() as u64, "restoring")?;
    let nodes = store.nodes().len();
    let mut counts: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut changed_since = Vec::new();
    loop {
        let mut items = Vec::with_capacity(BATCH);
        while items.len() < BATCH {
            let Some(record) = backup.next_newest()? else {
                break;
            };
            items.push(Restore {
                key: record.key,
                previous: record.previous,
                written_sha1: record.written_sha1,
            });
        }
        if items.is_empty() {
            break;
        }
        bar.inc(items.len() as u64);
        // Several shards: a key is on one of them; the others report it gone.
        let mut outcomes = vec![RestoreOutcome::Gone; items.len()];
        let mut pending: Vec<usize> = (0..items.len()).collect();
        let single = store.routes_keys();
        for node in 0..nodes {
            if pending.is_empty() {
                break;
            }
            let node = if single {
                store.node_of(&items[pending[0]].key)
            } else {
                node
            };
            let batch: Vec<Restore> = pending.iter().map(|&i| items[i].clone()).collect();
            let results = store.restore(node, &batch)?;
            let mut next = Vec::new();
            for (&i, outcome) in pending.iter().zip(results) {
                outcomes[i] = outcome;
                if outcome == RestoreOutcome::Gone {
                    next.push(i);
                }
            }
            pending = next;
            if single {
                break;
            }
        }
        for (item, outcome) in items.iter().zip(outcomes) {
            *counts.entry(outcome.name()).or_default() += 1;
            if outcome == RestoreOutcome::ChangedSince && changed_since.len() < KEPT_EXAMPLES {
                changed_since.push(display_key(&item.key));
            }
        }
    }
    bar.finish_and_clear();
    let report = json!({
        "backup": args.backup.display().to_string(),
        "records": counts.values().sum::<u64>(),
        "outcomes": counts,
        "changed_since_examples": changed_since,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{} records in {}", report["records"], report["backup"]);
        for (outcome, n) in &counts {
            println!("  {n:>8}  {outcome}");
        }
        if !changed_since.is_empty() {
            println!("written since the migration (left as they are):");
            for key in &changed_since {
                println!("  {key}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
