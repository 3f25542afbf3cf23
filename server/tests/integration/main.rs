//! One integration-test binary: the real application on port 0 against its own PostgreSQL
//! database, created from the migrations for each test.

mod helpers;

mod access;
mod accounts;
mod binary;
mod execution;
mod firm_profiles;
mod firms;
mod health;
mod imports;
mod invitations;
mod language;
mod links;
mod matching;
mod pages;
mod projects;
mod reports;
mod round_trip;
mod server;
mod sessions;
mod throttle;
mod untrusted_text;
