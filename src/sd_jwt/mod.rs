//! SD-JWT (RFC 9901): JWTs whose claims the holder discloses one by one. The issuer signs a
//! payload in which each selectively disclosable claim is only a digest (`_sd` in objects,
//! `{"...": digest}` in arrays); the claim itself travels beside the JWT as a disclosure, a
//! base64url JSON array `[salt, name, value]` (or `[salt, value]` for an array element). A
//! presentation is `<issuer-jwt>~<disclosure>~…~` followed by nothing or by a Key Binding JWT
//! that proves the holder has the key of `cnf.jwk`.
//!
//! Here: the compact serialization and disclosures ([`Presentation`], [`Disclosure`]),
//! issuing ([`issue`]), processing the digests back into claims ([`process`]), choosing what to
//! show ([`present`]), and key binding ([`kb`]). The verification of the issuer JWT is
//! `verify`'s, under the same key-trust rules and policy as any token.
//! The top of the layer map: uses `verify`, `jose`, `keys`, `input`, `text`, `random` and
//! `error`.

pub mod check;
pub mod issue;
pub mod kb;
pub mod present;
pub mod process;

use serde_json::Value;

use crate::error::{Bounded, Error, Reason, Result};
use crate::input::{MAX_DISCLOSURE_LEN, MAX_DISCLOSURES};
use crate::jose::{b64, json};
use crate::text::escape;

/// The separator of the compact serialization.
pub const SEPARATOR: char = '~';

/// The `_sd` member: the digests of an object's disclosable members.
pub const SD: &str = "_sd";

/// The `_sd_alg` member: the hash of the digests.
pub const SD_ALG: &str = "_sd_alg";

/// The key of an array element's digest object, `{"...": digest}`.
pub const ELLIPSIS: &str = "...";

/// The `typ` of a Key Binding JWT.
pub const KB_TYP: &str = "kb+jwt";

/// The hash functions of `_sd_alg` (IANA "Named Information Hash Algorithm" names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha256 => "sha-256",
            HashAlg::Sha384 => "sha-384",
            HashAlg::Sha512 => "sha-512",
        }
    }

    /// The hash `_sd_alg` names: sha-256 when absent (RFC 9901 §4.1.1).
    pub fn of(value: Option<&Value>) -> Result<HashAlg> {
        match value {
            None => Ok(HashAlg::Sha256),
            Some(Value::String(s)) => match s.as_str() {
                "sha-256" => Ok(HashAlg::Sha256),
                "sha-384" => Ok(HashAlg::Sha384),
                "sha-512" => Ok(HashAlg::Sha512),
                other => Err(Error::rejected(
                    Reason::SdAlgUnsupported,
                    format!(
                        "_sd_alg \"{}\" is not supported (supported: sha-256, sha-384, sha-512)",
                        escape(other)
                    ),
                )),
            },
            Some(other) => Err(Error::malformed(format!(
                "_sd_alg must be a string, not {}",
                json::type_name(other)
            ))),
        }
    }

    /// base64url(hash(text)): a disclosure's digest, a KB-JWT's `sd_hash`.
    pub fn digest(self, text: &str) -> String {
        let algorithm = match self {
            HashAlg::Sha256 => &aws_lc_rs::digest::SHA256,
            HashAlg::Sha384 => &aws_lc_rs::digest::SHA384,
            HashAlg::Sha512 => &aws_lc_rs::digest::SHA512,
        };
        b64::encode(aws_lc_rs::digest::digest(algorithm, text.as_bytes()).as_ref())
    }
}

/// One disclosure, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosure {
    /// As given: its digest is over these bytes.
    pub encoded: String,
    pub salt: String,
    /// The claim name of an object member's disclosure; `None` for an array element's.
    pub name: Option<String>,
    pub value: Value,
}

impl Disclosure {
    /// A new disclosure with 128 bits of salt from the CSPRNG.
    pub fn new(name: Option<&str>, value: Value) -> Result<Disclosure> {
        let salt = b64::encode(&crate::random::bytes(16)?);
        let mut array = vec![Value::from(salt.as_str())];
        if let Some(name) = name {
            array.push(Value::from(name));
        }
        array.push(value.clone());
        let json = serde_json::to_vec(&Value::Array(array))
            .map_err(|e| Error::malformed(format!("a disclosure cannot be serialized: {e}")))?;
        Ok(Disclosure {
            encoded: b64::encode(&json),
            salt,
            name: name.map(str::to_string),
            value,
        })
    }

    /// Decodes disclosure number `index` (from 1, for messages): base64url of a JSON array of
    /// a salt string, a claim name string for an object member, and the value.
    pub fn decode(encoded: &str, index: usize) -> Result<Disclosure> {
        let what = || format!("disclosure {index}");
        if encoded.len() > MAX_DISCLOSURE_LEN {
            return Err(Error::too_large(
                Bounded::Disclosure,
                MAX_DISCLOSURE_LEN as u64,
                format!(
                    "{} is {} bytes, over the limit of {MAX_DISCLOSURE_LEN} bytes (64 KiB)",
                    what(),
                    encoded.len()
                ),
            ));
        }
        let bytes =
            b64::decode(encoded).map_err(|why| Error::malformed(format!("{}: {why}", what())))?;
        let items = match json::parse(&bytes) {
            Ok(Value::Array(items)) => items,
            Ok(other) => {
                return Err(Error::malformed(format!(
                    "{} is {}, not a JSON array",
                    what(),
                    json::type_name(&other)
                )));
            }
            Err(why) => return Err(Error::malformed(format!("{}: {why}", what()))),
        };
        let mut items = items.into_iter();
        let (salt, name, value) = match (items.next(), items.next(), items.next(), items.next()) {
            (Some(salt), Some(value), None, None) => (salt, None, value),
            (Some(salt), Some(name), Some(value), None) => (salt, Some(name), value),
            _ => {
                return Err(Error::malformed(format!(
                    "{} must be an array of 2 (salt, value) or 3 (salt, name, value) elements",
                    what()
                )));
            }
        };
        let Value::String(salt) = salt else {
            return Err(Error::malformed(format!(
                "{}: the salt must be a string",
                what()
            )));
        };
        let name = match name {
            None => None,
            Some(Value::String(name)) => Some(name),
            Some(other) => {
                return Err(Error::malformed(format!(
                    "{}: the claim name must be a string, not {}",
                    what(),
                    json::type_name(&other)
                )));
            }
        };
        Ok(Disclosure {
            encoded: encoded.to_string(),
            salt,
            name,
            value,
        })
    }
}

/// An SD-JWT or a presentation, split (not verified): the issuer JWT, the disclosures as
/// given, and the Key Binding JWT when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Presentation {
    pub jwt: String,
    pub disclosures: Vec<String>,
    pub kb_jwt: Option<String>,
}

impl Presentation {
    /// Whether `text` looks like an SD-JWT (the compact serialization has a `~`).
    pub fn is_sd_jwt(text: &str) -> bool {
        text.contains(SEPARATOR)
    }

    /// Splits the compact serialization (already cleaned of whitespace): at least the issuer
    /// JWT and a `~`; no empty disclosure; the last component empty or a KB-JWT. Counts and
    /// sizes are bounded; the total is bounded as a token is.
    pub fn parse(text: &str) -> Result<Presentation> {
        crate::jose::token::check_len(text)?;
        let mut parts: Vec<&str> = text.split(SEPARATOR).collect();
        if parts.len() < 2 {
            return Err(Error::malformed(
                "not an SD-JWT: no '~' after the issuer JWT (an SD-JWT is <issuer-jwt>~<disclosure>~...~)",
            ));
        }
        let last = parts.pop().unwrap_or_default();
        let jwt = parts.remove(0);
        if jwt.is_empty() {
            return Err(Error::malformed(
                "the SD-JWT has no issuer JWT before the first '~'",
            ));
        }
        if parts.len() > MAX_DISCLOSURES {
            return Err(Error::too_large(
                Bounded::Disclosures,
                MAX_DISCLOSURES as u64,
                format!(
                    "the SD-JWT has {} disclosures, over the limit of {MAX_DISCLOSURES}",
                    parts.len()
                ),
            ));
        }
        if let Some(i) = parts.iter().position(|p| p.is_empty()) {
            return Err(Error::malformed(format!(
                "disclosure {} is empty ('~~' in the SD-JWT)",
                i + 1
            )));
        }
        let kb_jwt = if last.is_empty() {
            None
        } else if last.split('.').count() == 3 {
            Some(last.to_string())
        } else {
            return Err(Error::malformed(
                "the SD-JWT must end with '~' or a Key Binding JWT; its last component is neither",
            ));
        };
        Ok(Presentation {
            jwt: jwt.to_string(),
            disclosures: parts.into_iter().map(str::to_string).collect(),
            kb_jwt,
        })
    }

    /// The disclosures, decoded.
    pub fn decode_disclosures(&self) -> Result<Vec<Disclosure>> {
        self.disclosures
            .iter()
            .enumerate()
            .map(|(i, d)| Disclosure::decode(d, i + 1))
            .collect()
    }

    /// The SD-JWT without its KB-JWT, ending in `~`: what `sd_hash` covers.
    pub fn without_kb(&self) -> String {
        let mut out = self.jwt.clone();
        out.push(SEPARATOR);
        for d in &self.disclosures {
            out.push_str(d);
            out.push(SEPARATOR);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// RFC 9901 §4.2.1's example disclosure and its digest.
    #[test]
    fn the_rfc_example_disclosure_hashes_to_its_digest() {
        let encoded = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0";
        let d = Disclosure::decode(encoded, 1).unwrap();
        assert_eq!(d.salt, "_26bc4LT-ac6q2KI6cBW5es");
        assert_eq!(d.name.as_deref(), Some("family_name"));
        assert_eq!(d.value, json!("Möbius"));
        assert_eq!(
            HashAlg::Sha256.digest(encoded),
            "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"
        );
    }

    /// RFC 9901 §4.2.2's example array element: its digest, and where processing puts it.
    #[test]
    fn the_rfc_example_array_element_lands_in_its_array() {
        let encoded = "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0";
        let d = Disclosure::decode(encoded, 1).unwrap();
        assert_eq!(
            (d.salt.as_str(), d.name.as_deref()),
            ("lklxF5jMYlGTPUovMNIvCA", None)
        );
        let digest = HashAlg::Sha256.digest(encoded);
        assert_eq!(digest, "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs");
        let payload = json!({"nationalities": ["DE", {"...": digest}]});
        let p = process::process(payload.as_object().unwrap().clone(), &[d]).unwrap();
        assert_eq!(
            Value::Object(p.claims),
            json!({"nationalities": ["DE", "FR"]})
        );
        assert_eq!(p.paths.pointer(p.places[0]), "/nationalities/1");
    }

    #[test]
    fn new_disclosures_decode_to_what_was_put_in() {
        let d = Disclosure::new(Some("email"), json!("a@b.c")).unwrap();
        let back = Disclosure::decode(&d.encoded, 1).unwrap();
        assert_eq!(back, d);
        assert_eq!(b64::decode(&d.salt).unwrap().len(), 16);
        let e = Disclosure::new(None, json!(["x"])).unwrap();
        assert_eq!(Disclosure::decode(&e.encoded, 1).unwrap().name, None);
    }

    #[test]
    fn malformed_disclosures_say_which_and_why() {
        let enc = |v: Value| b64::encode(&serde_json::to_vec(&v).unwrap());
        for (bad, why) in [
            (enc(json!({"a": 1})), "not a JSON array"),
            (enc(json!(["s"])), "must be an array of 2"),
            (enc(json!(["s", "n", 1, 2])), "must be an array of 2"),
            (enc(json!([1, "n", 1])), "salt must be a string"),
            (enc(json!(["s", 5, 1])), "claim name must be a string"),
            ("!!".to_string(), "disclosure 3"),
            (b64::encode(b"[\"s\",\"a\",1,]"), "invalid JSON"),
        ] {
            let e = Disclosure::decode(&bad, 3).unwrap_err();
            assert_eq!(e.kind, crate::Kind::Malformed, "{bad}");
            assert!(e.message.contains(why), "{}", e.message);
        }
        let long = "A".repeat(MAX_DISCLOSURE_LEN + 1);
        let e = Disclosure::decode(&long, 1).unwrap_err();
        assert!(matches!(
            e.kind,
            crate::Kind::TooLarge {
                what: Bounded::Disclosure,
                ..
            }
        ));
    }

    #[test]
    fn the_compact_serialization_splits_strictly() {
        let p = Presentation::parse("a.b.c~d1~d2~").unwrap();
        assert_eq!(p.jwt, "a.b.c");
        assert_eq!(p.disclosures, ["d1", "d2"]);
        assert_eq!(p.kb_jwt, None);
        assert_eq!(p.without_kb(), "a.b.c~d1~d2~");
        let p = Presentation::parse("a.b.c~k.b.j").unwrap();
        assert!(p.disclosures.is_empty());
        assert_eq!(p.kb_jwt.as_deref(), Some("k.b.j"));
        for bad in ["a.b.c", "~d~", "a.b.c~~d~", "a.b.c~d~notajwt"] {
            assert!(Presentation::parse(bad).is_err(), "{bad}");
        }
        let many = format!("a.b.c~{}", "d~".repeat(MAX_DISCLOSURES + 1));
        let e = Presentation::parse(&many).unwrap_err();
        assert_eq!(
            e.kind,
            crate::Kind::TooLarge {
                what: Bounded::Disclosures,
                limit: MAX_DISCLOSURES as u64
            }
        );
    }

    #[test]
    fn sd_alg_is_sha_256_by_default_and_known_hashes_only() {
        assert_eq!(HashAlg::of(None).unwrap(), HashAlg::Sha256);
        assert_eq!(
            HashAlg::of(Some(&json!("sha-512"))).unwrap(),
            HashAlg::Sha512
        );
        let e = HashAlg::of(Some(&json!("md5"))).unwrap_err();
        assert_eq!(e.kind.code(), Some("sd_alg_unsupported"));
        assert_eq!(
            HashAlg::of(Some(&json!(1))).unwrap_err().kind,
            crate::Kind::Malformed
        );
    }
}
