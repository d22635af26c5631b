//! Fetching JWKS documents over HTTP(S) for `verify --jwks URL` and `jwks show URL`: a small
//! blocking client (ureq, rustls on AWS-LC, webpki roots) with a timeout, a size limit and a
//! bounded number of redirects. Every failure is an I/O error (exit 5) naming the URL.

use std::sync::Arc;
use std::time::Duration;

use jwtctl::error::Bounded;
use jwtctl::{Error, KeySet, Result};

/// Largest document fetched: 1 MiB.
pub const MAX_BODY: u64 = 1024 * 1024;
/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 3;

pub fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// What a server answered to [`get`].
pub enum Answer {
    /// 200, with the headers a cache needs.
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        cache_control: Option<String>,
    },
    /// 304 to a request with `If-None-Match`: the copy held is current.
    NotModified { cache_control: Option<String> },
    /// 404 or 410, when the caller said a missing document is an answer.
    Absent,
}

/// The longest ETag kept; a longer one (or one that is not visible ASCII) is not used.
const MAX_ETAG: usize = 256;

/// GETs `url`: a body with status 200 only, at most [`MAX_BODY`] bytes, all within `timeout`
/// (one deadline for the URL and every redirect it takes).
/// Redirects are followed here, at most [`MAX_REDIRECTS`] of them, and never from https to
/// http: a redirect must not undo the protection the user asked for. With `etag`, as a
/// conditional request (`If-None-Match`), which
/// may be answered 304; with `absent_ok`, a 404 or 410 (no such document) is an answer rather
/// than an error: an issuer may publish its metadata under either of two well-known names.
pub fn get(url: &str, timeout: Duration, etag: Option<&str>, absent_ok: bool) -> Result<Answer> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .unversioned_rustls_crypto_provider(provider)
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("jwtctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    // One deadline for the URL and its redirects: `timeout` is the whole fetch's, not each
    // hop's.
    let deadline = std::time::Instant::now() + timeout;
    let mut current = url.to_string();
    let mut hops = 0;
    loop {
        let say = |why: String| {
            format!(
                "cannot fetch {}: {}",
                jwtctl::text::escape(url),
                jwtctl::text::escape(&why)
            )
        };
        let fail = |why: String| Error::io(say(why));
        let remaining = deadline
            .checked_duration_since(std::time::Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| fail("timed out".to_string()))?;
        let mut request = agent
            .get(&current)
            .config()
            .timeout_global(Some(remaining))
            .build()
            .header("Accept", "application/json");
        if let Some(etag) = etag {
            request = request.header("If-None-Match", etag);
        }
        let mut response = request.call().map_err(|e| fail(describe(&e)))?;
        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let cache_control = header("cache-control");
        if status == 304 && etag.is_some() {
            return Ok(Answer::NotModified { cache_control });
        }
        let new_etag = header("etag").filter(|e| {
            e.len() <= MAX_ETAG && e.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        });
        if status.is_redirection() {
            if hops == MAX_REDIRECTS {
                return Err(fail(format!("more than {MAX_REDIRECTS} redirects")));
            }
            hops += 1;
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| fail(format!("HTTP status {status} without a Location")))?;
            current = next_hop(&current, location).map_err(fail)?;
            continue;
        }
        if absent_ok && (status == 404 || status == 410) {
            return Ok(Answer::Absent);
        }
        if status != 200 {
            return Err(fail(format!("HTTP status {status}")));
        }
        return response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => Error::too_large(
                    Bounded::Download,
                    MAX_BODY,
                    say(format!(
                        "the response is larger than the {} KiB limit",
                        MAX_BODY / 1024
                    )),
                ),
                other => fail(describe(&other)),
            })
            .map(|bytes| Answer::Body {
                bytes,
                etag: new_etag,
                cache_control,
            });
    }
}

/// Where a redirect from `current` to `location` leads, or why it is refused: another scheme
/// than http(s), or a step from https down to http.
fn next_hop(current: &str, location: &str) -> std::result::Result<String, String> {
    let next = resolve(current, location).ok_or_else(|| {
        format!(
            "redirected to {}, which is not an http(s) URL",
            shown(location)
        )
    })?;
    if is_https(current) && !is_https(&next) {
        return Err(format!(
            "redirected from https to {}, which would drop TLS; refused",
            shown(&next)
        ));
    }
    // From this machine to plain http elsewhere is a step down too: the user asked for a
    // loopback URL, not for keys from the network without TLS.
    if is_loopback(current) && !is_https(&next) && !is_loopback(&next) {
        return Err(format!(
            "redirected from this machine to {}, plain http on another host; refused",
            shown(&next)
        ));
    }
    Ok(next)
}

/// A URL from a server or the user, quoted and escaped for messages.
fn shown(url: &str) -> String {
    jwtctl::keys::trust::quoted(url)
}

fn is_https(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

/// The host of an http(s) URL, without brackets or port.
fn host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next();
    }
    authority.split(':').next()
}

/// Whether an http(s) URL names this machine (localhost, 127.0.0.0/8, ::1).
pub fn is_loopback(url: &str) -> bool {
    match host(url) {
        Some(h) if h.eq_ignore_ascii_case("localhost") => true,
        Some(h) => h
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// The absolute URL a `Location` names, relative to `base`; `None` for another scheme.
fn resolve(base: &str, location: &str) -> Option<String> {
    if is_url(location) {
        return Some(location.to_string());
    }
    let scheme_like = location.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme_like {
        return None;
    }
    let (scheme, rest) = base.split_once("://")?;
    if let Some(network_path) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{network_path}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return Some(origin + location);
    }
    let path = rest[authority_end..].split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    Some(format!(
        "{origin}{}",
        remove_dot_segments(&format!("{dir}{location}"))
    ))
}

/// RFC 3986 §5.2.4 for a path that may carry a query: `/a/b/../c` is `/a/c`.
fn remove_dot_segments(reference: &str) -> String {
    let (path, tail) = match reference.find(['?', '#']) {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}{tail}", out.join("/"))
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

/// Fetches a JWKS, following one hop from an OpenID configuration document (`jwks_uri`), through
/// `docs` (the cache). Returns the set and the URL it came from. The `jwks_uri` must be https,
/// or http when the document and the keys are both on this machine (local development);
/// another origin is fine over https (Google's document points at googleapis.com). `warn`
/// hears about keys fetched over plain http from another machine.
pub fn fetch_jwks(
    url: &str,
    docs: &crate::cache::Docs,
    warn: &mut dyn FnMut(&str),
) -> Result<(Vec<u8>, String)> {
    if !is_https(url) && !is_loopback(url) {
        warn(&format!(
            "fetching keys over plain http from {}: anyone on the network path can replace them; use https",
            shown(host(url).unwrap_or(url))
        ));
    }
    let body = required(url, docs.get(url, false)?)?;
    let Ok(map) = jwtctl::jose::json::parse_object(&body) else {
        return Ok((body, url.to_string()));
    };
    if map.contains_key("keys") {
        return Ok((body, url.to_string()));
    }
    match map.get("jwks_uri").and_then(serde_json::Value::as_str) {
        Some(next) => {
            key_url_allowed(url, next)?;
            Ok((required(next, docs.get(next, false)?)?, next.to_string()))
        }
        None => Ok((body, url.to_string())),
    }
}

/// [`fetch_jwks`] for verifying: the set read as fetched sets are (`load::parse_jwks`), so a
/// cached copy that does not read is fetched again (see `Docs::get_valid`). Returns the set and
/// the URL it came from.
pub fn fetch_key_set(
    url: &str,
    docs: &crate::cache::Docs,
    warn: &mut dyn FnMut(&str),
) -> Result<(KeySet, String)> {
    if !is_https(url) && !is_loopback(url) {
        warn(&format!(
            "fetching keys over plain http from {}: anyone on the network path can replace them; use https",
            shown(host(url).unwrap_or(url))
        ));
    }
    enum First {
        Set(KeySet),
        Next(String),
    }
    let first = |bytes: &[u8]| -> Result<First> {
        if let Ok(map) = jwtctl::jose::json::parse_object(bytes)
            && !map.contains_key("keys")
            && let Some(next) = map.get("jwks_uri").and_then(serde_json::Value::as_str)
        {
            return Ok(First::Next(next.to_string()));
        }
        parse_set(bytes).map(First::Set)
    };
    match required(url, docs.get_valid(url, false, &first)?)? {
        First::Set(set) => Ok((set, url.to_string())),
        First::Next(next) => {
            key_url_allowed(url, &next)?;
            let set = required(&next, docs.get_valid(&next, false, &parse_set)?)?;
            Ok((set, next))
        }
    }
}

/// A fetched JWK Set, read for verifying.
pub fn parse_set(bytes: &[u8]) -> Result<KeySet> {
    jwtctl::keys::load::parse_jwks(bytes, jwtctl::keys::load::SetSource::Fetched)
}

/// A document that must be there (a 404 is an error before it gets here).
fn required<T>(url: &str, body: Option<T>) -> Result<T> {
    body.ok_or_else(|| Error::io(format!("cannot fetch {}: no document", shown(url))))
}

/// Whether keys may be fetched from `jwks_uri`, named by the document at `doc`: https from
/// anywhere (a provider may keep its keys on another host: Google's document points at
/// googleapis.com), plain http only when the document and the keys are both on this machine.
fn key_url_allowed(doc: &str, jwks_uri: &str) -> Result<()> {
    if is_https(jwks_uri) || (is_url(jwks_uri) && is_loopback(doc) && is_loopback(jwks_uri)) {
        return Ok(());
    }
    if is_url(jwks_uri) {
        return Err(Error::key(format!(
            "{}: jwks_uri {} is not https; keys are fetched over https only \
             (http only when the issuer and its keys are both on this machine)",
            shown(doc),
            shown(jwks_uri)
        )));
    }
    Err(Error::malformed(format!(
        "{}: jwks_uri {} is not an http(s) URL",
        shown(doc),
        shown(jwks_uri)
    )))
}

/// What `verify --issuer` learnt from the issuer: its metadata, and its JWK Set.
pub struct Discovered {
    pub metadata: jwtctl::keys::discovery::Metadata,
    pub set: KeySet,
}

/// OpenID Connect Discovery 1.0, then RFC 8414 when the first document is absent (404 or 410):
/// the metadata of `issuer` (whose own `issuer` must be `issuer` exactly), then the keys at its
/// `jwks_uri` under [`key_url_allowed`], both through `docs` (the cache). The issuer is https,
/// or http on this machine. Every fetch has the limits of [`get`].
pub fn discover(issuer: &str, docs: &crate::cache::Docs) -> Result<Discovered> {
    use jwtctl::keys::discovery;
    let urls = discovery::metadata_urls(issuer)?;
    if !is_https(issuer) && !is_loopback(issuer) {
        return Err(Error::usage(format!(
            "issuer {} is plain http on another machine; an issuer is https (http only on this machine)",
            shown(issuer)
        )));
    }
    let check = |bytes: &[u8]| discovery::parse(bytes, issuer);
    // A fresh copy of either document in the cache saves asking for the first one again.
    let mut found = urls
        .iter()
        .find_map(|url| docs.cached_valid(url, &check).map(|m| (url, m)));
    if found.is_none() {
        for url in &urls {
            let got = docs.get_valid(url, true, &check).map_err(|e| {
                if e.kind == jwtctl::Kind::Key {
                    e.context(shown(url))
                } else {
                    e
                }
            })?;
            if let Some(metadata) = got {
                found = Some((url, metadata));
                break;
            }
        }
    }
    let Some((url, metadata)) = found else {
        return Err(Error::io(format!(
            "issuer {} publishes no metadata: {} and {} are both absent (HTTP 404 or 410)",
            shown(issuer),
            shown(&urls[0]),
            shown(&urls[1])
        )));
    };
    key_url_allowed(url, &metadata.jwks_uri)?;
    let set = required(
        &metadata.jwks_uri,
        docs.get_valid(&metadata.jwks_uri, false, &|b| {
            parse_set(b).map_err(|e| e.context(shown(&metadata.jwks_uri)))
        })?,
    )?;
    Ok(Discovered { metadata, set })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_current_url() {
        let base = "https://idp.example:8443/a/b/config?x=1";
        assert_eq!(
            resolve(base, "/keys").as_deref(),
            Some("https://idp.example:8443/keys")
        );
        assert_eq!(
            resolve(base, "keys").as_deref(),
            Some("https://idp.example:8443/a/b/keys")
        );
        assert_eq!(
            resolve(base, "//other.example/k").as_deref(),
            Some("https://other.example/k")
        );
        assert_eq!(resolve(base, "http://x/k").as_deref(), Some("http://x/k"));
        assert_eq!(resolve(base, "file:///etc/passwd"), None);
        assert_eq!(resolve("http://h", "k").as_deref(), Some("http://h/k"));
        assert_eq!(
            resolve(base, "../../jwks.json").as_deref(),
            Some("https://idp.example:8443/jwks.json")
        );
        assert_eq!(
            resolve(base, "./k?x=1").as_deref(),
            Some("https://idp.example:8443/a/b/k?x=1")
        );
        assert_eq!(
            resolve(base, "../").as_deref(),
            Some("https://idp.example:8443/a/")
        );
        assert_eq!(
            resolve(base, "../../../../x").as_deref(),
            Some("https://idp.example:8443/x")
        );
    }

    #[test]
    fn redirects_never_leave_https() {
        let https = "https://idp.example/.well-known/jwks.json";
        assert_eq!(
            next_hop(https, "/keys").as_deref(),
            Ok("https://idp.example/keys")
        );
        assert_eq!(
            next_hop(https, "https://cdn.example/k").as_deref(),
            Ok("https://cdn.example/k")
        );
        for downgrade in ["http://idp.example/keys", "HTTP://idp.example/keys"] {
            let e = next_hop(https, downgrade).unwrap_err();
            assert!(e.contains("would drop TLS"), "{e}");
        }
        assert!(next_hop(https, "ftp://idp.example/k").is_err());
        let local = "http://127.0.0.1:4000/jwks.json";
        assert!(
            next_hop(local, "http://keys.example/k")
                .unwrap_err()
                .contains("plain http on another host")
        );
        assert!(next_hop(local, "http://localhost:4001/k").is_ok());
        assert!(next_hop(local, "https://keys.example/k").is_ok());
        // A plain-http URL on another host was the user's choice (and is warned about).
        assert!(next_hop("http://keys.example/a", "http://keys2.example/b").is_ok());
        assert_eq!(
            next_hop("http://127.0.0.1:1/a", "https://idp.example/k").as_deref(),
            Ok("https://idp.example/k")
        );
    }

    /// The decision for a jwks_uri on another host (issue 18): over https it is followed (a
    /// provider may keep its keys elsewhere, as Google does); over plain http only when the
    /// document and the keys are both on this machine.
    #[test]
    fn key_urls_are_https_or_both_on_this_machine() {
        let doc = "https://idp.example/.well-known/openid-configuration";
        assert!(key_url_allowed(doc, "https://idp.example/jwks").is_ok());
        assert!(key_url_allowed(doc, "https://keys.other.example/jwks").is_ok());
        for bad in ["http://idp.example/jwks", "http://127.0.0.1:4000/jwks"] {
            let e = key_url_allowed(doc, bad).unwrap_err();
            assert_eq!(e.kind, jwtctl::Kind::Key, "{bad}");
        }
        let local = "http://127.0.0.1:4000/.well-known/openid-configuration";
        assert!(key_url_allowed(local, "http://localhost:4001/jwks").is_ok());
        assert!(key_url_allowed(local, "https://keys.other.example/jwks").is_ok());
        assert!(key_url_allowed(local, "http://keys.other.example/jwks").is_err());
        let e = key_url_allowed(doc, "file:///etc/passwd").unwrap_err();
        assert_eq!(e.kind, jwtctl::Kind::Malformed);
    }

    #[test]
    fn loopback_hosts() {
        for url in [
            "http://127.0.0.1:4000/x",
            "http://localhost/x",
            "http://[::1]:80/",
            "http://u@127.9.9.9",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in [
            "http://127.0.0.1.evil.example/",
            "http://10.0.0.1/",
            "https://idp.example",
            "http://[::2]/",
        ] {
            assert!(!is_loopback(url), "{url}");
        }
    }
}
