//! The `htu` of a DPoP proof (RFC 9449 §4.2): the HTTP target URI without its query and
//! fragment, and the normalisation §4.3 asks for before comparing two of them: syntax-based
//! (RFC 3986 §6.2.2: case of the scheme, the host and percent-encodings, percent-encoded
//! unreserved characters decoded, dot segments removed) and scheme-based (§6.2.3: the default
//! port and an empty port dropped, an empty path made "/").

/// `url` without its query (`?...`) and fragment (`#...`): what a proof's `htu` holds.
pub(crate) fn strip_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// The normal form of an absolute http or https URL, query and fragment left out; why not,
/// when it is not one.
pub(crate) fn normalize(url: &str) -> Result<String, String> {
    if let Some(c) = url.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(if c.is_ascii() {
            "it holds a space or a control character".to_string()
        } else {
            "it holds a character outside ASCII (percent-encode it)".to_string()
        });
    }
    let url = strip_query(url);
    let (scheme, rest) = url
        .split_once("://")
        .ok_or("it is not an absolute URL (scheme://host/path)")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return Err("its scheme is not http or https".to_string()),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err("it holds user information (user@host)".to_string());
    }
    let (host, port) = split_port(authority)?;
    let host = normalize_host(host)?;
    let port = match port {
        None | Some("") => None,
        Some(digits) => {
            let n: u16 = digits
                .parse()
                .ok()
                .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
                .ok_or("its port is not a number from 0 to 65535")?;
            (n != default_port).then_some(n)
        }
    };
    let path = remove_dot_segments(&normalize_percent(path)?);
    Ok(match port {
        Some(port) => format!("{scheme}://{host}:{port}{path}"),
        None => format!("{scheme}://{host}{path}"),
    })
}

/// `host[:port]`, where the host may be a bracketed IP literal.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or("its IP literal has no closing ]")?;
        let (host, after) = authority.split_at(end + 1);
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err("text follows its IP literal".to_string()),
        };
    }
    Ok(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn normalize_host(host: &str) -> Result<String, String> {
    if host.is_empty() {
        return Err("it has no host".to_string());
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b);
    let inner = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .map(|h| (h, true));
    let ok = match inner {
        Some((literal, _)) => {
            !literal.is_empty()
                && literal
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        }
        None => host.bytes().all(allowed),
    };
    if !ok {
        return Err("its host holds a character a host cannot".to_string());
    }
    Ok(host.to_ascii_lowercase())
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodings in upper case, and those of unreserved characters decoded; any other
/// character must be one a path may hold.
fn normalize_percent(path: &str) -> Result<String, String> {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("its path holds a % that is not a percent-encoding")?;
            if is_unreserved(hex) {
                out.push(char::from(hex));
            } else {
                out.push_str(&format!("%{hex:02X}"));
            }
            i += 3;
            continue;
        }
        if !(is_unreserved(b) || b"!$&'()*+,;=:@/".contains(&b)) {
            return Err(format!(
                "its path holds {:?}, which must be percent-encoded",
                char::from(b)
            ));
        }
        out.push(char::from(b));
        i += 1;
    }
    Ok(out)
}

/// RFC 3986 §5.2.4 for an absolute path (or none, which becomes "/").
fn remove_dot_segments(path: &str) -> String {
    let Some(rest) = path.strip_prefix('/') else {
        return "/".to_string();
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.into_iter().enumerate() {
        match segment {
            "." => {}
            ".." => {
                out.pop();
            }
            s => {
                out.push(s);
                continue;
            }
        }
        // A dot segment at the end leaves a directory: "/a/b/.." is "/a/".
        if i == last {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_after_normalisation() {
        let same = [
            ("https://api.example/r", "HTTPS://API.Example:443/r"),
            ("https://api.example/", "https://api.example"),
            ("https://api.example/", "https://api.example:/"),
            ("http://api.example/a", "http://api.example:80/a?x=1#f"),
            ("https://api.example/a/c", "https://api.example/a/b/../c"),
            ("https://api.example/a/", "https://api.example/a/b/.."),
            ("https://api.example/a/b", "https://api.example/a/./b"),
            ("https://api.example/~a", "https://api.example/%7ea"),
            ("https://api.example/%2F", "https://api.example/%2f"),
            ("https://[::1]:8443/x", "https://[::1]:8443/x"),
            ("http://127.0.0.1:8080/t", "http://127.0.0.1:8080/t?"),
        ];
        for (a, b) in same {
            assert_eq!(normalize(a), normalize(b), "{a} vs {b}");
        }
        assert_eq!(
            normalize("HTTPS://API.Example:443/a/%7e/../b?q#f").unwrap(),
            "https://api.example/a/b"
        );
    }

    #[test]
    fn different_targets_stay_different() {
        let different = [
            ("https://api.example/r", "http://api.example/r"),
            ("https://api.example/r", "https://api.example:8443/r"),
            ("https://api.example/r", "https://api.example/R"),
            ("https://api.example/r", "https://api.example/r/"),
            ("https://api.example/a%2Fb", "https://api.example/a/b"),
            ("https://api.example/r", "https://api.example.evil/r"),
        ];
        for (a, b) in different {
            assert_ne!(normalize(a).unwrap(), normalize(b).unwrap(), "{a} vs {b}");
        }
    }

    #[test]
    fn what_is_not_an_http_url_says_why() {
        for (url, why) in [
            ("api.example/r", "not an absolute URL"),
            ("ftp://api.example/r", "not http or https"),
            ("https:///r", "no host"),
            ("https://user@api.example/r", "user information"),
            ("https://api.example:99999/r", "port"),
            ("https://api.example:8x/r", "port"),
            ("https://api.example/a b", "space"),
            ("https://api.example/\u{1b}[31m", "control"),
            ("https://api.example/é", "outside ASCII"),
            ("https://api.example/%zz", "percent-encoding"),
            ("https://api.example/%4", "percent-encoding"),
            // from_str_radix alone would read "+1" as 1.
            ("https://api.example/a%+1", "percent-encoding"),
            ("https://api.example/a%-1", "percent-encoding"),
            ("https://[::1/r", "closing"),
            ("https://api\"example/r", "host"),
            ("https://api.example/a\"b", "percent-encoded"),
        ] {
            let e = normalize(url).unwrap_err();
            assert!(e.contains(why), "{url}: {e}");
        }
    }

    #[test]
    fn query_and_fragment_are_left_out() {
        assert_eq!(strip_query("https://a/b?c#d"), "https://a/b");
        assert_eq!(strip_query("https://a/b#d?c"), "https://a/b");
        assert_eq!(strip_query("https://a/b"), "https://a/b");
    }
}
