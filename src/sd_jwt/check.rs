//! Verifying an SD-JWT or a presentation (RFC 9901 §7.1, §7.3): the issuer JWT under the
//! verification policy and its keys (`verify::Engine`: the key-trust rules, `none` never, the
//! algorithms from the keys or the caller), the disclosures processed into the claims, the
//! policy's claim checks on those claims, then the Key Binding JWT when there is one or one is
//! required.

use serde_json::{Map, Value};

use super::kb::{self, Expect};
use super::process::{Processed, process};
use super::{Disclosure, Presentation};
use crate::error::{Error, Reason, Result};
use crate::jose::alg::Alg;
use crate::verify::Engine;

/// What a presentation must satisfy besides the issuer's policy.
#[derive(Debug, Clone)]
pub struct Check<'a> {
    /// Refuse a presentation without a KB-JWT.
    pub require_key_binding: bool,
    /// What a KB-JWT, when there is one, must match.
    pub kb: Expect<'a>,
}

/// A presentation that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The issuer JWT's header.
    pub header: Map<String, Value>,
    /// The processed claims: disclosed claims in place; `_sd`, `_sd_alg` and undisclosed
    /// digests gone.
    pub claims: Map<String, Value>,
    pub alg: Alg,
    pub disclosures: Vec<Disclosure>,
    /// Where each disclosure landed, as a node of `paths`.
    pub places: Vec<super::process::Node>,
    pub paths: super::process::Paths,
    /// The KB-JWT, checked.
    pub key_binding: Option<kb::Checked>,
}

/// Verifies the SD-JWT or presentation `text` (compact serialization, cleaned).
pub fn verify(engine: &Engine, text: &str, check: &Check) -> Result<Verified> {
    let presentation = Presentation::parse(text)?;
    let disclosures = presentation.decode_disclosures()?;
    let mut processed: Option<Processed> = None;
    let verified = engine.verify_processed(&presentation.jwt, |payload| {
        let p = process(payload, &disclosures)?;
        let claims = p.claims.clone();
        processed = Some(p);
        Ok(claims)
    })?;
    let Some(processed) = processed else {
        return Err(Error::malformed("the issuer JWT has no claims"));
    };
    // A holder may withhold a selectively disclosable jti (an issuer other than jwtctl may make
    // it one): the deny list could then not be checked, and a revocation check that cannot run
    // fails closed.
    if let Some(deny) = engine.denies()
        && !matches!(processed.claims.get("jti"), Some(Value::String(_)))
    {
        return Err(Error::rejected(
            Reason::MissingClaim,
            format!(
                "the presentation has no jti (plain or disclosed), so the deny list ({deny}) cannot be checked"
            ),
        ));
    }
    // The verifier's audience, when it names one, is the KB-JWT's; an issuer JWT that names
    // audiences of its own must include it too (RFC 7519 §4.1.3), or a credential meant for
    // one verifier would pass at another.
    if let (Some(aud), Some(value)) = (check.kb.aud, processed.claims.get("aud")) {
        let audiences = crate::jose::jwt::audiences(value)
            .map_err(|why| Error::malformed(format!("claim aud: {why}")))?;
        if !audiences.contains(&aud) {
            return Err(Error::rejected(
                Reason::AudienceMismatch,
                format!(
                    "the issuer JWT's audience {} does not include \"{}\"",
                    crate::text::json_quote(value),
                    crate::text::escape(aud)
                ),
            ));
        }
    }
    let key_binding = match &presentation.kb_jwt {
        Some(kb_jwt) => {
            let holder = kb::holder_key(&processed.claims)?;
            Some(kb::check(
                kb_jwt,
                &presentation.without_kb(),
                processed.hash,
                &holder,
                &check.kb,
            )?)
        }
        None if check.require_key_binding => {
            return Err(Error::rejected(
                Reason::KeyBindingMissing,
                "key binding is required and the presentation has no Key Binding JWT (it ends in '~')",
            ));
        }
        None => None,
    };
    Ok(Verified {
        header: verified.header,
        claims: processed.claims,
        alg: verified.alg,
        disclosures,
        places: processed.places,
        paths: processed.paths,
        key_binding,
    })
}
