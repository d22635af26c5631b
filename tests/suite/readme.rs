//! The README is the user's manual, so its examples are tests: every ```console block runs as a
//! trycmd case (output checked; re-bless with TRYCMD=overwrite), and every ```sh block runs in
//! bash and must succeed. Both run in README.in/, rebuilt from the test fixtures each time:
//! signing.pem (RSA), ec.pem (P-256), their .pub.pem halves, jwt.secret and jwks.json, and a
//! DPoP proof (proof.jwt) with its access token (at.jwt).
//! ```bash blocks are the set-up commands (cargo install, cargo test) and are not run here.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn prepare(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let keys = root().join("tests/fixtures/keys");
    for (from, to) in [
        ("rsa.pkcs8.pem", "signing.pem"),
        ("rsa.spki.pem", "signing.pub.pem"),
        ("ec-p256.pkcs8.pem", "ec.pem"),
        ("ec-p256.spki.pem", "ec.pub.pem"),
        ("hmac.secret", "jwt.secret"),
    ] {
        std::fs::copy(keys.join(from), dir.join(to)).unwrap();
    }
    // A DPoP proof made by ec.pem a minute before the clock, for the token in at.jwt.
    let dpop = root().join("tests/fixtures/dpop");
    for (from, to) in [
        ("access-token.jwt", "at.jwt"),
        ("get-resource.jwt", "proof.jwt"),
    ] {
        std::fs::copy(dpop.join(from), dir.join(to)).unwrap();
    }
    let sd_jwt = root().join("tests/fixtures/sd-jwt");
    for name in ["credential.txt", "presentation.txt"] {
        std::fs::copy(sd_jwt.join(name), dir.join(name)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_jwtctl"))
        .args(["jwks", "create", "signing.pem", "ec.pem"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(dir.join("jwks.json"), out.stdout).unwrap();
}

#[test]
fn console_examples() {
    let dir = root().join("README.in");
    prepare(&dir);
    // The clock is fixed by the wrapper's --now; an example that sets JWTCTL_NOW itself shows
    // what the variable does, so a JWTCTL_NOW of the caller's would change the examples.
    assert!(
        std::env::var_os("JWTCTL_NOW").is_none(),
        "JWTCTL_NOW is set: unset it to run the README examples at the clock they state"
    );
    trycmd::TestCases::new()
        .default_bin_name("jwtctl")
        .register_bin("jwtctl", common::jwtctl_with_fixed_clock())
        .env("NO_COLOR", "1")
        .case("README.md");
}

/// The fenced blocks of `markdown` whose info string is exactly `lang`.
fn blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start().strip_prefix("```") == Some(lang) => {
                current = Some(String::new())
            }
            Some(block) if line.trim_start() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn sh_examples() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let scripts = blocks(&readme, "sh");
    assert!(scripts.len() >= 3, "expected sh examples in the README");
    let wrapper = common::jwtctl_with_fixed_clock();
    let path = format!(
        "{}:{}",
        wrapper.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let have_jq = Command::new("jq").arg("--version").output().is_ok();
    for script in scripts {
        if script.contains("jq ") && !have_jq {
            common::skip(&format!(
                "jq is not installed, so this example does not run: {}",
                script.lines().next().unwrap_or("")
            ));
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path());
        let out = Command::new("bash")
            .args(["--norc", "-euo", "pipefail", "-c", &script])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("JWTCTL_NOW")
            .env("NO_COLOR", "1")
            .env("XDG_CACHE_HOME", common::cache_home())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed:\n{script}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
