//! SD-JWT (RFC 9901): `sd_jwt::check::verify` (the issuer JWT through verify's engine, every
//! §7.1 processing rule, the KB-JWT checks), what `decode` and `present` do with a presentation
//! (split, decode the disclosures, process them unverified, select by pointer), on arbitrary
//! input.
//!
//! Byte 0 is a flags byte, the rest the payload:
//!   bit 0  signed mode: the rest is `payload JSON 0x00 disclosure 0x01 disclosure ...`: the
//!          payload is signed with `ec-p256.pkcs8.pem` (ES256) as the issuer JWT and each
//!          disclosure is base64url-encoded as given, so processing sees arbitrary JSON behind a
//!          valid signature; unless bit 1, the presentation ends in '~'. Otherwise the rest is a
//!          presentation as given (lossy UTF-8).
//!   bit 2  key binding is required (with an audience and a nonce).
//!   bit 3  also read it as a holder would (`present::Held::read`) and select the pointers
//!          `/a`, `/a/0` and `/b/c`.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use jwtctl::Alg;
use jwtctl::jose::b64;
use jwtctl::jose::jws::Signer;
use jwtctl::jose::token;
use jwtctl::keys::load::{KeySet, Origin};
use jwtctl::sd_jwt::check::{self, Check};
use jwtctl::sd_jwt::kb::Expect;
use jwtctl::sd_jwt::present::Held;
use jwtctl::sd_jwt::{Presentation, process::process};
use jwtctl::{Engine, Policy};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const PRIVATE: &[u8] = include_bytes!("../../tests/fixtures/keys/ec-p256.pkcs8.pem");

struct Fixture {
    signer: Signer,
    engine: Engine,
}

thread_local! {
    static FIXTURE: Fixture = {
        let key = common::load(PRIVATE).keys.remove(0);
        let public = key.public().expect("an EC key has a public half");
        let set = KeySet { keys: vec![public], origin: Origin::Single, warnings: Vec::new() };
        let policy = Policy { allow_no_exp: true, now: common::NOW, ..Policy::default() };
        Fixture {
            signer: Signer::new(&key, Alg::ES256).expect("the fixture signs ES256"),
            engine: Engine::new(set, policy).expect("the fixture verifies ES256"),
        }
    };
}

/// No `_sd` member anywhere, and no `{"...": digest}` array element made by the issuer left.
fn no_sd(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.contains_key("_sd") && map.values().all(no_sd),
        Value::Array(items) => items.iter().all(no_sd),
        _ => true,
    }
}

fn run(fixture: &Fixture, data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = if flags & 1 != 0 {
        let (payload, disclosures) = match rest.iter().position(|&b| b == 0) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &b""[..]),
        };
        let mut header = Map::new();
        header.insert("alg".into(), Value::from("ES256"));
        let Ok(jwt) = token::assemble(&header, payload, |i| fixture.signer.sign(i)) else {
            return;
        };
        let mut text = jwt;
        text.push('~');
        if !disclosures.is_empty() {
            for d in disclosures.split(|&b| b == 1) {
                text.push_str(&b64::encode(d));
                text.push('~');
            }
        }
        if flags & 2 != 0 {
            text.pop();
        }
        text
    } else {
        String::from_utf8_lossy(rest).into_owned()
    };
    let check = Check {
        require_key_binding: flags & 4 != 0,
        kb: Expect {
            aud: (flags & 4 != 0).then_some("https://verifier.example"),
            nonce: (flags & 4 != 0).then_some("n-1"),
            max_age: 300,
            leeway: 0,
            now: common::NOW,
        },
    };
    if let Ok(v) = check::verify(&fixture.engine, &text, &check) {
        // What passed has every disclosure in place and no SD-JWT machinery left.
        assert_eq!(v.places.len(), v.disclosures.len());
        assert!(!v.claims.contains_key("_sd_alg"));
        assert!(no_sd(&Value::Object(v.claims.clone())));
        assert!(!check.require_key_binding || v.key_binding.is_some());
    }
    // What decode does: split, decode, process without verifying.
    if let Ok(p) = Presentation::parse(&text)
        && let Ok(disclosures) = p.decode_disclosures()
        && let Ok(token::Token::Jws(jws)) = token::parse(&p.jwt)
        && let Ok(claims) = jws.claims()
    {
        let _ = process(claims.clone(), &disclosures);
    }
    if flags & 8 != 0
        && let Ok(held) = Held::read(&text)
    {
        let pointers = ["/a".to_string(), "/a/0".to_string(), "/b/c".to_string()];
        for p in &pointers {
            if let Ok(out) = held.select(std::slice::from_ref(p)) {
                assert!(out.ends_with('~'));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| FIXTURE.with(|fixture| run(fixture, data)));
