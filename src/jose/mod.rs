//! The JOSE layers, bottom up: base64url and strict JSON, the algorithm names, compact
//! serialization, then JWS (RFC 7515) and JWE (RFC 7516), then the JSON serializations of both
//! (with detached and unencoded payloads). Uses `keys` for key material and
//! `error`; nothing here knows of verification policy, input grammars or presentation.

pub mod alg;
pub mod b64;
pub mod json;
pub mod jwe;
pub mod jwe_json;
pub mod jws;
pub mod jws_json;
pub(crate) mod jwt;
pub mod token;
