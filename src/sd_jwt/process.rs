//! Processing an SD-JWT's payload with its disclosures (RFC 9901 §7.1 steps 3 to 5): every
//! digest replaced by the claim it discloses, or dropped when no disclosure is given for it;
//! `_sd` and `_sd_alg` removed. Strict: a digest that occurs twice, a disclosure given twice or
//! reached by no digest, and a disclosure that cannot go where its digest is are errors, each
//! with its reason code. Where every disclosure lands is recorded, as a JSON pointer into the
//! processed claims, for `present` and `decode`.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Disclosure, ELLIPSIS, HashAlg, SD, SD_ALG};
use crate::error::{Bounded, Error, Reason, Result};
use crate::jose::json::{self, MAX_DEPTH};
use crate::text::escape;

/// The claims once processed, and where each disclosure went.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    pub claims: Map<String, Value>,
    /// The hash of the digests.
    pub hash: HashAlg,
    /// Per disclosure, in the order given: the JSON pointer (RFC 6901) of the claim or array
    /// element it became.
    pub places: Vec<String>,
    /// The digests no disclosure was given for (undisclosed claims and decoys), each with the
    /// pointer of the object or array that holds it.
    pub undisclosed: Vec<(String, String)>,
}

/// Processes `payload` (the issuer JWT's claims) with `disclosures`.
pub fn process(mut payload: Map<String, Value>, disclosures: &[Disclosure]) -> Result<Processed> {
    let hash = HashAlg::of(payload.get(SD_ALG))?;
    payload.shift_remove(SD_ALG);
    let mut by_digest = HashMap::with_capacity(disclosures.len());
    for (i, d) in disclosures.iter().enumerate() {
        if let Some(first) = by_digest.insert(hash.digest(&d.encoded), i) {
            return Err(Error::rejected(
                Reason::DisclosureRepeated,
                format!(
                    "disclosures {} and {} are the same disclosure",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    let mut walk = Walk {
        disclosures,
        by_digest,
        seen: HashSet::new(),
        places: vec![None; disclosures.len()],
        undisclosed: Vec::new(),
    };
    let claims = walk.object(payload, "", 1)?;
    let places = walk
        .places
        .into_iter()
        .enumerate()
        .map(|(i, place)| {
            place.ok_or_else(|| {
                let d = &disclosures[i];
                let what = match &d.name {
                    Some(name) => format!("claim \"{}\"", escape(name)),
                    None => "an array element".to_string(),
                };
                Error::rejected(
                    Reason::DisclosureUnreferenced,
                    format!(
                        "disclosure {} ({what}) is reached by no digest: it was not issued with this JWT, or was altered",
                        i + 1
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Processed {
        claims,
        hash,
        places,
        undisclosed: walk.undisclosed,
    })
}

/// `token` escaped for a JSON pointer (RFC 6901 §4): `~` as `~0`, `/` as `~1`.
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Walk<'a> {
    disclosures: &'a [Disclosure],
    by_digest: HashMap<String, usize>,
    /// Every digest met so far: none may occur twice.
    seen: HashSet<String>,
    places: Vec<Option<String>>,
    undisclosed: Vec<(String, String)>,
}

impl Walk<'_> {
    fn check_depth(depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::too_large(
                Bounded::SdDepth,
                MAX_DEPTH as u64,
                format!(
                    "the claims nest deeper than {MAX_DEPTH} levels once the disclosures are in place"
                ),
            ));
        }
        Ok(())
    }

    fn value(&mut self, value: Value, path: &str, depth: usize) -> Result<Value> {
        match value {
            Value::Object(map) => self.object(map, path, depth + 1).map(Value::Object),
            Value::Array(items) => self.array(items, path, depth + 1).map(Value::Array),
            other => Ok(other),
        }
    }

    /// A digest met at `path`: the disclosure it names, if one was given. Fails when the digest
    /// was met before.
    fn lookup(&mut self, digest: &str, path: &str) -> Result<Option<usize>> {
        if !self.seen.insert(digest.to_string()) {
            return Err(Error::rejected(
                Reason::DigestRepeated,
                format!(
                    "digest {} occurs more than once (at {})",
                    escape(digest),
                    shown(path)
                ),
            ));
        }
        Ok(self.by_digest.get(digest).copied())
    }

    fn object(
        &mut self,
        mut map: Map<String, Value>,
        path: &str,
        depth: usize,
    ) -> Result<Map<String, Value>> {
        Self::check_depth(depth)?;
        let digests = match map.shift_remove(SD) {
            None => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(Error::malformed(format!(
                    "_sd at {} must be an array of digests, not {}",
                    shown(path),
                    json::type_name(&other)
                )));
            }
        };
        let mut out = Map::with_capacity(map.len() + digests.len());
        for (name, value) in map {
            let here = format!("{path}/{}", pointer_token(&name));
            let value = self.value(value, &here, depth)?;
            out.insert(name, value);
        }
        for digest in digests {
            let Value::String(digest) = digest else {
                return Err(Error::malformed(format!(
                    "_sd at {} must hold digests (strings) only",
                    shown(path)
                )));
            };
            let Some(i) = self.lookup(&digest, path)? else {
                self.undisclosed.push((path.to_string(), digest));
                continue;
            };
            let d = &self.disclosures[i];
            let Some(name) = d.name.clone() else {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} is an array element's ([salt, value]) but its digest is in the _sd of an object (at {})",
                        i + 1,
                        shown(path)
                    ),
                ));
            };
            if name == SD || name == ELLIPSIS {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} discloses a claim named \"{name}\", which SD-JWT reserves",
                        i + 1
                    ),
                ));
            }
            if out.contains_key(&name) {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} would overwrite the claim \"{}\" already present at {}",
                        i + 1,
                        escape(&name),
                        shown(path)
                    ),
                ));
            }
            let here = format!("{path}/{}", pointer_token(&name));
            self.places[i] = Some(here.clone());
            let value = self.value(d.value.clone(), &here, depth)?;
            out.insert(name, value);
        }
        Ok(out)
    }

    fn array(&mut self, items: Vec<Value>, path: &str, depth: usize) -> Result<Vec<Value>> {
        Self::check_depth(depth)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let digest = match &item {
                Value::Object(map) if map.len() == 1 => match map.get(ELLIPSIS) {
                    Some(Value::String(digest)) => Some(digest.clone()),
                    Some(_) => {
                        return Err(Error::malformed(format!(
                            "an array element's digest (\"...\") at {} must be a string",
                            shown(path)
                        )));
                    }
                    None => None,
                },
                _ => None,
            };
            let here = format!("{path}/{}", out.len());
            let Some(digest) = digest else {
                out.push(self.value(item, &here, depth)?);
                continue;
            };
            let Some(i) = self.lookup(&digest, path)? else {
                self.undisclosed.push((path.to_string(), digest));
                continue;
            };
            let d = &self.disclosures[i];
            if let Some(name) = &d.name {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} is an object member's (claim \"{}\") but its digest is an element of the array at {}",
                        i + 1,
                        escape(name),
                        shown(path)
                    ),
                ));
            }
            self.places[i] = Some(here.clone());
            let value = self.value(d.value.clone(), &here, depth)?;
            out.push(value);
        }
        Ok(out)
    }
}

/// A pointer as messages show it: the top level is "the top level".
pub fn shown(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_string()
    } else {
        escape(path).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn disclose(name: Option<&str>, value: Value) -> (Disclosure, String) {
        let d = Disclosure::new(name, value).unwrap();
        let digest = HashAlg::Sha256.digest(&d.encoded);
        (d, digest)
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn code(r: Result<Processed>) -> Option<&'static str> {
        r.err().and_then(|e| e.kind.code())
    }

    #[test]
    fn digests_become_claims_and_undisclosed_ones_vanish() {
        let (street, ds) = disclose(Some("street"), json!("Main St"));
        let (addr, da) = disclose(Some("address"), json!({"_sd": [ds], "country": "DE"}));
        let (nat, dn) = disclose(None, json!("FR"));
        let payload = obj(json!({
            "_sd": [da, "decoy"],
            "_sd_alg": "sha-256",
            "iss": "i",
            "nationalities": [{"...": dn}, "DE", {"...": "other"}]
        }));
        let p = process(payload, &[street, addr, nat]).unwrap();
        assert_eq!(
            Value::Object(p.claims),
            json!({"iss": "i", "nationalities": ["FR", "DE"],
                   "address": {"country": "DE", "street": "Main St"}})
        );
        assert_eq!(
            p.places,
            ["/address/street", "/address", "/nationalities/0"]
        );
        assert_eq!(
            p.undisclosed,
            [
                ("/nationalities".to_string(), "other".to_string()),
                ("".to_string(), "decoy".to_string())
            ]
        );
    }

    #[test]
    fn every_rule_of_section_7_1_has_its_code() {
        let (a, da) = disclose(Some("a"), json!(1));
        // A disclosure reached by no digest (a tampered one is).
        assert_eq!(
            code(process(obj(json!({})), std::slice::from_ref(&a))),
            Some("disclosure_unreferenced")
        );
        // The same disclosure twice.
        assert_eq!(
            code(process(obj(json!({"_sd": [da]})), &[a.clone(), a.clone()])),
            Some("disclosure_repeated")
        );
        // A digest twice, in one _sd or across places.
        assert_eq!(
            code(process(
                obj(json!({"_sd": [da, da]})),
                std::slice::from_ref(&a)
            )),
            Some("digest_repeated")
        );
        assert_eq!(
            code(process(
                obj(json!({"_sd": ["x"], "o": {"_sd": ["x"]}})),
                &[]
            )),
            Some("digest_repeated")
        );
        // Overwriting a claim that is there.
        assert_eq!(
            code(process(
                obj(json!({"_sd": [da], "a": 2})),
                std::slice::from_ref(&a)
            )),
            Some("bad_disclosure")
        );
        // Reserved names.
        for name in ["_sd", "..."] {
            let (r, dr) = disclose(Some(name), json!(1));
            assert_eq!(
                code(process(obj(json!({"_sd": [dr]})), &[r])),
                Some("bad_disclosure"),
                "{name}"
            );
        }
        // The wrong shape for where its digest is.
        let (e, de) = disclose(None, json!(1));
        assert_eq!(
            code(process(obj(json!({"_sd": [de]})), std::slice::from_ref(&e))),
            Some("bad_disclosure")
        );
        assert_eq!(
            code(process(
                obj(json!({"l": [{"...": da}]})),
                std::slice::from_ref(&a)
            )),
            Some("bad_disclosure")
        );
        // An unsupported hash.
        assert_eq!(
            code(process(obj(json!({"_sd_alg": "md5"})), &[])),
            Some("sd_alg_unsupported")
        );
        // _sd that is not an array of strings.
        assert_eq!(
            code(process(obj(json!({"_sd": "x"})), &[])),
            Some("malformed")
        );
        assert_eq!(
            code(process(obj(json!({"_sd": [1]})), &[])),
            Some("malformed")
        );
    }

    #[test]
    fn nesting_through_disclosures_is_bounded() {
        // Each disclosure holds the digest of the next: the JSON of each is shallow, but the
        // claims they make nest without end.
        let mut disclosures = Vec::new();
        let (leaf, mut digest) = disclose(Some("n"), json!(0));
        disclosures.push(leaf);
        for _ in 0..MAX_DEPTH {
            let (d, next) = disclose(Some("n"), json!({"_sd": [digest]}));
            disclosures.push(d);
            digest = next;
        }
        let e = process(obj(json!({"_sd": [digest]})), &disclosures).unwrap_err();
        assert_eq!(
            e.kind,
            crate::Kind::TooLarge {
                what: Bounded::SdDepth,
                limit: MAX_DEPTH as u64
            }
        );
        // Well within the bound, the same chain is fine.
        let p = process(
            obj(json!({"_sd": [HashAlg::Sha256.digest(&disclosures[3].encoded)]})),
            &disclosures[..4],
        )
        .unwrap();
        assert_eq!(p.places[0], "/n/n/n/n");
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
