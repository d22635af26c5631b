//! Crypto ceiling for `jwtctl verify --batch` (see bench/README.md).
//!
//!     ceiling MODE ALG KEY TOKENS
//!
//! MODE `crypto`: parse the key once, then per token only split off the signature,
//! base64url-decode it and verify it with aws-lc-rs (no header or claims parsing).
//! MODE `jsonwebtoken`: `jsonwebtoken::decode` per token (header and claims parsed, `exp`
//! required and checked), with a key parsed once.
//! ALG: HS256, RS256, ES256 or EdDSA. KEY: the raw secret file for HS256, else a SPKI PEM.
//! TOKENS: one token per line. Work is split over all cores with std::thread; the time is
//! taken after the file is read and the key parsed. Prints one JSON line; exits 1 if any token
//! fails to verify.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use aws_lc_rs::{hmac, signature};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

enum CryptoKey {
    Hmac(hmac::Key),
    Public(signature::ParsedPublicKey),
}

impl CryptoKey {
    fn verify(&self, token: &[u8]) -> bool {
        let Some(dot) = token.iter().rposition(|&b| b == b'.') else { return false };
        let (input, sig_b64) = (&token[..dot], &token[dot + 1..]);
        let mut sig = [0u8; 512];
        let Ok(n) = URL_SAFE_NO_PAD.decode_slice(sig_b64, &mut sig) else { return false };
        match self {
            CryptoKey::Hmac(k) => hmac::verify(k, input, &sig[..n]).is_ok(),
            CryptoKey::Public(k) => k.verify_sig(input, &sig[..n]).is_ok(),
        }
    }
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(b64.trim()).expect("bad PEM body")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: ceiling crypto|jsonwebtoken HS256|RS256|ES256|EdDSA KEY TOKENS");
        std::process::exit(2);
    }
    let (mode, alg, key_path, tokens_path) = (&args[1], &args[2], &args[3], &args[4]);
    let key_bytes = std::fs::read(key_path).expect("cannot read key");
    let data = std::fs::read(tokens_path).expect("cannot read tokens");
    let tokens: Vec<&[u8]> = data
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty())
        .collect();

    let verify: Box<dyn Fn(&[u8]) -> bool + Sync> = match mode.as_str() {
        "crypto" => {
            let key = match alg.as_str() {
                "HS256" => CryptoKey::Hmac(hmac::Key::new(hmac::HMAC_SHA256, &key_bytes)),
                other => {
                    let valg: &'static dyn signature::VerificationAlgorithm = match other {
                        "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
                        "ES256" => &signature::ECDSA_P256_SHA256_FIXED,
                        "EdDSA" => &signature::ED25519,
                        _ => panic!("unsupported alg {other}"),
                    };
                    let der = pem_to_der(std::str::from_utf8(&key_bytes).expect("PEM not UTF-8"));
                    CryptoKey::Public(signature::ParsedPublicKey::new(valg, der).expect("bad key"))
                }
            };
            Box::new(move |t| key.verify(t))
        }
        "jsonwebtoken" => {
            use jsonwebtoken::{Algorithm, DecodingKey, Validation};
            let (key, a) = match alg.as_str() {
                "HS256" => (DecodingKey::from_secret(&key_bytes), Algorithm::HS256),
                "RS256" => (DecodingKey::from_rsa_pem(&key_bytes).expect("key"), Algorithm::RS256),
                "ES256" => (DecodingKey::from_ec_pem(&key_bytes).expect("key"), Algorithm::ES256),
                "EdDSA" => (DecodingKey::from_ed_pem(&key_bytes).expect("key"), Algorithm::EdDSA),
                other => panic!("unsupported alg {other}"),
            };
            let mut validation = Validation::new(a);
            validation.validate_aud = false;
            Box::new(move |t| {
                let Ok(t) = std::str::from_utf8(t) else { return false };
                jsonwebtoken::decode::<serde_json::Value>(t, &key, &validation).is_ok()
            })
        }
        other => panic!("unknown mode {other}"),
    };

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failed = AtomicUsize::new(0);
    let chunk = tokens.len().div_ceil(threads).max(1);
    let start = Instant::now();
    std::thread::scope(|s| {
        for part in tokens.chunks(chunk) {
            let (verify, failed) = (&verify, &failed);
            s.spawn(move || {
                let bad = part.iter().filter(|t| !verify(t)).count();
                failed.fetch_add(bad, Ordering::Relaxed);
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let failed = failed.into_inner();
    println!(
        "{{\"mode\":\"{mode}\",\"alg\":\"{alg}\",\"tokens\":{},\"failed\":{failed},\"threads\":{threads},\"seconds\":{secs:.6},\"tokens_per_s\":{:.1}}}",
        tokens.len(),
        tokens.len() as f64 / secs
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
