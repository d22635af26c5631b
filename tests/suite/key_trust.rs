//! Key trust (keys::trust): what each key may verify, and no key that can be turned against
//! the verifier. One test per way a key was talked into accepting a forged token, each
//! asserting the exit code and the one-line error. `JWTCTL_TEST_BIN=/path/to/old/jwtctl`
//! runs them against an older build to see them fail there.

use crate::common;

use common::http::http_server;
use common::{error_line, fixture, jwtctl, run_in};
use serde_json::{Value, json};

/// Runs jwtctl, returning (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    run_in(args, "")
}

fn sign(args: &[&str]) -> String {
    let (code, out, err) = run(&[&["sign", "--exp", "1h"], args].concat());
    assert_eq!(code, 0, "{err}");
    out.trim().to_string()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

const SECRET_B64: &str = "BxDRKH7ec8NtC3R8RYHqoyUUGf76JqiLXL5nS0fG2KU";

fn oct_entry(kid: &str) -> Value {
    json!({"kty": "oct", "kid": kid, "alg": "HS256", "k": SECRET_B64})
}

fn rsa_public_entry(kid: &str, alg: Option<&str>) -> Value {
    let (_, out, _) = run(&[
        "jwks",
        "convert",
        fixture("rsa.spki.pem").to_str().unwrap(),
        "--to",
        "jwk",
    ]);
    let mut jwk: Value = serde_json::from_str(&out).unwrap();
    jwk["kid"] = json!(kid);
    match alg {
        Some(alg) => jwk["alg"] = json!(alg),
        None => {
            jwk.as_object_mut().unwrap().remove("alg");
        }
    }
    jwk
}

/// Case 1: A published set is public: an HMAC key in it, fetched by URL or through OpenID discovery,
/// would let anyone who reads it mint tokens.
#[test]
fn hmac_keys_are_never_taken_from_a_fetched_set() {
    let forged = sign(&["--secret", &format!("b64:{SECRET_B64}"), "--kid", "k1"]);
    let set = json!({"keys": [oct_entry("k1")]}).to_string();
    let base = http_server(vec![("/jwks.json", 200, String::new(), set.clone())]);
    let config = json!({"issuer": base, "jwks_uri": format!("{base}/jwks.json")}).to_string();
    let base2 = http_server(vec![
        ("/jwks.json", 200, String::new(), set),
        (
            "/.well-known/openid-configuration",
            200,
            String::new(),
            config,
        ),
    ]);
    for url in [
        format!("{base}/jwks.json"),
        format!("{base2}/.well-known/openid-configuration"),
    ] {
        let (code, _, err) = run(&["verify", "--jwks", &url, &forged]);
        assert_eq!(code, 4, "{url}: {err}");
        let line = error_line(&err);
        assert!(line.contains("holds HMAC secrets (kid \"k1\")"), "{line}");
        assert!(err.contains("hint: jwtctl never verifies with a secret fetched over the network"));
    }
    // The same set from a local file is the user's own secret store, and works.
    let dir = tempfile::tempdir().unwrap();
    let local = write(
        &dir,
        "secrets.json",
        &json!({"keys": [oct_entry("k1")]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &local, &forged]);
    assert_eq!(code, 0, "{err}");
}

/// Case 2: `--secret` never takes key material: a public key used as an HMAC secret is the RS256 to
/// HS256 confusion through a side door. For verify and for sign, whatever the secret source.
#[test]
fn key_material_is_refused_as_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let jwk = write(
        &dir,
        "public.jwk",
        &rsa_public_entry("r1", None).to_string(),
    );
    let cert = fixture("ec-p256.cert.pem");
    let pem = fixture("rsa.spki.pem");
    let der = fixture("rsa.spki.der");
    let ssh = "tests/fixtures/trust/ed25519.ssh.pub";
    let cases = [
        (format!("@{}", pem.display()), "a PEM block"),
        (format!("@{}", cert.display()), "a certificate (PEM)"),
        (format!("@{jwk}"), "a JWK"),
        (format!("@{ssh}"), "an OpenSSH public key"),
        (
            format!("@{}", der.display()),
            "a DER-encoded key or certificate",
        ),
    ];
    let pem_text = std::fs::read_to_string(&pem).unwrap();
    // What an attacker holding the public key forges: HS256 keyed with the PEM's bytes.
    let forged = hs256_token(pem_text.as_bytes());
    for (spec, what) in &cases {
        let (code, _, err) = run(&["verify", "--secret", spec, &forged]);
        assert_eq!(code, 4, "{spec}: {err}");
        let line = error_line(&err);
        assert!(
            line.starts_with(&format!(
                "error: --secret: the secret is {what}, not an HMAC secret"
            )),
            "{line}"
        );
        assert!(err.contains("hint: give keys with --key"), "{err}");
        let (code, out, err) = run(&["sign", "--secret", spec, "--sub", "x"]);
        assert_eq!((code, out.as_str()), (4, ""), "sign {spec}: {err}");
    }
    // Every secret source is checked, not only files.
    let (code, _, err) = run_in(&["verify", "--secret", "-", &forged], &pem_text);
    assert_eq!(code, 4, "{err}");
    let b64 = base64_std(pem_text.as_bytes());
    let (code, _, err) = run(&["verify", "--secret", &format!("b64:{b64}"), &forged]);
    assert_eq!(code, 4, "{err}");
    // decrypt --secret too.
    let (code, _, err) = run(&[
        "decrypt",
        "--secret",
        &format!("@{}", pem.display()),
        "a.b.c.d.e",
    ]);
    assert_eq!(code, 4, "{err}");
}

/// An HS256 token with a far expiry, keyed with `secret`, made outside jwtctl.
fn hs256_token(secret: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url(br#"{"sub":"mallory","exp":4102444800}"#)
    );
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    let tag = aws_lc_rs::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64url(tag.as_ref()))
}

fn base64_std(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Case 3: A JWK's own `alg` binds it: it verifies that algorithm only, an `--alg` it rules out is a
/// key error naming it, and an `alg` that is no JWA name or does not fit the key refuses it.
#[test]
fn a_jwks_own_alg_binds_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = fixture("rsa.pkcs8.pem");
    let key = key.to_str().unwrap();
    let rs256 = sign(&["--key", key, "--alg", "RS256"]);
    let ps256 = sign(&["--key", key, "--alg", "PS256"]);
    let as_ps = write(
        &dir,
        "ps.jwk",
        &rsa_public_entry("r1", Some("PS256")).to_string(),
    );
    let as_rs = write(
        &dir,
        "rs.jwk",
        &rsa_public_entry("r1", Some("RS256")).to_string(),
    );
    // A key published for PS256 does not verify RS256.
    let (code, _, err) = run(&["verify", "--key", &as_ps, &rs256]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        error_line(&err),
        "error: alg_not_allowed: alg RS256 is not allowed (allowed: PS256)"
    );
    let (code, _, err) = run(&["verify", "--key", &as_ps, &ps256]);
    assert_eq!(code, 0, "{err}");
    // --alg PS256 with a key declaring RS256: an error that names the key, never a pass.
    let (code, _, err) = run(&["verify", "--key", &as_rs, "--alg", "PS256", &ps256]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(
        error_line(&err),
        "error: --alg PS256: key \"r1\" is published for alg \"RS256\" only (its JWK alg), not for PS256"
    );
    // Declarations that do not fit the key, or are no JWA name, refuse it.
    let p256 = r#""kty":"EC","crv":"P-256","kid":"e1","x":"04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY","y":"UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw""#;
    let mut hs_on_rsa = rsa_public_entry("r1", Some("HS256"));
    hs_on_rsa["use"] = json!("sig");
    let cases = [
        (
            hs_on_rsa.to_string(),
            "key \"r1\": its alg \"HS256\" does not fit the key (HS256 needs an HMAC secret)",
        ),
        (
            format!(r#"{{{p256},"alg":"ES521"}}"#),
            "key \"e1\": alg \"ES521\" is not a JWA algorithm name",
        ),
        (
            format!(r#"{{{p256},"alg":"ES512"}}"#),
            "key \"e1\": its alg \"ES512\" does not fit the key (ES512 needs an EC P-521 key)",
        ),
        (
            format!(r#"{{"kty":"oct","kid":"o1","use":"sig","alg":"A256GCM","k":"{SECRET_B64}"}}"#),
            "key \"o1\": its use \"sig\" contradicts its alg \"A256GCM\"",
        ),
    ];
    for (text, message) in cases {
        let path = write(&dir, "bad.jwk", &text);
        let (code, _, err) = run(&["verify", "--key", &path, &rs256]);
        assert_eq!(code, 4, "{text}: {err}");
        assert!(error_line(&err).ends_with(message), "{err}");
        // In a set, the key is skipped with a warning and never used.
        let set = write(&dir, "bad.json", &format!(r#"{{"keys":[{text}]}}"#));
        let (code, _, err) = run(&["verify", "--jwks", &set, &rs256]);
        assert_eq!(code, 4, "{text}: {err}");
        assert!(err.contains("warning: skipped JWKS key #1"), "{err}");
    }
}

/// Case 4: Sets are unambiguous: two keys under one kid, or secrets mixed with public keys, refuse
/// the set; identical duplicates collapse to one.
#[test]
fn ambiguous_sets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let token = sign(&["--secret", &format!("b64:{SECRET_B64}"), "--kid", "k1"]);
    let mut other = oct_entry("k1");
    other["k"] = json!("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    // The injected key comes first: trying each key would accept a token it signed.
    let dup = write(
        &dir,
        "dup.json",
        &json!({"keys": [other, oct_entry("k1")]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &dup, &token]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(
        error_line(&err),
        format!("error: --jwks {dup}: the key set holds different keys under one kid \"k1\"")
    );
    let same = write(
        &dir,
        "same.json",
        &json!({"keys": [oct_entry("k1"), oct_entry("k1")]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &same, &token]);
    assert_eq!(code, 0, "{err}");
    let mixed = write(
        &dir,
        "mixed.json",
        &json!({"keys": [oct_entry("k1"), rsa_public_entry("r1", Some("RS256"))]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &mixed, &token]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).ends_with(
            "the key set mixes HMAC secrets (kid \"k1\") with public-key keys (kid \"r1\")"
        ),
        "{err}"
    );
    // The same rules hold for a set given with --key.
    let (code, _, _) = run(&["verify", "--key", &mixed, &token]);
    assert_eq!(code, 4);
}

/// Case 5: Weak keys: an oct JWK shorter than the hash of the HS alg it declares (RFC 7518 §3.2
/// MUST NOT), and an RSA modulus with the ROCA fingerprint; RSA under 2048 bits stays refused.
#[test]
fn weak_keys_are_refused_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let short_k = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg"; // 31 bytes
    let token = sign(&["--secret", &format!("b64:{short_k}")]);
    let short = write(
        &dir,
        "short.jwk",
        &json!({"kty": "oct", "kid": "s1", "alg": "HS256", "k": short_k}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--key", &short, &token]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).ends_with(
            "key \"s1\" is weak: 31-byte secret declared for HS256, which needs at least 32 bytes (RFC 7518 §3.2)"
        ),
        "{err}"
    );
    // A raw --secret keeps the README's rule: verify accepts it.
    let (code, _, err) = run(&["verify", "--secret", &format!("b64:{short_k}"), &token]);
    assert_eq!(code, 0, "{err}");
    let rs = sign(&["--key", fixture("rsa.pkcs8.pem").to_str().unwrap()]);
    let roca = "tests/fixtures/trust/roca.jwk";
    let (code, _, err) = run(&["verify", "--key", roca, &rs]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).ends_with("key \"roca\" is weak: RSA modulus has the ROCA fingerprint (CVE-2017-15361): its private key can be computed from the public key"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "verify",
        "--key",
        fixture("rsa1024.pkcs8.pem").to_str().unwrap(),
        &rs,
    ]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).contains("RSA key of 1024 bits is too small"),
        "{err}"
    );
    // jwks show names each weakness.
    let roca_text = std::fs::read_to_string(roca).unwrap();
    let short_text = std::fs::read_to_string(&short).unwrap();
    let set = write(
        &dir,
        "weak.json",
        &format!(r#"{{"keys":[{roca_text},{short_text}]}}"#),
    );
    let (code, out, _) = run(&["jwks", "show", &set]);
    assert_eq!(code, 0);
    assert!(
        out.contains("! roca: weak: RSA modulus has the ROCA fingerprint"),
        "{out}"
    );
    assert!(
        out.contains("! s1: weak: 31-byte secret declared for HS256"),
        "{out}"
    );
    // decode names a weak key a token carries in its header.
    let header = format!(r#"{{"alg":"RS256","jwk":{roca_text}}}"#);
    let forged = format!("{}.e30.AAAA", b64url(header.as_bytes()));
    let (code, out, _) = run(&["decode", &forged]);
    assert_eq!(code, 0);
    assert!(
        out.contains("header jwk is weak: RSA modulus has the ROCA fingerprint"),
        "{out}"
    );
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Case 6: `jwks create` and `jwks serve` keep use, key_ops and alg as given: an encryption key is
/// never published as a signing key.
#[test]
fn encryption_keys_are_published_as_encryption_keys() {
    let enc = "tests/fixtures/jwk/enc-p256.jwk";
    let (code, out, err) = run(&["jwks", "create", enc]);
    assert_eq!(code, 0, "{err}");
    let set: Value = serde_json::from_str(&out).unwrap();
    let entry = &set["keys"][0];
    assert_eq!(entry["use"], "enc", "{entry}");
    assert!(entry.get("alg").is_none(), "{entry}");
    assert!(entry.get("d").is_none(), "{entry}");
    // --alg is a signature algorithm: it does not relabel an encryption key.
    let (code, out, _) = run(&["jwks", "create", enc, "--alg", "ES256"]);
    assert_eq!(code, 0);
    let set: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(set["keys"][0]["use"], "enc");
    assert!(set["keys"][0].get("alg").is_none());
    // key_ops are kept, as the public half's.
    let dir = tempfile::tempdir().unwrap();
    let mut private: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/jwk/enc-p256.jwk").unwrap())
            .unwrap();
    private.as_object_mut().unwrap().remove("use");
    private["key_ops"] = json!(["deriveKey"]);
    private["alg"] = json!("ECDH-ES");
    let path = write(&dir, "ops.jwk", &private.to_string());
    let (code, out, _) = run(&["jwks", "create", &path]);
    assert_eq!(code, 0);
    let set: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(set["keys"][0]["key_ops"], json!(["deriveKey"]));
    assert_eq!(set["keys"][0]["alg"], "ECDH-ES");
    assert!(set["keys"][0].get("use").is_none());
    // A signing key with key_ops ["sign"] is published with ["verify"].
    let mut signing: Value = serde_json::from_str(
        &run(&[
            "jwks",
            "convert",
            fixture("ec-p256.pkcs8.pem").to_str().unwrap(),
            "--to",
            "jwk",
        ])
        .1,
    )
    .unwrap();
    signing["key_ops"] = json!(["sign"]);
    let path = write(&dir, "sign.jwk", &signing.to_string());
    let (code, out, err) = run(&["jwks", "create", &path]);
    assert_eq!(code, 0, "{err}");
    let set: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(set["keys"][0]["key_ops"], json!(["verify"]));
    assert_eq!(set["keys"][0]["alg"], "ES256");
}

/// Case 7: OpenID discovery: the jwks_uri must be https (http only when the document and the keys
/// are both on this machine). Redirects are covered by the unit tests of `net` (a test server
/// here has no TLS); a redirect between loopback URLs still works.
#[test]
fn discovery_only_follows_https_key_urls() {
    let token = sign(&["--key", fixture("ec-p256.pkcs8.pem").to_str().unwrap()]);
    let (_, set, _) = run(&[
        "jwks",
        "create",
        fixture("ec-p256.spki.pem").to_str().unwrap(),
    ]);
    for (jwks_uri, code, message) in [
        (
            "http://keys.example/jwks.json",
            4,
            "jwks_uri \"http://keys.example/jwks.json\" is not https",
        ),
        ("ftp://keys.example/jwks.json", 4, "is not an http(s) URL"),
    ] {
        let config = json!({"issuer": "x", "jwks_uri": jwks_uri}).to_string();
        let base = http_server(vec![(
            "/.well-known/openid-configuration",
            200,
            String::new(),
            config,
        )]);
        let url = format!("{base}/.well-known/openid-configuration");
        let (got, _, err) = run(&["verify", "--jwks", &url, &token]);
        assert_eq!(got, code, "{jwks_uri}: {err}");
        assert!(error_line(&err).contains(message), "{err}");
    }
    // Loopback document and loopback keys: local development works, through a redirect too.
    let base = http_server(vec![
        ("/keys", 200, String::new(), set.clone()),
        (
            "/moved",
            302,
            "Location: /keys\r\n".to_string(),
            String::new(),
        ),
    ]);
    let config = json!({"issuer": base, "jwks_uri": format!("{base}/moved")}).to_string();
    let doc = http_server(vec![(
        "/.well-known/openid-configuration",
        200,
        String::new(),
        config,
    )]);
    let (code, _, err) = run(&[
        "verify",
        "--jwks",
        &format!("{doc}/.well-known/openid-configuration"),
        &token,
    ]);
    assert_eq!(code, 0, "{err}");
    // A redirect to another scheme is refused.
    let bad = http_server(vec![(
        "/jwks.json",
        302,
        "Location: file:///etc/passwd\r\n".to_string(),
        String::new(),
    )]);
    let (code, _, err) = run(&["verify", "--jwks", &format!("{bad}/jwks.json"), &token]);
    assert_eq!(code, 5, "{err}");
    assert!(
        error_line(&err).contains("which is not an http(s) URL"),
        "{err}"
    );
}

/// Case 8: A JWE tag has exactly its length: a GCM tag moved (in part or whole) into the ciphertext
/// segment no longer decrypts, so one plaintext has one token string.
#[test]
fn jwe_tags_have_exact_lengths() {
    let secret = "b64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    for enc in ["A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"] {
        let (code, token, err) = run(&[
            "encrypt",
            "--secret",
            "b64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
            "--alg",
            "A256KW",
            "--enc",
            enc,
            "--sub",
            "alice",
            "--exp",
            "1h",
        ]);
        assert_eq!(code, 0, "{err}");
        let token = token.trim();
        let (code, _, err) = run(&["decrypt", "--secret", secret, token]);
        assert_eq!(code, 0, "{enc}: {err}");
        let parts: Vec<&str> = token.split('.').collect();
        let (ciphertext, tag) = (b64url_decode(parts[3]), b64url_decode(parts[4]));
        for moved in [4, tag.len() / 2, tag.len()] {
            let mut c = ciphertext.clone();
            c.extend_from_slice(&tag[..moved]);
            let forged = format!(
                "{}.{}.{}.{}.{}",
                parts[0],
                parts[1],
                parts[2],
                b64url(&c),
                b64url(&tag[moved..])
            );
            let (code, _, err) = run(&["decrypt", "--secret", secret, &forged]);
            assert_eq!(code, 1, "{enc}, {moved} tag bytes moved: {err}");
            assert_eq!(
                error_line(&err),
                "error: decryption_failed: cannot decrypt: wrong key, or the token was altered",
                "{enc}"
            );
        }
    }
}

fn b64url_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

/// The same model for JWE: a key's own alg, use and key_ops bind it there too.
#[test]
fn jwe_keys_are_bound_by_their_declarations() {
    let dir = tempfile::tempdir().unwrap();
    let mut jwk: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/jwk/enc-p256.jwk").unwrap())
            .unwrap();
    jwk["alg"] = json!("ECDH-ES+A128KW");
    let path = write(&dir, "enc.jwk", &jwk.to_string());
    let (code, out, err) = run(&["encrypt", "--key", &path, "--sub", "a", "--exp", "1h"]);
    assert_eq!(code, 0, "{err}");
    let header: Value =
        serde_json::from_slice(&b64url_decode(out.split('.').next().unwrap())).unwrap();
    assert_eq!(header["alg"], "ECDH-ES+A128KW");
    let (code, _, err) = run(&["encrypt", "--key", &path, "--alg", "ECDH-ES", "--sub", "a"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).ends_with(
            "key \"enc-1\" (published for alg \"ECDH-ES+A128KW\" only) cannot be used with ECDH-ES"
        ),
        "{err}"
    );
    // A key declared for a signature algorithm is not a JWE key.
    let signing = write(
        &dir,
        "sig.jwk",
        &json!({"kty": "oct", "kid": "h", "alg": "HS256", "k": SECRET_B64}).to_string(),
    );
    let (code, _, err) = run(&["encrypt", "--key", &signing, "--alg", "dir", "--sub", "a"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).contains(
            "key \"h\" is published for the signature algorithm HS256, not for encryption"
        ),
        "{err}"
    );
    // key_ops without a decrypting operation refuse decrypt.
    jwk["key_ops"] = json!(["wrapKey"]);
    let path = write(&dir, "wrap-only.jwk", &jwk.to_string());
    let (code, _, err) = run(&["decrypt", "--key", &path, out.trim()]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).contains("which do not allow decrypting"),
        "{err}"
    );
}

/// Round two, from an outside review: key material hidden in other wrappings is still key
/// material (each of these was accepted as an HMAC secret before).
#[test]
fn key_material_in_other_wrappings_is_refused_as_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let pem = std::fs::read_to_string(fixture("rsa.spki.pem")).unwrap();
    let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in pem.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let utf16_path = dir.path().join("utf16.pem");
    std::fs::write(&utf16_path, utf16).unwrap();
    let bom = write(
        &dir,
        "bom.jwk",
        &format!("\u{feff}{}", rsa_public_entry("r1", None)),
    );
    let lower = write(&dir, "lower.pem", &pem.to_lowercase());
    let der = std::fs::read(fixture("rsa.spki.der")).unwrap();
    let der_nl = dir.path().join("nl.der");
    std::fs::write(&der_nl, [der.as_slice(), b"\n"].concat()).unwrap();
    let forged = hs256_token(bare.as_bytes());
    for spec in [
        bare.clone(),
        format!("@{}", utf16_path.display()),
        format!("@{bom}"),
        format!("@{lower}"),
        format!("@{}", der_nl.display()),
    ] {
        let (code, _, err) = run(&["verify", "--secret", &spec, &forged]);
        assert_eq!(code, 4, "{spec}: {err}");
        assert!(error_line(&err).contains("not an HMAC secret"), "{err}");
    }
    let out = jwtctl()
        .args(["verify", "--secret", "env:JWT_PUBLIC_KEY", &forged])
        .env("JWT_PUBLIC_KEY", &bare)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a base64-encoded DER key"));
}

/// Round two: a set is judged on every entry. An unusable entry does not hide a secret beside
/// public keys; the same key twice under one kid, or a signing and an encryption key sharing
/// a kid (told apart by alg), is no ambiguity.
#[test]
fn sets_are_judged_on_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let token = sign(&["--secret", &format!("b64:{SECRET_B64}"), "--kid", "h"]);
    let x25519 = json!({"kty": "OKP", "crv": "X25519", "kid": "x", "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"});
    let hidden = write(
        &dir,
        "hidden.json",
        &json!({"keys": [x25519, oct_entry("h")]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &hidden, &token]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err)
            .contains("mixes HMAC secrets (kid \"h\") with public-key keys (kid \"x\")"),
        "{err}"
    );

    let key = fixture("rsa.pkcs8.pem");
    let rs = sign(&["--key", key.to_str().unwrap(), "--kid", "k"]);
    let twice = write(
        &dir,
        "twice.json",
        &json!({"keys": [rsa_public_entry("k", Some("PS256")), rsa_public_entry("k", Some("RS256"))]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &twice, &rs]);
    assert_eq!(code, 0, "{err}");
    let mut enc = json!({"kty": "RSA", "kid": "k", "alg": "RSA-OAEP-256"});
    let (_, other, _) = run(&["keygen", "--alg", "RS256", "--format", "jwk"]);
    let other: Value = serde_json::from_str(&other).unwrap();
    enc["n"] = other["n"].clone();
    enc["e"] = other["e"].clone();
    let shared = write(
        &dir,
        "shared.json",
        &json!({"keys": [enc, rsa_public_entry("k", Some("RS256"))]}).to_string(),
    );
    let (code, _, err) = run(&["verify", "--jwks", &shared, &rs]);
    assert_eq!(code, 0, "{err}");
    // sign --kid takes the entry that may sign.
    let mut private: Value =
        serde_json::from_str(&run(&["jwks", "convert", key.to_str().unwrap(), "--to", "jwk"]).1)
            .unwrap();
    private["kid"] = json!("k");
    private["alg"] = json!("RS256");
    let mut enc_private = other.clone();
    enc_private["kid"] = json!("k");
    enc_private["alg"] = json!("RSA-OAEP-256");
    enc_private["use"] = json!("enc");
    private["use"] = json!("sig");
    let both = write(
        &dir,
        "both.json",
        &json!({"keys": [enc_private, private]}).to_string(),
    );
    let (code, _, err) = run(&["sign", "--key", &both, "--kid", "k", "--exp", "1h"]);
    assert_eq!(code, 0, "{err}");
}

/// Round two: a JWK alg of RFC 9864 ("Ed25519") binds an Ed25519 key to EdDSA, and a set
/// whose keys fit only some of the --alg list still verifies what they fit, with a warning.
#[test]
fn fully_specified_names_and_partial_alg_lists() {
    let dir = tempfile::tempdir().unwrap();
    let (_, jwk, _) = run(&[
        "jwks",
        "convert",
        fixture("ed25519.pkcs8.pem").to_str().unwrap(),
        "--to",
        "jwk",
        "--public",
    ]);
    let mut jwk: Value = serde_json::from_str(&jwk).unwrap();
    jwk["alg"] = json!("Ed25519");
    let path = write(&dir, "ed.jwk", &jwk.to_string());
    let token = sign(&["--key", fixture("ed25519.pkcs8.pem").to_str().unwrap()]);
    let (code, _, err) = run(&["verify", "--key", &path, &token]);
    assert_eq!(code, 0, "{err}");

    let set = write(
        &dir,
        "google.json",
        &json!({"keys": [rsa_public_entry("g1", Some("RS256"))]}).to_string(),
    );
    let rs = sign(&[
        "--key",
        fixture("rsa.pkcs8.pem").to_str().unwrap(),
        "--kid",
        "g1",
    ]);
    let (code, _, err) = run(&["verify", "--jwks", &set, "--alg", "RS256,PS256", &rs]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: --alg PS256: key \"g1\" is published for alg \"RS256\" only"),
        "{err}"
    );
    // One key keeps the error.
    let (code, _, _) = run(&[
        "verify",
        "--key",
        fixture("ed25519.spki.pem").to_str().unwrap(),
        "--alg",
        "EdDSA,ES256",
        &token,
    ]);
    assert_eq!(code, 4);
}

/// Round two, JWE: a declared content encryption binds a `dir` key and fixes its length; a
/// key declaring RSA-OAEP is never used for RSA1_5; a weak key is not used for JWE either.
#[test]
fn jwe_declarations_bind_enc_and_key_transport() {
    let dir = tempfile::tempdir().unwrap();
    let k32 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    let gcm = write(
        &dir,
        "gcm.jwk",
        &json!({"kty": "oct", "kid": "d", "alg": "A256GCM", "k": k32}).to_string(),
    );
    let (code, token, err) = run(&["encrypt", "--key", &gcm, "--sub", "a", "--exp", "1h"]);
    assert_eq!(code, 0, "{err}");
    let header: Value =
        serde_json::from_slice(&b64url_decode(token.split('.').next().unwrap())).unwrap();
    assert_eq!(
        (header["alg"].as_str(), header["enc"].as_str()),
        (Some("dir"), Some("A256GCM"))
    );
    let (code, _, err) = run(&[
        "encrypt",
        "--key",
        &gcm,
        "--enc",
        "A128CBC-HS256",
        "--sub",
        "a",
    ]);
    assert_eq!(code, 4, "{err}");
    let (_, cbc, _) = run(&[
        "encrypt",
        "--secret",
        &format!("b64:{k32}"),
        "--alg",
        "dir",
        "--enc",
        "A128CBC-HS256",
        "--sub",
        "a",
        "--exp",
        "1h",
    ]);
    let (code, _, err) = run(&["decrypt", "--key", &gcm, cbc.trim()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        error_line(&err).contains("enc A128CBC-HS256 is not allowed: key \"d\""),
        "{err}"
    );
    let short = write(
        &dir,
        "short.jwk",
        &json!({"kty": "oct", "kid": "s", "alg": "A256GCM", "k": "AAECAwQFBgcICQoLDA0ODw"})
            .to_string(),
    );
    let (code, _, err) = run(&["encrypt", "--key", &short, "--sub", "a"]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).contains("\"A256GCM\" needs a 32-byte key"),
        "{err}"
    );
    let mut roca: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/trust/roca.jwk").unwrap())
            .unwrap();
    roca["use"] = json!("enc");
    roca["alg"] = json!("RSA-OAEP-256");
    let roca = write(&dir, "roca-enc.jwk", &roca.to_string());
    let (code, _, err) = run(&["encrypt", "--key", &roca, "--sub", "a"]);
    assert_eq!(code, 4, "{err}");
    assert!(error_line(&err).contains("ROCA"), "{err}");
    let (code, _, _) = run(&["jwks", "create", &roca]);
    assert_eq!(code, 4);
}

/// Round two: from this machine, a redirect to plain http on another host is refused (the
/// request is never made), and a relative redirect with dot segments resolves.
#[test]
fn loopback_redirects_stay_on_loopback_or_tls() {
    let token = sign(&["--key", fixture("ec-p256.pkcs8.pem").to_str().unwrap()]);
    let (_, set, _) = run(&[
        "jwks",
        "create",
        fixture("ec-p256.spki.pem").to_str().unwrap(),
    ]);
    let base = http_server(vec![
        (
            "/a/b/moved",
            302,
            "Location: ../../keys\r\n".to_string(),
            String::new(),
        ),
        ("/keys", 200, String::new(), set),
        (
            "/away",
            302,
            "Location: http://keys.example/jwks.json\r\n".to_string(),
            String::new(),
        ),
    ]);
    let (code, _, err) = run(&["verify", "--jwks", &format!("{base}/a/b/moved"), &token]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["verify", "--jwks", &format!("{base}/away"), &token]);
    assert_eq!(code, 5, "{err}");
    assert!(
        error_line(&err).contains("plain http on another host; refused"),
        "{err}"
    );
}

/// Round two: a key declaring a signature alg with encryption key_ops contradicts itself, and
/// a token's embedded JWK is described without raw control characters.
#[test]
fn contradictions_and_embedded_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut jwk = rsa_public_entry("r", Some("RS256"));
    jwk["key_ops"] = json!(["encrypt"]);
    let path = write(&dir, "ops.jwk", &jwk.to_string());
    let rs = sign(&["--key", fixture("rsa.pkcs8.pem").to_str().unwrap()]);
    let (code, _, err) = run(&["verify", "--key", &path, &rs]);
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).contains("its key_ops \"encrypt\" contradicts its alg \"RS256\""),
        "{err}"
    );
    let header = json!({"alg": "RS256", "jwk": {"kty": "\u{1b}]0;pwned\u{7}"}});
    let hostile = format!("{}.e30.AAAA", b64url(header.to_string().as_bytes()));
    let (code, out, _) = run(&["decode", &hostile]);
    assert_eq!(code, 0);
    assert!(out.contains("header jwk is not a usable key"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
}

/// ES256K (RFC 8812): a secp256k1 key signs and verifies ES256K and nothing else, in every
/// form (keygen's JWK, SEC1, PKCS#8, SPKI); an ES256 token never verifies with it, and an
/// ES256K token never with a P-256 key, though both are SHA-256 with 64-byte signatures.
#[test]
fn secp256k1_keys_sign_es256k_only() {
    let dir = tempfile::tempdir().unwrap();
    let (code, jwk, err) = run(&["keygen", "--alg", "ES256K", "--format", "jwk"]);
    assert_eq!(code, 0, "{err}");
    let parsed: Value = serde_json::from_str(&jwk).unwrap();
    assert_eq!(parsed["crv"], "secp256k1");
    assert_eq!(parsed["alg"], "ES256K");
    let jwk = write(&dir, "k1.jwk", &jwk);
    let token = sign(&["--key", &jwk, "--sub", "k1"]);
    let (code, _, err) = run(&["verify", "--key", &jwk, &token]);
    assert_eq!(code, 0, "{err}");
    // The PEM fixtures: the SEC1 and PKCS#8 private keys sign, the SPKI public key verifies.
    let sec1 = "tests/fixtures/keys/ec-secp256k1.sec1.pem";
    let pkcs8 = "tests/fixtures/keys/ec-secp256k1.pkcs8.pem";
    let spki = "tests/fixtures/keys/ec-secp256k1.spki.pem";
    for private in [sec1, pkcs8] {
        let token = sign(&["--key", private, "--sub", "k1"]);
        let header: Value =
            serde_json::from_slice(&b64url_decode(token.split('.').next().unwrap())).unwrap();
        assert_eq!(header["alg"], "ES256K");
        let (code, _, err) = run(&["verify", "--key", spki, &token]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(&["verify", "--key", spki, "--alg", "ES256", &token]);
        assert_eq!(code, 4, "{err}");
        assert!(
            error_line(&err).contains("no key given can verify it"),
            "{err}"
        );
    }
    let (_, a, _) = run(&["jwks", "thumbprint", sec1]);
    let (_, b, _) = run(&["jwks", "thumbprint", spki]);
    assert_eq!(a, b);
    // ES256 with the secp256k1 key: refused when signing and when verifying.
    let (code, _, err) = run(&["sign", "--key", pkcs8, "--alg", "ES256", "--sub", "x"]);
    assert_eq!(code, 4, "{err}");
    assert_eq!(
        error_line(&err),
        "error: algorithm ES256 needs an EC P-256 key, not the given EC secp256k1 private key"
    );
    let p256_token = sign(&[
        "--key",
        "tests/fixtures/keys/ec-p256.pkcs8.pem",
        "--sub",
        "x",
    ]);
    let (code, _, err) = run(&["verify", "--key", spki, &p256_token]);
    assert_eq!(code, 1, "{err}");
    assert!(error_line(&err).contains("alg_not_allowed"), "{err}");
    // An ES256K token whose header claims ES256 with the same signature: refused.
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[0] = b64url(br#"{"alg":"ES256","typ":"JWT"}"#);
    let (code, _, err) = run(&["verify", "--key", &jwk, &parts.join(".")]);
    assert_eq!(code, 1, "{err}");
    // And an ES256K token never verifies with a P-256 key.
    let (code, _, err) = run(&[
        "verify",
        "--key",
        "tests/fixtures/keys/ec-p256.spki.pem",
        &token,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(error_line(&err).contains("alg_not_allowed"), "{err}");
    // A secp256k1 JWK declaring ES256 or an ECDH-ES algorithm contradicts itself.
    let mut wrong: Value = serde_json::from_str(&std::fs::read_to_string(&jwk).unwrap()).unwrap();
    for alg in ["ES256", "ECDH-ES"] {
        wrong["alg"] = json!(alg);
        wrong.as_object_mut().unwrap().remove("use");
        let path = write(&dir, "wrong.jwk", &wrong.to_string());
        let (code, _, err) = run(&["verify", "--key", &path, &token]);
        assert_eq!(code, 4, "{alg}: {err}");
        assert!(error_line(&err).contains("does not fit the key"), "{err}");
    }
    // secp256k1 has no ECDH-ES: keygen and encrypt say so.
    let (code, _, err) = run(&[
        "keygen",
        "--type",
        "ec",
        "--curve",
        "secp256k1",
        "--use",
        "enc",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["encrypt", "--key", spki, "--sub", "x"]);
    assert_eq!(code, 4, "{err}");
}

/// An Ed25519 public key of small order verifies a signature anyone can make (R the identity,
/// S zero, for every message): refused wherever a key is read, so no token, proof or bound key
/// can rest on it.
#[test]
fn an_ed25519_key_of_small_order_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b64 = b64url;
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(&identity)});
    let key = write(&dir, "identity.jwk", &jwk.to_string());
    let header = b64(br#"{"alg":"EdDSA"}"#);
    let claims = b64(br#"{"sub":"admin","exp":1999999999}"#);
    let mut signature = identity.to_vec();
    signature.extend_from_slice(&[0u8; 32]);
    let token = format!("{header}.{claims}.{}", b64(&signature));
    let (code, _, stderr) = run(&["verify", "--key", &key, &token]);
    assert_eq!(code, 4, "{stderr}");
    assert!(error_line(&stderr).contains("small order"), "{stderr}");
    // Nor can a token be bound to it.
    let (code, _, stderr) = run(&[
        "sign",
        "--key",
        fixture("ed25519.pkcs8.pem").to_str().unwrap(),
        "-c",
        "sub=a",
        "--cnf-key",
        &key,
    ]);
    assert_eq!(code, 4, "{stderr}");
}
