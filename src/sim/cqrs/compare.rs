//! Single database vs CQRS for the HPN case: a small, stated queueing model, **not a
//! measurement**. It reproduces the direction and rough size of the lesson's results table.
//!
//! # Single database (one PostgreSQL holding `learning_events`)
//!
//! Writes and the analytical reads share one machine and one table:
//!
//! - A full scan for the 7-day dashboard takes `T_scan = event_rows / scan_rows_per_sec`;
//!   a `LIKE` search takes `T_search = search_rows / scan_rows_per_sec`.
//! - Utilisation `ρ = write_rate × write_service + dashboard_rate × T_scan / scan_workers`
//!   (writes plus the share of the machine the scans take). At `ρ ≥ 1` the queue grows
//!   without bound: the model answers "saturated" (`None`).
//! - Everything queues behind everything else, M/M/1 style: a job that needs `s` alone takes
//!   `s / (1 − ρ)`. So the dashboard takes `T_scan / (1 − ρ)` and a search `T_search / (1 − ρ)`.
//! - Reads block writes: a scan holds a lock on the chunk of pages it is reading
//!   (`lock_chunk_rows / scan_rows_per_sec`). By Little's law `L = dashboard_rate × dashboard
//!   latency` scans are running at any time; a write waits on average half a chunk for each,
//!   so `lock wait = L × chunk_time / 2`.
//! - Write latency `= write_service / (1 − ρ) + lock wait`.
//! - Write throughput `= (1 − read share) / write_service`: what is left after the scans.
//!
//! # CQRS (Cassandra for writes, ClickHouse and ElasticSearch for reads)
//!
//! - Writes go to an append-optimised store of `write_nodes × node_write_rate` capacity,
//!   no read ever touches it: latency `= append_ms / (1 − write_rate / capacity)`.
//! - The dashboard reads pre-aggregated columns: `olap_overhead_ms + event_rows /
//!   olap_rows_per_sec`.
//! - Search uses an inverted index, whose cost grows with the number of levels:
//!   `search_base_ms + search_ms_per_level × log2(search_rows)`.
//! - Throughput is the write store's capacity.
//!
//! With the defaults (500 writes/s, a dashboard every 20 s, 100 M rows) the model gives about
//! 90 ms → 5 ms for a write, 56 s → 0,22 s for the dashboard, 2,8 s → 65 ms for a search and
//! 1.055/s → 50.000/s throughput: the lesson's 10–20×, 60–300×, 20–50× and 50×.

/// The HPN workload the comparison is evaluated at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HpnWorkload {
    /// Learning events written per second.
    pub write_rate: f64,
    /// 7-day dashboard queries started per second.
    pub dashboard_rate: f64,
    /// Rows in `learning_events` (the lesson: 100M+).
    pub event_rows: f64,
    /// Rows a course search has to look through (courses, lessons, descriptions).
    pub search_rows: f64,
}

impl Default for HpnWorkload {
    fn default() -> Self {
        Self {
            write_rate: 500.0,
            dashboard_rate: 0.05,
            event_rows: 100e6,
            search_rows: 5e6,
        }
    }
}

/// Parameters of the single-database model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SingleDbParams {
    /// Service time of one insert with its index updates, ms.
    pub write_service_ms: f64,
    /// Rows per second one scan reads.
    pub scan_rows_per_sec: f64,
    /// Parallel workers the machine's scan load is spread over.
    pub scan_workers: f64,
    /// Rows a scan holds locked at a time.
    pub lock_chunk_rows: f64,
}

impl Default for SingleDbParams {
    fn default() -> Self {
        Self {
            write_service_ms: 0.8,
            scan_rows_per_sec: 4e6,
            scan_workers: 8.0,
            lock_chunk_rows: 250_000.0,
        }
    }
}

/// Parameters of the CQRS model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CqrsParams {
    /// Latency of a replicated append on an idle write store, ms.
    pub append_ms: f64,
    /// Nodes of the write store.
    pub write_nodes: f64,
    /// Appends per second one node sustains.
    pub node_write_rate: f64,
    /// Fixed cost of an analytical query, ms.
    pub olap_overhead_ms: f64,
    /// Rows per second the column store aggregates.
    pub olap_rows_per_sec: f64,
    /// Fixed cost of a search, ms.
    pub search_base_ms: f64,
    /// Cost per level of the index (per doubling of the rows), ms.
    pub search_ms_per_level: f64,
}

impl Default for CqrsParams {
    fn default() -> Self {
        Self {
            append_ms: 5.0,
            write_nodes: 5.0,
            node_write_rate: 10_000.0,
            olap_overhead_ms: 20.0,
            olap_rows_per_sec: 5e8,
            search_base_ms: 20.0,
            search_ms_per_level: 2.0,
        }
    }
}

/// A row of the results table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Latency of one learning-event write, ms.
    WriteLatency,
    /// Latency of the analytics dashboard, ms.
    DashboardLatency,
    /// Latency of a course search, ms.
    SearchLatency,
    /// Sustainable writes per second.
    WriteThroughput,
}

impl Metric {
    /// The four metrics, in the lesson's order.
    pub const ALL: [Metric; 4] = [
        Self::WriteLatency,
        Self::DashboardLatency,
        Self::SearchLatency,
        Self::WriteThroughput,
    ];

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::WriteLatency => "Độ trễ ghi",
            Self::DashboardLatency => "Độ trễ đọc (dashboard)",
            Self::SearchLatency => "Độ trễ tìm kiếm",
            Self::WriteThroughput => "Thông lượng ghi",
        }
    }

    /// Unit of the values.
    pub fn unit_vi(self) -> &'static str {
        match self {
            Self::WriteThroughput => "event/giây",
            _ => "ms",
        }
    }

    /// True for throughput, false for latencies.
    pub fn higher_is_better(self) -> bool {
        self == Self::WriteThroughput
    }

    /// The lesson's figures: (single DB, CQRS, improvement).
    pub fn lesson_vi(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::WriteLatency => ("50–200 ms", "5–10 ms", "nhanh hơn 10–20 lần"),
            Self::DashboardLatency => ("30+ giây", "100–500 ms", "nhanh hơn 60–300 lần"),
            Self::SearchLatency => ("2–5 giây", "50–100 ms", "nhanh hơn 20–50 lần"),
            Self::WriteThroughput => ("1.000/giây", "50.000/giây", "cao hơn 50 lần"),
        }
    }
}

/// One metric, both architectures, from the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComparisonRow {
    /// Which metric.
    pub metric: Metric,
    /// Single-database value (`None`: saturated, the queue grows without bound).
    pub single_db: Option<f64>,
    /// CQRS value (`None`: saturated).
    pub cqrs: Option<f64>,
    /// How many times better CQRS is (`None` if either side is saturated or zero).
    pub ratio: Option<f64>,
}

/// Short note the lab shows beside the table.
pub const MODEL_NOTE_VI: &str = "Đây là kết quả của một mô hình hàng đợi đơn giản, không phải số đo thật: nó cho thấy chiều và độ lớn của khác biệt giữa hai kiến trúc.";

fn finite(x: f64) -> Option<f64> {
    (x.is_finite() && x >= 0.0).then_some(x)
}

/// Evaluates both models at workload `w`. Always four rows, in [`Metric::ALL`] order.
pub fn compare(w: &HpnWorkload, s: &SingleDbParams, c: &CqrsParams) -> Vec<ComparisonRow> {
    // Single database.
    let write_s = s.write_service_ms / 1_000.0;
    let t_scan = w.event_rows / s.scan_rows_per_sec;
    let t_search = w.search_rows / s.scan_rows_per_sec;
    let read_share = w.dashboard_rate * t_scan / s.scan_workers;
    let rho = w.write_rate * write_s + read_share;
    let (single_write, single_dash, single_search) = if rho < 1.0 {
        let slow = 1.0 / (1.0 - rho);
        let dash = t_scan * slow;
        let scans_running = w.dashboard_rate * dash;
        let chunk = s.lock_chunk_rows / s.scan_rows_per_sec;
        let lock_wait = scans_running * chunk / 2.0;
        (
            finite((write_s * slow + lock_wait) * 1_000.0),
            finite(dash * 1_000.0),
            finite(t_search * slow * 1_000.0),
        )
    } else {
        (None, None, None)
    };
    let single_tput = finite((1.0 - read_share).max(0.0) / write_s);

    // CQRS.
    let capacity = c.write_nodes * c.node_write_rate;
    let rho_c = w.write_rate / capacity;
    let cqrs_write = if rho_c < 1.0 {
        finite(c.append_ms / (1.0 - rho_c))
    } else {
        None
    };
    let cqrs_dash = finite(c.olap_overhead_ms + w.event_rows / c.olap_rows_per_sec * 1_000.0);
    let cqrs_search =
        finite(c.search_base_ms + c.search_ms_per_level * w.search_rows.max(1.0).log2());
    let cqrs_tput = finite(capacity);

    let row = |metric: Metric, single_db: Option<f64>, cqrs: Option<f64>| {
        let ratio = match (single_db, cqrs) {
            (Some(a), Some(b)) if metric.higher_is_better() && a > 0.0 => Some(b / a),
            (Some(a), Some(b)) if !metric.higher_is_better() && b > 0.0 => Some(a / b),
            _ => None,
        };
        ComparisonRow {
            metric,
            single_db,
            cqrs,
            ratio,
        }
    };
    vec![
        row(Metric::WriteLatency, single_write, cqrs_write),
        row(Metric::DashboardLatency, single_dash, cqrs_dash),
        row(Metric::SearchLatency, single_search, cqrs_search),
        row(Metric::WriteThroughput, single_tput, cqrs_tput),
    ]
}

/// The comparison at the default HPN workload.
pub fn compare_default() -> Vec<ComparisonRow> {
    compare(
        &HpnWorkload::default(),
        &SingleDbParams::default(),
        &CqrsParams::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(x: Option<f64>, lo: f64, hi: f64) -> bool {
        x.is_some_and(|v| v >= lo && v <= hi)
    }

    #[test]
    fn defaults_land_in_the_lessons_ranges() {
        let r = compare_default();
        assert_eq!(r.len(), 4);
        assert!(within(r[0].single_db, 50.0, 200.0), "{:?}", r[0]);
        assert!(within(r[0].cqrs, 5.0, 10.0), "{:?}", r[0]);
        assert!(within(r[0].ratio, 10.0, 20.0), "{:?}", r[0]);
        assert!(within(r[1].single_db, 30_000.0, f64::MAX), "{:?}", r[1]);
        assert!(within(r[1].cqrs, 100.0, 500.0), "{:?}", r[1]);
        assert!(within(r[1].ratio, 60.0, 300.0), "{:?}", r[1]);
        assert!(within(r[2].single_db, 2_000.0, 5_000.0), "{:?}", r[2]);
        assert!(within(r[2].cqrs, 50.0, 100.0), "{:?}", r[2]);
        assert!(within(r[2].ratio, 20.0, 50.0), "{:?}", r[2]);
        assert!(within(r[3].single_db, 900.0, 1_200.0), "{:?}", r[3]);
        assert!(within(r[3].cqrs, 50_000.0, 50_000.0), "{:?}", r[3]);
        assert!(within(r[3].ratio, 40.0, 60.0), "{:?}", r[3]);
    }

    #[test]
    fn single_db_saturates_at_hpn_peak() {
        let w = HpnWorkload {
            write_rate: 10_000.0,
            ..HpnWorkload::default()
        };
        let r = compare(&w, &SingleDbParams::default(), &CqrsParams::default());
        assert_eq!(r[0].single_db, None);
        assert!(r[0].cqrs.is_some_and(|v| v < 10.0));
        assert_eq!(r[0].ratio, None);
    }

    #[test]
    fn more_dashboards_slow_single_db_writes() {
        let base = compare_default()[0].single_db.unwrap_or(0.0);
        let w = HpnWorkload {
            dashboard_rate: 0.1,
            ..HpnWorkload::default()
        };
        let busier = compare(&w, &SingleDbParams::default(), &CqrsParams::default());
        assert!(busier[0].single_db.unwrap_or(f64::INFINITY) > base);
        assert_eq!(busier[0].cqrs, compare_default()[0].cqrs);
    }
}
