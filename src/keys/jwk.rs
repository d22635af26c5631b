//! JSON Web Keys (RFC 7517/7518/8037): reading public and private JWKs, writing them, and
//! RFC 7638 thumbprints. jsonwebtoken's `Jwk` type is public-only, so private members are
//! handled here.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::{Curve, Key, Material, RsaPrivate};
use crate::error::{Error, Result};
use crate::input::secret::Secret;
use crate::jose::b64;

/// Reads one JWK object.
pub fn from_jwk(jwk: &Map<String, Value>) -> Result<Key> {
    let kty = str_member(jwk, "kty")?.ok_or_else(|| Error::key("JWK has no \"kty\" member"))?;
    let mut key = match kty {
        "RSA" => rsa_from_jwk(jwk)?,
        "EC" => {
            let crv = required_str(jwk, "crv")?;
            let curve = Curve::from_name(crv).ok_or_else(|| {
                Error::key(format!(
                    "unsupported EC curve {} (supported: P-256, P-384, P-521, secp256k1)",
                    super::trust::quoted(crv)
                ))
            })?;
            let len = curve.coordinate_len();
            let x = fixed_member(jwk, "x", len, crv)?;
            let y = fixed_member(jwk, "y", len, crv)?;
            let mut point = Vec::with_capacity(1 + 2 * len);
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            match jwk.get("d") {
                None => Key::ec_public(curve, &point)?,
                Some(_) => {
                    let d = Zeroizing::new(fixed_member(jwk, "d", len, crv)?);
                    Key::ec_private(curve, &d, Some(&point))?
                }
            }
        }
        "OKP" => {
            let crv = required_str(jwk, "crv")?;
            if crv != "Ed25519" && crv != "X25519" {
                return Err(match crv {
                    "Ed448" | "X448" => super::unsupported_448(crv),
                    _ => Error::key(format!(
                        "unsupported OKP curve {} (supported: Ed25519, X25519)",
                        super::trust::quoted(crv)
                    )),
                });
            }
            let x = fixed_member(jwk, "x", 32, crv)?;
            let d = match jwk.get("d") {
                None => None,
                Some(_) => Some(Zeroizing::new(fixed_member(jwk, "d", 32, crv)?)),
            };
            match (crv, d) {
                ("Ed25519", None) => Key::ed25519_public(&x)?,
                ("Ed25519", Some(d)) => Key::ed25519_private(&d, Some(&x))?,
                (_, None) => Key::x25519_public(&x)?,
                (_, Some(d)) => Key::x25519_private(&d, Some(&x))?,
            }
        }
        "oct" => {
            let k = bytes_member(jwk, "k")?.ok_or_else(|| Error::key("oct JWK has no \"k\""))?;
            Key::oct(Secret::new(k))?
        }
        other => {
            return Err(Error::key(format!(
                "unsupported JWK key type {} (supported: RSA, EC, OKP, oct)",
                super::trust::quoted(other)
            )));
        }
    };
    key.kid = str_member(jwk, "kid")?.map(str::to_owned);
    key.alg = str_member(jwk, "alg")?.map(str::to_owned);
    key.key_use = str_member(jwk, "use")?.map(str::to_owned);
    key.key_ops = match jwk.get("key_ops") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_owned).ok_or_else(|| {
                        Error::key("JWK member \"key_ops\" must be an array of strings")
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        ),
        Some(_) => {
            return Err(Error::key(
                "JWK member \"key_ops\" must be an array of strings",
            ));
        }
    };
    super::trust::check_declarations(&key)?;
    Ok(key)
}

fn rsa_from_jwk(jwk: &Map<String, Value>) -> Result<Key> {
    let n = bytes_member(jwk, "n")?.ok_or_else(|| Error::key("RSA JWK has no \"n\""))?;
    let e = bytes_member(jwk, "e")?.ok_or_else(|| Error::key("RSA JWK has no \"e\""))?;
    if jwk.get("d").is_none() {
        return Key::rsa_public(&n, &e);
    }
    if jwk.contains_key("oth") {
        return Err(Error::key(
            "multi-prime RSA keys (\"oth\") are not supported",
        ));
    }
    let part = |name: &str| -> Result<Zeroizing<Vec<u8>>> {
        bytes_member(jwk, name)?.map(Zeroizing::new).ok_or_else(|| {
            Error::key(format!(
                "RSA private JWK has no \"{name}\": the CRT members p, q, dp, dq, qi are required"
            ))
        })
    };
    let private = RsaPrivate {
        d: part("d")?,
        p: part("p")?,
        q: part("q")?,
        dp: part("dp")?,
        dq: part("dq")?,
        qi: part("qi")?,
    };
    Key::rsa_private(&n, &e, private)
}

fn str_member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::key(format!(
            "JWK member \"{name}\" must be a string"
        ))),
    }
}

fn required_str<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<&'a str> {
    str_member(jwk, name)?.ok_or_else(|| Error::key(format!("JWK has no \"{name}\" member")))
}

fn bytes_member(jwk: &Map<String, Value>, name: &str) -> Result<Option<Vec<u8>>> {
    match str_member(jwk, name)? {
        None => Ok(None),
        Some(text) => b64::decode(text)
            .map(Some)
            .map_err(|why| Error::key(format!("JWK member \"{name}\" is not base64url: {why}"))),
    }
}

/// Curve members have an exact length (RFC 7518 §6.2.1.2, RFC 8037 §2).
fn fixed_member(jwk: &Map<String, Value>, name: &str, len: usize, crv: &str) -> Result<Vec<u8>> {
    let bytes = bytes_member(jwk, name)?
        .ok_or_else(|| Error::key(format!("{crv} JWK has no \"{name}\" member")))?;
    if bytes.len() != len {
        return Err(Error::key(format!(
            "{crv} JWK member \"{name}\" must be {len} bytes, not {}",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// The JWK of a key: `kty`, `use`, `kid`, `alg` when known, then the key members in RFC order.
/// `private` adds the private members; for an HMAC secret it is required.
pub fn to_jwk(key: &Key, private: bool) -> Result<Map<String, Value>> {
    let mut jwk = Map::new();
    let mut put = |name: &str, bytes: &[u8]| {
        jwk.insert(name.to_string(), Value::String(b64::encode(bytes)));
    };
    // Metadata goes first so that a JWKS reads well; it is inserted below, ahead of the rest.
    match &key.material {
        Material::Rsa { n, e, private: p } => {
            put("n", n);
            put("e", e);
            if let (true, Some(p)) = (private, p) {
                put("d", &p.d);
                put("p", &p.p);
                put("q", &p.q);
                put("dp", &p.dp);
                put("dq", &p.dq);
                put("qi", &p.qi);
            }
        }
        Material::Ec { curve, point, d } => {
            let len = curve.coordinate_len();
            put("x", &point[1..1 + len]);
            put("y", &point[1 + len..]);
            if let (true, Some(d)) = (private, d) {
                put("d", d);
            }
        }
        Material::Ed25519 { x, seed: d } | Material::X25519 { x, d } => {
            put("x", x);
            if let (true, Some(d)) = (private, d) {
                put("d", d);
            }
        }
        Material::Oct(secret) => {
            if !private {
                return Err(Error::key(
                    "an HMAC secret has no public form and never appears in a public JWK set",
                ));
            }
            put("k", secret.bytes());
        }
    }
    let mut head = Map::new();
    head.insert("kty".into(), key.kty().into());
    if let Some(crv) = match &key.material {
        Material::Ec { curve, .. } => Some(curve.name()),
        Material::Ed25519 { .. } => Some("Ed25519"),
        Material::X25519 { .. } => Some("X25519"),
        _ => None,
    } {
        head.insert("crv".into(), crv.into());
    }
    if let Some(kid) = &key.kid {
        head.insert("kid".into(), kid.clone().into());
    }
    if let Some(u) = &key.key_use {
        head.insert("use".into(), u.clone().into());
    }
    if let Some(alg) = &key.alg {
        head.insert("alg".into(), alg.clone().into());
    }
    if let Some(ops) = &key.key_ops {
        let ops: Vec<&str> = ops
            .iter()
            .map(String::as_str)
            .filter(|op| private || !matches!(*op, "sign" | "decrypt" | "unwrapKey"))
            .collect();
        if !ops.is_empty() {
            head.insert("key_ops".into(), ops.into());
        }
    }
    head.extend(jwk);
    Ok(head)
}

/// Hash functions for thumbprints (RFC 7638 §3.4 allows others than SHA-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThumbprintHash {
    Sha256,
    Sha384,
    Sha512,
}

/// Whether `text` can be an RFC 7638 SHA-256 thumbprint as written in `cnf.jkt` and
/// `dpop_jkt`: 32 bytes in base64url (43 characters, no padding).
pub fn is_sha256_thumbprint(text: &str) -> bool {
    text.len() == 43 && b64::decode(text).is_ok_and(|bytes| bytes.len() == 32)
}

/// RFC 7638 JWK thumbprint: base64url(hash(required members, sorted, no whitespace)).
pub fn thumbprint(key: &Key, hash: ThumbprintHash) -> String {
    let b = b64::encode;
    let canonical = match &key.material {
        Material::Rsa { n, e, .. } => {
            format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b(e), b(n))
        }
        Material::Ec { curve, point, .. } => {
            let len = curve.coordinate_len();
            format!(
                r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                curve.name(),
                b(&point[1..1 + len]),
                b(&point[1 + len..])
            )
        }
        Material::Ed25519 { x, .. } => {
            format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, b(x))
        }
        Material::X25519 { x, .. } => {
            format!(r#"{{"crv":"X25519","kty":"OKP","x":"{}"}}"#, b(x))
        }
        Material::Oct(secret) => format!(r#"{{"k":"{}","kty":"oct"}}"#, b(secret.bytes())),
    };
    let algorithm = match hash {
        ThumbprintHash::Sha256 => &aws_lc_rs::digest::SHA256,
        ThumbprintHash::Sha384 => &aws_lc_rs::digest::SHA384,
        ThumbprintHash::Sha512 => &aws_lc_rs::digest::SHA512,
    };
    b(aws_lc_rs::digest::digest(algorithm, canonical.as_bytes()).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::json;

    fn jwk(text: &str) -> Key {
        from_jwk(&json::parse_object(text.as_bytes()).unwrap()).unwrap()
    }

    /// RFC 7638 §3.1.
    #[test]
    fn rfc7638_example_thumbprint() {
        let key = jwk(
            r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#,
        );
        assert_eq!(
            thumbprint(&key, ThumbprintHash::Sha256),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(key.kid.as_deref(), Some("2011-04-29"));
    }

    /// RFC 8037 §A.3.
    #[test]
    fn rfc8037_ed25519_thumbprint() {
        let key = jwk(
            r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        );
        assert!(key.is_private());
        assert_eq!(
            thumbprint(&key, ThumbprintHash::Sha256),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn private_members_are_checked_against_public_ones() {
        // RFC 8037 key with the last character of x changed.
        let text = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURk"}"#;
        assert!(from_jwk(&json::parse_object(text.as_bytes()).unwrap()).is_err());
    }

    #[test]
    fn bad_jwks_are_key_errors() {
        for text in [
            r#"{}"#,
            r#"{"kty":"XYZ"}"#,
            r#"{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}"#,
            r#"{"kty":"EC","crv":"secp256k1","x":"AAAA","y":"AAAA"}"#,
            r#"{"kty":"OKP","crv":"X25519","x":"AAAA"}"#,
            r#"{"kty":"OKP","crv":"X448","x":"AAAA"}"#,
            r#"{"kty":"OKP","crv":"Ed448","x":"AAAA"}"#,
            r#"{"kty":"oct","k":""}"#,
            r#"{"kty":"oct","k":"a b"}"#,
            r#"{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}"#,
            r#"{"kty":5}"#,
        ] {
            let e = from_jwk(&json::parse_object(text.as_bytes()).unwrap()).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Key, "{text}");
        }
    }
}
