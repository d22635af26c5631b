//! `jwtctl dpop`: minted proofs checked by `dpop verify` and `decode`, the curl recipe of the
//! README against a loopback server, and the `--seen` replay store (replay, pruning, a corrupt
//! or hostile store, its bound). Golden cases with fixed proofs are in tests/cmd/dpop.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use serde_json::Value;

use crate::common::{self, fixture, jwtctl};

const URL: &str = "https://api.example/resource";
const EC: &str = "ec-p256.pkcs8.pem";

fn proof(args: &[&str]) -> String {
    let key = fixture(EC);
    let out = jwtctl()
        .args(["dpop", "proof", "--key"])
        .arg(&key)
        .args(args)
        .assert()
        .success();
    common::stdout_of(&out).trim().to_string()
}

fn verify(proof: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    jwtctl()
        .args(["dpop", "verify", "--method", "GET", "--url", URL])
        .args(args)
        .arg(proof)
        .assert()
}

#[test]
fn a_minted_proof_verifies_and_decodes_as_the_rfc_says() {
    let p = proof(&[
        "--method",
        "GET",
        "--url",
        "https://api.example/resource?q=1#frag",
        "--access-token",
        "@tests/fixtures/dpop/access-token.jwt",
        "--nonce",
        "n-7",
    ]);
    let out = verify(
        &p,
        &[
            "--json",
            "--nonce",
            "n-7",
            "--access-token",
            "@tests/fixtures/dpop/access-token.jwt",
        ],
    )
    .success();
    let v: Value = serde_json::from_str(&common::stdout_of(&out)).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["jkt"], "RD_D9jBMBv_Hupx-Btq6cEBTZBhTdbVOgFMarQgSk5Q");
    assert_eq!(v["header"]["typ"], "dpop+jwt");
    assert_eq!(v["header"]["alg"], "ES256");
    assert!(v["header"]["jwk"].get("d").is_none());
    assert_eq!(v["claims"]["htu"], URL);
    assert_eq!(v["claims"]["iat"], 1_767_225_600);
    assert_eq!(v["claims"]["nonce"], "n-7");
    assert_eq!(
        v["claims"]["ath"],
        "nYqj9WqwvPvfbnLPzpopjuZrGHU2Db5lqmDdoL_WEog"
    );
    // Proofs are one per request: the jti differs every time.
    let again = proof(&["--method", "GET", "--url", URL]);
    let out = jwtctl()
        .args(["decode", "--payload", &again])
        .assert()
        .success();
    let claims: Value = serde_json::from_str(&common::stdout_of(&out)).unwrap();
    assert_ne!(claims["jti"], v["claims"]["jti"]);
    // An RSA and an Ed25519 key make proofs too, each with its own alg.
    for (key, alg) in [("rsa.pkcs8.pem", "RS256"), ("ed25519.pkcs8.pem", "EdDSA")] {
        let out = jwtctl()
            .args(["dpop", "proof", "--method", "GET", "--url", URL, "--key"])
            .arg(fixture(key))
            .assert()
            .success();
        let p = common::stdout_of(&out).trim().to_string();
        let out = verify(&p, &["--json"]).success();
        let v: Value = serde_json::from_str(&common::stdout_of(&out)).unwrap();
        assert_eq!(v["header"]["alg"], alg);
    }
}

#[test]
fn an_unchecked_ath_is_said_on_stderr() {
    let p = proof(&["--method", "GET", "--url", URL, "--access-token", "opaque"]);
    verify(&p, &[])
        .success()
        .stderr(predicates::str::contains("warning: the proof carries ath"));
}

/// The README's recipe: curl sends a fresh proof and the access token; the loopback server
/// hands what it received to `dpop verify`.
#[test]
fn the_curl_recipe_sends_a_proof_the_server_accepts() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        common::skip("the curl recipe (curl is not installed)");
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/api/items?page=2",
        listener.local_addr().unwrap().port()
    );
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            request.push(line.trim_end().to_string());
        }
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            .unwrap();
        request
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/dpop/access-token.jwt",
        dir.path().join("at"),
    )
    .unwrap();
    std::fs::copy(fixture(EC), dir.path().join("k.pem")).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_jwtctl")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"curl -sf -H "DPoP: $(jwtctl dpop proof --key k.pem --method GET --url "$U" --access-token @at)" -H "Authorization: DPoP $(cat at)" "$U""#)
        .env("U", &url)
        .env("PATH", path)
        .env_remove("JWTCTL_NOW")
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success(), "curl failed: {status}");
    let request = server.join().unwrap();
    let header = |name: &str| {
        request
            .iter()
            .find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
            .unwrap_or_else(|| panic!("no {name} header in {request:?}"))
    };
    assert!(
        request[0].starts_with("GET /api/items?page=2 "),
        "{request:?}"
    );
    let authorization = header("Authorization");
    let token = authorization.strip_prefix("DPoP ").unwrap();
    // The server's view: the request's method and URL, the token it was sent, its clock.
    std::process::Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .env_remove("JWTCTL_NOW")
        .args([
            "dpop",
            "verify",
            "--method",
            "GET",
            "--url",
            &url,
            "--access-token",
            token,
        ])
        .arg(header("DPoP"))
        .output()
        .map(|out| {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        })
        .unwrap();
}

#[test]
fn the_seen_store_rejects_a_replay_and_forgets_after_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("seen");
    let store_arg = store.to_str().unwrap();
    let p = proof(&["--method", "GET", "--url", URL]);
    verify(&p, &["--seen", store_arg]).success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&store).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&store).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    verify(&p, &["--seen", store_arg, "--json"])
        .code(1)
        .stdout(predicates::str::contains(r#""code":"replayed""#))
        .stderr(predicates::str::starts_with(
            "error: replayed: a proof with jti",
        ));
    // Another proof is another jti.
    let q = proof(&["--method", "GET", "--url", URL]);
    verify(&q, &["--seen", store_arg]).success();
    assert_eq!(std::fs::read_to_string(&store).unwrap().lines().count(), 3);
    // Ten minutes later both are out of the window (too old), and a fresh proof prunes them.
    let later = "1767226200";
    let fresh = {
        let out = jwtctl()
            .args([
                "--now", later, "dpop", "proof", "--method", "GET", "--url", URL, "--key",
            ])
            .arg(fixture(EC))
            .assert()
            .success();
        common::stdout_of(&out).trim().to_string()
    };
    jwtctl()
        .args([
            "--now", later, "dpop", "verify", "--method", "GET", "--url", URL,
        ])
        .args(["--seen", store_arg])
        .arg(&fresh)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&store).unwrap().lines().count(), 2);
    // A rejected proof is not recorded.
    let before = std::fs::read(&store).unwrap();
    jwtctl()
        .args(["dpop", "verify", "--method", "POST", "--url", URL])
        .args(["--seen", store_arg])
        .arg(proof(&["--method", "GET", "--url", URL]))
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

/// `dpop verify --seen STORE PROOF` as a process of its own, not waited for.
fn spawn_verify(store: &Path, proof: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .args(["--now", common::NOW, "dpop", "verify", "--method", "GET"])
        .args(["--url", URL, "--seen"])
        .arg(store)
        .arg(proof)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn verifiers_on_one_store_take_turns_so_a_proof_is_accepted_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("seen");
    // While another run holds the store, a run waits for it rather than read a store that is
    // about to change.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join("seen.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut waiting = spawn_verify(&store, &proof(&["--method", "GET", "--url", URL]));
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the run did not wait for the store's lock"
    );
    lock.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    // A lock file removed while a run waits on it (a cleaner of old files) is opened again,
    // not taken as the lock: another run may hold the new one.
    let lock_path = dir.path().join("seen.lock");
    lock.lock().unwrap();
    let mut waiting = spawn_verify(&store, &proof(&["--method", "GET", "--url", URL]));
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::remove_file(&lock_path).unwrap();
    let new_lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap();
    new_lock.lock().unwrap();
    lock.unlock().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the run took a lock on a removed lock file"
    );
    new_lock.unlock().unwrap();
    assert!(waiting.wait().unwrap().success());
    drop(new_lock);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    // Eight runs at once with one proof: one accepts it, seven see a replay; on a store that
    // exists and on one that does not yet.
    let at_once = |store: &Path, p: &str| {
        let runs: Vec<_> = (0..8).map(|_| spawn_verify(store, p)).collect();
        let mut codes: Vec<i32> = runs
            .into_iter()
            .map(|mut c| c.wait().unwrap().code().unwrap())
            .collect();
        codes.sort_unstable();
        codes
    };
    let p = proof(&["--method", "GET", "--url", URL]);
    assert_eq!(at_once(&store, &p), [0, 1, 1, 1, 1, 1, 1, 1]);
    assert_eq!(std::fs::read_to_string(&store).unwrap().lines().count(), 4);
    let fresh = dir.path().join("fresh");
    assert_eq!(at_once(&fresh, &p), [0, 1, 1, 1, 1, 1, 1, 1]);
    // Eight proofs at once on a new store: each is kept, none lost to another run's rewrite.
    let newer = dir.path().join("newer");
    let proofs: Vec<String> = (0..8)
        .map(|_| proof(&["--method", "GET", "--url", URL]))
        .collect();
    let runs: Vec<_> = proofs.iter().map(|p| spawn_verify(&newer, p)).collect();
    for mut run in runs {
        assert!(run.wait().unwrap().success());
    }
    assert_eq!(std::fs::read_to_string(&newer).unwrap().lines().count(), 9);
    // A run still reading its proof holds no lock: another run goes ahead meanwhile.
    let mut reading = std::process::Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .args(["--now", common::NOW, "dpop", "verify", "--method", "GET"])
        .args(["--url", URL, "--seen"])
        .arg(&store)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    verify(
        &proof(&["--method", "GET", "--url", URL]),
        &["--seen", store.to_str().unwrap()],
    )
    .success();
    let mut stdin = reading.stdin.take().unwrap();
    stdin
        .write_all(proof(&["--method", "GET", "--url", URL]).as_bytes())
        .unwrap();
    drop(stdin);
    assert!(reading.wait().unwrap().success());
    // A lock that is not a file is refused before the store is read.
    drop(lock);
    std::fs::remove_file(dir.path().join("seen.lock")).unwrap();
    std::fs::create_dir(dir.path().join("seen.lock")).unwrap();
    verify(
        &proof(&["--method", "GET", "--url", URL]),
        &["--seen", store.to_str().unwrap()],
    )
    .code(5)
    .stderr(predicates::str::contains("seen.lock is not a regular file"));
}

#[test]
fn runs_with_a_narrower_window_keep_what_a_wider_one_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("seen");
    let store_arg = store.to_str().unwrap();
    // Made ten minutes ago: too old for the default five-minute window, not for an hour's.
    let ten_minutes_ago = (common::NOW.parse::<i64>().unwrap() - 600).to_string();
    let old = {
        let out = jwtctl()
            .args([
                "--now",
                &ten_minutes_ago,
                "dpop",
                "proof",
                "--method",
                "GET",
            ])
            .args(["--url", URL, "--key"])
            .arg(fixture(EC))
            .assert()
            .success();
        common::stdout_of(&out).trim().to_string()
    };
    verify(&old, &["--max-age", "1h", "--seen", store_arg]).success();
    // A five-minute run reads the store (and would have dropped the ten-minute-old entry),
    // saying that the store keeps proofs longer than it would...
    verify(
        &proof(&["--method", "GET", "--url", URL]),
        &["--seen", store_arg],
    )
    .success()
    .stderr(predicates::str::contains("keeps proofs for 3600 s"));
    // ...yet the hour-long run still knows the proof.
    verify(&old, &["--max-age", "1h", "--seen", store_arg])
        .code(1)
        .stderr(predicates::str::starts_with("error: replayed: "));
    let text = std::fs::read_to_string(&store).unwrap();
    assert!(
        text.starts_with("# jwtctl dpop seen v2 window=3600: "),
        "{text}"
    );
}

#[test]
fn a_corrupt_or_hostile_store_is_refused_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let p = proof(&["--method", "GET", "--url", URL]);
    let cases: [(&str, &[u8], i32, &str); 6] = [
        ("text", b"hello\n", 3, "not a store of seen proofs"),
        (
            "binary",
            b"\xff\xfe\x00\x1b[2J",
            3,
            "not a store of seen proofs",
        ),
        (
            "bad-line",
            b"# jwtctl dpop seen v1: iat sha256(jti)\n1767225600 \x1b[31mred\n",
            3,
            "line 2 is not an entry",
        ),
        ("directory", b"", 5, "cannot read"),
        // A FIFO would block the read forever; a symbolic link would be replaced by the
        // rewritten store, leaving the store it names behind.
        ("fifo", b"", 5, "not a regular file (a special file)"),
        ("symlink", b"", 5, "not a regular file (a symbolic link)"),
    ];
    for (name, bytes, code, message) in cases {
        let path = dir.path().join(name);
        match name {
            "directory" => std::fs::create_dir(&path).unwrap(),
            "fifo" => {
                let made = std::process::Command::new("mkfifo").arg(&path).status();
                assert!(made.is_ok_and(|s| s.success()), "mkfifo");
            }
            "symlink" => {
                let target = dir.path().join("symlink-target");
                std::fs::write(&target, b"").unwrap();
                std::os::unix::fs::symlink(&target, &path).unwrap();
            }
            _ => std::fs::write(&path, bytes).unwrap(),
        }
        let out = verify(&p, &["--seen", path.to_str().unwrap()])
            .code(code)
            .stdout("");
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        let first = stderr.lines().next().unwrap();
        assert!(
            first.starts_with("error: ") && first.contains("--seen "),
            "{name}: {stderr}"
        );
        assert!(first.contains(message), "{name}: {stderr}");
        assert!(!stderr.contains('\u{1b}'), "{name}: {stderr:?}");
        if !matches!(name, "directory" | "fifo") {
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was rewritten");
        }
        if name == "symlink" {
            assert!(
                std::fs::symlink_metadata(&path)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
    }
    // Over the size limit: refused as it is read, before anything else.
    let big = dir.path().join("big");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(6 * 1024 * 1024 + 1).unwrap();
    verify(&p, &["--seen", big.to_str().unwrap()])
        .code(3)
        .stderr(predicates::str::contains("limit"));
}

#[test]
fn hostile_inputs_get_one_error_line_and_their_exit_status() {
    let p = proof(&["--method", "GET", "--url", URL]);
    // A --jkt that is no thumbprint is a mistake in the command, not a proof bound elsewhere.
    let short = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9X";
    let cases: [(&[&str], &str, i32); 8] = [
        (&["--url", "https://api.example/\u{1b}[2J"], "", 2),
        (&["--method", "G\u{1b}T"], "", 2),
        (&[], "eyJhbGciOiJub25lIn0.e30.", 1),
        (&[], "a.b.c.d", 3),
        (&["--jkt", "\u{1b}]0;pwned\u{7}"], "", 2),
        (&["--jkt", short], "", 2),
        (&["--jkt", &format!("{short}s=")], "", 2),
        (&["--access-token", "@/nonexistent/at"], "", 5),
    ];
    for (args, text, code) in cases {
        let proof_text = if text.is_empty() { p.as_str() } else { text };
        let out = jwtctl()
            .args(["dpop", "verify", "--method", "GET", "--url", URL])
            .args(args)
            .arg(proof_text)
            .assert()
            .code(code);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "{stderr:?}"
        );
        assert!(stderr.lines().count() <= 2, "{stderr}");
    }
}

/// A whole DPoP exchange staged locally: the "authorization server" signs a token bound to the
/// client key (`sign --cnf-key`), the client proves possession, the "resource server" checks
/// the token (`verify`) and the proof with the binding read from the token's cnf.jkt.
#[test]
fn a_token_bound_with_sign_cnf_key_binds_the_proof() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("at");
    jwtctl()
        .args(["sign", "--key"])
        .arg(fixture("rsa.pkcs8.pem"))
        .args(["--sub", "alice", "--exp", "5m", "--cnf-key"])
        .arg(fixture("ec-p256.spki.pem"))
        .arg("--out")
        .arg(&at)
        .assert()
        .success();
    let at_arg = format!("@{}", at.display());
    let out = jwtctl()
        .args(["verify", "--key"])
        .arg(fixture("rsa.spki.pem"))
        .arg(&at_arg)
        .assert()
        .success();
    let claims: Value = serde_json::from_str(&common::stdout_of(&out)).unwrap();
    assert_eq!(
        claims["cnf"]["jkt"],
        "RD_D9jBMBv_Hupx-Btq6cEBTZBhTdbVOgFMarQgSk5Q"
    );
    let p = proof(&["--method", "GET", "--url", URL, "--access-token", &at_arg]);
    verify(&p, &["--access-token", &at_arg]).success();
    // The same request proved by another key: the token is not bound to it.
    let out = jwtctl()
        .args(["dpop", "proof", "--method", "GET", "--url", URL])
        .args(["--access-token", &at_arg, "--key"])
        .arg(fixture("ed25519.pkcs8.pem"))
        .assert()
        .success();
    let other = common::stdout_of(&out).trim().to_string();
    verify(&other, &["--access-token", &at_arg])
        .code(1)
        .stderr(predicates::str::starts_with(
            "error: jkt_mismatch: the access token is bound to key",
        ));
}
