//! The lab's view state around two engine runs with one seed and the same faults: `mesh`
//! (sidecars apply the policy) and `plain` (Mode::NoMesh: no retries, no ejection). The
//! engines own the truth; a revision counter drives the views, and the log mirrors what the
//! graph shows.

use leptos::prelude::*;

use super::params::{keys, Params, LEGACY_RATE};
use crate::sim::format::decimal;
use crate::sim::mesh::{
    Fault, Mesh, MeshConfig, MeshError, MeshEventKind, Micros, Mode, PodFaults, PodId, PodView,
    Policy, ServiceId, Totals, MS, SEC,
};
use crate::ui::url_state;
use crate::ui::widgets::lab_log::{seconds_text, LabLog, Tone};

/// Wall time between two frames while playing, ms. Each frame simulates this × speed.
pub const FRAME_MS: u32 = 50;
/// Virtual time of one "step forward".
pub const STEP_US: Micros = SEC;
/// Charts are redrawn every this many frames while playing (and after every other change).
const CHART_EVERY_FRAMES: u64 = 4;
/// Lines the log keeps.
const LOG_LEN: usize = 80;
/// The service the plaintext legacy client calls: payment-service.
pub const LEGACY_TARGET: ServiceId = ServiceId(3);

/// Where a refused input came from, so the message shows beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Seed,
    Policy,
    Faults,
}

/// One run's figures since the start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunFigures {
    pub totals: Totals,
    pub p50_us: Micros,
    pub p99_us: Micros,
    pub in_flight: u64,
}

impl RunFigures {
    fn of(m: &Mesh) -> Self {
        RunFigures {
            totals: m.totals(),
            p50_us: m.latency_quantile(0.5),
            p99_us: m.latency_quantile(0.99),
            in_flight: m.users_in_flight(),
        }
    }

    /// Tries sent per user request started (4 calls per request when nothing fails).
    pub fn tries_per_request(&self) -> f64 {
        let t = &self.totals;
        if t.user_requests_started == 0 {
            0.0
        } else {
            t.tries as f64 / t.user_requests_started as f64
        }
    }
}

/// What the views show, read from the engines once per change.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub now_us: Micros,
    pub pods: Vec<PodView>,
    pub policy: Policy,
    pub mesh: RunFigures,
    pub plain: RunFigures,
    /// Tries per second received by each service, over the last second or so.
    pub service_rates: Vec<f64>,
    pub ejected_pods: u32,
}

#[derive(Debug, Clone, Default)]
struct Watch {
    frames: u64,
    last_seq: u64,
    mark: (Micros, Vec<u64>),
    rates: Vec<f64>,
}

/// The lab: two runs and the view state around them. `Copy`, so every view holds it.
#[derive(Clone, Copy)]
pub struct Lab {
    mesh: StoredValue<Mesh>,
    plain: StoredValue<Mesh>,
    watch: StoredValue<Watch>,
    rev: RwSignal<u64>,
    /// Bumped when the charts should be redrawn.
    pub chart_rev: RwSignal<u64>,
    /// What a link reopens.
    pub params: RwSignal<Params>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<f64>,
    pub log: LabLog,
    pub error: RwSignal<Option<(Place, String)>>,
    /// The pod the fault panel acts on.
    pub selected: RwSignal<usize>,
    pub snapshot: Memo<Snapshot>,
}

fn pod_count() -> usize {
    MeshConfig::default().topology.pod_count()
}

/// Sets `f` as the faults of `pod` (heal, then each fault that is on).
pub fn set_pod_faults(m: &mut Mesh, pod: usize, f: PodFaults) -> Result<(), MeshError> {
    let pod = PodId(pod);
    m.inject(Fault::Heal { pod })?;
    if f.error_rate > 0.0 {
        m.inject(Fault::ErrorRate {
            pod,
            rate: f.error_rate,
        })?;
    }
    if f.added_latency_ms > 0 {
        m.inject(Fault::Delay {
            pod,
            added_ms: f.added_latency_ms,
        })?;
    }
    if f.crashed {
        m.inject(Fault::Crash { pod })?;
    }
    if f.sidecar_crashed {
        m.inject(Fault::SidecarCrash { pod })?;
    }
    Ok(())
}

fn build(p: &Params, mode: Mode) -> Mesh {
    let config = MeshConfig {
        mode,
        policy: p.policy.clone(),
        request_rate: p.rate,
        ..MeshConfig::default()
    };
    // The parameters were validated on the way in; the default run is the fallback.
    let mut m = Mesh::new(config, p.seed)
        .or_else(|_| Mesh::new(MeshConfig::default(), p.seed))
        .expect("the default mesh configuration is valid");
    for (i, f) in p.faults.iter().enumerate() {
        if *f != PodFaults::default() {
            let _ = set_pod_faults(&mut m, i, *f);
        }
    }
    if p.legacy {
        let _ = m.inject(Fault::LegacyClient {
            service: LEGACY_TARGET,
            rate: LEGACY_RATE,
        });
    }
    m.trace_next();
    m
}

impl Lab {
    /// A lab opened with the parameters in the address (or the defaults).
    pub fn new() -> Self {
        let (params, problems) = Params::from_query(pod_count(), url_state::read);
        let mesh = StoredValue::new(build(&params, Mode::Mesh));
        let plain = StoredValue::new(build(&params, Mode::NoMesh));
        let watch = StoredValue::new(Watch::default());
        let rev = RwSignal::new(0u64);
        let snapshot = Memo::new(move |_| {
            rev.track();
            let rates = watch.with_value(|w| w.rates.clone());
            let plain = plain.with_value(RunFigures::of);
            mesh.with_value(|m| Snapshot {
                now_us: m.now(),
                pods: m.pods(),
                policy: m.policy().clone(),
                mesh: RunFigures::of(m),
                plain,
                service_rates: rates,
                ejected_pods: m.ejected_pods(),
            })
        });
        let lab = Lab {
            mesh,
            plain,
            watch,
            rev,
            chart_rev: RwSignal::new(0),
            params: RwSignal::new(params),
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            log: LabLog::new(LOG_LEN),
            error: RwSignal::new(None),
            selected: RwSignal::new(7),
            snapshot,
        };
        for p in problems {
            lab.note(p, Tone::Warn);
        }
        lab
    }

    /// Reads the mesh run.
    pub fn with_mesh<R>(&self, f: impl FnOnce(&Mesh) -> R) -> Option<R> {
        self.mesh.try_with_value(f)
    }

    /// Reads the no-mesh run.
    pub fn with_plain<R>(&self, f: impl FnOnce(&Mesh) -> R) -> Option<R> {
        self.plain.try_with_value(f)
    }

    fn bump(&self, chart: bool) {
        self.rev.try_update(|r| *r += 1);
        if chart {
            self.chart_rev.try_update(|r| *r += 1);
        }
    }

    /// Adds a line to the log, stamped with the virtual time.
    pub fn note(&self, text: String, tone: Tone) {
        let at_us = self.mesh.try_with_value(Mesh::now).unwrap_or(0);
        self.log.push(at_us as f64 / 1e6, text, tone);
    }

    fn write_url(&self) {
        if let Some(p) = self.params.try_get_untracked() {
            url_state::write(&p.to_query());
        }
    }

    fn clear_error(&self, place: Place) {
        self.error.update(|e| {
            if e.as_ref().is_some_and(|(p, _)| *p == place) {
                *e = None;
            }
        });
    }

    /// Starts both runs again from zero with the current parameters.
    pub fn reset(&self) {
        let p = self.params.get_untracked();
        self.mesh.set_value(build(&p, Mode::Mesh));
        self.plain.set_value(build(&p, Mode::NoMesh));
        self.watch.set_value(Watch::default());
        self.note(
            format!(
                "Chạy lại từ đầu với seed {}: hai lượt (có mesh và không mesh) nhận cùng các request và cùng các lỗi.",
                p.seed
            ),
            Tone::Info,
        );
        self.bump(true);
    }

    /// A new seed: both runs start again.
    pub fn set_seed(&self, seed: u64) {
        self.params.update(|p| p.seed = seed);
        self.clear_error(Place::Seed);
        self.write_url();
        self.reset();
    }

    /// Clears the lab's keys from the address and starts from the lesson's defaults.
    pub fn defaults(&self) {
        url_state::write(&keys::ALL.map(|k| (k, None)));
        let seed = self.params.get_untracked().seed;
        self.params.set(Params {
            seed,
            ..Params::defaults(pod_count())
        });
        self.error.set(None);
        self.write_url();
        self.reset();
    }

    /// Applies `policy` to the mesh run from now on; a refusal shows the engine's message and
    /// changes nothing.
    pub fn set_policy(&self, policy: Policy) -> bool {
        let result = self
            .mesh
            .try_update_value(|m| m.set_policy(policy.clone()))
            .unwrap_or(Ok(()));
        match result {
            Ok(()) => {
                self.plain.update_value(|m| {
                    let _ = m.set_policy(policy.clone());
                });
                self.params.update(|p| p.policy = policy);
                self.clear_error(Place::Policy);
                self.write_url();
                self.note(
                    "Chính sách mới được áp dụng cho lượt có mesh (YAML bên dưới đã cập nhật)."
                        .to_string(),
                    Tone::Info,
                );
                self.bump(true);
                true
            }
            Err(e) => {
                self.fail(Place::Policy, e.message_vi());
                false
            }
        }
    }

    /// Shows `message` beside the controls of `place`.
    pub fn fail(&self, place: Place, message: String) {
        self.error.set(Some((place, message)));
    }

    /// Changes the user request rate of both runs.
    pub fn set_rate(&self, rate: f64) {
        let r = self
            .mesh
            .try_update_value(|m| m.set_request_rate(rate))
            .unwrap_or(Ok(()));
        match r {
            Ok(()) => {
                self.plain.update_value(|m| {
                    let _ = m.set_request_rate(rate);
                });
                self.params.update(|p| p.rate = rate);
                self.write_url();
                self.bump(false);
            }
            Err(e) => self.fail(Place::Faults, e.message_vi()),
        }
    }

    /// Sets the faults of `pod` in both runs.
    pub fn set_faults(&self, pod: usize, f: PodFaults) {
        let r = self
            .mesh
            .try_update_value(|m| set_pod_faults(m, pod, f))
            .unwrap_or(Ok(()));
        if let Err(e) = r {
            self.fail(Place::Faults, e.message_vi());
            return;
        }
        self.plain.update_value(|m| {
            let _ = set_pod_faults(m, pod, f);
        });
        self.params.update(|p| {
            if let Some(slot) = p.faults.get_mut(pod) {
                *slot = f;
            }
        });
        self.clear_error(Place::Faults);
        self.write_url();
        let name = self.pod_name(pod);
        self.note(
            format!("Lỗi của pod {name}: {}.", faults_text_vi(&f)),
            if f == PodFaults::default() {
                Tone::Good
            } else {
                Tone::Warn
            },
        );
        self.bump(false);
    }

    /// Heals every pod of both runs.
    pub fn heal_all(&self) {
        let n = pod_count();
        for pod in 0..n {
            self.mesh.update_value(|m| {
                let _ = m.inject(Fault::Heal { pod: PodId(pod) });
            });
            self.plain.update_value(|m| {
                let _ = m.inject(Fault::Heal { pod: PodId(pod) });
            });
        }
        self.params
            .update(|p| p.faults = vec![PodFaults::default(); n]);
        self.write_url();
        self.note("Mọi pod đã được chữa.".to_string(), Tone::Good);
        self.bump(false);
    }

    /// Starts or stops the plaintext legacy client in both runs.
    pub fn set_legacy(&self, on: bool) {
        let rate = if on { LEGACY_RATE } else { 0.0 };
        for store in [self.mesh, self.plain] {
            store.update_value(|m| {
                let _ = m.inject(Fault::LegacyClient {
                    service: LEGACY_TARGET,
                    rate,
                });
            });
        }
        self.params.update(|p| p.legacy = on);
        self.write_url();
        let mtls = self.params.with_untracked(|p| p.policy.mtls);
        self.note(
            if on {
                format!(
                    "Client cũ (không có sidecar) bắt đầu gửi plaintext tới payment-service, {} request/giây. mTLS đang là {}.",
                    decimal(LEGACY_RATE, 0),
                    mtls.as_str()
                )
            } else {
                "Client cũ ngừng gửi.".to_string()
            },
            Tone::Info,
        );
        self.bump(false);
    }

    /// Traces the next user request of the mesh run.
    pub fn trace_next(&self) {
        self.mesh.update_value(Mesh::trace_next);
        self.note(
            "Request kế tiếp sẽ được theo dõi từng bước (xem mục Trace).".to_string(),
            Tone::Info,
        );
    }

    /// The name of pod `i`.
    pub fn pod_name(&self, i: usize) -> String {
        self.snapshot
            .with_untracked(|s| s.pods.get(i).map(|p| p.name.clone()))
            .unwrap_or_else(|| format!("#{i}"))
    }

    /// One frame while playing: `FRAME_MS × speed` of virtual time.
    pub fn tick(&self) {
        if !self.playing.try_get_untracked().unwrap_or(false) {
            return;
        }
        let speed = self.speed.try_get_untracked().unwrap_or(1.0);
        let dt = (FRAME_MS as f64 * speed * 1_000.0) as Micros;
        let frames = self
            .watch
            .try_update_value(|w| {
                w.frames += 1;
                w.frames
            })
            .unwrap_or(0);
        self.advance(dt, frames.is_multiple_of(CHART_EVERY_FRAMES));
    }

    /// "Step forward": one second of virtual time.
    pub fn step(&self) {
        self.advance(STEP_US, true);
    }

    /// Runs both meshes for `dt` of virtual time.
    pub fn advance(&self, dt: Micros, chart: bool) {
        if self.mesh.try_update_value(|m| m.advance(dt)).is_none() {
            return;
        }
        self.plain.update_value(|m| m.advance(dt));
        self.after_advance();
        self.bump(chart);
    }

    /// Logs ejections and returns, and measures the rates on the edges.
    fn after_advance(&self) {
        let Some(since) = self.watch.try_with_value(|w| w.last_seq) else {
            return;
        };
        let (events, now, tries) = self
            .mesh
            .with_value(|m| (m.events_since(since), m.now(), m.totals().tries_by_service));
        self.watch.update_value(|w| {
            if let Some(last) = events.last() {
                w.last_seq = last.seq + 1;
            }
            let (t0, prev) = &w.mark;
            if now.saturating_sub(*t0) >= SEC || prev.len() != tries.len() {
                let dt = (now.saturating_sub(*t0)).max(1) as f64 / 1e6;
                w.rates = tries
                    .iter()
                    .enumerate()
                    .map(|(i, t)| (t - prev.get(i).copied().unwrap_or(0)) as f64 / dt)
                    .collect();
                w.mark = (now, tries);
            }
        });
        // One line per pod per frame, however many client sidecars ejected it.
        let mut ejected: Vec<(PodId, u32, Micros, u32)> = Vec::new();
        let mut returned: Vec<(PodId, u32)> = Vec::new();
        for e in &events {
            match e.kind {
                MeshEventKind::Ejected {
                    pod,
                    times,
                    duration_us,
                    ..
                } => match ejected.iter_mut().find(|x| x.0 == pod) {
                    Some(x) => x.3 += 1,
                    None => ejected.push((pod, times, duration_us, 1)),
                },
                MeshEventKind::Returned { pod, .. } => {
                    match returned.iter_mut().find(|x| x.0 == pod) {
                        Some(x) => x.1 += 1,
                        None => returned.push((pod, 1)),
                    }
                }
                _ => {}
            }
        }
        let names = self.mesh.with_value(|m| m.pods());
        let name = |p: PodId| names.get(p.0).map_or(String::new(), |v| v.name.clone());
        for (pod, times, dur, clients) in ejected {
            self.note(
                format!(
                    "Outlier detection: {} bị loại (ejected) khỏi pool của {clients} sidecar trong {} (lần bị loại liên tiếp thứ {times}).",
                    name(pod),
                    duration_text(dur)
                ),
                Tone::Warn,
            );
        }
        for (pod, clients) in returned {
            self.note(
                format!(
                    "{} quay lại pool của {clients} sidecar sau thời gian bị loại.",
                    name(pod)
                ),
                Tone::Good,
            );
        }
    }
}

impl Default for Lab {
    fn default() -> Self {
        Self::new()
    }
}

/// The faults of a pod in words.
pub fn faults_text_vi(f: &PodFaults) -> String {
    let mut parts = Vec::new();
    if f.crashed {
        parts.push("pod sập (từ chối kết nối)".to_string());
    }
    if f.sidecar_crashed {
        parts.push("sidecar sập".to_string());
    }
    if f.error_rate > 0.0 {
        parts.push(format!("trả 503 cho {} request", percent(f.error_rate)));
    }
    if f.added_latency_ms > 0 {
        parts.push(format!(
            "chậm thêm {}",
            duration_text(f.added_latency_ms * MS)
        ));
    }
    if parts.is_empty() {
        "khoẻ, không có lỗi".to_string()
    } else {
        parts.join(", ")
    }
}

/// `50%`, `12,5%`.
pub fn percent(share: f64) -> String {
    let v = share * 100.0;
    let places = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
    format!("{}%", decimal(v, places))
}

/// A duration in µs as `850 µs`, `12,3 ms`, `30 giây`.
pub fn duration_text(us: Micros) -> String {
    if us < MS {
        format!("{us} µs")
    } else if us < SEC {
        let ms = us as f64 / 1e3;
        format!("{} ms", decimal(ms, if ms < 10.0 { 1 } else { 0 }))
    } else {
        let s = us as f64 / 1e6;
        format!(
            "{} giây",
            decimal(s, if (s - s.round()).abs() < 1e-9 { 0 } else { 1 })
        )
    }
}

/// `12,3 giây`: the virtual clock.
pub fn clock(us: Micros) -> String {
    seconds_text(us as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_vietnamese() {
        assert_eq!(duration_text(850), "850 µs");
        assert_eq!(duration_text(2_500), "2,5 ms");
        assert_eq!(duration_text(30 * SEC), "30 giây");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(percent(0.125), "12,5%");
        assert_eq!(clock(12_345_000), "12,3 giây");
        let f = PodFaults {
            error_rate: 0.5,
            crashed: true,
            ..PodFaults::default()
        };
        assert_eq!(
            faults_text_vi(&f),
            "pod sập (từ chối kết nối), trả 503 cho 50% request"
        );
    }

    #[test]
    fn faults_apply_identically_to_both_runs() {
        let p = Params {
            faults: {
                let mut f = vec![PodFaults::default(); pod_count()];
                f[7].crashed = true;
                f
            },
            ..Params::defaults(pod_count())
        };
        let mut a = build(&p, Mode::Mesh);
        let mut b = build(&p, Mode::NoMesh);
        a.advance(3 * SEC);
        b.advance(3 * SEC);
        assert!(a.pods()[7].faults.crashed && b.pods()[7].faults.crashed);
        assert!(a.ejected_pods() >= 1);
        assert_eq!(b.ejected_pods(), 0);
        assert!(a.totals().success_rate() > b.totals().success_rate());
        assert_eq!(
            a.totals().user_requests_started,
            b.totals().user_requests_started
        );
    }
}
