//! Public conformance data from `../shared/vectors` (never copied into this repository): the
//! RFC 7515 Appendix A examples and Project Wycheproof's JWS tests. Each test skips with a
//! message when the folder is absent.

use crate::common;

use serde_json::Value;

use common::{erlang_value, hex, jwtctl, stdout_of, vectors};

#[test]
fn rfc7515_appendix_a_tokens_verify_with_the_rfc_keys() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let data = dir.join("jose-sources/erlang-jose/jose_SUITE_data/jws");
    let work = tempfile::tempdir().unwrap();
    for (n, alg) in [
        ("1", "HS256"),
        ("2", "RS256"),
        ("3", "ES256"),
        ("4", "ES512"),
    ] {
        let config = std::fs::read_to_string(data.join(format!("a.{n}.config"))).unwrap();
        let token = erlang_value(&config, &format!("a.{n}.1.compact"))
            .unwrap_or_else(|| panic!("a.{n}.1.compact missing"));
        let payload = erlang_value(&config, &format!("a.{n}.1.payload")).unwrap();
        let jwk = data.join(format!("a.{n}.1.jwk+json"));
        let key = work.path().join(format!("a{n}.jwk"));
        std::fs::copy(&jwk, &key).unwrap();
        let key = key.to_str().unwrap();
        let out = jwtctl()
            .args(["decode", "--payload", &token])
            .assert()
            .success();
        let shown = stdout_of(&out);
        let rfc_text = payload.replace("\\r\\n", "\r\n");
        match serde_json::from_str::<Value>(&rfc_text) {
            Ok(rfc) => {
                // decode shows the RFC's claims.
                let decoded: Value = serde_json::from_str(&shown).unwrap();
                assert_eq!(decoded, rfc, "A.{n}");
                // verify accepts the token before its exp (2011-03-22T18:43:00Z), and only then.
                jwtctl()
                    .args([
                        "verify",
                        "--now",
                        "1300819000",
                        "--key",
                        key,
                        "--alg",
                        alg,
                        &token,
                    ])
                    .assert()
                    .success();
                let out = jwtctl()
                    .args(["verify", "--json", "--key", key, &token])
                    .assert()
                    .code(1);
                let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
                assert_eq!(env["error"]["code"], "expired", "A.{n}");
            }
            Err(_) => {
                // A.4 signs the text "Payload": a JWS that is not a JWT.
                assert_eq!(shown, format!("{rfc_text}\n"), "A.{n}");
                jwtctl()
                    .args([
                        "verify",
                        "--signature-only",
                        "--key",
                        key,
                        "--alg",
                        alg,
                        &token,
                    ])
                    .assert()
                    .success()
                    .stdout(format!("{rfc_text}\n"));
                jwtctl()
                    .args(["verify", "--key", key, &token])
                    .assert()
                    .code(3);
            }
        }
    }
}

#[test]
fn wycheproof_jws_tests() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let path = dir.join("wycheproof/testvectors_v1/json_web_signature_test.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut checked, mut valid_ok, mut invalid_ok, mut stricter) = (0, 0, 0, 0);
    let mut contradictory = 0;
    let mut not_jwa = 0;
    let mut stricter_encoding = 0;
    for (g, group) in suite["testGroups"].as_array().unwrap().iter().enumerate() {
        let key = group.get("public").unwrap_or(&group["private"]);
        // The key is trusted with its own algorithm only: no --alg, so jwtctl's default policy
        // (the JWK's alg, else its family's algorithms) is what is tested.
        let key_alg = match key["alg"].as_str().unwrap_or("") {
            "ES521" => "ES512",
            other => other,
        };
        let key_path = work.path().join(format!("group{g}.jwk"));
        std::fs::write(&key_path, key.to_string()).unwrap();
        let tests = group["tests"].as_array().unwrap();
        // One batch per group: the key is trusted with its own algorithm only.
        let input: String = tests
            .iter()
            .map(|t| t["jws"].as_str().unwrap_or("").replace('\n', " ") + "\n")
            .collect();
        let mut args = vec!["verify", "--batch", "--signature-only", "--key"];
        args.push(key_path.to_str().unwrap());
        let out = jwtctl().args(&args).write_stdin(input).assert();
        let output = out.get_output();
        if output.status.code() == Some(4) && key["alg"] == "ES521" {
            // Wycheproof labels the RFC 7520 P-521 key "alg":"ES521", a name JWA does not have
            // (RFC 7518 §3.1 calls it ES512, and RFC 7520 §3.2 gives the key no alg). jwtctl
            // refuses a key whose alg is no JWA name, as Wycheproof's own JWK tests ask
            // (json_web_key_test.json tcId 19); the RFC wins over this label.
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                stderr.contains("\"ES521\" is not a JWA algorithm name"),
                "{stderr}"
            );
            not_jwa += tests.len();
            continue;
        }
        if output.status.code() == Some(4) {
            // The key itself is refused (e.g. "use":"enc"): fine only if nothing is valid.
            assert!(
                tests.iter().all(|t| t["result"] == "invalid"),
                "group {g}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            checked += tests.len();
            invalid_ok += tests.len();
            continue;
        }
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "group {g} ({}): {}",
            group["comment"],
            String::from_utf8_lossy(&output.stderr)
        );
        let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let by_line: std::collections::HashMap<u64, &Value> = lines
            .iter()
            .map(|l| (l["line"].as_u64().unwrap(), l))
            .collect();
        // Wycheproof 0.3 lists the same jws string as both valid (tcId 357) and invalid
        // (367 "invalidBase64Padding", 370): the padding was lost from its data. Such
        // self-contradicting entries are counted, not judged.
        let valid_in_group: std::collections::HashSet<&str> = tests
            .iter()
            .filter(|t| t["result"] == "valid")
            .filter_map(|t| t["jws"].as_str())
            .collect();
        for (i, test) in tests.iter().enumerate() {
            if test["result"] == "invalid"
                && test["jws"]
                    .as_str()
                    .is_some_and(|j| valid_in_group.contains(j))
            {
                contradictory += 1;
                continue;
            }
            let Some(result) = by_line.get(&(i as u64 + 1)) else {
                // A blank jws line is skipped by --batch; it can only be invalid.
                assert_ne!(test["result"], "valid", "tcId {}", test["tcId"]);
                continue;
            };
            checked += 1;
            match test["result"].as_str().unwrap() {
                "valid"
                    if test["jws"].as_str().is_some_and(|j| {
                        !j.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                    }) =>
                {
                    // Wycheproof 372/373 accept a '?' inserted into a segment (the MAC covers the
                    // bytes as sent). RFC 7515 segments are base64url; jwtctl refuses others.
                    assert_eq!(
                        result["error"]["code"], "malformed",
                        "tcId {}: {result}",
                        test["tcId"]
                    );
                    stricter_encoding += 1;
                }
                "valid" if token_alg(&test["jws"]) != key_alg && !key_alg.is_empty() => {
                    // Wycheproof reuses the RFC 7520 key labelled "alg":"PS256" for a PS384
                    // token. jwtctl holds a JWK to its alg, as jose does: stricter, on purpose.
                    assert_eq!(
                        result["error"]["code"], "alg_not_allowed",
                        "tcId {}: {result}",
                        test["tcId"]
                    );
                    stricter += 1;
                }
                "valid" => {
                    assert_eq!(
                        result["valid"], true,
                        "tcId {} {}: {result}",
                        test["tcId"], test["comment"]
                    );
                    valid_ok += 1;
                }
                "invalid" => {
                    assert_eq!(
                        result["valid"], false,
                        "tcId {} {}: {result}",
                        test["tcId"], test["comment"]
                    );
                    invalid_ok += 1;
                }
                _ => {}
            }
        }
    }
    eprintln!(
        "wycheproof JWS: {checked} tests, {valid_ok} valid accepted, {invalid_ok} invalid rejected, \
         {stricter} valid rejected because the token's alg is not the JWK's alg, \
         {contradictory} self-contradicting entries skipped, {stricter_encoding} valid \
         rejected for characters outside base64url, {not_jwa} under a key labelled with a \
         non-JWA alg (ES521) refused"
    );
    assert!(not_jwa <= 2);
    assert!(stricter_encoding <= 2);
    assert!(contradictory <= 2);
    assert!(stricter <= 2);
    assert!(checked > 350);
}

fn token_alg(jws: &Value) -> String {
    use base64::Engine as _;
    let header = jws.as_str().unwrap_or("").split('.').next().unwrap_or("");
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
        .and_then(|h| h["alg"].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Runs jwtctl with `args`, returning (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = jwtctl().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Project Wycheproof's JWK tests: each group is a key set, each test a token that a verifier
/// holding that set must accept or refuse. Every verdict must be Wycheproof's.
#[test]
fn wycheproof_jwk_tests() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let path = dir.join("wycheproof/testvectors_v1/json_web_key_test.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut valid_ok, mut invalid_ok) = (0, 0);
    for (g, group) in suite["testGroups"].as_array().unwrap().iter().enumerate() {
        let set = group.get("public").unwrap_or(&group["private"]);
        let set_path = work.path().join(format!("group{g}.json"));
        std::fs::write(&set_path, set.to_string()).unwrap();
        for test in group["tests"].as_array().unwrap() {
            let jws = test["jws"].as_str().unwrap();
            let (code, stdout, stderr) = run(&[
                "verify",
                "--signature-only",
                "--jwks",
                set_path.to_str().unwrap(),
                jws,
            ]);
            let what = format!("tcId {} {}: {stderr}", test["tcId"], test["comment"]);
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!(code, 0, "{what}");
                    assert_eq!(stdout, "foo\n", "{what}");
                    valid_ok += 1;
                }
                _ => {
                    // The set or its key is refused (exit 4), or the token is (exit 1): each
                    // with one error line.
                    assert!(matches!(code, 1 | 4), "{what}");
                    let errors: Vec<&str> = stderr
                        .lines()
                        .filter(|l| l.starts_with("error: "))
                        .collect();
                    assert_eq!(errors.len(), 1, "{what}");
                    invalid_ok += 1;
                }
            }
        }
    }
    eprintln!("wycheproof JWK: {valid_ok} valid accepted, {invalid_ok} invalid rejected");
    assert_eq!(valid_ok + invalid_ok, 26);
}

/// Project Wycheproof's JWE tests: every valid token decrypts to its plaintext, with every
/// JWA algorithm it uses (A192*, AES-GCM key wrap included); every invalid token is refused.
/// Its JSON-serialized tokens, which Wycheproof expects a compact-only API to refuse, decrypt
/// as such (RFC 7516 §7.2).
#[test]
fn wycheproof_jwe_tests() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let path = dir.join("wycheproof/testvectors_v1/json_web_encryption_test.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut valid_ok, mut invalid_ok, mut not_offered, mut json_accepted) = (0, 0, 0, 0);
    let offered = [
        "RSA1_5",
        "RSA-OAEP",
        "RSA-OAEP-256",
        "A128KW",
        "A192KW",
        "A256KW",
        "A128GCMKW",
        "A192GCMKW",
        "A256GCMKW",
        "dir",
        "ECDH-ES",
        "ECDH-ES+A128KW",
        "ECDH-ES+A192KW",
        "ECDH-ES+A256KW",
        "A128GCM",
        "A192GCM",
        "A256GCM",
        "A128CBC-HS256",
        "A192CBC-HS384",
        "A256CBC-HS512",
    ];
    for (g, group) in suite["testGroups"].as_array().unwrap().iter().enumerate() {
        let key = &group["private"];
        let key_path = work.path().join(format!("group{g}.jwk"));
        std::fs::write(&key_path, key.to_string()).unwrap();
        for test in group["tests"].as_array().unwrap() {
            let jwe = match &test["jwe"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let mut args = vec!["decrypt", "--json", "--key", key_path.to_str().unwrap()];
            // Every RSA key gets the RSA1_5 opt-in: a key published for RSA-OAEP must still
            // refuse PKCS #1 v1.5 tokens (tcId 110, 111: Pkcs15WithOaepKey).
            if key["kty"] == "RSA" {
                args.push("--allow-rsa1-5");
            }
            let header = token_header(&jwe);
            if header["zip"] == "DEF" {
                args.push("--allow-zip");
            }
            args.push(&jwe);
            let (code, stdout, stderr) = run(&args);
            let what = format!("tcId {} {}: {stderr}", test["tcId"], test["comment"]);
            let uses_offered = ["alg", "enc"]
                .iter()
                .all(|m| header[*m].as_str().is_some_and(|v| offered.contains(&v)));
            let json_serialized = test["flags"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f == "JsonSerialization"));
            if json_serialized {
                // "rejectsValidJsonSerialization": a valid JWE in JSON serialization, which
                // Wycheproof expects a compact-only API to refuse. jwtctl reads every
                // serialization (RFC 7516 §7.2), so it decrypts; the unprotected members are
                // shown as such, never trusted.
                // Wycheproof gives no plaintext for these: decrypting (the tag checks) is it.
                assert_eq!(code, 0, "{what}");
                let out: Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(out["serialization"], "flattened", "{what}");
                assert!(!out["plaintext"].is_null(), "{what}");
                json_accepted += 1;
                continue;
            }
            match test["result"].as_str().unwrap() {
                "valid" if !uses_offered => {
                    assert_eq!(code, 1, "{what}");
                    assert!(stderr.contains("is not allowed"), "{what}");
                    not_offered += 1;
                }
                "valid" => {
                    assert_eq!(code, 0, "{what}");
                    let out: Value = serde_json::from_str(&stdout).unwrap();
                    let expected = hex(test["pt"].as_str().unwrap());
                    let got = match &out["plaintext"] {
                        Value::String(text) => text.as_bytes().to_vec(),
                        other => other.to_string().into_bytes(),
                    };
                    assert_eq!(got, expected, "{what}");
                    valid_ok += 1;
                }
                _ => {
                    assert!(matches!(code, 1 | 3 | 4), "{what}");
                    assert!(stderr.starts_with("error: "), "{what}");
                    invalid_ok += 1;
                }
            }
        }
    }
    eprintln!(
        "wycheproof JWE: {valid_ok} valid decrypted, {invalid_ok} invalid rejected, \
         {not_offered} valid refused as using an algorithm jwtctl does not offer, \
         {json_accepted} JSON-serialized JWE decrypted as such"
    );
    assert_eq!(valid_ok + invalid_ok + not_offered + json_accepted, 139);
    assert_eq!(not_offered, 0);
    assert_eq!(valid_ok, 65);
}

fn token_header(token: &str) -> Value {
    use base64::Engine as _;
    let first = token.split('.').next().unwrap_or("");
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(first)
        .ok()
        .and_then(|h| serde_json::from_slice(&h).ok())
        .unwrap_or(Value::Null)
}

/// Project Wycheproof's mixed JOSE file: JWS and JWE in one, keys given as a JWK or a JWK
/// Set. Every verdict must be Wycheproof's, except its JSON-serialized JWS and JWE, which
/// jwtctl reads (RFC 7515/7516 §7.2) where Wycheproof's compact-only API refuses them.
#[test]
fn wycheproof_jose_crypto_tests() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let path = dir.join("wycheproof/testvectors_v1/json_web_crypto_test.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut valid_ok, mut invalid_ok, mut json_accepted) = (0, 0, 0);
    for (g, group) in suite["testGroups"].as_array().unwrap().iter().enumerate() {
        let key = &group["private"];
        let key_path = work.path().join(format!("group{g}.json"));
        std::fs::write(&key_path, key.to_string()).unwrap();
        let key_path = key_path.to_str().unwrap();
        let key_flag = if key.get("keys").is_some() {
            "--jwks"
        } else {
            "--key"
        };
        for test in group["tests"].as_array().unwrap() {
            let (token, jwe) = match (test.get("jws"), test.get("jwe")) {
                (Some(t), _) => (t, false),
                (_, Some(t)) => (t, true),
                _ => panic!("tcId {}: neither jws nor jwe", test["tcId"]),
            };
            let token = match token {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let args: Vec<&str> = if jwe {
                vec!["decrypt", "--key", key_path, &token]
            } else {
                vec!["verify", "--signature-only", key_flag, key_path, &token]
            };
            let (code, stdout, stderr) = run(&args);
            let what = format!("tcId {} {}: {stderr}", test["tcId"], test["comment"]);
            let json_serialized = test["flags"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f == "JsonSerialization"));
            if json_serialized {
                // "rejectsValidJsonSerialization": a valid JWS or JWE in JSON serialization,
                // which Wycheproof expects a compact-only API to refuse. jwtctl reads every
                // serialization (RFC 7515/7516 §7.2), so it verifies or decrypts; the
                // unprotected members are reported as such, never trusted.
                assert_eq!(code, 0, "{what}");
                assert_eq!(stdout.trim_end(), "foo", "{what}");
                json_accepted += 1;
                continue;
            }
            if test["result"] == "valid" {
                assert_eq!(code, 0, "{what}");
                assert_eq!(stdout.trim_end(), "foo", "{what}");
                valid_ok += 1;
            } else {
                assert!((1..=4).contains(&code), "{what}");
                let errors = stderr.lines().filter(|l| l.starts_with("error: ")).count();
                assert_eq!(errors, 1, "{what}");
                if test["flags"]
                    .as_array()
                    .is_some_and(|f| f.iter().any(|f| f == "JsonSerialization"))
                {
                    assert_eq!(code, 3, "{what}");
                }
                invalid_ok += 1;
            }
        }
    }
    eprintln!(
        "wycheproof JOSE: {valid_ok} valid accepted, {invalid_ok} invalid rejected, \
         {json_accepted} JSON-serialized JWS/JWE read as such"
    );
    assert_eq!(valid_ok + invalid_ok + json_accepted, 83);
}

/// Project Wycheproof's X448 JWK file: X448 is refused by name (no well-kept implementation;
/// see the README), so every key in it must be refused cleanly (one reason each, no crash),
/// never used.
#[test]
fn wycheproof_x448_keys_are_refused_cleanly() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    for file in ["x448_jwk_test.json"] {
        let path = dir.join("wycheproof/testvectors_v1").join(file);
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut keys = Vec::new();
        for group in suite["testGroups"].as_array().unwrap() {
            for test in group["tests"].as_array().unwrap() {
                keys.push(test["public"].clone());
                keys.push(test["private"].clone());
            }
        }
        // In sets of at most 1000 keys (the JWKS limit), each reviewed by `jwks show`; every
        // X25519/X448 key is unusable.
        let mut shown = 0;
        for (i, chunk) in keys.chunks(1000).enumerate() {
            let set_path = work.path().join(format!("{file}.{i}.json"));
            std::fs::write(&set_path, serde_json::json!({ "keys": chunk }).to_string()).unwrap();
            let (code, stdout, stderr) =
                run(&["jwks", "show", "--json", set_path.to_str().unwrap()]);
            assert_eq!(code, 0, "{file}: {stderr}");
            let rows: Vec<Value> = serde_json::from_str(&stdout).unwrap();
            assert_eq!(rows.len(), chunk.len());
            for (row, key) in rows.iter().zip(chunk) {
                if key["crv"].as_str() != Some("X448") {
                    // A few "invalid public key" cases carry a key of another group (a P-256
                    // point): a key in its own right, judged as such.
                    continue;
                }
                let problems = row["problems"].as_array().unwrap();
                assert!(
                    problems
                        .iter()
                        .any(|p| p.as_str().unwrap().starts_with("unusable: ")),
                    "{file}: {row}"
                );
                shown += 1;
            }
            // And verify refuses the set: no key in it can be used.
            let (code, _, stderr) = run(&[
                "verify",
                "--jwks",
                set_path.to_str().unwrap(),
                "eyJhbGciOiJFZERTQSJ9.e30.AAAA",
            ]);
            assert_eq!(code, 4, "{file}: {stderr}");
        }
        eprintln!("wycheproof {file}: {shown} X448 keys refused as unusable");
        assert!(shown > 500, "{file}: {shown}");
    }
}

/// Writes `value` (a JWK) to a file in `dir` and returns its path.
fn key_file(dir: &std::path::Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

/// The token text of a cookbook output: a compact string, or a JSON object written out.
fn token_text(output: &Value) -> String {
    match output {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// RFC 7520 §4 (the JOSE cookbook's JWS examples), every serialization it gives: each one
/// verifies with the example's key(s) and gives back the payload; each deterministic one
/// (RS256, HS256) jwtctl signs byte for byte (compact) or member for member (JSON). §4.7 puts
/// alg in the unprotected header, which jwtctl reads but never writes (alg is always
/// protected), and §4.2/§4.3/§4.8's PS384 and ES512 signatures are randomized: those are
/// verified only.
#[test]
fn rfc7520_jws_examples_in_every_serialization() {
    let Some(dir) = vectors("the JOSE cookbook") else {
        return;
    };
    let data = dir.join("jose-sources/ietf-jose-cookbook/jws");
    let work = tempfile::tempdir().unwrap();
    let (mut verified, mut reproduced) = (0, 0);
    let mut names: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let example: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let title = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = &example["input"];
        let payload = input["payload"].as_str().unwrap();
        let payload_path = work.path().join(format!("{title}.payload"));
        std::fs::write(&payload_path, payload).unwrap();
        let payload_path = payload_path.to_str().unwrap();
        let keys: Vec<&Value> = match &input["key"] {
            Value::Array(list) => list.iter().collect(),
            one => vec![one],
        };
        let algs: Vec<&str> = match &input["alg"] {
            Value::Array(list) => list.iter().map(|a| a.as_str().unwrap()).collect(),
            one => vec![one.as_str().unwrap()],
        };
        let detached = input.get("detached").is_some() || title.starts_with("4_5");
        for (form, output) in example["output"].as_object().unwrap() {
            let token = token_text(output);
            // Every key of the example verifies it (one signature each in §4.8).
            for (i, (key, alg)) in keys.iter().zip(&algs).enumerate() {
                let key_path = key_file(work.path(), &format!("{title}.{i}.jwk"), key);
                let mut args = vec![
                    "verify",
                    "--signature-only",
                    "--key",
                    &key_path,
                    "--alg",
                    alg,
                ];
                if detached {
                    args.extend(["--payload", payload_path]);
                }
                args.push(&token);
                jwtctl()
                    .args(&args)
                    .assert()
                    .success()
                    .stdout(format!("{payload}\n"));
                verified += 1;
            }
            // Deterministic signatures are reproduced.
            let signing = match &example["signing"] {
                Value::Array(list) => list.clone(),
                one => vec![one.clone()],
            };
            let deterministic = algs
                .iter()
                .all(|a| a.starts_with("HS") || a.starts_with("RS"));
            let alg_protected = signing.iter().all(|s| s["protected"]["alg"].is_string());
            if !(deterministic && alg_protected) {
                continue;
            }
            let key_path = key_file(work.path(), &format!("{title}.sign.jwk"), keys[0]);
            let serialization = match form.as_str() {
                "compact" => "compact",
                "json" => "general",
                "json_flat" => "flattened",
                other => panic!("{title}: output {other}"),
            };
            let mut args = vec![
                "sign",
                "--key",
                &key_path,
                "--alg",
                algs[0],
                "--no-typ",
                "--payload",
                payload_path,
                "--serialization",
                serialization,
            ];
            if detached {
                args.push("--detached");
            }
            let unprotected: Vec<String> = signing[0]["unprotected"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
                .collect();
            for u in &unprotected {
                args.extend(["-U", u]);
            }
            let out = jwtctl().args(&args).assert().success();
            let made = stdout_of(&out).trim_end().to_string();
            match output {
                Value::String(s) => assert_eq!(&made, s, "{title} {form}"),
                json => assert_eq!(
                    serde_json::from_str::<Value>(&made).unwrap(),
                    *json,
                    "{title} {form}"
                ),
            }
            reproduced += 1;
        }
    }
    eprintln!("RFC 7520 §4: {verified} verifications, {reproduced} outputs reproduced");
    // 20 outputs (§4.8 verified with each of its 3 keys); §4.1, §4.4, §4.5 in 3 forms and §4.6 in 2.
    assert_eq!((verified, reproduced), (22, 11));
}

/// RFC 7515 Appendix A.6 (general JSON serialization, RS256 and ES256 signatures) and A.7
/// (flattened), with the keys of A.2 and A.3 from the erlang-jose data; the examples' text is
/// the RFC's.
#[test]
fn rfc7515_appendix_a6_a7_json_serializations_verify() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let data = dir.join("jose-sources/erlang-jose/jose_SUITE_data/jws");
    let payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    let rs256 = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
    let es256 =
        "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    let a6 = format!(
        r#"{{"payload":"{payload}","signatures":[{{"protected":"eyJhbGciOiJSUzI1NiJ9","header":{{"kid":"2010-12-29"}},"signature":"{rs256}"}},{{"protected":"eyJhbGciOiJFUzI1NiJ9","header":{{"kid":"e9bc097a-ce51-4036-9562-d2ade882db0d"}},"signature":"{es256}"}}]}}"#
    );
    let a7 = format!(
        r#"{{"payload":"{payload}","protected":"eyJhbGciOiJFUzI1NiJ9","header":{{"kid":"e9bc097a-ce51-4036-9562-d2ade882db0d"}},"signature":"{es256}"}}"#
    );
    let rsa = data.join("a.2.1.jwk+json");
    let ec = data.join("a.3.1.jwk+json");
    for (token, key, index, kid) in [
        (&a6, &rsa, 0, "2010-12-29"),
        (&a6, &ec, 1, "e9bc097a-ce51-4036-9562-d2ade882db0d"),
        (&a7, &ec, 0, "e9bc097a-ce51-4036-9562-d2ade882db0d"),
    ] {
        let out = jwtctl()
            .args(["verify", "--now", "1300819000", "--json", "--key"])
            .arg(key)
            .arg(token)
            .assert()
            .success();
        let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        assert_eq!(env["signature"]["index"], index);
        assert_eq!(env["signature"]["kid"], kid);
        assert_eq!(env["claims"]["iss"], "joe");
        // After its exp, the JWS is expired whichever signature verifies.
        jwtctl()
            .args(["verify", "--key"])
            .arg(key)
            .arg(token)
            .assert()
            .code(1)
            .stderr(predicates::str::contains("expired"));
    }
}

/// RFC 7797 §4: the payload "$.02" signed with HS256 and b64 true (§4.1), and with b64 false
/// (§4.2: detached in compact form, carried in the JSON serialization): jwtctl makes both
/// byte for byte and verifies both. The cookbook's rfc7797 folder holds the draft's headers
/// (b64 without crit), which RFC 7797 §6 forbids: jwtctl refuses those.
#[test]
fn rfc7797_section4_examples() {
    let Some(dir) = vectors("the JOSE cookbook") else {
        return;
    };
    let draft: Value = serde_json::from_str(
        &std::fs::read_to_string(
            dir.join("jose-sources/ietf-jose-cookbook/rfc7797/4.2.hmac-sha2_b64_false.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let key = key_file(work.path(), "7797.jwk", &draft["input"]["key"]);
    let payload = work.path().join("payload");
    std::fs::write(&payload, "$.02").unwrap();
    let payload = payload.to_str().unwrap();
    let rfc_4_1 = "eyJhbGciOiJIUzI1NiJ9.JC4wMg.5mvfOroL-g7HyqJoozehmsaqmvTYGEq5jTI1gVvoEoQ";
    let rfc_4_2 = "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY";
    let rfc_4_2_json = r#"{"payload":"$.02","signatures":[{"protected":"eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19","signature":"A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY"}]}"#;
    let sign = |extra: &[&str]| {
        let out = jwtctl()
            .args(["sign", "--key", &key, "--no-typ", "--payload", payload])
            .args(extra)
            .assert()
            .success();
        stdout_of(&out).trim_end().to_string()
    };
    assert_eq!(sign(&[]), rfc_4_1);
    assert_eq!(sign(&["--unencoded", "--detached"]), rfc_4_2);
    assert_eq!(
        sign(&["--unencoded", "--serialization", "general"]),
        rfc_4_2_json
    );
    for (token, detached) in [(rfc_4_1, false), (rfc_4_2, true), (rfc_4_2_json, false)] {
        let mut args = vec!["verify", "--signature-only", "--key", &key];
        if detached {
            args.extend(["--payload", payload]);
        }
        args.push(token);
        jwtctl().args(&args).assert().success().stdout("$.02\n");
    }
    let draft_json = draft["output"]["json"].to_string();
    jwtctl()
        .args(["verify", "--signature-only", "--key", &key, &draft_json])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("not listed in crit"));
}

/// Decrypts `token` with `key_args`, expecting `plaintext`.
fn decrypts_to(key_args: &[&str], token: &str, plaintext: &str, what: &str) {
    let out = jwtctl()
        .args(["decrypt", "--allow-rsa1-5", "--allow-zip"])
        .args(key_args)
        .arg(token)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{plaintext}\n"),
        "{what}"
    );
}

/// RFC 7520 §5 (the JOSE cookbook's JWE examples), every serialization it gives (compact,
/// flattened and general JSON, with aad, unprotected headers, several recipients): each
/// decrypts with the example's key or password to the example's plaintext. JWE output is
/// randomized (CEK, IV), so these are inputs only.
#[test]
fn rfc7520_jwe_examples_in_every_serialization() {
    let Some(dir) = vectors("the JOSE cookbook") else {
        return;
    };
    let data = dir.join("jose-sources/ietf-jose-cookbook/jwe");
    let work = tempfile::tempdir().unwrap();
    let mut decrypted = 0;
    let mut names: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let example: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let title = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = &example["input"];
        let plaintext = input["plaintext"].as_str().unwrap();
        let keys: Vec<(Vec<String>, String)> = match (&input["key"], &input["pwd"]) {
            (Value::Array(list), _) => list
                .iter()
                .zip(input["alg"].as_array().unwrap())
                .enumerate()
                .map(|(i, (k, alg))| {
                    let file = key_file(work.path(), &format!("{title}.{i}.jwk"), k);
                    (
                        vec!["--key".into(), file],
                        alg.as_str().unwrap().to_string(),
                    )
                })
                .collect(),
            (Value::Null, Value::String(pwd)) => {
                let file = work.path().join(format!("{title}.pwd"));
                std::fs::write(&file, pwd).unwrap();
                vec![(
                    vec!["--password".into(), format!("@{}", file.display())],
                    input["alg"].as_str().unwrap().to_string(),
                )]
            }
            (key, _) => vec![(
                vec![
                    "--key".into(),
                    key_file(work.path(), &format!("{title}.jwk"), key),
                ],
                input["alg"].as_str().unwrap().to_string(),
            )],
        };
        for (form, output) in example["output"].as_object().unwrap() {
            let token = token_text(output);
            for (args, alg) in &keys {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                decrypts_to(&args, &token, plaintext, &format!("{title} {form} {alg}"));
                decrypted += 1;
            }
        }
    }
    eprintln!("RFC 7520 §5: {decrypted} decrypted");
    // 34 outputs, §5.13's general JWE with each of its 3 recipients' keys: 36 decryptions.
    assert_eq!(decrypted, 36);
}

/// RFC 7516 Appendix A.4 (general JSON serialization: an RSA1_5 and an A128KW recipient,
/// a shared unprotected jku, which is never followed) and A.5 (flattened, A128KW), with the
/// keys of A.2 and A.3 from the erlang-jose data; the examples' text is the RFC's.
#[test]
fn rfc7516_appendix_a4_a5_json_serializations_decrypt() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let data = dir.join("jose-sources/erlang-jose/jose_SUITE_data/jwe");
    let work = tempfile::tempdir().unwrap();
    let key = |n: &str, name: &str| {
        let config = std::fs::read_to_string(data.join(format!("a.{n}.config"))).unwrap();
        let jwk = erlang_value(&config, name).unwrap();
        let path = work.path().join(format!("a{n}.jwk"));
        std::fs::write(&path, jwk).unwrap();
        path.to_str().unwrap().to_string()
    };
    let rsa = key("2", "a.2.3.jwk+json");
    let oct = key("3", "a.3.3.jwk+json");
    let rsa_key = "UGhIOguC7IuEvf_NPVaXsGMoLOmwvc1GyqlIKOK1nN94nHPoltGRhWhw7Zx0-kFm1NJn8LE9XShH59_i8J0PH5ZZyNfGy2xGdULU7sHNF6Gp2vPLgNZ__deLKxGHZ7PcHALUzoOegEI-8E66jX2E4zyJKx-YxzZIItRzC5hlRirb6Y5Cl_p-ko3YvkkysZIFNPccxRU7qve1WYPxqbb2Yw8kZqa2rMWI5ng8OtvzlV7elprCbuPhcCdZ6XDP0_F8rkXds2vE4X-ncOIM8hAYHHi29NX0mcKiRaD0-D-ljQTP-cFPgwCp6X-nZZd9OHBv-B3oWh2TbqmScqXMR4gp_A";
    let tail = r#""iv":"AxY8DCtDaGlsbGljb3RoZQ","ciphertext":"KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY","tag":"Mz-VPPyU4RlcuYv1IwIvzw"}"#;
    let a4 = format!(
        r#"{{"protected":"eyJlbmMiOiJBMTI4Q0JDLUhTMjU2In0","unprotected":{{"jku":"https://server.example.com/keys.jwks"}},"recipients":[{{"header":{{"alg":"RSA1_5","kid":"2011-04-29"}},"encrypted_key":"{rsa_key}"}},{{"header":{{"alg":"A128KW","kid":"7"}},"encrypted_key":"6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ"}}],{tail}"#
    );
    let a5 = format!(
        r#"{{"protected":"eyJlbmMiOiJBMTI4Q0JDLUhTMjU2In0","unprotected":{{"jku":"https://server.example.com/keys.jwks"}},"header":{{"alg":"A128KW","kid":"7"}},"encrypted_key":"6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ",{tail}"#
    );
    for (token, key, extra, index) in [
        (&a4, &rsa, Some("--allow-rsa1-5"), 0),
        (&a4, &oct, None, 1),
        (&a5, &oct, None, 0),
    ] {
        let out = jwtctl()
            .args(["decrypt", "--json", "--key", key])
            .args(extra)
            .arg(token)
            .assert()
            .success();
        let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        assert_eq!(env["plaintext"], "Live long and prosper.");
        assert_eq!(env["recipient"]["index"], index);
    }
    // RSA1_5 keeps its opt-in in the JSON serialization too.
    jwtctl()
        .args(["decrypt", "--key", &rsa, &a4])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--allow-rsa1-5"));
}

/// RFC 7520 §6: a PS256 JWT nested in an RSA-OAEP JWE, in each serialization the cookbook
/// gives: decrypted with the recipient's key and the inner JWT verified with the signer's.
#[test]
fn rfc7520_nested_jwt_in_every_serialization() {
    let Some(dir) = vectors("the JOSE cookbook") else {
        return;
    };
    let path = dir.join("jose-sources/ietf-jose-cookbook/6.nesting_signatures_and_encryption.json");
    let example: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let signer = key_file(work.path(), "sign.jwk", &example["sign"]["input"]["key"]);
    let recipient = key_file(work.path(), "enc.jwk", &example["encrypt"]["input"]["key"]);
    let jws = example["sign"]["output"]["compact"].as_str().unwrap();
    assert_eq!(jws, example["encrypt"]["input"]["plaintext"]);
    jwtctl()
        .args(["verify", "--now", "1300819000", "--key", &signer, jws])
        .assert()
        .success();
    let mut forms = 0;
    for (form, output) in example["encrypt"]["output"].as_object().unwrap() {
        let out = jwtctl()
            .args([
                "decrypt",
                "--now",
                "1300819000",
                "--json",
                "--key",
                &recipient,
            ])
            .args(["--verify-key", &signer, &token_text(output)])
            .assert()
            .success();
        let env: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        assert_eq!(env["claims"]["iss"], "hobbiton.example", "{form}");
        forms += 1;
    }
    assert_eq!(forms, 3);
}

/// An ECDH-ES + A128GCM compact JWE whose `epk` is `epk` (any JSON) and whose CEK comes from
/// the shared secret `z` (RFC 7518 §4.6.2, no apu/apv), made here independently of jwtctl.
fn ecdh_es_token(epk: &Value, z: &[u8], plaintext: &[u8]) -> String {
    use aws_lc_rs::{aead, digest};
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let header = serde_json::json!({"alg": "ECDH-ES", "enc": "A128GCM", "epk": epk});
    let protected = b64(header.to_string().as_bytes());
    let mut kdf = digest::Context::new(&digest::SHA256);
    kdf.update(&1u32.to_be_bytes());
    kdf.update(z);
    kdf.update(&7u32.to_be_bytes());
    kdf.update(b"A128GCM");
    kdf.update(&0u32.to_be_bytes());
    kdf.update(&0u32.to_be_bytes());
    kdf.update(&128u32.to_be_bytes());
    let cek = kdf.finish();
    let key = aead::LessSafeKey::new(
        aead::UnboundKey::new(&aead::AES_128_GCM, &cek.as_ref()[..16]).unwrap(),
    );
    let iv = [7u8; 12];
    let mut ciphertext = plaintext.to_vec();
    let tag = key
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key(iv),
            aead::Aad::from(protected.as_bytes()),
            &mut ciphertext,
        )
        .unwrap();
    format!(
        "{protected}..{}.{}.{}",
        b64(&iv),
        b64(&ciphertext),
        b64(tag.as_ref())
    )
}

/// Project Wycheproof's X25519 JWK tests as ECDH-ES (RFC 8037 §3.2): each test's public key is
/// the `epk` of a JWE made for its private key with its shared secret. Every valid case
/// decrypts; every invalid public key (another curve or key type, a bad length) is refused as
/// a malformed header; of the "acceptable" cases, those whose shared secret is all zero
/// (low-order points, RFC 7748 §6.1) are refused, as RFC 8037 requires, and the others
/// (twist points, non-canonical u) decrypt as X25519 defines them.
#[test]
fn wycheproof_x25519_ecdh_es() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let path = dir.join("wycheproof/testvectors_v1/x25519_jwk_test.json");
    let suite: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let (mut valid_ok, mut invalid_ok, mut zero_refused, mut acceptable_ok) = (0, 0, 0, 0);
    for group in suite["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            let key_path = work.path().join(format!("{}.jwk", test["tcId"]));
            std::fs::write(&key_path, test["private"].to_string()).unwrap();
            let shared = hex(test["shared"].as_str().unwrap());
            let z = if shared.is_empty() {
                vec![1u8; 32]
            } else {
                shared.clone()
            };
            let token = ecdh_es_token(&test["public"], &z, b"foo");
            let (code, stdout, stderr) =
                run(&["decrypt", "--key", key_path.to_str().unwrap(), &token]);
            let what = format!("tcId {} {}: {stderr}", test["tcId"], test["comment"]);
            let zero = !shared.is_empty() && shared.iter().all(|&b| b == 0);
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!((code, stdout.as_str()), (0, "foo\n"), "{what}");
                    valid_ok += 1;
                }
                "invalid" => {
                    assert_eq!(code, 3, "{what}");
                    assert!(stderr.contains(": header: epk "), "{what}");
                    invalid_ok += 1;
                }
                _ if zero => {
                    assert_eq!(code, 3, "{what}");
                    assert!(stderr.contains("low-order X25519 point"), "{what}");
                    zero_refused += 1;
                }
                _ => {
                    assert_eq!((code, stdout.as_str()), (0, "foo\n"), "{what}");
                    acceptable_ok += 1;
                }
            }
        }
    }
    eprintln!(
        "wycheproof X25519: {valid_ok} valid decrypted, {invalid_ok} invalid public keys refused, \
         {zero_refused} acceptable with an all-zero shared secret refused, {acceptable_ok} other \
         acceptable decrypted"
    );
    assert_eq!(valid_ok + invalid_ok + zero_refused + acceptable_ok, 531);
    assert_eq!(valid_ok, 264);
}

/// The X25519 ECDH-ES example of the JOSE cookbook's curve25519 folder (RFC 8037's key
/// agreement) decrypts with its key, in compact form.
#[test]
fn cookbook_x25519_ecdh_es_example_decrypts() {
    let Some(dir) = vectors("the conformance vectors") else {
        return;
    };
    let path = dir.join("jose-sources/ietf-jose-cookbook/curve25519/ecdh-es.json");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let key = work.path().join("bob.jwk");
    std::fs::write(&key, case["input"]["key"].to_string()).unwrap();
    let token = case["output"]["compact"].as_str().unwrap();
    let (code, stdout, stderr) = run(&["decrypt", "--key", key.to_str().unwrap(), token]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!("{}\n", case["input"]["plaintext"].as_str().unwrap())
    );
}
