//! Reading key material whatever its format, detected from the content: PEM (every label in
//! SPEC.md), DER, a JWK or a JWKS. Passphrases for encrypted keys are asked for lazily, through
//! a callback, only when an encrypted key is actually found.

use serde_json::{Map, Value};

use super::{Key, jwk, pkcs};
use crate::alg::Alg;
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

fn single(key: Key) -> KeySet {
    KeySet {
        keys: vec![key],
        origin: Origin::Single,
        warnings: Vec::new(),
    }
}

/// Parses a JWK Set document. `skip_unsupported` keeps going past keys of unknown types
/// (with a warning each) instead of failing; structural problems are malformed input.
pub fn parse_jwks(bytes: &[u8], skip_unsupported: bool) -> Result<KeySet> {
    if bytes.len() > MAX_KEY_FILE {
        return Err(Error::malformed(format!(
            "JWKS is larger than the {} KiB limit",
            MAX_KEY_FILE / 1024
        )));
    }
    let map = json::parse_object(bytes).map_err(|why| Error::malformed(format!("JWKS: {why}")))?;
    parse_jwks_map(&map, skip_unsupported)
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
                let kid = obj.get("kid").and_then(Value::as_str).unwrap_or("-");
                set.warnings.push(format!(
                    "skipped JWKS key #{} (kid {}): {}",
                    i + 1,
                    crate::text::escape(kid),
                    e.message
                ));
            }
            Err(e) => return Err(e.context(format!("JWKS key #{}", i + 1))),
        }
    }
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
                let known: Vec<String> = self
                    .keys
                    .iter()
                    .filter_map(|k| {
                        k.kid
                            .as_deref()
                            .map(|k| crate::text::escape(k).into_owned())
                    })
                    .collect();
                self.keys
                    .into_iter()
                    .find(|k| k.kid.as_deref() == Some(kid))
                    .ok_or_else(|| {
                        Error::key(format!(
                            "{what} has no key with kid \"{}\"",
                            crate::text::escape(kid)
                        ))
                        .with_hint(format!("kids in the set: {}", known.join(", ")))
                    })
            }
            _ => self.into_single(what),
        }
    }

    /// The keys that may verify a token with this `kid` and algorithm. A single key is always a
    /// candidate (its family is checked later); in a set, a `kid` must match exactly.
    pub fn candidates(&self, kid: Option<&str>, alg: Alg) -> Vec<&Key> {
        match (self.origin, kid) {
            (Origin::Single, _) => self.keys.iter().collect(),
            (Origin::Set, Some(kid)) => self
                .keys
                .iter()
                .filter(|k| k.kid.as_deref() == Some(kid))
                .collect(),
            (Origin::Set, None) => self
                .keys
                .iter()
                .filter(|k| k.family() == alg.family())
                .filter(|k| k.declared_alg().is_none_or(|a| a == alg))
                .collect(),
        }
    }
}
