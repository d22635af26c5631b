//! Untrusted strings never drive the terminal (README "Security defaults"): an ESC, BEL, CSI, OSC, C1
//! or bidi character in a token, a key set, a JWE header or an HTTP request reaches stdout and
//! stderr of the human views made visible (`\x1b`, `\u{9b}`), overlong values are shortened,
//! and `--json` output stays exact JSON.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use common::{fixture, jwtctl, stdout_of};

const NOW: i64 = 1_767_225_600;

/// Retitles the terminal (OSC ... BEL), clears it (CSI 2J), colours through the 8-bit CSI,
/// reverses the text that follows, and returns the cursor to the start of the line.
const HOSTILE: &str = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}\r";

/// The terminal-driving bytes and characters, checked independently of jwtctl's own rule.
fn unsafe_chars(output: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(output)
        .chars()
        .filter(|&c| {
            (c < ' ' && c != '\n')
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

fn assert_safe(output: &[u8], what: &str) {
    let found = unsafe_chars(output);
    assert!(
        found.is_empty(),
        "{what} holds {found:?}:\n{}",
        String::from_utf8_lossy(output)
    );
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn hs256(header: &Value, claims: &Value) -> String {
    let secret = std::fs::read(fixture("hmac.secret")).unwrap();
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let key = hmac::Key::new(hmac::HMAC_SHA256, &secret);
    let tag = hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64(tag.as_ref()))
}

const SECRET: [&str; 2] = ["--secret", "@tests/fixtures/keys/hmac.secret"];

/// Runs jwtctl, checks that both streams are safe, returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = jwtctl();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.as_bytes().to_vec());
    }
    let out = cmd.output().unwrap();
    assert_safe(&out.stdout, &format!("stdout of {args:?}"));
    assert_safe(&out.stderr, &format!("stderr of {args:?}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn decode_shows_every_untrusted_string_escaped() {
    let header = json!({"alg": HOSTILE, "kid": HOSTILE, HOSTILE: "member name", "crit": [HOSTILE]});
    let secret_name = format!("password{HOSTILE}");
    let claims = json!({"sub": HOSTILE, HOSTILE: 1, "user": {secret_name: 2}, "exp": NOW + 60});
    let token = hs256(&header, &claims);
    let (code, stdout, stderr) = run(&["decode", &token], None);
    assert_eq!(code, 0, "{stderr}");
    // The Signature line, the header and claim names and values, the findings.
    assert!(
        stdout.contains("Signature x\\x1b]0;pwned\\x07\\x1b[2J\\u{9b}31m\\u{202e}\\x0d, 32 bytes"),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#""x\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e\r": 1"#),
        "{stdout}"
    );
    assert!(
        stdout.contains(r#"! kid "x\u001b]0;pwned\u0007\u001b[2J\u009b31m"#),
        "{stdout}"
    );
    assert!(
        stdout.contains("! claim user.passwordx\\x1b]0;pwned"),
        "{stdout}"
    );
    // A non-JSON payload shown as text.
    let text = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(format!("line one\n{HOSTILE}").as_bytes())
    );
    let (code, stdout, _) = run(&["decode", &text], None);
    assert_eq!(code, 0);
    assert!(stdout.contains("line one\nx\\x1b]0;pwned"), "{stdout}");

    // --json, --header and --payload are exact JSON: the very bytes serde writes.
    let out = jwtctl()
        .args(["decode", "--json", &token])
        .assert()
        .success();
    let signature = token.rsplit('.').next().unwrap();
    let expected = json!({"header": header, "payload": claims, "signature": signature});
    assert_eq!(
        stdout_of(&out),
        format!("{}\n", serde_json::to_string(&expected).unwrap())
    );
    let out = jwtctl()
        .args(["decode", "--header", &token])
        .assert()
        .success();
    assert_eq!(stdout_of(&out), format!("{header}\n"));
}

#[test]
fn verify_messages_escape_what_the_token_says() {
    let good = json!({"sub": "a", "exp": NOW + 60});
    let cases: Vec<(Vec<&str>, String, &str)> = vec![
        (
            vec![],
            hs256(&json!({"alg": HOSTILE}), &good),
            "alg_not_allowed",
        ),
        (
            vec![],
            hs256(&json!({"alg": "HS256", "crit": [HOSTILE]}), &good),
            "crit_unsupported",
        ),
        (
            vec!["--iss", "https://issuer.example"],
            hs256(
                &json!({"alg": "HS256"}),
                &json!({"iss": HOSTILE, "exp": NOW + 60}),
            ),
            "issuer_mismatch",
        ),
        (
            vec!["--claim", "role=admin"],
            hs256(
                &json!({"alg": "HS256"}),
                &json!({"role": HOSTILE, "exp": NOW + 60}),
            ),
            "claim_mismatch",
        ),
        (
            vec![],
            // A header member name given twice.
            format!(
                "{}.{}.c2ln",
                b64(
                    format!(r#"{{"alg":"HS256","{0}":1,"{0}":2}}"#, "\\u001b]0;x\\u0007")
                        .as_bytes()
                ),
                b64(good.to_string().as_bytes())
            ),
            "malformed",
        ),
        (
            vec![],
            // A bidi override where base64url is expected.
            "eyJhbGciOiJIUzI1NiJ9.e30\u{202e}.c2ln".to_string(),
            "malformed",
        ),
    ];
    for (extra, token, reason) in cases {
        let mut args = vec!["verify", SECRET[0], SECRET[1]];
        args.extend(&extra);
        let (_, _, stderr) = run(&args, Some(&token));
        assert!(
            stderr.starts_with(&format!("error: {reason}: ")),
            "{extra:?}: {stderr}"
        );
        // Made visible: as \x1b, \u001b (in quoted JSON) or \u{202e}.
        assert!(
            ["\\x1b", "\\u001b", "\\u{202e}"]
                .iter()
                .any(|shown| stderr.contains(shown)),
            "{stderr}"
        );
        // The --json verdict is valid JSON and names the same code.
        args.push("--json");
        let (_, stdout, _) = run(&args, Some(&token));
        let verdict: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(verdict["error"]["code"], reason, "{stdout}");
    }

    // A revoked jti, from the --deny file.
    let dir = tempfile::tempdir().unwrap();
    let deny = dir.path().join("deny.txt");
    let jti = "t\u{1b}]0;pwned\u{7}";
    std::fs::write(&deny, format!("{jti}\n")).unwrap();
    let token = hs256(
        &json!({"alg": "HS256"}),
        &json!({"jti": jti, "exp": NOW + 60}),
    );
    let (code, _, stderr) = run(
        &[
            "verify",
            SECRET[0],
            SECRET[1],
            "--deny",
            deny.to_str().unwrap(),
        ],
        Some(&token),
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("token id t\\x1b]0;pwned\\x07 is revoked"),
        "{stderr}"
    );

    // A valid token's claims are printed as exact JSON in a pipe, hostile or not.
    let claims = json!({HOSTILE: HOSTILE, "exp": NOW + 60});
    let token = hs256(&json!({"alg": "HS256"}), &claims);
    let out = jwtctl()
        .args(["verify", SECRET[0], SECRET[1], &token])
        .assert()
        .success();
    assert_eq!(stdout_of(&out), format!("{claims}\n"));
}

/// A key set with hostile strings; with `unusable`, its first key is of an unknown type and its
/// last an HMAC secret.
fn hostile_jwks(dir: &std::path::Path, unusable: bool) -> String {
    let mut set: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/jwks/two-keys.json").unwrap(),
    )
    .unwrap();
    let keys = set["keys"].as_array_mut().unwrap();
    keys[1]["kid"] = json!(HOSTILE);
    keys[1]["use"] = json!(HOSTILE);
    if unusable {
        // An alg that is no JWA name makes the key unusable too (keys::trust).
        keys[1]["alg"] = json!(HOSTILE);
        keys.insert(0, json!({"kty": HOSTILE, "kid": HOSTILE}));
        keys.push(json!({"kty": "oct", "k": "c2VjcmV0", "kid": HOSTILE}));
    }
    let path = dir.join(format!("hostile-{unusable}.json"));
    std::fs::write(&path, set.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn key_set_strings_are_escaped_in_tables_warnings_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = hostile_jwks(dir.path(), true);
    let (code, stdout, _) = run(&["jwks", "show", &jwks], None);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("x\\x1b]0;pwned\\x07\\x1b[2J\\u{9b}31m\\u{202e}\\x0d"),
        "{stdout}"
    );
    assert!(stdout.contains("duplicate kid x\\x1b]0;pwned"), "{stdout}");
    // --json is exact: the kid as the document has it.
    let out = jwtctl()
        .args(["jwks", "show", "--json", &jwks])
        .assert()
        .success();
    let rows: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(rows[2]["kid"], HOSTILE);
    assert_eq!(rows[2]["use"], HOSTILE);
    assert!(stdout_of(&out).contains(r#""kid":"x\u001b]0;pwned\u0007"#));
    let (code, _, stderr) = run(&["jwks", "thumbprint", &jwks], None);
    assert_eq!(code, 4);
    // Refused for its duplicate kid or its key type: either way the hostile text is escaped.
    assert!(stderr.contains("\"x\\x1b]0;pwned"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr}");
    let (code, stdout, _) = run(
        &["jwks", "thumbprint", &hostile_jwks(dir.path(), false)],
        None,
    );
    assert_eq!(code, 0);
    assert!(stdout.contains(" x\\x1b]0;pwned"), "{stdout}");

    // verify warns about the key it skips, and names the token's kid when no key has it.
    let token = hs256(
        &json!({"alg": "ES256", "kid": HOSTILE}),
        &json!({"exp": NOW + 60}),
    );
    // (A set whose kid names several keys is refused whole: keys::trust. Here one entry is
    // unusable and the other has its own kid.)
    let mut skip_set: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/jwks/two-keys.json").unwrap(),
    )
    .unwrap();
    skip_set["keys"]
        .as_array_mut()
        .unwrap()
        .insert(0, json!({"kty": HOSTILE, "kid": HOSTILE}));
    let skip_path = dir.path().join("skip.json");
    std::fs::write(&skip_path, skip_set.to_string()).unwrap();
    let (code, _, stderr) = run(
        &["verify", "--jwks", skip_path.to_str().unwrap(), &token],
        None,
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr}");
    assert!(
        stderr.contains("warning: skipped JWKS key #1 (kid \"x\\x1b]0;pwned"),
        "{stderr}"
    );
    // sign with a kid the set does not have lists the kids it has.
    let (code, _, stderr) = run(
        &["sign", "--key", &jwks, "--kid", "nope", "--exp", "1h"],
        None,
    );
    assert_eq!(code, 4, "{stderr}");
}

#[test]
fn decrypt_messages_escape_the_header() {
    for header in [
        json!({"alg": HOSTILE, "enc": "A128GCM"}),
        json!({"alg": "RSA-OAEP", "enc": HOSTILE}),
        json!({"alg": "RSA-OAEP", "enc": "A128GCM", "zip": HOSTILE}),
        json!({"alg": "RSA-OAEP", "enc": "A128GCM", "crit": [HOSTILE]}),
    ] {
        let token = format!("{}.AAAA.AAAA.AAAA.AAAA", b64(header.to_string().as_bytes()));
        let (code, _, stderr) = run(
            &[
                "decrypt",
                "--key",
                "tests/fixtures/keys/rsa.pkcs8.pem",
                &token,
            ],
            None,
        );
        assert_eq!(code, 1, "{header}: {stderr}");
        assert!(
            stderr.contains("x\\x1b]0;pwned") || stderr.contains("x\\u001b]0;pwned"),
            "{stderr}"
        );
    }
}

#[test]
fn long_values_are_shortened_with_a_marker() {
    let alg = "A".repeat(100_000);
    let token = hs256(&json!({"alg": alg}), &json!({"exp": NOW + 60}));
    let (code, _, stderr) = run(&["verify", SECRET[0], SECRET[1]], Some(&token));
    assert_eq!(code, 1);
    assert!(stderr.len() < 1000, "{} bytes of stderr", stderr.len());
    assert!(stderr.contains("more bytes)"), "{stderr}");
}

/// A child process killed when dropped, so that a failed assertion leaves no server running.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_logs_request_paths_escaped_and_shortened() {
    let mut server = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_jwtctl"))
            .args([
                "jwks",
                "serve",
                "--port",
                "0",
                "tests/fixtures/keys/ec-p256.spki.pem",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut server.0;
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let host = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches("/jwks.json")
        .to_string();
    // tiny_http drops a request line that is not ASCII before jwtctl sees it; ASCII control
    // characters do get through.
    for path in [
        format!("/{}", "a".repeat(100_000)),
        "/x\u{1b}]0;pwned\u{7}\u{1b}[2J".to_string(),
    ] {
        let mut stream = TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        assert!(response.starts_with(b"HTTP/1.1 404"), "{path:.20}");
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    child.wait().unwrap();
    assert_safe(&stderr, "the serve log");
    let log = String::from_utf8_lossy(&stderr);
    let requests: Vec<&str> = log.lines().filter(|l| l.contains(" GET ")).collect();
    assert_eq!(requests.len(), 2, "{log}");
    assert!(
        requests[0].len() < 400 && requests[0].contains("…(99801 more bytes) 404 "),
        "{}",
        requests[0]
    );
    assert!(
        requests[1].contains("GET /x\\x1b]0;pwned\\x07\\x1b[2J 404"),
        "{log}"
    );
}

/// Runs `args` with standard output on a pseudo-terminal (util-linux `script`); `None` when
/// `script` is not available.
fn on_a_terminal(args: &[&str]) -> Option<Vec<u8>> {
    on_a_terminal_with(args, false)
}

/// Like [`on_a_terminal`]; with `no_color`, NO_COLOR=1 turns colour off.
fn on_a_terminal_with(args: &[&str], no_color: bool) -> Option<Vec<u8>> {
    let line = std::iter::once(env!("CARGO_BIN_EXE_jwtctl"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("JWTCTL_NOW")
        .env_remove("NO_COLOR")
        .envs(no_color.then_some(("NO_COLOR", "1")))
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        common::skip(&format!("script(1) cannot run {line}"));
        return None;
    }
    Some(out.stdout)
}

/// JSON results shown on a terminal escape what the token says, coloured or not (with colour
/// off they were printed as serde_json writes them, C1 and bidi characters raw; with colour on,
/// verify's claims showed their own colour codes escaped).
#[test]
fn json_results_on_a_terminal_are_escaped_with_colour_off_too() {
    let token = hs256(
        &json!({"alg": "HS256"}),
        &json!({"sub": HOSTILE, "exp": NOW + 600}),
    );
    let nonce = "n\u{9b}31m\u{202e}";
    let key = fixture("ec-p256.pkcs8.pem");
    let key = key.to_str().unwrap();
    let url = "https://api.example/r";
    let out = jwtctl()
        .args([
            "dpop", "proof", "--key", key, "--method", "GET", "--url", url,
        ])
        .args(["--nonce", nonce])
        .assert()
        .success();
    let proof = stdout_of(&out).trim().to_string();
    let now = NOW.to_string();
    let cases: [Vec<&str>; 5] = [
        vec![
            "--now", &now, "verify", SECRET[0], SECRET[1], "--json", &token,
        ],
        vec!["--now", &now, "verify", SECRET[0], SECRET[1], &token],
        vec!["--now", &now, "decode", "--json", &token],
        vec!["--now", &now, "decode", "--payload", &token],
        vec![
            "--now", &now, "dpop", "verify", "--method", "GET", "--url", url, "--nonce", nonce,
            &proof,
        ],
    ];
    for args in cases {
        for no_color in [true, false] {
            let Some(shown) = on_a_terminal_with(&args, no_color) else {
                return;
            };
            let text = String::from_utf8_lossy(&shown).replace("\r\n", "\n");
            assert!(text.contains("\\u009b"), "{args:?} {no_color}: {text}");
            // jwtctl's own colours are drawn, not shown escaped as text.
            assert!(!text.contains("\\x1b["), "{args:?} {no_color}: {text}");
            let without_colour: Vec<u8> = strip_colour(text.as_bytes());
            assert_safe(&without_colour, &format!("{args:?} (NO_COLOR: {no_color})"));
        }
    }
}

/// `bytes` without jwtctl's own SGR colour sequences (ESC [ digits ; m).
fn strip_colour(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
                j += 1;
            }
            if bytes.get(j) == Some(&b'm') {
                i = j + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[test]
fn untrusted_text_results_are_escaped_on_a_terminal_and_exact_in_a_pipe() {
    let secret = "b64:AAAAAAAAAAAAAAAAAAAAAA";
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, format!("hello {HOSTILE}\n")).unwrap();
    let out = jwtctl()
        .args(["encrypt", "--secret", secret, "--alg", "A128KW"])
        .arg("--payload")
        .arg(&plain)
        .assert()
        .success();
    let jwe = stdout_of(&out).trim().to_string();
    // A JWS whose payload is text, not a claims set, for --signature-only.
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256"}"#),
        b64(format!("hello {HOSTILE}").as_bytes())
    );
    let key = hmac::Key::new(
        hmac::HMAC_SHA256,
        &std::fs::read(fixture("hmac.secret")).unwrap(),
    );
    let jws = format!(
        "{input}.{}",
        b64(hmac::sign(&key, input.as_bytes()).as_ref())
    );
    let cases: [Vec<&str>; 2] = [
        vec!["decrypt", "--secret", secret, &jwe],
        vec!["verify", SECRET[0], SECRET[1], "--signature-only", &jws],
    ];
    for args in cases {
        // In a pipe: the exact bytes.
        let out = jwtctl().args(&args).assert().success();
        assert_eq!(stdout_of(&out), format!("hello {HOSTILE}\n"), "{args:?}");
        // On a terminal: escaped.
        let Some(shown) = on_a_terminal(&args) else {
            return;
        };
        let shown = String::from_utf8_lossy(&shown).replace("\r\n", "\n");
        assert_eq!(
            shown, "hello x\\x1b]0;pwned\\x07\\x1b[2J\\u{9b}31m\\u{202e}\\x0d\n",
            "{args:?}"
        );
    }
}

/// Runs a shell command line (with redirections) under `script(1)`, so that what the command
/// leaves on the terminal (its standard error here, standard output going to a file) is
/// `script`'s standard output, with the command's exit status; `None` when `script` cannot run.
fn shell_on_a_terminal(line: &str) -> Option<(i32, String)> {
    let Ok(out) = Command::new("script")
        .args(["-qec", line, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("JWTCTL_NOW")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
    else {
        common::skip("script(1) is not available");
        return None;
    };
    let code = out.status.code().unwrap_or(-1);
    Some((code, String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// `verify --batch` draws a progress line (tokens, valid, rejected, rate; the percentage and
/// the time left when the input is a file) on standard error when it is a terminal, redrawn in
/// place and erased before the summary; never in a pipe, never with -q; and the results are
/// the same either way.
#[test]
fn batch_progress_is_drawn_on_a_terminal_only() {
    const N: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let good = hs256(
        &json!({"alg": "HS256"}),
        &json!({"sub": "a", "exp": NOW + 3600}),
    );
    let bad = hs256(
        &json!({"alg": "HS256"}),
        &json!({"sub": "b", "exp": NOW - 3600}),
    );
    // A rejected token every thousand; enough tokens that the run outlasts the redraw interval
    // (200 ms) even in a fast release build.
    let lines: String = (0..N)
        .map(|i| format!("{}\n", if i % 1000 == 999 { &bad } else { &good }))
        .collect();
    let tokens = dir.path().join("tokens.txt");
    std::fs::write(&tokens, &lines).unwrap();
    let summary = format!("{} valid, {} rejected", N - N / 1000, N / 1000);
    let run = |flags: &str, out: &std::path::Path| {
        format!(
            "'{}' --now {NOW} verify --batch --secret @tests/fixtures/keys/hmac.secret {flags} < '{}' > '{}'",
            env!("CARGO_BIN_EXE_jwtctl"),
            tokens.display(),
            out.display()
        )
    };
    let out_tty = dir.path().join("tty.jsonl");
    let Some((code, shown)) = shell_on_a_terminal(&run("--json", &out_tty)) else {
        return;
    };
    assert_eq!(code, 1, "{shown:?}");
    // Each drawing: back to the start of the line, the counts, erase the rest of the line.
    let drawings: Vec<&str> = shown
        .split('\r')
        .filter(|d| d.contains(" tokens, "))
        .collect();
    assert!(!drawings.is_empty(), "no progress line:\n{shown:?}");
    for d in &drawings {
        let text = d.strip_suffix("\x1b[K").unwrap_or_else(|| panic!("{d:?}"));
        let words: Vec<&str> = text.split(' ').collect();
        let number = |i: usize| -> usize { words[i].trim_end_matches(',').parse().unwrap() };
        // "20000 tokens, 19980 valid, 20 rejected, 13363/s, 81% ETA 0s"
        assert_eq!(words.len(), 10, "{text:?}");
        assert_eq!(
            (words[1], words[3], words[5], words[8]),
            ("tokens,", "valid,", "rejected,", "ETA"),
            "{text:?}"
        );
        assert!(
            words[6].ends_with("/s,") && words[7].ends_with('%'),
            "{text:?}"
        );
        assert_eq!(number(0), number(2) + number(4), "{text:?}");
        assert!(number(0) <= N);
    }
    // Erased, then the summary on its own line: the last thing on the terminal.
    assert!(
        shown.ends_with(&format!("\x1b[K\r\x1b[K{summary}\r\n")),
        "{shown:?}"
    );
    // Nothing else drives the terminal: carriage returns and erase-line only.
    assert_safe(
        shown.replace("\x1b[K", "").replace('\r', "").as_bytes(),
        "the progress line",
    );
    // The results are those of a run in a pipe, whose standard error is the summary alone.
    let out_pipe = dir.path().join("pipe.jsonl");
    let piped = jwtctl()
        .args(["verify", "--batch", SECRET[0], SECRET[1], "--json"])
        .pipe_stdin(&tokens)
        .unwrap()
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&piped.stderr),
        format!("{summary}\n")
    );
    std::fs::write(&out_pipe, &piped.stdout).unwrap();
    assert_eq!(
        std::fs::read(&out_tty).unwrap(),
        std::fs::read(&out_pipe).unwrap()
    );
    // -q: no progress line, the summary only.
    let Some((code, quiet)) = shell_on_a_terminal(&run("-q", &dir.path().join("q.out"))) else {
        return;
    };
    assert_eq!((code, quiet), (1, format!("{summary}\r\n")));
}

/// `decode` says which kind of token it looks like (in a pipe too), and on a terminal glosses
/// each registered and OpenID Connect claim in one line; in a pipe the payload lines stay as
/// they were.
#[test]
fn decode_names_the_kind_of_token_and_glosses_claims_on_a_terminal() {
    let secret = format!("@{}", fixture("hmac.secret").display());
    let sign = |extra: &[&str]| {
        let out = jwtctl()
            .args(["sign", "--secret", &secret, "--exp", "1h"])
            .args(extra)
            .assert()
            .success();
        stdout_of(&out).trim().to_string()
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--typ", "at+jwt", "--iss", "i", "--aud", "api", "--sub", "s",
            ],
            "looks like a JWT access token (RFC 9068): typ at+jwt; 'jwtctl verify --profile access-token' checks it as one",
        ),
        (
            vec![
                "--iss",
                "i",
                "--aud",
                "api",
                "--claim",
                "client_id=app",
                "--claim",
                "scope=read",
            ],
            "looks like a JWT access token (RFC 9068): claims client_id, scope, but it is not typed at+jwt",
        ),
        (
            vec![
                "--iss",
                "i",
                "--aud",
                "app",
                "--sub",
                "s",
                "--claim",
                "nonce=n",
                "--claim",
                "auth_time:=1767225000",
            ],
            "looks like an OpenID Connect ID token: claims nonce, auth_time; 'jwtctl verify --profile id-token' checks it as one",
        ),
        (
            vec!["--typ", "logout+jwt", "--iss", "i"],
            "looks like an OpenID Connect logout token (Back-Channel Logout 1.0): typ logout+jwt",
        ),
        (
            vec!["--claim", "_sd_alg=sha-256"],
            "looks like an SD-JWT (selective disclosure): claims _sd_alg",
        ),
    ];
    for (args, finding) in &cases {
        let token = sign(args);
        let out = jwtctl().args(["decode", &token]).assert().success();
        let shown = stdout_of(&out);
        assert!(shown.contains(finding), "{args:?}: {shown}");
        assert!(!shown.contains("# issuer"), "glossed in a pipe: {shown}");
    }
    let plain = sign(&["--sub", "alice"]);
    let out = jwtctl().args(["decode", &plain]).assert().success();
    assert!(!stdout_of(&out).contains("looks like"));

    let token = sign(cases[2].0.as_slice());
    let Some(shown) = on_a_terminal(&["decode", "--color", "never", "--now", "1767225600", &token])
    else {
        return;
    };
    let shown = String::from_utf8_lossy(&shown).replace("\r\n", "\n");
    for line in [
        "\"iss\": \"i\",   # issuer",
        "\"sub\": \"s\",   # subject",
        "\"aud\": \"app\",   # audience: who the token is for",
        "\"nonce\": \"n\",   # the client's nonce, against replay",
        "\"auth_time\": 1767225000,   # when the user authenticated: 2025-12-31T23:50:00Z, 10 minutes ago",
        "# expires: 2026-01-01T01:00:00Z, in 1 hour",
    ] {
        assert!(shown.contains(line), "{line}\n{shown}");
    }
}
