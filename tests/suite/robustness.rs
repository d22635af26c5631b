//! Output that cannot be trusted is never printed: a failed write to standard output exits
//! non-zero with one error line (no partial token), while a reader that goes away (`| head`)
//! ends the program quietly with status 0.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::{jwtctl, stdout_of};

#[test]
fn a_full_disk_is_an_io_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        common::skip("/dev/full is not available");
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .args([
            "sign",
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
            "--exp",
            "1h",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: cannot write to standard output: "),
        "{stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let token = stdout_of(
        &jwtctl()
            .args([
                "sign",
                "--secret",
                "@tests/fixtures/keys/hmac.secret",
                "--exp",
                "1h",
            ])
            .assert()
            .success(),
    );
    // Far more output than a pipe buffer holds, so the writer is still writing when the
    // reader leaves after one line.
    let input: String = std::iter::repeat_n(token.as_str(), 20_000).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .args([
            "verify",
            "--batch",
            "--secret",
            "@tests/fixtures/keys/hmac.secret",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("JWTCTL_NOW", "1767225600")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("\"valid\":true"), "{first}");
    // The reader is gone now.
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn deep_json_everywhere_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "[".repeat(200_000), "]".repeat(200_000));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.json");
    std::fs::write(&file, format!("{{\"a\":{deep}}}")).unwrap();
    let path = file.to_str().unwrap();
    // As a claims file (malformed, 3), a key file and a JWKS (key problems, 4), and a --claim
    // value (a usage error, 2).
    jwtctl()
        .args(["sign", "--secret", "s3cr3t-s3cr3t", "--claims", path])
        .assert()
        .code(3);
    jwtctl().args(["jwks", "thumbprint", path]).assert().code(4);
    jwtctl().args(["jwks", "show", path]).assert().code(4);
    jwtctl()
        .args([
            "sign",
            "--secret",
            "s3cr3t-s3cr3t",
            "-c",
            &format!("a:={}", &deep[..2000]),
        ])
        .assert()
        .code(2);
}

/// Runs jwtctl with standard error a pipe whose reader is gone (every write fails with EPIPE),
/// returning the exit code and standard output.
fn run_with_dead_stderr(args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("JWTCTL_NOW", "1767225600")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(writer)
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_closed_stderr_never_changes_the_exit_status() {
    let secret = "@tests/fixtures/keys/hmac.secret";
    let token = stdout_of(
        &jwtctl()
            .args(["sign", "--secret", secret, "--exp", "1h"])
            .assert()
            .success(),
    );
    // An error line (malformed token) and a usage error from the flag parser.
    assert_eq!(
        run_with_dead_stderr(&["decode", "not-a-token"], "").0,
        Some(3)
    );
    assert_eq!(run_with_dead_stderr(&["verify", "--bogus"], "").0, Some(2));
    // A warning (no exp), with the token still on standard output.
    let (code, out) = run_with_dead_stderr(&["sign", "--secret", secret], "");
    assert_eq!(code, Some(0));
    assert_eq!(out.matches('.').count(), 2, "{out}");
    // Success with a notice: decode's "not verified" note, the batch summary.
    let (code, out) = run_with_dead_stderr(&["decode", token.trim()], "");
    assert_eq!(code, Some(0));
    assert!(out.contains("\"exp\""), "{out}");
    let (code, out) = run_with_dead_stderr(
        &["verify", "--batch", "--secret", secret],
        &format!("{token}{token}"),
    );
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 2, "{out}");
    // A rejected token in a batch: exit 1, not a crash.
    let (code, _) = run_with_dead_stderr(
        &["verify", "--batch", "--secret", secret],
        &format!("{token}x\n"),
    );
    assert_eq!(code, Some(1));
    // Standard error closed outright (`2>&-`).
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec \"{}\" decode not-a-token 2>&-",
            env!("CARGO_BIN_EXE_jwtctl")
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(3));
}

/// A valid HS256 token of `len` bytes or a few less (a claims set padded with one long string).
fn big_token(dir: &std::path::Path, len: usize) -> String {
    let claims = dir.join("big-claims.json");
    // base64url makes 4 bytes of 3; the header and signature take about 80.
    let pad = (len - 100) / 4 * 3 - 40;
    std::fs::write(
        &claims,
        format!(
            "{{\"sub\":\"big\",\"exp\":1767229200,\"pad\":\"{}\"}}",
            "p".repeat(pad)
        ),
    )
    .unwrap();
    let token = stdout_of(
        &jwtctl()
            .args([
                "sign",
                "--no-iat",
                "--secret",
                "@tests/fixtures/keys/hmac.secret",
            ])
            .arg("--claims")
            .arg(&claims)
            .assert()
            .success(),
    );
    let token = token.trim().to_string();
    assert!(
        token.len() <= len && token.len() > len - 64,
        "{}",
        token.len()
    );
    token
}

/// `verify --batch` holds a bounded number of BYTES, not of lines: 200 valid tokens of nearly
/// 1 MiB (the token limit) go through under an address-space limit of 128 MiB. Chunks of 64,
/// then 128 such lines (and their envelopes, as large) need 150 and 250 MiB; bounded by bytes,
/// the binary needs about 40 MiB here.
#[test]
fn batch_memory_is_bounded_by_bytes_not_lines() {
    const LINES: usize = 200;
    // The binary needs about 25 MiB of address space for a batch of small tokens (mappings,
    // two rayon threads' stacks); the rest is room for the lines and envelopes in flight.
    const LIMIT_KIB: usize = 128 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let token = big_token(dir.path(), 1024 * 1024);
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {LIMIT_KIB} && exec \"$0\" --now 1767225600 verify --batch --secret @tests/fixtures/keys/hmac.secret"
        ))
        .arg(env!("CARGO_BIN_EXE_jwtctl"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("JWTCTL_NOW")
        .env("RAYON_NUM_THREADS", "2")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let line = format!("{token}\n");
        for _ in 0..LINES {
            if stdin.write_all(line.as_bytes()).is_err() {
                break; // the process died; its status says why
            }
        }
    });
    // Count the envelopes without holding them: about 160 MB of JSON.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut envelopes = 0usize;
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap() > 0 {
        envelopes += 1;
        assert!(
            line.starts_with(&format!("{{\"line\":{envelopes},\"valid\":true,")),
            "{}",
            &line[..line.len().min(200)]
        );
        line.clear();
    }
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{:?} {stderr}", out.status);
    assert_eq!(envelopes, LINES);
    assert_eq!(stderr, format!("{LINES} valid, 0 rejected\n"));
}
