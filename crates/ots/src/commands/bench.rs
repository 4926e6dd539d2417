//! `ots bench`: a load generator built on `ots-client`, with `--concurrency` operations in
//! flight for `--duration` seconds.
//!
//! `--mode` picks what it measures:
//! - `all` (the default): three phases, `status` (`GET /api/VERSION/status`, the HTTP floor),
//!   `create` (share a secret; the ids are kept) and `reveal` (each created secret once). They
//!   take turns in `--rounds` rounds (each phase runs `duration / rounds` per round), so a
//!   machine whose speed drifts during the run (a shared host, a busy disk) slows every phase
//!   alike and the ratios between them stay comparable.
//! - `create`, `status`: that operation alone.
//! - `reveal`: secrets are created first for `--duration` (not measured), then revealed.
//! - `cycle`: each operation creates a secret and reveals it; latency is the pair's.
//!
//! It prints operations per second, p50/p90/p99/max latency and error counts (or `--json`),
//! and with `--server-pid` the server's CPU time per operation (Linux), with a progress bar on
//! stderr while it runs (not with `--json`, nor when stderr is not a terminal). It speaks API
//! v1 unless `--api v2` is given: the v1 figures are the ones the project has tracked since the
//! first benchmark. For creates to be measured rather than refused, run the server with
//! `OTS_RATE_LIMITS=off`.

// Latency statistics: counts and microseconds are far below 2^52, so f64 is exact enough.
#![allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use ots_client::{ApiVersion, Client, Share};
use serde_json::{Value, json};

use super::client::settings;
use crate::cli::BenchArgs;
use crate::cli::BenchMode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Status,
    Create,
    Reveal,
    Cycle,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Create => "create",
            Self::Reveal => "reveal",
            Self::Cycle => "cycle",
        }
    }
}

#[derive(Debug, Default)]
struct Sample {
    latencies_us: Vec<u64>,
    errors: u64,
}

/// One phase's slices added up over the rounds.
#[derive(Debug, Default)]
struct PhaseTotal {
    sample: Sample,
    seconds: f64,
    /// The server's CPU time during the phase's slices (with `--server-pid`).
    server_cpu: Duration,
}

#[derive(Debug)]
struct Report {
    phase: Phase,
    seconds: f64,
    ok: usize,
    errors: u64,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// The server's CPU time per successful operation, when `--server-pid` was given.
    server_cpu_us: Option<f64>,
}

impl Report {
    fn rps(&self) -> f64 {
        self.ok as f64 / self.seconds
    }

    fn to_json(&self) -> Value {
        let mut report = json!({
            "phase": self.phase.name(), "requests": self.ok, "errors": self.errors,
            "requests_per_second": self.rps(), "p50_ms": self.p50_ms, "p90_ms": self.p90_ms,
            "p99_ms": self.p99_ms, "max_ms": self.max_ms,
        });
        if let Some(us) = self.server_cpu_us {
            report["server_cpu_us_per_request"] = json!(us);
        }
        report
    }
}

/// The CPU time (user and system, every thread) process `pid` has used so far.
fn cpu_time(pid: u32) -> anyhow::Result<Duration> {
    let path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&path)
        .with_context(|| format!("reading the server's CPU time from {path}"))?;
    // proc(5): after the command name (in parentheses, and it may hold spaces) come the state,
    // field 3, and so on; utime and stime are fields 14 and 15, in ticks of USER_HZ, which is
    // 100 on Linux whatever the kernel's own tick.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |field: usize| -> anyhow::Result<u64> {
        fields
            .get(field - 3)
            .and_then(|f| f.parse().ok())
            .with_context(|| format!("{path} does not read as proc(5) says"))
    };
    Ok(Duration::from_millis((ticks(14)? + ticks(15)?) * 10))
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

/// What every worker shares.
#[derive(Debug)]
struct Load {
    client: Client,
    /// What every create sends (and its passphrase, which reveals send too).
    share: Share,
    /// Secret ids created and not yet revealed.
    ids: Mutex<Vec<String>>,
    /// Operations finished, for the progress bar.
    done: AtomicU64,
}

impl Load {
    /// One operation. `None`: nothing left to reveal.
    async fn one(&self, phase: Phase) -> Option<Result<(), ots_client::Error>> {
        let outcome = match phase {
            Phase::Status => self.client.status().await,
            Phase::Create => self.client.share(&self.share).await.map(|created| {
                if let Ok(mut ids) = self.ids.lock() {
                    ids.push(created.secret_id);
                }
            }),
            Phase::Reveal => {
                let id = self.ids.lock().ok()?.pop()?;
                self.client.reveal(&id, self.share.passphrase.as_ref()).await.map(drop)
            }
            Phase::Cycle => match self.client.share(&self.share).await {
                Ok(created) => self
                    .client
                    .reveal(&created.secret_id, self.share.passphrase.as_ref())
                    .await
                    .map(drop),
                Err(e) => Err(e),
            },
        };
        Some(outcome)
    }
}

/// Runs one phase for `slice`; returns what it saw and how long it took.
async fn run_slice(
    load: &Arc<Load>,
    concurrency: usize,
    phase: Phase,
    slice: Duration,
) -> (Sample, f64) {
    let deadline = Instant::now() + slice;
    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let load = Arc::clone(load);
        workers.push(tokio::spawn(async move {
            let mut sample = Sample::default();
            while Instant::now() < deadline {
                let t = Instant::now();
                match load.one(phase).await {
                    None => break, // nothing left to reveal
                    Some(Ok(())) => sample
                        .latencies_us
                        .push(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX)),
                    Some(Err(_)) => sample.errors += 1,
                }
                load.done.fetch_add(1, Ordering::Relaxed);
            }
            sample
        }));
    }
    let mut all = Sample::default();
    for w in workers {
        if let Ok(s) = w.await {
            all.latencies_us.extend(s.latencies_us);
            all.errors += s.errors;
        }
    }
    (all, started.elapsed().as_secs_f64())
}

fn report(phase: Phase, mut all: Sample, seconds: f64, server_cpu: Option<Duration>) -> Report {
    all.latencies_us.sort_unstable();
    let l = &all.latencies_us;
    Report {
        server_cpu_us: server_cpu.map(|cpu| cpu.as_secs_f64() * 1e6 / l.len().max(1) as f64),
        phase,
        seconds,
        ok: l.len(),
        errors: all.errors,
        p50_ms: percentile(l, 50.0),
        p90_ms: percentile(l, 90.0),
        p99_ms: percentile(l, 99.0),
        max_ms: l.last().map_or(0.0, |&m| m as f64 / 1000.0),
    }
}

/// A bar on stderr that fills over the run's planned time and counts operations.
fn progress(
    args: &BenchArgs,
    total: Duration,
    load: &Arc<Load>,
) -> (ProgressBar, tokio::task::JoinHandle<()>) {
    let bar = if args.client.json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(total.as_millis() as u64);
        let style = ProgressStyle::with_template("{spinner} [{bar:40}] {elapsed}/{msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar
    };
    let (ticker_bar, load) = (bar.clone(), Arc::clone(load));
    let total_secs = total.as_secs();
    let started = Instant::now();
    let ticker = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            ticker_bar.set_position(started.elapsed().as_millis() as u64);
            let done = load.done.load(Ordering::Relaxed);
            ticker_bar.set_message(format!("{total_secs}s, {done} operations"));
        }
    });
    (bar, ticker)
}

pub(crate) async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if args.concurrency == 0 || args.duration == 0 || args.rounds == 0 {
        bail!("--concurrency, --duration and --rounds must be at least 1");
    }
    let rounds = if args.mode == BenchMode::All { args.rounds } else { 1 };
    let slice = Duration::from_secs(args.duration) / rounds;
    if slice < Duration::from_millis(200) {
        bail!("--duration / --rounds must leave each phase at least 200 ms per round");
    }
    if let Some(pid) = args.server_pid {
        cpu_time(pid)?;
    }
    let client =
        settings::builder(&args.client, ApiVersion::V1)?.pool_idle(args.concurrency).build()?;
    client.status().await.with_context(|| format!("no server answers at {}", client.base()))?;
    let load = Arc::new(Load {
        client,
        share: Share {
            secret: "x".repeat(args.size).into(),
            passphrase: args.passphrase.clone(),
            ttl: None,
        },
        ids: Mutex::new(Vec::new()),
        done: AtomicU64::new(0),
    });
    let (phases, untimed): (Vec<Phase>, Option<Phase>) = match args.mode {
        BenchMode::All => (vec![Phase::Status, Phase::Create, Phase::Reveal], None),
        BenchMode::Create => (vec![Phase::Create], None),
        BenchMode::Reveal => (vec![Phase::Reveal], Some(Phase::Create)),
        BenchMode::Cycle => (vec![Phase::Cycle], None),
        BenchMode::Status => (vec![Phase::Status], None),
    };
    let mut totals: Vec<PhaseTotal> = phases.iter().map(|_| PhaseTotal::default()).collect();
    let names: Vec<&str> = phases.iter().map(|p| p.name()).collect();
    eprintln!(
        "ots bench: {} for {}s each{}, at concurrency {}, API {}…",
        names.join(", "),
        args.duration,
        if rounds > 1 { format!(", in {rounds} rounds") } else { String::new() },
        args.concurrency,
        load.client.api().as_str(),
    );
    let planned =
        Duration::from_secs(args.duration) * (phases.len() + usize::from(untimed.is_some())) as u32;
    let (bar, ticker) = progress(&args, planned, &load);
    if let Some(phase) = untimed {
        // The secrets to reveal: created first, not measured.
        let _ = run_slice(&load, args.concurrency, phase, Duration::from_secs(args.duration)).await;
    }
    for _ in 0..rounds {
        for (phase, total) in phases.iter().zip(totals.iter_mut()) {
            let cpu_before = args.server_pid.map(cpu_time).transpose()?;
            let (sample, seconds) = run_slice(&load, args.concurrency, *phase, slice).await;
            if let (Some(pid), Some(before)) = (args.server_pid, cpu_before) {
                total.server_cpu += cpu_time(pid)?.saturating_sub(before);
            }
            total.sample.latencies_us.extend(sample.latencies_us);
            total.sample.errors += sample.errors;
            total.seconds += seconds;
        }
    }
    ticker.abort();
    bar.finish_and_clear();
    let reports: Vec<Report> = phases
        .iter()
        .zip(totals)
        .map(|(phase, total)| {
            let server_cpu = args.server_pid.map(|_| total.server_cpu);
            report(*phase, total.sample, total.seconds, server_cpu)
        })
        .collect();
    if args.client.json {
        println!("{}", Value::Array(reports.iter().map(Report::to_json).collect()));
        return Ok(());
    }
    print_table(&reports);
    Ok(())
}

fn print_table(reports: &[Report]) {
    let cpu_header =
        if reports.iter().any(|r| r.server_cpu_us.is_some()) { "  server CPU µs" } else { "" };
    println!(
        "{:<8} {:>9} {:>11} {:>9} {:>9} {:>9} {:>9} {:>7}{cpu_header}",
        "phase", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"
    );
    for r in reports {
        let cpu = r.server_cpu_us.map_or_else(String::new, |us| format!(" {us:>14.1}"));
        println!(
            "{:<8} {:>9} {:>11.0} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7}{cpu}",
            r.phase.name(),
            r.ok,
            r.rps(),
            r.p50_ms,
            r.p90_ms,
            r.p99_ms,
            r.max_ms,
            r.errors
        );
    }
    if let [floor, rest @ ..] = reports {
        for r in rest {
            println!(
                "{} throughput is {:.0}% of status",
                r.phase.name(),
                100.0 * r.rps() / floor.rps().max(1.0)
            );
        }
        if let Some(status_cpu) = floor.server_cpu_us.filter(|us| *us > 0.0) {
            for r in rest {
                if let Some(us) = r.server_cpu_us {
                    println!(
                        "{} costs the server {:.1} times the CPU of a status",
                        r.phase.name(),
                        us / status_cpu
                    );
                }
            }
        }
    }
}
