//! JWK Sets for publishing: building a public set from keys (create, merge, remove) and
//! describing a set for review (show). Output is deterministic so that sets diff cleanly.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::jose::json;
use crate::keys::Key;
use crate::keys::jwk::{self, ThumbprintHash};
use crate::keys::trust::{self, Op};

/// Builds the public JWK of `key` for a published set. Its `kid` (else its thumbprint), `use`,
/// `key_ops` and `alg` are kept as given (`key_ops` as the public half's, see
/// [`Key::public`]). A signing key gets `alg` (an `--alg` that fits, else its own, else the
/// family default) and `use: "sig"` when it declares neither `use` nor `key_ops`. An encryption key
/// (`use: "enc"`, a JWE `alg`, or encryption `key_ops`) is published as one, never as `sig`,
/// and `--alg` does not apply to it. An HMAC secret cannot be published.
pub fn public_entry(key: &Key, algs: &[Alg]) -> Result<Map<String, Value>> {
    let mut public = key.public().ok_or_else(|| {
        Error::key("an HMAC secret cannot go in a published JWKS: it has no public half")
    })?;
    if public.kid.is_none() {
        public.kid = Some(jwk::thumbprint(key, ThumbprintHash::Sha256));
    }
    // An X25519 key does ECDH-ES only: published as an encryption key whatever it declares.
    if trust::is_for_encryption(key) || key.family().default_alg().is_none() {
        trust::check_strength(key)?;
        if public.key_use.is_none() && public.key_ops.is_none() {
            public.key_use = Some("enc".to_string());
        }
        return jwk::to_jwk(&public, false);
    }
    let alg = algs
        .iter()
        .copied()
        .find(|a| a.family() == key.family())
        .or_else(|| key.declared_alg())
        .or_else(|| key.family().default_alg())
        .ok_or_else(|| Error::key(format!("{} does not sign", key.describe())))?;
    trust::permits(&public, alg, Op::Verify)?;
    public.alg = Some(alg.name().to_string());
    if public.key_use.is_none() && public.key_ops.is_none() {
        public.key_use = Some("sig".to_string());
    }
    jwk::to_jwk(&public, false)
}

/// A JWK Set built for publishing, and what the caller should hear about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub set: Value,
    /// Keys that were dropped, one line each.
    pub notes: Vec<String>,
    /// The kids asked to be removed that no key has, in the order given.
    pub not_found: Vec<String>,
}

/// The set: `new` keys first (in order), then the `existing` ones (rotation keeps old keys),
/// each key once (by thumbprint), minus the kids in `remove`.
pub fn build(new: &[Key], existing: &[Key], algs: &[Alg], remove: &[String]) -> Result<Built> {
    let mut notes = Vec::new();
    let mut seen = HashSet::new();
    let mut published: Vec<(String, Map<String, Value>)> = Vec::new();
    let mut keys = Vec::new();
    let mut removed = HashSet::new();
    for (i, key) in new.iter().chain(existing).enumerate() {
        let from_merge = i >= new.len();
        let entry = if from_merge {
            // Keys already published keep their alg and kid.
            public_entry(key, &[])?
        } else {
            public_entry(key, algs)?
        };
        let kid = entry
            .get("kid")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if remove.contains(&kid) {
            removed.insert(kid);
            continue;
        }
        let thumb = jwk::thumbprint(key, ThumbprintHash::Sha256);
        if !seen.insert(thumb.clone()) {
            notes.push(format!(
                "key {} appears more than once; kept the first",
                crate::text::escape(&kid)
            ));
            continue;
        }
        // A kid names one key (keys::load refuses a set where it names two), unless one is
        // a signing and the other an encryption key.
        let purpose = |e: &Map<String, Value>| {
            let text = |m: &str| e.get(m).and_then(Value::as_str);
            let ops: Option<Vec<String>> = e.get("key_ops").and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            });
            trust::declared_purpose(text("use"), text("alg"), ops.as_deref())
        };
        if let Some((_, other)) = published
            .iter()
            .find(|(t, e)| *t != thumb && e.get("kid") == entry.get("kid"))
            && !matches!((purpose(other), purpose(&entry)), (Some(a), Some(b)) if a != b)
        {
            return Err(Error::key(format!(
                "two different keys would be published under kid {}",
                trust::quoted(&kid)
            ))
            .with_hint("give each key its own kid (a verifier picks the key by kid)"));
        }
        published.push((thumb, entry.clone()));
        keys.push(Value::Object(entry));
    }
    let not_found = remove
        .iter()
        .filter(|kid| !removed.contains(*kid))
        .cloned()
        .collect();
    let mut set = Map::new();
    set.insert("keys".into(), Value::Array(keys));
    Ok(Built {
        set: Value::Object(set),
        notes,
        not_found,
    })
}

/// One key of a set as `jwks show` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kid: Option<String>,
    pub kty: String,
    /// "P-256", "Ed25519", "2048 bits".
    pub size: String,
    pub alg: Option<String>,
    pub key_use: Option<String>,
    pub thumbprint: Option<String>,
    pub private: bool,
    /// What a reviewer should fix.
    pub problems: Vec<String>,
}

impl Row {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "kid".into(),
            self.kid.clone().map_or(Value::Null, Value::from),
        );
        m.insert("kty".into(), Value::from(self.kty.as_str()));
        m.insert("size".into(), Value::from(self.size.as_str()));
        m.insert(
            "alg".into(),
            self.alg.clone().map_or(Value::Null, Value::from),
        );
        m.insert(
            "use".into(),
            self.key_use.clone().map_or(Value::Null, Value::from),
        );
        m.insert(
            "thumbprint".into(),
            self.thumbprint.clone().map_or(Value::Null, Value::from),
        );
        m.insert("private".into(), Value::Bool(self.private));
        m.insert(
            "problems".into(),
            Value::Array(
                self.problems
                    .iter()
                    .map(|p| Value::from(p.as_str()))
                    .collect(),
            ),
        );
        Value::Object(m)
    }
}

const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];

/// Describes every key of a JWKS document, including keys jwtctl cannot use (each row says
/// why). Structural problems of the document itself are malformed input.
pub fn describe(bytes: &[u8]) -> Result<Vec<Row>> {
    let map = json::parse_object(bytes).map_err(|why| Error::malformed(format!("JWKS: {why}")))?;
    let items = crate::keys::load::jwks_entries(&map)?;
    let mut kid_count: HashMap<String, usize> = HashMap::new();
    for item in &items {
        if let Some(kid) = item.get("kid").and_then(Value::as_str) {
            *kid_count.entry(kid.to_string()).or_default() += 1;
        }
    }
    let mut rows = Vec::new();
    for obj in items {
        let text = |name: &str| obj.get(name).and_then(Value::as_str).map(str::to_string);
        let kid = text("kid");
        let private = PRIVATE_MEMBERS.iter().any(|m| obj.contains_key(*m));
        let mut problems = Vec::new();
        let (size, thumbprint) = match jwk::from_jwk(obj) {
            Ok(key) => {
                if let Some(weakness) = trust::weakness(&key) {
                    problems.push(format!("weak: {}", weakness.describe()));
                }
                let size = match key.kty() {
                    "RSA" | "oct" => format!("{} bits", key.bits()),
                    _ => text("crv").unwrap_or_default(),
                };
                (size, Some(jwk::thumbprint(&key, ThumbprintHash::Sha256)))
            }
            Err(e) => {
                problems.push(format!("unusable: {}", e.message));
                (text("crv").unwrap_or_default(), None)
            }
        };
        if private {
            problems.push("private key material in a set meant for publishing".to_string());
        }
        match &kid {
            None => problems.push("no kid: verifiers cannot pick this key by kid".to_string()),
            Some(k) if kid_count.get(k).copied().unwrap_or(0) > 1 => {
                problems.push(format!("duplicate kid {}", crate::text::escape(k)))
            }
            Some(_) => {}
        }
        rows.push(Row {
            kid,
            kty: text("kty").unwrap_or_else(|| "?".to_string()),
            size,
            alg: text("alg"),
            key_use: text("use"),
            thumbprint,
            private,
            problems,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate::{KeySpec, generate};

    #[test]
    fn build_orders_dedupes_and_removes() {
        let a = generate(KeySpec::Ed25519).unwrap();
        let b = generate(KeySpec::for_alg(Alg::ES256)).unwrap();
        let Built {
            set,
            notes,
            not_found,
        } = build(&[b.clone(), a.clone()], std::slice::from_ref(&b), &[], &[]).unwrap();
        assert!(not_found.is_empty());
        let keys = set["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0]["alg"], "ES256");
        assert_eq!(keys[1]["alg"], "EdDSA");
        assert_eq!(keys[0]["use"], "sig");
        assert!(keys.iter().all(|k| k.get("d").is_none()));
        assert_eq!(notes.len(), 1);
        let kid = keys[0]["kid"].as_str().unwrap().to_string();
        let built = build(&[b, a], &[], &[], &[kid, "nope".into()]).unwrap();
        assert_eq!(built.set["keys"].as_array().unwrap().len(), 1);
        // A kid no key has is reported back; the caller decides (jwks create refuses).
        assert_eq!(built.not_found, ["nope"]);
    }

    #[test]
    fn a_kid_never_names_two_published_keys() {
        let mut a = generate(KeySpec::Ed25519).unwrap();
        let mut b = generate(KeySpec::Ed25519).unwrap();
        a.kid = Some("same".into());
        b.kid = Some("same".into());
        let e = build(&[a.clone(), b.clone()], &[], &[], &[]).unwrap_err();
        assert!(e.message.contains("under kid \"same\""), "{}", e.message);
        // A signing and an encryption key may share one.
        b.key_use = Some("enc".into());
        assert!(build(&[a, b], &[], &[], &[]).is_ok());
    }

    #[test]
    fn describe_flags_problems() {
        let doc = br#"{"keys":[
            {"kty":"oct","k":"c2VjcmV0"},
            {"kty":"EC","crv":"P-256","kid":"x","x":"bad","y":"bad"},
            {"kty":"EC","crv":"P-256","kid":"x","x":"bad","y":"bad"}
        ]}"#;
        let rows = describe(doc).unwrap();
        assert!(rows[0].private && rows[0].problems.iter().any(|p| p.contains("no kid")));
        assert!(rows[1].problems.iter().any(|p| p.contains("duplicate kid")));
        assert!(rows[1].problems.iter().any(|p| p.starts_with("unusable")));
        assert!(describe(b"[]").is_err());
    }
}
