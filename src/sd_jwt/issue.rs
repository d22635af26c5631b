//! Issuing an SD-JWT (RFC 9901 §4): the claims each JSON pointer names become disclosures, their
//! digests in the `_sd` of the object that held them (in digest order, which hides the claims'
//! order) or `{"...": digest}` in place of an array element; a pointer below another one makes
//! a recursive disclosure (the inner one first, its digest inside the outer one's value).

use serde_json::{Map, Value};

use super::{Disclosure, ELLIPSIS, HashAlg, SD, SD_ALG, SEPARATOR};
use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::jose::b64;
use crate::jose::jws::Signer;
use crate::jose::token;
use crate::keys::Key;
use crate::keys::jwk::to_jwk;
use crate::text::escape;

/// The claims `issue` never makes selectively disclosable, nor anything inside them: what a
/// verifier needs to judge the SD-JWT's authenticity and validity (RFC 9901 §9.7: an issuer
/// MUST NOT let such content be withheld). §9.7 names `iss`, `aud`, `exp`, `nbf` and `cnf`;
/// jwtctl adds `iat` (its verify checks it, and `--max-age` measures from it) and `jti` (the
/// `--deny` revocation check needs it). The elements of an `aud` array may be disclosable, as
/// §9.7 allows. `sub` may be: it is content about the holder, not about validity.
pub const NOT_DISCLOSABLE: [&str; 7] = ["iss", "aud", "exp", "nbf", "iat", "jti", "cnf"];

/// Most decoy digests one SD-JWT gets.
pub const MAX_DECOYS: usize = 1000;

/// What to make selectively disclosable, and how to sign.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// JSON pointers (RFC 6901) into the claims.
    pub pointers: &'a [String],
    /// Decoy digests to add to the top-level `_sd`.
    pub decoys: usize,
    /// The holder's public key: the payload gets `cnf.jwk`.
    pub holder: Option<&'a Key>,
    /// The header's `typ`; none when `None`.
    pub typ: Option<&'a str>,
    /// The header's `kid`.
    pub kid: Option<&'a str>,
}

/// An SD-JWT `<issuer-jwt>~<disclosure>~…~` of `claims`, signed by `key` with `alg`.
pub fn issue(claims: Map<String, Value>, key: &Key, alg: Alg, options: &Options) -> Result<String> {
    let signer = Signer::new(key, alg)?;
    let (payload, disclosures) = conceal(claims, options)?;
    let mut header = Map::new();
    header.insert("alg".into(), alg.name().into());
    if let Some(typ) = options.typ {
        header.insert("typ".into(), typ.into());
    }
    if let Some(kid) = options.kid {
        header.insert("kid".into(), kid.into());
    }
    let bytes = serde_json::to_vec(&payload)
        .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?;
    let mut out = token::assemble(&header, &bytes, |input| signer.sign(input))?;
    out.push(SEPARATOR);
    for d in disclosures {
        out.push_str(&d.encoded);
        out.push(SEPARATOR);
    }
    Ok(out)
}

/// The payload with the pointed-at claims replaced by digests, and the disclosures in the order
/// of the pointers.
pub fn conceal(
    claims: Map<String, Value>,
    options: &Options,
) -> Result<(Map<String, Value>, Vec<Disclosure>)> {
    check_names(&Value::Object(claims.clone()), "")?;
    if claims.contains_key(SD_ALG) {
        return Err(Error::malformed(
            "the claims hold _sd_alg, which the SD-JWT issuer sets",
        ));
    }
    if options.holder.is_some() && claims.contains_key("cnf") {
        return Err(Error::usage(
            "the claims hold cnf, and a holder key would replace it: give one or the other",
        ));
    }
    if options.decoys > MAX_DECOYS {
        return Err(Error::usage(format!(
            "{} decoys asked for, over the limit of {MAX_DECOYS}",
            options.decoys
        )));
    }
    let mut parsed = Vec::with_capacity(options.pointers.len());
    for (i, text) in options.pointers.iter().enumerate() {
        let tokens = parse_pointer(text)?;
        if options.pointers[..i].contains(text) {
            return Err(Error::usage(format!(
                "the pointer \"{}\" is given twice",
                escape(text)
            )));
        }
        if let Some(first) = tokens.first()
            && NOT_DISCLOSABLE.contains(&first.as_str())
            && !(first == "aud" && tokens.len() > 1)
        {
            return Err(Error::usage(format!(
                "the pointer \"{}\" would let the holder withhold {first}, which a verifier needs to judge the SD-JWT's validity (RFC 9901 §9.7: {} stay plain)",
                escape(text),
                NOT_DISCLOSABLE.join(", ")
            )));
        }
        parsed.push((i, tokens));
    }
    // The deepest first: a claim inside another disclosed claim is concealed before the
    // outer claim's value is frozen into its disclosure.
    parsed.sort_by_key(|(_, tokens)| std::cmp::Reverse(tokens.len()));
    let mut made: Vec<(usize, Disclosure)> = Vec::with_capacity(parsed.len());
    let hash = HashAlg::Sha256;
    let mut root = Value::Object(claims);
    for (i, tokens) in parsed {
        let text = &options.pointers[i];
        let (last, parents) = tokens
            .split_last()
            .ok_or_else(|| Error::usage("the pointer \"\" names the whole claims set"))?;
        let mut here = &mut root;
        for token in parents {
            here = step(here, token).ok_or_else(|| no_claim(text))?;
        }
        let disclosure = match here {
            Value::Object(map) => {
                let value = map.shift_remove(last).ok_or_else(|| no_claim(text))?;
                let d = Disclosure::new(Some(last), value)?;
                insert_digest(map, hash.digest(&d.encoded))?;
                d
            }
            Value::Array(items) => {
                let slot = index(last)
                    .and_then(|n| items.get_mut(n))
                    .ok_or_else(|| no_claim(text))?;
                let d = Disclosure::new(None, slot.take())?;
                let mut digest = Map::new();
                digest.insert(ELLIPSIS.into(), hash.digest(&d.encoded).into());
                *slot = Value::Object(digest);
                d
            }
            _ => return Err(no_claim(text)),
        };
        made.push((i, disclosure));
    }
    let Value::Object(mut claims) = root else {
        return Err(Error::malformed("the claims are not a JSON object"));
    };
    for _ in 0..options.decoys {
        let decoy = hash.digest(&b64::encode(&crate::random::bytes(16)?));
        insert_digest(&mut claims, decoy)?;
    }
    if let Some(holder) = options.holder {
        let public = holder.public().unwrap_or_else(|| holder.clone());
        let mut cnf = Map::new();
        cnf.insert("jwk".into(), Value::Object(to_jwk(&public, false)?));
        claims.insert("cnf".into(), Value::Object(cnf));
    }
    claims.insert(SD_ALG.into(), hash.name().into());
    made.sort_by_key(|(i, _)| *i);
    Ok((claims, made.into_iter().map(|(_, d)| d).collect()))
}

/// Parses an RFC 6901 pointer into its reference tokens.
pub fn parse_pointer(text: &str) -> Result<Vec<String>> {
    if text.is_empty() {
        return Err(Error::usage(
            "the pointer \"\" names the whole claims set; name a claim (/email, /address/street_address, /nationalities/1)",
        ));
    }
    let Some(rest) = text.strip_prefix('/') else {
        return Err(Error::usage(format!(
            "\"{}\" is not a JSON pointer: it starts with '/' (/email, /address/street_address)",
            escape(text)
        )));
    };
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                match (c, c == '~') {
                    (_, false) => out.push(c),
                    (_, true) => match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => {
                            return Err(Error::usage(format!(
                                "the pointer \"{}\" has a '~' that is not ~0 or ~1",
                                escape(text)
                            )));
                        }
                    },
                }
            }
            if out == SD || out == ELLIPSIS || out == SD_ALG {
                return Err(Error::usage(format!(
                    "the pointer \"{}\" names {out}, which SD-JWT reserves",
                    escape(text)
                )));
            }
            Ok(out)
        })
        .collect()
}

/// An array index as RFC 6901 writes it: digits, no leading zero.
fn index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

fn step<'v>(value: &'v mut Value, token: &str) -> Option<&'v mut Value> {
    match value {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => items.get_mut(index(token)?),
        _ => None,
    }
}

fn no_claim(pointer: &str) -> Error {
    Error::usage(format!(
        "the pointer \"{}\" names no claim in the claims set",
        escape(pointer)
    ))
}

/// Adds `digest` to the object's `_sd`, kept in order.
fn insert_digest(map: &mut Map<String, Value>, digest: String) -> Result<()> {
    let entry = map.entry(SD).or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(digests) = entry else {
        return Err(Error::malformed(
            "the claims hold _sd, which SD-JWT reserves",
        ));
    };
    let at = digests
        .iter()
        .position(|d| d.as_str().is_some_and(|d| d > digest.as_str()))
        .unwrap_or(digests.len());
    digests.insert(at, Value::from(digest));
    Ok(())
}

/// Refuses claims that use the names SD-JWT reserves, anywhere.
fn check_names(value: &Value, path: &str) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (name, v) in map {
                let here = format!("{path}/{}", super::process::pointer_token(name));
                if name == SD || name == ELLIPSIS {
                    return Err(Error::malformed(format!(
                        "the claims hold {} at {}, a name SD-JWT reserves",
                        escape(name),
                        escape(&here)
                    )));
                }
                check_names(v, &here)?;
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_names(v, &format!("{path}/{i}"))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sd_jwt::process::process;
    use serde_json::json;

    fn conceal_all(
        claims: Value,
        pointers: &[&str],
        decoys: usize,
    ) -> (Map<String, Value>, Vec<Disclosure>) {
        let pointers: Vec<String> = pointers.iter().map(|p| p.to_string()).collect();
        conceal(
            claims.as_object().unwrap().clone(),
            &Options {
                pointers: &pointers,
                decoys,
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn concealed_claims_process_back_to_the_claims() {
        let claims = json!({
            "iss": "https://issuer.example",
            "email": "a@example.com",
            "address": {"street_address": "Main St 1", "locality": "Town", "country": "DE"},
            "nationalities": ["DE", "FR", "US"],
        });
        let (payload, disclosures) = conceal_all(
            claims.clone(),
            &[
                "/email",
                "/address/street_address",
                "/address",
                "/nationalities/1",
                "/nationalities/2",
            ],
            3,
        );
        // What the payload shows: no concealed value, digests sorted, sha-256.
        assert!(!payload.contains_key("email") && !payload.contains_key("address"));
        assert_eq!(payload["_sd_alg"], json!("sha-256"));
        let sd: Vec<&str> = payload["_sd"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(sd.len(), 2 + 3);
        assert!(sd.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(payload["nationalities"][0], json!("DE"));
        assert!(payload["nationalities"][1]["..."].is_string());
        // The disclosures come in the order of the pointers; the recursive one holds a digest.
        assert_eq!(disclosures[0].name.as_deref(), Some("email"));
        assert_eq!(disclosures[1].name.as_deref(), Some("street_address"));
        assert!(disclosures[2].value["_sd"].is_array());
        assert_eq!(disclosures[3].name, None);
        let p = process(payload, &disclosures).unwrap();
        assert_eq!(Value::Object(p.claims.clone()), {
            let mut c = claims.clone();
            // Disclosed members come after the plain ones.
            c["address"] =
                json!({"locality": "Town", "country": "DE", "street_address": "Main St 1"});
            c
        });
        assert_eq!(
            p.places
                .iter()
                .map(|&n| p.paths.pointer(n))
                .collect::<Vec<_>>(),
            [
                "/email",
                "/address/street_address",
                "/address",
                "/nationalities/1",
                "/nationalities/2"
            ]
        );
        assert_eq!(p.undisclosed.len(), 3);
    }

    #[test]
    fn pointers_that_name_nothing_or_reserved_names_are_refused() {
        let claims = json!({"a": {"b": [1, 2]}, "s": "x", "we/ird~": 1});
        let fails = |pointers: &[&str]| {
            let pointers: Vec<String> = pointers.iter().map(|p| p.to_string()).collect();
            conceal(
                claims.as_object().unwrap().clone(),
                &Options {
                    pointers: &pointers,
                    ..Default::default()
                },
            )
            .unwrap_err()
        };
        for bad in [
            "/x", "/a/c", "/a/b/2", "/a/b/01", "/a/b/-", "/s/0", "", "a", "/a/~2", "/_sd", "/a/...",
        ] {
            let e = fails(&[bad]);
            assert_eq!(e.kind, crate::Kind::Usage, "{bad}: {}", e.message);
        }
        assert!(fails(&["/s", "/s"]).message.contains("given twice"));
        let (payload, d) = conceal_all(claims.clone(), &["/we~1ird~0"], 0);
        assert_eq!(d[0].name.as_deref(), Some("we/ird~"));
        assert!(!payload.contains_key("we/ird~"));
        let e = conceal(
            json!({"x": {"_sd": []}}).as_object().unwrap().clone(),
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(e.kind, crate::Kind::Malformed);
        let too_many = Options {
            decoys: MAX_DECOYS + 1,
            ..Default::default()
        };
        assert_eq!(
            conceal(Map::new(), &too_many).unwrap_err().kind,
            crate::Kind::Usage
        );
    }

    #[test]
    fn a_holder_key_becomes_cnf_jwk() {
        let key = crate::keys::generate::generate(crate::keys::generate::KeySpec::Ec(
            crate::keys::Curve::P256,
        ))
        .unwrap();
        let options = Options {
            holder: Some(&key),
            ..Default::default()
        };
        let (payload, _) = conceal(Map::new(), &options).unwrap();
        let jwk = payload["cnf"]["jwk"].as_object().unwrap();
        assert_eq!(jwk["kty"], json!("EC"));
        assert!(!jwk.contains_key("d"));
        let pointers = vec!["/cnf".to_string()];
        let hide = Options {
            holder: Some(&key),
            pointers: &pointers,
            ..Default::default()
        };
        assert!(conceal(json!({"cnf": {}}).as_object().unwrap().clone(), &hide).is_err());
    }
}
