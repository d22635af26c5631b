//! Token profiles (issue 18): `--typ`, `--profile access-token` (RFC 9068) and
//! `--profile id-token` (OpenID Connect Core §3.1.3.7). Each failure is checked for its exit
//! code, its `--json` reason code and its one `error:` line; the tokens are forged here with
//! HS256 (header and claims exactly as the case needs), independently of `jwtctl sign`.

use crate::common;

use aws_lc_rs::{digest, hmac};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use common::{fixture, jwtctl, stdout_of};

const NOW: i64 = 1_767_225_600;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn secret_flag() -> String {
    format!("@{}", fixture("hmac.secret").display())
}

fn hs256(header: &Value, claims: &Value) -> String {
    let seg = |v: &Value| b64(serde_json::to_string(v).unwrap().as_bytes());
    let input = format!("{}.{}", seg(header), seg(claims));
    let secret = std::fs::read(fixture("hmac.secret")).unwrap();
    let key = hmac::Key::new(hmac::HMAC_SHA256, &secret);
    format!(
        "{input}.{}",
        b64(hmac::sign(&key, input.as_bytes()).as_ref())
    )
}

/// Verifies `token` with `--secret` and `args`, expecting `exit` and (for exit 1) the reason
/// `code` in --json and at the start of the one error line; "valid" for a token that passes.
fn expect(args: &[&str], token: &str, exit: i32, code: &str) {
    let secret = secret_flag();
    let mut all = vec!["verify", "--json", "--secret", &secret];
    all.extend_from_slice(args);
    let out = jwtctl()
        .args(&all)
        .write_stdin(token.as_bytes().to_vec())
        .assert()
        .code(exit);
    let stdout = stdout_of(&out);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().collect();
    if exit == 2 {
        assert!(lines[0].starts_with("error: "), "{stderr}");
        assert!(lines[0].contains(code), "{stderr}");
        return;
    }
    let env: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("--json output is not JSON ({e}): {stdout:?} {stderr}"));
    if code == "valid" {
        assert_eq!(env["valid"], true, "{stdout} {stderr}");
        return;
    }
    assert_eq!(env["error"]["code"], code, "{args:?}: {stdout}");
    assert!(
        lines[0].starts_with(&format!("error: {code}: ")),
        "{stderr}"
    );
    assert!(lines.len() <= 2 && !stderr.contains("panicked"), "{stderr}");
}

fn with(base: &Value, changes: Value) -> Value {
    let mut v = base.clone();
    for (k, x) in changes.as_object().unwrap() {
        if x.is_null() {
            v.as_object_mut().unwrap().remove(k);
        } else {
            v[k] = x.clone();
        }
    }
    v
}

#[test]
fn typ_is_compared_as_a_media_type() {
    let claims = json!({"exp": NOW + 60});
    let typed = |typ: Value| hs256(&json!({"alg": "HS256", "typ": typ}), &claims);
    expect(&["--typ", "at+jwt"], &typed(json!("at+jwt")), 0, "valid");
    expect(
        &["--typ", "at+jwt"],
        &typed(json!("application/AT+JWT")),
        0,
        "valid",
    );
    expect(
        &["--typ", "application/at+jwt"],
        &typed(json!("at+jwt")),
        0,
        "valid",
    );
    expect(
        &["--typ", "at+jwt"],
        &typed(json!("JWT")),
        1,
        "typ_mismatch",
    );
    expect(
        &["--typ", "at+jwt"],
        &typed(json!("text/at+jwt")),
        1,
        "typ_mismatch",
    );
    expect(
        &["--typ", "at+jwt"],
        &typed(json!(["at+jwt"])),
        1,
        "typ_mismatch",
    );
    let untyped = hs256(&json!({"alg": "HS256"}), &claims);
    expect(&["--typ", "at+jwt"], &untyped, 1, "typ_mismatch");
    expect(&[], &untyped, 0, "valid");
    // A typ in a JSON serialization's unprotected header is not covered by the signature.
    let compact = hs256(&json!({"alg": "HS256"}), &claims);
    let parts: Vec<&str> = compact.split('.').collect();
    let flattened = json!({
        "protected": parts[0], "payload": parts[1], "signature": parts[2],
        "header": {"typ": "at+jwt"},
    })
    .to_string();
    expect(&["--typ", "at+jwt"], &flattened, 1, "typ_mismatch");
    expect(
        &["--signature-only", "--typ", "at+jwt"],
        &untyped,
        2,
        "cannot be used with",
    );
}

fn access_token_claims() -> Value {
    json!({"iss": "https://idp.example", "exp": NOW + 60, "aud": "https://api.example",
        "sub": "alice", "client_id": "app", "iat": NOW - 10, "jti": "t1", "scope": "read"})
}

#[test]
fn access_tokens_follow_rfc_9068() {
    let args = ["--profile", "access-token", "--aud", "https://api.example"];
    let at = |header: Value, claims: &Value| hs256(&header, claims);
    let header = json!({"alg": "HS256", "typ": "at+jwt"});
    let good = access_token_claims();
    expect(&args, &at(header.clone(), &good), 0, "valid");
    expect(
        &args,
        &at(json!({"alg": "HS256", "typ": "application/at+jwt"}), &good),
        0,
        "valid",
    );
    // An ID token (typ JWT, or untyped) replayed at an API.
    expect(
        &args,
        &at(json!({"alg": "HS256", "typ": "JWT"}), &good),
        1,
        "typ_mismatch",
    );
    expect(
        &args,
        &at(json!({"alg": "HS256"}), &good),
        1,
        "typ_mismatch",
    );
    for claim in ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"] {
        let token = at(header.clone(), &with(&good, json!({claim: null})));
        expect(&args, &token, 1, "missing_claim");
    }
    expect(
        &args,
        &at(
            header.clone(),
            &with(&good, json!({"aud": "https://other.example"})),
        ),
        1,
        "audience_mismatch",
    );
    // Settings that cannot work are usage errors.
    let token = at(header, &good);
    expect(&["--profile", "access-token"], &token, 2, "needs --aud");
    expect(
        &["--profile", "access-token", "--aud", "x", "--typ", "JWT"],
        &token,
        2,
        "contradicts the access-token --profile",
    );
    expect(
        &["--profile", "access-token", "--aud", "x", "--nonce", "n"],
        &token,
        2,
        "--nonce is checked in ID tokens only",
    );
    expect(
        &["--nonce", "n"],
        &token,
        2,
        "--nonce is checked in ID tokens only",
    );
}

/// The base64url left half of the SHA-256 of `value` (at_hash and c_hash of an HS256 token).
fn half_sha256(value: &str) -> String {
    let hash = digest::digest(&digest::SHA256, value.as_bytes());
    b64(&hash.as_ref()[..16])
}

#[test]
fn id_tokens_follow_openid_connect_core() {
    let access_token = "opaque-access-token.xyz";
    let code = "SplxlOBeZQQYbYS6WxSbIA";
    let good = json!({"iss": "https://idp.example", "sub": "alice", "aud": "app",
        "exp": NOW + 60, "iat": NOW - 10, "auth_time": NOW - 100, "nonce": "n-0S6",
        "at_hash": half_sha256(access_token), "c_hash": half_sha256(code)});
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let id = |claims: &Value| hs256(&header, claims);
    let all = [
        "--profile",
        "id-token",
        "--aud",
        "app",
        "--nonce",
        "n-0S6",
        "--access-token",
        access_token,
        "--code",
        code,
        "--max-age",
        "5m",
    ];
    expect(&all, &id(&good), 0, "valid");
    expect(
        &["--profile", "id-token", "--aud", "app"],
        &id(&good),
        0,
        "valid",
    );
    expect(
        &["--profile", "id-token", "--aud", "app"],
        &hs256(&json!({"alg": "HS256"}), &good),
        0,
        "valid",
    );
    // An access token presented as an ID token.
    expect(
        &all,
        &hs256(&json!({"alg": "HS256", "typ": "at+jwt"}), &good),
        1,
        "typ_mismatch",
    );
    for claim in ["iss", "sub", "aud", "exp", "iat"] {
        let token = id(&with(&good, json!({claim: null})));
        expect(
            &["--profile", "id-token", "--aud", "app"],
            &token,
            1,
            "missing_claim",
        );
    }
    let cases = [
        (json!({"aud": "other"}), "audience_mismatch"),
        (json!({"nonce": "replayed"}), "nonce_mismatch"),
        (json!({"nonce": null}), "missing_claim"),
        (json!({"nonce": 1}), "malformed"),
        (json!({"azp": "other-app"}), "azp_mismatch"),
        (json!({"aud": ["app", "api"]}), "missing_claim"),
        (
            json!({"at_hash": half_sha256("another token")}),
            "at_hash_mismatch",
        ),
        (json!({"at_hash": null}), "missing_claim"),
        (
            json!({"c_hash": half_sha256("another code")}),
            "c_hash_mismatch",
        ),
        (json!({"auth_time": NOW - 301}), "auth_too_old"),
        (json!({"auth_time": null}), "missing_claim"),
        (json!({"auth_time": "yesterday"}), "malformed"),
        // An authentication in the future would pass any --max-age.
        (json!({"auth_time": 9_999_999_999_i64}), "issued_in_future"),
    ];
    for (change, code) in cases {
        let exit = if code == "malformed" { 3 } else { 1 };
        expect(&all, &id(&with(&good, change.clone())), exit, code);
    }
    // Several audiences with azp naming the client pass.
    expect(
        &all,
        &id(&with(&good, json!({"aud": ["app", "api"], "azp": "app"}))),
        0,
        "valid",
    );
    // The client id is one --aud.
    expect(
        &["--profile", "id-token", "--aud", "app", "--aud", "api"],
        &id(&good),
        2,
        "needs exactly one --aud",
    );
    expect(
        &["--profile", "id-token"],
        &id(&good),
        2,
        "needs exactly one --aud",
    );
    expect(
        &["--profile", "id-token", "--aud", "app", "--signature-only"],
        &id(&good),
        2,
        "cannot be used with",
    );
    // The access token comes as a token does: from a file (or standard input), so that a
    // bearer token need not be in the command line.
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("at");
    std::fs::write(&at, format!("{access_token}\n")).unwrap();
    let from_file = format!("@{}", at.display());
    let args = [
        "--profile",
        "id-token",
        "--aud",
        "app",
        "--access-token",
        &from_file,
    ];
    expect(&args, &id(&good), 0, "valid");
    let args = [
        "--profile",
        "id-token",
        "--aud",
        "app",
        "--access-token",
        "",
    ];
    expect(&args, &id(&good), 2, "the access token is empty");
}

/// --issuer implies --iss, which --signature-only leaves out: together they are refused, as
/// --iss with --signature-only is (found by the outside review: a tenant's token passed).
#[test]
fn issuer_with_signature_only_is_a_usage_error() {
    jwtctl()
        .args([
            "verify",
            "--issuer",
            "https://idp.example",
            "--signature-only",
        ])
        .arg("a.b.c")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be used with"));
}

#[test]
fn an_issuers_id_token_algorithms_bind_id_tokens() {
    use common::http::Server;
    let ec = fixture("ec-p256.pkcs8.pem");
    let rsa = fixture("rsa.pkcs8.pem");
    let set = jwtctl()
        .args(["jwks", "create"])
        .arg(fixture("ec-p256.spki.pem"))
        .arg(fixture("rsa.spki.pem"))
        .assert()
        .success();
    let set = stdout_of(&set);
    let issuer = |algs: Value| {
        let server = Server::start();
        let base = server.base.clone();
        let doc = json!({"issuer": base, "jwks_uri": format!("{base}/jwks"),
            "id_token_signing_alg_values_supported": algs});
        server.route(
            "/.well-known/openid-configuration",
            200,
            "",
            &doc.to_string(),
        );
        server.route("/jwks", 200, "", &set);
        (server, base)
    };
    let sign = |key: &std::path::Path, iss: &str| {
        let out = jwtctl()
            .args([
                "sign",
                "--kid",
                "thumbprint",
                "--exp",
                "1h",
                "--sub",
                "alice",
            ])
            .args(["--aud", "app", "--iss", iss, "--key"])
            .arg(key)
            .assert()
            .success();
        stdout_of(&out).trim().to_string()
    };
    let run = |base: &str, token: &str, profile: bool| {
        let mut cmd = jwtctl();
        cmd.args(["verify", "--json", "--issuer", base, "--aud", "app"]);
        if profile {
            cmd.args(["--profile", "id-token"]);
        }
        let out = cmd.arg(token).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (_server, base) = issuer(json!(["ES256", "none"]));
    let (code, _, err) = run(&base, &sign(&ec, &base), true);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(&base, &sign(&rsa, &base), true);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("\"alg_not_allowed\""), "{out}");
    assert!(
        err.contains("alg RS256 is not allowed (allowed: ES256)"),
        "{err}"
    );
    // Without the profile the list says nothing about the token: both keys verify.
    let (code, _, err) = run(&base, &sign(&rsa, &base), false);
    assert_eq!(code, 0, "{err}");
    // An issuer whose ID-token algorithms no key can verify: a key problem, exit 4.
    let (_server, base) = issuer(json!(["PS384"]));
    let (code, _, err) = run(&base, &sign(&ec, &base), true);
    assert_eq!(code, 4, "{err}");
    let error: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(error.len(), 1, "{err}");
    assert!(
        error[0].contains(
            "id_token_signing_alg_values_supported: no key given can verify any of PS384"
        ),
        "{err}"
    );
}
