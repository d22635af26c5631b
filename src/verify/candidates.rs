//! Which key verifies which algorithm: the candidates an [`super::Engine`] tries for a token,
//! prepared once from the keys, the allowed algorithms and the policy.

use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::jose::jws;
use crate::keys::Key;
use crate::keys::load::Origin;
use crate::keys::trust::{self, Op};

use super::Policy;

/// A key and an algorithm it may verify. The verifier (the key parsed for that algorithm by
/// aws-lc-rs) is made when a token first asks for it: an RSA key may verify six algorithms and
/// a token uses one, so parsing it six times up front was most of a one-token verify's own work.
/// The first algorithm of each key is parsed up front, so that a key aws-lc-rs refuses is
/// refused before any token is read.
pub(super) struct Candidate {
    pub key: usize,
    pub alg: Alg,
    verifier: OnceLock<Option<jws::Verifier>>,
}

impl Candidate {
    /// The verifier, made on first use. `None` only if aws-lc-rs refuses for this algorithm a
    /// key it took for another (it does not: the RSA algorithms share their key sizes, and each
    /// curve has one algorithm); a token is then not verified by this key.
    pub fn verifier(&self, keys: &[Key]) -> Option<&jws::Verifier> {
        self.verifier
            .get_or_init(|| jws::Verifier::new(&keys[self.key], self.alg).ok())
            .as_ref()
    }
}

/// The candidates for `allowed`, and the warnings the user should hear (an allowed algorithm
/// that no key of a set may verify). Fails (a key problem) when an allowed algorithm fits none
/// of the keys given one by one, or when no key can verify any allowed algorithm.
pub(super) fn prepare(
    keys: &[Key],
    origin: Origin,
    allowed: &[Alg],
    policy: &Policy,
) -> Result<(Vec<Candidate>, Vec<String>)> {
    let mut verifiers = Vec::new();
    let mut warnings = Vec::new();
    let mut first_refusal = None;
    // Which keys have been parsed by aws-lc-rs for one of their algorithms already.
    let mut parsed = vec![false; keys.len()];
    for &alg in allowed {
        let mut fits = false;
        let mut refusal = None;
        for (i, key) in keys.iter().enumerate() {
            if key.family() != alg.family() {
                continue;
            }
            // The key's checks for this algorithm (family, declared alg, use, strength)
            // run here, for every algorithm; the parse, once per key.
            let verifier = OnceLock::new();
            let outcome = if parsed[i] {
                trust::permits(key, alg, Op::Verify)
            } else {
                jws::Verifier::new(key, alg).map(|v| {
                    parsed[i] = true;
                    let _ = verifier.set(Some(v));
                })
            };
            match outcome {
                Ok(()) => {
                    fits = true;
                    verifiers.push(Candidate {
                        key: i,
                        alg,
                        verifier,
                    });
                }
                Err(e) => {
                    refusal.get_or_insert(e);
                }
            }
        }
        if !fits && !policy.algs.is_empty() {
            // An allowed algorithm that the key's own declaration rules out names that key.
            // With one key that is an error; a set (an identity provider's, which rotates
            // keys and algorithms) may hold keys for only some of the allowed algorithms.
            let setting = format!("{} {alg}", policy.names.algs);
            let e = match refusal {
                Some(e) => e.context(setting),
                None => {
                    let have: Vec<String> = keys.iter().map(Key::describe).collect();
                    Error::key(format!(
                        "{setting}: no key given can verify it (needs {}; have {})",
                        alg.family().describe(),
                        have.join(", ")
                    ))
                }
            };
            if origin == Origin::Single {
                return Err(e);
            }
            warnings.push(format!(
                "{}; tokens signed with {alg} will be rejected",
                e.message
            ));
            first_refusal.get_or_insert(e);
        }
    }
    if verifiers.is_empty() {
        return Err(first_refusal
            .unwrap_or_else(|| Error::key("none of the keys can verify any allowed algorithm")));
    }
    Ok((verifiers, warnings))
}

#[cfg(test)]
mod tests {
    use super::super::Engine;
    use super::*;
    use crate::jose::alg::Family;
    use crate::jose::token;
    use crate::keys::generate::{KeySpec, generate};
    use crate::keys::load::KeySet;
    use serde_json::{Map, Value};

    /// An RSA key is parsed for its first algorithm up front and for the five others when a
    /// token first asks: each verifies, from several threads at once (as `--batch` asks), and
    /// a token signed by another key still fails under every algorithm.
    #[test]
    fn each_algorithm_of_a_key_verifies_when_first_asked() {
        let key = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        let other = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        let set = KeySet {
            keys: vec![key.public().unwrap()],
            origin: Origin::Single,
            warnings: vec![],
        };
        let engine = Engine::new(set, Policy::default()).unwrap();
        let rsa = Family::Rsa.algorithms();
        assert_eq!(engine.allowed(), rsa);
        let made = |signing: &Key, alg: Alg| {
            let signer = jws::Signer::new(signing, alg).unwrap();
            let mut header = Map::new();
            header.insert("alg".into(), Value::from(alg.name()));
            token::assemble(&header, br#"{"exp":4102444800}"#, |i| signer.sign(i)).unwrap()
        };
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for alg in rsa.iter().rev() {
                        assert_eq!(engine.verify(&made(&key, *alg)).unwrap().alg, *alg);
                        let forged = engine.verify(&made(&other, *alg)).unwrap_err();
                        assert_eq!(forged.kind.code(), Some("bad_signature"), "{alg}");
                    }
                });
            }
        });
    }
}
