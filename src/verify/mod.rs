//! Token verification: the policy a user asked for, applied the same way to one token or to a
//! million. The token never chooses how it is checked: the allowed algorithms come from the
//! user or the keys, `none` is never accepted, an asymmetric key is never an HMAC secret, and
//! `jku`/`x5u`/`jwk`/`x5c` in the header are never looked at. Second from the top of the layer map: uses
//! `jose`, `keys`, `input`, `text` and `error`, and nothing uses it but the binary.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::error::{Error, Reason, Result};
use crate::jose::alg::Alg;
use crate::jose::jws_json::{self, Content, Form, Signature, Signed};
use crate::jose::token::{self, Payload};
use crate::keys::Key;
use crate::keys::load::{KeySet, Origin};
use crate::keys::trust::{self, Op};

use crate::text::escape;
use candidates::Candidate;

pub mod batch;
mod candidates;
mod claims;
pub mod profile;

pub use profile::{IdToken, Profile};

/// What a token must satisfy besides its signature.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The allowed algorithms; empty means "the algorithms of the keys' families".
    pub algs: Vec<Alg>,
    /// Accept tokens without `exp`.
    pub allow_no_exp: bool,
    /// Check the signature only; the payload need not be JSON.
    pub signature_only: bool,
    /// Seconds of clock skew tolerated on exp, nbf, iat and max-age.
    pub leeway: i64,
    /// Accepted issuers (any of them).
    pub iss: Vec<String>,
    /// Accepted audiences: the token passes if any of its audiences is one of these.
    pub aud: Vec<String>,
    pub sub: Option<String>,
    /// Claims that must be present.
    pub require: Vec<String>,
    /// Claims that must have exactly these values.
    pub claims: Vec<(String, Value)>,
    /// Largest age in seconds, from `iat`.
    pub max_age: Option<i64>,
    /// Revoked token ids.
    pub deny: HashSet<String>,
    /// The current time, Unix seconds.
    pub now: i64,
    /// The header's `typ` must name this media type (RFC 7515 §4.1.9).
    pub typ: Option<String>,
    /// The kind of token expected: an access token or an ID token, checked as its
    /// specification says (see [`profile`]).
    pub profile: Option<Profile>,
    /// What messages call the settings above.
    pub names: Names,
}

/// What messages call the settings of a [`Policy`] when a rejection follows from one ("token
/// has no iss claim (iss is set)"): the command line passes its flags, a library caller the
/// names its users know. The default is the names of the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Names {
    pub algs: &'static str,
    pub allow_no_exp: &'static str,
    pub max_age: &'static str,
    pub iss: &'static str,
    pub aud: &'static str,
    pub sub: &'static str,
    pub claims: &'static str,
    pub deny: &'static str,
    pub typ: &'static str,
    pub profile: &'static str,
    pub nonce: &'static str,
    pub access_token: &'static str,
    pub code: &'static str,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            algs: "algs",
            allow_no_exp: "allow_no_exp",
            max_age: "max_age",
            iss: "iss",
            aud: "aud",
            sub: "sub",
            claims: "claims",
            deny: "deny",
            typ: "typ",
            profile: "profile",
            nonce: "nonce",
            access_token: "access_token",
            code: "code",
        }
    }
}

/// A token that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The JOSE header of the signature that verified (protected and unprotected together).
    pub header: Map<String, Value>,
    pub payload: Payload,
    pub alg: Alg,
    /// The serialization the token came in.
    pub form: Form,
    /// Which signature verified: its index in the JWS (0 in compact and flattened ones).
    pub signature: usize,
}

/// The keys and the policy, prepared once: each key gets one verifier per allowed algorithm.
pub struct Engine {
    keys: Vec<Key>,
    origin: Origin,
    allowed: Vec<Alg>,
    verifiers: Vec<Candidate>,
    policy: Policy,
    /// What the user should hear about the keys (an allowed algorithm no key may verify).
    warnings: Vec<String>,
}

pub(super) fn reject(reason: Reason, message: impl Into<String>) -> Error {
    Error::rejected(reason, message)
}

fn names(algs: &[Alg]) -> String {
    algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}

impl Engine {
    /// Fails (a usage error) when the policy's settings contradict each other, or (a key
    /// problem) when an algorithm the user allowed fits none of the keys, or when
    /// no key can verify anything.
    pub fn new(set: KeySet, policy: Policy) -> Result<Engine> {
        profile::check_settings(&policy)?;
        let KeySet { keys, origin, .. } = set;
        if keys.is_empty() {
            return Err(Error::key("no usable key to verify with"));
        }
        // What each key may verify: its family, narrowed by its own alg, use and key_ops, and
        // refused when it is too weak (keys::trust).
        let usable: Vec<Result<Vec<Alg>>> = keys
            .iter()
            .map(|k| trust::jws_algorithms(k, Op::Verify))
            .collect();
        if usable.iter().all(Result::is_err) {
            let mut reasons = usable.into_iter().filter_map(Result::err);
            let first = reasons
                .next()
                .unwrap_or_else(|| Error::key("no usable key to verify with"));
            return Err(if keys.len() == 1 {
                first
            } else {
                let message = format!(
                    "none of the {} keys can verify signatures; the first: {}",
                    keys.len(),
                    first.message
                );
                Error::key(message)
            });
        }
        let allowed: Vec<Alg> = if policy.algs.is_empty() {
            let mut algs: Vec<Alg> = usable.into_iter().flatten().flatten().collect();
            algs.sort();
            algs.dedup();
            algs
        } else {
            policy.algs.clone()
        };
        let (verifiers, warnings) = candidates::prepare(&keys, origin, &allowed, &policy)?;
        Ok(Engine {
            keys,
            origin,
            allowed,
            verifiers,
            policy,
            warnings,
        })
    }

    /// Narrows the allowed algorithms to those of `algs` (what an issuer says it signs a kind of
    /// token with): any other is rejected as not allowed. Fails (a key problem) when no key is
    /// left that can verify one of them.
    pub fn narrow(&mut self, algs: &[Alg]) -> Result<()> {
        self.allowed.retain(|a| algs.contains(a));
        self.verifiers.retain(|c| algs.contains(&c.alg));
        if self.verifiers.is_empty() {
            return Err(Error::key(format!(
                "no key given can verify any of {}",
                if algs.is_empty() {
                    "them (none is known)".to_string()
                } else {
                    names(algs)
                }
            )));
        }
        Ok(())
    }

    /// When the policy has a deny list with anything on it: how messages name it.
    pub(crate) fn denies(&self) -> Option<&'static str> {
        (!self.policy.deny.is_empty()).then_some(self.policy.names.deny)
    }

    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub fn allowed(&self) -> &[Alg] {
        &self.allowed
    }

    /// Verifies one token (already cleaned of `Bearer ` and whitespace), in any serialization.
    /// The error carries the reason code `verify --json` reports.
    pub fn verify(&self, text: &str) -> Result<Verified> {
        self.verify_detached(text, None)
    }

    /// [`Engine::verify`], with the payload of a detached JWS (RFC 7515 Appendix F). A JWS with
    /// several signatures (general JSON serialization) is valid when one signature made by a
    /// key given verifies under the policy; then its claims are checked.
    pub fn verify_detached(&self, text: &str, detached: Option<&[u8]>) -> Result<Verified> {
        let (signed, content) = if jws_json::is_json(text) {
            let signed = jws_json::parse_json(text)?;
            let content = signed.content(detached)?;
            (signed, content)
        } else {
            let (signed, content) = read_compact(
                text,
                "this is an encrypted token (JWE, 5 segments); verify checks signed tokens (JWS)",
            )?;
            // A detached payload replaces the (empty) segment's content, or is refused.
            let content = match detached {
                None => content,
                Some(_) => signed.content(detached)?,
            };
            (signed, content)
        };
        let mut failures = Vec::new();
        for (index, signature) in signed.signatures.iter().enumerate() {
            match self.check_one(signature, &content) {
                Ok(alg) => return self.accept(signed, index, content, alg),
                Err(e) => failures.push(e),
            }
        }
        Err(none_verifies(&signed, failures))
    }

    /// Verifies a compact JWS whose claims must be transformed before they are checked: the
    /// issuer JWT of an SD-JWT, whose digests `process` replaces by the disclosed claims. The
    /// header (its `typ` as the policy wants it) and the signature are checked as
    /// [`Engine::verify`] checks them; the policy's
    /// claim checks apply to what `process` returns, which is the payload of the result.
    pub fn verify_processed(
        &self,
        text: &str,
        process: impl FnOnce(Map<String, Value>) -> Result<Map<String, Value>>,
    ) -> Result<Verified> {
        let (signed, content) = read_compact(
            text,
            "this is an encrypted token (JWE, 5 segments), not a signed JWT",
        )?;
        let Some(signature) = signed.signatures.first() else {
            return Err(Error::malformed("the JWS has no signature"));
        };
        let alg = self.check_one(signature, &content)?;
        // The header's typ, as the policy wants it (compact: no unprotected header).
        profile::check_header(&self.policy, &signature.header, false)?;
        let claims = match Payload::from_bytes(content.bytes) {
            Payload::Claims(map) => process(map)?,
            Payload::Other { why, .. } => {
                return Err(Error::malformed(format!(
                    "payload is not a JWT claims set: {why}"
                )));
            }
        };
        claims::check(&self.policy, &claims)?;
        let Signed {
            signatures, form, ..
        } = signed;
        let header = signatures
            .into_iter()
            .next()
            .map(|s| s.header)
            .unwrap_or_default();
        Ok(Verified {
            header,
            payload: Payload::Claims(claims),
            alg,
            form,
            signature: 0,
        })
    }

    /// The claims of a JWS whose signature `index` verified.
    fn accept(&self, signed: Signed, index: usize, content: Content, alg: Alg) -> Result<Verified> {
        let payload = Payload::from_bytes(content.bytes);
        if !self.policy.signature_only {
            if let Some(signature) = signed.signatures.get(index) {
                profile::check_header(
                    &self.policy,
                    &signature.header,
                    signature.unprotected.contains_key("typ"),
                )?;
            }
            match &payload {
                Payload::Claims(map) => {
                    claims::check(&self.policy, map)?;
                    profile::check_claims(&self.policy, map, alg)?;
                }
                Payload::Other { why, .. } => {
                    return Err(Error::malformed(format!(
                        "payload is not a JWT claims set: {why}"
                    )));
                }
            }
        }
        let Signed {
            signatures, form, ..
        } = signed;
        let header = signatures
            .into_iter()
            .nth(index)
            .map(|s| s.header)
            .unwrap_or_default();
        Ok(Verified {
            header,
            payload,
            alg,
            form,
            signature: index,
        })
    }

    /// One signature: its header under the policy, then the signature itself.
    fn check_one(&self, signature: &Signature, content: &Content) -> Result<Alg> {
        let alg = self.check_header(&signature.header)?;
        if signature.signature.is_empty() {
            return Err(Error::malformed(format!(
                "signature segment is empty, but alg {alg} needs a signature"
            )));
        }
        if !self.policy.signature_only && content.bytes.is_empty() {
            return Err(Error::malformed("payload segment is empty").with_hint(
                "if the payload is detached (RFC 7515 Appendix F), give the payload that was signed",
            ));
        }
        let input = Signed::signing_input(signature, content);
        self.check_signature(signature.kid(), &input, &signature.signature, alg)?;
        Ok(alg)
    }

    fn check_header(&self, header: &Map<String, Value>) -> Result<Alg> {
        let name = match header.get("alg") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(Error::malformed(format!(
                    "header: alg must be a string, not {}",
                    crate::jose::json::type_name(other)
                )));
            }
            None => return Err(Error::malformed("header: no alg member")),
        };
        if name.eq_ignore_ascii_case("none") {
            return Err(reject(
                Reason::AlgNotAllowed,
                format!(
                    "alg \"{}\": unsigned tokens are never accepted",
                    escape(name)
                ),
            ));
        }
        let alg: Alg = name.parse().map_err(|_| {
            reject(
                Reason::AlgNotAllowed,
                format!(
                    "alg \"{}\" is not allowed (allowed: {})",
                    escape(name),
                    names(&self.allowed)
                ),
            )
        })?;
        if !self.allowed.contains(&alg) {
            // The algorithms come from a key set, and the token names a key it does not have:
            // that key (a new one, after a rotation) is what is missing, not the algorithm.
            if self.policy.algs.is_empty()
                && self.origin == Origin::Set
                && let Some(Value::String(kid)) = header.get("kid")
                && !self
                    .keys
                    .iter()
                    .any(|k| k.kid.as_deref() == Some(kid.as_str()))
            {
                return Err(reject(
                    Reason::UnknownKid,
                    format!(
                        "no key with kid {} in the key set (and none for alg {alg})",
                        trust::quoted(kid)
                    ),
                ));
            }
            return Err(reject(
                Reason::AlgNotAllowed,
                format!(
                    "alg {alg} is not allowed (allowed: {})",
                    names(&self.allowed)
                ),
            ));
        }
        if let Some(crit) = header.get("crit") {
            check_crit(header, crit)?;
        }
        if let Some(kid) = header.get("kid")
            && !kid.is_string()
        {
            return Err(Error::malformed("header: kid must be a string"));
        }
        Ok(alg)
    }

    fn check_signature(
        &self,
        kid: Option<&str>,
        input: &[u8],
        signature: &[u8],
        alg: Alg,
    ) -> Result<()> {
        let mut tried = false;
        for c in self.verifiers.iter().filter(|c| c.alg == alg) {
            let key = &self.keys[c.key];
            if self.origin == Origin::Set
                && let Some(kid) = kid
                && key.kid.as_deref() != Some(kid)
            {
                continue;
            }
            tried = true;
            if c.verifier(&self.keys)
                .is_some_and(|v| v.verify(input, signature))
            {
                return Ok(());
            }
        }
        if !tried {
            if let (Origin::Set, Some(kid)) = (self.origin, kid) {
                return Err(
                    match self.keys.iter().find(|k| k.kid.as_deref() == Some(kid)) {
                        Some(key) => reject(
                            Reason::AlgNotAllowed,
                            format!(
                                "key {} is {}, which cannot verify {alg}",
                                trust::quoted(kid),
                                key.describe()
                            ),
                        ),
                        None => reject(
                            Reason::UnknownKid,
                            format!("no key with kid {} in the key set", trust::quoted(kid)),
                        ),
                    },
                );
            }
            return Err(reject(
                Reason::AlgNotAllowed,
                format!("no key given can verify {alg}"),
            ));
        }
        Err(reject(
            Reason::BadSignature,
            format!("signature does not match ({alg})"),
        ))
    }
}

/// Reads a compact JWS for verification: its payload decoded once and not yet parsed (the
/// claims are read once, after the signature holds). A JWE is refused with `jwe_message`.
fn read_compact<'a>(text: &'a str, jwe_message: &str) -> Result<(Signed<'a>, Content<'a>)> {
    // The token reads first (its segments and header), then its header's rules are checked:
    // a refusal of the header is not a token that does not read (whose line break, say, would
    // be named instead of the rule).
    let raw = token::read(
        text,
        |segments| token::parse_jws_raw(segments).map(Some),
        |_| None,
    )?
    .ok_or_else(|| Error::malformed(jwe_message))?;
    jws_json::from_raw(raw, text)
}

/// `crit` (RFC 7515 §4.1.11): the one extension this verifier understands is `b64` (RFC 7797),
/// and only when the header has it; anything else listed is refused.
fn check_crit(header: &Map<String, Value>, crit: &Value) -> Result<()> {
    let message = match crit {
        Value::Array(items) if !items.is_empty() => {
            match items.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
                Some(list) => {
                    let unknown: Vec<&str> = list.iter().copied().filter(|m| *m != "b64").collect();
                    if unknown.is_empty() {
                        if header.contains_key("b64") {
                            return Ok(());
                        }
                        "header crit lists b64, but the header has no b64 member".to_string()
                    } else {
                        format!(
                            "header crit lists extensions this verifier does not support: {}",
                            escape(&unknown.join(", "))
                        )
                    }
                }
                None => "header crit must be an array of strings".to_string(),
            }
        }
        _ => "header crit must be a non-empty array of strings".to_string(),
    };
    Err(reject(Reason::CritUnsupported, message))
}

/// The error when no signature of a JWS verifies: a single signature's own error; with
/// several, each signature's, the kind (and `--json` code) of the first.
fn none_verifies(signed: &Signed, failures: Vec<Error>) -> Error {
    if failures.len() <= 1 {
        return failures
            .into_iter()
            .next()
            .unwrap_or_else(|| Error::malformed("the JWS has no signature"));
    }
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = failures
        .iter()
        .zip(&signed.signatures)
        .enumerate()
        .take(SHOWN)
        .map(|(i, (e, s))| match s.kid() {
            Some(kid) => format!("signature {i} (kid {}): {}", trust::quoted(kid), e.message),
            None => format!("signature {i}: {}", e.message),
        })
        .collect();
    if failures.len() > SHOWN {
        parts.push(format!("{} more", failures.len() - SHOWN));
    }
    let count = failures.len();
    let mut first = failures
        .into_iter()
        .next()
        .unwrap_or_else(|| Error::malformed("the JWS has no signature"));
    first.message = format!(
        "none of the {count} signatures verifies: {}",
        parts.join("; ")
    );
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint;
    use crate::input::secret::Secret;
    use crate::jose::jws;
    use crate::keys::generate::{KeySpec, generate};
    use serde_json::json;

    fn hs_token(claims: Value, header: Value, secret: &[u8]) -> String {
        let key = Key::oct(Secret::new(secret.to_vec())).unwrap();
        let signer = jws::Signer::new(&key, Alg::HS256).unwrap();
        token::assemble(
            header.as_object().unwrap(),
            &serde_json::to_vec(&claims).unwrap(),
            |i| signer.sign(i),
        )
        .unwrap()
    }

    fn engine(policy: Policy) -> Engine {
        let key = Key::oct(Secret::new(b"0123456789abcdef0123456789abcdef".to_vec())).unwrap();
        let set = KeySet {
            keys: vec![key],
            origin: Origin::Single,
            warnings: vec![],
        };
        Engine::new(set, policy).unwrap()
    }

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn code(e: &Engine, t: &str) -> Option<&'static str> {
        e.verify(t).err().map(|e| e.kind.code().unwrap_or("none"))
    }

    /// A header rule broken in a token that reads is named, whatever else the token holds (a
    /// line break in its unencoded payload was named instead; found by the outside review).
    #[test]
    fn a_header_rule_is_named_before_a_line_break() {
        let e = engine(Policy::default());
        for token in [
            "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2V9.{\n}.AAAA",
            "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2V9.{\r}.AAAA",
        ] {
            let err = e.verify(token).unwrap_err();
            assert!(
                err.message.contains("b64 is used but not listed in crit"),
                "{token:?}: {}",
                err.message
            );
        }
        // A token that does not read still names its line break.
        let err = e
            .verify("eyJhbGciOiJIUzI1NiJ9.e30.c2ln\neyJhbGciOiJIUzI1NiJ9.e30.c2ln")
            .unwrap_err();
        assert!(err.message.contains("2 lines"), "{}", err.message);
    }

    #[test]
    fn claim_checks_each_have_their_code() {
        let now = 1_000_000;
        let h = json!({"alg":"HS256"});
        let e = engine(Policy {
            now,
            ..Default::default()
        });
        assert_eq!(
            code(&e, &hs_token(json!({"exp": now + 10}), h.clone(), SECRET)),
            None
        );
        assert_eq!(
            code(&e, &hs_token(json!({"exp": now}), h.clone(), SECRET)),
            Some("expired")
        );
        assert_eq!(
            code(&e, &hs_token(json!({}), h.clone(), SECRET)),
            Some("missing_claim")
        );
        assert_eq!(
            code(&e, &hs_token(json!({"exp": "soon"}), h.clone(), SECRET)),
            Some("malformed")
        );
        assert_eq!(
            code(&e, &hs_token(json!({"exp": 1.5e6}), h.clone(), SECRET)),
            None
        );
        assert_eq!(
            code(
                &e,
                &hs_token(json!({"exp": now + 10, "nbf": now + 5}), h.clone(), SECRET)
            ),
            Some("not_yet_valid")
        );
        assert_eq!(
            code(
                &e,
                &hs_token(json!({"exp": now + 10, "iat": now + 5}), h.clone(), SECRET)
            ),
            Some("issued_in_future")
        );
        assert_eq!(
            code(&e, &hs_token(json!({"exp": now + 10}), h.clone(), b"other")),
            Some("bad_signature")
        );
        assert_eq!(
            code(
                &e,
                &hs_token(
                    json!({"exp": now + 10}),
                    json!({"alg":"HS256","crit":["b64"]}),
                    SECRET
                )
            ),
            Some("crit_unsupported")
        );
        assert_eq!(
            code(
                &e,
                &hs_token(
                    json!({"exp": now + 10}),
                    json!({"alg":"HS256","crit":[]}),
                    SECRET
                )
            ),
            Some("crit_unsupported")
        );
        assert_eq!(
            code(
                &e,
                &hs_token(json!({"exp": now + 10}), json!({"alg":"RS256"}), SECRET)
            ),
            Some("alg_not_allowed")
        );

        let e = engine(Policy {
            now,
            leeway: 10,
            iss: vec!["i".into()],
            aud: vec!["a".into()],
            sub: Some("s".into()),
            require: vec!["scope".into()],
            claims: vec![("role".into(), json!("admin"))],
            max_age: Some(100),
            deny: ["bad".to_string()].into_iter().collect(),
            ..Default::default()
        });
        let good = json!({"exp": now, "iss":"i","aud":["x","a"],"sub":"s","scope":"r","role":"admin","iat": now - 105,"jti":"ok"});
        assert_eq!(code(&e, &hs_token(good.clone(), h.clone(), SECRET)), None);
        let with = |k: &str, v: Value| {
            let mut c = good.clone();
            c[k] = v;
            hs_token(c, h.clone(), SECRET)
        };
        let without = |k: &str| {
            let mut c = good.clone();
            c.as_object_mut().unwrap().remove(k);
            hs_token(c, h.clone(), SECRET)
        };
        assert_eq!(code(&e, &with("iss", json!("j"))), Some("issuer_mismatch"));
        assert_eq!(
            code(&e, &with("aud", json!("b"))),
            Some("audience_mismatch")
        );
        assert_eq!(code(&e, &with("sub", json!("t"))), Some("subject_mismatch"));
        assert_eq!(
            code(&e, &with("role", json!("user"))),
            Some("claim_mismatch")
        );
        assert_eq!(code(&e, &with("iat", json!(now - 111))), Some("too_old"));
        assert_eq!(code(&e, &with("jti", json!("bad"))), Some("revoked"));
        assert_eq!(code(&e, &with("exp", json!(now - 10))), Some("expired"));
        assert_eq!(code(&e, &without("scope")), Some("missing_claim"));
        assert_eq!(code(&e, &without("iss")), Some("missing_claim"));
    }

    #[test]
    fn rejections_name_settings_as_the_caller_does() {
        let now = 1_000_000;
        let token = hs_token(json!({"iat": now}), json!({"alg": "HS256"}), SECRET);
        let message = |names: Names| {
            let e = engine(Policy {
                now,
                iss: vec!["https://issuer.example".into()],
                allow_no_exp: true,
                names,
                ..Default::default()
            })
            .verify(&token)
            .unwrap_err();
            e.message
        };
        assert_eq!(
            message(Names::default()),
            "token has no iss claim (iss is set)"
        );
        let flags = Names {
            iss: "--issuer",
            ..Names::default()
        };
        assert_eq!(message(flags), "token has no iss claim (--issuer is set)");
        let e = engine(Policy {
            now,
            ..Default::default()
        })
        .verify(&token)
        .unwrap_err();
        assert_eq!(
            e.hint.as_ref().and_then(Hint::text),
            Some("tokens without an expiry are refused; allow_no_exp accepts them")
        );
    }

    /// A token naming a kid the set lacks, with an algorithm no key of the set has, is
    /// unknown_kid (a key rotation the caller can refetch for) when the algorithms come from the
    /// set; with algorithms the caller chose, or a kid the set has, the algorithm is the reason.
    #[test]
    fn an_unknown_kid_outranks_an_algorithm_only_the_set_ruled_out() {
        let p256 = generate(KeySpec::for_alg(Alg::ES256)).unwrap();
        let p384 = generate(KeySpec::for_alg(Alg::ES384)).unwrap();
        let mut public = p256.public().unwrap();
        public.kid = Some("a".into());
        let engine = |algs: Vec<Alg>| {
            let set = KeySet {
                keys: vec![public.clone()],
                origin: Origin::Set,
                warnings: vec![],
            };
            Engine::new(
                set,
                Policy {
                    algs,
                    now: 1,
                    ..Default::default()
                },
            )
            .unwrap()
        };
        let token = |kid: &str| {
            let signer = jws::Signer::new(&p384, Alg::ES384).unwrap();
            let header = json!({"alg": "ES384", "kid": kid});
            token::assemble(header.as_object().unwrap(), br#"{"exp":2}"#, |i| {
                signer.sign(i)
            })
            .unwrap()
        };
        assert_eq!(code(&engine(vec![]), &token("b")), Some("unknown_kid"));
        assert_eq!(code(&engine(vec![]), &token("a")), Some("alg_not_allowed"));
        assert_eq!(
            code(&engine(vec![Alg::ES256]), &token("b")),
            Some("alg_not_allowed")
        );
    }

    #[test]
    fn asymmetric_keys_are_never_hmac_secrets() {
        let rsa = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        let set = || KeySet {
            keys: vec![rsa.public().unwrap()],
            origin: Origin::Single,
            warnings: vec![],
        };
        assert!(
            Engine::new(
                set(),
                Policy {
                    algs: vec![Alg::HS256],
                    ..Default::default()
                }
            )
            .is_err()
        );
        let e = Engine::new(set(), Policy::default()).unwrap();
        let spki = crate::keys::pkcs::public_spki_der(&rsa).unwrap();
        let t = hs_token(json!({"exp": 1}), json!({"alg":"HS256"}), &spki);
        assert_eq!(code(&e, &t), Some("alg_not_allowed"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::input::secret::Secret;
    use crate::jose::jws;
    use crate::keys::generate::{KeySpec, generate};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// One key per algorithm, made once (RSA generation is slow).
    fn key_for(alg: Alg) -> &'static Key {
        static KEYS: OnceLock<Vec<(Alg, Key)>> = OnceLock::new();
        let keys = KEYS.get_or_init(|| {
            Alg::ALL
                .iter()
                .map(|&a| {
                    let key = match a.family() {
                        crate::jose::alg::Family::Hmac => {
                            Key::oct(Secret::new(vec![0x5a; a.hash_len()])).unwrap()
                        }
                        crate::jose::alg::Family::Rsa => {
                            generate(KeySpec::Rsa { bits: 2048 }).unwrap()
                        }
                        _ => generate(KeySpec::for_alg(a)).unwrap(),
                    };
                    (a, key)
                })
                .collect()
        });
        &keys.iter().find(|(a, _)| *a == alg).unwrap().1
    }

    fn engine_for(alg: Alg) -> Engine {
        let key = key_for(alg);
        let public = key.public().unwrap_or_else(|| key.clone());
        let set = KeySet {
            keys: vec![public],
            origin: Origin::Single,
            warnings: vec![],
        };
        Engine::new(
            set,
            Policy {
                algs: vec![alg],
                now: 1_000,
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn claims() -> impl Strategy<Value = Map<String, Value>> {
        proptest::collection::btree_map("[a-z]{1,8}", "\\PC{0,16}", 0..6).prop_map(|m| {
            let mut claims: Map<String, Value> =
                m.into_iter().map(|(k, v)| (k, Value::from(v))).collect();
            claims.insert("exp".into(), Value::from(2_000));
            claims
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the claims, a token signed with any algorithm verifies, and flipping any
        /// single bit of the token text makes it fail.
        #[test]
        fn sign_then_verify_and_every_bit_flip_fails(
            alg_index in 0..Alg::ALL.len(),
            claims in claims(),
            flip in any::<prop::sample::Index>(),
            bit in 0u8..8,
        ) {
            let alg = Alg::ALL[alg_index];
            let signer = jws::Signer::new(key_for(alg), alg).unwrap();
            let mut header = Map::new();
            header.insert("alg".into(), Value::from(alg.name()));
            let token = token::assemble(&header, &serde_json::to_vec(&claims).unwrap(), |i| signer.sign(i)).unwrap();
            let engine = engine_for(alg);
            let verified = engine.verify(&token).unwrap();
            prop_assert_eq!(verified.payload, Payload::Claims(claims));
            let mut bytes = token.into_bytes();
            let i = flip.index(bytes.len());
            bytes[i] ^= 1 << bit;
            if let Ok(text) = String::from_utf8(bytes) {
                prop_assert!(engine.verify(&text).is_err(), "flipped bit {} of byte {} accepted", bit, i);
            }
        }
    }
}
