//! DPoP (RFC 9449): proofs that the sender of a request holds a key, minted ([`mint`]) and
//! checked ([`verify`]) as §4 describes, the `ath` of an access token, and the store that
//! makes a replayed proof detectable ([`seen`]).
//!
//! A proof is a JWS whose header carries `typ: dpop+jwt`, an asymmetric `alg` and the public
//! key (`jwk`) that verifies it; its claims bind it to one request (`htm`, `htu`), one moment
//! (`iat`), once (`jti`), and optionally to an access token (`ath`) and a server's `nonce`.
//! The top of the layer map: uses `jose`, `keys`, `input`, `text`, `random` and `error`.

mod htu;
pub mod seen;

use serde_json::{Map, Value};

use crate::error::{Error, Reason, Result};
use crate::jose::alg::{Alg, Family};
use crate::jose::jws::{Signer, Verifier};
use crate::jose::token::{self, Jws, Token};
use crate::jose::{b64, jwt};
use crate::keys::Key;
use crate::keys::jwk::{ThumbprintHash, from_jwk, thumbprint, to_jwk};
use crate::text::escape;

/// The `typ` of a proof (RFC 9449 §4.2).
pub const TYP: &str = "dpop+jwt";

/// The default window for `iat`: five minutes.
pub const DEFAULT_MAX_AGE: i64 = 300;

/// JWK members that only a private (or symmetric) key has: none may be in a proof's header.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// The members of a public JWK a proof's header carries: the RFC 7638 ones, nothing else.
const PUBLIC_MEMBERS: [&str; 6] = ["kty", "crv", "x", "y", "n", "e"];

/// The request a proof is for, as [`mint`] puts it in the claims.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub access_token: Option<&'a str>,
    pub nonce: Option<&'a str>,
    /// Unix seconds.
    pub iat: i64,
}

/// base64url(SHA-256(access token)), a proof's `ath` (RFC 9449 §4.2).
pub fn ath(access_token: &str) -> String {
    b64::encode(
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, access_token.as_bytes()).as_ref(),
    )
}

/// The key's RFC 7638 SHA-256 thumbprint: a bound token's `cnf.jkt`, an authorization
/// request's `dpop_jkt` (RFC 9449 §6.1, §10).
pub fn jkt(key: &Key) -> String {
    thumbprint(key, ThumbprintHash::Sha256)
}

/// The algorithms a proof may use: the asymmetric ones (RFC 9449 §4.2: never none, never MAC).
/// Refuses a key that cannot sign DPoP proofs (an HMAC secret, an X25519 key): a thumbprint
/// of one, or a token bound to it, would bind to no proof at all.
pub fn check_proof_key(key: &Key) -> Result<()> {
    if key.signs_asymmetrically() {
        return Ok(());
    }
    Err(Error::key(format!(
        "{} cannot sign DPoP proofs: give the client's RSA, EC or Ed25519 key",
        key.family().describe()
    )))
}

pub fn asymmetric_algs() -> Vec<Alg> {
    Alg::ALL
        .into_iter()
        .filter(|a| a.family() != Family::Hmac)
        .collect()
}

/// Checks what a request's method and URL must be before they go in a proof or a check: an
/// HTTP method token, an absolute http(s) URL. The error says which, not how it was given.
pub fn check_request(method: &str, url: &str) -> Result<()> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if method.is_empty() || !method.bytes().all(tchar) {
        return Err(Error::usage(format!(
            "the method \"{}\" is not an HTTP method (GET, POST, ...)",
            escape(method)
        )));
    }
    htu::normalize(url).map(drop).map_err(|why| {
        Error::usage(format!(
            "the URL \"{}\" cannot be a DPoP target: {why}",
            escape(url)
        ))
    })
}

/// A fresh proof for `request`, signed by `key` (private, asymmetric) with `alg`: header
/// `typ`, `alg` and the public `jwk`; claims `jti` (128 random bits), `htm`, `htu` (the URL
/// without query and fragment), `iat`, then `ath` and `nonce` when given.
pub fn mint(key: &Key, alg: Alg, request: &Request) -> Result<String> {
    if key.is_symmetric() || alg.family() == Family::Hmac {
        return Err(Error::key(
            "a DPoP proof is signed with a private RSA, EC or Ed25519 key, never an HMAC secret",
        ));
    }
    check_request(request.method, request.url)?;
    let signer = Signer::new(key, alg)?;
    let mut header = Map::new();
    header.insert("typ".into(), TYP.into());
    header.insert("alg".into(), alg.name().into());
    header.insert("jwk".into(), Value::Object(public_jwk(key)?));
    let mut claims = Map::new();
    claims.insert("jti".into(), b64::encode(&crate::random::bytes(16)?).into());
    claims.insert("htm".into(), request.method.into());
    claims.insert("htu".into(), htu::strip_query(request.url).into());
    claims.insert("iat".into(), request.iat.into());
    if let Some(token) = request.access_token {
        claims.insert("ath".into(), ath(token).into());
    }
    if let Some(nonce) = request.nonce {
        claims.insert("nonce".into(), nonce.into());
    }
    let payload = serde_json::to_vec(&claims)
        .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?;
    token::assemble(&header, &payload, |input| signer.sign(input))
}

/// The public JWK a proof carries: only the members its thumbprint covers.
fn public_jwk(key: &Key) -> Result<Map<String, Value>> {
    let public = key.public().unwrap_or_else(|| key.clone());
    let mut jwk = to_jwk(&public, false)?;
    jwk.retain(|name, _| PUBLIC_MEMBERS.contains(&name.as_str()));
    Ok(jwk)
}

/// What a proof must match (RFC 9449 §4.3).
#[derive(Debug, Clone)]
pub struct Check<'a> {
    pub method: &'a str,
    pub url: &'a str,
    /// The access token sent with the proof: `ath` must be its hash, and when it is a JWT with
    /// `cnf.jkt`, the proof key must be the one it is bound to.
    pub access_token: Option<&'a str>,
    /// The nonce the server gave (`DPoP-Nonce`): the proof must carry it.
    pub nonce: Option<&'a str>,
    /// The thumbprint the proof key must have.
    pub jkt: Option<&'a str>,
    /// The allowed algorithms; empty means every asymmetric one.
    pub algs: &'a [Alg],
    /// Seconds a proof stays acceptable after its `iat`.
    pub max_age: i64,
    /// Seconds of clock skew tolerated on `iat`, both ways.
    pub leeway: i64,
    /// Unix seconds.
    pub now: i64,
}

/// A proof that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// The proof key's thumbprint.
    pub jkt: String,
    pub jti: String,
    pub iat: i64,
    /// What was not checked and why (an `ath` without an access token to check it against).
    pub notes: Vec<String>,
}

fn reject(reason: Reason, message: impl Into<String>) -> Error {
    Error::rejected(reason, message)
}

/// Every check of RFC 9449 §4.3 on one proof, in its order: one well-formed JWS; `typ`; an
/// allowed asymmetric `alg`; a `jwk` that is a public key fit for it; the signature; the
/// claims present; `htm` and `htu`; `nonce`; `iat` within the window; `ath`; and the key
/// binding (`jkt` or the access token's `cnf.jkt`). Replay (the `jti`) is the caller's, with
/// [`seen::Seen`].
pub fn verify(proof: &str, check: &Check) -> Result<Verified> {
    let target = htu::normalize(check.url).map_err(|why| {
        Error::usage(format!(
            "the URL \"{}\" cannot be a DPoP target: {why}",
            escape(check.url)
        ))
    })?;
    if crate::jose::jws_json::is_json(proof) {
        return Err(Error::malformed(
            "a DPoP proof is a JWT in compact form (RFC 9449 §4.2), not a JSON-serialized JWS",
        ));
    }
    if let Some(token) = check.access_token {
        check_token68(token)?;
    }
    let jws = match token::parse(proof)? {
        Token::Jws(jws) => jws,
        Token::Jwe(_) => {
            return Err(Error::malformed(
                "a DPoP proof is a signed JWT (3 segments), not an encrypted one",
            ));
        }
    };
    check_typ(&jws)?;
    let alg = check_alg(&jws, check.algs)?;
    // A proof lists nothing in crit (refused above), so a b64 member is never understood
    // (RFC 7797 §6): the payload is the claims, base64url-encoded, as in every JWT.
    crate::jose::jws_json::unencoded(&jws.header, &Map::new())?;
    let key = proof_key(&jws, alg)?;
    if jws.signature.is_empty() {
        return Err(Error::malformed("signature segment is empty"));
    }
    let verifier = Verifier::new(&key, alg).map_err(|e| reject(Reason::BadProofKey, e.message))?;
    if !verifier.verify(jws.signing_input.as_bytes(), &jws.signature) {
        return Err(reject(
            Reason::BadSignature,
            format!("signature does not match the jwk header's key ({alg})"),
        ));
    }
    let claims = jws.claims()?.clone();
    let text = |name: &str| -> Result<String> {
        match claims.get(name) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::String(_)) => Err(Error::malformed(format!("claim {name} is empty"))),
            Some(other) => Err(Error::malformed(format!(
                "claim {name} must be a string, not {}",
                crate::jose::json::type_name(other)
            ))),
            None => Err(reject(
                Reason::MissingClaim,
                format!("the proof has no {name} claim"),
            )),
        }
    };
    let jti = text("jti")?;
    let htm = text("htm")?;
    let htu_claim = text("htu")?;
    let iat = match claims.get("iat") {
        None => return Err(reject(Reason::MissingClaim, "the proof has no iat claim")),
        Some(v) => jwt::numeric_date(v)
            .ok_or_else(|| Error::malformed("claim iat must be a NumericDate (seconds)"))?,
    };
    if htm != check.method {
        return Err(reject(
            Reason::HtmMismatch,
            format!(
                "htm \"{}\" is not the request's method {}",
                escape(&htm),
                escape(check.method)
            ),
        ));
    }
    match htu::normalize(&htu_claim) {
        Ok(claimed) if claimed == target => {}
        Ok(claimed) => {
            return Err(reject(
                Reason::HtuMismatch,
                format!(
                    "htu \"{}\" is not the request's URL ({} once normalised, not {})",
                    escape(&htu_claim),
                    escape(&target),
                    escape(&claimed)
                ),
            ));
        }
        Err(why) => {
            return Err(reject(
                Reason::HtuMismatch,
                format!(
                    "htu \"{}\" is not an http(s) URL: {why}",
                    escape(&htu_claim)
                ),
            ));
        }
    }
    if let Some(expected) = check.nonce {
        let nonce = text("nonce")?;
        if nonce != expected {
            return Err(reject(
                Reason::NonceMismatch,
                format!("nonce \"{}\" is not the server's nonce", escape(&nonce)),
            ));
        }
    }
    check_iat(iat, check)?;
    let mut notes = Vec::new();
    match (check.access_token, claims.get("ath")) {
        (Some(token), _) => {
            let claimed = text("ath")?;
            if claimed != ath(token) {
                return Err(reject(
                    Reason::AthMismatch,
                    "ath is not the SHA-256 of the access token: the proof was made for another token",
                ));
            }
        }
        (None, Some(_)) => notes.push(
            "the proof carries ath, which was not checked: no access token was given".to_string(),
        ),
        (None, None) => {}
    }
    let jkt = jkt(&key);
    notes.extend(check_binding(&jkt, check)?);
    Ok(Verified {
        header: jws.header,
        claims,
        jkt,
        jti,
        iat,
        notes,
    })
}

fn check_typ(jws: &Jws) -> Result<()> {
    match jws.header.get("typ") {
        Some(Value::String(t))
            if t.eq_ignore_ascii_case(TYP) || t.eq_ignore_ascii_case("application/dpop+jwt") =>
        {
            Ok(())
        }
        Some(Value::String(t)) => Err(reject(
            Reason::TypMismatch,
            format!("typ \"{}\" is not {TYP}", escape(t)),
        )),
        Some(_) => Err(reject(Reason::TypMismatch, "typ must be a string")),
        None => Err(reject(
            Reason::TypMismatch,
            format!("the header has no typ: a DPoP proof has typ {TYP}"),
        )),
    }
}

fn check_alg(jws: &Jws, allowed: &[Alg]) -> Result<Alg> {
    let allowed = if allowed.is_empty() {
        asymmetric_algs()
    } else {
        allowed.to_vec()
    };
    let names = || {
        allowed
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = jws.alg()?;
    // RFC 9864's fully-specified name for EdDSA on Ed25519: the same signatures (panva's dpop
    // library writes it).
    let parsed = match name {
        "Ed25519" => Ok(Alg::EdDSA),
        _ => name.parse::<Alg>(),
    };
    let alg: Alg = parsed.map_err(|_| {
        reject(
            Reason::AlgNotAllowed,
            format!(
                "alg \"{}\" is not allowed (allowed: {})",
                escape(name),
                names()
            ),
        )
    })?;
    if alg.family() == Family::Hmac {
        return Err(reject(
            Reason::AlgNotAllowed,
            format!("alg {alg} is a MAC: a DPoP proof is signed with an asymmetric key"),
        ));
    }
    if !allowed.contains(&alg) {
        return Err(reject(
            Reason::AlgNotAllowed,
            format!("alg {alg} is not allowed (allowed: {})", names()),
        ));
    }
    if jws.header.contains_key("crit") {
        return Err(reject(
            Reason::CritUnsupported,
            "header crit lists extensions this verifier does not support",
        ));
    }
    Ok(alg)
}

/// The `jwk` header as a public key: present, an object, without private members.
fn proof_key(jws: &Jws, alg: Alg) -> Result<Key> {
    let jwk = match jws.header.get("jwk") {
        Some(Value::Object(jwk)) => jwk,
        Some(_) => {
            return Err(reject(
                Reason::BadProofKey,
                "the jwk header is not an object",
            ));
        }
        None => {
            return Err(reject(
                Reason::BadProofKey,
                "the header has no jwk: a DPoP proof carries its public key",
            ));
        }
    };
    if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(**m)) {
        return Err(reject(
            Reason::BadProofKey,
            format!(
                "the jwk header holds a private or secret key (member {member}): a proof carries only a public key"
            ),
        ));
    }
    if jwk.get("kty").and_then(Value::as_str) == Some("RSA") {
        for member in ["n", "e"] {
            if let Some(Value::String(v)) = jwk.get(member)
                && b64::decode(v).is_ok_and(|bytes| bytes.first() == Some(&0))
            {
                return Err(reject(
                    Reason::BadProofKey,
                    format!(
                        "the jwk header's {member} has leading zero octets (RFC 7518 §6.3.1.1 \
                         asks for the fewest): its thumbprint would not be the key's"
                    ),
                ));
            }
        }
    }
    let key = from_jwk(jwk).map_err(|e| {
        reject(
            Reason::BadProofKey,
            format!("the jwk header is not a usable key: {}", e.message),
        )
    })?;
    if !key.family().algorithms().contains(&alg) {
        return Err(reject(
            Reason::BadProofKey,
            format!(
                "the jwk header is {}, which cannot verify {alg}",
                key.describe()
            ),
        ));
    }
    Ok(key)
}

fn check_iat(iat: i64, check: &Check) -> Result<()> {
    let show = |t: i64| {
        crate::input::time::format_time(t, crate::input::time::Zone::Utc)
            .unwrap_or_else(|| t.to_string())
    };
    if iat > check.now.saturating_add(check.leeway) {
        return Err(reject(
            Reason::IssuedInFuture,
            format!(
                "the proof was issued {} in the future (iat {})",
                crate::input::time::human_span(iat.abs_diff(check.now).into()),
                show(iat)
            ),
        ));
    }
    let oldest = oldest_iat(check);
    if iat < oldest {
        return Err(reject(
            Reason::TooOld,
            format!(
                "the proof was issued {} ago (iat {}), over the window of {}",
                crate::input::time::human_span(iat.abs_diff(check.now).into()),
                show(iat),
                crate::input::time::format_duration(check.max_age.unsigned_abs())
            ),
        ));
    }
    Ok(())
}

/// The oldest `iat` still inside the window: what a replay store must remember back to.
/// How long after its `iat` a replay store keeps a proof: the maximum age plus the leeway,
/// plus the leeway again for verifiers sharing the store whose clocks are that far apart (one
/// a leeway ahead would otherwise drop an entry another still accepts).
pub fn window(check: &Check) -> i64 {
    check
        .max_age
        .saturating_add(check.leeway)
        .saturating_add(check.leeway)
}

pub fn oldest_iat(check: &Check) -> i64 {
    check
        .now
        .saturating_sub(check.max_age)
        .saturating_sub(check.leeway)
}

/// The binding of the proof key: to the expected thumbprint, and to the access token's
/// `cnf.jkt` when the token is a JWT. Returns a note when the token's binding could not be
/// read (an opaque or encrypted token) and no thumbprint was expected.
fn check_binding(jkt: &str, check: &Check) -> Result<Option<String>> {
    if let Some(expected) = check.jkt
        && expected != jkt
    {
        return Err(reject(
            Reason::JktMismatch,
            format!(
                "the proof key's thumbprint {jkt} is not the expected jkt \"{}\"",
                escape(expected)
            ),
        ));
    }
    let Some(access_token) = check.access_token else {
        return Ok(None);
    };
    let unchecked = |what: &str| {
        Ok(check.jkt.is_none().then(|| {
            format!(
                "the access token is {what}: the key it is bound to (its cnf.jkt) was not \
                 checked, and no expected thumbprint was given"
            )
        }))
    };
    // The access token is read, not verified: its signature is `verify`'s business. An opaque
    // token's binding is the server's to look up; but a token that is meant as a JWT (three
    // segments, a JSON object for a header) and does not read strictly must not switch the
    // binding check off: that would let a proof with any key through.
    let unreadable = |why: String| {
        Error::malformed(format!(
            "the access token looks like a JWT but is not a well-formed one ({why}): its \
             cnf.jkt binding cannot be checked"
        ))
    };
    let token = match token::parse(access_token) {
        Ok(Token::Jws(token)) => token,
        Ok(Token::Jwe(_)) => return unchecked("encrypted (a JWE)"),
        Err(e) if looks_like_a_jwt(access_token) => return Err(unreadable(e.message)),
        Err(_) => return unchecked("not a JWT"),
    };
    let claims = token.claims().map_err(|e| unreadable(e.message))?;
    match claims.get("cnf").and_then(|c| c.get("jkt")) {
        Some(Value::String(bound)) if bound == jkt => Ok(None),
        Some(Value::String(bound)) => Err(reject(
            Reason::JktMismatch,
            format!(
                "the access token is bound to key \"{}\" (cnf.jkt), not to the proof key {jkt}",
                escape(bound)
            ),
        )),
        Some(_) => Err(reject(
            Reason::JktMismatch,
            "the access token's cnf.jkt is not a string",
        )),
        None if check.jkt.is_some() => Ok(None),
        None => Err(reject(
            Reason::JktMismatch,
            "the access token is a JWT without cnf.jkt: it is not bound to a DPoP key",
        )),
    }
}

/// An access token sent as `Authorization: DPoP <token>` is a token68 (RFC 9449 §7.1, RFC 7235
/// §2.1: letters, digits, `-._~+/`, then `=` padding). Anything else (quotes, a second scheme,
/// spaces) is no token a client sends: read as an opaque token it would switch the cnf.jkt
/// binding check off while another reader strips it down to the JWT inside.
fn check_token68(token: &str) -> Result<()> {
    let body = token.trim_end_matches('=');
    let bad = body
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-._~+/".contains(*c)));
    match (body.is_empty(), bad) {
        (false, None) => Ok(()),
        (true, _) => Err(Error::malformed("the access token is empty")),
        (false, Some(c)) => Err(Error::malformed(format!(
            "the access token holds {}, which an access token never does (RFC 9449 §7.1: \
             letters, digits, -._~+/ and = padding)",
            escape(&format!("{c:?}"))
        ))),
    }
}

/// Whether `text` is shaped like a compact JWS: two segments or more, the first of which decodes
/// (padded or not, either base64 alphabet) to something that opens a JSON object.
fn looks_like_a_jwt(text: &str) -> bool {
    let segments: Vec<&str> = text.split('.').collect();
    segments.len() >= 2
        && crate::jose::b64::decode_any(segments[0].trim_end_matches('=')).is_ok_and(|header| {
            let header = header.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&header);
            header.trim_ascii_start().starts_with(b"{")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
    use crate::keys::Curve;
    use crate::keys::generate::{KeySpec, generate};
    use serde_json::json;

    const URL: &str = "https://api.example/resource";
    const NOW: i64 = 1_767_225_600;

    fn key() -> Key {
        generate(KeySpec::Ec(Curve::P256)).unwrap()
    }

    fn request<'a>() -> Request<'a> {
        Request {
            method: "GET",
            url: URL,
            access_token: None,
            nonce: None,
            iat: NOW,
        }
    }

    fn check<'a>() -> Check<'a> {
        Check {
            method: "GET",
            url: URL,
            access_token: None,
            nonce: None,
            jkt: None,
            algs: &[],
            max_age: DEFAULT_MAX_AGE,
            leeway: 0,
            now: NOW,
        }
    }

    fn code(proof: &str, check: &Check) -> Option<&'static str> {
        verify(proof, check)
            .err()
            .map(|e| e.kind.code().unwrap_or("none"))
    }

    /// A proof with this header and these claims, signed by `key` with ES256.
    fn forge(key: &Key, header: Value, claims: Value) -> String {
        let signer = Signer::new(key, Alg::ES256).unwrap();
        token::assemble(
            header.as_object().unwrap(),
            &serde_json::to_vec(&claims).unwrap(),
            |i| signer.sign(i),
        )
        .unwrap()
    }

    fn good_header(key: &Key) -> Value {
        json!({"typ": TYP, "alg": "ES256", "jwk": public_jwk(key).unwrap()})
    }

    fn good_claims() -> Value {
        json!({"jti": "j1", "htm": "GET", "htu": URL, "iat": NOW})
    }

    #[test]
    fn a_minted_proof_has_the_rfc_shape_and_verifies() {
        let key = key();
        let token = "at.is.opaque";
        let proof = mint(
            &key,
            Alg::ES256,
            &Request {
                url: "https://api.example/resource?x=1#top",
                access_token: Some(token),
                nonce: Some("n-1"),
                ..request()
            },
        )
        .unwrap();
        let v = verify(
            &proof,
            &Check {
                access_token: Some(token),
                nonce: Some("n-1"),
                jkt: Some(&jkt(&key)),
                ..check()
            },
        )
        .unwrap();
        assert_eq!(v.header["typ"], TYP);
        assert_eq!(v.header["alg"], "ES256");
        let jwk = v.header["jwk"].as_object().unwrap();
        let mut members: Vec<&str> = jwk.keys().map(String::as_str).collect();
        members.sort_unstable();
        assert_eq!(members, ["crv", "kty", "x", "y"]);
        assert_eq!(v.claims["htu"], URL);
        assert_eq!(v.claims["htm"], "GET");
        assert_eq!(v.claims["iat"], NOW);
        assert_eq!(v.claims["ath"], ath(token));
        assert_eq!(v.claims["nonce"], "n-1");
        assert_eq!(v.jti.len(), 22);
        assert_eq!(v.jkt, jkt(&key));
        // Two proofs never share a jti.
        let again = verify(&mint(&key, Alg::ES256, &request()).unwrap(), &check()).unwrap();
        assert_ne!(again.jti, v.jti);
    }

    #[test]
    fn every_asymmetric_family_mints_and_no_secret_does() {
        for spec in [
            KeySpec::Rsa { bits: 2048 },
            KeySpec::Ec(Curve::P384),
            KeySpec::Ec(Curve::P521),
            KeySpec::Ed25519,
        ] {
            let key = generate(spec).unwrap();
            let proof = mint(&key, key.default_alg().unwrap(), &request()).unwrap();
            assert!(verify(&proof, &check()).is_ok(), "{key:?}");
        }
        let secret = generate(KeySpec::Oct { bytes: 32 }).unwrap();
        let e = mint(&secret, Alg::HS256, &request()).unwrap_err();
        assert_eq!(e.kind, Kind::Key);
        // A public key cannot sign.
        let public = key().public().unwrap();
        assert_eq!(
            mint(&public, Alg::ES256, &request()).unwrap_err().kind,
            Kind::Key
        );
    }

    #[test]
    fn each_check_has_its_code() {
        let key = key();
        let with = |k: &str, v: Value| {
            let mut c = good_claims();
            c[k] = v;
            forge(&key, good_header(&key), c)
        };
        let without = |k: &str| {
            let mut c = good_claims();
            c.as_object_mut().unwrap().remove(k);
            forge(&key, good_header(&key), c)
        };
        let header = |k: &str, v: Value| {
            let mut h = good_header(&key);
            h[k] = v;
            forge(&key, h, good_claims())
        };
        let c = check();
        assert_eq!(
            code(&forge(&key, good_header(&key), good_claims()), &c),
            None
        );
        assert_eq!(code("not.a.jwt", &c), Some("malformed"));
        let json = r#"{"payload":"e30","protected":"e30","signature":""}"#;
        let e = verify(json, &c).unwrap_err();
        assert!(e.message.contains("compact form"), "{}", e.message);
        assert_eq!(code(&header("typ", json!("JWT")), &c), Some("typ_mismatch"));
        assert_eq!(
            code(&header("alg", json!("none")), &c),
            Some("alg_not_allowed")
        );
        assert_eq!(
            code(&header("alg", json!("HS256")), &c),
            Some("alg_not_allowed")
        );
        assert_eq!(
            code(&header("alg", json!("ES384")), &c),
            Some("bad_proof_key")
        );
        assert_eq!(
            code(&header("crit", json!(["x"])), &c),
            Some("crit_unsupported")
        );
        assert_eq!(code(&header("jwk", json!("k")), &c), Some("bad_proof_key"));
        let other = public_jwk(&generate(KeySpec::Ec(Curve::P256)).unwrap()).unwrap();
        assert_eq!(
            code(&header("jwk", json!(other)), &c),
            Some("bad_signature")
        );
        let private = to_jwk(&key, true).unwrap();
        assert_eq!(
            code(&header("jwk", json!(private)), &c),
            Some("bad_proof_key")
        );
        let mut enc = public_jwk(&key).unwrap();
        enc.insert("use".into(), "enc".into());
        assert_eq!(code(&header("jwk", json!(enc)), &c), Some("bad_proof_key"));
        for claim in ["jti", "htm", "htu", "iat"] {
            assert_eq!(code(&without(claim), &c), Some("missing_claim"), "{claim}");
        }
        assert_eq!(code(&with("jti", json!(7)), &c), Some("malformed"));
        assert_eq!(code(&with("iat", json!("now")), &c), Some("malformed"));
        assert_eq!(code(&with("htm", json!("POST")), &c), Some("htm_mismatch"));
        assert_eq!(code(&with("htm", json!("get")), &c), Some("htm_mismatch"));
        assert_eq!(
            code(&with("htu", json!("https://api.example/other")), &c),
            Some("htu_mismatch")
        );
        assert_eq!(
            code(&with("htu", json!("/resource")), &c),
            Some("htu_mismatch")
        );
        // The normalisation RFC 9449 names: scheme and host case, default port, query.
        assert_eq!(
            code(
                &with("htu", json!("HTTPS://API.example:443/resource?q=1")),
                &c
            ),
            None
        );
        assert_eq!(code(&with("iat", json!(NOW - 301)), &c), Some("too_old"));
        assert_eq!(code(&with("iat", json!(NOW - 300)), &c), None);
        assert_eq!(
            code(&with("iat", json!(NOW + 1)), &c),
            Some("issued_in_future")
        );
        let lenient = Check {
            leeway: 5,
            ..check()
        };
        assert_eq!(code(&with("iat", json!(NOW + 5)), &lenient), None);
        assert_eq!(code(&with("iat", json!(NOW - 305)), &lenient), None);
        let nonce = Check {
            nonce: Some("n"),
            ..check()
        };
        assert_eq!(
            code(&with("nonce", json!("m")), &nonce),
            Some("nonce_mismatch")
        );
        assert_eq!(code(&with("nonce", json!("n")), &nonce), None);
        assert_eq!(code(&without("nonce"), &nonce), Some("missing_claim"));
        let token = Check {
            access_token: Some("at"),
            ..check()
        };
        assert_eq!(code(&with("ath", json!(ath("at"))), &token), None);
        assert_eq!(
            code(&with("ath", json!(ath("other"))), &token),
            Some("ath_mismatch")
        );
        assert_eq!(code(&without("ath"), &token), Some("missing_claim"));
        let only = Check {
            algs: &[Alg::EdDSA],
            ..check()
        };
        assert_eq!(
            code(&forge(&key, good_header(&key), good_claims()), &only),
            Some("alg_not_allowed")
        );
    }

    #[test]
    fn a_store_keeps_proofs_a_leeway_longer_than_they_are_accepted() {
        // Verifiers a leeway apart: one ahead must not drop what the other still accepts.
        let lenient = Check {
            max_age: 300,
            leeway: 5,
            ..check()
        };
        assert_eq!(window(&lenient), 310);
        assert_eq!(NOW - oldest_iat(&lenient), 305);
    }

    #[test]
    fn an_unencoded_payload_is_refused_for_what_it_is() {
        // RFC 7797: b64 counts only when crit lists it, and a proof has no extension to list.
        let key = key();
        let with = |h: Value| {
            let mut header = good_header(&key);
            for (k, v) in h.as_object().unwrap() {
                header[k] = v.clone();
            }
            verify(&forge(&key, header, good_claims()), &check()).unwrap_err()
        };
        let e = with(json!({"b64": false}));
        assert_eq!(e.kind, Kind::Malformed, "{e:?}");
        assert!(
            e.message.contains("b64") && e.message.contains("crit"),
            "{}",
            e.message
        );
        let e = with(json!({"b64": true}));
        assert!(
            e.message.contains("b64") && e.message.contains("crit"),
            "{}",
            e.message
        );
        let e = with(json!({"b64": false, "crit": ["b64"]}));
        assert_eq!(e.kind.code(), Some("crit_unsupported"), "{e:?}");
    }

    #[test]
    fn an_rsa_jwk_with_leading_zero_octets_is_refused() {
        // RFC 7518 §6.3.1.1: n and e in the fewest octets. Padded, the jwk is not the one whose
        // thumbprint its holder and the server compute.
        let key = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        let signer = Signer::new(&key, Alg::RS256).unwrap();
        let proof_with = |jwk: &Map<String, Value>| {
            let header = json!({"typ": TYP, "alg": "RS256", "jwk": jwk});
            token::assemble(
                header.as_object().unwrap(),
                &serde_json::to_vec(&good_claims()).unwrap(),
                |i| signer.sign(i),
            )
            .unwrap()
        };
        let jwk = public_jwk(&key).unwrap();
        assert_eq!(code(&proof_with(&jwk), &check()), None);
        for member in ["n", "e"] {
            let mut padded = jwk.clone();
            let bytes = b64::decode(jwk[member].as_str().unwrap()).unwrap();
            let mut with_zero = vec![0u8];
            with_zero.extend_from_slice(&bytes);
            padded.insert(member.into(), b64::encode(&with_zero).into());
            let e = verify(&proof_with(&padded), &check()).unwrap_err();
            assert_eq!(e.kind.code(), Some("bad_proof_key"), "{member}: {e:?}");
            assert!(e.message.contains("leading zero"), "{}", e.message);
        }
    }

    #[test]
    fn the_fully_specified_ed25519_name_is_eddsa() {
        let key = generate(KeySpec::Ed25519).unwrap();
        let signer = Signer::new(&key, Alg::EdDSA).unwrap();
        let header = json!({"typ": TYP, "alg": "Ed25519", "jwk": public_jwk(&key).unwrap()});
        let proof = token::assemble(
            header.as_object().unwrap(),
            &serde_json::to_vec(&good_claims()).unwrap(),
            |i| signer.sign(i),
        )
        .unwrap();
        assert_eq!(code(&proof, &check()), None);
        let only_es = Check {
            algs: &[Alg::ES256],
            ..check()
        };
        assert_eq!(code(&proof, &only_es), Some("alg_not_allowed"));
    }

    #[test]
    fn the_key_binding_is_checked() {
        let key = key();
        let bound = |jkt: Value| {
            let signer_key = generate(KeySpec::Ed25519).unwrap();
            let signer = Signer::new(&signer_key, Alg::EdDSA).unwrap();
            token::assemble(
                json!({"alg": "EdDSA"}).as_object().unwrap(),
                &serde_json::to_vec(&json!({"sub": "a", "cnf": {"jkt": jkt}})).unwrap(),
                |i| signer.sign(i),
            )
            .unwrap()
        };
        let proof_for = |token: &str| {
            let mut c = good_claims();
            c["ath"] = json!(ath(token));
            forge(&key, good_header(&key), c)
        };
        let mine = jkt(&key);
        let theirs = jkt(&generate(KeySpec::Ed25519).unwrap());
        let run = |token: &str, expected: Option<&str>| {
            code(
                &proof_for(token),
                &Check {
                    access_token: Some(token),
                    jkt: expected,
                    ..check()
                },
            )
        };
        assert_eq!(run(&bound(json!(mine)), None), None);
        assert_eq!(run(&bound(json!(theirs)), None), Some("jkt_mismatch"));
        assert_eq!(run(&bound(json!(7)), None), Some("jkt_mismatch"));
        assert_eq!(
            run(&bound(json!(mine)), Some(&theirs)),
            Some("jkt_mismatch")
        );
        assert_eq!(run("opaque-token", None), None);
        assert_eq!(run("opaque-token", Some(&theirs)), Some("jkt_mismatch"));
        assert_eq!(run("opaque-token", Some(&mine)), None);
        // A JWT access token without cnf.jkt is no DPoP-bound token.
        let signer_key = generate(KeySpec::Ed25519).unwrap();
        let signer = Signer::new(&signer_key, Alg::EdDSA).unwrap();
        let bearer = token::assemble(
            json!({"alg": "EdDSA"}).as_object().unwrap(),
            br#"{"sub":"a"}"#,
            |i| signer.sign(i),
        )
        .unwrap();
        assert_eq!(run(&bearer, None), Some("jkt_mismatch"));
        assert_eq!(run(&bearer, Some(&mine)), None);
        // A token meant as a JWT that does not read strictly (a duplicate member, padding) is
        // refused, not taken as opaque: the binding check never fails open.
        let b64 = |v: &[u8]| crate::jose::b64::encode(v);
        let header = b64(br#"{"alg":"EdDSA"}"#);
        let duplicate = format!(
            "{header}.{}.c2ln",
            b64(format!(r#"{{"cnf":{{"jkt":"{theirs}"}},"x":1,"x":2}}"#).as_bytes())
        );
        assert_eq!(run(&duplicate, None), Some("malformed"));
        assert_eq!(run(&duplicate, Some(&mine)), Some("malformed"));
        let padded = format!("{header}=.{}.c2ln", b64(br#"{"sub":"a"}"#));
        assert_eq!(run(&padded, None), Some("malformed"));
        // Three segments that are no JWT at all stay opaque.
        assert_eq!(run("at.is.opaque", Some(&mine)), None);
        // A JWT dressed so that it reads as opaque (quoted, a second scheme, a fourth
        // segment) is refused, not let through without its binding.
        let theirs_bound = bound(json!(theirs));
        for dressed in [
            format!("\"{theirs_bound}\""),
            format!("'{theirs_bound}'"),
            format!("Bearer {theirs_bound}"),
            format!("{theirs_bound}."),
        ] {
            assert_eq!(run(&dressed, None), Some("malformed"), "{dressed}");
        }
        // A binding left unchecked (an opaque or an encrypted token, no expected thumbprint)
        // is said, not passed over in silence.
        let notes = |token: &str, expected: Option<&str>| {
            verify(
                &proof_for(token),
                &Check {
                    access_token: Some(token),
                    jkt: expected,
                    ..check()
                },
            )
            .unwrap()
            .notes
        };
        let jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y3Q.dGFn";
        for token in ["opaque-token", jwe] {
            let said = notes(token, None);
            assert_eq!(said.len(), 1, "{said:?}");
            assert!(said[0].contains("not checked"), "{said:?}");
            assert!(notes(token, Some(&mine)).is_empty());
        }
        assert!(notes(&bound(json!(mine)), None).is_empty());
    }

    #[test]
    fn an_unchecked_ath_is_noted() {
        let key = key();
        let proof = mint(
            &key,
            Alg::ES256,
            &Request {
                access_token: Some("at"),
                ..request()
            },
        )
        .unwrap();
        let v = verify(&proof, &check()).unwrap();
        assert_eq!(v.notes.len(), 1);
    }

    #[test]
    fn requests_are_checked_before_anything_is_signed() {
        for (method, url) in [
            ("GET", "ftp://x/"),
            ("GET", "/relative"),
            ("GE T", URL),
            ("", URL),
            ("GET\u{1b}", URL),
        ] {
            let e = check_request(method, url).unwrap_err();
            assert_eq!(e.kind, Kind::Usage, "{method} {url}");
            assert!(!e.message.contains('\u{1b}'));
        }
        assert!(check_request("PATCH", "http://127.0.0.1:8080/x").is_ok());
    }
}
