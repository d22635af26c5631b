//! Helpers shared by the integration tests that need code (files, modes, other programs).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The built binary with a fixed clock and no colour, run from the crate root.
/// `JWTCTL_TEST_BIN` runs the tests against another build (an older binary, to show a test
/// fails before a fix).
pub fn jwtctl() -> assert_cmd::Command {
    let mut cmd = match std::env::var_os("JWTCTL_TEST_BIN") {
        Some(path) => assert_cmd::Command::new(path),
        None => assert_cmd::Command::cargo_bin("jwtctl").expect("the jwtctl binary is built"),
    };
    cmd.env("JWTCTL_NOW", "1767225600")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name)
}

/// Whether `openssl` can be run; tests that need it print why they skip.
pub fn openssl_available() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: openssl is not installed, so the OpenSSL cross-check does not run");
    }
    ok
}

/// Runs openssl with `args`, returning stdout, panicking with its stderr on failure.
pub fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// `../shared/vectors` (public conformance data, never copied into this repository), or `None`
/// with a SKIPPED message naming `what` when it is absent.
pub fn vectors(what: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent, so {what} do not run", dir.display());
        None
    }
}

/// Reads a `{"name", <<"value">>}.` line of an erlang-jose config file.
pub fn erlang_value(config: &str, name: &str) -> Option<String> {
    let start = config.find(&format!("{{\"{name}\", <<\""))? + name.len() + 8;
    let end = config[start..].find("\">>}")? + start;
    Some(config[start..end].replace("\\\"", "\""))
}
