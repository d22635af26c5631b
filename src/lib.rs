//! The jwtctl core: keys in every format, algorithms, claims and time, token parsing and
//! signatures. It knows nothing of the command line or the terminal; `src/commands` does.
#![forbid(unsafe_code)]
// The core prints nothing: the command line does (src/terminal.rs).
#![deny(clippy::print_stderr, clippy::print_stdout)]

pub mod alg;
pub mod b64;
pub mod batch;
pub mod claims;
pub mod error;
pub mod inspect;
pub mod json;
pub mod jwe;
pub mod jws;
pub mod keys;
pub mod keyset;
pub mod output;
pub mod secret;
pub mod time;
pub mod token;
pub mod verify;
