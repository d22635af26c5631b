//! `jwtctl jwks`: round trips between PEM and JWK, the RFC 8037 thumbprint, and a real
//! `jwks serve` on an ephemeral loopback port that `verify --jwks URL` uses.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use common::{fixture, jwtctl, stdout_of};

#[test]
fn pem_to_jwk_to_pem_is_byte_identical_for_every_family() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "rsa.pkcs8.pem",
        "ec-p256.pkcs8.pem",
        "ec-p384.pkcs8.pem",
        "ec-p521.pkcs8.pem",
        "ed25519.pkcs8.pem",
    ] {
        for public in [false, true] {
            let mut args = vec!["jwks", "convert", "--to", "jwk"];
            if public {
                args.push("--public");
            }
            let source = fixture(name);
            let out = jwtctl().args(&args).arg(&source).assert().success();
            let jwk_path = dir.path().join(format!("{name}.{public}.jwk"));
            std::fs::write(&jwk_path, stdout_of(&out)).unwrap();
            let pem = jwtctl()
                .args(["jwks", "convert", "--to", "pem"])
                .arg(&jwk_path)
                .assert()
                .success();
            let expected = if public {
                std::fs::read_to_string(fixture(&name.replace("pkcs8", "spki"))).unwrap()
            } else {
                std::fs::read_to_string(&source).unwrap()
            };
            assert_eq!(stdout_of(&pem), expected, "{name} public={public}");
        }
    }
}

#[test]
fn rfc8037_ed25519_thumbprint() {
    let Some(dir) = common::vectors("the RFC 8037 thumbprint check") else {
        return;
    };
    let vectors =
        dir.join("jose-sources/erlang-jose/jose_SUITE_data/jose_cfrg_curves/a.1.jwk+json");
    // RFC 8037 appendix A.3.
    jwtctl()
        .args(["jwks", "thumbprint"])
        .arg(&vectors)
        .assert()
        .success()
        .stdout("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k\n");
}

/// A running `jwtctl jwks serve`, stopped (SIGINT) when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(keys: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jwtctl"))
            .args(["jwks", "serve", "--port", "0"])
            .args(keys)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with("/jwks.json"),
            "{url}"
        );
        Server { child, url }
    }

    fn base(&self) -> &str {
        self.url.trim_end_matches("/jwks.json")
    }

    /// Sends SIGINT and returns (exit code, stderr).
    fn stop(mut self) -> (Option<i32>, String) {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = self.child.wait().unwrap();
        (status.code(), stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A minimal HTTP/1.1 request; returns (status line, headers, body).
fn http(method: &str, url: &str) -> (String, Vec<String>, String) {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("").to_string();
    (
        status,
        lines.map(str::to_string).collect(),
        body.to_string(),
    )
}

#[test]
fn serve_publishes_the_public_set_and_verify_uses_it() {
    let server = Server::start(&[
        "tests/fixtures/keys/rsa.pkcs8.pem",
        "tests/fixtures/keys/ec-p256.sec1.pem",
    ]);
    for path in ["/jwks.json", "/.well-known/jwks.json", "/jwks.json?x=1"] {
        let (status, headers, body) = http("GET", &format!("{}{path}", server.base()));
        assert!(status.contains("200"), "{path}: {status}");
        assert!(
            headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case("content-type: application/json")),
            "{headers:?}"
        );
        assert!(
            headers
                .iter()
                .any(|h| h.to_ascii_lowercase().starts_with("cache-control:")),
            "{headers:?}"
        );
        let set: Value = serde_json::from_str(&body).unwrap();
        let keys = set["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        for k in keys {
            assert!(
                k.get("d").is_none() && k.get("p").is_none(),
                "private material served: {k}"
            );
            assert_eq!(k["use"], "sig");
        }
    }
    let (status, _, body) = http(
        "GET",
        &format!("{}/.well-known/openid-configuration", server.base()),
    );
    assert!(status.contains("200"));
    let config: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(config["issuer"], server.base());
    assert_eq!(
        config["jwks_uri"],
        format!("{}/.well-known/jwks.json", server.base())
    );
    let (status, _, body) = http("HEAD", &server.url);
    assert!(
        status.contains("200") && body.is_empty(),
        "{status} {body:?}"
    );
    let (status, _, _) = http("GET", &format!("{}/nothing", server.base()));
    assert!(status.contains("404"), "{status}");
    let (status, headers, _) = http("POST", &server.url);
    assert!(status.contains("405"), "{status}");
    assert!(
        headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("allow: GET, HEAD")),
        "{headers:?}"
    );

    // verify --jwks URL, directly and through the OpenID configuration.
    let token = stdout_of(
        &jwtctl()
            .args([
                "sign",
                "--key",
                "tests/fixtures/keys/ec-p256.sec1.pem",
                "--kid",
                "thumbprint",
                "--exp",
                "5m",
            ])
            .assert()
            .success(),
    );
    let token = token.trim();
    jwtctl()
        .args(["verify", "--jwks", &server.url, "-q", token])
        .assert()
        .success();
    let config_url = format!("{}/.well-known/openid-configuration", server.base());
    jwtctl()
        .args(["verify", "--jwks", &config_url, "-q", token])
        .assert()
        .success();
    // A kid the set does not have.
    let other = stdout_of(
        &jwtctl()
            .args([
                "sign",
                "--key",
                "tests/fixtures/keys/ec-p256.sec1.pem",
                "--kid",
                "rotated-away",
                "--exp",
                "5m",
            ])
            .assert()
            .success(),
    );
    let out = jwtctl()
        .args(["verify", "--json", "--jwks", &server.url, other.trim()])
        .assert()
        .code(1);
    assert!(stdout_of(&out).contains("\"unknown_kid\""));
    // jwks show reads URLs too.
    let out = jwtctl()
        .args(["jwks", "show", &server.url])
        .assert()
        .success();
    assert!(stdout_of(&out).contains("2 keys"));

    let (code, stderr) = server.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("GET /jwks.json 200"), "{stderr}");
    assert!(stderr.contains("POST /jwks.json 405"), "{stderr}");
    assert!(stderr.trim_end().ends_with("stopped"), "{stderr}");
}

#[test]
fn serve_refuses_secrets_and_bad_addresses() {
    jwtctl()
        .args([
            "jwks",
            "serve",
            "tests/fixtures/keys/hmac.jwk",
            "--port",
            "0",
        ])
        .assert()
        .code(4);
    jwtctl()
        .args([
            "jwks",
            "serve",
            "tests/fixtures/keys/rsa.spki.pem",
            "--bind",
            "localhost:80",
        ])
        .assert()
        .code(2);
}

/// A one-shot HTTP server on loopback answering every connection with `response`.
fn fake_server(response: Vec<u8>, connections: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(mut stream) = stream else { continue };
            // Read the whole request head, answer, then let the client close first.
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(&response);
            let _ = stream.shutdown(std::net::Shutdown::Write);
            let _ = stream.read_to_end(&mut request);
        }
    });
    format!("http://{addr}")
}

#[test]
fn jwks_urls_fail_with_exit_5_and_the_reason() {
    let token = "eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.c2ln";
    // Nothing listens on port 1.
    let out = jwtctl()
        .args(["verify", "--jwks", "http://127.0.0.1:1/jwks.json", token])
        .assert()
        .code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: cannot fetch http://127.0.0.1:1/jwks.json: "),
        "{stderr}"
    );
    // A body over 1 MiB.
    let big = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{{\"keys\":[{}]}}",
        2 * 1024 * 1024 + 11,
        " ".repeat(2 * 1024 * 1024)
    );
    let url = fake_server(big.into_bytes(), 1);
    let out = jwtctl()
        .args(["verify", "--jwks", &format!("{url}/jwks.json"), token])
        .assert()
        .code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("1024 KiB limit"), "{stderr}");
    // Redirects forever.
    let url = fake_server(
        // One answer per connection: a client that reused a connection the server had shut
        // would fail on that instead of on the redirects.
        b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .to_vec(),
        10,
    );
    let out = jwtctl()
        .args(["verify", "--jwks", &format!("{url}/jwks.json"), token])
        .assert()
        .code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("redirects"), "{stderr}");
    // A server that never answers: the timeout applies.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let out = jwtctl()
        .args([
            "verify",
            "--timeout",
            "1s",
            "--jwks",
            &format!("http://{addr}/jwks.json"),
            token,
        ])
        .assert()
        .code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("timed out"), "{stderr}");
    drop(listener);
    // HTTP errors name the status.
    let url = fake_server(
        b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n".to_vec(),
        1,
    );
    let out = jwtctl()
        .args(["verify", "--jwks", &format!("{url}/jwks.json"), token])
        .assert()
        .code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("HTTP status 500"), "{stderr}");
}

/// `--timeout` bounds the whole fetch of a URL, its redirects included: three answers of 0.6 s
/// each (two redirects, then the set) fit no 1 s deadline, though each fits 1 s alone.
#[test]
fn the_timeout_is_one_deadline_for_a_url_and_its_redirects() {
    let sign = |args: &[&str]| {
        let out = jwtctl().args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let key = fixture("ec-p256.pkcs8.pem");
    let token = sign(&[
        "sign",
        "--key",
        key.to_str().unwrap(),
        "--kid",
        "thumbprint",
        "--exp",
        "1h",
    ]);
    let set = sign(&[
        "jwks",
        "create",
        fixture("ec-p256.spki.pem").to_str().unwrap(),
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&request).into_owned();
            let response = match head.split_whitespace().nth(1) {
                Some("/a") => {
                    "HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                }
                Some("/b") => {
                    "HTTP/1.1 302 Found\r\nLocation: /c\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                }
                _ => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{set}",
                    set.len()
                ),
            };
            // One answer per connection (`Connection: close`), so that the client never sends
            // the next request on a connection this server has shut: whether it noticed the
            // shutdown first was a race ("Peer disconnected" instead of "timed out" under load).
            std::thread::sleep(Duration::from_millis(600));
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.shutdown(std::net::Shutdown::Write);
            let _ = stream.read_to_end(&mut request);
        }
    });
    let verify = |timeout: &str| {
        jwtctl()
            .args([
                "verify",
                "--no-cache",
                "--timeout",
                timeout,
                "--jwks",
                &format!("http://{addr}/a"),
                token.trim(),
            ])
            .output()
            .unwrap()
    };
    let out = verify("1s");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("timed out"), "{stderr}");
    // With time enough for the three answers, the same chain verifies.
    let out = verify("5s");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
