//! `jwe::decrypt` (RFC 7516 compact JWE) for six fixed recipients, on arbitrary text, and
//! `jwe::encrypt_with` then `jwe::decrypt` on arbitrary plaintext and extra header members, so
//! that content decryption and DEFLATE inflation (`zip: "DEF"`) see arbitrary bytes behind a
//! valid tag.
//!
//! Byte 0 is a flags byte:
//!   bits 0-1  recipient: 0 a 32-byte secret (A256KW, A256GCMKW, dir; with bit 5 a 24-byte
//!             one: A192KW, A192GCMKW, dir), 1 the EC P-256 private key fixture (ECDH-ES*; with
//!             bit 5 the X25519 fixture), 2 the RSA private key fixture (RSA-OAEP*), 3 the
//!             password "correct horse" (PBES2*)
//!   bit 2     allow_zip
//!   bit 3     allow_rsa1_5
//!   bit 4     round-trip mode: byte 1 picks the key management algorithm (low nibble, among the
//!             recipient's) and the content encryption (high nibble); the rest is
//!             `[extra header JSON] 0x00 plaintext` (or only plaintext). Otherwise the rest is a
//!             token to decrypt (lossy UTF-8).
#![no_main]

use jwtctl::Kind;
use jwtctl::input::secret::Secret;
use jwtctl::jose::jwe::{self, DecryptPolicy, Enc, Recipient};
use jwtctl::jose::{json, token};
use jwtctl::Key;
use jwtctl::keys::load;
use libfuzzer_sys::fuzz_target;
use serde_json::Map;

const EC: &[u8] = include_bytes!("../../tests/fixtures/keys/ec-p256.pkcs8.pem");
const RSA: &[u8] = include_bytes!("../../tests/fixtures/keys/rsa.pkcs8.pem");
const X25519: &[u8] = include_bytes!("../../tests/fixtures/keys/x25519.pkcs8.pem");

struct Recipients {
    oct: Key,
    oct24: Key,
    ec: Key,
    x25519: Key,
    rsa: Key,
    password: Secret,
}

fn fixture(bytes: &[u8]) -> Key {
    let mut none = || Err(jwtctl::error::Error::key("not encrypted"));
    load::parse(bytes, &mut none)
        .expect("fixture key loads")
        .keys
        .remove(0)
}

thread_local! {
    static RECIPIENTS: Recipients = Recipients {
        oct: Key::oct(Secret::new((0u8..32).collect())).expect("secret"),
        oct24: Key::oct(Secret::new((0u8..24).collect())).expect("secret"),
        ec: fixture(EC),
        x25519: fixture(X25519),
        rsa: fixture(RSA),
        password: Secret::new(b"correct horse".to_vec()),
    };
}

fuzz_target!(|data: &[u8]| RECIPIENTS.with(|r| run(r, data)));

fn run(r: &Recipients, data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let other = flags & 32 != 0;
    let recipient = match flags & 3 {
        0 if other => Recipient::Key(&r.oct24),
        0 => Recipient::Key(&r.oct),
        1 if other => Recipient::Key(&r.x25519),
        1 => Recipient::Key(&r.ec),
        2 => Recipient::Key(&r.rsa),
        _ => Recipient::Password(&r.password),
    };
    let policy = DecryptPolicy {
        allow_zip: flags & 4 != 0,
        allow_rsa1_5: flags & 8 != 0,
        ..DecryptPolicy::default()
    };
    if flags & 16 == 0 {
        let text = String::from_utf8_lossy(rest);
        let _ = jwe::decrypt(&text, &recipient, &policy);
        let cleaned = token::clean(&text);
        if cleaned.len() != text.len() {
            let _ = jwe::decrypt(cleaned, &recipient, &policy);
        }
        return;
    }
    let Some((&choice, rest)) = rest.split_first() else {
        return;
    };
    let algs = recipient.algorithms();
    if algs.is_empty() {
        return;
    }
    let alg = algs[usize::from(choice & 15) % algs.len()];
    let enc = Enc::ALL[usize::from(choice >> 4) % Enc::ALL.len()];
    let (extra, plaintext) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (
            json::parse_object(&rest[..i]).unwrap_or_default(),
            &rest[i + 1..],
        ),
        None => (Map::new(), rest),
    };
    let Ok(token) = jwe::encrypt_with(plaintext, &recipient, alg, enc, &extra, 1000) else {
        return;
    };
    let result = jwe::decrypt(&token, &recipient, &policy);
    if extra.contains_key("zip") || extra.contains_key("crit") {
        if let Ok(d) = &result {
            assert!(
                d.plaintext.len() as u64 <= jwe::MAX_INFLATED,
                "inflated past the limit"
            );
        }
        return;
    }
    // Everything jwtctl encrypts, it decrypts to the same bytes.
    match result {
        Ok(d) => assert_eq!(d.plaintext, plaintext, "round trip changed the plaintext"),
        Err(e) => {
            // Only a recipient/policy mismatch may refuse it (e.g. a key that is not allowed
            // by default); never "decryption failed".
            assert!(
                !matches!(e.kind, Kind::Rejected(_)) || e.message != jwe::DECRYPTION_FAILED,
                "a token jwtctl encrypted does not decrypt ({} {}): {}",
                alg.name(),
                enc.name(),
                e.message
            );
        }
    }
}
