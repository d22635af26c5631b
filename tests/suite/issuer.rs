//! `verify --issuer URL` (issue 18): the keys come from the issuer's metadata, OpenID Connect
//! Discovery 1.0 first and RFC 8414 when that is absent, served here by a loopback server
//! started by each test. Every hostile answer is refused with its exit code and one `error:`
//! line.

use crate::common;

use common::http::Server;
use common::{error_line, fixture, run_in as run};
use serde_json::json;

/// A token signed with the P-256 fixture, issued by `iss` for `api`.
fn token(iss: &str) -> String {
    let key = fixture("ec-p256.pkcs8.pem");
    let (code, out, err) = run(
        &[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--iss",
            iss,
            "--aud",
            "api",
            "--exp",
            "1h",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    out.trim().to_string()
}

/// The public JWK Set of the P-256 fixture.
fn jwks() -> String {
    let spki = fixture("ec-p256.spki.pem");
    let (code, out, err) = run(&["jwks", "create", spki.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    out
}

const OIDC: &str = "/.well-known/openid-configuration";

/// An issuer on `server` at its base URL whose metadata (at `OIDC`) is `metadata` plus issuer
/// and jwks_uri (`/jwks`, serving the fixture's set).
fn issuer(server: &Server, metadata: serde_json::Value) -> String {
    let base = server.base.clone();
    let mut doc = json!({"issuer": base, "jwks_uri": format!("{base}/jwks")});
    doc.as_object_mut()
        .unwrap()
        .extend(metadata.as_object().unwrap().clone());
    server.route(OIDC, 200, "", &doc.to_string());
    server.route("/jwks", 200, "", &jwks());
    base
}

#[test]
fn keys_come_from_the_issuers_metadata_and_the_issuer_is_required() {
    let server = Server::start();
    let base = issuer(&server, json!({}));
    let (code, out, err) = run(
        &["verify", "--issuer", &base, "--aud", "api", &token(&base)],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"aud\""), "{out}");
    assert_eq!(server.requests(OIDC).len(), 1);
    assert_eq!(server.requests("/jwks").len(), 1);

    // --issuer implies --iss: a token from anyone else is refused, and a flag is named.
    let (code, _, err) = run(
        &["verify", "--issuer", &base, &token("https://rogue.example")],
        "",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        error_line(&err).contains("issuer_mismatch")
            && error_line(&err).contains("\"https://rogue.example\""),
        "{err}"
    );
    let key = fixture("ec-p256.pkcs8.pem");
    let (_, no_iss, _) = run(&["sign", "--key", key.to_str().unwrap(), "--exp", "1h"], "");
    let (code, _, err) = run(&["verify", "--issuer", &base, no_iss.trim()], "");
    assert_eq!(code, 1, "{err}");
    assert!(
        error_line(&err).contains("token has no iss claim (--issuer is set)"),
        "{err}"
    );
    // An --iss that says the same is harmless; one that contradicts it is a usage error.
    let (code, _, err) = run(
        &["verify", "--issuer", &base, "--iss", &base, &token(&base)],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &[
            "verify",
            "--issuer",
            &base,
            "--iss",
            "https://other.example",
            &token(&base),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert!(error_line(&err).contains("contradicts --issuer"), "{err}");
    // One key source: --issuer with --jwks is a usage error.
    let (code, _, err) = run(
        &[
            "verify",
            "--issuer",
            &base,
            "--jwks",
            &format!("{base}/jwks"),
            &token(&base),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn rfc_8414_metadata_is_the_fallback_when_openid_configuration_is_absent() {
    let server = Server::start();
    let issuer = format!("{}/tenant/1", server.base);
    let doc = json!({"issuer": issuer, "jwks_uri": format!("{}/keys", server.base)});
    server.route(
        "/.well-known/oauth-authorization-server/tenant/1",
        200,
        "",
        &doc.to_string(),
    );
    server.route("/keys", 200, "", &jwks());
    let (code, _, err) = run(&["verify", "--issuer", &issuer, &token(&issuer)], "");
    assert_eq!(code, 0, "{err}");
    // OpenID Connect Discovery was asked first, at the issuer's path.
    assert_eq!(
        server
            .requests("/tenant/1/.well-known/openid-configuration")
            .len(),
        1
    );

    // Neither document: a network failure naming both URLs.
    let empty = Server::start();
    let (code, _, err) = run(
        &["verify", "--issuer", &empty.base, &token(&empty.base)],
        "",
    );
    assert_eq!(code, 5, "{err}");
    assert!(
        error_line(&err).contains("publishes no metadata")
            && error_line(&err).contains("oauth-authorization-server"),
        "{err}"
    );
    // A server error is not an absent document: no fallback, the error is reported.
    let broken = Server::start();
    broken.route(OIDC, 500, "", "{}");
    broken.route(
        "/.well-known/oauth-authorization-server",
        200,
        "",
        &json!({"issuer": broken.base, "jwks_uri": format!("{}/jwks", broken.base)}).to_string(),
    );
    let (code, _, err) = run(
        &["verify", "--issuer", &broken.base, &token(&broken.base)],
        "",
    );
    assert_eq!(code, 5, "{err}");
    assert!(error_line(&err).contains("HTTP status 500"), "{err}");
}

#[test]
fn batch_mode_discovers_once_per_run() {
    let server = Server::start();
    let base = issuer(&server, json!({}));
    let good = token(&base);
    let lines = format!(
        "{good}\n{good}\n{}\n{good}\n",
        token("https://rogue.example")
    );
    let (code, out, err) = run(&["verify", "--issuer", &base, "--batch"], &lines);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(err.contains("3 valid, 1 rejected"), "{err}");
    assert_eq!(server.requests(OIDC).len(), 1);
    assert_eq!(server.requests("/jwks").len(), 1);
}

/// One case per hostile answer: (what the metadata says or how it is served, exit, message).
#[test]
fn hostile_metadata_is_refused() {
    // The document names another issuer (OpenID Connect Discovery §4.3): exit 4, whatever the
    // difference (a trailing slash, the case of the host, another host).
    for named in ["{base}/", "{base}.evil", "https://idp.example"] {
        let server = Server::start();
        let base = server.base.clone();
        let named = named.replace("{base}", &base);
        issuer(&server, json!({"issuer": named}));
        let (code, _, err) = run(&["verify", "--issuer", &base, &token(&base)], "");
        assert_eq!(code, 4, "{named}: {err}");
        assert!(
            error_line(&err).contains("its keys are not trusted"),
            "{err}"
        );
        assert!(server.requests("/jwks").is_empty(), "keys fetched anyway");
    }
    let cases: Vec<(serde_json::Value, i32, &str)> = vec![
        // Keys over plain http from another host (the issuer is on this machine).
        (
            json!({"jwks_uri": "http://keys.example/jwks"}),
            4,
            "jwks_uri \"http://keys.example/jwks\" is not https",
        ),
        (
            json!({"jwks_uri": "file:///etc/passwd"}),
            4,
            "is not an http(s) URL",
        ),
        (
            json!({"jwks_uri": null}),
            4,
            "jwks_uri is null, not a string",
        ),
        (
            json!({"id_token_signing_alg_values_supported": "RS256"}),
            4,
            "not an array",
        ),
    ];
    for (metadata, exit, message) in cases {
        let server = Server::start();
        let base = issuer(&server, metadata.clone());
        let (code, _, err) = run(&["verify", "--issuer", &base, &token(&base)], "");
        assert_eq!(code, exit, "{metadata}: {err}");
        assert!(error_line(&err).contains(message), "{metadata}: {err}");
    }
    // How the document is served: (status, headers, body, exit, message).
    let huge = format!("{{\"x\":\"{}\"}}", "a".repeat(1024 * 1024));
    let served: Vec<(u16, &str, String, i32, &str)> = vec![
        (200, "", "<html>hello</html>".into(), 4, "not a JSON object"),
        (200, "", "[1,2]".into(), 4, "not a JSON object"),
        (200, "", huge, 5, "larger than the 1024 KiB limit"),
        (
            302,
            "Location: file:///etc/passwd\r\n",
            String::new(),
            5,
            "not an http(s) URL",
        ),
        (
            302,
            "Location: http://idp.example/.well-known/openid-configuration\r\n",
            String::new(),
            5,
            "plain http on another host; refused",
        ),
        (
            302,
            "Location: /.well-known/openid-configuration\r\n",
            String::new(),
            5,
            "more than 3 redirects",
        ),
    ];
    for (status, headers, body, exit, message) in served {
        let server = Server::start();
        server.route(OIDC, status, headers, &body);
        let base = server.base.clone();
        let (code, _, err) = run(&["verify", "--issuer", &base, &token(&base)], "");
        assert_eq!(code, exit, "{status} {headers}: {err}");
        assert!(
            error_line(&err).contains(message),
            "{status} {headers}: {err}"
        );
        assert!(
            !error_line(&err).contains("hello"),
            "the body reached the terminal: {err}"
        );
    }
    // A redirect within this machine is followed; the issuer is still compared exactly.
    let server = Server::start();
    let base = issuer(&server, json!({}));
    let moved = Server::start();
    moved.route(OIDC, 301, &format!("Location: {base}{OIDC}\r\n"), "");
    let (code, _, err) = run(
        &["verify", "--issuer", &moved.base, &token(&moved.base)],
        "",
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        error_line(&err).contains("its keys are not trusted"),
        "{err}"
    );
}

#[test]
fn the_issuer_url_itself_is_checked() {
    let t = token("http://idp.example");
    for (url, message) in [
        ("http://idp.example", "plain http on another machine"),
        ("https://idp.example/?tenant=1", "has a query or a fragment"),
        ("idp.example", "is not an https URL"),
    ] {
        let (code, _, err) = run(&["verify", "--issuer", url, &t], "");
        assert_eq!(code, 2, "{url}: {err}");
        assert!(error_line(&err).contains(message), "{url}: {err}");
    }
}
