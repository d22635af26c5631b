//! Where an issuer publishes its keys: the metadata document of OpenID Connect Discovery 1.0
//! (`ISSUER/.well-known/openid-configuration`) or, when that is absent, of RFC 8414
//! (`/.well-known/oauth-authorization-server` inserted before the issuer's path). Pure: the
//! URLs to ask and what a document says; the fetching is the caller's. Uses `jose::json`,
//! `jose::alg` and `error`.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::jose::json;
use crate::keys::trust::quoted;

/// What verification needs of an issuer's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// Where the issuer's JWK Set is (an absolute URL, not checked further here).
    pub jwks_uri: String,
    /// `id_token_signing_alg_values_supported`: the algorithms the issuer signs ID tokens
    /// with, those jwtctl knows (`none` and unknown names left out); `None` when absent.
    pub id_token_algs: Option<Vec<Alg>>,
}

/// An issuer identifier split at its parts: `scheme://authority` and the path (no trailing
/// `/`). Refused: another scheme than http(s), no host, a query or a fragment (OIDC Discovery
/// §2, RFC 8414 §2).
fn split(issuer: &str) -> Result<(&str, &str)> {
    let bad = |why: &str| Error::usage(format!("issuer {} {why}", quoted(issuer)));
    let scheme_end = issuer
        .find("://")
        .filter(|&i| {
            let scheme = &issuer[..i];
            scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")
        })
        .ok_or_else(|| bad("is not an https URL"))?;
    if issuer.contains(['?', '#']) {
        return Err(bad(
            "has a query or a fragment; an issuer identifier has neither",
        ));
    }
    // A URL holds none of these unencoded (RFC 3986 §2): a space, a backslash, quotes, angle
    // brackets, a control or non-ASCII character is a mistake in the command, not a fetch to
    // try.
    if let Some(c) = issuer
        .chars()
        .find(|c| !c.is_ascii_graphic() || "\\\"<>^`{|}".contains(*c))
    {
        return Err(bad(&format!(
            "holds {}, which a URL does not hold unencoded",
            crate::text::escape(&format!("{c:?}"))
        )));
    }
    let rest = &issuer[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    if authority_end == 0 {
        return Err(bad("has no host"));
    }
    let origin = &issuer[..scheme_end + 3 + authority_end];
    let path = rest[authority_end..].trim_end_matches('/');
    Ok((origin, path))
}

/// The two metadata URLs of `issuer`, in the order they are tried: OpenID Connect Discovery
/// §4 (the path's trailing `/` removed, then the well-known suffix), then RFC 8414 §3.1 (the
/// well-known prefix inserted between the host and the path).
pub fn metadata_urls(issuer: &str) -> Result<[String; 2]> {
    let (origin, path) = split(issuer)?;
    Ok([
        format!("{origin}{path}/.well-known/openid-configuration"),
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
    ])
}

/// Reads a metadata document of `issuer`. Its `issuer` must be `issuer` exactly (OpenID Connect
/// Discovery §4.3, RFC 8414 §3.3: byte for byte, no normalisation), and it must name a
/// `jwks_uri`. A document that breaks either is a key problem: its keys are not the issuer's.
pub fn parse(doc: &[u8], issuer: &str) -> Result<Metadata> {
    let map = json::parse_object(doc)
        .map_err(|why| Error::key(format!("the metadata is not a JSON object: {why}")))?;
    match map.get("issuer") {
        Some(Value::String(named)) if named == issuer => {}
        Some(Value::String(named)) => {
            return Err(Error::key(format!(
                "the metadata names the issuer {}, not {}; its keys are not trusted",
                quoted(named),
                quoted(issuer)
            )));
        }
        Some(other) => {
            return Err(Error::key(format!(
                "the metadata's issuer is {}, not a string",
                json::type_name(other)
            )));
        }
        None => return Err(Error::key("the metadata has no issuer member")),
    }
    let jwks_uri = match map.get("jwks_uri") {
        Some(Value::String(uri)) => uri.clone(),
        Some(other) => {
            return Err(Error::key(format!(
                "the metadata's jwks_uri is {}, not a string",
                json::type_name(other)
            )));
        }
        None => {
            return Err(Error::key(
                "the metadata has no jwks_uri: the issuer publishes no keys to verify with",
            ));
        }
    };
    let id_token_algs = match map.get("id_token_signing_alg_values_supported") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| v.as_str().ok_or(()))
                .collect::<std::result::Result<Vec<&str>, ()>>()
                .map_err(|()| {
                    Error::key(
                        "the metadata's id_token_signing_alg_values_supported is not an array of strings",
                    )
                })?
                .into_iter()
                .filter_map(|name| name.parse::<Alg>().ok())
                .collect(),
        ),
        Some(other) => {
            return Err(Error::key(format!(
                "the metadata's id_token_signing_alg_values_supported is {}, not an array",
                json::type_name(other)
            )));
        }
    };
    Ok(Metadata {
        jwks_uri,
        id_token_algs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn metadata_urls_follow_both_specifications() {
        assert_eq!(
            metadata_urls("https://idp.example").unwrap(),
            [
                "https://idp.example/.well-known/openid-configuration",
                "https://idp.example/.well-known/oauth-authorization-server",
            ]
        );
        assert_eq!(
            metadata_urls("https://idp.example:8443/tenant/1/").unwrap(),
            [
                "https://idp.example:8443/tenant/1/.well-known/openid-configuration",
                "https://idp.example:8443/.well-known/oauth-authorization-server/tenant/1",
            ]
        );
        for bad in [
            "idp.example",
            "ftp://idp.example",
            "https://",
            "https:///path",
            "https://idp.example/?x=1",
            "https://idp.example/#f",
            "https://idp example",
            "https://idp.example\\tenant",
            "https://idp.ex\u{1b}ample",
            "https://idp.exämple",
        ] {
            let e = metadata_urls(bad).unwrap_err();
            assert_eq!(e.kind, Kind::Usage, "{bad}");
        }
    }

    #[test]
    fn the_document_must_name_the_issuer_exactly() {
        let issuer = "https://idp.example";
        let doc = |issuer: &str| {
            serde_json::json!({"issuer": issuer, "jwks_uri": "https://idp.example/jwks"})
                .to_string()
        };
        assert_eq!(
            parse(doc(issuer).as_bytes(), issuer).unwrap().jwks_uri,
            "https://idp.example/jwks"
        );
        for other in [
            "https://idp.example/",
            "https://IDP.example",
            "https://idp.example.evil",
        ] {
            let e = parse(doc(other).as_bytes(), issuer).unwrap_err();
            assert_eq!(e.kind, Kind::Key);
            assert!(e.message.contains("its keys are not trusted"), "{e:?}");
        }
        for (bad, says) in [
            (&b"<html>"[..], "not a JSON object"),
            (b"[]", "not a JSON object"),
            (b"{\"jwks_uri\":\"https://k\"}", "no issuer"),
            (b"{\"issuer\":1,\"jwks_uri\":\"https://k\"}", "not a string"),
            (b"{\"issuer\":\"https://idp.example\"}", "no jwks_uri"),
            (
                b"{\"issuer\":\"https://idp.example\",\"jwks_uri\":[]}",
                "not a string",
            ),
        ] {
            let e = parse(bad, issuer).unwrap_err();
            assert_eq!(e.kind, Kind::Key);
            assert!(e.message.contains(says), "{e:?}");
        }
    }

    #[test]
    fn id_token_algorithms_keep_the_known_ones() {
        let issuer = "https://idp.example";
        let with = |algs: Value| {
            parse(
                serde_json::json!({"issuer": issuer, "jwks_uri": "https://k",
                    "id_token_signing_alg_values_supported": algs})
                .to_string()
                .as_bytes(),
                issuer,
            )
        };
        assert_eq!(
            with(serde_json::json!(["RS256", "none", "XX999", "ES256"]))
                .unwrap()
                .id_token_algs,
            Some(vec![Alg::RS256, Alg::ES256])
        );
        assert!(with(serde_json::json!("RS256")).is_err());
        assert!(with(serde_json::json!(["RS256", 1])).is_err());
        let none = parse(
            br#"{"issuer":"https://idp.example","jwks_uri":"https://k"}"#,
            issuer,
        )
        .unwrap();
        assert_eq!(none.id_token_algs, None);
    }
}
