//! Reading key material whatever its format, detected from the content: PEM (every label in
//! SPEC.md), DER, a JWK or a JWKS. Passphrases for encrypted keys are asked for lazily, through
//! a callback, only when an encrypted key is actually found.

use serde_json::{Map, Value};

use super::{Key, jwk, pkcs};
use crate::error::{Error, Result};
use crate::json;
use crate::secret::Secret;

/// Key files and JWKS documents larger than this are refused.
pub const MAX_KEY_FILE: usize = 1024 * 1024;
/// A JWKS with more keys than this is refused.
pub const MAX_JWKS_KEYS: usize = 1000;

/// Where the keys came from, which decides how one is picked for a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// One key (PEM, DER, a single JWK): used whatever the token's `kid`.
    Single,
    /// A JWK Set: keys are picked by `kid`, then by algorithm.
    Set,
}

#[derive(Debug)]
pub struct KeySet {
    pub keys: Vec<Key>,
    pub origin: Origin,
    /// Keys that were skipped (unsupported types in a JWKS), one line each.
    pub warnings: Vec<String>,
}

/// Supplies the passphrase for an encrypted private key when one is found.
pub type PassphraseSource<'a> = &'a mut dyn FnMut() -> Result<Secret>;

/// Parses key material; every failure is a key problem (exit 4).
pub fn parse(bytes: &[u8], passphrase: PassphraseSource<'_>) -> Result<KeySet> {
    if bytes.len() > MAX_KEY_FILE {
        return Err(Error::key(format!(
            "key data is larger than the {} KiB limit",
            MAX_KEY_FILE / 1024
        )));
    }
    let text = std::str::from_utf8(bytes).ok();
    let trimmed = text.map(str::trim_start).unwrap_or("");
    if trimmed.starts_with('{') {
        let map = json::parse_object(trimmed.as_bytes())
            .map_err(|why| Error::key(format!("not a JWK or JWKS: {why}")))?;
        return if map.contains_key("keys") {
            parse_jwks_map(&map, false)
        } else {
            Ok(single(jwk::from_jwk(&map)?))
        };
    }
    if let Some(text) = text.filter(|t| t.contains("-----BEGIN ")) {
        return parse_pem(text, passphrase).map(single);
    }
    if bytes.first() == Some(&0x30) {
        return parse_der(bytes, passphrase).map(single);
    }
    Err(
        Error::key("not a key: expected PEM, DER, a JWK or a JWKS").with_hint(
            "for an HMAC secret use --secret (@FILE, env:NAME, b64:DATA, -, prompt) or an oct JWK",
        ),
    )
}

/// The HMAC key of a `--secret`. Bytes that are key material (a PEM block, a certificate, a
/// JWK, an SSH key, a DER key) are refused: used as a secret, a public key would let anyone
/// who holds it forge tokens (the RS256-to-HS256 confusion, through a side door).
pub fn secret_key(secret: Secret) -> Result<Key> {
    if let Some(what) = key_material(secret.bytes()) {
        return Err(Error::key(format!(
            "the secret is {what}, not an HMAC secret: a public key used as a secret lets \
             anyone who has it forge tokens"
        ))
        .with_hint(
            "give keys with --key (PEM, DER, JWK or JWKS); --secret takes HMAC secret bytes",
        ));
    }
    Key::oct(secret)
}

/// What `bytes` are, when they are key material rather than secret bytes.
pub fn key_material(bytes: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(bytes).ok();
    if let Some(text) = text {
        if text.contains("---- BEGIN SSH2 ") {
            return Some("an SSH public key (RFC 4716)");
        }
        if let Some(at) = text.find("-----BEGIN ") {
            let label = &text[at + 11..];
            return Some(if label.starts_with("CERTIFICATE") {
                "a certificate (PEM)"
            } else if label.starts_with("OPENSSH") {
                "an OpenSSH key"
            } else {
                "a PEM block"
            });
        }
        let ssh_prefixes = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"];
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.windows(2).any(|w| {
                ssh_prefixes.iter().any(|p| w[0].starts_with(p)) && w[1].starts_with("AAAA")
            }) {
                return Some("an OpenSSH public key");
            }
        }
        if text.trim_start().starts_with('{')
            && let Ok(map) = json::parse_object(text.trim().as_bytes())
        {
            if map.contains_key("keys") {
                return Some("a JWK Set");
            }
            if map.contains_key("kty") {
                return Some("a JWK");
            }
        }
    }
    if bytes.first() == Some(&0x30) {
        let mut no_passphrase = || Err(Error::key("encrypted"));
        if parse_der(bytes, &mut no_passphrase).is_ok()
            || pkcs8::EncryptedPrivateKeyInfoRef::try_from(bytes).is_ok()
        {
            return Some("a DER-encoded key or certificate");
        }
    }
    None
}

fn single(key: Key) -> KeySet {
    KeySet {
        keys: vec![key],
        origin: Origin::Single,
        warnings: Vec::new(),
    }
}

/// Where a JWK Set document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetSource {
    /// A file or standard input: the user holds it, and it may hold HMAC secrets (a set of
    /// secrets only).
    Local,
    /// Fetched over the network: a published set is public, so an HMAC secret in it is no
    /// secret, and the set is refused.
    Fetched,
}

/// Parses a JWK Set document for verifying. Keys jwtctl cannot use (unknown types, curves or
/// declarations) are skipped with a warning each; structural problems are malformed input;
/// an ambiguous set, a set mixing secrets and public keys, and secrets in a fetched set are
/// key problems.
pub fn parse_jwks(bytes: &[u8], source: SetSource) -> Result<KeySet> {
    if bytes.len() > MAX_KEY_FILE {
        return Err(Error::malformed(format!(
            "JWKS is larger than the {} KiB limit",
            MAX_KEY_FILE / 1024
        )));
    }
    let map = json::parse_object(bytes).map_err(|why| Error::malformed(format!("JWKS: {why}")))?;
    let set = parse_jwks_map(&map, true)?;
    if source == SetSource::Fetched {
        let secrets = kids(set.keys.iter().filter(|k| k.is_symmetric()));
        if !secrets.is_empty() {
            return Err(Error::key(format!(
                "the key set holds HMAC secrets ({secrets}): a published set is public, so \
                 anyone who reads it could sign with them"
            ))
            .with_hint(
                "jwtctl never verifies with a secret fetched over the network; \
                 publish only public keys",
            ));
        }
    }
    Ok(set)
}

/// "kid \"a\", kid \"b\"" (or "key #3" for a key without one), for messages.
fn kids<'a>(keys: impl Iterator<Item = &'a Key>) -> String {
    keys.map(|k| match &k.kid {
        Some(kid) => format!("kid {}", super::trust::quoted(kid)),
        None => "a key without kid".to_string(),
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// A set is unambiguous: entries under one `kid` are one key, unless they are published for
/// different uses (`sig` and `enc`). This looks at every entry, usable or not: a set whose kid
/// names two keys is refused even when jwtctl could read only one of them.
fn check_kids(items: &[Value]) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        let Some(kid) = item.get("kid").and_then(Value::as_str) else {
            continue;
        };
        for earlier in &items[..i] {
            if earlier.get("kid").and_then(Value::as_str) != Some(kid) || earlier == item {
                continue;
            }
            let uses = (
                earlier.get("use").and_then(Value::as_str),
                item.get("use").and_then(Value::as_str),
            );
            if matches!(uses, (Some(a), Some(b)) if a != b) {
                continue;
            }
            return Err(Error::key(format!(
                "the key set holds different keys under one kid {}",
                super::trust::quoted(kid)
            ))
            .with_hint("a kid must name one key: a verifier cannot tell which one signed"));
        }
    }
    Ok(())
}

/// Secrets and public keys never share a set: publishing it would publish the secrets.
/// Identical entries (the same key with the same declarations) collapse to the first.
fn check_set(keys: &mut Vec<Key>) -> Result<()> {
    let (secrets, public): (Vec<&Key>, Vec<&Key>) = keys.iter().partition(|k| k.is_symmetric());
    if !secrets.is_empty() && !public.is_empty() {
        return Err(Error::key(format!(
            "the key set mixes HMAC secrets ({}) with public-key keys ({})",
            kids(secrets.into_iter()),
            kids(public.into_iter())
        ))
        .with_hint("keep secrets in a set of their own: publishing this set would publish them"));
    }
    let same = |a: &Key, b: &Key| {
        jwk::thumbprint(a, jwk::ThumbprintHash::Sha256)
            == jwk::thumbprint(b, jwk::ThumbprintHash::Sha256)
            && a.alg == b.alg
            && a.key_use == b.key_use
            && a.key_ops == b.key_ops
    };
    let mut kept: Vec<Key> = Vec::with_capacity(keys.len());
    for key in keys.drain(..) {
        if !kept
            .iter()
            .any(|o| o.kid.is_some() && o.kid == key.kid && same(o, &key))
        {
            kept.push(key);
        }
    }
    *keys = kept;
    Ok(())
}

fn parse_jwks_map(map: &Map<String, Value>, skip_unsupported: bool) -> Result<KeySet> {
    let Some(Value::Array(items)) = map.get("keys") else {
        return Err(Error::malformed("JWKS has no \"keys\" array"));
    };
    if items.len() > MAX_JWKS_KEYS {
        return Err(Error::malformed(format!(
            "JWKS has {} keys, more than the limit of {MAX_JWKS_KEYS}",
            items.len()
        )));
    }
    check_kids(items)?;
    let mut set = KeySet {
        keys: Vec::new(),
        origin: Origin::Set,
        warnings: Vec::new(),
    };
    for (i, item) in items.iter().enumerate() {
        let Value::Object(obj) = item else {
            return Err(Error::malformed(format!(
                "JWKS key #{} is {}, not an object",
                i + 1,
                json::type_name(item)
            )));
        };
        match jwk::from_jwk(obj) {
            Ok(key) => set.keys.push(key),
            Err(e) if skip_unsupported => {
                let kid = obj
                    .get("kid")
                    .and_then(Value::as_str)
                    .map_or_else(|| "-".to_string(), super::trust::quoted);
                set.warnings.push(format!(
                    "skipped JWKS key #{} (kid {kid}): {}",
                    i + 1,
                    e.message
                ));
            }
            Err(e) => return Err(e.context(format!("JWKS key #{}", i + 1))),
        }
    }
    check_set(&mut set.keys)?;
    Ok(set)
}

fn parse_pem(text: &str, passphrase: PassphraseSource<'_>) -> Result<Key> {
    let blocks = pem::parse_many(text).map_err(|e| Error::key(format!("invalid PEM: {e}")))?;
    let mut labels = Vec::new();
    for block in &blocks {
        let der = block.contents();
        let key = match block.tag() {
            "PRIVATE KEY" => pkcs::from_pkcs8_der(der),
            "RSA PRIVATE KEY" => pkcs::from_pkcs1_private_der(der),
            "RSA PUBLIC KEY" => pkcs::from_pkcs1_public_der(der),
            "EC PRIVATE KEY" => pkcs::from_sec1_der(der),
            "PUBLIC KEY" => pkcs::from_spki_der(der),
            "CERTIFICATE" => pkcs::from_certificate_der(der),
            "ENCRYPTED PRIVATE KEY" => {
                let secret = passphrase()?;
                pkcs::decrypt_pkcs8(der, secret.bytes())
                    .and_then(|plain| pkcs::from_pkcs8_der(&plain))
            }
            "EC PARAMETERS" => continue, // written by `openssl ecparam -genkey` before the key
            other => {
                labels.push(other.to_string());
                continue;
            }
        };
        return key;
    }
    if blocks.is_empty() {
        return Err(Error::key("invalid PEM: no complete BEGIN/END block"));
    }
    Err(Error::key(format!(
        "PEM block \"{}\" is not a key jwtctl reads",
        labels.join("\", \"")
    ))
    .with_hint(
        "jwtctl reads PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, \
         PUBLIC KEY, RSA PUBLIC KEY and CERTIFICATE",
    ))
}

/// Binary DER: tries each structure in turn.
fn parse_der(der: &[u8], passphrase: PassphraseSource<'_>) -> Result<Key> {
    type Parser = fn(&[u8]) -> Result<Key>;
    let parsers: [Parser; 6] = [
        pkcs::from_pkcs8_der,
        pkcs::from_spki_der,
        pkcs::from_pkcs1_private_der,
        pkcs::from_sec1_der,
        pkcs::from_pkcs1_public_der,
        pkcs::from_certificate_der,
    ];
    if let Some(key) = parsers.iter().find_map(|parse| parse(der).ok()) {
        return Ok(key);
    }
    if pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).is_ok() {
        let secret = passphrase()?;
        let plain = pkcs::decrypt_pkcs8(der, secret.bytes())?;
        return pkcs::from_pkcs8_der(&plain);
    }
    Err(Error::key(
        "not a key: DER data is none of PKCS#8, SPKI, PKCS#1, SEC1 or an X.509 certificate \
         with a supported key",
    ))
}

impl KeySet {
    /// The one key of a single-key source or a one-key set.
    pub fn into_single(mut self, what: &str) -> Result<Key> {
        match self.keys.len() {
            1 => Ok(self.keys.remove(0)),
            0 => Err(Error::key(format!("{what} holds no usable key"))),
            n => Err(
                Error::key(format!("{what} holds {n} keys; this needs exactly one"))
                    .with_hint("pick one with --kid"),
            ),
        }
    }

    /// The key to sign with: by `kid` when given, else the only key.
    pub fn for_signing(self, kid: Option<&str>, what: &str) -> Result<Key> {
        match kid {
            Some(kid) if self.origin == Origin::Set => {
                let known: Vec<String> = self.keys.iter().filter_map(|k| k.kid.clone()).collect();
                self.keys
                    .into_iter()
                    .find(|k| k.kid.as_deref() == Some(kid))
                    .ok_or_else(|| {
                        Error::key(format!("{what} has no key with kid \"{kid}\""))
                            .with_hint(format!("kids in the set: {}", known.join(", ")))
                    })
            }
            _ => self.into_single(what),
        }
    }
}
