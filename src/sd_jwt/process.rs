//! Processing an SD-JWT's payload with its disclosures (RFC 9901 §7.1 steps 3 to 5): every
//! digest replaced by the claim it discloses, or dropped when no disclosure is given for it;
//! `_sd` and `_sd_alg` removed. Strict: a digest that occurs twice, a disclosure given twice or
//! reached by no digest, and a disclosure that cannot go where its digest is are errors, each
//! with its reason code. Where every disclosure lands is recorded, as a JSON pointer into the
//! processed claims, for `present` and `decode`. The pointers are kept as a tree ([`Paths`]):
//! one node per object or array and per disclosure, each with its own token only, so memory
//! stays proportional to the input however long the keys and however many the digests; a
//! pointer is spelled out only when asked for.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Disclosure, ELLIPSIS, HashAlg, SD, SD_ALG};
use crate::error::{Bounded, Error, Reason, Result};
use crate::jose::json::{self, MAX_DEPTH};
use crate::text::{SHOWN_MAX, escape, escape_all};

/// The claims once processed, and where each disclosure went.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    pub claims: Map<String, Value>,
    /// The hash of the digests.
    pub hash: HashAlg,
    /// Where the places below are.
    pub paths: Paths,
    /// Per disclosure, in the order given: the node in [`Paths`] of the claim or array element
    /// it became.
    pub places: Vec<Node>,
    /// The digests no disclosure was given for (undisclosed claims and decoys), each with the
    /// node of the object or array that holds it.
    pub undisclosed: Vec<(Node, String)>,
}

impl Processed {
    /// The objects and arrays holding undisclosed digests, each once, in the order first met,
    /// with their digests.
    pub fn undisclosed_by_place(&self) -> Vec<(Node, Vec<&str>)> {
        let mut index: HashMap<Node, usize> = HashMap::new();
        let mut out: Vec<(Node, Vec<&str>)> = Vec::new();
        for (node, digest) in &self.undisclosed {
            let i = *index.entry(*node).or_insert_with(|| {
                out.push((*node, Vec::new()));
                out.len() - 1
            });
            if let Some((_, digests)) = out.get_mut(i) {
                digests.push(digest);
            }
        }
        out
    }

    /// Fails when spelling out every place and every object holding undisclosed digests, as
    /// `decode --json` does, would take more than [`MAX_POINTERS_LEN`] bytes: many objects
    /// under a long key would make the output grow with their number times the key.
    pub fn check_pointers_len(&self) -> Result<()> {
        let places = self.places.iter().map(|&n| self.paths.len(n));
        let holders = self
            .undisclosed_by_place()
            .into_iter()
            .map(|(n, _)| self.paths.len(n));
        let total = places
            .chain(holders)
            .fold(0usize, |sum, len| sum.saturating_add(len));
        if total > MAX_POINTERS_LEN {
            return Err(Error::too_large(
                Bounded::SdPointers,
                MAX_POINTERS_LEN as u64,
                format!(
                    "the JSON pointers of this SD-JWT's places spell out to {total} bytes, over the limit of {MAX_POINTERS_LEN} bytes (16 MiB)"
                ),
            ));
        }
        Ok(())
    }
}

/// The most bytes of JSON pointers [`Processed::check_pointers_len`] lets be spelled out.
pub const MAX_POINTERS_LEN: usize = 16 << 20;

/// A node of [`Paths`]: a place in the processed claims.
pub type Node = usize;

/// JSON pointers (RFC 6901) as a tree: each node is its parent's pointer and one token more.
/// Node 0 is the top level (the empty pointer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paths {
    /// Per node: its parent, its token (escaped as in a pointer) and its pointer's length.
    nodes: Vec<(Node, String, usize)>,
}

impl Paths {
    /// The top level.
    pub const ROOT: Node = 0;

    fn new() -> Paths {
        Paths {
            nodes: vec![(0, String::new(), 0)],
        }
    }

    /// A node under `parent` for `token`, already escaped.
    fn add(&mut self, parent: Node, token: String) -> Node {
        let len = self.len(parent) + 1 + token.len();
        self.nodes.push((parent, token, len));
        self.nodes.len() - 1
    }

    /// The length of `node`'s pointer in bytes, without spelling it out.
    pub fn len(&self, node: Node) -> usize {
        self.nodes.get(node).map_or(0, |n| n.2)
    }

    /// The tokens of `node`'s pointer (escaped), from the top.
    pub fn tokens(&self, mut node: Node) -> Vec<&str> {
        let mut out = Vec::new();
        while node != Self::ROOT {
            let Some((parent, token, _)) = self.nodes.get(node) else {
                break;
            };
            out.push(token.as_str());
            node = *parent;
        }
        out.reverse();
        out
    }

    /// `node`'s JSON pointer, spelled out.
    pub fn pointer(&self, node: Node) -> String {
        let mut out = String::with_capacity(self.len(node));
        for token in self.tokens(node) {
            out.push('/');
            out.push_str(token);
        }
        out
    }

    /// `node`'s pointer as messages and `decode` show it: "the top level" for the top, else
    /// escaped and cut after [`SHOWN_MAX`] bytes, with how many more there are; in work
    /// bounded by that and the depth, however long the pointer.
    pub fn shown(&self, node: Node) -> String {
        let total = self.len(node);
        if total <= SHOWN_MAX {
            return shown(&self.pointer(node));
        }
        let mut head = String::with_capacity(SHOWN_MAX);
        for token in self.tokens(node) {
            head.push('/');
            let room = SHOWN_MAX.saturating_sub(head.len());
            if token.len() > room {
                let mut cut = room;
                while !token.is_char_boundary(cut) {
                    cut -= 1;
                }
                head.push_str(&token[..cut]);
                break;
            }
            head.push_str(token);
        }
        format!("{}…({} more bytes)", escape_all(&head), total - head.len())
    }
}

/// Processes `payload` (the issuer JWT's claims) with `disclosures`.
pub fn process(mut payload: Map<String, Value>, disclosures: &[Disclosure]) -> Result<Processed> {
    let hash = HashAlg::of(payload.get(SD_ALG))?;
    payload.shift_remove(SD_ALG);
    let mut by_digest = HashMap::with_capacity(disclosures.len());
    for (i, d) in disclosures.iter().enumerate() {
        if let Some(first) = by_digest.insert(hash.digest(&d.encoded), i) {
            return Err(Error::rejected(
                Reason::DisclosureRepeated,
                format!(
                    "disclosures {} and {} are the same disclosure",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    let mut walk = Walk {
        disclosures,
        by_digest,
        seen: HashSet::new(),
        places: vec![None; disclosures.len()],
        undisclosed: Vec::new(),
        paths: Paths::new(),
    };
    let claims = walk.object(payload, Paths::ROOT, 1)?;
    let places = walk
        .places
        .into_iter()
        .enumerate()
        .map(|(i, place)| {
            place.ok_or_else(|| {
                let d = &disclosures[i];
                let what = match &d.name {
                    Some(name) => format!("claim \"{}\"", escape(name)),
                    None => "an array element".to_string(),
                };
                Error::rejected(
                    Reason::DisclosureUnreferenced,
                    format!(
                        "disclosure {} ({what}) is reached by no digest: it was not issued with this JWT, or was altered",
                        i + 1
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Processed {
        claims,
        hash,
        paths: walk.paths,
        places,
        undisclosed: walk.undisclosed,
    })
}

/// `token` escaped for a JSON pointer (RFC 6901 §4): `~` as `~0`, `/` as `~1`.
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Walk<'a> {
    disclosures: &'a [Disclosure],
    by_digest: HashMap<String, usize>,
    /// Every digest met so far: none may occur twice.
    seen: HashSet<String>,
    places: Vec<Option<Node>>,
    undisclosed: Vec<(Node, String)>,
    paths: Paths,
}

impl Walk<'_> {
    fn check_depth(depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::too_large(
                Bounded::SdDepth,
                MAX_DEPTH as u64,
                format!(
                    "the claims nest deeper than {MAX_DEPTH} levels once the disclosures are in place"
                ),
            ));
        }
        Ok(())
    }

    /// `value`, found under `parent` at `token`: a node is made for it only when it is an
    /// object or an array (`known` when one was made already, for a disclosure's place).
    fn value(
        &mut self,
        value: Value,
        parent: Node,
        token: impl FnOnce() -> String,
        known: Option<Node>,
        depth: usize,
    ) -> Result<Value> {
        let node = || known.unwrap_or_else(|| self.paths.add(parent, token()));
        match value {
            Value::Object(map) => {
                let node = node();
                self.object(map, node, depth + 1).map(Value::Object)
            }
            Value::Array(items) => {
                let node = node();
                self.array(items, node, depth + 1).map(Value::Array)
            }
            other => Ok(other),
        }
    }

    /// A pointer as messages show it.
    fn shown(&self, node: Node) -> String {
        self.paths.shown(node)
    }

    /// A digest met at `path`: the disclosure it names, if one was given. Fails when the digest
    /// was met before.
    fn lookup(&mut self, digest: &str, path: Node) -> Result<Option<usize>> {
        if !self.seen.insert(digest.to_string()) {
            return Err(Error::rejected(
                Reason::DigestRepeated,
                format!(
                    "digest {} occurs more than once (at {})",
                    escape(digest),
                    self.shown(path)
                ),
            ));
        }
        Ok(self.by_digest.get(digest).copied())
    }

    fn object(
        &mut self,
        mut map: Map<String, Value>,
        path: Node,
        depth: usize,
    ) -> Result<Map<String, Value>> {
        Self::check_depth(depth)?;
        let digests = match map.shift_remove(SD) {
            None => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(Error::malformed(format!(
                    "_sd at {} must be an array of digests, not {}",
                    self.shown(path),
                    json::type_name(&other)
                )));
            }
        };
        let mut out = Map::with_capacity(map.len() + digests.len());
        for (name, value) in map {
            let value = self.value(value, path, || pointer_token(&name), None, depth)?;
            out.insert(name, value);
        }
        for digest in digests {
            let Value::String(digest) = digest else {
                return Err(Error::malformed(format!(
                    "_sd at {} must hold digests (strings) only",
                    self.shown(path)
                )));
            };
            let Some(i) = self.lookup(&digest, path)? else {
                self.undisclosed.push((path, digest));
                continue;
            };
            let d = &self.disclosures[i];
            let Some(name) = d.name.clone() else {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} is an array element's ([salt, value]) but its digest is in the _sd of an object (at {})",
                        i + 1,
                        self.shown(path)
                    ),
                ));
            };
            if name == SD || name == ELLIPSIS || name == SD_ALG {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} discloses a claim named \"{name}\", which SD-JWT reserves",
                        i + 1
                    ),
                ));
            }
            if out.contains_key(&name) {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} would overwrite the claim \"{}\" already present at {}",
                        i + 1,
                        escape(&name),
                        self.shown(path)
                    ),
                ));
            }
            let here = self.paths.add(path, pointer_token(&name));
            self.places[i] = Some(here);
            let value = self.value(d.value.clone(), path, String::new, Some(here), depth)?;
            out.insert(name, value);
        }
        Ok(out)
    }

    fn array(&mut self, items: Vec<Value>, path: Node, depth: usize) -> Result<Vec<Value>> {
        Self::check_depth(depth)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let digest = match &item {
                Value::Object(map) if map.len() == 1 => match map.get(ELLIPSIS) {
                    Some(Value::String(digest)) => Some(digest.clone()),
                    Some(_) => {
                        return Err(Error::malformed(format!(
                            "an array element's digest (\"...\") at {} must be a string",
                            self.shown(path)
                        )));
                    }
                    None => None,
                },
                _ => None,
            };
            let index = out.len();
            let Some(digest) = digest else {
                out.push(self.value(item, path, || index.to_string(), None, depth)?);
                continue;
            };
            let Some(i) = self.lookup(&digest, path)? else {
                self.undisclosed.push((path, digest));
                continue;
            };
            let d = &self.disclosures[i];
            if let Some(name) = &d.name {
                return Err(Error::rejected(
                    Reason::BadDisclosure,
                    format!(
                        "disclosure {} is an object member's (claim \"{}\") but its digest is an element of the array at {}",
                        i + 1,
                        escape(name),
                        self.shown(path)
                    ),
                ));
            }
            let here = self.paths.add(path, index.to_string());
            self.places[i] = Some(here);
            let value = self.value(d.value.clone(), path, String::new, Some(here), depth)?;
            out.push(value);
        }
        Ok(out)
    }
}

/// A pointer as messages show it: the top level is "the top level".
pub fn shown(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_string()
    } else {
        escape(path).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn disclose(name: Option<&str>, value: Value) -> (Disclosure, String) {
        let d = Disclosure::new(name, value).unwrap();
        let digest = HashAlg::Sha256.digest(&d.encoded);
        (d, digest)
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn code(r: Result<Processed>) -> Option<&'static str> {
        r.err().and_then(|e| e.kind.code())
    }

    #[test]
    fn digests_become_claims_and_undisclosed_ones_vanish() {
        let (street, ds) = disclose(Some("street"), json!("Main St"));
        let (addr, da) = disclose(Some("address"), json!({"_sd": [ds], "country": "DE"}));
        let (nat, dn) = disclose(None, json!("FR"));
        let payload = obj(json!({
            "_sd": [da, "decoy"],
            "_sd_alg": "sha-256",
            "iss": "i",
            "nationalities": [{"...": dn}, "DE", {"...": "other"}]
        }));
        let p = process(payload, &[street, addr, nat]).unwrap();
        assert_eq!(
            Value::Object(p.claims),
            json!({"iss": "i", "nationalities": ["FR", "DE"],
                   "address": {"country": "DE", "street": "Main St"}})
        );
        assert_eq!(
            p.places
                .iter()
                .map(|&n| p.paths.pointer(n))
                .collect::<Vec<_>>(),
            ["/address/street", "/address", "/nationalities/0"]
        );
        assert_eq!(
            p.undisclosed
                .iter()
                .map(|(n, d)| (p.paths.pointer(*n), d.clone()))
                .collect::<Vec<_>>(),
            [
                ("/nationalities".to_string(), "other".to_string()),
                ("".to_string(), "decoy".to_string())
            ]
        );
    }

    #[test]
    fn every_rule_of_section_7_1_has_its_code() {
        let (a, da) = disclose(Some("a"), json!(1));
        // A disclosure reached by no digest (a tampered one is).
        assert_eq!(
            code(process(obj(json!({})), std::slice::from_ref(&a))),
            Some("disclosure_unreferenced")
        );
        // The same disclosure twice.
        assert_eq!(
            code(process(obj(json!({"_sd": [da]})), &[a.clone(), a.clone()])),
            Some("disclosure_repeated")
        );
        // A digest twice, in one _sd or across places.
        assert_eq!(
            code(process(
                obj(json!({"_sd": [da, da]})),
                std::slice::from_ref(&a)
            )),
            Some("digest_repeated")
        );
        assert_eq!(
            code(process(
                obj(json!({"_sd": ["x"], "o": {"_sd": ["x"]}})),
                &[]
            )),
            Some("digest_repeated")
        );
        // Overwriting a claim that is there.
        assert_eq!(
            code(process(
                obj(json!({"_sd": [da], "a": 2})),
                std::slice::from_ref(&a)
            )),
            Some("bad_disclosure")
        );
        // Reserved names.
        // _sd_alg too: it names the digests' hash at the top level only (§4.1.1), where a
        // disclosure of it would come back after processing removed the issuer's.
        for name in ["_sd", "...", "_sd_alg"] {
            let (r, dr) = disclose(Some(name), json!(1));
            assert_eq!(
                code(process(obj(json!({"_sd": [dr]})), &[r])),
                Some("bad_disclosure"),
                "{name}"
            );
        }
        // The wrong shape for where its digest is.
        let (e, de) = disclose(None, json!(1));
        assert_eq!(
            code(process(obj(json!({"_sd": [de]})), std::slice::from_ref(&e))),
            Some("bad_disclosure")
        );
        assert_eq!(
            code(process(
                obj(json!({"l": [{"...": da}]})),
                std::slice::from_ref(&a)
            )),
            Some("bad_disclosure")
        );
        // An unsupported hash.
        assert_eq!(
            code(process(obj(json!({"_sd_alg": "md5"})), &[])),
            Some("sd_alg_unsupported")
        );
        // _sd that is not an array of strings.
        assert_eq!(
            code(process(obj(json!({"_sd": "x"})), &[])),
            Some("malformed")
        );
        assert_eq!(
            code(process(obj(json!({"_sd": [1]})), &[])),
            Some("malformed")
        );
    }

    #[test]
    fn nesting_through_disclosures_is_bounded() {
        // Each disclosure holds the digest of the next: the JSON of each is shallow, but the
        // claims they make nest without end.
        let mut disclosures = Vec::new();
        let (leaf, mut digest) = disclose(Some("n"), json!(0));
        disclosures.push(leaf);
        for _ in 0..MAX_DEPTH {
            let (d, next) = disclose(Some("n"), json!({"_sd": [digest]}));
            disclosures.push(d);
            digest = next;
        }
        let e = process(obj(json!({"_sd": [digest]})), &disclosures).unwrap_err();
        assert_eq!(
            e.kind,
            crate::Kind::TooLarge {
                what: Bounded::SdDepth,
                limit: MAX_DEPTH as u64
            }
        );
        // Well within the bound, the same chain is fine.
        let p = process(
            obj(json!({"_sd": [HashAlg::Sha256.digest(&disclosures[3].encoded)]})),
            &disclosures[..4],
        )
        .unwrap();
        assert_eq!(p.paths.pointer(p.places[0]), "/n/n/n/n");
    }

    #[test]
    fn memory_stays_proportional_to_the_input() {
        // One long key holding many digests (the outside review's 21 GB case, scaled down):
        // the paths are kept once per object, not once per digest.
        let key = "k".repeat(100_000);
        let digests: Vec<String> = (0..20_000).map(|i| format!("d{i}")).collect();
        let input = 100_000 + 20_000 * 8;
        let p = process(obj(json!({ key.clone(): {"_sd": digests} })), &[]).unwrap();
        assert_eq!(p.undisclosed.len(), 20_000);
        let stored: usize = p.paths.nodes.iter().map(|n| n.1.len()).sum();
        assert!(stored <= input, "{stored} bytes of paths kept");
        // Every digest is in the one object under the long key.
        assert!(p.undisclosed.iter().all(|(n, _)| *n == p.undisclosed[0].0));
        assert_eq!(p.paths.len(p.undisclosed[0].0), 100_001);
        // Many objects side by side under the long key: still one token each.
        let many: Vec<Value> = (0..20_000)
            .map(|i| json!({"_sd": [format!("e{i}")]}))
            .collect();
        let p = process(obj(json!({ key: many })), &[]).unwrap();
        let stored: usize = p.paths.nodes.iter().map(|n| n.1.len()).sum();
        assert!(
            stored <= 100_000 + 20_000 * 6,
            "{stored} bytes of paths kept"
        );
        assert_eq!(p.paths.pointer(p.undisclosed[19_999].0).len(), 100_007);
    }

    #[test]
    fn undisclosed_digests_are_grouped_in_the_order_first_met() {
        // 30,000 distinct objects (decode once grouped them with a linear search each: quadratic).
        let many: Vec<Value> = (0..30_000)
            .map(|i| json!({"_sd": [format!("a{i}"), format!("b{i}")]}))
            .collect();
        let p = process(obj(json!({"_sd": ["t"], "l": many})), &[]).unwrap();
        let groups = p.undisclosed_by_place();
        assert_eq!(groups.len(), 30_001);
        assert_eq!(
            (p.paths.pointer(groups[0].0), groups[0].1.clone()),
            ("/l/0".to_string(), vec!["a0", "b0"])
        );
        assert_eq!(p.paths.pointer(groups[29_999].0), "/l/29999");
        assert_eq!(
            (p.paths.pointer(groups[30_000].0), groups[30_000].1.clone()),
            (String::new(), vec!["t"])
        );
    }

    #[test]
    fn long_pointers_are_shown_cut() {
        let mut paths = Paths::new();
        let a = paths.add(Paths::ROOT, "é".repeat(300));
        let b = paths.add(a, "x".into());
        assert_eq!(paths.len(b), 603);
        // 1 + 99 two-byte characters fit in 200 bytes.
        assert_eq!(
            paths.shown(b),
            format!("/{}…(404 more bytes)", "é".repeat(99))
        );
        let c = paths.add(Paths::ROOT, "a\u{1b}".into());
        assert_eq!(paths.shown(c), "/a\\x1b");
        assert_eq!(paths.shown(Paths::ROOT), "the top level");
        assert_eq!(paths.pointer(Paths::ROOT), "");
    }

    #[test]
    fn the_depth_bound_is_the_json_parser_s() {
        // As deep as the parser reads: processed as it is.
        let nested = |levels: usize| "{\"a\":".repeat(levels - 1) + "{}" + &"}".repeat(levels - 1);
        let deepest = json::parse(nested(MAX_DEPTH).as_bytes()).unwrap();
        assert!(json::parse(nested(MAX_DEPTH + 1).as_bytes()).is_err());
        let Value::Object(map) = deepest.clone() else {
            panic!()
        };
        process(map, &[]).unwrap();
        // A level more through a disclosure: refused, as the parser refuses it.
        let (d, digest) = disclose(Some("a"), json!({}));
        let mut inner = json!({"_sd": [digest]});
        for _ in 0..MAX_DEPTH - 1 {
            inner = json!({ "a": inner });
        }
        let Value::Object(map) = inner else { panic!() };
        let e = process(map, &[d]).unwrap_err();
        assert_eq!(e.kind.code(), Some("malformed"));
        assert!(
            e.message.contains("deeper than 127 levels"),
            "{}",
            e.message
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
