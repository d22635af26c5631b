//! The integration tests, built as one test binary (a clean test build links once, not
//! once per file). Each module drives the real `jwtctl` binary: golden command-line cases
//! (`cli`, `readme`), behaviour by command, conformance vectors, robustness, and the
//! interoperability suite. Re-bless every golden file and generated page after an intended
//! change with one command: `TRYCMD=overwrite cargo test` (see `generated`).

// A test fails by panicking, and reports a skip on stderr: the [lints] that keep panics and
// print macros out of jwtctl itself do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod common;

mod cache;
mod cli;
mod clock;
mod dpop;
mod generated;
mod inputs;
mod interop;
mod issuer;
mod jwe;
mod jwks;
mod key_trust;
mod keygen;
mod layout;
mod profiles;
mod readme;
mod robustness;
mod sd_jwt;
mod serializations;
mod sign;
mod terminal;
mod vectors;
mod verify;
