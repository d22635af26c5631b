//! The store of accepted DPoP proofs that makes a replay detectable (RFC 9449 §11.1): for each
//! proof accepted within the window, its `iat` and the SHA-256 of its `jti`.
//!
//! The file is text, one entry a line under a first line that names the window it keeps:
//!
//! ```text
//! # jwtctl dpop seen v2 window=300: iat sha256(jti)
//! 1767225600 Wd4pPvmrVxyBR0dVxPTNk3xJ-O9qLCg8yo1_q5CIg3c
//! ```
//!
//! Bounded: a `jti` is kept as its hash, so every line is at most 58 bytes, and the store holds
//! at most [`MAX_ENTRIES`] proofs. Entries older than the window (the proof would be refused
//! as too old anyway) are dropped when the store is read. The window is the widest any run
//! has used on the store: a run with a narrower one must not drop an entry a wider run would
//! still accept, which would let that proof be replayed there. A store that is not in this
//! form is refused, never read as empty: an unreadable store would let every replay through.
//! A store of the first version (no window) is read with the reading run's window.

use std::collections::HashMap;

use crate::error::{Bounded, Error, Result};
use crate::input::MAX_SEEN_STORE;
use crate::input::time::{MAX_TIME, MIN_TIME};
use crate::jose::b64;

/// The first line of a store of the first version, which recorded no window.
const HEADER_V1: &str = "# jwtctl dpop seen v1: iat sha256(jti)";

/// The first line of a store: this, the window in seconds, then [`HEADER_END`].
const HEADER_START: &str = "# jwtctl dpop seen v2 window=";
const HEADER_END: &str = ": iat sha256(jti)";

/// The widest window a store records: `--max-age` (at most 36 500 days) plus `--leeway` (at
/// most an hour), with room to spare.
const MAX_WINDOW: i64 = 1 << 32;

/// The most proofs a store holds within the window.
pub const MAX_ENTRIES: usize = 100_000;

/// The `jti`s of the proofs accepted within the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// base64url(SHA-256(jti)) → iat.
    entries: HashMap<String, i64>,
    /// How long, in seconds after its `iat`, an entry is kept.
    window: i64,
}

/// What a store's entries are kept under: the proof's `jti`, hashed.
fn digest(jti: &str) -> String {
    b64::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, jti.as_bytes()).as_ref())
}

impl Seen {
    /// An empty store that keeps entries for `window` seconds after their `iat`.
    pub fn new(window: i64) -> Seen {
        Seen {
            entries: HashMap::new(),
            window: window.clamp(0, MAX_WINDOW),
        }
    }

    /// Reads a store at time `now` for a run whose window is `window`: the store keeps the
    /// wider of that and its own, and drops the entries older than it. Anything but a store is
    /// `malformed`, naming the line.
    pub fn parse(bytes: &[u8], now: i64, window: i64) -> Result<Seen> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::malformed("it is not a store of seen proofs (not UTF-8 text)"))?;
        let mut lines = text.lines();
        let recorded = match lines.next() {
            Some(HEADER_V1) => 0,
            Some(line) => line
                .strip_prefix(HEADER_START)
                .and_then(|rest| rest.strip_suffix(HEADER_END))
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n <= MAX_WINDOW)
                .ok_or_else(|| {
                    Error::malformed(
                        "it is not a store of seen proofs (its first line is not the store's)",
                    )
                })?,
            None => {
                return Err(Error::malformed(
                    "it is not a store of seen proofs (it is empty)",
                ));
            }
        };
        let window = window.clamp(0, MAX_WINDOW).max(recorded);
        let oldest = now.saturating_sub(window);
        let mut entries = HashMap::new();
        for (i, line) in lines.enumerate() {
            let bad = || Error::malformed(format!("line {} is not an entry (iat hash)", i + 2));
            let (iat, hash) = line.split_once(' ').ok_or_else(bad)?;
            let iat: i64 = iat
                .parse()
                .ok()
                .filter(|t| (MIN_TIME..=MAX_TIME).contains(t))
                .ok_or_else(bad)?;
            if hash.len() != 43 || b64::decode(hash).map(|h| h.len()) != Ok(32) {
                return Err(bad());
            }
            if iat >= oldest {
                entries.insert(hash.to_string(), iat);
            }
            if entries.len() > MAX_ENTRIES {
                return Err(full());
            }
        }
        Ok(Seen { entries, window })
    }

    /// How long, in seconds after its `iat`, an entry is kept.
    pub fn window(&self) -> i64 {
        self.window
    }

    /// Whether a proof with this `jti` was accepted within the window.
    pub fn contains(&self, jti: &str) -> bool {
        self.entries.contains_key(&digest(jti))
    }

    /// Records an accepted proof; refused when the store is full.
    pub fn insert(&mut self, jti: &str, iat: i64) -> Result<()> {
        let key = digest(jti);
        if !self.entries.contains_key(&key) && self.entries.len() >= MAX_ENTRIES {
            return Err(full());
        }
        self.entries.insert(key, iat);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The store as written: oldest first, so the same entries always give the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<(&String, &i64)> = self.entries.iter().collect();
        entries.sort_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
        let mut out = String::with_capacity(64 + 58 * entries.len());
        out.push_str(&format!("{HEADER_START}{}{HEADER_END}\n", self.window));
        for (hash, iat) in entries {
            out.push_str(&format!("{iat} {hash}\n"));
        }
        out.into_bytes()
    }
}

fn full() -> Error {
    Error::too_large(
        Bounded::SeenStore,
        MAX_SEEN_STORE as u64,
        format!("the store already holds {MAX_ENTRIES} proofs within the window, its limit"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn round_trip_and_pruning() {
        let mut seen = Seen::new(100);
        seen.insert("a", 100).unwrap();
        seen.insert("b", 200).unwrap();
        assert!(seen.contains("a") && seen.contains("b") && !seen.contains("c"));
        let bytes = seen.to_bytes();
        assert!(bytes.starts_with(b"# jwtctl dpop seen v2 window=100: iat sha256(jti)\n"));
        assert_eq!(Seen::parse(&bytes, 200, 100).unwrap(), seen);
        // Read later, the entry older than the window is gone.
        let later = Seen::parse(&bytes, 250, 100).unwrap();
        assert!(!later.contains("a") && later.contains("b"));
        assert_eq!(later.len(), 1);
        // The jti itself is never written.
        assert!(!String::from_utf8(bytes).unwrap().contains(" a\n"));
    }

    #[test]
    fn a_narrower_window_keeps_what_a_wider_one_would_still_accept() {
        let mut seen = Seen::new(3600);
        seen.insert("wide", 1000).unwrap();
        let bytes = seen.to_bytes();
        // Ten minutes on, a run with a five-minute window keeps the hour of the store...
        let narrow = Seen::parse(&bytes, 1600, 300).unwrap();
        assert!(narrow.contains("wide"));
        assert_eq!(narrow.window(), 3600);
        // ...and a wider run widens it.
        let wider = Seen::parse(&narrow.to_bytes(), 1600, 7200).unwrap();
        assert_eq!(wider.window(), 7200);
        // The first version recorded no window: the run's own applies.
        let v1 = format!("{HEADER_V1}\n1000 {}\n", digest("old"));
        assert!(
            Seen::parse(v1.as_bytes(), 1200, 300)
                .unwrap()
                .contains("old")
        );
        assert!(
            !Seen::parse(v1.as_bytes(), 1400, 300)
                .unwrap()
                .contains("old")
        );
    }

    #[test]
    fn anything_but_a_store_is_refused() {
        const HEADER: &str = "# jwtctl dpop seen v2 window=300: iat sha256(jti)";
        let good = format!("{HEADER}\n1 {}\n", digest("x"));
        assert!(Seen::parse(good.as_bytes(), 0, 0).is_ok());
        for bad in [
            "".to_string(),
            "hello\n".to_string(),
            format!("{HEADER}\n\n"),
            format!("{HEADER}\n1 short\n"),
            format!("{HEADER}\nx {}\n", digest("x")),
            format!("{HEADER}\n99999999999999 {}\n", digest("x")),
            format!("{HEADER}\n1 {}=\n", digest("x")),
            format!("{HEADER}\n1  {}\n", digest("x")),
            "# jwtctl dpop seen v2 window=: iat sha256(jti)\n".to_string(),
            "# jwtctl dpop seen v2 window=-1: iat sha256(jti)\n".to_string(),
            "# jwtctl dpop seen v2 window=+1: iat sha256(jti)\n".to_string(),
            "# jwtctl dpop seen v2 window=99999999999: iat sha256(jti)\n".to_string(),
            "# jwtctl dpop seen v2 window=1: iat\n".to_string(),
        ] {
            let e = Seen::parse(bad.as_bytes(), 0, 0).unwrap_err();
            assert_eq!(e.kind, Kind::Malformed, "{bad:?}");
        }
        assert!(Seen::parse(b"\xff\xfe", 0, 0).is_err());
    }

    #[test]
    fn the_store_is_bounded() {
        let mut seen = Seen::new(MAX_WINDOW);
        for i in 0..MAX_ENTRIES {
            seen.insert(&i.to_string(), 1).unwrap();
        }
        // The same jti again is no new entry; another one is over the limit.
        seen.insert("0", 2).unwrap();
        let e = seen.insert("new", 1).unwrap_err();
        assert!(matches!(e.kind, Kind::TooLarge { .. }), "{e:?}");
        assert_eq!(e.kind.exit_status().code(), 3);
        let bytes = seen.to_bytes();
        assert!(bytes.len() <= MAX_SEEN_STORE);
        // A file with one entry too many is refused as it is read.
        let mut over = bytes.clone();
        over.extend_from_slice(format!("5 {}\n", digest("new")).as_bytes());
        assert!(matches!(
            Seen::parse(&over, 0, 0).unwrap_err().kind,
            Kind::TooLarge { .. }
        ));
    }
}
