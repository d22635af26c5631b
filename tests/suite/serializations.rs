//! Every JWS serialization through the real binary: `sign --serialization`, several `--key`s,
//! `-U`, `--detached`, `--unencoded`, `--payload`; `verify` and `decode` detecting the form, the
//! signature that verified, and the hostile JSON serializations (members in both headers,
//! empty or oversized signature lists, unknown `crit`), each refused with its exit code.

use crate::common;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use common::{fixture, jwtctl, stdout_of};

const HMAC: &str = "tests/fixtures/keys/hmac.jwk";
const ED: &str = "tests/fixtures/keys/ed25519.pkcs8.pem";
const ED_PUB: &str = "tests/fixtures/keys/ed25519.spki.pem";
const RSA: &str = "tests/fixtures/keys/rsa.pkcs8.pem";

fn sign(args: &[&str]) -> String {
    let out = jwtctl().arg("sign").args(args).assert().success();
    stdout_of(&out).trim_end().to_string()
}

fn payload_file(dir: &tempfile::TempDir, bytes: &[u8]) -> String {
    let path = dir.path().join("payload");
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn general_jws_with_several_keys_verifies_with_any_one_and_says_which() {
    let token = sign(&[
        "--key",
        RSA,
        "--key",
        ED,
        "--key",
        HMAC,
        "--serialization",
        "general",
        "--sub",
        "alice",
        "--exp",
        "1h",
    ]);
    let doc: Value = serde_json::from_str(&token).unwrap();
    let sigs = doc["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 3);
    let algs: Vec<String> = sigs
        .iter()
        .map(|s| {
            let h: Value = serde_json::from_slice(
                &URL_SAFE_NO_PAD
                    .decode(s["protected"].as_str().unwrap())
                    .unwrap(),
            )
            .unwrap();
            h["alg"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(algs, ["RS256", "EdDSA", "HS256"]);
    // Each key alone verifies the JWS, and the envelope names the signature.
    for (key, index) in [
        (ED_PUB, 1),
        (HMAC, 2),
        ("tests/fixtures/keys/rsa.spki.pem", 0),
    ] {
        let out = jwtctl()
            .args(["verify", "--json", "--key", key, &token])
            .assert()
            .success()
            .stderr("");
        let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        assert_eq!(env["serialization"], "general");
        assert_eq!(env["signature"]["index"], index, "{key}");
        assert_eq!(env["claims"]["sub"], "alice");
        // Without --json, stdout is the claims and stderr names the signature.
        jwtctl()
            .args(["verify", "--key", key, &token])
            .assert()
            .success()
            .stderr(predicates::str::contains(format!(
                "verified by signature {index}"
            )));
    }
    // A key that made none of them: every signature's failure, the first one's code.
    let out = jwtctl()
        .args([
            "verify",
            "--json",
            "--key",
            "tests/fixtures/keys/ec-p256.pkcs8.pem",
            &token,
        ])
        .assert()
        .code(1);
    let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(env["error"]["code"], "alg_not_allowed");
    assert!(
        env["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("none of the 3 signatures verifies: signature 0"),
        "{env}"
    );
    // The claims are checked once a signature verifies: an expired general JWS is expired.
    let expired = sign(&[
        "--key",
        ED,
        "--key",
        HMAC,
        "--serialization",
        "general",
        "--exp",
        "-1h",
    ]);
    let out = jwtctl()
        .args(["verify", "--json", "--key", HMAC, &expired])
        .assert()
        .code(1);
    let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(env["error"]["code"], "expired");
    // Several keys need the general serialization.
    jwtctl()
        .args(["sign", "--key", ED, "--key", HMAC, "--exp", "1h"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--serialization general"));
}

#[test]
fn flattened_jws_and_unprotected_headers() {
    let token = sign(&[
        "--key",
        HMAC,
        "--serialization",
        "flattened",
        "-U",
        "kid=moved",
        "-U",
        "note:=[1,2]",
        "--exp",
        "1h",
    ]);
    let doc: Value = serde_json::from_str(&token).unwrap();
    assert_eq!(doc["header"], json!({"kid": "moved", "note": [1, 2]}));
    let protected: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(doc["protected"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    // The key's own kid left the protected header for the unprotected one.
    assert_eq!(protected, json!({"alg": "HS256", "typ": "JWT"}));
    let out = jwtctl()
        .args(["verify", "--json", "--key", HMAC, &token])
        .assert()
        .success();
    let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(env["serialization"], "flattened");
    assert_eq!(env["signature"], json!({"index": 0, "kid": "moved"}));
    // What -U refuses.
    for (args, expected) in [
        (
            vec!["-U", "alg=HS256", "--serialization", "general"],
            "always in the protected header",
        ),
        (
            vec!["-U", "x=1"],
            "compact serialization has no unprotected header",
        ),
        (
            vec!["-U", "x=1", "-H", "x=2", "--serialization", "general"],
            "also set with -H",
        ),
        (vec!["-H", "crit:=[\"b64\"]"], "set by jwtctl"),
    ] {
        jwtctl()
            .args(["sign", "--key", HMAC, "--exp", "1h"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(expected));
    }
}

#[test]
fn hostile_json_serializations_are_refused_with_one_line() {
    let p = b64(br#"{"alg":"HS256"}"#);
    let body = b64(br#"{"exp":99999999999}"#);
    let sig = "AAAA";
    let big: Vec<String> = (0..65)
        .map(|_| format!(r#"{{"protected":"{p}","signature":"{sig}"}}"#))
        .collect();
    let cases = [
        (
            format!(r#"{{"payload":"{body}","signatures":[]}}"#),
            3,
            "signatures is empty",
        ),
        (
            format!(r#"{{"payload":"{body}","signatures":[{}]}}"#, big.join(",")),
            3,
            "over the limit of 64",
        ),
        (
            format!(
                r#"{{"payload":"{body}","protected":"{p}","header":{{"alg":"none"}},"signature":"{sig}"}}"#
            ),
            3,
            "in both the protected and the unprotected header",
        ),
        (
            format!(
                r#"{{"payload":"{body}","payload":"{body}","protected":"{p}","signature":"{sig}"}}"#
            ),
            3,
            "duplicate",
        ),
        (
            format!(
                r#"{{"payload":"{body}","protected":"{}","signature":"{sig}"}}"#,
                b64(br#"{"alg":"HS256","crit":["exp"],"exp":1}"#)
            ),
            1,
            "crit_unsupported",
        ),
        (
            format!(
                r#"{{"payload":"{body}","protected":"{p}","header":{{"crit":["b64"]}},"signature":"{sig}"}}"#
            ),
            3,
            "must be in the protected header",
        ),
        (
            format!(r#"{{"payload":"{body}","header":{{"alg":"none"}},"signature":""}}"#),
            1,
            "alg_not_allowed",
        ),
        ("{\"payload\":".to_string(), 3, "invalid JSON"),
    ];
    for (text, code, expected) in cases {
        let out = jwtctl()
            .args(["verify", "--key", HMAC, &text])
            .assert()
            .code(code);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(expected), "{text}: {stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{stderr}"
        );
    }
    // Over the token size limit, as compact.
    let huge = format!(
        r#"{{"payload":"{}","protected":"{p}","signature":""}}"#,
        "A".repeat(1 << 20)
    );
    let path = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(path.path(), &huge).unwrap();
    jwtctl()
        .args(["verify", "--key", HMAC])
        .arg(format!("@{}", path.path().display()))
        .assert()
        .code(3)
        .stderr(predicates::str::contains("1 MiB"));
}

#[test]
fn detached_payloads_verify_only_with_the_payload() {
    let dir = tempfile::tempdir().unwrap();
    let file = payload_file(&dir, b"{\"sub\":\"alice\",\"exp\":99999999999}");
    for form in ["compact", "flattened", "general"] {
        let token = sign(&[
            "--key",
            HMAC,
            "--payload",
            &file,
            "--detached",
            "--serialization",
            form,
        ]);
        if form == "compact" {
            assert!(token.contains(".."), "{token}");
        } else {
            assert!(!token.contains("payload"), "{token}");
        }
        jwtctl()
            .args(["verify", "--key", HMAC, "--payload", &file, &token])
            .assert()
            .success()
            .stdout(predicates::str::contains("alice"));
        let other = payload_file(&dir, b"{\"sub\":\"mallory\",\"exp\":99999999999}");
        jwtctl()
            .args(["verify", "--key", HMAC, "--payload", &other, &token])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("bad_signature"));
        std::fs::write(&file, b"{\"sub\":\"alice\",\"exp\":99999999999}").unwrap();
        let without = jwtctl()
            .args(["verify", "--key", HMAC, &token])
            .assert()
            .code(3);
        assert!(
            String::from_utf8_lossy(&without.get_output().stderr).contains("--payload"),
            "{form}"
        );
    }
    // --payload with a JWS that carries its payload.
    let attached = sign(&["--key", HMAC, "--exp", "1h"]);
    jwtctl()
        .args(["verify", "--key", HMAC, "--payload", &file, &attached])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("carries its own payload"));
}

#[test]
fn unencoded_payloads_follow_rfc_7797() {
    let dir = tempfile::tempdir().unwrap();
    let file = payload_file(&dir, b"$.02");
    // Compact: only detached, since the payload holds a '.'.
    jwtctl()
        .args(["sign", "--key", HMAC, "--payload", &file, "--unencoded"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("RFC 7797"))
        .stderr(predicates::str::contains("--detached"));
    let token = sign(&[
        "--key",
        HMAC,
        "--payload",
        &file,
        "--unencoded",
        "--detached",
    ]);
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["b64"], false);
    assert_eq!(header["crit"], json!(["b64"]));
    jwtctl()
        .args([
            "verify",
            "--signature-only",
            "--key",
            HMAC,
            "--payload",
            &file,
            &token,
        ])
        .assert()
        .success()
        .stdout("$.02\n");
    // JSON: the payload is carried as it is.
    let json = sign(&[
        "--key",
        HMAC,
        "--payload",
        &file,
        "--unencoded",
        "--serialization",
        "flattened",
    ]);
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["payload"], "$.02");
    jwtctl()
        .args(["verify", "--signature-only", "--key", HMAC, &json])
        .assert()
        .success()
        .stdout("$.02\n");
    // Compact without a '.': carried in the token.
    let plain = payload_file(&dir, b"hello world");
    let token = sign(&["--key", HMAC, "--payload", &plain, "--unencoded"]);
    assert!(token.contains(".hello world."), "{token}");
    jwtctl()
        .args(["verify", "--signature-only", "--key", HMAC, &token])
        .assert()
        .success()
        .stdout("hello world\n");
    // b64 without crit, and crit with b64 and something else, are refused.
    let no_crit = format!("{}..{}", b64(br#"{"alg":"HS256","b64":false}"#), "AAAA");
    jwtctl()
        .args([
            "verify",
            "--signature-only",
            "--key",
            HMAC,
            "--payload",
            &file,
            &no_crit,
        ])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("not listed in crit"));
    let extra = format!(
        "{}..{}",
        b64(br#"{"alg":"HS256","b64":false,"crit":["b64","exp"],"exp":1}"#),
        "AAAA"
    );
    jwtctl()
        .args([
            "verify",
            "--signature-only",
            "--key",
            HMAC,
            "--payload",
            &file,
            &extra,
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("crit_unsupported"));
}

#[test]
fn arbitrary_payloads_reach_a_pipe_exactly() {
    let bytes = std::fs::read(fixture("../inputs/not-utf8.txt")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    let token = sign(&[
        "--key",
        ED,
        "--payload",
        "tests/fixtures/inputs/not-utf8.txt",
    ]);
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    // Not a JWT: no typ.
    assert_eq!(header, json!({"alg": "EdDSA"}));
    let out = jwtctl()
        .args(["verify", "--signature-only", "--key", ED_PUB, &token])
        .assert()
        .success();
    assert_eq!(out.get_output().stdout, bytes);
    let out = jwtctl()
        .args([
            "verify",
            "--signature-only",
            "--json",
            "--key",
            ED_PUB,
            &token,
        ])
        .assert()
        .success();
    let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(env["payload"], b64(&bytes));
    // The payload from standard input.
    let out = jwtctl()
        .args(["sign", "--key", ED, "--payload", "-"])
        .write_stdin(bytes.clone())
        .assert()
        .success();
    assert_eq!(stdout_of(&out).trim_end(), token);
}

#[test]
fn decode_shows_every_signature_of_a_json_jws() {
    let token = sign(&[
        "--key",
        ED,
        "--key",
        HMAC,
        "--serialization",
        "general",
        "--exp",
        "1h",
    ]);
    let out = jwtctl()
        .args(["decode", "--json", &token])
        .assert()
        .success();
    let doc: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(doc["serialization"], "general");
    assert_eq!(doc["signatures"][0]["header"]["alg"], "EdDSA");
    assert_eq!(doc["signatures"][1]["header"]["alg"], "HS256");
    assert!(doc["payload"]["exp"].is_number());
    let out = jwtctl().args(["decode", &token]).assert().success();
    let shown = stdout_of(&out);
    assert!(
        shown.contains("Signature 0") && shown.contains("Signature 1"),
        "{shown}"
    );
    assert!(
        shown.contains("general JSON serialization, 2 signatures"),
        "{shown}"
    );
}

const ENC_EC: &str = "tests/fixtures/jwk/enc-p256.jwk";
const RSA_PUB: &str = "tests/fixtures/keys/rsa.spki.pem";

fn encrypt(args: &[&str]) -> String {
    let out = jwtctl().arg("encrypt").args(args).assert().success();
    stdout_of(&out).trim_end().to_string()
}

#[test]
fn general_jwe_for_several_recipients_opens_with_each_key() {
    let dir = tempfile::tempdir().unwrap();
    let aad = payload_file(&dir, b"context: \xff bytes");
    let token = encrypt(&[
        "--key",
        ENC_EC,
        "--key",
        RSA_PUB,
        "--serialization",
        "general",
        "--sub",
        "alice",
        "--exp",
        "1h",
        "-U",
        "note=shared",
        "--aad",
        &aad,
    ]);
    let doc: Value = serde_json::from_str(&token).unwrap();
    let recipients = doc["recipients"].as_array().unwrap();
    assert_eq!(recipients.len(), 2);
    // The EC key cannot use ECDH-ES (direct) when the content key is shared.
    assert_eq!(recipients[0]["header"]["alg"], "ECDH-ES+A256KW");
    assert_eq!(recipients[0]["header"]["kid"], "enc-1");
    assert_eq!(recipients[1]["header"]["alg"], "RSA-OAEP-256");
    assert_eq!(doc["unprotected"], json!({"note": "shared"}));
    let protected: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(doc["protected"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(protected, json!({"enc": "A256GCM"}));
    for (key, index) in [(ENC_EC, 0), (RSA, 1)] {
        let out = jwtctl()
            .args(["decrypt", "--json", "--key", key, &token])
            .assert()
            .success()
            .stderr("");
        let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        assert_eq!(env["serialization"], "general");
        assert_eq!(env["recipient"]["index"], index);
        assert_eq!(env["aad_base64url"], b64(b"context: \xff bytes"));
        assert_eq!(env["header"]["note"], "shared");
        assert_eq!(env["plaintext"]["sub"], "alice");
        jwtctl()
            .args(["decrypt", "--key", key, &token])
            .assert()
            .success()
            .stderr(predicates::str::contains(format!(
                "decrypted for recipient {index}"
            )));
    }
    // The allow-lists hold for every recipient: --enc A128GCM refuses this JWE.
    jwtctl()
        .args(["decrypt", "--key", ENC_EC, "--enc", "A128GCM", &token])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("alg_not_allowed"));
    // A key that is no recipient's: the one decryption error.
    jwtctl()
        .args([
            "decrypt",
            "--key",
            "tests/fixtures/keys/ec-p256.pkcs8.pem",
            &token,
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("decryption_failed"));
    // The aad is authenticated: changing it breaks the tag.
    let mut tampered = doc.clone();
    tampered["aad"] = json!(b64(b"other context"));
    jwtctl()
        .args(["decrypt", "--key", ENC_EC, &tampered.to_string()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("decryption_failed"));
    // decode shows each recipient's header.
    let out = jwtctl()
        .args(["decode", "--json", &token])
        .assert()
        .success();
    let shown: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(shown["recipients"][1]["header"]["alg"], "RSA-OAEP-256");
    assert_eq!(shown["encrypted"], true);
}

#[test]
fn flattened_jwe_and_what_encrypt_refuses() {
    let secret = "b64:AAECAwQFBgcICQoLDA0ODw";
    let token = encrypt(&[
        "--secret",
        secret,
        "--serialization",
        "flattened",
        "--payload",
        "tests/fixtures/payloads/webhook.txt",
    ]);
    let doc: Value = serde_json::from_str(&token).unwrap();
    assert!(
        doc.get("recipients").is_none() && doc.get("encrypted_key").is_some(),
        "{doc}"
    );
    jwtctl()
        .args(["decrypt", "--secret", secret, &token])
        .assert()
        .success()
        .stdout("a webhook body\n");
    // dir is one recipient's only.
    jwtctl()
        .args([
            "encrypt",
            "--secret",
            secret,
            "--alg",
            "dir",
            "--enc",
            "A128GCM",
            "--serialization",
            "general",
            "--exp",
            "1h",
        ])
        .assert()
        .success();
    for (args, code, expected) in [
        (
            vec!["--key", ENC_EC, "--key", RSA_PUB],
            2,
            "several --key need --serialization general",
        ),
        (
            vec!["--key", ENC_EC, "-U", "x=1"],
            2,
            "compact serialization has no unprotected header",
        ),
        (
            vec![
                "--key",
                ENC_EC,
                "--serialization",
                "general",
                "-U",
                "enc=A128GCM",
            ],
            2,
            "set by jwtctl",
        ),
        (
            vec![
                "--key",
                ENC_EC,
                "--key",
                RSA_PUB,
                "--alg",
                "ECDH-ES",
                "--serialization",
                "general",
            ],
            2,
            "cannot be one of several recipients",
        ),
        (
            vec![
                "--key",
                ENC_EC,
                "--key",
                RSA_PUB,
                "--kid",
                "x",
                "--serialization",
                "general",
            ],
            2,
            "names one key",
        ),
    ] {
        jwtctl()
            .arg("encrypt")
            .args(&args)
            .args(["--exp", "1h"])
            .assert()
            .code(code)
            .stderr(predicates::str::contains(expected));
    }
    jwtctl()
        .args(["decrypt", "--key", ENC_EC, "--key", RSA, &token])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("decrypt takes one"));
}

#[test]
fn hostile_json_jwes_are_refused_with_one_line() {
    let p = b64(br#"{"enc":"A128GCM"}"#);
    let tail = r#""iv":"AAAAAAAAAAAAAAAA","ciphertext":"AAAA","tag":"AAAAAAAAAAAAAAAAAAAAAA""#;
    let many: Vec<&str> = vec![r#"{"header":{"alg":"A128KW"},"encrypted_key":"AAAA"}"#; 65];
    let cases = [
        (
            format!(r#"{{"protected":"{p}","recipients":[],{tail}}}"#),
            3,
            "recipients is empty",
        ),
        (
            format!(
                r#"{{"protected":"{p}","recipients":[{}],{tail}}}"#,
                many.join(",")
            ),
            3,
            "over the limit of 64",
        ),
        (
            format!(r#"{{"protected":"{p}","header":{{"alg":"A128KW","enc":"A256GCM"}},{tail}}}"#),
            3,
            "in both the protected and the unprotected header",
        ),
        (
            format!(
                r#"{{"protected":"{p}","unprotected":{{"zip":"DEF"}},"header":{{"alg":"A128KW"}},{tail}}}"#
            ),
            3,
            "zip must be in the protected header",
        ),
        (
            format!(
                r#"{{"protected":"{}","header":{{"alg":"A128KW"}},{tail}}}"#,
                b64(br#"{"enc":"A128GCM","crit":["x"],"x":1}"#)
            ),
            1,
            "crit_unsupported",
        ),
        (
            format!(r#"{{"protected":"{p}","header":{{"alg":"RSA1_5"}},{tail}}}"#),
            1,
            "--allow-rsa1-5",
        ),
        (
            format!(
                r#"{{"protected":"{p}","protected":"{p}","header":{{"alg":"A128KW"}},{tail}}}"#
            ),
            3,
            "duplicate",
        ),
    ];
    for (text, code, expected) in cases {
        let out = jwtctl()
            .args(["decrypt", "--secret", "b64:AAECAwQFBgcICQoLDA0ODw", &text])
            .assert()
            .code(code);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(expected), "{text}: {stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{stderr}"
        );
    }
}

/// An unencoded payload (RFC 7797) in compact form may hold line breaks: such a token verifies
/// (the message for two pasted tokens, which also hold one, once refused it; found by fuzzing).
#[test]
fn an_unencoded_compact_payload_may_hold_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let payload = payload_file(&dir, b"line1\r\nline2");
    let secret = format!("@{}", fixture("hmac.secret").display());
    let token = sign(&["--secret", &secret, "--unencoded", "--payload", &payload]);
    assert!(token.contains("line1\r\nline2"), "{token:?}");
    let out = jwtctl()
        .args(["verify", "--secret", &secret, "--signature-only", &token])
        .assert()
        .success();
    assert_eq!(stdout_of(&out), "line1\r\nline2\n");
}
