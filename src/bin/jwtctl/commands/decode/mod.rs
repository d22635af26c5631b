//! `jwtctl decode`: show a token without verifying it.

use serde_json::{Map, Value, json};

use jwtctl::Token;
use jwtctl::input::time::Zone;
use jwtctl::jose::b64;
use jwtctl::jose::token::{Jwe, Jws, NotClaims, Payload};
use jwtctl::jose::{jwe_json, jws_json};
use jwtctl::present::inspect::{self, Finding, Severity};
use jwtctl::present::kind;
use jwtctl::present::output::{Paint, json_document, json_pretty, paint};
use jwtctl::sd_jwt::Presentation;
use jwtctl::text;
use jwtctl::text::json_string;
use jwtctl::{Error, Result};

mod sd_jwt;

use super::{Context, Outcome, read_token};
use crate::cli::DecodeArgs;

pub fn run(args: DecodeArgs, ctx: &mut Context) -> Result<Outcome> {
    let text = read_token(ctx, args.token.as_deref())?;
    if jws_json::is_json(&text) {
        return json_serialized(&args, &text, ctx);
    }
    if Presentation::is_sd_jwt(&text) {
        return sd_jwt::run(&args, &text, ctx);
    }
    let (token, padding) = jwtctl::jose::token::parse_lenient(&text)?;
    let extra: Vec<Finding> = padding
        .into_iter()
        .map(|text| Finding {
            severity: Severity::Problem,
            text,
        })
        .collect();
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    let json_out = |v: &Value| json_document(v, tty, color);
    let out = match &token {
        Token::Jws(jws) => {
            if args.json {
                json_out(&json!({
                    "header": jws.header,
                    "payload": jws.payload.clone().into_json(),
                    "signature": jws.signature_b64,
                }))
            } else if args.header {
                json_out(&Value::Object(jws.header.clone()))
            } else if args.payload {
                match &jws.payload {
                    Payload::Claims(map) => json_out(&Value::Object(map.clone())),
                    Payload::Other { bytes, .. } => payload_text(bytes) + "\n",
                }
            } else {
                human_jws(
                    jws,
                    &jws.header,
                    ctx.now,
                    args.date,
                    color,
                    ctx.term.stdout_is_terminal(),
                    extra,
                )
            }
        }
        Token::Jwe(jwe) => {
            if args.payload {
                return Err(Error::usage(
                    "--payload: this token is a JWE; its payload is encrypted",
                )
                .with_hint("decrypt it with the recipient's key first"));
            }
            if args.json {
                json_out(&json!({"header": jwe.header, "encrypted": true}))
            } else if args.header {
                json_out(&Value::Object(jwe.header.clone()))
            } else {
                human_jwe(jwe, color, extra)
            }
        }
    };
    ctx.term.print(&out)?;
    ctx.term.notice(match token {
        Token::Jws(_) => "note: the signature was not verified; use 'jwtctl verify' to check it",
        Token::Jwe(_) => "note: this is an encrypted token (JWE); only its header can be shown",
    });
    Ok(Outcome::Success)
}

/// A non-JSON payload as text (control characters made visible), or base64url when it is not
/// UTF-8 text.
fn payload_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(shown) => text::escape_lines(shown).into_owned(),
        Err(_) => b64::encode(bytes),
    }
}

/// A token in JSON serialization (RFC 7515 §7.2): every signature's header, the payload once.
fn json_serialized(args: &DecodeArgs, text: &str, ctx: &mut Context) -> Result<Outcome> {
    let is_jwe = jwtctl::jose::json::parse_object(text.as_bytes())
        .is_ok_and(|doc| doc.contains_key("ciphertext"));
    if is_jwe {
        return json_jwe(args, text, ctx);
    }
    let signed = jws_json::parse_json(text)?;
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    let payload = match signed.content(None) {
        Ok(content) => Some(content.payload()),
        Err(_) => None,
    };
    let headers: Vec<Value> = signed
        .signatures
        .iter()
        .map(|s| Value::Object(s.header.clone()))
        .collect();
    let out = if args.json {
        let signatures: Vec<Value> = signed
            .signatures
            .iter()
            .map(|s| {
                let mut e = Map::new();
                e.insert("header".into(), Value::Object(s.header.clone()));
                if !s.unprotected.is_empty() {
                    let names: Vec<&String> = s.unprotected.keys().collect();
                    e.insert("unprotected".into(), json!(names));
                }
                e.insert("signature".into(), Value::from(s.signature_b64.as_ref()));
                Value::Object(e)
            })
            .collect();
        json_document(
            &json!({
                "serialization": signed.form.name(),
                "payload": payload.map(Payload::into_json),
                "signatures": signatures,
            }),
            tty,
            color,
        )
    } else if args.header {
        json_document(&Value::Array(headers), tty, color)
    } else if args.payload {
        match payload {
            Some(Payload::Claims(map)) => json_document(&Value::Object(map), tty, color),
            Some(Payload::Other { bytes, .. }) => payload_text(&bytes) + "\n",
            None => {
                return Err(Error::usage(
                    "--payload: the payload is detached; this JWS does not carry it",
                ));
            }
        }
    } else {
        let mut out = String::new();
        for (i, s) in signed.signatures.iter().enumerate() {
            let jws = Jws {
                header: s.header.clone(),
                payload: payload.clone().unwrap_or(Payload::Other {
                    bytes: Vec::new(),
                    why: NotClaims::NotJson("detached".to_string()),
                }),
                signature: s.signature.clone(),
                signing_input: String::new(),
                signature_b64: s.signature_b64.to_string(),
            };
            let mut extra = Vec::new();
            if i == 0 {
                extra.push(Finding {
                    severity: Severity::Note,
                    text: format!(
                        "{} JSON serialization, {} signature{}{}",
                        signed.form.name(),
                        signed.signatures.len(),
                        if signed.signatures.len() == 1 {
                            ""
                        } else {
                            "s"
                        },
                        if payload.is_none() {
                            ", detached payload"
                        } else {
                            ""
                        }
                    ),
                });
            }
            if !s.unprotected.is_empty() {
                let names: Vec<String> = s.unprotected.keys().map(|k| json_string(k)).collect();
                extra.push(Finding {
                    severity: Severity::Note,
                    text: format!("unprotected header members: {}", names.join(", ")),
                });
            }
            if signed.signatures.len() > 1 {
                out.push_str(&heading(&format!("Signature {i}"), color));
                out.push_str("\n\n");
            }
            // What the token is, only as its signature covers it: an unprotected typ says
            // nothing.
            let mut protected = jws.header.clone();
            protected.retain(|k, _| !s.unprotected.contains_key(k));
            out.push_str(&human_jws(
                &jws,
                &protected,
                ctx.now,
                args.date,
                color,
                ctx.term.stdout_is_terminal(),
                extra,
            ));
            if i + 1 < signed.signatures.len() {
                out.push('\n');
            }
        }
        out
    };
    ctx.term.print(&out)?;
    ctx.term
        .notice("note: the signatures were not verified; use 'jwtctl verify' to check them");
    Ok(Outcome::Success)
}

/// A JWE in JSON serialization (RFC 7516 §7.2): each recipient's header; nothing else can be
/// read without a key.
fn json_jwe(args: &DecodeArgs, text: &str, ctx: &mut Context) -> Result<Outcome> {
    if args.payload {
        return Err(
            Error::usage("--payload: this token is a JWE; its payload is encrypted")
                .with_hint("decrypt it with the recipient's key first"),
        );
    }
    let jwe = jwe_json::parse_json(text)?;
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    let headers: Vec<Value> = jwe
        .recipients
        .iter()
        .map(|r| Value::Object(r.header.clone()))
        .collect();
    let out = if args.json {
        json_document(
            &json!({
                "serialization": jwe.form.name(),
                "encrypted": true,
                "protected": jwe.protected,
                "unprotected": jwe.shared,
                "recipients": headers.iter().map(|h| json!({"header": h})).collect::<Vec<_>>(),
                "aad": jwe.aad_b64,
            }),
            tty,
            color,
        )
    } else if args.header {
        json_document(&Value::Array(headers), tty, color)
    } else {
        let mut out = String::new();
        for (i, r) in jwe.recipients.iter().enumerate() {
            out.push_str(&heading(
                &format!("Header (JWE, recipient {i}; protected and unprotected)"),
                color,
            ));
            out.push('\n');
            out.push_str(&json_pretty(&Value::Object(r.header.clone()), color));
            out.push('\n');
            let mut findings = Vec::new();
            inspect::header_findings(&r.header, inspect::HeaderOf::Jwe, &mut findings);
            out.push_str(&render_findings(&findings, color));
            out.push('\n');
        }
        out.push_str(&format!(
            "{} {} bytes of ciphertext for {} recipient{} ({} JSON serialization{}); decrypt it with a recipient's key\n",
            heading("Encrypted", color),
            jwe.ciphertext.len(),
            jwe.recipients.len(),
            if jwe.recipients.len() == 1 { "" } else { "s" },
            jwe.form.name(),
            if jwe.aad_b64.is_some() { ", with aad" } else { "" }
        ));
        out
    };
    ctx.term.print(&out)?;
    ctx.term
        .notice("note: this is an encrypted token (JWE); only its headers can be shown");
    Ok(Outcome::Success)
}

fn heading(text: &str, color: bool) -> String {
    paint(text, Paint::Heading, color)
}

/// A JWS for people: header, payload (each claim glossed when `gloss`: on a terminal), the
/// signature (not verified), the findings, what kind of token it looks like among them.
fn human_jws(
    jws: &Jws,
    protected: &Map<String, Value>,
    now: i64,
    zone: Zone,
    color: bool,
    gloss: bool,
    extra: Vec<Finding>,
) -> String {
    let mut out = String::new();
    out.push_str(&heading("Header", color));
    out.push('\n');
    out.push_str(&json_pretty(&Value::Object(jws.header.clone()), color));
    out.push_str("\n\n");
    match &jws.payload {
        Payload::Claims(map) => {
            out.push_str(&heading("Payload", color));
            out.push('\n');
            out.push_str(&annotated_claims(map, now, zone, color, gloss));
        }
        Payload::Other { bytes, why } => {
            out.push_str(&heading(
                &format!(
                    "Payload ({} bytes, {})",
                    bytes.len(),
                    match why {
                        NotClaims::NotJson(_) => "not JSON".to_string(),
                        NotClaims::NotObject(_) => why.to_string(),
                    }
                ),
                color,
            ));
            out.push('\n');
            out.push_str(&payload_text(bytes));
        }
    }
    out.push_str("\n\n");
    let alg = jws.header.get("alg").and_then(Value::as_str).unwrap_or("?");
    out.push_str(&format!(
        "{} {}, {} bytes, {}\n",
        heading("Signature", color),
        text::escape(alg),
        jws.signature.len(),
        paint("not verified", Paint::Warning, color)
    ));
    let claims = match &jws.payload {
        Payload::Claims(map) => Some(map),
        Payload::Other { .. } => None,
    };
    let mut findings = extra;
    if let Some(claims) = claims
        && let Some(looks) = kind::looks_like(protected, claims)
    {
        findings.push(Finding {
            severity: Severity::Note,
            text: looks_like(&looks),
        });
    }
    findings.extend(inspect::findings(&jws.header, claims, now));
    out.push_str(&render_findings(&findings, color));
    out
}

/// "looks like an OpenID Connect ID token: claims nonce, at_hash; 'jwtctl verify --profile
/// id-token' checks it as one".
fn looks_like(looks: &kind::LooksLike) -> String {
    let what = format!("looks like {}: {}", looks.kind.describe(), looks.evidence);
    match looks.kind {
        kind::Kind::AccessToken if !looks.typed => format!(
            "{what}, but it is not typed at+jwt, so 'jwtctl verify --profile access-token' refuses it"
        ),
        kind::Kind::AccessToken => {
            format!("{what}; 'jwtctl verify --profile access-token' checks it as one")
        }
        kind::Kind::IdToken => {
            format!("{what}; 'jwtctl verify --profile id-token' checks it as one")
        }
        kind::Kind::DpopProof => format!("{what}; 'jwtctl dpop verify' checks it"),
        kind::Kind::LogoutToken | kind::Kind::SdJwt => what,
    }
}

fn human_jwe(jwe: &Jwe, color: bool, extra: Vec<Finding>) -> String {
    let mut out = String::new();
    out.push_str(&heading("Header (JWE, protected)", color));
    out.push('\n');
    out.push_str(&json_pretty(&Value::Object(jwe.header.clone()), color));
    out.push_str("\n\n");
    out.push_str(&format!(
        "{} {} bytes of ciphertext, {} bytes of encrypted key; decrypt it with the recipient's key\n",
        heading("Encrypted", color),
        jwe.ciphertext.len(),
        jwe.encrypted_key.len()
    ));
    let mut findings = extra;
    inspect::header_findings(&jwe.header, inspect::HeaderOf::Jwe, &mut findings);
    out.push_str(&render_findings(&findings, color));
    out
}

/// The claims as pretty JSON, each time claim followed by its date-time and distance from now;
/// with `gloss`, each registered or OpenID Connect claim by what it means too.
fn annotated_claims(
    map: &Map<String, Value>,
    now: i64,
    zone: Zone,
    color: bool,
    gloss: bool,
) -> String {
    if map.is_empty() {
        return "{}".to_string();
    }
    let mut out = String::from("{\n");
    for (i, (k, v)) in map.iter().enumerate() {
        let value = json_pretty(v, color).replace('\n', "\n  ");
        out.push_str(&format!(
            "  {}: {value}",
            paint(&json_string(k), Paint::Key, color)
        ));
        if i + 1 < map.len() {
            out.push(',');
        }
        let meaning = kind::gloss(k).filter(|_| gloss);
        let time = inspect::TIME_CLAIMS
            .contains(&k.as_str())
            .then(|| inspect::annotate_time(v, now, zone));
        let note = match (meaning, time) {
            (Some(meaning), Some(time)) => Some(format!("{meaning}: {time}")),
            (Some(meaning), None) => Some(meaning.to_string()),
            (None, time) => time,
        };
        if let Some(note) = note {
            out.push_str(&paint(&format!("   # {note}"), Paint::Dim, color));
        }
        out.push('\n');
    }
    out.push('}');
    out
}

fn render_findings(findings: &[Finding], color: bool) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", heading("Findings", color));
    for f in findings {
        let mark = match f.severity {
            Severity::Problem => paint("!", Paint::Bad, color),
            Severity::Note => paint("-", Paint::Dim, color),
        };
        out.push_str(&format!("  {mark} {}\n", text::escape_all(&f.text)));
    }
    out
}
