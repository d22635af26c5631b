//! The jwtctl core: keys in every format, algorithms, claims and time, token parsing and
//! signatures. It knows nothing of the command line or the terminal; the binary
//! (`src/bin/jwtctl`: clap definitions, help, terminal, network, one module per command) does.
//!
//! Rooms, and what each may use (arrows point down this list, never up):
//! - `sd_jwt`: selective-disclosure JWTs (RFC 9901): disclosures and digests, issuing,
//!   processing, presentations and key binding. Uses everything below but `dpop`.
//! - `dpop`: DPoP proofs (RFC 9449): minting, every check of §4.3, and the store of seen
//!   proofs that detects a replay. Uses everything below but `verify`.
//! - `verify`: the verification policy, key selection and claim checks, and the `--batch`
//!   reader. Uses everything below.
//! - `present`: JSON rendering and decode's findings (the kind of token, claim glosses).
//! - `jose::{jws_json, jwe_json}`: every serialization of JWS and JWE (compact, flattened and
//!   general JSON), detached and unencoded (RFC 7797) payloads.
//! - `jose::{jws, jwe, token}`: compact serialization, JWS and JWE.
//! - `keys`: keys in every format, what each may do (`trust`), sets to publish, where an issuer
//!   publishes its keys (`discovery`), the rules of the JWKS cache (`cache`).
//! - `input`: what is read and how much of it, and the grammars of secrets, claims and time.
//! - `jose::{b64, json, alg, jwt}`: base64url, strict JSON, algorithm names, claim values.
//! - `error`, `random`, `text`: the one error type, the one source of random bytes, and the one
//!   escaper every message quoting untrusted text goes through.
//!
//! The public API is what the binary, the fuzz targets and the benchmarks use: the rooms below
//! and, at the root, the types nearly every caller names. Everything else in the core is
//! `pub(crate)`, so an item nothing uses is reported as dead code.

pub mod dpop;
pub mod error;
pub mod input;
pub mod jose;
pub mod keys;
pub mod present;
pub mod random;
pub mod sd_jwt;
pub mod text;
pub mod verify;

pub use error::{Error, ExitStatus, Kind, Reason, Result};
pub use jose::alg::Alg;
pub use jose::token::Token;
pub use keys::Key;
pub use keys::load::KeySet;
pub use verify::{Engine, Policy, Verified};
