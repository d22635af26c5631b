//! Key binding (RFC 9901 §4.3, §7.3): the holder proves it has the key of the SD-JWT's
//! `cnf.jwk` with a Key Binding JWT, `typ: kb+jwt`, whose claims say when (`iat`), for whom
//! (`aud`), for which request (`nonce`) and for which presentation (`sd_hash`, the hash of
//! everything before it).

use serde_json::{Map, Value};

use super::{HashAlg, KB_TYP};
use crate::error::{Error, Reason, Result};
use crate::input::time::{Zone, format_duration, format_time, human_span};
use crate::jose::alg::{Alg, Family};
use crate::jose::jws::{Signer, Verifier};
use crate::jose::token::{self, Token};
use crate::jose::{json, jwt};
use crate::keys::Key;
use crate::keys::jwk::from_jwk;
use crate::text::escape;

/// JWK members only a private or secret key has.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// The default window for a KB-JWT's `iat`: five minutes.
pub const DEFAULT_MAX_AGE: i64 = 300;

/// What a new KB-JWT says.
#[derive(Debug, Clone)]
pub struct Binding<'a> {
    pub aud: &'a str,
    pub nonce: &'a str,
    /// Unix seconds.
    pub iat: i64,
}

/// A KB-JWT for `presentation` (the SD-JWT ending in `~`, without a KB-JWT), signed by the
/// holder's private `key` with `alg`.
pub fn make(
    presentation: &str,
    hash: HashAlg,
    key: &Key,
    alg: Alg,
    binding: &Binding,
) -> Result<String> {
    if key.is_symmetric() || alg.family() == Family::Hmac {
        return Err(Error::key(
            "a Key Binding JWT is signed with the holder's private RSA, EC or Ed25519 key, never an HMAC secret",
        ));
    }
    let signer = Signer::new(key, alg)?;
    let mut header = Map::new();
    header.insert("typ".into(), KB_TYP.into());
    header.insert("alg".into(), alg.name().into());
    let mut claims = Map::new();
    claims.insert("iat".into(), binding.iat.into());
    claims.insert("aud".into(), binding.aud.into());
    claims.insert("nonce".into(), binding.nonce.into());
    claims.insert("sd_hash".into(), hash.digest(presentation).into());
    let payload = serde_json::to_vec(&claims)
        .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?;
    token::assemble(&header, &payload, |input| signer.sign(input))
}

/// The key of `cnf.jwk` in the issuer JWT's claims: a public key.
pub fn holder_key(claims: &Map<String, Value>) -> Result<Key> {
    let bad = |message: String| Error::rejected(Reason::BadHolderKey, message);
    let jwk = match claims.get("cnf") {
        None => {
            return Err(bad(
                "the SD-JWT has no cnf claim: it is bound to no holder key".to_string(),
            ));
        }
        Some(Value::Object(cnf)) => match cnf.get("jwk") {
            Some(Value::Object(jwk)) => jwk,
            Some(_) => return Err(bad("cnf.jwk is not an object".to_string())),
            None => {
                return Err(bad(
                    "cnf has no jwk: this verifier checks key binding to a JWK".to_string(),
                ));
            }
        },
        Some(_) => return Err(bad("cnf is not an object".to_string())),
    };
    if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(**m)) {
        return Err(bad(format!(
            "cnf.jwk holds a private or secret key (member {member})"
        )));
    }
    from_jwk(jwk).map_err(|e| bad(format!("cnf.jwk is not a usable key: {}", e.message)))
}

/// What a KB-JWT must match.
#[derive(Debug, Clone)]
pub struct Expect<'a> {
    /// The verifier's identifier: `aud` must be it. `None`: not checked.
    pub aud: Option<&'a str>,
    /// The nonce the verifier gave: `nonce` must be it. `None`: not checked.
    pub nonce: Option<&'a str>,
    /// Seconds a KB-JWT stays acceptable after its `iat`.
    pub max_age: i64,
    /// Seconds of clock skew tolerated on `iat`, both ways.
    pub leeway: i64,
    /// Unix seconds.
    pub now: i64,
}

/// A KB-JWT that passed.
#[derive(Debug, Clone)]
pub struct Checked {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

/// Every check of RFC 9901 §7.3 step 5 on `kb_jwt`: `typ` kb+jwt, an asymmetric `alg` the
/// holder key can verify, the signature by that key, `iat` fresh, `aud`, `nonce`, and
/// `sd_hash` the hash of `presentation` (the SD-JWT before it, ending in `~`).
pub fn check(
    kb_jwt: &str,
    presentation: &str,
    hash: HashAlg,
    holder: &Key,
    expect: &Expect,
) -> Result<Checked> {
    let jws = match token::parse(kb_jwt) {
        Ok(Token::Jws(jws)) => jws,
        Ok(Token::Jwe(_)) => return Err(Error::malformed("the Key Binding JWT is encrypted")),
        Err(e) => return Err(e.context("the Key Binding JWT")),
    };
    match jws.header.get("typ") {
        // As a media type (RFC 7515 §4.1.9): application/kb+jwt and KB+JWT are kb+jwt.
        Some(Value::String(t)) if jwt::typ_is(t, KB_TYP) => {}
        Some(Value::String(t)) => {
            return Err(Error::rejected(
                Reason::TypMismatch,
                format!(
                    "the Key Binding JWT's typ is \"{}\", not {KB_TYP}",
                    escape(t)
                ),
            ));
        }
        _ => {
            return Err(Error::rejected(
                Reason::TypMismatch,
                format!("the Key Binding JWT has no typ {KB_TYP}"),
            ));
        }
    }
    let name = jws.alg().map_err(|e| e.context("the Key Binding JWT"))?;
    let alg = match name.parse::<Alg>() {
        Ok(alg) if alg.family() != Family::Hmac => alg,
        _ => {
            return Err(Error::rejected(
                Reason::AlgNotAllowed,
                format!(
                    "the Key Binding JWT's alg \"{}\" is not allowed: it is signed with the holder's asymmetric key",
                    escape(name)
                ),
            ));
        }
    };
    if jws.header.contains_key("crit") {
        return Err(Error::rejected(
            Reason::CritUnsupported,
            "the Key Binding JWT's header lists crit extensions this verifier does not support",
        ));
    }
    if !holder.family().algorithms().contains(&alg) {
        return Err(Error::rejected(
            Reason::BadHolderKey,
            format!(
                "the holder key (cnf.jwk) is {}, which cannot verify the Key Binding JWT's {alg}",
                holder.describe()
            ),
        ));
    }
    let verifier =
        Verifier::new(holder, alg).map_err(|e| Error::rejected(Reason::BadHolderKey, e.message))?;
    if jws.signature.is_empty() || !verifier.verify(jws.signing_input.as_bytes(), &jws.signature) {
        return Err(Error::rejected(
            Reason::BadSignature,
            format!(
                "the Key Binding JWT's signature does not match the holder key (cnf.jwk, {alg})"
            ),
        ));
    }
    let claims = jws
        .claims()
        .map_err(|e| e.context("the Key Binding JWT"))?
        .clone();
    let missing = |name: &str| {
        Error::rejected(
            Reason::MissingClaim,
            format!("the Key Binding JWT has no {name} claim"),
        )
    };
    let text = |name: &str| -> Result<&str> {
        match claims.get(name) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(Error::malformed(format!(
                "the Key Binding JWT's {name} must be a string, not {}",
                json::type_name(other)
            ))),
            None => Err(missing(name)),
        }
    };
    let iat = match claims.get("iat") {
        None => return Err(missing("iat")),
        Some(v) => jwt::numeric_date(v).ok_or_else(|| {
            Error::malformed("the Key Binding JWT's iat must be a NumericDate (seconds)")
        })?,
    };
    let sd_hash = text("sd_hash")?;
    if sd_hash != hash.digest(presentation) {
        return Err(Error::rejected(
            Reason::SdHashMismatch,
            "the Key Binding JWT's sd_hash is not the hash of this presentation: it was made for other disclosures or another SD-JWT",
        ));
    }
    // aud and nonce are REQUIRED (RFC 9901 §4.3), whether or not this verifier checks them.
    let aud = claims.get("aud").ok_or_else(|| missing("aud"))?;
    let auds = jwt::audiences(aud)
        .map_err(|why| Error::malformed(format!("the Key Binding JWT's aud: {why}")))?;
    // An empty list names no verifier: it is as good as no aud (RFC 9901 §4.3 requires one).
    if auds.is_empty() {
        return Err(missing("aud"));
    }
    let nonce = text("nonce")?;
    if let Some(expected) = expect.aud
        && !auds.contains(&expected)
    {
        return Err(Error::rejected(
            Reason::AudienceMismatch,
            format!(
                "the Key Binding JWT is for audience \"{}\", not {}",
                escape(&auds.join(", ")),
                escape(expected)
            ),
        ));
    }
    if let Some(expected) = expect.nonce
        && nonce != expected
    {
        return Err(Error::rejected(
            Reason::NonceMismatch,
            format!(
                "the Key Binding JWT's nonce \"{}\" is not the verifier's",
                escape(nonce)
            ),
        ));
    }
    check_iat(iat, expect)?;
    Ok(Checked {
        header: jws.header,
        claims,
    })
}

fn check_iat(iat: i64, expect: &Expect) -> Result<()> {
    let show = |t: i64| format_time(t, Zone::Utc).unwrap_or_else(|| t.to_string());
    if iat > expect.now.saturating_add(expect.leeway) {
        return Err(Error::rejected(
            Reason::IssuedInFuture,
            format!(
                "the Key Binding JWT was made {} in the future (iat {})",
                human_span(iat.abs_diff(expect.now).into()),
                show(iat)
            ),
        ));
    }
    let oldest = expect
        .now
        .saturating_sub(expect.max_age)
        .saturating_sub(expect.leeway);
    if iat < oldest {
        return Err(Error::rejected(
            Reason::TooOld,
            format!(
                "the Key Binding JWT was made {} ago (iat {}), over the window of {}",
                human_span(iat.abs_diff(expect.now).into()),
                show(iat),
                format_duration(expect.max_age.unsigned_abs())
            ),
        ));
    }
    Ok(())
}
