//! Event sourcing: the append-only log, the account aggregate, snapshots.
