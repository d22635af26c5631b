//! `jwtctl verify` against hostile input: every rejection class of the README's "Security defaults"
//! (RFC 8725 §2.1, §3.1, §3.2), each checked for its exit code and its `--json` error code, plus valid controls for all
//! 13 algorithms. Attack tokens are forged here, independently of jwtctl's own signing code.

use crate::common;

use std::time::{Duration, Instant};

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use common::{fixture, hex, jwtctl, stdout_of};

const NOW: i64 = 1_767_225_600;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn seg(v: &Value) -> String {
    b64(v.to_string().as_bytes())
}

/// A token signed with jwtctl itself (the signing path is tested separately).
fn signed(key: &str, extra: &[&str]) -> String {
    let mut args = vec!["sign", "--key", key];
    args.extend_from_slice(extra);
    let out = jwtctl().args(&args).assert().success();
    stdout_of(&out).trim().to_string()
}

fn hs256(header: &Value, claims: &Value, secret: &[u8]) -> String {
    let input = format!("{}.{}", seg(header), seg(claims));
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let tag = hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64(tag.as_ref()))
}

fn secret() -> Vec<u8> {
    std::fs::read(fixture("hmac.secret")).unwrap()
}

fn good_claims() -> Value {
    json!({"sub": "alice", "iss": "https://issuer.example", "aud": "api", "iat": NOW - 60, "exp": NOW + 900})
}

/// Runs verify with `args` on `token` (via stdin), expecting `exit` and the `--json` code.
fn expect(args: &[&str], token: &str, exit: i32, code: &str) {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let out = jwtctl()
        .args(&all)
        .write_stdin(token.as_bytes().to_vec())
        .assert()
        .code(exit);
    let stdout = stdout_of(&out);
    let env: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("--json output is not JSON ({e}): {stdout:?}"));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    if code == "valid" {
        assert_eq!(env["valid"], true, "{stdout} {stderr}");
        return;
    }
    assert_eq!(env["valid"], false, "{stdout}");
    assert_eq!(env["error"]["code"], code, "{stdout}");
    // One error line (plus at most a hint), naming the code, never a panic.
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with(&format!("error: {code}: ")),
        "{stderr}"
    );
    assert!(lines.len() <= 2 && !stderr.contains("panicked"), "{stderr}");
}

#[test]
fn valid_controls_for_every_algorithm() {
    let cases: [(&str, &str, &str); 13] = [
        ("HS256", "--secret", "@tests/fixtures/keys/hmac.secret"),
        ("HS384", "--secret", "@tests/fixtures/keys/hmac.secret"),
        ("HS512", "--secret", "@tests/fixtures/keys/hmac.secret"),
        ("RS256", "--key", "tests/fixtures/keys/rsa.pkcs8.pem"),
        ("RS384", "--key", "tests/fixtures/keys/rsa.pkcs8.pem"),
        ("RS512", "--key", "tests/fixtures/keys/rsa.pkcs8.pem"),
        ("PS256", "--key", "tests/fixtures/keys/rsa.pkcs8.pem"),
        ("PS384", "--key", "tests/fixtures/keys/rsa.pkcs8.pem"),
        ("PS512", "--key", "tests/fixtures/keys/rsa.pkcs8.pem"),
        ("ES256", "--key", "tests/fixtures/keys/ec-p256.pkcs8.pem"),
        ("ES384", "--key", "tests/fixtures/keys/ec-p384.pkcs8.pem"),
        ("ES512", "--key", "tests/fixtures/keys/ec-p521.pkcs8.pem"),
        ("EdDSA", "--key", "tests/fixtures/keys/ed25519.pkcs8.pem"),
    ];
    for (alg, flag, key) in cases {
        let out = jwtctl()
            .args([
                "sign", flag, key, "--alg", alg, "--exp", "15m", "--sub", "alice",
            ])
            .assert()
            .success();
        let token = stdout_of(&out).trim().to_string();
        // Verify with the public half where there is one.
        let public = key.replace("pkcs8", "spki");
        let out = jwtctl()
            .args(["verify", flag, &public, &token])
            .assert()
            .success();
        let claims: Value = serde_json::from_str(stdout_of(&out).trim()).unwrap();
        assert_eq!(claims["sub"], "alice", "{alg}");
        // A token is never valid for another algorithm of the same family.
        if alg != "EdDSA" {
            let other = match alg {
                "HS256" => "HS384",
                "RS256" => "PS256",
                "ES256" | "ES384" | "ES512" => continue,
                _ => {
                    if alg.starts_with('H') {
                        "HS256"
                    } else {
                        "RS256"
                    }
                }
            };
            expect(
                &[flag, &public, "--alg", other],
                &token,
                1,
                "alg_not_allowed",
            );
        }
    }
}

#[test]
fn alg_none_in_every_spelling_is_rejected() {
    let claims = good_claims();
    let real = hs256(&json!({"alg": "HS256"}), &claims, &secret());
    let copied_sig = real.rsplit('.').next().unwrap().to_string();
    for spelling in ["none", "None", "NONE", "nOnE"] {
        let unsigned = format!("{}.{}.", seg(&json!({"alg": spelling})), seg(&claims));
        expect(
            &["--secret", "@tests/fixtures/keys/hmac.secret"],
            &unsigned,
            1,
            "alg_not_allowed",
        );
        let with_sig = format!("{unsigned}{copied_sig}");
        expect(
            &["--secret", "@tests/fixtures/keys/hmac.secret"],
            &with_sig,
            1,
            "alg_not_allowed",
        );
        expect(
            &["--key", "tests/fixtures/keys/rsa.spki.pem"],
            &unsigned,
            1,
            "alg_not_allowed",
        );
    }
    // --alg none is refused as a usage error before any token is read.
    jwtctl()
        .args(["verify", "--secret", "x", "--alg", "none", "t"])
        .assert()
        .code(2);
}

#[test]
fn rs256_to_hs256_key_confusion_is_rejected() {
    let pem = std::fs::read(fixture("rsa.spki.pem")).unwrap();
    let jwk_out = jwtctl()
        .args([
            "jwks",
            "convert",
            "tests/fixtures/keys/rsa.spki.pem",
            "--to",
            "jwk",
            "--public",
        ])
        .assert()
        .success();
    let jwk = stdout_of(&jwk_out);
    let dir = tempfile::tempdir().unwrap();
    let jwk_path = dir.path().join("rsa.pub.jwk");
    std::fs::write(&jwk_path, &jwk).unwrap();
    let jwk_compact = serde_json::from_str::<Value>(&jwk).unwrap().to_string();
    for secret in [
        pem.clone(),
        jwk.clone().into_bytes(),
        jwk_compact.into_bytes(),
    ] {
        let forged = hs256(
            &json!({"alg": "HS256", "typ": "JWT"}),
            &good_claims(),
            &secret,
        );
        expect(
            &["--key", "tests/fixtures/keys/rsa.spki.pem"],
            &forged,
            1,
            "alg_not_allowed",
        );
        expect(
            &["--key", jwk_path.to_str().unwrap()],
            &forged,
            1,
            "alg_not_allowed",
        );
        // Even when the user allows HS256 by mistake, an RSA key is not an HMAC secret: exit 4.
        jwtctl()
            .args([
                "verify",
                "--key",
                "tests/fixtures/keys/rsa.spki.pem",
                "--alg",
                "HS256",
                &forged,
            ])
            .assert()
            .code(4);
    }
}

#[test]
fn ecdsa_signature_forms_are_strict() {
    let key = "tests/fixtures/keys/ec-p256.pkcs8.pem";
    let public = ["--key", "tests/fixtures/keys/ec-p256.spki.pem"];
    let token = signed(key, &["--exp", "15m"]);
    let (input, sig) = token.rsplit_once('.').unwrap();
    let raw = URL_SAFE_NO_PAD.decode(sig).unwrap();
    assert_eq!(raw.len(), 64);
    // CVE-2022-21449 ("psychic signatures"): r = s = 0.
    expect(
        &public,
        &format!("{input}.{}", b64(&[0; 64])),
        1,
        "bad_signature",
    );
    // r and s equal to the group order n.
    let n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let nn = [n.clone(), n].concat();
    expect(
        &public,
        &format!("{input}.{}", b64(&nn)),
        1,
        "bad_signature",
    );
    // Truncated, extended, and DER-encoded forms of the real signature.
    expect(
        &public,
        &format!("{input}.{}", b64(&raw[..63])),
        1,
        "bad_signature",
    );
    expect(
        &public,
        &format!("{input}.{}", b64(&[raw.clone(), vec![0]].concat())),
        1,
        "bad_signature",
    );
    expect(
        &public,
        &format!("{input}.{}", b64(&der_signature(&raw))),
        1,
        "bad_signature",
    );
    // The untouched token is fine.
    expect(&public, &token, 0, "valid");
}

fn der_signature(raw: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let mut v = x.to_vec();
        while v.len() > 1 && v[0] == 0 && v[1] < 0x80 {
            v.remove(0);
        }
        if v[0] >= 0x80 {
            v.insert(0, 0);
        }
        [vec![0x02, v.len() as u8], v].concat()
    };
    let body = [int(&raw[..32]), int(&raw[32..])].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

#[test]
fn header_keys_and_kids_are_never_trusted() {
    // An attacker signs with their own key and embeds it in the header.
    let dir = tempfile::tempdir().unwrap();
    let attacker = dir.path().join("attacker");
    jwtctl()
        .args([
            "keygen",
            "--alg",
            "RS256",
            "--out",
            attacker.to_str().unwrap(),
        ])
        .assert()
        .success();
    let attacker_pem = format!("{}.pem", attacker.display());
    let jwk_out = jwtctl()
        .args(["jwks", "convert", &attacker_pem, "--to", "jwk", "--public"])
        .assert()
        .success();
    let jwk = stdout_of(&jwk_out);
    let jwk_compact = serde_json::from_str::<Value>(&jwk).unwrap().to_string();
    let token = signed(
        &attacker_pem,
        &[
            "--exp",
            "15m",
            "-H",
            &format!("jwk:={jwk_compact}"),
            "-H",
            "jku=https://attacker.example/jwks.json",
            "-H",
            "x5u=https://attacker.example/cert.pem",
        ],
    );
    expect(
        &["--key", "tests/fixtures/keys/rsa.spki.pem"],
        &token,
        1,
        "bad_signature",
    );

    // A kid that is a path: with a single key it is ignored (bad signature); in a JWKS it
    // matches nothing.
    let token = signed(&attacker_pem, &["--exp", "15m", "--kid", "../../dev/null"]);
    expect(
        &["--key", "tests/fixtures/keys/rsa.spki.pem"],
        &token,
        1,
        "bad_signature",
    );
    let jwks = dir.path().join("jwks.json");
    let ours = jwtctl()
        .args([
            "jwks",
            "convert",
            "tests/fixtures/keys/rsa.spki.pem",
            "--to",
            "jwk",
            "--public",
        ])
        .assert()
        .success();
    let ours: Value = serde_json::from_str(&stdout_of(&ours)).unwrap();
    std::fs::write(&jwks, json!({"keys": [ours]}).to_string()).unwrap();
    expect(
        &["--jwks", jwks.to_str().unwrap()],
        &token,
        1,
        "unknown_kid",
    );
    // The right kid from the set with the attacker's signature: bad signature.
    let kid = ours["kid"].as_str().unwrap();
    let token = signed(&attacker_pem, &["--exp", "15m", "--kid", kid]);
    expect(
        &["--jwks", jwks.to_str().unwrap()],
        &token,
        1,
        "bad_signature",
    );
    // And a real token from our key verifies through the set.
    let token = signed(
        "tests/fixtures/keys/rsa.pkcs8.pem",
        &["--exp", "15m", "--kid", "thumbprint"],
    );
    expect(&["--jwks", jwks.to_str().unwrap()], &token, 0, "valid");
}

#[test]
fn modified_tokens_are_rejected() {
    let s = secret();
    let token = hs256(&json!({"alg": "HS256"}), &good_claims(), &s);
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims = good_claims();
    claims["sub"] = json!("mallory");
    let payload_swapped = format!("{}.{}.{}", parts[0], seg(&claims), parts[2]);
    let header_swapped = format!(
        "{}.{}.{}",
        seg(&json!({"alg": "HS256", "kid": "x"})),
        parts[1],
        parts[2]
    );
    let secret_arg = ["--secret", "@tests/fixtures/keys/hmac.secret"];
    expect(&secret_arg, &token, 0, "valid");
    expect(&secret_arg, &payload_swapped, 1, "bad_signature");
    expect(&secret_arg, &header_swapped, 1, "bad_signature");
    // Every single-bit flip of the signature is rejected.
    let sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    for bit in [0usize, 7, 100, 255] {
        let mut bad = sig.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        expect(
            &secret_arg,
            &format!("{}.{}.{}", parts[0], parts[1], b64(&bad)),
            1,
            "bad_signature",
        );
    }
}

#[test]
fn claim_rejections_have_their_codes() {
    let s = secret();
    let k = ["--secret", "@tests/fixtures/keys/hmac.secret"];
    let h = json!({"alg": "HS256"});
    let with = |key: &str, value: Value| {
        let mut c = good_claims();
        c[key] = value;
        hs256(&h, &c, &s)
    };
    let without = |key: &str| {
        let mut c = good_claims();
        c.as_object_mut().unwrap().remove(key);
        hs256(&h, &c, &s)
    };
    let base = hs256(&h, &good_claims(), &s);
    expect(&k, &with("exp", json!(NOW - 1)), 1, "expired");
    expect(&k, &with("exp", json!(NOW)), 1, "expired");
    expect(
        &[k[0], k[1], "--leeway", "5s"],
        &with("exp", json!(NOW - 1)),
        0,
        "valid",
    );
    expect(&k, &without("exp"), 1, "missing_claim");
    expect(&[k[0], k[1], "--allow-no-exp"], &without("exp"), 0, "valid");
    expect(&k, &with("nbf", json!(NOW + 60)), 1, "not_yet_valid");
    expect(&k, &with("iat", json!(NOW + 60)), 1, "issued_in_future");
    expect(
        &[k[0], k[1], "--iss", "https://other.example"],
        &base,
        1,
        "issuer_mismatch",
    );
    expect(
        &[k[0], k[1], "--iss", "https://issuer.example"],
        &base,
        0,
        "valid",
    );
    expect(&[k[0], k[1], "--aud", "web"], &base, 1, "audience_mismatch");
    expect(
        &[k[0], k[1], "--aud", "web"],
        &with("aud", json!(["api", "web"])),
        0,
        "valid",
    );
    expect(
        &[k[0], k[1], "--aud", "web", "--aud", "api"],
        &base,
        0,
        "valid",
    );
    expect(
        &[k[0], k[1], "--aud", "web"],
        &with("aud", json!(["api", "cli"])),
        1,
        "audience_mismatch",
    );
    expect(
        &[k[0], k[1], "--aud", "api"],
        &without("aud"),
        1,
        "missing_claim",
    );
    expect(&[k[0], k[1], "--sub", "bob"], &base, 1, "subject_mismatch");
    expect(
        &[k[0], k[1], "--require", "scope,jti"],
        &base,
        1,
        "missing_claim",
    );
    expect(
        &[k[0], k[1], "--claim", "role=admin"],
        &with("role", json!("user")),
        1,
        "claim_mismatch",
    );
    expect(
        &[k[0], k[1], "--claim", "level:=3"],
        &with("level", json!("3")),
        1,
        "claim_mismatch",
    );
    expect(
        &[k[0], k[1], "--claim", "level:=3"],
        &with("level", json!(3)),
        0,
        "valid",
    );
    expect(&[k[0], k[1], "--max-age", "30s"], &base, 1, "too_old");
    expect(&[k[0], k[1], "--max-age", "2m"], &base, 0, "valid");
    let dir = tempfile::tempdir().unwrap();
    let deny = dir.path().join("revoked.txt");
    std::fs::write(&deny, "# revoked\nabc\n\n  t-1  \n").unwrap();
    let deny = deny.to_str().unwrap();
    expect(
        &[k[0], k[1], "--deny", deny],
        &with("jti", json!("t-1")),
        1,
        "revoked",
    );
    expect(
        &[k[0], k[1], "--deny", deny],
        &with("jti", json!("t-2")),
        0,
        "valid",
    );
    // crit: unknown extensions, and crit that is not a non-empty array of strings.
    for crit in [json!(["exp"]), json!([]), json!("b64"), json!([1])] {
        let t = hs256(&json!({"alg": "HS256", "crit": crit}), &good_claims(), &s);
        expect(&k, &t, 1, "crit_unsupported");
    }
    // Time claims that are not numbers are malformed, never valid and never a panic.
    expect(&k, &with("exp", json!("9999999999")), 3, "malformed");
    expect(&k, &with("nbf", json!(null)), 3, "malformed");
    expect(&k, &with("exp", json!(1.0e10)), 0, "valid");
    let overflow = format!("{}.{}", seg(&h), b64(br#"{"exp":1e400}"#));
    let key = hmac::Key::new(hmac::HMAC_SHA256, &s);
    let t = format!(
        "{overflow}.{}",
        b64(hmac::sign(&key, overflow.as_bytes()).as_ref())
    );
    expect(&k, &t, 3, "malformed");
    // aud is a string or an array of strings (RFC 7519 4.1.3): anything else is malformed,
    // like a time claim that is not a number, even when one member matches --aud.
    let aud = [k[0], k[1], "--aud", "api"];
    for bad in [
        json!(["api", 5]),
        json!(["api", null]),
        json!(["api", ["web"]]),
        json!(7),
    ] {
        expect(&aud, &with("aud", bad.clone()), 3, "malformed");
        expect(&k, &with("aud", bad), 3, "malformed");
    }
    expect(&aud, &with("aud", json!([])), 1, "audience_mismatch");
}

#[test]
fn malformed_input_is_exit_3() {
    let s = secret();
    let k = ["--secret", "@tests/fixtures/keys/hmac.secret"];
    let key = hmac::Key::new(hmac::HMAC_SHA256, &s);
    let sign_raw = |header: &[u8], payload: &[u8]| {
        let input = format!("{}.{}", b64(header), b64(payload));
        let tag = hmac::sign(&key, input.as_bytes());
        format!("{input}.{}", b64(tag.as_ref()))
    };
    // Duplicate member names, in the header and in the payload.
    expect(
        &k,
        &sign_raw(br#"{"alg":"HS256","alg":"none"}"#, br#"{"exp":9999999999}"#),
        3,
        "malformed",
    );
    expect(
        &k,
        &sign_raw(
            br#"{"alg":"HS256"}"#,
            br#"{"exp":9999999999,"sub":"a","sub":"b"}"#,
        ),
        3,
        "malformed",
    );
    // Non-canonical base64url.
    let good = hs256(&json!({"alg": "HS256"}), &good_claims(), &s);
    let parts: Vec<&str> = good.split('.').collect();
    let padded = format!("{}.{}.{}=", parts[0], parts[1], parts[2]);
    let std_alphabet = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        parts[2].replace('-', "+").replace('_', "/")
    );
    expect(&k, &padded, 3, "malformed");
    if std_alphabet != good {
        expect(&k, &std_alphabet, 3, "malformed");
    }
    // Non-zero trailing bits: the last character of a 32-byte signature carries 2 spare bits.
    let last = parts[2].chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.find(last).unwrap();
    let sloppy_char = alphabet.chars().nth(idx | 1).unwrap();
    let sloppy = format!(
        "{}.{}.{}{}",
        parts[0],
        parts[1],
        &parts[2][..parts[2].len() - 1],
        sloppy_char
    );
    expect(&k, &sloppy, 3, "malformed");
    // Segment counts and empty segments.
    expect(&k, &format!("{}.{}", parts[0], parts[1]), 3, "malformed");
    expect(&k, &format!("{good}.x"), 3, "malformed");
    expect(&k, &format!(".{}.{}", parts[1], parts[2]), 3, "malformed");
    expect(&k, &format!("{}..{}", parts[0], parts[2]), 3, "malformed");
    expect(&k, "..", 3, "malformed");
    // A payload nested 100 000 levels deep: an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    expect(
        &k,
        &sign_raw(br#"{"alg":"HS256"}"#, deep.as_bytes()),
        3,
        "malformed",
    );
    // A JWE is not a JWS.
    let jwe = std::fs::read_to_string("tests/fixtures/tokens/encrypted.jwe").unwrap();
    expect(&k, &jwe, 3, "malformed");
}

#[test]
fn a_20_mb_token_fails_fast() {
    let huge = format!("eyJhbGciOiJIUzI1NiJ9.{}.sig", "A".repeat(20 * 1024 * 1024));
    let start = Instant::now();
    let out = jwtctl()
        .args(["verify", "--secret", "@tests/fixtures/keys/hmac.secret"])
        .write_stdin(huge.clone().into_bytes())
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: ") && stderr.contains("limit"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.jwt");
    std::fs::write(&file, &huge).unwrap();
    jwtctl()
        .args(["verify", "--secret", "@tests/fixtures/keys/hmac.secret"])
        .arg(format!("@{}", file.display()))
        .assert()
        .code(3);
    // Not a timing test: a generous bound that only a hang or a quadratic blow-up would break.
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn output_forms() {
    let token = signed(
        "tests/fixtures/keys/rsa.pkcs8.pem",
        &["--exp", "15m", "--sub", "alice"],
    );
    let k = ["verify", "--key", "tests/fixtures/keys/rsa.spki.pem"];
    // Default: the claims, one line in a pipe.
    let out = jwtctl().args(k).arg(&token).assert().success();
    assert_eq!(
        stdout_of(&out),
        format!(
            "{{\"sub\":\"alice\",\"exp\":{},\"iat\":{NOW}}}\n",
            NOW + 900
        )
    );
    // -q: nothing at all.
    jwtctl()
        .args(k)
        .args(["-q", &token])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    jwtctl()
        .args(k)
        .args(["-q", "--now", "1h", &token])
        .assert()
        .code(1)
        .stdout("");
    // --json on success.
    let out = jwtctl().args(k).args(["--json", &token]).assert().success();
    let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(env["valid"], true);
    assert_eq!(env["header"]["alg"], "RS256");
    assert_eq!(env["claims"]["sub"], "alice");
    // --signature-only: a payload that is not JSON is printed as text.
    let s = secret();
    let input = format!(
        "{}.{}",
        seg(&json!({"alg": "HS256"})),
        b64(b"plain text payload")
    );
    let key = hmac::Key::new(hmac::HMAC_SHA256, &s);
    let t = format!(
        "{input}.{}",
        b64(hmac::sign(&key, input.as_bytes()).as_ref())
    );
    jwtctl()
        .args([
            "verify",
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
            "--signature-only",
            &t,
        ])
        .assert()
        .success()
        .stdout("plain text payload\n");
    expect(
        &["--secret", "@tests/fixtures/keys/hmac.secret"],
        &t,
        3,
        "malformed",
    );
}

#[test]
fn a_payload_that_is_not_text_is_shown_without_loss() {
    // verify --json and decode --json show the same value for a payload that is not UTF-8: its
    // base64url form, not text with U+FFFD where the bytes were.
    let payload = [0xffu8, 0xfe, b'a', 0x80, 0x00];
    let input = format!("{}.{}", seg(&json!({"alg": "HS256"})), b64(&payload));
    let key = hmac::Key::new(hmac::HMAC_SHA256, &secret());
    let t = format!(
        "{input}.{}",
        b64(hmac::sign(&key, input.as_bytes()).as_ref())
    );
    let out = jwtctl()
        .args(["verify", "--secret", "@tests/fixtures/keys/hmac.secret"])
        .args(["--signature-only", "--json", &t])
        .assert()
        .success();
    let verified: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(verified["payload"], b64(&payload));
    let out = jwtctl().args(["decode", "--json", &t]).assert().success();
    let decoded: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(decoded["payload"], verified["payload"]);
}

#[test]
fn batch_mode_keeps_order_and_counts() {
    let good = signed("tests/fixtures/keys/ec-p256.pkcs8.pem", &["--exp", "15m"]);
    let expired = signed("tests/fixtures/keys/ec-p256.pkcs8.pem", &["--exp", "-1m"]);
    let mut input = String::new();
    let mut expected = Vec::new();
    for i in 0..500 {
        match i % 7 {
            3 => {
                input.push_str(&format!("Bearer {expired}\n"));
                expected.push(Some("expired"));
            }
            5 => {
                input.push_str("not-a-token\n");
                expected.push(Some("malformed"));
            }
            6 => {
                input.push('\n');
                expected.push(None);
            }
            _ => {
                input.push_str(&format!("  {good}  \n"));
                expected.push(Some("valid"));
            }
        }
    }
    let out = jwtctl()
        .args([
            "verify",
            "--batch",
            "--key",
            "tests/fixtures/keys/ec-p256.spki.pem",
        ])
        .write_stdin(input.into_bytes())
        .assert()
        .code(1);
    let stdout = stdout_of(&out);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let want: Vec<(usize, &str)> = expected
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.map(|c| (i + 1, c)))
        .collect();
    assert_eq!(lines.len(), want.len());
    for (got, (line, code)) in lines.iter().zip(&want) {
        assert_eq!(got["line"], *line as u64);
        if *code == "valid" {
            assert_eq!(got["valid"], true, "{got}");
        } else {
            assert_eq!(got["error"]["code"], *code, "{got}");
        }
    }
    let valid = want.iter().filter(|(_, c)| *c == "valid").count();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(
        stderr,
        format!("{valid} valid, {} rejected\n", want.len() - valid)
    );
    // All valid: exit 0.
    jwtctl()
        .args([
            "verify",
            "--batch",
            "--key",
            "tests/fixtures/keys/ec-p256.spki.pem",
        ])
        .write_stdin(format!("{good}\n{good}\n"))
        .assert()
        .success()
        .stderr("2 valid, 0 rejected\n");
    // A line longer than the limit is reported, and the next line is still read.
    let long = "A".repeat(2 * 1024 * 1024);
    let out = jwtctl()
        .args([
            "verify",
            "--batch",
            "--key",
            "tests/fixtures/keys/ec-p256.spki.pem",
        ])
        .write_stdin(format!("{long}\n{good}\n"))
        .assert()
        .code(1);
    let stdout = stdout_of(&out);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["error"]["code"], "malformed");
    assert_eq!(lines[1]["valid"], true);
    // The key cannot come from standard input when the tokens do.
    jwtctl()
        .args(["verify", "--batch", "--key", "-"])
        .write_stdin("x")
        .assert()
        .code(2);
}
