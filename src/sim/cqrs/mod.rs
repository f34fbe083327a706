//! CQRS: write model, event bus, projector, read model and cache, in virtual time.
