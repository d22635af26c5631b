//! `jwtctl encrypt` / `decrypt`: the RFC 7516 appendix A and RFC 7520 section 5 examples (from
//! ../shared/vectors when present), round trips for every alg and enc, and hostile tokens.

use crate::common;

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use common::{erlang_value, jwtctl, stdout_of, vectors};

const DECRYPTION_FAILED: &str =
    "error: decryption_failed: cannot decrypt: wrong key, or the token was altered\n";

/// `{"name", <<84,104,...>>}.`: a binary written as byte values.
fn erlang_bytes(config: &str, name: &str) -> Option<String> {
    let start = config.find(&format!("{{\"{name}\", <<"))? + name.len() + 7;
    let end = config[start..].find(">>}")? + start;
    let bytes: Vec<u8> = config[start..end]
        .split(',')
        .map(|n| n.trim().parse().ok())
        .collect::<Option<_>>()?;
    String::from_utf8(bytes).ok()
}

#[test]
fn rfc7516_appendix_a_examples_decrypt() {
    let Some(dir) = vectors("the JWE examples").map(|d| d.join("jose-sources")) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    for (n, extra) in [("1", None), ("2", Some("--allow-rsa1-5")), ("3", None)] {
        let config = std::fs::read_to_string(
            dir.join(format!("erlang-jose/jose_SUITE_data/jwe/a.{n}.config")),
        )
        .unwrap();
        let token = erlang_value(&config, &format!("a.{n}.7.jwe+compact")).expect("compact form");
        let jwk = erlang_value(&config, &format!("a.{n}.3.jwk+json")).expect("key");
        let plaintext = erlang_bytes(&config, &format!("a.{n}.txt")).expect("plaintext");
        let key = work.path().join(format!("a{n}.jwk"));
        std::fs::write(&key, jwk).unwrap();
        let mut cmd = jwtctl();
        cmd.args(["decrypt", "--key", key.to_str().unwrap()]);
        if let Some(flag) = extra {
            cmd.arg(flag);
            // Without the flag, RSA1_5 is not allowed.
            jwtctl()
                .args(["decrypt", "--key", key.to_str().unwrap(), &token])
                .assert()
                .code(1)
                .stderr(predicates::str::contains("alg_not_allowed"));
        }
        cmd.arg(&token)
            .assert()
            .success()
            .stdout(format!("{plaintext}\n"));
    }
}

#[test]
fn rfc7520_section5_examples_decrypt() {
    let Some(dir) = vectors("the JWE examples").map(|d| d.join("jose-sources")) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let mut decrypted = 0;
    let mut files: Vec<_> = std::fs::read_dir(dir.join("ietf-jose-cookbook/jwe"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(token) = case["output"]["compact"].as_str() else {
            continue;
        };
        let input = &case["input"];
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut args: Vec<String> = vec!["decrypt".into()];
        if let Some(pwd) = input["pwd"].as_str() {
            args.extend(["--password".into(), pwd.into()]);
        } else {
            let key = work.path().join(format!("{name}.jwk"));
            std::fs::write(&key, input["key"].to_string()).unwrap();
            args.extend(["--key".into(), key.to_str().unwrap().into()]);
        }
        let alg = input["alg"].as_str().unwrap_or("");
        if alg == "RSA1_5" {
            args.push("--allow-rsa1-5".into());
        }
        if input.get("zip").is_some() {
            args.push("--allow-zip".into());
        }
        args.push(token.into());
        let out = jwtctl().args(&args).assert();
        let plaintext = input["plaintext"].as_str().unwrap();
        out.success().stdout(format!("{plaintext}\n"));
        decrypted += 1;
    }
    // Every compact example of §5: 5.1 to 5.9 (5.10 to 5.13 need JSON serialization), the
    // AES-GCM key wrap of 5.7 included.
    assert_eq!(decrypted, 9, "only {decrypted} RFC 7520 examples decrypted");
}

/// Keys for every recipient kind: (encrypt args, decrypt args, algorithms).
fn recipients(dir: &Path) -> Vec<(Vec<String>, Vec<String>, Vec<&'static str>)> {
    let k = |name: &str| format!("tests/fixtures/keys/{name}");
    let secret16 = dir.join("k16.jwk");
    std::fs::write(
        &secret16,
        json!({"kty": "oct", "k": URL_SAFE_NO_PAD.encode([7u8; 16])}).to_string(),
    )
    .unwrap();
    let secret32 = dir.join("k32.jwk");
    std::fs::write(
        &secret32,
        json!({"kty": "oct", "k": URL_SAFE_NO_PAD.encode([9u8; 32])}).to_string(),
    )
    .unwrap();
    let secret24 = dir.join("k24.jwk");
    std::fs::write(
        &secret24,
        json!({"kty": "oct", "k": URL_SAFE_NO_PAD.encode([8u8; 24])}).to_string(),
    )
    .unwrap();
    let s16 = secret16.to_str().unwrap().to_string();
    let s24 = secret24.to_str().unwrap().to_string();
    let s32 = secret32.to_str().unwrap().to_string();
    vec![
        (
            vec!["--key".into(), k("rsa.spki.pem")],
            vec!["--key".into(), k("rsa.pkcs8.pem")],
            vec!["RSA-OAEP", "RSA-OAEP-256"],
        ),
        (
            vec!["--key".into(), k("ec-p256.spki.pem")],
            vec!["--key".into(), k("ec-p256.sec1.pem")],
            vec![
                "ECDH-ES",
                "ECDH-ES+A128KW",
                "ECDH-ES+A192KW",
                "ECDH-ES+A256KW",
            ],
        ),
        (
            vec!["--key".into(), k("x25519.spki.pem")],
            vec!["--key".into(), k("x25519.pkcs8.pem")],
            vec![
                "ECDH-ES",
                "ECDH-ES+A128KW",
                "ECDH-ES+A192KW",
                "ECDH-ES+A256KW",
            ],
        ),
        (
            vec!["--key".into(), k("ec-p384.spki.pem")],
            vec!["--key".into(), k("ec-p384.pkcs8.pem")],
            vec!["ECDH-ES", "ECDH-ES+A256KW"],
        ),
        (
            vec!["--key".into(), k("ec-p521.spki.pem")],
            vec!["--key".into(), k("ec-p521.pkcs8.pem")],
            vec!["ECDH-ES+A128KW"],
        ),
        (
            vec!["--key".into(), s16.clone()],
            vec!["--key".into(), s16],
            vec!["A128KW", "A128GCMKW", "dir"],
        ),
        (
            vec!["--key".into(), s24.clone()],
            vec!["--key".into(), s24],
            vec!["A192KW", "A192GCMKW", "dir"],
        ),
        (
            vec!["--key".into(), s32.clone()],
            vec!["--key".into(), s32],
            vec!["A256KW", "A256GCMKW", "dir"],
        ),
        (
            vec!["--password".into(), "correct horse".into()],
            vec!["--password".into(), "correct horse".into()],
            vec![
                "PBES2-HS256+A128KW",
                "PBES2-HS384+A192KW",
                "PBES2-HS512+A256KW",
            ],
        ),
    ]
}

#[test]
fn every_alg_and_enc_round_trips_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    for (enc_args, dec_args, algs) in recipients(dir.path()) {
        for alg in algs {
            for (enc, enc_key_len) in [
                ("A128GCM", 16),
                ("A192GCM", 24),
                ("A256GCM", 32),
                ("A128CBC-HS256", 32),
                ("A192CBC-HS384", 48),
                ("A256CBC-HS512", 64),
            ] {
                // dir uses the secret itself as the CEK: only the encs of its length.
                let secret_len = ["k16", "k24", "k32"]
                    .iter()
                    .zip([16, 24, 32])
                    .find(|(name, _)| enc_args[1].contains(*name))
                    .map(|(_, len)| len);
                if alg == "dir" && secret_len != Some(enc_key_len) {
                    continue;
                }
                let out = jwtctl()
                    .arg("encrypt")
                    .args(&enc_args)
                    .args(["--alg", alg, "--enc", enc, "--sub", "alice", "--exp", "1h"])
                    .assert()
                    .success();
                let token = stdout_of(&out).trim().to_string();
                assert_eq!(token.split('.').count(), 5);
                let out = jwtctl()
                    .arg("decrypt")
                    .args(&dec_args)
                    .args(["--json", &token])
                    .assert()
                    .success();
                let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
                assert_eq!(env["header"]["alg"], alg);
                assert_eq!(env["header"]["enc"], enc);
                assert_eq!(env["plaintext"]["sub"], "alice", "{alg} {enc}");
            }
        }
    }
}

#[test]
fn nested_jwt_is_verified_with_verify_key() {
    let dir = tempfile::tempdir().unwrap();
    let signed = stdout_of(
        &jwtctl()
            .args([
                "sign",
                "--key",
                "tests/fixtures/keys/ed25519.pkcs8.pem",
                "--sub",
                "nested",
                "--exp",
                "1h",
            ])
            .assert()
            .success(),
    );
    let file = dir.path().join("signed.jwt");
    std::fs::write(&file, &signed).unwrap();
    let out = jwtctl()
        .args([
            "encrypt",
            "--key",
            "tests/fixtures/keys/rsa.spki.pem",
            "--payload",
            file.to_str().unwrap(),
        ])
        .assert()
        .success();
    let token = stdout_of(&out).trim().to_string();
    let header = stdout_of(
        &jwtctl()
            .args(["decode", "--header", &token])
            .assert()
            .success(),
    );
    assert_eq!(
        header,
        "{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"cty\":\"JWT\"}\n"
    );
    jwtctl()
        .args([
            "decrypt",
            "--key",
            "tests/fixtures/keys/rsa.pkcs8.pem",
            "--verify-key",
            "tests/fixtures/keys/ed25519.spki.pem",
            &token,
        ])
        .assert()
        .success()
        .stdout(format!(
            "{{\"sub\":\"nested\",\"exp\":{},\"iat\":1767225600}}\n",
            1767225600 + 3600
        ));
    // The wrong verification key: the nested signature is rejected.
    jwtctl()
        .args([
            "decrypt",
            "--key",
            "tests/fixtures/keys/rsa.pkcs8.pem",
            "--verify-key",
            "tests/fixtures/keys/ec-p256.spki.pem",
            &token,
        ])
        .assert()
        .code(1);
    // Without --verify-key the inner token is printed, with a warning.
    jwtctl()
        .args([
            "decrypt",
            "--key",
            "tests/fixtures/keys/rsa.pkcs8.pem",
            &token,
        ])
        .assert()
        .success()
        .stdout(signed)
        .stderr(predicates::str::contains("not verified"));
}

fn encrypt(args: &[&str]) -> String {
    let out = jwtctl()
        .arg("encrypt")
        .args(args)
        .args(["--sub", "x", "--exp", "1h"])
        .assert()
        .success();
    stdout_of(&out).trim().to_string()
}

fn tamper(token: &str, segment: usize, f: impl Fn(&mut Vec<u8>)) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let mut bytes = URL_SAFE_NO_PAD.decode(&parts[segment]).unwrap();
    f(&mut bytes);
    parts[segment] = URL_SAFE_NO_PAD.encode(bytes);
    parts.join(".")
}

#[test]
fn hostile_tokens_are_rejected_alike() {
    let rsa = ["--key", "tests/fixtures/keys/rsa.pkcs8.pem"];
    let token = encrypt(&[
        "--key",
        "tests/fixtures/keys/rsa.spki.pem",
        "--enc",
        "A128CBC-HS256",
    ]);
    let other_rsa = {
        let dir = tempfile::tempdir().unwrap();
        let name = dir.path().join("other");
        jwtctl()
            .args(["keygen", "--alg", "RS256", "--out", name.to_str().unwrap()])
            .assert()
            .success();
        let pem = std::fs::read_to_string(format!("{}.pem", name.display())).unwrap();
        (dir, pem)
    };
    let other_path = other_rsa.0.path().join("other.pem");
    std::fs::write(&other_path, &other_rsa.1).unwrap();
    // A wrong key, a wrong wrapped key, and altered IV, ciphertext and tag: one error, one message.
    let cases = [
        (
            token.clone(),
            vec![
                "--key".to_string(),
                other_path.to_str().unwrap().to_string(),
            ],
        ),
        (
            tamper(&token, 1, |b| b[0] ^= 1),
            rsa.iter().map(|s| s.to_string()).collect(),
        ),
        (
            tamper(&token, 2, |b| b[0] ^= 1),
            rsa.iter().map(|s| s.to_string()).collect(),
        ),
        (
            tamper(&token, 3, |b| b[0] ^= 1),
            rsa.iter().map(|s| s.to_string()).collect(),
        ),
        (
            tamper(&token, 4, |b| b[0] ^= 1),
            rsa.iter().map(|s| s.to_string()).collect(),
        ),
    ];
    for (t, key) in &cases {
        jwtctl()
            .arg("decrypt")
            .args(key)
            .arg(t)
            .assert()
            .code(1)
            .stdout("")
            .stderr(DECRYPTION_FAILED);
    }
    // An altered protected header changes the AAD: same failure.
    let mut parts: Vec<&str> = token.split('.').collect();
    let altered =
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RSA-OAEP-256","enc":"A128CBC-HS256","kid":"x"}"#);
    parts[0] = &altered;
    jwtctl()
        .arg("decrypt")
        .args(rsa)
        .arg(parts.join("."))
        .assert()
        .code(1)
        .stderr(DECRYPTION_FAILED);
    // Truncated: 4 segments, an empty tag.
    let four: Vec<&str> = token.split('.').take(4).collect();
    jwtctl()
        .arg("decrypt")
        .args(rsa)
        .arg(four.join("."))
        .assert()
        .code(3);
    let no_tag = format!("{}.", token.rsplit_once('.').unwrap().0);
    jwtctl()
        .arg("decrypt")
        .args(rsa)
        .arg(no_tag)
        .assert()
        .code(1)
        .stderr(DECRYPTION_FAILED);
    // An algorithm the user did not allow, and crit.
    let out = jwtctl()
        .arg("decrypt")
        .args(rsa)
        .args(["--alg", "RSA-OAEP", "--json", &token])
        .assert()
        .code(1);
    assert!(stdout_of(&out).contains("\"alg_not_allowed\""));
    jwtctl()
        .arg("decrypt")
        .args(rsa)
        .args(["--enc", "A256GCM", &token])
        .assert()
        .code(1);
}

fn forge_header(header: Value, rest: &str) -> String {
    format!("{}.{rest}", URL_SAFE_NO_PAD.encode(header.to_string()))
}

#[test]
fn huge_p2c_zip_bombs_and_invalid_curve_points_are_refused() {
    // PBES2 with an iteration count that would burn minutes of CPU: refused before deriving.
    let token = encrypt(&["--password", "pw"]);
    let rest = token.split_once('.').unwrap().1;
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    let mut big = header.clone();
    big["p2c"] = json!(2_000_000_000u64);
    let start = std::time::Instant::now();
    let out = jwtctl()
        .args([
            "decrypt",
            "--password",
            "pw",
            "--json",
            &forge_header(big, rest),
        ])
        .assert()
        .code(3);
    assert!(stdout_of(&out).contains("\"limit_exceeded\""));
    assert!(start.elapsed() < std::time::Duration::from_secs(30));

    // A compressed payload: refused without --allow-zip; a bomb is refused with it.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.jwk");
    std::fs::write(
        &key,
        json!({"kty": "oct", "k": URL_SAFE_NO_PAD.encode([5u8; 16])}).to_string(),
    )
    .unwrap();
    let key_s = key.to_str().unwrap();
    let zipped = zip_token(&[5u8; 16], &vec![b'a'; 10 * 1024 * 1024]);
    let out = jwtctl()
        .args(["decrypt", "--key", key_s, "--json", &zipped])
        .assert()
        .code(1);
    assert!(stdout_of(&out).contains("\"zip_not_allowed\""));
    let out = jwtctl()
        .args(["decrypt", "--key", key_s, "--allow-zip", "--json", &zipped])
        .assert()
        .code(3);
    assert!(stdout_of(&out).contains("\"limit_exceeded\""));
    let small = zip_token(&[5u8; 16], b"{\"sub\":\"zipped\"}");
    jwtctl()
        .args(["decrypt", "--key", key_s, "--allow-zip", &small])
        .assert()
        .success()
        .stdout("{\"sub\":\"zipped\"}\n");

    // ECDH-ES with an epk that is not on the curve (the invalid-curve attack): refused.
    let token = encrypt(&[
        "--key",
        "tests/fixtures/keys/ec-p256.spki.pem",
        "--alg",
        "ECDH-ES",
    ]);
    let rest = token.split_once('.').unwrap().1;
    let mut header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    header["epk"]["y"] = json!(URL_SAFE_NO_PAD.encode([1u8; 32]));
    let out = jwtctl()
        .args([
            "decrypt",
            "--key",
            "tests/fixtures/keys/ec-p256.sec1.pem",
            "--json",
            &forge_header(header.clone(), rest),
        ])
        .assert()
        .code(3);
    assert!(
        stdout_of(&out).contains("\"malformed\""),
        "{}",
        stdout_of(&out)
    );
    // A point on another curve.
    let p384 = stdout_of(
        &jwtctl()
            .args([
                "jwks",
                "convert",
                "tests/fixtures/keys/ec-p384.spki.pem",
                "--to",
                "jwk",
            ])
            .assert()
            .success(),
    );
    let mut epk: Value = serde_json::from_str(&p384).unwrap();
    epk.as_object_mut().unwrap().remove("kid");
    header["epk"] = epk;
    jwtctl()
        .args([
            "decrypt",
            "--key",
            "tests/fixtures/keys/ec-p256.sec1.pem",
            &forge_header(header, rest),
        ])
        .assert()
        .code(3);
}

/// A JWE (dir, A128GCM, zip DEF) built here, independently of jwtctl's encrypt.
fn zip_token(key: &[u8; 16], plaintext: &[u8]) -> String {
    use aws_lc_rs::aead;
    use std::io::Write;
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    deflate.write_all(plaintext).unwrap();
    let mut compressed = deflate.finish().unwrap();
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#);
    let iv = [3u8; 12];
    let sealing = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_128_GCM, key).unwrap());
    let tag = sealing
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(iv),
            aead::Aad::from(header.as_bytes()),
            &mut compressed,
        )
        .unwrap();
    format!(
        "{header}..{}.{}.{}",
        URL_SAFE_NO_PAD.encode(iv),
        URL_SAFE_NO_PAD.encode(&compressed),
        URL_SAFE_NO_PAD.encode(tag.as_ref())
    )
}

#[test]
fn encryption_refusals() {
    // RSA1_5 is never used to encrypt.
    jwtctl()
        .args([
            "encrypt",
            "--key",
            "tests/fixtures/keys/rsa.spki.pem",
            "--alg",
            "RSA1_5",
            "--sub",
            "x",
        ])
        .assert()
        .code(2);
    // Keys that cannot encrypt.
    jwtctl()
        .args([
            "encrypt",
            "--key",
            "tests/fixtures/keys/ed25519.spki.pem",
            "--sub",
            "x",
        ])
        .assert()
        .code(4);
    jwtctl()
        .args([
            "encrypt",
            "--key",
            "tests/fixtures/keys/rsa.spki.pem",
            "--alg",
            "A128KW",
            "--sub",
            "x",
        ])
        .assert()
        .code(4);
    jwtctl()
        .args(["encrypt", "--secret", "short", "--alg", "dir", "--sub", "x"])
        .assert()
        .code(4);
}

#[test]
fn rsa1_5_without_its_opt_in_names_the_flag() {
    // Refused before any key is used, so dummy segments after the header are enough.
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RSA1_5","enc":"A128CBC-HS256"}"#);
    let token = format!("{header}.AAAA.AAAA.AAAA.AAAA");
    for extra in [&["--alg", "RSA1_5"][..], &[][..]] {
        let out = jwtctl()
            .args([
                "decrypt",
                "--json",
                "--key",
                "tests/fixtures/keys/rsa.pkcs8.pem",
            ])
            .args(extra)
            .arg(&token)
            .assert()
            .code(1);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.starts_with("error: alg_not_allowed: ") && stderr.contains("--allow-rsa1-5"),
            "{extra:?}: {stderr}"
        );
        // Never "not allowed (allowed: RSA1_5)", which contradicts itself.
        assert!(!stderr.contains("allowed: RSA1_5"), "{extra:?}: {stderr}");
        assert!(stdout_of(&out).contains("\"alg_not_allowed\""));
    }
}
