//! The claim checks of a verification policy (RFC 7519 §4.1): expiry, not-before and issued-at
//! with leeway, maximum age, issuer, audience, subject, required and exact claims, and
//! revocation. Each failure is a rejection with its reason code.

use serde_json::{Map, Value};

use super::{Policy, reject};
use crate::error::{Error, Reason, Result};
use crate::input::time;
use crate::jose::jwt::numeric_date;
use crate::text::escape;

/// Checks `claims` against everything `p` asks of them, in a fixed order (times first).
pub(super) fn check(p: &Policy, claims: &Map<String, Value>) -> Result<()> {
    let now = p.now;
    let names = &p.names;
    let when = |ts: i64| time::format_time(ts, time::Zone::Utc).unwrap_or_else(|| ts.to_string());
    let exp = time_claim(claims, "exp")?;
    let nbf = time_claim(claims, "nbf")?;
    let iat = time_claim(claims, "iat")?;
    let audiences = audience_claim(claims)?;
    match exp {
        None if !p.allow_no_exp => {
            return Err(
                reject(Reason::MissingClaim, "token has no exp claim").with_hint(format!(
                    "tokens without an expiry are refused; {} accepts them",
                    names.allow_no_exp
                )),
            );
        }
        Some(exp) if now >= exp.saturating_add(p.leeway) => {
            return Err(reject(
                Reason::Expired,
                format!(
                    "token expired {} (exp {})",
                    time::relative(exp, now),
                    when(exp)
                ),
            ));
        }
        _ => {}
    }
    if let Some(nbf) = nbf
        && now < nbf.saturating_sub(p.leeway)
    {
        return Err(reject(
            Reason::NotYetValid,
            format!(
                "token is not valid until {} ({})",
                when(nbf),
                time::relative(nbf, now)
            ),
        ));
    }
    if let Some(iat) = iat
        && iat > now.saturating_add(p.leeway)
    {
        return Err(reject(
            Reason::IssuedInFuture,
            format!(
                "token was issued in the future (iat {}, {})",
                when(iat),
                time::relative(iat, now)
            ),
        ));
    }
    if let Some(max_age) = p.max_age {
        let Some(iat) = iat else {
            return Err(reject(
                Reason::MissingClaim,
                format!(
                    "{} needs an iat claim, and the token has none",
                    names.max_age
                ),
            ));
        };
        let age = i128::from(now) - i128::from(iat);
        if age > i128::from(max_age) + i128::from(p.leeway) {
            return Err(reject(
                Reason::TooOld,
                format!(
                    "token is {} old, over {} {}",
                    time::human_span(age.unsigned_abs()),
                    names.max_age,
                    time::human_span(u128::from(max_age.unsigned_abs()))
                ),
            ));
        }
    }
    if !p.iss.is_empty() {
        match claims.get("iss") {
            None => {
                return Err(reject(
                    Reason::MissingClaim,
                    format!("token has no iss claim ({} is set)", names.iss),
                ));
            }
            Some(Value::String(iss)) if p.iss.iter().any(|x| x == iss) => {}
            Some(other) => {
                return Err(reject(
                    Reason::IssuerMismatch,
                    format!("issuer {} is not {}", compact(other), p.iss.join(" or ")),
                ));
            }
        }
    }
    if !p.aud.is_empty() {
        let Some(audiences) = audiences else {
            return Err(reject(
                Reason::MissingClaim,
                format!("token has no aud claim ({} is set)", names.aud),
            ));
        };
        if !audiences.iter().any(|a| p.aud.iter().any(|x| x == a)) {
            return Err(reject(
                Reason::AudienceMismatch,
                format!(
                    "audience {} does not include {}",
                    compact(claims.get("aud").unwrap_or(&Value::Null)),
                    p.aud.join(" or ")
                ),
            ));
        }
    }
    if let Some(sub) = &p.sub {
        match claims.get("sub") {
            None => {
                return Err(reject(
                    Reason::MissingClaim,
                    format!("token has no sub claim ({} is set)", names.sub),
                ));
            }
            Some(Value::String(s)) if s == sub => {}
            Some(other) => {
                return Err(reject(
                    Reason::SubjectMismatch,
                    format!("subject {} is not {sub}", compact(other)),
                ));
            }
        }
    }
    for name in &p.require {
        if !claims.contains_key(name) {
            return Err(reject(
                Reason::MissingClaim,
                format!("token has no {name} claim (required)"),
            ));
        }
    }
    for (name, expected) in &p.claims {
        match claims.get(name) {
            None => {
                return Err(reject(
                    Reason::MissingClaim,
                    format!("token has no {name} claim ({})", names.claims),
                ));
            }
            Some(v) if v == expected => {}
            Some(v) => {
                return Err(reject(
                    Reason::ClaimMismatch,
                    format!(
                        "claim {name} is {}, expected {}",
                        compact(v),
                        compact(expected)
                    ),
                ));
            }
        }
    }
    if !p.deny.is_empty()
        && let Some(Value::String(jti)) = claims.get("jti")
        && p.deny.contains(jti)
    {
        return Err(reject(
            Reason::Revoked,
            format!("token id {} is revoked ({})", escape(jti), names.deny),
        ));
    }
    Ok(())
}

/// A NumericDate claim: absent, or a number (integer or fraction); anything else is malformed.
fn time_claim(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => numeric_date(v).map(Some).ok_or_else(|| {
            Error::malformed(format!(
                "claim {name} is {}, not a NumericDate (seconds since 1970)",
                crate::jose::json::type_name(v)
            ))
        }),
    }
}

/// The `aud` claim: absent, a string, or an array of strings (RFC 7519 §4.1.3); anything else
/// is malformed, as a time claim that is not a number is, even if one member would match.
fn audience_claim(claims: &Map<String, Value>) -> Result<Option<Vec<&str>>> {
    match claims.get("aud") {
        None => Ok(None),
        Some(value) => crate::jose::jwt::audiences(value)
            .map(Some)
            .map_err(Error::malformed),
    }
}

/// A JSON value from the token, escaped and shortened for a one-line message.
fn compact(value: &Value) -> String {
    crate::text::escape_max(&crate::text::json_quote(value), 80).into_owned()
}
