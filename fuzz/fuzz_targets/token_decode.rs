//! What `jwtctl decode` does with pasted text: `token::clean`, strict `parse` and
//! `parse_lenient`, then the reviewer findings and time annotations.
//!
//! Input: 8 bytes little-endian `now` (Unix seconds), then the pasted text (lossy UTF-8).
//! Shorter inputs are all text, with now = 2026-01-01T00:00:00Z.
#![no_main]

use jwtctl::input::time::Zone;
use jwtctl::Token;
use jwtctl::jose::token;
use jwtctl::present::inspect::{self, TIME_CLAIMS};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const NOW: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let (now, rest) = match data.split_first_chunk::<8>() {
        Some((head, rest)) => (i64::from_le_bytes(*head), rest),
        None => (NOW, data),
    };
    let text = String::from_utf8_lossy(rest);
    let cleaned = token::clean(&text);

    let strict = token::parse(cleaned);
    if let Ok(token) = &strict {
        review(token, now);
    }
    match token::parse_lenient(cleaned) {
        Ok((token, note)) => {
            // Lenient parsing only adds tokens: whatever parses strictly parses the same way,
            // without a note.
            if strict.is_ok() {
                assert!(note.is_none(), "a strict token got a padding note");
            }
            review(&token, now);
        }
        Err(_) => assert!(
            strict.is_err(),
            "parse_lenient refused a strictly valid token"
        ),
    }
});

fn review(token: &Token, now: i64) {
    match token {
        Token::Jws(jws) => {
            let _ = jws.alg();
            let _ = jws.kid();
            let claims = jws.claims().ok();
            let _ = inspect::findings(&jws.header, claims, now);
            if let Some(claims) = claims {
                annotate(claims, now);
            }
            assert_eq!(jws.signing_input.matches('.').count(), 1);
        }
        Token::Jwe(jwe) => {
            let mut out = Vec::new();
            inspect::header_findings(&jwe.header, inspect::HeaderOf::Jwe, &mut out);
        }
    }
}

fn annotate(claims: &Map<String, Value>, now: i64) {
    let plus2: Zone = "+02:00".parse().expect("zone");
    for name in TIME_CLAIMS {
        if let Some(v) = claims.get(name) {
            let _ = inspect::annotate_time(v, now, Zone::Utc);
            let _ = inspect::annotate_time(v, now, plus2);
        }
    }
}
