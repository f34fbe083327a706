//! Settings of the CQRS lab, with the lesson's numbers as defaults, and their ranges.

use super::error::{ConfigError, ConfigField};

/// Highest write rate accepted: the lesson's CQRS write throughput.
pub const MAX_WRITE_RATE: f64 = 50_000.0;
/// Highest projector capacity accepted.
pub const MAX_CAPACITY: f64 = 100_000.0;
/// Most learners simulated (each course keeps one enrolment bit per learner).
pub const MAX_LEARNERS: u32 = 50_000;
/// Longest bus delay or jitter accepted, in ms.
pub const MAX_BUS_DELAY_MS: u64 = 60_000;
/// Longest cache TTL accepted, in ms (24 h).
pub const MAX_TTL_MS: u64 = 86_400_000;
/// Longest wait-for-version timeout, in ms.
pub const MAX_WAIT_TIMEOUT_MS: u64 = 60_000;
/// Most samples kept in the history.
pub const MAX_HISTORY_LEN: usize = 100_000;

/// Everything a lab run is parameterised by. Times are in virtual milliseconds unless named `_us`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Length of one simulation step, in µs. Reads and timers resolve at this granularity.
    pub tick_us: u64,
    /// Learning events written per second by the simulated learners (HPN peak: 10.000).
    pub write_rate: f64,
    /// Size of the learner population (ids 0..learners).
    pub learners: u32,
    /// Fixed part of the bus delivery delay.
    pub bus_delay_ms: u64,
    /// Random extra delay, uniform in [0, jitter).
    pub bus_jitter_ms: u64,
    /// Probability that the bus delivers a message a second time (at-least-once).
    pub duplicate_probability: f64,
    /// Multiplies the bus delay and jitter (fault: a slow bus). 1 = normal.
    pub bus_slowdown: f64,
    /// Events per second the projector can process (applied or skipped alike).
    pub projector_capacity: f64,
    /// Commit the checkpoint after this many processed events (0 = off).
    pub checkpoint_every_events: u32,
    /// Commit the checkpoint when this long has passed since the last commit (0 = off).
    pub checkpoint_every_ms: u64,
    /// Cache time to live (the lesson's `setex … 3600`).
    pub cache_ttl_ms: u64,
    /// Delete the cache entry when a price change is projected (the lesson's `redis.del`).
    pub cache_invalidation: bool,
    /// Background readers opening course pages, per second, through the cache.
    pub background_reads_per_sec: f64,
    /// Think time between the read-your-writes user's write and their read.
    pub ryw_read_delay_ms: u64,
    /// Timeout the automatic user's wait-for-version reader uses.
    pub ryw_timeout_ms: u64,
    /// The automatic read-your-writes user writes a price every this many ms (0 = off).
    pub ryw_auto_every_ms: u64,
    /// Period of the history samples.
    pub sample_every_ms: u64,
    /// How many samples the history keeps (older ones are dropped).
    pub history_len: usize,
    /// Refuse writes when this many events are written but not checkpointed (bounds memory).
    pub max_backlog: u64,
    /// Start with six courses already created and projected.
    pub seed_catalog: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            tick_us: 1_000,
            write_rate: 200.0,
            learners: 5_000,
            bus_delay_ms: 150,
            bus_jitter_ms: 100,
            duplicate_probability: 0.01,
            bus_slowdown: 1.0,
            projector_capacity: 2_000.0,
            checkpoint_every_events: 100,
            checkpoint_every_ms: 1_000,
            cache_ttl_ms: 3_600_000,
            cache_invalidation: true,
            background_reads_per_sec: 20.0,
            ryw_read_delay_ms: 0,
            ryw_timeout_ms: 1_000,
            ryw_auto_every_ms: 0,
            sample_every_ms: 100,
            history_len: 3_000,
            max_backlog: 1_000_000,
            seed_catalog: true,
        }
    }
}

fn check_f(field: ConfigField, value: f64, min: f64, max: f64) -> Result<(), ConfigError> {
    // Written so that NaN fails too.
    if value >= min && value <= max {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange {
            field,
            value,
            min,
            max,
        })
    }
}

fn check_u(field: ConfigField, value: u64, min: u64, max: u64) -> Result<(), ConfigError> {
    check_f(field, value as f64, min as f64, max as f64)
}

impl Config {
    /// Checks every setting; the first problem found is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use ConfigField as F;
        check_u(F::Tick, self.tick_us, 100, 100_000)?;
        check_f(F::WriteRate, self.write_rate, 0.0, MAX_WRITE_RATE)?;
        check_u(F::Learners, self.learners as u64, 1, MAX_LEARNERS as u64)?;
        check_u(F::BusDelay, self.bus_delay_ms, 0, MAX_BUS_DELAY_MS)?;
        check_u(F::BusJitter, self.bus_jitter_ms, 0, MAX_BUS_DELAY_MS)?;
        check_f(
            F::DuplicateProbability,
            self.duplicate_probability,
            0.0,
            1.0,
        )?;
        check_f(F::BusSlowdown, self.bus_slowdown, 1.0, 100.0)?;
        check_f(
            F::ProjectorCapacity,
            self.projector_capacity,
            1.0,
            MAX_CAPACITY,
        )?;
        check_u(
            F::CheckpointEveryEvents,
            self.checkpoint_every_events as u64,
            0,
            1_000_000,
        )?;
        check_u(F::CheckpointEveryMs, self.checkpoint_every_ms, 0, 3_600_000)?;
        if self.checkpoint_every_events == 0 && self.checkpoint_every_ms == 0 {
            return Err(ConfigError::NoCheckpointPolicy);
        }
        check_u(F::CacheTtl, self.cache_ttl_ms, 1_000, MAX_TTL_MS)?;
        check_f(
            F::BackgroundReads,
            self.background_reads_per_sec,
            0.0,
            10_000.0,
        )?;
        check_u(F::RywReadDelay, self.ryw_read_delay_ms, 0, 60_000)?;
        check_u(F::RywTimeout, self.ryw_timeout_ms, 1, MAX_WAIT_TIMEOUT_MS)?;
        check_u(F::RywAutoEvery, self.ryw_auto_every_ms, 0, 3_600_000)?;
        check_u(F::SampleEvery, self.sample_every_ms, 1, 3_600_000)?;
        check_u(
            F::HistoryLen,
            self.history_len as u64,
            2,
            MAX_HISTORY_LEN as u64,
        )?;
        check_u(F::MaxBacklog, self.max_backlog, 1_000, 10_000_000)?;
        if self.sample_every_ms * 1_000 < self.tick_us {
            return Err(ConfigError::SampleShorterThanTick);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_follows_the_lesson() {
        let c = Config::default();
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.cache_ttl_ms, 3_600_000);
        assert!(c.cache_invalidation);
    }

    #[test]
    fn nan_and_out_of_range_are_refused() {
        let c = Config {
            write_rate: f64::NAN,
            ..Config::default()
        };
        assert!(matches!(
            c.validate(),
            Err(ConfigError::OutOfRange {
                field: ConfigField::WriteRate,
                ..
            })
        ));
        let c = Config {
            checkpoint_every_events: 0,
            checkpoint_every_ms: 0,
            ..Config::default()
        };
        assert_eq!(c.validate(), Err(ConfigError::NoCheckpointPolicy));
    }
}
