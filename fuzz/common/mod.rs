//! Shared by the verify_* targets: engines built once from a fixed key, and the two input modes.
//!
//! Layout of an input: byte 0 is a flags byte, the rest is the payload.
//!   bit 0  allow_no_exp
//!   bit 1  the "strict" policy (iss, aud, sub, require, claims, max_age, leeway, deny) instead of
//!          the default one
//!   bit 2  signature_only
//!   bit 3  claims mode: the rest is `[header JSON] 0x00 claims JSON` (or only claims JSON), signed
//!          with the target's private key and then verified, so the claim checks see arbitrary
//!          JSON behind a valid signature. Otherwise the rest is verified as a token (lossy UTF-8).
//!   bit 4  claims mode only: keep the header's own `alg` instead of forcing the signer's.
#![allow(dead_code)]

use jwtctl::{Error, Kind, Reason};
use jwtctl::input::secret::Secret;
use jwtctl::Alg;
use jwtctl::jose::jws::Signer;
use jwtctl::jose::{json, token};
use jwtctl::Key;
use jwtctl::KeySet;
use jwtctl::keys::load;
use jwtctl::{Engine, Policy};
use serde_json::{Map, Value};

/// 2026-01-01T00:00:00Z, the clock of the test suite.
pub const NOW: i64 = 1_767_225_600;

/// 32 bytes, the fixture secret of the test suite.
pub const HMAC_SECRET: &[u8] = include_bytes!("../../tests/fixtures/keys/hmac.secret");

pub fn no_passphrase() -> Result<Secret, Error> {
    Err(Error::key("the fuzz fixtures are not encrypted"))
}

/// Loads a fixture the way the command line does.
pub fn load(bytes: &[u8]) -> KeySet {
    load::parse(bytes, &mut no_passphrase).expect("fixture key loads")
}

pub fn hmac_set() -> KeySet {
    let key = Key::oct(Secret::new(trimmed(HMAC_SECRET).to_vec())).expect("secret");
    KeySet {
        keys: vec![key],
        origin: load::Origin::Single,
        warnings: Vec::new(),
    }
}

fn trimmed(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

pub fn policy(flags: u8) -> Policy {
    let mut p = Policy {
        now: NOW,
        allow_no_exp: flags & 1 != 0,
        signature_only: flags & 4 != 0,
        ..Policy::default()
    };
    if flags & 2 != 0 {
        p.iss = vec!["https://issuer.example".into()];
        p.aud = vec!["api".into(), "web".into()];
        p.sub = Some("alice".into());
        p.require = vec!["jti".into()];
        p.claims = vec![("role".into(), Value::from("admin"))];
        p.max_age = Some(3_600);
        p.leeway = 30;
        p.deny = ["revoked".to_string()].into_iter().collect();
    }
    p
}

/// The eight engines (flags bits 0-2) over one key, built on first use.
pub struct Fixture {
    engines: Vec<Engine>,
    signer: Signer,
}

impl Fixture {
    /// `verify_set` builds the verifying key set; `signing_key` is the matching private key.
    pub fn new(verify_set: impl Fn() -> KeySet, signing_key: Key, alg: Alg) -> Fixture {
        let engines = (0..8u8)
            .map(|flags| Engine::new(verify_set(), policy(flags)).expect("engine"))
            .collect();
        let signer = Signer::new(&signing_key, alg).expect("signer");
        Fixture { engines, signer }
    }

    pub fn run(&self, data: &[u8]) {
        let Some((&flags, rest)) = data.split_first() else {
            return;
        };
        let engine = &self.engines[usize::from(flags & 7)];
        if flags & 8 == 0 {
            let text = String::from_utf8_lossy(rest);
            check_verified(engine, &text);
            let cleaned = token::clean(&text);
            if cleaned.len() != text.len() {
                check_verified(engine, cleaned);
            }
        } else {
            self.claims_mode(engine, flags & 16 != 0, rest);
        }
    }

    fn claims_mode(&self, engine: &Engine, keep_alg: bool, rest: &[u8]) {
        let (header_json, claims) = match rest.iter().position(|&b| b == 0) {
            Some(i) => (Some(&rest[..i]), &rest[i + 1..]),
            None => (None, rest),
        };
        let mut header = header_json
            .and_then(|h| json::parse_object(h).ok())
            .unwrap_or_else(|| {
                let mut m = Map::new();
                m.insert("typ".into(), Value::from("JWT"));
                m
            });
        let alg = self.signer.alg().name();
        let forced = !keep_alg || !header.contains_key("alg");
        if forced {
            header.insert("alg".into(), Value::from(alg));
        }
        let Ok(text) = token::assemble(&header, claims, |input| self.signer.sign(input)) else {
            return;
        };
        match engine.verify(&text) {
            Ok(v) => check_ok(engine, &text, &v),
            Err(e) => {
                // The token was signed with the right key under the header's own alg: the
                // signature check can never be what fails.
                assert!(
                    !(forced && e.kind == Kind::Rejected(Reason::BadSignature)),
                    "a correctly signed token was rejected as bad_signature: {} ({text})",
                    e.message
                );
            }
        }
    }
}

fn check_verified(engine: &Engine, text: &str) {
    if let Ok(v) = engine.verify(text) {
        check_ok(engine, text, &v);
    }
}

/// What must hold of every token that passed.
fn check_ok(engine: &Engine, text: &str, v: &jwtctl::verify::Verified) {
    let alg = v.header.get("alg").and_then(Value::as_str);
    assert_eq!(
        alg,
        Some(v.alg.name()),
        "verified alg differs from the header's ({text})"
    );
    assert!(
        engine.allowed().contains(&v.alg),
        "verified with a disallowed alg ({text})"
    );
}
