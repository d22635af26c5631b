//! The jwtctl core: keys in every format, algorithms, claims and time, token parsing and
//! signatures. It knows nothing of the command line or the terminal; `src/commands` does.
#![forbid(unsafe_code)]

pub mod alg;
pub mod b64;
pub mod error;
pub mod json;
pub mod keys;
pub mod output;
pub mod secret;
pub mod time;
