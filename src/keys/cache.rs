//! The on-disk cache of fetched key documents (JWK Sets and issuer metadata), the pure part:
//! how long a copy stays fresh, what a cache file holds and how it is read back. Reading and
//! writing the files is the caller's (the binary's).
//!
//! A cache file is one JSON object, written whole and atomically, under a name derived from
//! the URL (SHA-256, so one URL, one file):
//!
//! ```text
//! {"jwtctl_cache":1,"url":"https://idp.example/jwks","fetched_at":1767225600,
//!  "fresh_until":1767225900,"etag":"\"v1\"","refetched_at":null,"document":{"keys":[...]}}
//! ```
//!
//! The document is stored with every private JWK member removed, so a cache file holds public
//! keys only even when a server published more. A file that is not in this form, or that
//! names another URL, is ignored (and replaced by the next fetch), never trusted; a document
//! read back goes through the same checks as one just fetched.

use serde_json::{Map, Value};

use crate::jose::b64;
use crate::jose::json;

/// The shortest time a copy is fresh, whatever the server says (`max-age=0`, `no-cache`, no
/// header at all): a flood of runs cannot become a flood of requests.
pub const FLOOR: i64 = 5 * 60;
/// The longest time a copy is fresh, whatever the server says: a key withdrawn by the issuer
/// stops being trusted within a day.
pub const CEILING: i64 = 24 * 60 * 60;
/// The shortest time between two refetches made because a token named a `kid` the cached set
/// does not have: a flood of unknown kids costs at most one request per cooldown.
pub const COOLDOWN: i64 = 60;
/// The largest cache file read: a document (at most 1 MiB) and its record.
pub const MAX_FILE: u64 = 2 * 1024 * 1024;

/// The most cache files kept in one directory: after a write, the oldest beyond this are
/// removed, so an issuer rotating its `jwks_uri` cannot fill the disk.
pub const MAX_ENTRIES: usize = 64;

/// The format's version, the first member of every file.
const VERSION: i64 = 1;

/// The members of a JWK that are private (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2): never
/// written to a cache file.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Whether a cache file or directory may be trusted, from its owner and its permission bits
/// (unix): see [`standing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Owned by this process's effective user and writable by no one else: read and written.
    Private,
    /// Owned by another user (or this process's user is unknown): someone else could have put
    /// any key set there, so it is neither read nor written into.
    Foreign,
    /// Owned by this user but writable by its group or others (`mode & 0o022`): not read.
    OpenToOthers,
}

/// The [`Standing`] of a cache file or directory owned by `owner` with permission bits `mode`,
/// for a process whose effective uid is `euid` (`None` when it could not be learnt: nothing is
/// trusted then).
pub fn standing(owner: u32, euid: Option<u32>, mode: u32) -> Standing {
    if euid != Some(owner) {
        Standing::Foreign
    } else if mode & 0o022 != 0 {
        Standing::OpenToOthers
    } else {
        Standing::Private
    }
}

/// One cached document and what is known of its freshness.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub url: String,
    /// The document (a JSON object), private key members removed.
    pub document: Map<String, Value>,
    pub etag: Option<String>,
    /// When it was fetched (or last confirmed by a 304), Unix seconds.
    pub fetched_at: i64,
    /// Until when it is fresh, Unix seconds.
    pub fresh_until: i64,
    /// When a token's unknown `kid` last caused a refetch, Unix seconds.
    pub refetched_at: Option<i64>,
}

/// The file name for `url`: base64url(SHA-256(url)).json.
pub fn file_name(url: &str) -> String {
    let hash = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, url.as_bytes());
    format!("{}.json", b64::encode(hash.as_ref()))
}

/// Whether `name` is a cache file's name as [`file_name`] makes them (43 base64url characters
/// and `.json`): only such files are ever removed from a cache directory.
/// How every cache record begins (its first member, written first): what marks a file as one
/// of the cache's own before it is removed.
pub const RECORD_START: &[u8] = br#"{"jwtctl_cache":"#;

pub fn is_file_name(name: &str) -> bool {
    name.strip_suffix(".json").is_some_and(|stem| {
        stem.len() == 43
            && stem
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The files to remove from a cache directory holding these cache files (name or path, and
/// modification time): the oldest beyond [`MAX_ENTRIES`].
pub fn to_evict<T, M: Ord>(mut files: Vec<(T, M)>) -> Vec<T> {
    if files.len() <= MAX_ENTRIES {
        return Vec::new();
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    let excess = files.len() - MAX_ENTRIES;
    files.into_iter().take(excess).map(|(f, _)| f).collect()
}

/// The seconds a copy fetched with this `Cache-Control` header stays fresh: its `max-age`
/// (`no-cache` and `no-store` count as 0), within [`FLOOR`] and [`CEILING`]; [`FLOOR`] when the
/// header says nothing.
pub fn freshness(cache_control: Option<&str>) -> i64 {
    let mut seconds: Option<i64> = None;
    for directive in cache_control.unwrap_or("").split(',') {
        let directive = directive.trim();
        let (name, value) = directive.split_once('=').unwrap_or((directive, ""));
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "no-cache" | "no-store" => seconds = Some(0),
            "max-age" if seconds.is_none() => {
                seconds = value.trim().trim_matches('"').parse::<i64>().ok();
            }
            _ => {}
        }
    }
    seconds.unwrap_or(FLOOR).clamp(FLOOR, CEILING)
}

/// `document` with the private members of every JWK in its `keys` removed (any other document
/// is kept as it is).
pub fn public_only(mut document: Map<String, Value>) -> Map<String, Value> {
    if let Some(Value::Array(keys)) = document.get_mut("keys") {
        for key in keys.iter_mut() {
            if let Value::Object(jwk) = key {
                for member in PRIVATE_MEMBERS {
                    jwk.remove(member);
                }
            }
        }
    }
    document
}

impl Entry {
    /// A copy of `document` fetched from `url` at `now` with these response headers.
    pub fn new(
        url: &str,
        document: Map<String, Value>,
        etag: Option<String>,
        cache_control: Option<&str>,
        now: i64,
    ) -> Entry {
        Entry {
            url: url.to_string(),
            document: public_only(document),
            etag,
            fetched_at: now,
            fresh_until: now.saturating_add(freshness(cache_control)),
            refetched_at: None,
        }
    }

    /// Whether the copy may be used at `now` without asking the server: fetched not after `now`
    /// (a clock set back makes every copy stale), fresh until after it, and fresh for no longer
    /// than [`CEILING`] (a record claiming more was not written by this format's writer: a
    /// planted record a year fresh is stale).
    pub fn is_fresh(&self, now: i64) -> bool {
        self.fetched_at <= now
            && now < self.fresh_until
            && self.fresh_until.saturating_sub(self.fetched_at) <= CEILING
    }

    /// The server confirmed the copy (304 Not Modified) at `now`.
    pub fn confirmed(&mut self, cache_control: Option<&str>, now: i64) {
        self.fetched_at = now;
        self.fresh_until = now.saturating_add(freshness(cache_control));
    }

    /// Whether a token's unknown `kid` may cause a refetch at `now` ([`COOLDOWN`]).
    pub fn may_refetch(&self, now: i64) -> bool {
        self.refetched_at
            .is_none_or(|t| t > now || now.saturating_sub(t) >= COOLDOWN)
    }

    /// The document as bytes, for the same reader a fetched one goes through.
    pub fn document_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.document).unwrap_or_default()
    }

    /// Reads a cache file for `url`; `None` for anything that is not one, or is one for
    /// another URL: such a file is ignored and replaced, never trusted.
    pub fn parse(bytes: &[u8], url: &str) -> Option<Entry> {
        let mut map = json::parse_object(bytes).ok()?;
        if map.get("jwtctl_cache").and_then(Value::as_i64) != Some(VERSION)
            || map.get("url").and_then(Value::as_str) != Some(url)
        {
            return None;
        }
        let time = |name: &str| map.get(name).and_then(Value::as_i64);
        let fetched_at = time("fetched_at")?;
        let fresh_until = time("fresh_until")?;
        let refetched_at = match map.get("refetched_at") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_i64()?),
        };
        let etag = match map.get("etag") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return None,
        };
        let Some(Value::Object(document)) = map.remove("document") else {
            return None;
        };
        Some(Entry {
            url: url.to_string(),
            document: public_only(document),
            etag,
            fetched_at,
            fresh_until,
            refetched_at,
        })
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut map = Map::new();
        map.insert("jwtctl_cache".into(), Value::from(VERSION));
        map.insert("url".into(), Value::from(self.url.as_str()));
        map.insert("fetched_at".into(), Value::from(self.fetched_at));
        map.insert("fresh_until".into(), Value::from(self.fresh_until));
        map.insert(
            "etag".into(),
            self.etag.as_deref().map_or(Value::Null, Value::from),
        );
        map.insert(
            "refetched_at".into(),
            self.refetched_at.map_or(Value::Null, Value::from),
        );
        map.insert(
            "document".into(),
            Value::Object(public_only(self.document.clone())),
        );
        let mut bytes = serde_json::to_vec(&Value::Object(map)).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn freshness_has_a_floor_and_a_ceiling() {
        assert_eq!(freshness(None), FLOOR);
        assert_eq!(freshness(Some("public, max-age=3600")), 3600);
        assert_eq!(freshness(Some("Max-Age=\"7200\", must-revalidate")), 7200);
        assert_eq!(freshness(Some("max-age=0")), FLOOR);
        assert_eq!(freshness(Some("max-age=3600, no-cache")), FLOOR);
        assert_eq!(freshness(Some("no-store")), FLOOR);
        assert_eq!(freshness(Some("max-age=31536000")), CEILING);
        assert_eq!(freshness(Some("max-age=-5")), FLOOR);
        assert_eq!(freshness(Some("max-age=soon")), FLOOR);
        assert_eq!(freshness(Some("max-age=99999999999999999999999")), FLOOR);
    }

    #[test]
    fn entries_round_trip_and_hold_public_keys_only() {
        let doc = json!({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "secret",
            "p": "x", "q": "y", "dp": "1", "dq": "2", "qi": "3"},
            {"kty": "oct", "k": "c2VjcmV0"}, "junk"]});
        let entry = Entry::new(
            "https://idp.example/jwks",
            doc.as_object().unwrap().clone(),
            Some("\"v1\"".into()),
            Some("max-age=600"),
            1000,
        );
        assert_eq!(entry.fresh_until, 1600);
        let bytes = entry.to_bytes();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for private in ["secret", "\"d\"", "\"p\"", "\"qi\"", "c2VjcmV0"] {
            assert!(!text.contains(private), "{text}");
        }
        let back = Entry::parse(&bytes, "https://idp.example/jwks").unwrap();
        assert_eq!(back, entry);
        assert!(back.is_fresh(1000) && back.is_fresh(1599));
        assert!(!back.is_fresh(1600) && !back.is_fresh(999));
    }

    #[test]
    fn only_a_private_copy_of_ones_own_is_trusted() {
        assert_eq!(standing(1000, Some(1000), 0o700), Standing::Private);
        assert_eq!(standing(1000, Some(1000), 0o40755), Standing::Private);
        assert_eq!(standing(1000, Some(1000), 0o100644), Standing::Private);
        assert_eq!(standing(0, Some(0), 0o600), Standing::Private);
        // Another user's directory or file, however private, is not ours.
        assert_eq!(standing(1001, Some(1000), 0o755), Standing::Foreign);
        assert_eq!(standing(1001, Some(1000), 0o700), Standing::Foreign);
        assert_eq!(standing(0, Some(1000), 0o755), Standing::Foreign);
        assert_eq!(standing(1000, Some(0), 0o600), Standing::Foreign);
        assert_eq!(standing(1000, None, 0o600), Standing::Foreign);
        // Ours, but writable by the group or others.
        assert_eq!(standing(1000, Some(1000), 0o720), Standing::OpenToOthers);
        assert_eq!(standing(1000, Some(1000), 0o702), Standing::OpenToOthers);
        assert_eq!(standing(1000, Some(1000), 0o41777), Standing::OpenToOthers);
    }

    #[test]
    fn the_cache_keeps_the_newest_files_and_removes_only_its_own() {
        assert!(is_file_name(&file_name("https://idp.example/jwks")));
        let record = Entry {
            url: "https://idp.example/jwks".into(),
            fetched_at: 1,
            fresh_until: 2,
            etag: None,
            refetched_at: None,
            document: Map::new(),
        };
        assert!(record.to_bytes().starts_with(RECORD_START));
        for other in ["notes.txt", "x.json", ".json", "lock", &"a".repeat(43)] {
            assert!(!is_file_name(other), "{other}");
        }
        let files: Vec<(usize, u64)> = (0..MAX_ENTRIES).map(|i| (i, 100 - i as u64)).collect();
        assert!(to_evict(files.clone()).is_empty());
        let mut more = files;
        more.push((1000, 5));
        more.push((1001, 500));
        more.push((1002, 1));
        let mut gone = to_evict(more);
        gone.sort();
        assert_eq!(gone, vec![MAX_ENTRIES - 1, 1000, 1002]);
    }

    #[test]
    fn a_record_fresher_than_the_ceiling_is_stale() {
        let mut entry = Entry::new("https://idp.example/jwks", Map::new(), None, None, 1000);
        entry.fresh_until = 1000 + CEILING;
        assert!(entry.is_fresh(1001));
        entry.fresh_until = 1000 + CEILING + 1;
        assert!(!entry.is_fresh(1001));
        entry.fresh_until = i64::MAX;
        entry.fetched_at = i64::MIN;
        assert!(!entry.is_fresh(0));
    }

    #[test]
    fn corrupt_or_foreign_files_are_not_entries() {
        let entry = Entry::new("https://idp.example/jwks", Map::new(), None, None, 1000);
        let good = entry.to_bytes();
        assert!(Entry::parse(&good, "https://idp.example/jwks").is_some());
        assert!(Entry::parse(&good, "https://other.example/jwks").is_none());
        assert!(Entry::parse(&good[..good.len() / 2], "https://idp.example/jwks").is_none());
        for bad in [
            json!({}),
            json!({"jwtctl_cache": 2, "url": "https://idp.example/jwks", "fetched_at": 1, "fresh_until": 2, "document": {}}),
            json!({"jwtctl_cache": 1, "url": "https://idp.example/jwks", "fetched_at": "1", "fresh_until": 2, "document": {}}),
            json!({"jwtctl_cache": 1, "url": "https://idp.example/jwks", "fetched_at": 1, "fresh_until": 2, "document": []}),
            json!({"jwtctl_cache": 1, "url": "https://idp.example/jwks", "fetched_at": 1, "fresh_until": 2, "etag": 5, "document": {}}),
        ] {
            let bytes = serde_json::to_vec(&bad).unwrap();
            assert!(
                Entry::parse(&bytes, "https://idp.example/jwks").is_none(),
                "{bad}"
            );
        }
        assert_ne!(
            file_name("https://idp.example/jwks"),
            file_name("https://idp.example/jwks2")
        );
    }

    #[test]
    fn unknown_kids_refetch_once_per_cooldown() {
        let mut entry = Entry::new("u", Map::new(), None, None, 1000);
        assert!(entry.may_refetch(1000));
        entry.refetched_at = Some(1000);
        assert!(!entry.may_refetch(1000 + COOLDOWN - 1));
        assert!(entry.may_refetch(1000 + COOLDOWN));
        // A clock set back does not lock refetching out.
        assert!(entry.may_refetch(900));
    }
}
