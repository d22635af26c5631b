//! `jwtctl decode` of an SD-JWT (RFC 9901): the issuer JWT as any token, then each disclosure
//! where it lands, the undisclosed digests and the Key Binding JWT. Nothing is verified.

use serde_json::{Map, Value, json};

use jwtctl::Token;
use jwtctl::jose::token::{Jws, Payload};
use jwtctl::present::inspect::{Finding, Severity};
use jwtctl::present::output::{Paint, json_document, json_pretty, paint};
use jwtctl::sd_jwt::process::{Processed, process};
use jwtctl::sd_jwt::{Disclosure, Presentation};
use jwtctl::text::{json_quote, json_string};
use jwtctl::{Error, Result};

use super::super::{Context, Outcome};
use super::{annotated_claims, heading, human_jws, payload_text};
use crate::cli::DecodeArgs;

/// An SD-JWT or a presentation (RFC 9901): the issuer JWT as any JWS, then each disclosure
/// (salt, name, value, digest and where it lands), the digests left undisclosed, and the Key
/// Binding JWT. A presentation that breaks the rules of processing (a disclosure no digest
/// reaches, a digest twice) is still shown, with the rule it breaks as a finding.
pub(super) fn run(args: &DecodeArgs, text: &str, ctx: &mut Context) -> Result<Outcome> {
    let presentation = Presentation::parse(text)?;
    let disclosures = presentation.decode_disclosures()?;
    let (token, padding) = jwtctl::jose::token::parse_lenient(&presentation.jwt)
        .map_err(|e| e.context("the issuer JWT"))?;
    let Token::Jws(jws) = token else {
        return Err(Error::malformed(
            "the issuer JWT of an SD-JWT is signed (3 segments), not encrypted",
        ));
    };
    let kb = match &presentation.kb_jwt {
        Some(kb) => {
            match jwtctl::jose::token::parse(kb).map_err(|e| e.context("the Key Binding JWT"))? {
                Token::Jws(kb) => Some(kb),
                Token::Jwe(_) => return Err(Error::malformed("the Key Binding JWT is encrypted")),
            }
        }
        None => None,
    };
    let processed = match &jws.payload {
        Payload::Claims(map) => process(map.clone(), &disclosures),
        Payload::Other { why, .. } => Err(Error::malformed(format!(
            "the issuer JWT's payload is not a claims set: {why}"
        ))),
    };
    let (processed, problem) = match processed {
        Ok(p) => (Some(p), None),
        Err(e) => (None, Some(e.message)),
    };
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    let out = if args.json {
        if let Some(p) = &processed {
            p.check_pointers_len()?;
        }
        json_document(
            &sd_json(&jws, &disclosures, processed, kb.as_ref(), problem),
            tty,
            color,
        )
    } else if args.header {
        json_document(&Value::Object(jws.header.clone()), tty, color)
    } else if args.payload {
        match &jws.payload {
            Payload::Claims(map) => json_document(&Value::Object(map.clone()), tty, color),
            Payload::Other { bytes, .. } => payload_text(bytes) + "\n",
        }
    } else {
        let mut findings: Vec<Finding> = padding
            .into_iter()
            .map(|text| Finding {
                severity: Severity::Problem,
                text,
            })
            .collect();
        if let Some(problem) = &problem {
            findings.push(Finding {
                severity: Severity::Problem,
                text: format!("sd-jwt verify rejects this: {problem}"),
            });
        }
        let mut out = human_jws(&jws, &jws.header, ctx.now, args.date, color, tty, findings);
        out.push('\n');
        out.push_str(&human_disclosures(&disclosures, processed.as_ref(), color));
        if let Some(kb) = &kb {
            out.push('\n');
            out.push_str(&heading("Key Binding JWT", color));
            out.push('\n');
            out.push_str(&json_pretty(&Value::Object(kb.header.clone()), color));
            out.push('\n');
            match &kb.payload {
                Payload::Claims(map) => {
                    out.push_str(&annotated_claims(map, ctx.now, args.date, color, tty))
                }
                Payload::Other { bytes, .. } => out.push_str(&payload_text(bytes)),
            }
            out.push('\n');
        }
        out
    };
    ctx.term.print(&out)?;
    ctx.term.notice(
        "note: the signatures were not verified; use 'jwtctl sd-jwt verify' to check the SD-JWT",
    );
    Ok(Outcome::Success)
}

/// `decode --json` of an SD-JWT.
fn sd_json(
    jws: &Jws,
    disclosures: &[Disclosure],
    processed: Option<Processed>,
    kb: Option<&Jws>,
    problem: Option<String>,
) -> Value {
    let places: Option<Vec<String>> = processed
        .as_ref()
        .map(|p| p.places.iter().map(|&n| p.paths.pointer(n)).collect());
    let listed: Vec<Value> = disclosures
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut e = Map::new();
            e.insert("disclosure".into(), Value::from(d.encoded.as_str()));
            e.insert("salt".into(), Value::from(d.salt.as_str()));
            if let Some(name) = &d.name {
                e.insert("name".into(), Value::from(name.as_str()));
            }
            e.insert("value".into(), d.value.clone());
            if let Some(place) = places.as_ref().and_then(|p| p.get(i)) {
                e.insert("place".into(), Value::from(place.as_str()));
            }
            Value::Object(e)
        })
        .collect();
    let mut map = Map::new();
    map.insert("header".into(), Value::Object(jws.header.clone()));
    map.insert("payload".into(), jws.payload.clone().into_json());
    map.insert("signature".into(), Value::from(jws.signature_b64.as_str()));
    map.insert("disclosures".into(), Value::Array(listed));
    if let Some(p) = processed {
        let undisclosed: Vec<Value> = p
            .undisclosed_by_place()
            .into_iter()
            .map(|(at, digests)| json!({"at": p.paths.pointer(at), "digests": digests}))
            .collect();
        map.insert("undisclosed".into(), Value::Array(undisclosed));
        map.insert("claims".into(), Value::Object(p.claims));
    }
    if let Some(problem) = problem {
        map.insert("problem".into(), Value::from(problem));
    }
    map.insert(
        "key_binding".into(),
        match kb {
            Some(kb) => json!({
                "header": kb.header,
                "payload": kb.payload.clone().into_json(),
                "signature": kb.signature_b64,
            }),
            None => Value::Null,
        },
    );
    Value::Object(map)
}

/// Each disclosure on a line (where it lands, its value), with its salt; then the digests that
/// no disclosure was given for, counted by where they are.
fn human_disclosures(
    disclosures: &[Disclosure],
    processed: Option<&Processed>,
    color: bool,
) -> String {
    let mut out = heading(&format!("Disclosures ({})", disclosures.len()), color);
    out.push('\n');
    if disclosures.is_empty() {
        out.push_str("  none\n");
    }
    for (i, d) in disclosures.iter().enumerate() {
        let place = processed.and_then(|p| p.places.get(i).map(|&n| p.paths.shown(n)));
        let place = match (place, &d.name) {
            (Some(place), _) => place,
            (None, Some(name)) => format!("{} (reached by no digest)", json_string(name)),
            (None, None) => "an array element (reached by no digest)".to_string(),
        };
        out.push_str(&format!(
            "  {}. {}: {}\n     {}\n",
            i + 1,
            paint(&place, Paint::Key, color),
            json_quote(&d.value),
            paint(&format!("salt {}", json_string(&d.salt)), Paint::Dim, color)
        ));
    }
    if let Some(p) = processed {
        let counts = p.undisclosed_by_place();
        out.push('\n');
        out.push_str(&heading(
            &format!("Undisclosed digests ({})", p.undisclosed.len()),
            color,
        ));
        out.push('\n');
        if counts.is_empty() {
            out.push_str("  none\n");
        }
        for (at, digests) in counts {
            out.push_str(&format!(
                "  {} at {} (claims not disclosed, or decoys)\n",
                digests.len(),
                p.paths.shown(at)
            ));
        }
    }
    out
}
