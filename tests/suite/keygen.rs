//! `jwtctl keygen` behaviours that need code: files, modes, and OpenSSL reading the keys back.

use crate::common;

use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

use common::{jwtctl, openssl, openssl_available, stdout_of};

const FAMILIES: [&[&str]; 6] = [
    &["--type", "rsa"],
    &["--type", "rsa", "--bits", "3072"],
    &["--alg", "ES256"],
    &["--alg", "ES384"],
    &["--alg", "ES512"],
    &["--alg", "EdDSA"],
];

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn out_writes_private_0600_and_public_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("signing");
    let run = jwtctl()
        .args(["keygen", "--alg", "ES256", "--out"])
        .arg(&name)
        .assert()
        .success()
        .stdout("");
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("signing.pem") && stderr.contains("signing.pub.pem"),
        "{stderr}"
    );
    let private = dir.path().join("signing.pem");
    let public = dir.path().join("signing.pub.pem");
    assert_eq!(mode(&private), 0o600);
    assert_eq!(mode(&public) & 0o600, 0o600);
    assert!(
        fs::read_to_string(&private)
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
    assert!(
        fs::read_to_string(&public)
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----\n")
    );
    // Only the two files: no temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[cfg(unix)]
#[test]
fn out_jwk_writes_jwk_pair() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("k");
    jwtctl()
        .args(["keygen", "--type", "ed25519", "--format", "jwk", "-o"])
        .arg(&name)
        .assert()
        .success();
    let private = fs::read_to_string(dir.path().join("k.jwk")).unwrap();
    let public = fs::read_to_string(dir.path().join("k.pub.jwk")).unwrap();
    assert_eq!(mode(&dir.path().join("k.jwk")), 0o600);
    assert!(private.contains("\"d\""));
    assert!(!public.contains("\"d\""));
    // An HMAC secret has no public half: only the private file.
    jwtctl()
        .args(["keygen", "--alg", "HS256", "-o"])
        .arg(dir.path().join("h"))
        .assert()
        .success();
    assert!(dir.path().join("h.jwk").exists());
    assert!(!dir.path().join("h.pub.jwk").exists());
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let name = dir.path().join("k");
    jwtctl()
        .args(["keygen", "--type", "ed25519", "-o"])
        .arg(&name)
        .assert()
        .success();
    let before = fs::read(dir.path().join("k.pem")).unwrap();
    // The public file alone being in the way is enough to refuse, before anything is written.
    fs::remove_file(dir.path().join("k.pem")).unwrap();
    fs::write(dir.path().join("k.pem"), &before).unwrap();
    jwtctl()
        .args(["keygen", "--type", "ed25519", "-o"])
        .arg(&name)
        .assert()
        .code(5)
        .stdout("")
        .stderr(predicates::str::contains("already exists"))
        .stderr(predicates::str::contains("hint: use --force"));
    assert_eq!(fs::read(dir.path().join("k.pem")).unwrap(), before);
    fs::remove_file(dir.path().join("k.pem")).unwrap();
    jwtctl()
        .args(["keygen", "--type", "ed25519", "-o"])
        .arg(&name)
        .assert()
        .code(5);
    assert!(
        !dir.path().join("k.pem").exists(),
        "nothing is written when one file is in the way"
    );
    jwtctl()
        .args(["keygen", "--type", "ed25519", "--force", "-o"])
        .arg(&name)
        .assert()
        .success();
    assert_ne!(fs::read(dir.path().join("k.pem")).unwrap(), before);
}

#[test]
fn keys_load_back_and_public_matches_private() {
    let dir = tempfile::tempdir().unwrap();
    for (i, family) in FAMILIES.iter().enumerate() {
        for format in ["pem", "jwk"] {
            let name = dir.path().join(format!("k{i}"));
            jwtctl()
                .args(["keygen", "--format", format, "-o"])
                .arg(&name)
                .args(*family)
                .assert()
                .success();
            let thumb = |file: &str| {
                stdout_of(
                    &jwtctl()
                        .args(["jwks", "thumbprint"])
                        .arg(dir.path().join(file))
                        .assert()
                        .success(),
                )
            };
            let private = thumb(&format!("k{i}.{format}"));
            let public = thumb(&format!("k{i}.pub.{format}"));
            assert_eq!(private, public, "{family:?} {format}");
            assert_eq!(private.trim().len(), 43);
            if format == "jwk" {
                // The kid of a generated JWK is its RFC 7638 thumbprint.
                let jwk = fs::read_to_string(dir.path().join(format!("k{i}.jwk"))).unwrap();
                assert!(
                    jwk.contains(&format!("\"kid\": \"{}\"", private.trim())),
                    "{jwk}"
                );
            }
            for f in [format!("k{i}.{format}"), format!("k{i}.pub.{format}")] {
                fs::remove_file(dir.path().join(f)).unwrap();
            }
        }
    }
}

#[test]
fn openssl_reads_every_generated_key() {
    if !openssl_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, family) in FAMILIES.iter().enumerate() {
        let name = dir.path().join(format!("k{i}"));
        jwtctl()
            .args(["keygen", "-o"])
            .arg(&name)
            .args(*family)
            .assert()
            .success();
        let private = dir.path().join(format!("k{i}.pem"));
        let public = dir.path().join(format!("k{i}.pub.pem"));
        let p = private.to_str().unwrap();
        openssl(&["pkey", "-in", p, "-noout", "-check"]);
        // OpenSSL derives the same public key from the private one as jwtctl wrote.
        let derived = openssl(&["pkey", "-in", p, "-pubout"]);
        assert_eq!(derived, fs::read_to_string(&public).unwrap(), "{family:?}");
    }
}

#[test]
fn openssl_opens_encrypted_keys_with_either_kdf() {
    if !openssl_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for kdf in ["scrypt", "pbkdf2"] {
        for family in [
            &["--type", "rsa"][..],
            &["--type", "ed25519"],
            &["--alg", "ES512"],
        ] {
            let run = jwtctl()
                .args([
                    "keygen",
                    "--encrypt",
                    "--passphrase",
                    "env:JWTCTL_TEST_PASS",
                    "--kdf",
                    kdf,
                ])
                .args(family)
                .env("JWTCTL_TEST_PASS", "correct horse")
                .assert()
                .success();
            let pem = stdout_of(&run);
            assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
            let path = dir.path().join(format!("{kdf}.pem"));
            fs::write(&path, &pem).unwrap();
            let p = path.to_str().unwrap();
            openssl(&[
                "pkey",
                "-in",
                p,
                "-passin",
                "pass:correct horse",
                "-noout",
                "-check",
            ]);
            // And jwtctl opens it again, refusing the wrong passphrase.
            jwtctl()
                .args(["jwks", "thumbprint", p, "--passphrase", "correct horse"])
                .assert()
                .success();
            jwtctl()
                .args(["jwks", "thumbprint", p, "--passphrase", "wrong"])
                .assert()
                .code(4)
                .stderr(predicates::str::contains("wrong passphrase"));
        }
    }
}

#[test]
fn secrets_are_random_and_sized() {
    let a = stdout_of(
        &jwtctl()
            .args(["keygen", "--alg", "HS256"])
            .assert()
            .success(),
    );
    let b = stdout_of(
        &jwtctl()
            .args(["keygen", "--alg", "HS256"])
            .assert()
            .success(),
    );
    assert_ne!(a, b);
    let k = a.lines().find(|l| l.contains("\"k\"")).unwrap();
    // 32 bytes are 43 base64url characters.
    assert_eq!(
        k.trim()
            .trim_start_matches("\"k\": \"")
            .trim_end_matches('"')
            .len(),
        43
    );
}
