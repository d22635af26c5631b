//! `dpop::verify` (every RFC 9449 §4.3 check, the htu normalisation, the cnf.jkt binding) and
//! the `--seen` store's reader, on arbitrary input.
//!
//! Byte 0 is a flags byte, the rest the payload:
//!   bit 0  store mode: the rest is a `--seen` store file, read with `Seen::parse`; what it
//!          reads must survive `to_bytes` and a second `parse` unchanged.
//!   bit 1  claims mode: the rest is `[header JSON] 0x00 claims JSON` (or only claims JSON),
//!          signed with `ec-p256.pkcs8.pem` (ES256) and then verified, so the checks after the
//!          signature see arbitrary JSON. Unless bit 2, the header gets `alg: ES256`, and unless
//!          bit 3, the public `jwk` of that key and `typ: dpop+jwt`. Otherwise the rest is
//!          verified as a proof (lossy UTF-8).
//!   bit 4  the check carries an access token (a JWT bound by cnf.jkt to the fixture key) and a
//!          nonce; bit 5 a `jkt`; bit 6 a one-second window and a leeway.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use jwtctl::Alg;
use jwtctl::dpop::{self, Check, seen::Seen};
use jwtctl::jose::jws::Signer;
use jwtctl::jose::{json, token};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const PRIVATE: &[u8] = include_bytes!("../../tests/fixtures/keys/ec-p256.pkcs8.pem");
const ACCESS_TOKEN: &str = include_str!("../../tests/fixtures/dpop/access-token.jwt");
const URL: &str = "https://api.example/resource";

struct Fixture {
    signer: Signer,
    jwk: Value,
    jkt: String,
}

thread_local! {
    static FIXTURE: Fixture = {
        let key = common::load(PRIVATE).keys.remove(0);
        let public = key.public().expect("an EC key has a public half");
        Fixture {
            signer: Signer::new(&key, Alg::ES256).expect("the fixture signs ES256"),
            jwk: Value::Object(jwtctl::keys::jwk::to_jwk(&public, false).expect("a public JWK")),
            jkt: dpop::jkt(&key),
        }
    };
}

fn run(fixture: &Fixture, data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if flags & 1 != 0 {
        if let Ok(seen) = Seen::parse(rest, common::NOW, 300) {
            let again = Seen::parse(&seen.to_bytes(), common::NOW, 300).expect("a written store reads back");
            assert_eq!(again, seen);
        }
        return;
    }
    let proof = if flags & 2 != 0 {
        let (header_part, claims_part) = match rest.iter().position(|&b| b == 0) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (&b"{}"[..], rest),
        };
        let mut header: Map<String, Value> = json::parse_object(header_part).unwrap_or_default();
        if flags & 4 == 0 {
            header.insert("alg".into(), Value::from("ES256"));
        }
        if flags & 8 == 0 {
            header.insert("jwk".into(), fixture.jwk.clone());
            header.insert("typ".into(), Value::from(dpop::TYP));
        }
        match token::assemble(&header, claims_part, |i| fixture.signer.sign(i)) {
            Ok(t) => t,
            Err(_) => return,
        }
    } else {
        String::from_utf8_lossy(rest).into_owned()
    };
    let check = Check {
        method: "GET",
        url: URL,
        access_token: (flags & 16 != 0).then_some(ACCESS_TOKEN.trim()),
        nonce: (flags & 16 != 0).then_some("n-1"),
        jkt: (flags & 32 != 0).then_some(fixture.jkt.as_str()),
        algs: &[],
        max_age: if flags & 64 != 0 { 1 } else { dpop::DEFAULT_MAX_AGE },
        leeway: if flags & 64 != 0 { 5 } else { 0 },
        now: common::NOW,
    };
    if let Ok(v) = dpop::verify(&proof, &check) {
        // Whatever passed was signed by the key in its header, for this request, in the window.
        assert_eq!(v.claims.get("htm").and_then(Value::as_str), Some("GET"));
        assert!(v.iat >= dpop::oldest_iat(&check) && v.iat <= check.now + check.leeway);
        if check.jkt.is_some() || check.access_token.is_some() {
            assert_eq!(v.jkt, fixture.jkt);
        }
    }
}

fuzz_target!(|data: &[u8]| FIXTURE.with(|fixture| run(fixture, data)));
