//! `ots bench`: measures a running server in three phases of `--duration` seconds each, with
//! `--concurrency` requests in flight:
//!
//! 1. `status`: `GET /api/v1/status`, the HTTP floor.
//! 2. `create`: `POST /api/v1/share`; the secret keys are kept for the next phase.
//! 3. `reveal`: `POST /api/v1/secret/:key`, each created secret once.
//!
//! The phases take turns in `--rounds` rounds (each phase runs `duration / rounds` per round),
//! so a machine whose speed drifts during the run (a shared host, a busy disk) slows every
//! phase alike and the ratios between them stay comparable.
//!
//! It prints requests per second, latency percentiles and error counts for each phase. For
//! creates to be measured rather than refused, run the server with `OTS_RATE_LIMITS=off`.

// Latency statistics: counts and microseconds are far below 2^52, so f64 is exact enough.
#![allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::cli::BenchArgs;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Status,
    Create,
    Reveal,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Create => "create",
            Self::Reveal => "reveal",
        }
    }
}

#[derive(Debug, Default)]
struct Sample {
    latencies_us: Vec<u64>,
    errors: u64,
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
}

impl Report {
    fn rps(&self) -> f64 {
        self.ok as f64 / self.seconds
    }

    fn to_json(&self) -> Value {
        json!({
            "phase": self.phase.name(), "requests": self.ok, "errors": self.errors,
            "requests_per_second": self.rps(), "p50_ms": self.p50_ms, "p90_ms": self.p90_ms,
            "p99_ms": self.p99_ms, "max_ms": self.max_ms,
        })
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

/// The one field of a create's answer the reveal phase needs.
#[derive(serde::Deserialize)]
struct Shared {
    secret_key: String,
}

async fn one_request(
    client: &reqwest::Client,
    base: &str,
    phase: Phase,
    payload: &str,
    keys: &Mutex<Vec<String>>,
) -> Option<Result<(), ()>> {
    let response = match phase {
        Phase::Status => client.get(format!("{base}/api/v1/status")).send().await,
        Phase::Create => {
            client.post(format!("{base}/api/v1/share")).form(&[("secret", payload)]).send().await
        }
        Phase::Reveal => {
            let key = keys.lock().ok()?.pop()?;
            client.post(format!("{base}/api/v1/secret/{key}")).send().await
        }
    };
    let Ok(response) = response else {
        return Some(Err(()));
    };
    if !response.status().is_success() {
        return Some(Err(()));
    }
    if phase == Phase::Create {
        // Only the key is read: the load generator should cost as little as it can.
        let Ok(Shared { secret_key }) = response.json::<Shared>().await else {
            return Some(Err(()));
        };
        if let Ok(mut k) = keys.lock() {
            k.push(secret_key);
        }
    } else if response.bytes().await.is_err() {
        return Some(Err(()));
    }
    Some(Ok(()))
}

/// Runs one phase for `slice`; returns what it saw and how long it took.
async fn run_slice(
    args: &BenchArgs,
    client: &reqwest::Client,
    phase: Phase,
    keys: &Arc<Mutex<Vec<String>>>,
    slice: Duration,
) -> (Sample, f64) {
    let payload: String = "x".repeat(args.size);
    let deadline = Instant::now() + slice;
    let started = Instant::now();
    let mut workers = Vec::with_capacity(args.concurrency);
    for _ in 0..args.concurrency {
        let (client, keys, payload) = (client.clone(), Arc::clone(keys), payload.clone());
        let base = args.server.trim_end_matches('/').to_owned();
        workers.push(tokio::spawn(async move {
            let mut sample = Sample::default();
            while Instant::now() < deadline {
                let t = Instant::now();
                match one_request(&client, &base, phase, &payload, &keys).await {
                    None => break, // nothing left to reveal
                    Some(Ok(())) => sample
                        .latencies_us
                        .push(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX)),
                    Some(Err(())) => sample.errors += 1,
                }
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

fn report(phase: Phase, mut all: Sample, seconds: f64) -> Report {
    all.latencies_us.sort_unstable();
    let l = &all.latencies_us;
    Report {
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

pub(crate) async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if args.concurrency == 0 || args.duration == 0 || args.rounds == 0 {
        bail!("--concurrency, --duration and --rounds must be at least 1");
    }
    let slice = Duration::from_secs(args.duration) / args.rounds;
    if slice < Duration::from_millis(200) {
        bail!("--duration / --rounds must leave each phase at least 200 ms per round");
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .timeout(Duration::from_secs(30))
        .build()?;
    client
        .get(format!("{}/health", args.server.trim_end_matches('/')))
        .send()
        .await
        .with_context(|| format!("no server answers at {}", args.server))?;
    let keys = Arc::new(Mutex::new(Vec::new()));
    let phases = [Phase::Status, Phase::Create, Phase::Reveal];
    let mut totals: Vec<(Sample, f64)> = phases.iter().map(|_| (Sample::default(), 0.0)).collect();
    eprintln!(
        "ots bench: status, create and reveal for {}s each, in {} rounds, at concurrency {}…",
        args.duration, args.rounds, args.concurrency
    );
    for _ in 0..args.rounds {
        for (phase, total) in phases.iter().zip(totals.iter_mut()) {
            let (sample, seconds) = run_slice(&args, &client, *phase, &keys, slice).await;
            total.0.latencies_us.extend(sample.latencies_us);
            total.0.errors += sample.errors;
            total.1 += seconds;
        }
    }
    let reports: Vec<Report> = phases
        .iter()
        .zip(totals)
        .map(|(phase, (sample, seconds))| report(*phase, sample, seconds))
        .collect();
    if args.json {
        println!("{}", Value::Array(reports.iter().map(Report::to_json).collect()));
        return Ok(());
    }
    println!(
        "{:<8} {:>9} {:>11} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "phase", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"
    );
    for r in &reports {
        println!(
            "{:<8} {:>9} {:>11.0} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7}",
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
    let floor = reports[0].rps();
    for r in &reports[1..] {
        println!(
            "{} throughput is {:.0}% of status",
            r.phase.name(),
            100.0 * r.rps() / floor.max(1.0)
        );
    }
    Ok(())
}
