//! Helpers shared by the integration tests that need code (files, modes, other programs).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The built binary with a fixed clock and no colour, run from the crate root.
pub fn jwtctl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("jwtctl").expect("the jwtctl binary is built");
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
