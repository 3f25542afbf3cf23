//! Alliance Hub's server: configuration, start-up, telemetry. `main.rs` is a thin wrapper so the
//! integration tests can start the very same application on port 0; its subcommands generate a
//! large data set (`generate`) and time the directory on it (`bench`).

pub mod bench;
pub mod config;
pub mod demo;
pub mod generate;
pub mod health;
pub mod round_trip;
pub mod security;
pub mod sessions;
pub mod startup;
pub mod telemetry;
