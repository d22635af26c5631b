//! The committed shell completions (`completions/`) and man pages (`man/`) are generated from
//! the clap definition; this test fails when they drift from the code. Regenerate them, with
//! every other golden file, with
//!
//!     TRYCMD=overwrite cargo test
//!
//! (`JWTCTL_BLESS=1 cargo test generated::` regenerates these alone.)
//!
//! It also checks that the bash completion really completes in bash, and that `man` renders
//! every page without warnings (each skipped with a message when the program is absent).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{jwtctl, stdout_of};

const SHELLS: [(&str, &str); 6] = [
    ("bash", "jwtctl.bash"),
    ("zsh", "_jwtctl"),
    ("fish", "jwtctl.fish"),
    ("elvish", "jwtctl.elv"),
    ("powershell", "_jwtctl.ps1"),
    ("nushell", "jwtctl.nu"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Blessing: `JWTCTL_BLESS`, or `TRYCMD=overwrite`, the one command that re-blesses every
/// golden file of the suite.
fn bless() -> bool {
    std::env::var_os("JWTCTL_BLESS").is_some()
        || std::env::var("TRYCMD").is_ok_and(|v| v == "overwrite")
}

/// Compares `path` with `expected`, or writes it when blessing. Returns a drift message.
fn check(path: &Path, expected: &str) -> Option<String> {
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(actual) if actual == expected => None,
        Ok(_) => Some(format!(
            "{} differs from the generated text",
            path.display()
        )),
        Err(e) => Some(format!("{}: {e}", path.display())),
    }
}

#[test]
fn completions_and_man_pages_match_the_code() {
    let mut drift = Vec::new();
    for (shell, file) in SHELLS {
        let out = jwtctl().args(["completions", shell]).assert().success();
        drift.extend(check(
            &root().join("completions").join(file),
            &stdout_of(&out),
        ));
    }
    let list = stdout_of(&jwtctl().args(["man", "--list"]).assert().success());
    let pages: Vec<&str> = list.lines().collect();
    assert!(pages.contains(&"jwtctl-sign") && pages.contains(&"jwtctl-jwks-serve"));
    for page in &pages {
        let out = jwtctl().args(["man", page]).assert().success();
        drift.extend(check(
            &root().join("man").join(format!("{page}.1")),
            &stdout_of(&out),
        ));
    }
    // No stale pages left behind.
    if !bless() {
        for entry in std::fs::read_dir(root().join("man")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(page) = name.strip_suffix(".1")
                && !pages.contains(&page)
            {
                drift.push(format!("man/{name} is not generated any more"));
            }
        }
    }
    assert!(
        drift.is_empty(),
        "{}\nregenerate with: TRYCMD=overwrite cargo test generated::",
        drift.join("\n")
    );
}

/// What bash offers after `words` (the last word is the one being completed).
fn bash_complete(words: &[&str]) -> Vec<String> {
    let script = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         _jwtctl jwtctl '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        root().join("completions/jwtctl.bash").display(),
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_completes_subcommands_and_flags() {
    if bless() {
        // The files are being rewritten by the test above in this same run.
        eprintln!("SKIPPED while blessing; run the tests again to check the new files");
        return;
    }
    if Command::new("bash").arg("--version").output().is_err() {
        common::skip("bash is not installed");
        return;
    }
    let subcommands = bash_complete(&["jwtctl", ""]);
    for expected in [
        "keygen",
        "sign",
        "verify",
        "decode",
        "jwks",
        "completions",
        "man",
    ] {
        assert!(
            subcommands.iter().any(|c| c == expected),
            "{expected} not in {subcommands:?}"
        );
    }
    assert_eq!(bash_complete(&["jwtctl", "ver"]), ["verify"]);
    let flags = bash_complete(&["jwtctl", "sign", "--ex"]);
    assert!(flags.iter().any(|f| f == "--exp"), "{flags:?}");
    let flags = bash_complete(&["jwtctl", "verify", "--allow"]);
    assert_eq!(flags, ["--allow-no-exp"]);
    let jwks = bash_complete(&["jwtctl", "jwks", ""]);
    for expected in ["create", "show", "convert", "thumbprint", "serve"] {
        assert!(
            jwks.iter().any(|c| c == expected),
            "{expected} not in {jwks:?}"
        );
    }
}

#[test]
fn man_renders_every_page_without_warnings() {
    if bless() {
        // The files are being rewritten by the test above in this same run.
        eprintln!("SKIPPED while blessing; run the tests again to check the new files");
        return;
    }
    if Command::new("man").arg("--version").output().is_err() {
        common::skip("man is not installed, so the pages are not rendered");
        return;
    }
    let mut pages = 0;
    for entry in std::fs::read_dir(root().join("man")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "1") {
            continue;
        }
        let out = Command::new("man")
            .args(["--warnings=all", "-l"])
            .arg(&path)
            .env("MANWIDTH", "100")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "{}: {stderr}",
            path.display()
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("EXIT STATUS"),
            "{}",
            path.display()
        );
        pages += 1;
    }
    assert!(pages >= 11);
}
