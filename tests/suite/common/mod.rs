//! Helpers shared by the integration tests that need code (files, modes, other programs).
#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The test suite's clock: 2026-01-01T00:00:00Z.
pub const NOW: &str = "1767225600";

/// Runs jwtctl (as [`jwtctl`] does) with `stdin`, returning (exit code, stdout, stderr).
pub fn run_in(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = jwtctl().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `error:` line of `stderr`, which must be its only one.
pub fn error_line(stderr: &str) -> &str {
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    errors[0]
}

/// The built binary with a fixed clock (`--now`, ahead of the command's own arguments, so a
/// later `--now` wins) and no colour, run from the crate root. The clock is a flag, not
/// JWTCTL_NOW: a clock from the environment is announced on stderr (tests/suite/clock.rs).
pub fn jwtctl() -> assert_cmd::Command {
    let mut cmd = match std::env::var_os("JWTCTL_TEST_BIN") {
        Some(path) => assert_cmd::Command::new(path),
        None => assert_cmd::Command::cargo_bin("jwtctl").expect("the jwtctl binary is built"),
    };
    cmd.env_remove("JWTCTL_NOW")
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache_home())
        .args(["--now", NOW])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The cache directory every run of the test binary gets (XDG_CACHE_HOME): one per test
/// process under the target directory, so that no run reads a JWKS cached by an earlier one (a
/// loopback port is reused across runs) and the user's own cache is never touched. Tests of
/// the cache itself give --cache-dir.
pub fn cache_home() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cache-home.{}", std::process::id()))
}

/// A `jwtctl` for trycmd cases (golden files, the README): a script that runs the built binary
/// with `--now 1767225600` first, as [`jwtctl`] does, unless JWTCTL_NOW is set and not empty (a
/// case about the variable itself). Written under the target directory; returns its path.
pub fn jwtctl_with_fixed_clock() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixed-clock");
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_jwtctl");
    let script = format!(
        "#!/bin/sh\n\
         # jwtctl with the test suite's clock (see tests/suite/common/mod.rs).\n\
         if [ -n \"${{JWTCTL_NOW:-}}\" ]; then exec '{bin}' \"$@\"; fi\n\
         exec '{bin}' --now {NOW} \"$@\"\n"
    );
    let path = dir.join("jwtctl");
    // Test binaries run at the same time: write a private file, then rename it into place.
    let tmp = dir.join(format!("jwtctl.{}", std::process::id()));
    std::fs::write(&tmp, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::rename(&tmp, &path).unwrap();
    path
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name)
}

/// Whether this run is CI's: `CI` set to anything but empty, `0` or `false` (CI services set
/// `CI=true`).
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Reports a test that cannot run on this machine (a tool missing: .ci/setup installs them).
/// Locally that is a loud `SKIPPED:` line and the caller returns; under CI it fails the test,
/// so a run that checked less than it should can never pass CI.
pub fn skip(why: &str) {
    if under_ci() {
        panic!("{why}; under CI a test that cannot run fails instead of being skipped");
    }
    eprintln!("SKIPPED: {why}");
}

/// Whether `openssl` can be run; tests that need it say why they skip (see [`skip`]).
pub fn openssl_available() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip("openssl is not installed, so the OpenSSL cross-check does not run");
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
/// with a SKIPPED message naming `what` when it is absent. Unlike a missing tool, this is a skip
/// under CI too: the data lives outside the repository, and the project's rule is that tests
/// skip with a message when that folder is absent.
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

/// The bytes of a hex string (white space between digits allowed, as vector files print them).
pub fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}
