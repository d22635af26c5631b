//! Every input is read up to its limit and no further, whatever it is (a file, `@FILE`,
//! standard input, `env:NAME`), and fails with one `error:` line naming the limit and the exit
//! status the input's row of the EXIT STATUS table gives (src/input.rs): 4 for key material,
//! 3 for everything else. The golden cases in tests/cmd/inputs/ cover the other columns
//! (missing, unreadable, not text, malformed).
//!
//! The endless inputs (/dev/zero) run under `ulimit -v` and a deadline, so that a read without
//! a bound fails the test (an allocation failure, or a kill at the deadline) instead of taking
//! the machine's memory.

use std::fs::File;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address space for one run: far more than any bounded read needs (the largest limit is the
/// 64 MiB deny list), far less than the machine has.
const ADDRESS_SPACE_KIB: u32 = 1024 * 1024;
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs jwtctl with `args` under the memory cap, with standard input from `stdin` (or none),
/// and kills it at the deadline.
fn bounded(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_jwtctl"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("JWTCTL_NOW")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(match stdin {
            Some(path) => Stdio::from(File::open(path).unwrap()),
            None => Stdio::null(),
        });
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("jwtctl {args:?} was still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Expects exit `code` and exactly one stderr line, `error: ` + `message`.
fn expect(out: &Output, code: i32, message: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr, format!("error: {message}\n"));
    assert!(out.stdout.is_empty());
}

const SECRET_LIMIT: &str = "the 64 KiB limit for a secret or passphrase";

#[test]
fn secrets_passphrases_and_passwords_from_endless_files_are_refused() {
    let key = "tests/fixtures/keys/rsa.encrypted-scrypt.pem";
    let cases: [(&[&str], &str); 5] = [
        (
            &["sign", "--secret", "@/dev/zero", "--exp", "1h"],
            "--secret @/dev/zero",
        ),
        (
            &[
                "sign",
                "--key",
                key,
                "--passphrase",
                "@/dev/zero",
                "--exp",
                "1h",
            ],
            // Asked for while reading the key, so the key file is named first.
            "tests/fixtures/keys/rsa.encrypted-scrypt.pem: --passphrase @/dev/zero",
        ),
        (
            &[
                "keygen",
                "--type",
                "ed25519",
                "--encrypt",
                "--passphrase",
                "@/dev/zero",
            ],
            "--passphrase @/dev/zero",
        ),
        (
            &["encrypt", "--password", "@/dev/zero", "--sub", "a"],
            "--password @/dev/zero",
        ),
        (
            &["decrypt", "--secret", "@/dev/zero", "x.y.z.a.b"],
            "--secret @/dev/zero",
        ),
    ];
    for (args, label) in cases {
        let out = bounded(args, None, &[]);
        expect(&out, 4, &format!("{label} is larger than {SECRET_LIMIT}"));
    }
}

#[test]
fn secrets_from_endless_standard_input_and_large_variables_are_refused() {
    let out = bounded(
        &["verify", "--secret", "-", "x.y.z"],
        Some("/dev/zero"),
        &[],
    );
    expect(
        &out,
        4,
        &format!("--secret - is larger than {SECRET_LIMIT}"),
    );
    let out = bounded(
        &["encrypt", "--password", "-", "--sub", "a"],
        Some("/dev/zero"),
        &[],
    );
    expect(
        &out,
        4,
        &format!("--password - is larger than {SECRET_LIMIT}"),
    );
    // A variable is in memory already, but a secret over the limit is still refused.
    let big = "s".repeat(64 * 1024 + 1);
    let out = bounded(
        &["sign", "--secret", "env:JWTCTL_TEST_BIG", "--exp", "1h"],
        None,
        &[("JWTCTL_TEST_BIG", &big)],
    );
    expect(
        &out,
        4,
        &format!("--secret env:JWTCTL_TEST_BIG is larger than {SECRET_LIMIT}"),
    );
}

#[test]
fn keys_and_key_sets_over_the_limit_are_key_problems_from_files_and_standard_input() {
    let limit = "the 1 MiB limit for a key file";
    let out = bounded(&["verify", "--key", "/dev/zero", "x.y.z"], None, &[]);
    expect(&out, 4, &format!("/dev/zero is larger than {limit}"));
    // Standard input gives the same status as a file, and the same as --secret - does.
    let out = bounded(&["verify", "--key", "-", "x.y.z"], Some("/dev/zero"), &[]);
    expect(
        &out,
        4,
        &format!("key from standard input is larger than {limit}"),
    );
    let out = bounded(&["jwks", "thumbprint", "/dev/zero"], None, &[]);
    expect(&out, 4, &format!("/dev/zero is larger than {limit}"));
    let set = "the 1 MiB limit for a key set";
    let out = bounded(&["verify", "--jwks", "/dev/zero", "x.y.z"], None, &[]);
    expect(&out, 4, &format!("--jwks /dev/zero is larger than {set}"));
    let out = bounded(&["jwks", "show", "-"], Some("/dev/zero"), &[]);
    expect(
        &out,
        4,
        &format!("the key set on standard input is larger than {set}"),
    );
    let out = bounded(&["jwks", "create", "--merge", "/dev/zero"], None, &[]);
    expect(&out, 4, &format!("--merge /dev/zero is larger than {set}"));
}

#[test]
fn other_inputs_over_the_limit_are_malformed() {
    let secret = "@tests/fixtures/keys/hmac.secret";
    let out = bounded(&["decode", "@/dev/zero"], None, &[]);
    expect(
        &out,
        3,
        "token file /dev/zero is larger than the 1 MiB limit for a token",
    );
    let out = bounded(&["verify", "--secret", secret], Some("/dev/zero"), &[]);
    expect(
        &out,
        3,
        "the token on standard input is larger than the 1 MiB limit for a token",
    );
    let out = bounded(
        &["sign", "--secret", secret, "--claims", "/dev/zero"],
        None,
        &[],
    );
    expect(
        &out,
        3,
        "--claims /dev/zero is larger than the 1 MiB limit for a claims file",
    );
    let out = bounded(
        &["sign", "--secret", secret, "--claims", "-"],
        Some("/dev/zero"),
        &[],
    );
    expect(
        &out,
        3,
        "--claims - is larger than the 1 MiB limit for a claims file",
    );
    let out = bounded(
        &["encrypt", "--password", "pw", "--payload", "/dev/zero"],
        None,
        &[],
    );
    expect(
        &out,
        3,
        "--payload /dev/zero is larger than the 1 MiB limit for a payload",
    );
    let out = bounded(
        &["verify", "--secret", secret, "--deny", "/dev/zero", "x.y.z"],
        None,
        &[],
    );
    expect(
        &out,
        3,
        "--deny /dev/zero is larger than the 64 MiB limit for a deny list",
    );
}
