//! Token profiles: what a token must be besides validly signed, so that one kind of JWT cannot
//! be replayed as another (RFC 8725 §2.8, §3.11). The header's `typ` (RFC 7515 §4.1.9), JWT
//! access tokens (RFC 9068) and ID tokens (OpenID Connect Core 1.0 §3.1.3.7, with `at_hash` and
//! `c_hash` of §3.1.3.8 and §3.3.2.11). Each failure has its reason code.

use aws_lc_rs::digest;
use serde_json::{Map, Value};

use super::{Policy, reject};
use crate::error::{Error, Reason, Result};
use crate::jose::alg::Alg;
use crate::jose::b64;
use crate::jose::jwt::typ_is;
use crate::keys::trust::quoted;

/// Which kind of token the verifier expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Profile {
    /// A JWT access token (RFC 9068): `typ` `at+jwt`; `iss exp aud sub client_id iat jti`
    /// present; the policy's audience set.
    AccessToken,
    /// An OpenID Connect ID token: the client id is the policy's one audience.
    IdToken(IdToken),
}

/// What an ID token is checked against besides its client id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdToken {
    /// The nonce the client sent in its authentication request.
    pub nonce: Option<String>,
    /// The access token issued with the ID token: `at_hash` must be its hash.
    pub access_token: Option<String>,
    /// The authorization code issued with the ID token: `c_hash` must be its hash.
    pub code: Option<String>,
}

/// The settings a profile needs, checked once before any token: a usage error names them.
pub(super) fn check_settings(p: &Policy) -> Result<()> {
    let names = &p.names;
    if p.signature_only && (p.profile.is_some() || p.typ.is_some()) {
        return Err(Error::usage(format!(
            "{} and {} check the header and the claims; checking the signature only does neither",
            names.profile, names.typ
        )));
    }
    let (name, typ) = match &p.profile {
        None => return Ok(()),
        Some(Profile::AccessToken) if p.aud.is_empty() => {
            return Err(Error::usage(format!(
                "the access-token {} needs {}: a resource server accepts only access tokens meant for it (RFC 9068 §4)",
                names.profile, names.aud
            )));
        }
        Some(Profile::IdToken(_)) if p.aud.len() != 1 => {
            return Err(Error::usage(format!(
                "the id-token {} needs exactly one {}: the client id the ID token was issued to",
                names.profile, names.aud
            )));
        }
        Some(Profile::AccessToken) => ("access-token", "at+jwt"),
        Some(Profile::IdToken(_)) => ("id-token", "JWT"),
    };
    match &p.typ {
        Some(given) if !typ_is(given, typ) => Err(Error::usage(format!(
            "{} {} contradicts the {name} {}, which requires {typ}",
            names.typ,
            quoted(given),
            names.profile
        ))),
        _ => Ok(()),
    }
}

/// The header's part: `typ` as the policy and the profile want it. Runs before the claims, so
/// that a token of another kind is named as such rather than by a claim it lacks.
/// `unprotected` says that `typ` is in a JSON serialization's unprotected header, which the
/// signature does not cover: anyone could have set it, so a check of it fails.
pub(super) fn check_header(
    p: &Policy,
    header: &Map<String, Value>,
    unprotected: bool,
) -> Result<()> {
    if unprotected && (p.typ.is_some() || p.profile.is_some()) {
        return Err(reject(
            Reason::TypMismatch,
            "typ is in the unprotected header, which the signature does not cover",
        ));
    }
    let typ = match header.get("typ") {
        None => None,
        Some(Value::String(typ)) => Some(typ.as_str()),
        Some(other) => {
            return Err(reject(
                Reason::TypMismatch,
                format!(
                    "header typ is {}, not a string",
                    crate::jose::json::type_name(other)
                ),
            ));
        }
    };
    if let Some(want) = &p.typ {
        match typ {
            Some(typ) if typ_is(typ, want) => {}
            Some(typ) => {
                return Err(reject(
                    Reason::TypMismatch,
                    format!("typ {} is not {}", quoted(typ), crate::text::escape(want)),
                ));
            }
            None => {
                return Err(reject(
                    Reason::TypMismatch,
                    format!("the header has no typ ({} is set)", p.names.typ),
                ));
            }
        }
    }
    match (&p.profile, typ) {
        (Some(Profile::AccessToken), Some(typ)) if typ_is(typ, "at+jwt") => Ok(()),
        (Some(Profile::AccessToken), Some(typ)) => Err(reject(
            Reason::TypMismatch,
            format!(
                "typ {} is not at+jwt: not a JWT access token (RFC 9068 §4)",
                quoted(typ)
            ),
        )),
        (Some(Profile::AccessToken), None) => Err(reject(
            Reason::TypMismatch,
            "the header has no typ: a JWT access token is typed at+jwt (RFC 9068 §4)",
        )),
        // An ID token is typed JWT or not at all; anything else (at+jwt, logout+jwt,
        // dpop+jwt) is a token of another kind presented as an ID token.
        (Some(Profile::IdToken(_)), Some(typ)) if !typ_is(typ, "jwt") => Err(reject(
            Reason::TypMismatch,
            format!("typ {} is not an ID token's (JWT or none)", quoted(typ)),
        )),
        _ => Ok(()),
    }
}

/// The claims' part, after the policy's own claim checks passed.
pub(super) fn check_claims(p: &Policy, claims: &Map<String, Value>, alg: Alg) -> Result<()> {
    match &p.profile {
        None => Ok(()),
        Some(Profile::AccessToken) => {
            for name in ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"] {
                if !claims.contains_key(name) {
                    return Err(reject(
                        Reason::MissingClaim,
                        format!(
                            "token has no {name} claim, which a JWT access token has (RFC 9068 §2.2)"
                        ),
                    ));
                }
            }
            Ok(())
        }
        Some(Profile::IdToken(id)) => id_token(p, id, claims, alg),
    }
}

fn id_token(p: &Policy, id: &IdToken, claims: &Map<String, Value>, alg: Alg) -> Result<()> {
    for name in ["iss", "sub", "aud", "exp", "iat"] {
        if !claims.contains_key(name) {
            return Err(reject(
                Reason::MissingClaim,
                format!(
                    "token has no {name} claim, which an ID token has (OpenID Connect Core §2)"
                ),
            ));
        }
    }
    let client = p.aud.first().map_or("", String::as_str);
    let audiences = claims
        .get("aud")
        .map(crate::jose::jwt::audiences)
        .transpose()
        .map_err(Error::malformed)?
        .unwrap_or_default();
    match claims.get("azp") {
        None if audiences.len() > 1 => {
            return Err(reject(
                Reason::MissingClaim,
                "the ID token has several audiences and no azp claim naming the client it was issued to",
            ));
        }
        None => {}
        Some(Value::String(azp)) if azp == client => {}
        Some(Value::String(azp)) => {
            return Err(reject(
                Reason::AzpMismatch,
                format!(
                    "azp {} is not the client {}",
                    quoted(azp),
                    crate::text::escape(client)
                ),
            ));
        }
        Some(other) => return Err(not_a_string("azp", other)),
    }
    if let Some(nonce) = &id.nonce {
        match claims.get("nonce") {
            None => {
                return Err(reject(
                    Reason::MissingClaim,
                    format!("token has no nonce claim ({} is set)", p.names.nonce),
                ));
            }
            Some(Value::String(n)) if n == nonce => {}
            Some(Value::String(n)) => {
                return Err(reject(
                    Reason::NonceMismatch,
                    format!("nonce {} is not the one sent", quoted(n)),
                ));
            }
            Some(other) => return Err(not_a_string("nonce", other)),
        }
    }
    for (claim, value, name, reason) in [
        (
            "at_hash",
            &id.access_token,
            p.names.access_token,
            Reason::AtHashMismatch,
        ),
        ("c_hash", &id.code, p.names.code, Reason::CHashMismatch),
    ] {
        let Some(value) = value else { continue };
        match claims.get(claim) {
            None => {
                return Err(reject(
                    Reason::MissingClaim,
                    format!("token has no {claim} claim ({name} is set)"),
                ));
            }
            Some(Value::String(hash)) if *hash == half_hash(alg, value) => {}
            Some(Value::String(_)) => {
                return Err(reject(
                    reason,
                    format!("{claim} is not the hash of the {name} given ({alg})"),
                ));
            }
            Some(other) => return Err(not_a_string(claim, other)),
        }
    }
    if let Some(max_age) = p.max_age {
        let auth_time = match claims.get("auth_time") {
            None => {
                return Err(reject(
                    Reason::MissingClaim,
                    format!(
                        "token has no auth_time claim ({} is set, OpenID Connect Core §3.1.3.7)",
                        p.names.max_age
                    ),
                ));
            }
            Some(v) => crate::jose::jwt::numeric_date(v).ok_or_else(|| {
                Error::malformed(format!(
                    "claim auth_time is {}, not a NumericDate (seconds since 1970)",
                    crate::jose::json::type_name(v)
                ))
            })?,
        };
        let age = i128::from(p.now) - i128::from(auth_time);
        // An authentication in the future is no recent one: it would pass any maximum age.
        if -age > i128::from(p.leeway) {
            return Err(reject(
                Reason::IssuedInFuture,
                format!(
                    "auth_time is {} in the future: the user cannot have authenticated then",
                    crate::input::time::human_span(age.unsigned_abs())
                ),
            ));
        }
        if age > i128::from(max_age) + i128::from(p.leeway) {
            return Err(reject(
                Reason::AuthTooOld,
                format!(
                    "the user authenticated {} ago, over {} {}",
                    crate::input::time::human_span(age.unsigned_abs()),
                    p.names.max_age,
                    crate::input::time::human_span(u128::from(max_age.unsigned_abs()))
                ),
            ));
        }
    }
    Ok(())
}

fn not_a_string(claim: &str, value: &Value) -> Error {
    Error::malformed(format!(
        "claim {claim} is {}, not a string",
        crate::jose::json::type_name(value)
    ))
}

/// `at_hash` and `c_hash` (OpenID Connect Core §3.1.3.8, §3.3.2.11): the base64url left half
/// of the hash of the ASCII value, with the hash of the ID token's `alg` (SHA-512 for EdDSA,
/// as OpenID Connect's errata set for Ed25519).
pub(crate) fn half_hash(alg: Alg, value: &str) -> String {
    let algorithm = match alg.hash_len() {
        32 => &digest::SHA256,
        48 => &digest::SHA384,
        _ => &digest::SHA512,
    };
    let hash = digest::digest(algorithm, value.as_bytes());
    let bytes = hash.as_ref();
    b64::encode(&bytes[..bytes.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_hashes_match_the_specification() {
        // OpenID Connect Core 1.0 Appendix A.3: the access token "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
        // of an ID token signed with RS256 has at_hash "77QmUPtjPfzWtF2AnpK9RQ".
        assert_eq!(
            half_hash(Alg::RS256, "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
        // Appendix A.4: the code "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
        // has c_hash "LDktKdoQak3Pk0cnXxCltA".
        assert_eq!(
            half_hash(
                Alg::RS256,
                "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
            ),
            "LDktKdoQak3Pk0cnXxCltA"
        );
        assert_eq!(half_hash(Alg::ES384, "x").len(), 32);
        assert_eq!(half_hash(Alg::EdDSA, "x").len(), 43);
    }
}
