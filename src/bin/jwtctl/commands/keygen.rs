//! `jwtctl keygen`: a new key, printed or written as NAME.pem + NAME.pub.pem.

use std::path::PathBuf;

use jwtctl::Alg;
use jwtctl::Key;
use jwtctl::keys::generate::{self, KeySpec, RSA_SIZES};
use jwtctl::keys::jwk::{self, ThumbprintHash};
use jwtctl::keys::{Curve, pkcs};
use jwtctl::present::output::{self, PRIVATE_MODE, PUBLIC_MODE};
use jwtctl::{Error, Result};

use super::{Context, Outcome};
use crate::cli::{KeyFormat, KeyType, KeyUseArg, KeygenArgs};

pub fn run(args: KeygenArgs, ctx: &mut Context) -> Result<Outcome> {
    let (spec, alg) = key_spec(&args)?;
    let format = match (args.format, spec) {
        (Some(KeyFormat::Pem), KeySpec::Oct { .. }) => {
            return Err(Error::usage("an HMAC secret has no PEM form")
                .with_hint("use --format jwk (the default for secrets)"));
        }
        (Some(f), _) => f,
        (None, KeySpec::Oct { .. }) => KeyFormat::Jwk,
        (None, _) => KeyFormat::Pem,
    };
    if args.encrypt && format == KeyFormat::Jwk {
        return Err(Error::usage(
            "--encrypt writes encrypted PKCS#8 PEM; it does not apply to JWK",
        )
        .with_hint("drop --format jwk, or store the JWK in a secrets manager"));
    }
    if args.kid.is_some() && format == KeyFormat::Pem {
        return Err(Error::usage("--kid applies to JWK output").with_hint("add --format jwk"));
    }
    // Ask for the passphrase before the (possibly slow) key generation.
    let passphrase = if args.encrypt {
        Some(ctx.term.new_passphrase(args.passphrase.as_ref())?)
    } else {
        None
    };

    let mut key = generate::generate(spec)?;
    if format == KeyFormat::Jwk {
        key.kid = Some(
            args.kid
                .clone()
                .unwrap_or_else(|| jwk::thumbprint(&key, ThumbprintHash::Sha256)),
        );
        // An X25519 key (no JWS alg) is an encryption key whatever --use says.
        match (args.key_use, alg) {
            (KeyUseArg::Sig, Some(alg)) => {
                key.alg = Some(alg.name().to_string());
                key.key_use = Some("sig".to_string());
            }
            _ => key.key_use = Some("enc".to_string()),
        }
    }

    let private_text = match format {
        KeyFormat::Pem => {
            let der = pkcs::private_pkcs8_der(&key)?;
            match &passphrase {
                Some(secret) => {
                    let encrypted = pkcs::encrypt_pkcs8(&der, secret.bytes(), args.kdf)?;
                    pkcs::to_pem("ENCRYPTED PRIVATE KEY", &encrypted)
                }
                None => pkcs::to_pem("PRIVATE KEY", &der),
            }
        }
        KeyFormat::Jwk => jwk_text(&key, true)?,
    };

    let Some(name) = &args.out else {
        return ctx.term.print(&private_text).map(|()| Outcome::Success);
    };
    let (private_path, public_path) = out_paths(name, format);
    let public_text = match (format, key.public()) {
        (_, None) => None,
        (KeyFormat::Pem, Some(public)) => {
            Some(pkcs::to_pem("PUBLIC KEY", &pkcs::public_spki_der(&public)?))
        }
        (KeyFormat::Jwk, Some(public)) => Some(jwk_text(&public, false)?),
    };
    // Refuse before writing anything, so a refusal never leaves half a pair behind.
    if !args.force {
        for path in std::iter::once(&private_path).chain(public_text.as_ref().map(|_| &public_path))
        {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::io(format!("{} already exists", path.display()))
                    .with_hint("use --force to replace it"));
            }
        }
    }
    output::write_file_atomic(
        &private_path,
        private_text.as_bytes(),
        PRIVATE_MODE,
        args.force,
    )?;
    let mut written = format!(
        "wrote {} ({}, mode 0600)",
        private_path.display(),
        key.describe()
    );
    if let Some(text) = public_text {
        output::write_file_atomic(&public_path, text.as_bytes(), PUBLIC_MODE, args.force)?;
        written.push_str(&format!(" and {}", public_path.display()));
    }
    ctx.term.notice(&written);
    Ok(Outcome::Success)
}

fn jwk_text(key: &Key, private: bool) -> Result<String> {
    let map = jwk::to_jwk(key, private)?;
    Ok(output::json_pretty(&serde_json::Value::Object(map), false) + "\n")
}

/// NAME.pem + NAME.pub.pem, or NAME.jwk + NAME.pub.jwk.
fn out_paths(name: &std::path::Path, format: KeyFormat) -> (PathBuf, PathBuf) {
    let ext = match format {
        KeyFormat::Pem => "pem",
        KeyFormat::Jwk => "jwk",
    };
    let with = |suffix: &str| {
        let mut s = name.as_os_str().to_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    (with(&format!(".{ext}")), with(&format!(".pub.{ext}")))
}

/// The key to generate and the algorithm recorded in its JWK (none for X25519, which only
/// does ECDH-ES).
fn key_spec(args: &KeygenArgs) -> Result<(KeySpec, Option<Alg>)> {
    if args.key_use == KeyUseArg::Enc {
        if let Some(alg) = args.alg {
            return Err(Error::usage(format!(
                "--alg {alg} is a signing algorithm; an encryption key is made with --type"
            ))
            .with_hint("jwtctl keygen --type rsa --use enc (RSA-OAEP), --type ec or --type x25519 (ECDH-ES), --type oct --bits 128 (A128KW)"));
        }
        if args.curve == Some(Curve::Secp256k1) {
            return Err(Error::usage(
                "secp256k1 keys sign ES256K only; JWE key agreement uses P-256, P-384 or P-521",
            ));
        }
        if args.key_type == Some(KeyType::Ed25519) {
            return Err(Error::usage(
                "Ed25519 keys sign; JWE key agreement uses X25519 or EC keys (--type x25519, or --type ec --use enc)",
            ));
        }
    }
    let (spec, alg) = match (args.alg, args.key_type) {
        (Some(alg), _) => (KeySpec::for_alg(alg), alg),
        (None, Some(KeyType::Rsa)) => (KeySpec::Rsa { bits: 2048 }, Alg::RS256),
        (None, Some(KeyType::Ec)) => {
            let curve = args.curve.unwrap_or(Curve::P256);
            let alg = curve.family().default_alg().unwrap_or(Alg::ES256);
            (KeySpec::Ec(curve), alg)
        }
        (None, Some(KeyType::Ed25519)) => (KeySpec::Ed25519, Alg::EdDSA),
        (None, Some(KeyType::X25519)) => {
            if args.curve.is_some() {
                return Err(Error::usage("--curve applies to EC keys only"));
            }
            if args.bits.is_some() {
                return Err(Error::usage(
                    "--bits applies to RSA keys and HMAC secrets only",
                ));
            }
            return Ok((KeySpec::X25519, None));
        }
        (None, Some(KeyType::Oct)) => (KeySpec::Oct { bytes: 32 }, Alg::HS256),
        (None, None) => return Err(Error::usage("keygen needs --alg or --type")),
    };
    if let Some(curve) = args.curve {
        match spec {
            KeySpec::Ec(c) if c == curve => {}
            KeySpec::Ec(c) => {
                return Err(Error::usage(format!(
                    "--curve {} contradicts --alg {alg}, which uses {}",
                    curve.name(),
                    c.name()
                )));
            }
            _ => return Err(Error::usage("--curve applies to EC keys only")),
        }
    }
    let spec = match (spec, args.bits) {
        (spec, None) => spec,
        (KeySpec::Rsa { .. }, Some(bits)) if bits < 2048 => {
            return Err(Error::usage(format!(
                "RSA keys of {bits} bits are too weak; the minimum is 2048"
            ))
            .with_hint("use --bits 2048, 3072 or 4096"));
        }
        (KeySpec::Rsa { .. }, Some(bits)) if RSA_SIZES.contains(&bits) => KeySpec::Rsa { bits },
        (KeySpec::Rsa { .. }, Some(bits)) => {
            return Err(
                Error::usage(format!("RSA keys of {bits} bits are not generated"))
                    .with_hint("use --bits 2048, 3072 or 4096"),
            );
        }
        (KeySpec::Oct { bytes: min }, Some(bits)) => {
            // A JWE key-wrapping or direct key may be 128 bits; an HMAC key needs the hash size.
            let min = if args.key_use == KeyUseArg::Enc {
                16
            } else {
                min
            };
            if bits % 8 != 0 || bits < min * 8 || bits > 8192 {
                if args.key_use == KeyUseArg::Enc {
                    return Err(Error::usage(format!(
                        "an encryption secret needs a whole number of bytes from 128 to 8192 bits, not {bits}"
                    )));
                }
                return Err(Error::usage(format!(
                    "an HMAC secret for {alg} needs a whole number of bytes from {} to 8192 bits, not {bits}",
                    min * 8
                )));
            }
            KeySpec::Oct { bytes: bits / 8 }
        }
        (_, Some(_)) => {
            return Err(
                Error::usage("--bits applies to RSA keys and HMAC secrets only")
                    .with_hint("EC and Ed25519 key sizes follow from the curve"),
            );
        }
    };
    // A secret sized for a stronger hash is recorded for that hash, unless --alg said otherwise.
    let alg = match (args.alg, spec) {
        (None, KeySpec::Oct { bytes }) if bytes >= 64 => Alg::HS512,
        (None, KeySpec::Oct { bytes }) if bytes >= 48 => Alg::HS384,
        _ => alg,
    };
    Ok((spec, Some(alg)))
}
