//! Reading key material whatever its format, detected from the content: PEM (the RFC 7468 labels of
//! PKCS#8, encrypted PKCS#8, PKCS#1, SEC 1, SPKI and X.509), DER, a JWK or a JWKS. Passphrases for encrypted keys are asked for lazily, through
//! a callback, only when an encrypted key is actually found.

use serde_json::{Map, Value};

use super::{Key, jwk, pkcs};
use crate::error::{Bounded, Error, Remedy, Result};
use crate::input::secret::Secret;
use crate::jose::json;

/// Key files and JWKS documents larger than this are refused (`input` owns the limits).
pub(crate) const MAX_KEY_FILE: usize = crate::input::MAX_KEY_FILE;
/// A JWKS with more keys than this is refused.
pub(crate) const MAX_JWKS_KEYS: usize = 1000;

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
pub(crate) type PassphraseSource<'a> = &'a mut dyn FnMut() -> Result<Secret>;

/// Parses key material; every failure is a key problem (exit 4).
pub fn parse(bytes: &[u8], passphrase: PassphraseSource<'_>) -> Result<KeySet> {
    if bytes.len() > MAX_KEY_FILE {
        return Err(Error::too_large(
            Bounded::KeyFile,
            MAX_KEY_FILE as u64,
            format!(
                "key data is larger than the {} KiB limit",
                MAX_KEY_FILE / 1024
            ),
        ));
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
    Err(Error::key("not a key: expected PEM, DER, a JWK or a JWKS").with_remedy(Remedy::GiveSecret))
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
        return Err(Error::too_large(
            Bounded::KeySet,
            MAX_KEY_FILE as u64,
            format!("JWKS is larger than the {} KiB limit", MAX_KEY_FILE / 1024),
        ));
    }
    let map = json::parse_object(bytes).map_err(|why| Error::malformed(format!("JWKS: {why}")))?;
    if source == SetSource::Fetched
        && let Some(Value::Array(items)) = map.get("keys")
    {
        // Judged on every entry, usable or not: a published secret is a leak either way.
        let secrets: Vec<String> = items
            .iter()
            .filter(|item| item.get("kty").and_then(Value::as_str) == Some("oct"))
            .map(|item| match item.get("kid").and_then(Value::as_str) {
                Some(kid) => format!("kid {}", super::trust::quoted(kid)),
                None => "a key without kid".to_string(),
            })
            .collect();
        if !secrets.is_empty() {
            let secrets = secrets.join(", ");
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
    parse_jwks_map(&map, true)
}

/// A set is unambiguous, judged on every entry, usable or not (a set whose kid names two keys
/// is refused even when jwtctl could read only one of them):
/// - entries under one `kid` are one key (the same key material, whatever else differs),
///   unless they are declared for different purposes, a signing and an encryption key
///   (by `use`, `alg` or `key_ops`);
/// - HMAC secrets and public keys never share a set: publishing it would publish the secrets.
fn check_entries(items: &[Value]) -> Result<()> {
    let member =
        |item: &Value, name: &str| item.get(name).and_then(Value::as_str).map(str::to_string);
    let material =
        |item: &Value| ["kty", "crv", "n", "e", "x", "y", "k"].map(|m| item.get(m).cloned());
    let purpose = |item: &Value| {
        let ops: Option<Vec<String>> = item.get("key_ops").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        });
        super::trust::declared_purpose(
            member(item, "use").as_deref(),
            member(item, "alg").as_deref(),
            ops.as_deref(),
        )
    };
    for (i, item) in items.iter().enumerate() {
        let Some(kid) = member(item, "kid") else {
            continue;
        };
        for earlier in &items[..i] {
            if member(earlier, "kid").as_deref() != Some(kid.as_str())
                || material(earlier) == material(item)
            {
                continue;
            }
            if matches!((purpose(earlier), purpose(item)), (Some(a), Some(b)) if a != b) {
                continue;
            }
            return Err(Error::key(format!(
                "the key set holds different keys under one kid {}",
                super::trust::quoted(&kid)
            ))
            .with_hint("a kid must name one key: a verifier cannot tell which one signed"));
        }
    }
    let (secrets, public): (Vec<&Value>, Vec<&Value>) = items
        .iter()
        .filter(|item| item.get("kty").is_some())
        .partition(|item| member(item, "kty").as_deref() == Some("oct"));
    if !secrets.is_empty() && !public.is_empty() {
        let kids = |entries: Vec<&Value>| {
            entries
                .iter()
                .map(|e| match member(e, "kid") {
                    Some(kid) => format!("kid {}", super::trust::quoted(&kid)),
                    None => "a key without kid".to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(Error::key(format!(
            "the key set mixes HMAC secrets ({}) with public-key keys ({})",
            kids(secrets),
            kids(public)
        ))
        .with_hint("keep secrets in a set of their own: publishing this set would publish them"));
    }
    Ok(())
}

/// Identical entries (the same key with the same declarations) collapse to the first.
fn collapse_duplicates(keys: &mut Vec<Key>) {
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
}

/// The entries of a JWK Set document: a `keys` array of at most [`MAX_JWKS_KEYS`] objects.
/// Anything else is malformed (the caller decides the exit status for its input); more keys
/// is over that limit, a key problem whoever reads the set.
pub(crate) fn jwks_entries(map: &Map<String, Value>) -> Result<Vec<&Map<String, Value>>> {
    let Some(Value::Array(items)) = map.get("keys") else {
        return Err(Error::malformed("JWKS has no \"keys\" array"));
    };
    if items.len() > MAX_JWKS_KEYS {
        return Err(Error::too_large(
            Bounded::SetKeys,
            MAX_JWKS_KEYS as u64,
            format!(
                "JWKS has {} keys, more than the limit of {MAX_JWKS_KEYS}",
                items.len()
            ),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(obj) => Ok(obj),
            _ => Err(Error::malformed(format!(
                "JWKS key #{} is {}, not an object",
                i + 1,
                json::type_name(item)
            ))),
        })
        .collect()
}

fn parse_jwks_map(map: &Map<String, Value>, skip_unsupported: bool) -> Result<KeySet> {
    let entries = jwks_entries(map)?;
    let Some(Value::Array(items)) = map.get("keys") else {
        return Err(Error::malformed("JWKS has no \"keys\" array"));
    };
    check_entries(items)?;
    let mut set = KeySet {
        keys: Vec::new(),
        origin: Origin::Set,
        warnings: Vec::new(),
    };
    for (i, obj) in entries.into_iter().enumerate() {
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
    collapse_duplicates(&mut set.keys);
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
                    .with_remedy(Remedy::PickKey),
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
                // Under one kid a set may hold a signing and an encryption key: take the one
                // that may sign, else the first (whose refusal then says why).
                let mut named: Vec<Key> = self
                    .keys
                    .into_iter()
                    .filter(|k| k.kid.as_deref() == Some(kid))
                    .collect();
                let signing = named
                    .iter()
                    .position(|k| super::trust::check_use(k, super::trust::Op::Sign).is_ok())
                    .unwrap_or(0);
                (!named.is_empty())
                    .then(|| named.swap_remove(signing))
                    .ok_or_else(|| {
                        Error::key(format!(
                            "{what} has no key with kid {}",
                            super::trust::quoted(kid)
                        ))
                        .with_hint(format!("kids in the set: {}", known.join(", ")))
                    })
            }
            _ => self.into_single(what),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Hint, Kind};

    fn no_passphrase() -> Result<Secret> {
        Err(Error::key("no passphrase here"))
    }

    #[test]
    fn limits_say_what_they_bound() {
        let big = vec![b' '; MAX_KEY_FILE + 1];
        let e = parse(&big, &mut no_passphrase).unwrap_err();
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::KeyFile,
                limit: MAX_KEY_FILE as u64
            }
        );
        let e = parse_jwks(&big, SetSource::Local).unwrap_err();
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::KeySet,
                limit: MAX_KEY_FILE as u64
            }
        );
        // Too many keys is a key problem (exit 4) whichever input held the set.
        let entry = r#"{"kty":"oct","k":"AAAA"}"#;
        let many = format!(
            "{{\"keys\":[{}]}}",
            vec![entry; MAX_JWKS_KEYS + 1].join(",")
        );
        for e in [
            parse(many.as_bytes(), &mut no_passphrase).unwrap_err(),
            parse_jwks(many.as_bytes(), SetSource::Local).unwrap_err(),
        ] {
            assert_eq!(
                e.kind,
                Kind::TooLarge {
                    what: Bounded::SetKeys,
                    limit: MAX_JWKS_KEYS as u64
                }
            );
            assert_eq!(e.kind.exit_status(), crate::error::ExitStatus::Key);
            assert_eq!(e.message, "JWKS has 1001 keys, more than the limit of 1000");
        }
    }

    #[test]
    fn remedies_that_are_options_of_the_caller() {
        let remedy = |e: Error| e.hint.map(|h| (h.text().map(str::to_string), h));
        let e = parse(b"plain text", &mut no_passphrase).unwrap_err();
        assert_eq!(remedy(e), Some((None, Hint::Remedy(Remedy::GiveSecret))));
        let pem = b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        let e = crate::keys::material::secret_key(Secret::new(pem.to_vec())).unwrap_err();
        assert_eq!(remedy(e), Some((None, Hint::Remedy(Remedy::GiveKey))));
        let two = |i: u8| Key::oct(Secret::new(vec![i; 32])).unwrap();
        let set = KeySet {
            keys: vec![two(1), two(2)],
            origin: Origin::Set,
            warnings: Vec::new(),
        };
        let e = set.into_single("k.json").unwrap_err();
        assert_eq!(e.message, "k.json holds 2 keys; this needs exactly one");
        assert_eq!(remedy(e), Some((None, Hint::Remedy(Remedy::PickKey))));
    }
}
