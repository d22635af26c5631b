//! The JSON serializations (RFC 7515/7516 §7.2), detached and unencoded payloads: the parsers
//! `jws_json::parse` and `jwe_json::parse_json`, `Engine::verify_detached` (HS256 secret, any
//! serialization, with or without a detached payload) and `jwe_json::decrypt` (a 16-byte
//! secret) on arbitrary text; and `jws_json::sign` then `verify_detached` on arbitrary
//! payloads in every form, which must verify and give the payload back.
//!
//! Byte 0 is a flags byte:
//!   bit 0     round-trip mode: the rest is the payload, signed by two HS256 signers (one with
//!             bit 1 clear) in the form bits 2-3 pick (0 compact, 1 flattened, 2-3 general),
//!             detached when bit 4 is set, unencoded when bit 5 is set; whatever sign accepts
//!             must verify, with the detached payload when it is detached.
//!   otherwise the rest is `[detached payload] 0x00 text` when bit 4 is set, else text; the
//!             text is read as a JWS (verified) and as a JWE (decrypted).
#![no_main]

use jwtctl::input::secret::Secret;
use jwtctl::jose::jwe::{DecryptPolicy, Recipient};
use jwtctl::jose::jws::Signer;
use jwtctl::jose::jws_json::{self, Form, Options, Signing};
use jwtctl::jose::{jwe_json, token};
use jwtctl::keys::load::{KeySet, Origin};
use jwtctl::{Alg, Engine, Key, Policy};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

struct Fixture {
    engine: Engine,
    signer: Signer,
    oct: Key,
}

thread_local! {
    static FIXTURE: Fixture = {
        let key = Key::oct(Secret::new(vec![0x5a; 32])).expect("secret");
        let set = KeySet { keys: vec![key.clone()], origin: Origin::Single, warnings: vec![] };
        let policy = Policy { signature_only: true, ..Default::default() };
        Fixture {
            engine: Engine::new(set, policy).expect("engine"),
            signer: Signer::new(&key, Alg::HS256).expect("signer"),
            oct: Key::oct(Secret::new(vec![7; 16])).expect("secret"),
        }
    };
}

fuzz_target!(|data: &[u8]| FIXTURE.with(|f| run(f, data)));

fn run(f: &Fixture, data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if flags & 1 == 1 {
        return round_trip(f, flags, rest);
    }
    let (detached, text) = match (flags & 0x10 != 0, rest.iter().position(|b| *b == 0)) {
        (true, Some(i)) => (Some(&rest[..i]), &rest[i + 1..]),
        _ => (None, rest),
    };
    let text = String::from_utf8_lossy(text);
    let text = token::clean(&text);
    if let Ok(signed) = jws_json::parse(text) {
        assert!(!signed.signatures.is_empty() && signed.signatures.len() <= 64);
        for s in &signed.signatures {
            // The JOSE header holds every unprotected member.
            assert!(s.unprotected.keys().all(|k| s.header.contains_key(k)));
        }
    }
    let _ = f.engine.verify_detached(text, detached);
    if let Ok(jwe) = jwe_json::parse_json(text) {
        assert!(!jwe.recipients.is_empty() && jwe.recipients.len() <= 64);
    }
    let _ = jwe_json::decrypt(text, &Recipient::Key(&f.oct), &DecryptPolicy::default());
}

fn round_trip(f: &Fixture, flags: u8, payload: &[u8]) {
    let form = match (flags >> 2) & 3 {
        0 => Form::Compact,
        1 => Form::Flattened,
        _ => Form::General,
    };
    let options = Options {
        form,
        detached: flags & 0x10 != 0,
        unencoded: flags & 0x20 != 0,
    };
    let header = |kid: &str| {
        let mut h = Map::new();
        h.insert("alg".into(), Value::from("HS256"));
        h.insert("kid".into(), Value::from(kid));
        h
    };
    let mut signings = vec![Signing {
        signer: &f.signer,
        protected: header("a"),
        unprotected: Map::new(),
    }];
    if form == Form::General && flags & 2 != 0 {
        let mut unprotected = Map::new();
        unprotected.insert("note".into(), Value::from("b"));
        signings.push(Signing {
            signer: &f.signer,
            protected: header("b"),
            unprotected,
        });
    }
    let Ok(text) = jws_json::sign(payload, signings, options) else {
        return;
    };
    let detached = options.detached.then_some(payload);
    let verified = f
        .engine
        .verify_detached(&text, detached)
        .unwrap_or_else(|e| panic!("{text:?} does not verify: {}", e.message));
    let bytes = match verified.payload {
        token::Payload::Claims(map) => serde_json::to_vec(&map).expect("json"),
        token::Payload::Other { bytes, .. } => bytes,
    };
    if let token::Payload::Other { .. } = token::Payload::from_bytes(payload.to_vec()) {
        assert_eq!(bytes, payload);
    }
    assert_eq!(verified.form, form);
}
