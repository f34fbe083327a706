//! Service mesh: services, pods and sidecars with Istio/Envoy semantics, in virtual time.
