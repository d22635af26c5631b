//! Making a presentation (RFC 9901 §7.2): the holder keeps the disclosures the verifier is to
//! see and drops the others, then, when the SD-JWT is bound to a key, signs a Key Binding JWT
//! over the result. The holder need not (and here does not) verify the issuer's signature; the
//! SD-JWT is processed to learn where each disclosure lands.

use serde_json::{Map, Value};

use super::issue::parse_pointer;
use super::kb::{self, Binding};
use super::process::{Node, Paths, pointer_token, process};
use super::{HashAlg, Presentation, SEPARATOR};
use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::jose::token::{self, Token};
use crate::keys::Key;
use crate::keys::jwk::{ThumbprintHash, thumbprint};
use crate::text::escape;

/// An SD-JWT read by its holder: its claims with every disclosure in place, and where each
/// disclosure lands.
#[derive(Debug, Clone)]
pub struct Held {
    presentation: Presentation,
    pub claims: Map<String, Value>,
    pub hash: HashAlg,
    /// Where each disclosure lands, as a node of `paths`.
    pub places: Vec<Node>,
    pub paths: Paths,
}

impl Held {
    /// Reads an SD-JWT as issued: one that already ends in a KB-JWT is refused (a holder
    /// presents the SD-JWT it was given, RFC 9901 §7.2).
    pub fn read(text: &str) -> Result<Held> {
        let presentation = Presentation::parse(text)?;
        if presentation.kb_jwt.is_some() {
            return Err(Error::malformed(
                "this SD-JWT already ends in a Key Binding JWT: it is a presentation, not an SD-JWT as issued",
            )
            .with_hint("give the SD-JWT as the issuer made it (ending in '~')"));
        }
        let disclosures = presentation.decode_disclosures()?;
        let payload = match token::parse(&presentation.jwt)? {
            Token::Jws(jws) => jws.claims()?.clone(),
            Token::Jwe(_) => {
                return Err(Error::malformed(
                    "the issuer JWT is encrypted (JWE); an SD-JWT's is signed",
                ));
            }
        };
        let processed = process(payload, &disclosures)?;
        Ok(Held {
            presentation,
            claims: processed.claims,
            hash: processed.hash,
            places: processed.places,
            paths: processed.paths,
        })
    }

    /// The presentation of the claims at `pointers` (JSON pointers into the fully disclosed
    /// claims): the issuer JWT and the disclosures at, above and below each pointer, in the
    /// order given, ending in `~`. A pointer that names no claim, or a claim no disclosure is
    /// needed for, is an error.
    pub fn select(&self, pointers: &[String]) -> Result<String> {
        let mut keep = vec![false; self.places.len()];
        for text in pointers {
            let tokens: Vec<String> = parse_pointer(text)?
                .iter()
                .map(|t| pointer_token(t))
                .collect();
            let pointer: String = tokens.iter().map(|t| format!("/{t}")).collect();
            let exists = Value::Object(self.claims.clone())
                .pointer(&pointer)
                .is_some();
            if !exists {
                return Err(Error::usage(format!(
                    "the pointer \"{}\" names no claim of this SD-JWT (pointers name places in its fully disclosed claims)",
                    escape(text)
                )));
            }
            let mut any = false;
            for (i, &place) in self.places.iter().enumerate() {
                // At, above or below: one pointer's tokens begin the other's.
                let related = self
                    .paths
                    .tokens(place)
                    .iter()
                    .zip(&tokens)
                    .all(|(a, b)| *a == b.as_str());
                if related {
                    keep[i] = true;
                    any = true;
                }
            }
            if !any {
                return Err(Error::usage(format!(
                    "the pointer \"{}\" names a claim that is always shown: nothing there or above it is selectively disclosable",
                    escape(text)
                )));
            }
        }
        let mut out = self.presentation.jwt.clone();
        out.push(SEPARATOR);
        for (d, kept) in self.presentation.disclosures.iter().zip(keep) {
            if kept {
                out.push_str(d);
                out.push(SEPARATOR);
            }
        }
        Ok(out)
    }

    /// `presentation` (from [`Held::select`]) with a KB-JWT signed by `key`, which must be the
    /// private half of the SD-JWT's `cnf.jwk`.
    pub fn bind(
        &self,
        presentation: &str,
        key: &Key,
        alg: Alg,
        binding: &Binding,
    ) -> Result<String> {
        let bound = kb::holder_key(&self.claims)
            .map_err(|e| Error::key(format!("cannot add key binding: {}", e.message)))?;
        let public = key.public().unwrap_or_else(|| key.clone());
        if thumbprint(&public, ThumbprintHash::Sha256) != thumbprint(&bound, ThumbprintHash::Sha256)
        {
            return Err(Error::key(format!(
                "the holder key is not the key this SD-JWT is bound to (cnf.jwk, {})",
                bound.describe()
            )));
        }
        let kb_jwt = kb::make(presentation, self.hash, key, alg, binding)?;
        Ok(format!("{presentation}{kb_jwt}"))
    }
}
