//! A clock moved by the environment is never silent: when JWTCTL_NOW (say, a stray CI
//! variable) rather than --now sets the time, verify, decode and decrypt, whose checks and
//! annotations depend on it, say so in one warning line on stderr.

use crate::common;

use common::{jwtctl, stdout_of};

/// The binary with JWTCTL_NOW set, and no --now.
fn with_variable() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("jwtctl").unwrap();
    cmd.env("JWTCTL_NOW", "1767225600")
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const WARNING: &str = "warning: the clock is set by JWTCTL_NOW=1767225600 (2026-01-01T00:00:00Z), not the system clock\n";
const SECRET: &str = "@tests/fixtures/keys/hmac.secret";

fn token() -> String {
    let out = jwtctl()
        .args(["sign", "--secret", SECRET, "--exp", "1h"])
        .assert()
        .success()
        .stderr("");
    stdout_of(&out).trim().to_string()
}

fn jwe() -> String {
    let out = jwtctl()
        .args([
            "encrypt",
            "--password",
            "pw",
            "--p2c",
            "1000",
            "--sub",
            "a",
            "--exp",
            "1h",
        ])
        .assert()
        .success()
        .stderr("");
    stdout_of(&out).trim().to_string()
}

#[test]
fn verify_decode_and_decrypt_say_when_the_environment_sets_the_clock() {
    let (token, jwe) = (token(), jwe());
    let cases: [Vec<&str>; 3] = [
        vec!["verify", "--secret", SECRET, "-q", &token],
        vec!["decode", "--payload", &token],
        vec!["decrypt", "--password", "pw", &jwe],
    ];
    for args in cases {
        // From the environment: the warning comes first.
        let out = with_variable().args(&args).assert().success();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.starts_with(WARNING), "{args:?}: {stderr}");
        assert_eq!(stderr.matches("warning: the clock").count(), 1, "{stderr}");
        // From --now, before or after the command, even with the variable set: silent.
        for at_end in [false, true] {
            let mut cmd = with_variable();
            if at_end {
                cmd.args(&args).args(["--now", "1767225600"]);
            } else {
                cmd.args(["--now", "1767225600"]).args(&args);
            }
            let out = cmd.assert().success();
            let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert!(!stderr.contains("the clock"), "{args:?}: {stderr}");
        }
        // And from the system clock (whatever the token's fate then): silent too.
        let out = with_variable()
            .env_remove("JWTCTL_NOW")
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("the clock"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_bad_variable_is_named_as_the_variable() {
    with_variable()
        .env("JWTCTL_NOW", "soon")
        .args(["decode", "x.y.z"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "error: JWTCTL_NOW: invalid time 'soon'\n",
        ));
}
