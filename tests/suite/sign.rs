//! `jwtctl sign`, checked independently of jwtctl's own verifier: HS256 by recomputing the HMAC
//! here, the asymmetric algorithms with `openssl` (skipped with a message when it is absent).

use crate::common;

use std::os::unix::fs::PermissionsExt;

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use common::{fixture, jwtctl, openssl, openssl_available, stdout_of};

fn sign(args: &[&str]) -> String {
    let out = jwtctl().arg("sign").args(args).assert().success();
    let token = stdout_of(&out);
    assert!(
        token.ends_with('\n') && token.matches('\n').count() == 1,
        "{token:?}"
    );
    token.trim_end().to_string()
}

fn parts(token: &str) -> (String, Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').unwrap();
    (input.to_string(), URL_SAFE_NO_PAD.decode(sig).unwrap())
}

#[test]
fn hmac_signatures_match_an_independent_computation() {
    let secret = std::fs::read(fixture("hmac.secret")).unwrap();
    for (alg, h) in [
        ("HS256", hmac::HMAC_SHA256),
        ("HS384", hmac::HMAC_SHA384),
        ("HS512", hmac::HMAC_SHA512),
    ] {
        let token = sign(&[
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
            "--alg",
            alg,
            "--exp",
            "1h",
        ]);
        let (input, sig) = parts(&token);
        let expected = hmac::sign(&hmac::Key::new(h, &secret), input.as_bytes());
        assert_eq!(sig, expected.as_ref(), "{alg}");
    }
    // Every secret source gives the same token.
    let from_file = sign(&[
        "--secret",
        "@tests/fixtures/keys/hmac.secret",
        "--exp",
        "1h",
    ]);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&secret);
    let from_b64 = sign(&["--secret", &format!("b64:{b64}"), "--exp", "1h"]);
    let out = jwtctl()
        .args(["sign", "--secret", "-", "--exp", "1h"])
        .write_stdin(secret.clone())
        .assert()
        .success();
    let from_stdin = stdout_of(&out).trim().to_string();
    let out = jwtctl()
        .args(["sign", "--secret", "env:JWTCTL_TEST_SECRET", "--exp", "1h"])
        .env("JWTCTL_TEST_SECRET", std::str::from_utf8(&secret).unwrap())
        .assert()
        .success();
    let from_env = stdout_of(&out).trim().to_string();
    let from_jwk = {
        let dir = tempfile::tempdir().unwrap();
        let jwk = dir.path().join("k.jwk");
        std::fs::write(
            &jwk,
            format!(
                "{{\"kty\":\"oct\",\"k\":\"{}\"}}",
                URL_SAFE_NO_PAD.encode(&secret)
            ),
        )
        .unwrap();
        sign(&["--key", jwk.to_str().unwrap(), "--exp", "1h"])
    };
    for other in [&from_b64, &from_stdin, &from_env, &from_jwk] {
        assert_eq!(other, &from_file);
    }
    // prompt without a terminal is a clear usage error, never a hang.
    let out = jwtctl()
        .args(["sign", "--secret", "prompt", "--exp", "1h"])
        .write_stdin("")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("not a terminal"), "{stderr}");
}

fn der_ecdsa(raw: &[u8]) -> Vec<u8> {
    let half = raw.len() / 2;
    let int = |x: &[u8]| {
        let mut v: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        if v.is_empty() || v[0] >= 0x80 {
            v.insert(0, 0);
        }
        let mut out = vec![0x02];
        out.extend(der_len(v.len()));
        out.extend(v);
        out
    };
    let body = [int(&raw[..half]), int(&raw[half..])].concat();
    let mut out = vec![0x30];
    out.extend(der_len(body.len()));
    out.extend(body);
    out
}

fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        vec![n as u8]
    } else {
        vec![0x81, n as u8]
    }
}

#[test]
fn asymmetric_signatures_verify_with_openssl() {
    if !openssl_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("RS256", "rsa", "-sha256", false),
        ("RS384", "rsa", "-sha384", false),
        ("RS512", "rsa", "-sha512", false),
        ("PS256", "rsa", "-sha256", true),
        ("PS384", "rsa", "-sha384", true),
        ("PS512", "rsa", "-sha512", true),
        ("ES256", "ec-p256", "-sha256", false),
        ("ES384", "ec-p384", "-sha384", false),
        ("ES512", "ec-p521", "-sha512", false),
        ("EdDSA", "ed25519", "", false),
    ];
    for (alg, key, digest, pss) in cases {
        let private = format!("tests/fixtures/keys/{key}.pkcs8.pem");
        let public = fixture(&format!("{key}.spki.pem"));
        let token = sign(&[
            "--key", &private, "--alg", alg, "--exp", "1h", "--sub", "openssl",
        ]);
        let (input, raw) = parts(&token);
        let input_path = dir.path().join(format!("{alg}.input"));
        let sig_path = dir.path().join(format!("{alg}.sig"));
        std::fs::write(&input_path, &input).unwrap();
        let sig = if alg.starts_with("ES") {
            der_ecdsa(&raw)
        } else {
            raw
        };
        std::fs::write(&sig_path, sig).unwrap();
        let (input_s, sig_s, pub_s) = (
            input_path.to_str().unwrap(),
            sig_path.to_str().unwrap(),
            public.to_str().unwrap(),
        );
        let out = if alg == "EdDSA" {
            openssl(&[
                "pkeyutl", "-verify", "-pubin", "-inkey", pub_s, "-rawin", "-in", input_s,
                "-sigfile", sig_s,
            ])
        } else if pss {
            openssl(&[
                "dgst",
                digest,
                "-verify",
                pub_s,
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:digest",
                "-signature",
                sig_s,
                input_s,
            ])
        } else {
            openssl(&[
                "dgst",
                digest,
                "-verify",
                pub_s,
                "-signature",
                sig_s,
                input_s,
            ])
        };
        assert!(
            out.contains("Verified OK") || out.contains("Signature Verified Successfully"),
            "{alg}: {out}"
        );
    }
}

#[test]
fn deterministic_algorithms_give_byte_identical_tokens() {
    for key in [
        "tests/fixtures/keys/rsa.pkcs8.pem",
        "tests/fixtures/keys/ed25519.pkcs8.pem",
    ] {
        let args = [
            "--key", key, "-c", "b=2", "-c", "a=1", "--sub", "x", "--exp", "1h",
        ];
        assert_eq!(sign(&args), sign(&args));
    }
}

#[test]
fn resigning_a_decoded_token_keeps_its_header_and_takes_edits() {
    let original = sign(&[
        "--key",
        "tests/fixtures/keys/rsa.pkcs8.pem",
        "--kid",
        "k-1",
        "-H",
        "x5t=thumb",
        "--typ",
        "at+jwt",
        "--sub",
        "alice",
        "-c",
        "role=user",
        "--exp",
        "1h",
    ]);
    let out = jwtctl()
        .args(["decode", "--json", &original])
        .assert()
        .success();
    let mut envelope: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    envelope["payload"]["role"] = Value::from("admin");
    let out = jwtctl()
        .args([
            "sign",
            "--key",
            "tests/fixtures/keys/ec-p256.pkcs8.pem",
            "--claims",
            "-",
        ])
        .write_stdin(envelope.to_string())
        .assert()
        .success();
    let resigned = stdout_of(&out);
    let out = jwtctl()
        .args(["decode", "--json", resigned.trim()])
        .assert()
        .success();
    let decoded: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(
        decoded["header"],
        serde_json::json!({"alg": "ES256", "typ": "at+jwt", "kid": "k-1", "x5t": "thumb"})
    );
    assert_eq!(decoded["payload"]["role"], "admin");
    assert_eq!(decoded["payload"]["sub"], "alice");
}

#[test]
fn keys_from_jwks_and_private_jwks_sign() {
    let dir = tempfile::tempdir().unwrap();
    let a = stdout_of(
        &jwtctl()
            .args(["keygen", "--alg", "ES384", "--format", "jwk", "--kid", "a"])
            .assert()
            .success(),
    );
    let b = stdout_of(
        &jwtctl()
            .args(["keygen", "--alg", "EdDSA", "--format", "jwk", "--kid", "b"])
            .assert()
            .success(),
    );
    let set = format!("{{\"keys\":[{a},{b}]}}");
    let jwks = dir.path().join("private.jwks");
    std::fs::write(&jwks, set).unwrap();
    let single = dir.path().join("a.jwk");
    std::fs::write(&single, &a).unwrap();
    let jwks_s = jwks.to_str().unwrap();
    let token = sign(&["--key", jwks_s, "--kid", "b", "--exp", "1h"]);
    let out = jwtctl()
        .args(["decode", "--header", &token])
        .assert()
        .success();
    assert_eq!(
        stdout_of(&out),
        "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"b\"}\n"
    );
    let token = sign(&["--key", single.to_str().unwrap(), "--exp", "1h"]);
    let out = jwtctl()
        .args(["decode", "--header", &token])
        .assert()
        .success();
    assert_eq!(
        stdout_of(&out),
        "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"a\"}\n"
    );
    jwtctl()
        .args(["verify", "--jwks", jwks_s, "-q", &token])
        .assert()
        .success();
    // A set without --kid is ambiguous; an unknown kid names the ones there are.
    jwtctl()
        .args(["sign", "--key", jwks_s, "--exp", "1h"])
        .assert()
        .code(4);
    let out = jwtctl()
        .args(["sign", "--key", jwks_s, "--kid", "c", "--exp", "1h"])
        .assert()
        .code(4);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("a, b"), "{stderr}");
}

#[test]
fn out_file_is_private_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.jwt");
    let p = path.to_str().unwrap();
    jwtctl()
        .args([
            "sign",
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
            "--exp",
            "1h",
            "-o",
            p,
        ])
        .assert()
        .success()
        .stdout("");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.starts_with("eyJ") && first.ends_with('\n'));
    jwtctl()
        .args([
            "sign",
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
            "--exp",
            "2h",
            "-o",
            p,
        ])
        .assert()
        .code(5);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    jwtctl()
        .args([
            "sign",
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
            "--exp",
            "2h",
            "-o",
            p,
            "--force",
        ])
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&path).unwrap(), first);
}
