//! What kind of token a JWS looks like (for `decode`, which verifies nothing): a JWT access
//! token, an OpenID Connect ID token, a logout token, a DPoP proof or an SD-JWT, judged from its
//! `typ` first (explicit typing, RFC 8725 §3.11) and else from its claims; and a one-line gloss
//! of each registered and OpenID Connect standard claim.

use serde_json::{Map, Value};

use crate::jose::jwt::typ_is;

/// A kind of JWT with a specification of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RFC 9068.
    AccessToken,
    /// OpenID Connect Core 1.0 §2.
    IdToken,
    /// OpenID Connect Back-Channel Logout 1.0 §2.4.
    LogoutToken,
    /// RFC 9449 §4.2.
    DpopProof,
    /// The issuer-signed JWT of an SD-JWT (IETF selective disclosure for JWTs).
    SdJwt,
}

impl Kind {
    /// "an OpenID Connect ID token".
    pub fn describe(self) -> &'static str {
        match self {
            Kind::AccessToken => "a JWT access token (RFC 9068)",
            Kind::IdToken => "an OpenID Connect ID token",
            Kind::LogoutToken => "an OpenID Connect logout token (Back-Channel Logout 1.0)",
            Kind::DpopProof => "a DPoP proof (RFC 9449)",
            Kind::SdJwt => "an SD-JWT (selective disclosure)",
        }
    }
}

/// What a token looks like, and the evidence: the `typ`, or the claims that say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LooksLike {
    pub kind: Kind,
    /// "typ at+jwt", or "claims nonce, at_hash".
    pub evidence: String,
    /// Whether the header's `typ` says so (else only the claims do).
    pub typed: bool,
}

const BACKCHANNEL_LOGOUT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The kind `header` and `claims` look like, if any.
pub fn looks_like(header: &Map<String, Value>, claims: &Map<String, Value>) -> Option<LooksLike> {
    if let Some(typ) = header.get("typ").and_then(Value::as_str) {
        let kind = [
            ("at+jwt", Kind::AccessToken),
            ("logout+jwt", Kind::LogoutToken),
            ("dpop+jwt", Kind::DpopProof),
            ("sd+jwt", Kind::SdJwt),
            ("dc+sd-jwt", Kind::SdJwt),
            ("vc+sd-jwt", Kind::SdJwt),
        ]
        .into_iter()
        .find_map(|(name, kind)| typ_is(typ, name).then_some(kind));
        if let Some(kind) = kind {
            return Some(LooksLike {
                kind,
                evidence: format!("typ {}", crate::text::escape(typ)),
                typed: true,
            });
        }
    }
    let has = |names: &[&'static str]| -> Vec<&'static str> {
        names
            .iter()
            .copied()
            .filter(|n| claims.contains_key(*n))
            .collect()
    };
    let by_claims = |kind, found: Vec<&str>| {
        Some(LooksLike {
            kind,
            evidence: format!("claims {}", found.join(", ")),
            typed: false,
        })
    };
    let logout = claims
        .get("events")
        .and_then(Value::as_object)
        .is_some_and(|events| events.contains_key(BACKCHANNEL_LOGOUT));
    if logout {
        return by_claims(Kind::LogoutToken, vec!["events"]);
    }
    let sd = has(&["_sd", "_sd_alg"]);
    if !sd.is_empty() {
        return by_claims(Kind::SdJwt, sd);
    }
    if header.contains_key("jwk") {
        let dpop = has(&["htm", "htu"]);
        if dpop.len() == 2 {
            return by_claims(Kind::DpopProof, dpop);
        }
    }
    let access = has(&["client_id", "scope", "scp"]);
    if !access.is_empty() {
        return by_claims(Kind::AccessToken, access);
    }
    let id = has(&[
        "nonce",
        "at_hash",
        "c_hash",
        "auth_time",
        "acr",
        "amr",
        "azp",
        "sid",
    ]);
    if !id.is_empty() && has(&["iss", "sub", "aud"]).len() == 3 {
        return by_claims(Kind::IdToken, id);
    }
    None
}

/// What a registered (RFC 7519 §4.1), OpenID Connect (Core §2, §5.1) or other IANA-registered
/// claim commonly found in tokens means, in a few words; `None` for other names.
pub fn gloss(claim: &str) -> Option<&'static str> {
    Some(match claim {
        "iss" => "issuer",
        "sub" => "subject",
        "aud" => "audience: who the token is for",
        "exp" => "expires",
        "nbf" => "not valid before",
        "iat" => "issued at",
        "jti" => "token id",
        "auth_time" => "when the user authenticated",
        "nonce" => "the client's nonce, against replay",
        "acr" => "authentication context class",
        "amr" => "authentication methods",
        "azp" => "authorized party: the client it was issued to",
        "at_hash" => "hash of the access token issued with it",
        "c_hash" => "hash of the authorization code issued with it",
        "sid" => "session id",
        "name" => "full name",
        "given_name" => "given name",
        "family_name" => "family name",
        "middle_name" => "middle name",
        "nickname" => "nickname",
        "preferred_username" => "preferred username",
        "profile" => "profile page URL",
        "picture" => "picture URL",
        "website" => "web page URL",
        "email" => "email address",
        "email_verified" => "whether the email address was verified",
        "gender" => "gender",
        "birthdate" => "birthday",
        "zoneinfo" => "time zone",
        "locale" => "locale",
        "phone_number" => "phone number",
        "phone_number_verified" => "whether the phone number was verified",
        "address" => "postal address",
        "updated_at" => "profile last updated",
        "client_id" => "the client the token was issued to",
        "scope" => "granted scopes",
        "act" => "actor: who acts for the subject (delegation)",
        "may_act" => "who may act for the subject",
        "cnf" => "confirmation: the key the token is bound to",
        "events" => "security events",
        "htm" => "HTTP method of the request (DPoP)",
        "htu" => "HTTP URL of the request (DPoP)",
        "ath" => "hash of the access token (DPoP)",
        "_sd" => "digests of selectively disclosable claims",
        "_sd_alg" => "hash algorithm of the disclosures",
        "roles" => "roles",
        "groups" => "groups",
        "entitlements" => "entitlements",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kind(header: Value, claims: Value) -> Option<(Kind, bool)> {
        looks_like(header.as_object().unwrap(), claims.as_object().unwrap())
            .map(|l| (l.kind, l.typed))
    }

    #[test]
    fn typ_says_it_first_then_the_claims() {
        let id_claims =
            json!({"iss": "i", "sub": "s", "aud": "c", "exp": 1, "iat": 0, "nonce": "n"});
        assert_eq!(
            kind(json!({"typ": "application/AT+JWT"}), id_claims.clone()),
            Some((Kind::AccessToken, true))
        );
        assert_eq!(
            kind(json!({"typ": "JWT"}), id_claims.clone()),
            Some((Kind::IdToken, false))
        );
        assert_eq!(
            kind(
                json!({}),
                json!({"iss": "i", "sub": "s", "aud": "a", "client_id": "c"})
            ),
            Some((Kind::AccessToken, false))
        );
        assert_eq!(
            kind(json!({"typ": "logout+jwt"}), json!({})),
            Some((Kind::LogoutToken, true))
        );
        assert_eq!(
            kind(
                json!({}),
                json!({"events": {"http://schemas.openid.net/event/backchannel-logout": {}}})
            ),
            Some((Kind::LogoutToken, false))
        );
        assert_eq!(
            kind(json!({"typ": "dpop+jwt"}), json!({})),
            Some((Kind::DpopProof, true))
        );
        assert_eq!(
            kind(
                json!({"jwk": {}}),
                json!({"htm": "GET", "htu": "https://x"})
            ),
            Some((Kind::DpopProof, false))
        );
        assert_eq!(
            kind(json!({"typ": "dc+sd-jwt"}), json!({})),
            Some((Kind::SdJwt, true))
        );
        assert_eq!(
            kind(json!({}), json!({"_sd_alg": "sha-256"})),
            Some((Kind::SdJwt, false))
        );
        // An ID-token claim without iss, sub and aud is not enough; nor are plain claims.
        assert_eq!(kind(json!({}), json!({"nonce": "n"})), None);
        assert_eq!(
            kind(json!({"typ": "JWT"}), json!({"sub": "a", "exp": 1})),
            None
        );
    }

    #[test]
    fn registered_and_oidc_claims_have_glosses() {
        for name in [
            "iss",
            "sub",
            "aud",
            "exp",
            "nbf",
            "iat",
            "jti",
            "auth_time",
            "nonce",
            "azp",
            "at_hash",
            "email",
            "updated_at",
            "client_id",
            "scope",
            "cnf",
        ] {
            assert!(gloss(name).is_some(), "{name}");
        }
        assert_eq!(gloss("role"), None);
    }
}
