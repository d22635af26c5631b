//! Fetching JWKS documents over HTTP(S) for `verify --jwks URL` and `jwks show URL`: a small
//! blocking client (ureq, rustls on AWS-LC, webpki roots) with a timeout, a size limit and a
//! bounded number of redirects. Every failure is an I/O error (exit 5) naming the URL.

use std::sync::Arc;
use std::time::Duration;

use jwtctl::error::{Error, Result};

/// Largest document fetched: 1 MiB.
pub const MAX_BODY: u64 = 1024 * 1024;
/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 3;

pub fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// GETs `url` and returns its body (status 200 only).
pub fn fetch(url: &str, timeout: Duration) -> Result<Vec<u8>> {
    let fail = |why: String| {
        Error::io(format!(
            "cannot fetch {}: {}",
            jwtctl::text::escape(url),
            jwtctl::text::escape(&why)
        ))
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .unversioned_rustls_crypto_provider(provider)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("jwtctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header("Accept", "application/json")
        .call()
        .map_err(|e| fail(describe(&e)))?;
    let status = response.status();
    if status.is_redirection() {
        return Err(fail(format!("more than {MAX_REDIRECTS} redirects")));
    }
    if status != 200 {
        return Err(fail(format!("HTTP status {status}")));
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => fail(format!(
                "the response is larger than the {} KiB limit",
                MAX_BODY / 1024
            )),
            other => fail(describe(&other)),
        })
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::Io(io) => jwtctl::error::describe_io(io),
        ureq::Error::HostNotFound => "host not found".to_string(),
        other => other.to_string(),
    }
}

/// Fetches a JWKS, following one hop from an OpenID configuration document (`jwks_uri`).
pub fn fetch_jwks(url: &str, timeout: Duration) -> Result<Vec<u8>> {
    let body = fetch(url, timeout)?;
    let Ok(map) = jwtctl::json::parse_object(&body) else {
        return Ok(body);
    };
    if map.contains_key("keys") {
        return Ok(body);
    }
    match map.get("jwks_uri").and_then(serde_json::Value::as_str) {
        Some(next) if is_url(next) => fetch(next, timeout),
        Some(next) => Err(Error::malformed(format!(
            "{}: jwks_uri '{}' is not an http(s) URL",
            jwtctl::text::escape(url),
            jwtctl::text::escape(next)
        ))),
        None => Ok(body),
    }
}
