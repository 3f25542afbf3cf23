//! Alliance Hub's server: configuration, start-up, telemetry. `main.rs` is a thin wrapper so the
//! integration tests can start the very same application on port 0.

pub mod config;
pub mod demo;
pub mod health;
pub mod security;
pub mod sessions;
pub mod startup;
pub mod telemetry;
