//! The jwtctl core: keys in every format, algorithms, claims and time, token parsing and
//! signatures. It knows nothing of the command line or the terminal; the binary
//! (`src/bin/jwtctl`: clap definitions, help, terminal, network, one module per command) does.
#![forbid(unsafe_code)]
// The core prints nothing: the command line does (src/terminal.rs).
#![deny(clippy::print_stderr, clippy::print_stdout)]

pub mod error;
pub mod input;
pub mod jose;
pub mod keys;
pub mod present;
pub mod random;
pub mod verify;
