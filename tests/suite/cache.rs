//! The JWKS cache of `verify --issuer` and `verify --jwks URL` (issue 18): fresh copies make no
//! request, stale ones are revalidated with their ETag, an unknown kid refetches once per
//! cooldown (a key rotation just works, in single and batch mode), `--offline` and
//! `--no-cache`, and cache files that are corrupt, foreign or not files at all. The issuer is a
//! loopback server started by each test, which counts the requests.

use crate::common;

use std::path::{Path, PathBuf};

use common::http::Server;
use common::{error_line, fixture, jwtctl, run_in as run};
use serde_json::{Value, json};

/// A token for `iss` signed by the fixture `key` (its thumbprint as kid).
fn token(key: &str, iss: &str) -> String {
    let (code, out, err) = run(
        &[
            "sign",
            "--key",
            fixture(key).to_str().unwrap(),
            "--kid",
            "thumbprint",
            "--iss",
            iss,
            "--exp",
            "1h",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    out.trim().to_string()
}

/// The public set of the fixture key `public`.
fn set_of(public: &str) -> String {
    let (code, out, err) = run(&["jwks", "create", fixture(public).to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    out
}

const OIDC: &str = "/.well-known/openid-configuration";
const P256: (&str, &str) = ("ec-p256.pkcs8.pem", "ec-p256.spki.pem");
const P384: (&str, &str) = ("ec-p384.pkcs8.pem", "ec-p384.spki.pem");

/// An issuer serving metadata and the set of `key`, with `headers` on the set.
fn issuer(key: (&str, &str), headers: &str) -> Server {
    let server = Server::start();
    let base = server.base.clone();
    let doc = json!({"issuer": base, "jwks_uri": format!("{base}/jwks")});
    server.route(OIDC, 200, "", &doc.to_string());
    server.route("/jwks", 200, headers, &set_of(key.1));
    server
}

fn verify(server: &Server, dir: &Path, token: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "verify",
        "--issuer",
        &server.base,
        "--cache-dir",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    if !token.is_empty() {
        args.push(token);
    }
    run(&args, "")
}

/// The cache file of `url` in `dir`, read back.
fn cache_file(dir: &Path, url: &str) -> (PathBuf, Value) {
    let mut found = None;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if let Ok(v) = serde_json::from_str::<Value>(&text)
            && v["url"] == url
        {
            found = Some((path, v));
        }
    }
    found.unwrap_or_else(|| panic!("no cache file for {url} in {}", dir.display()))
}

/// Makes the cached copy of `url` stale, as if fetched an hour ago.
fn make_stale(dir: &Path, url: &str) {
    let (path, mut v) = cache_file(dir, url);
    v["fetched_at"] = json!(v["fetched_at"].as_i64().unwrap() - 7200);
    v["fresh_until"] = json!(v["fetched_at"].as_i64().unwrap() + 300);
    std::fs::write(path, v.to_string()).unwrap();
}

#[test]
fn a_second_run_makes_no_request_and_freshness_follows_max_age() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(
        P256,
        "Cache-Control: public, max-age=600\r\nETag: \"v1\"\r\n",
    );
    let t = token(P256.0, &server.base);
    for _ in 0..3 {
        let (code, _, err) = verify(&server, dir.path(), &t, &[]);
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(server.requests(OIDC).len(), 1);
    assert_eq!(server.requests("/jwks").len(), 1);
    let (path, v) = cache_file(dir.path(), &format!("{}/jwks", server.base));
    assert_eq!(
        v["fresh_until"].as_i64().unwrap() - v["fetched_at"].as_i64().unwrap(),
        600
    );
    assert_eq!(v["etag"], "\"v1\"");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Atomic writes leave no temporary file behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".json") && !n.starts_with('.'))
    );

    // The floor and the ceiling.
    for (header, seconds) in [
        ("Cache-Control: max-age=0\r\n", 300),
        ("Cache-Control: no-store\r\n", 300),
        ("", 300),
        ("Cache-Control: max-age=31536000\r\n", 86400),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let server = issuer(P256, header);
        let (code, _, err) = verify(&server, dir.path(), &token(P256.0, &server.base), &[]);
        assert_eq!(code, 0, "{err}");
        let (_, v) = cache_file(dir.path(), &format!("{}/jwks", server.base));
        let got = v["fresh_until"].as_i64().unwrap() - v["fetched_at"].as_i64().unwrap();
        assert_eq!(got, seconds, "{header}");
    }
}

#[test]
fn a_stale_copy_is_revalidated_with_its_etag() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "ETag: \"v1\"\r\n");
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let jwks = format!("{}/jwks", server.base);
    make_stale(dir.path(), &jwks);
    // The server now answers 304 Not Modified, with no body: the held copy is used.
    server.route("/jwks", 304, "Cache-Control: max-age=900\r\n", "");
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let requests = server.requests("/jwks");
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1]
            .to_ascii_lowercase()
            .contains("if-none-match: \"v1\""),
        "{}",
        requests[1]
    );
    let (_, v) = cache_file(dir.path(), &jwks);
    assert_eq!(
        v["fresh_until"].as_i64().unwrap() - v["fetched_at"].as_i64().unwrap(),
        900
    );
    // A 304 to a request that was not conditional is not a document.
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = verify(&server, empty.path(), &t, &[]);
    assert_eq!(code, 5, "{err}");
    assert!(error_line(&err).contains("HTTP status 304"), "{err}");
}

#[test]
fn an_unknown_kid_refetches_once_per_cooldown() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "Cache-Control: max-age=3600\r\n");
    let (code, _, err) = verify(&server, dir.path(), &token(P256.0, &server.base), &[]);
    assert_eq!(code, 0, "{err}");
    // The issuer rotates to a new key; the cached set is still fresh.
    server.route("/jwks", 200, "", &set_of(P384.1));
    let (code, _, err) = verify(&server, dir.path(), &token(P384.0, &server.base), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 2);
    // A token naming a kid the set does not have, within the cooldown: no request, rejected.
    server.route("/jwks", 200, "", &set_of("ed25519.spki.pem"));
    let rogue = token("ed25519.pkcs8.pem", &server.base);
    for _ in 0..3 {
        let (code, _, err) = verify(&server, dir.path(), &rogue, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(error_line(&err).contains("unknown_kid"), "{err}");
    }
    assert_eq!(server.requests("/jwks").len(), 2);
    // After the cooldown, one refetch again.
    let jwks = format!("{}/jwks", server.base);
    let (path, mut v) = cache_file(dir.path(), &jwks);
    v["refetched_at"] = json!(v["refetched_at"].as_i64().unwrap() - 61);
    std::fs::write(path, v.to_string()).unwrap();
    let (code, _, err) = verify(&server, dir.path(), &rogue, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 3);
}

#[test]
fn a_rotation_in_the_middle_of_a_batch_costs_one_request() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "Cache-Control: max-age=3600\r\n");
    let old = token(P256.0, &server.base);
    let new = token(P384.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &old, &[]);
    assert_eq!(code, 0, "{err}");
    // The set the issuer publishes after the rotation still has the old key (an overlap).
    let both = json!({"keys": [
        serde_json::from_str::<Value>(&set_of(P256.1)).unwrap()["keys"][0],
        serde_json::from_str::<Value>(&set_of(P384.1)).unwrap()["keys"][0],
    ]});
    server.route("/jwks", 200, "", &both.to_string());
    let mut lines = String::new();
    for i in 0..400 {
        lines.push_str(if i < 200 { &old } else { &new });
        lines.push('\n');
    }
    let out = jwtctl()
        .args(["verify", "--batch", "--issuer", &server.base, "--cache-dir"])
        .arg(dir.path())
        .write_stdin(lines)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("400 valid, 0 rejected"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let numbers: Vec<u64> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(numbers, (1..=400).collect::<Vec<u64>>());
    assert_eq!(server.requests(OIDC).len(), 1);
    assert_eq!(server.requests("/jwks").len(), 2);
}

#[test]
fn offline_uses_the_cache_alone_and_no_cache_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "");
    let t = token(P256.0, &server.base);
    // Nothing cached yet: exit 5, no request.
    let (code, _, err) = verify(&server, dir.path(), &t, &["--offline"]);
    assert_eq!(code, 5, "{err}");
    assert!(error_line(&err).contains("--offline: the cache"), "{err}");
    assert!(server.requests(OIDC).is_empty());
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = verify(&server, dir.path(), &t, &["--offline"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests(OIDC).len(), 1);
    assert_eq!(server.requests("/jwks").len(), 1);
    // An unknown kid offline: rejected, no request.
    let (code, _, err) = verify(
        &server,
        dir.path(),
        &token(P384.0, &server.base),
        &["--offline"],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(server.requests("/jwks").len(), 1);
    // Stale is not fresh enough.
    make_stale(dir.path(), &format!("{}/jwks", server.base));
    let (code, _, err) = verify(&server, dir.path(), &t, &["--offline"]);
    assert_eq!(code, 5, "{err}");
    assert!(error_line(&err).contains("holds no fresh copy"), "{err}");
    // --offline needs keys the cache can hold.
    let (code, _, err) = run(
        &[
            "verify",
            "--offline",
            "--key",
            fixture(P256.1).to_str().unwrap(),
            &t,
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");

    // --no-cache: every run asks, nothing is written.
    let fresh = Server::start();
    let base = fresh.base.clone();
    fresh.route(
        OIDC,
        200,
        "",
        &json!({"issuer": base, "jwks_uri": format!("{base}/jwks")}).to_string(),
    );
    fresh.route("/jwks", 200, "", &set_of(P256.1));
    let t = token(P256.0, &base);
    for _ in 0..2 {
        let (code, _, err) = run(&["verify", "--issuer", &base, "--no-cache", &t], "");
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(fresh.requests("/jwks").len(), 2);
    let home = common::cache_home().join("jwtctl");
    for entry in std::fs::read_dir(&home).into_iter().flatten() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(!text.contains(&base), "--no-cache wrote {text}");
    }
    // --jwks URL goes through the cache too.
    let (code, _, err) = run(
        &[
            "verify",
            "--jwks",
            &format!("{base}/jwks"),
            "--cache-dir",
            dir.path().to_str().unwrap(),
            &t,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &[
            "verify",
            "--offline",
            "--jwks",
            &format!("{base}/jwks"),
            "--cache-dir",
            dir.path().to_str().unwrap(),
            &t,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(fresh.requests("/jwks").len(), 3);
}

#[test]
fn corrupt_foreign_and_odd_cache_files_are_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "Cache-Control: max-age=3600\r\n");
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let jwks = format!("{}/jwks", server.base);
    let (path, good) = cache_file(dir.path(), &jwks);

    // Corrupt: ignored, fetched again, replaced by a good file.
    std::fs::write(&path, b"{\"jwtctl_cache\":1,\"url\":").unwrap();
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 2);
    assert_eq!(cache_file(dir.path(), &jwks).1["url"], good["url"]);

    // Foreign: a fresh cache file for another URL, holding an attacker's key, put in its
    // place: ignored (the attacker's token is refused), and replaced.
    let mut foreign = good.clone();
    foreign["url"] = json!("https://attacker.example/jwks");
    foreign["document"] = serde_json::from_str(&set_of(P384.1)).unwrap();
    std::fs::write(&path, foreign.to_string()).unwrap();
    let attacker = token(P384.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &attacker, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(error_line(&err).contains("unknown_kid"), "{err}");
    assert_eq!(cache_file(dir.path(), &jwks).1["url"], json!(jwks));

    // A secret planted in a cache file is refused as in a fetched set (a published set is
    // public), never used.
    let (path, mut planted) = cache_file(dir.path(), &jwks);
    planted["fresh_until"] = json!(planted["fetched_at"].as_i64().unwrap() + 3600);
    planted["document"] = json!({"keys": [{"kty": "oct", "kid": "s", "alg": "HS256",
        "k": "BxDRKH7ec8NtC3R8RYHqoyUUGf76JqiLXL5nS0fG2KU"}]});
    std::fs::write(&path, planted.to_string()).unwrap();
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");

    // Not a regular file (a FIFO would block a reader): ignored, left alone, a warning.
    #[cfg(unix)]
    {
        std::fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if made.is_ok_and(|s| s.success()) {
            let (code, _, err) = verify(&server, dir.path(), &t, &[]);
            assert_eq!(code, 0, "{err}");
            assert!(err.contains("the JWKS cache was not updated"), "{err}");
        }
    }
}

#[test]
fn the_cache_holds_public_keys_only() {
    let dir = tempfile::tempdir().unwrap();
    let (code, private, err) = run(
        &[
            "jwks",
            "convert",
            fixture(P256.0).to_str().unwrap(),
            "--to",
            "jwk",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let mut jwk: Value = serde_json::from_str(&private).unwrap();
    assert!(jwk.get("d").is_some());
    jwk["kid"] = json!("k1");
    let server = Server::start();
    let base = server.base.clone();
    server.route(
        OIDC,
        200,
        "",
        &json!({"issuer": base, "jwks_uri": format!("{base}/jwks")}).to_string(),
    );
    server.route("/jwks", 200, "", &json!({"keys": [jwk]}).to_string());
    let t = token(P256.0, &base);
    let _ = verify(&server, dir.path(), &t, &[]);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        if let Some(keys) = v["document"]["keys"].as_array() {
            for key in keys {
                assert!(key.get("d").is_none(), "{text}");
            }
        }
    }
}

/// A cache directory or file that others can write is not read: a key set someone else could
/// have put there is never trusted.
#[cfg(unix)]
#[test]
fn a_cache_others_can_write_is_not_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "Cache-Control: max-age=3600\r\n");
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let set = |mode| std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(mode));
    set(0o777).unwrap();
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("is writable by others, so it is not read"),
        "{err}"
    );
    assert_eq!(server.requests("/jwks").len(), 2);
    set(0o700).unwrap();
    let (path, _) = cache_file(dir.path(), &format!("{}/jwks", server.base));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    // The warning names the file, not its (private) directory.
    let said = format!(
        "the JWKS cache file {} is writable by others",
        path.display()
    );
    assert!(err.contains(&said), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
    assert_eq!(server.requests("/jwks").len(), 3);
    // Replaced by a private file: read again.
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 3);
}

/// A record fresh for longer than the ceiling (a day) was not written by jwtctl: a planted
/// record a year fresh is stale, and the set is fetched again.
#[test]
fn a_record_fresher_than_the_ceiling_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "Cache-Control: max-age=3600\r\n");
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 1);
    let url = format!("{}/jwks", server.base);
    let (path, mut v) = cache_file(dir.path(), &url);
    v["fresh_until"] = json!(v["fetched_at"].as_i64().unwrap() + 365 * 24 * 3600);
    std::fs::write(&path, v.to_string()).unwrap();
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 2, "{err}");
    // Rewritten by that fetch within the ceiling, and honoured again.
    let (_, v) = cache_file(dir.path(), &url);
    assert_eq!(
        v["fresh_until"].as_i64().unwrap() - v["fetched_at"].as_i64().unwrap(),
        3600
    );
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(server.requests("/jwks").len(), 2);
}

/// A cache that cannot be written is said once a run, not once a document.
#[test]
fn a_cache_that_cannot_be_written_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let server = issuer(P256, "");
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, &blocker.join("cache"), &t, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.matches("the JWKS cache was not updated").count(),
        1,
        "{err}"
    );
}

/// The cache keeps at most 64 files: after a write, the oldest cache files beyond that are
/// removed (by modification time), and nothing else in the directory is touched.
#[test]
fn the_cache_keeps_at_most_64_files() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let name = |i: usize| format!("{:A>43}.json", i);
    for i in 0..70 {
        let path = dir.path().join(name(i));
        std::fs::write(&path, r#"{"jwtctl_cache":1}"#).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(old + std::time::Duration::from_secs(i as u64))
            .unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    // A file of the user's with a cache file's shape of name (a `<thumbprint>.json`), older
    // than all: not a cache record, so never removed.
    let theirs = format!("{}.json", "B".repeat(43));
    std::fs::write(dir.path().join(&theirs), r#"{"kty":"EC"}"#).unwrap();
    let file = std::fs::File::options()
        .write(true)
        .open(dir.path().join(&theirs))
        .unwrap();
    file.set_modified(old - std::time::Duration::from_secs(60))
        .unwrap();
    let server = issuer(P256, "");
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 66, "{names:?}");
    assert!(names.contains(&"notes.txt".to_string()));
    assert!(names.contains(&theirs));
    // The two documents just fetched are kept; the eight oldest planted files are gone.
    cache_file(dir.path(), &format!("{}/jwks", server.base));
    cache_file(dir.path(), &format!("{}{OIDC}", server.base));
    for i in 0..8 {
        assert!(!names.contains(&name(i)), "{i}");
    }
    assert!(names.contains(&name(8)));
}

/// A document whose cache record would not read back (metadata nested just under the JSON
/// depth limit, over it inside the record) is used but not written: no file that is corrupt
/// the moment it is written.
#[test]
fn a_document_whose_record_would_not_read_back_is_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let server = issuer(P256, "");
    let base = server.base.clone();
    let deep = format!("{}{}", "[".repeat(126), "]".repeat(126));
    let doc = format!(r#"{{"issuer":"{base}","jwks_uri":"{base}/jwks","x":{deep}}}"#);
    server.route(OIDC, 200, "", &doc);
    let t = token(P256.0, &server.base);
    let (code, _, err) = verify(&server, dir.path(), &t, &[]);
    assert_eq!(code, 0, "{err}");
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 1, "only the key set is cached");
    cache_file(dir.path(), &format!("{base}/jwks"));
}
