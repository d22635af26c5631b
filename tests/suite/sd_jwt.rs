//! `jwtctl sd-jwt` (RFC 9901): issue → present → verify round trips with and without key
//! binding, and every hostile presentation of the issue rejected with its exit status and
//! reason code: a digest missing or repeated, a disclosure used twice, `_sd` as a claim name, a
//! claim overwritten, a tampered disclosure, a wrong `sd_hash`, a KB-JWT by another key or of
//! the wrong typ, a KB-JWT missing when required, `alg: none`, and each bound (disclosures,
//! disclosure size, nesting). Golden cases are in tests/cmd/sd-jwt.

use serde_json::{Value, json};

use jwtctl::jose::b64;
use jwtctl::sd_jwt::{Disclosure, HashAlg};

use crate::common::{self, fixture, jwtctl};

const ISSUER: &str = "ec-p256.pkcs8.pem";
const ISSUER_PUB: &str = "ec-p256.spki.pem";
const HOLDER: &str = "ed25519.pkcs8.pem";
const HOLDER_PUB: &str = "ed25519.spki.pem";
const PERSON: &str = r#"{"given_name":"Erika","email":"erika@example.com","address":{"street_address":"Heidestr. 17","locality":"Köln","country":"DE"},"nationalities":["DE","FR"]}"#;

fn run_ok(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = jwtctl();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    common::stdout_of(&cmd.assert().success())
        .trim()
        .to_string()
}

fn issue(extra: &[&str]) -> String {
    let key = fixture(ISSUER);
    let holder = fixture(HOLDER_PUB);
    let mut args = vec![
        "sd-jwt",
        "issue",
        "--key",
        key.to_str().unwrap(),
        "--iss",
        "https://issuer.example",
        "--exp",
        "1d",
        "--claims",
        "-",
        "--holder-key",
        holder.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_ok(&args, Some(PERSON))
}

fn verify(presentation: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    jwtctl()
        .args(["sd-jwt", "verify", "--key"])
        .arg(fixture(ISSUER_PUB))
        .args(extra)
        .arg(presentation)
        .assert()
}

fn verified_claims(presentation: &str, extra: &[&str]) -> Value {
    let out = verify(presentation, extra).success();
    serde_json::from_str(&common::stdout_of(&out)).unwrap()
}

/// Fails with exit `code` and an `error:` line that starts with `reason`.
fn rejected(presentation: &str, extra: &[&str], code: i32, reason: &str) -> String {
    let out = verify(presentation, extra).code(code);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.starts_with(&format!("error: {reason}")),
        "expected {reason}, got {err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    err
}

fn present(sd_jwt: &str, extra: &[&str]) -> String {
    let mut args = vec!["sd-jwt", "present", sd_jwt];
    args.extend_from_slice(extra);
    run_ok(&args, None)
}

const ALL: [&str; 8] = [
    "--sd",
    "/email",
    "--sd",
    "/address/street_address",
    "--sd",
    "/address",
    "--sd",
    "/nationalities/1",
];

#[test]
fn issue_present_verify_round_trip() {
    let mut extra = ALL.to_vec();
    extra.extend(["--decoys", "3", "--typ", "dc+sd-jwt"]);
    let sd_jwt = issue(&extra);
    assert!(sd_jwt.ends_with('~'));
    assert_eq!(sd_jwt.matches('~').count(), 5, "four disclosures");
    // The payload hides what --sd named; the header has the typ asked for.
    let jwt = sd_jwt.split('~').next().unwrap();
    let segment = |i: usize| -> Value {
        serde_json::from_slice(&base64_decode(jwt.split('.').nth(i).unwrap())).unwrap()
    };
    assert_eq!(segment(0)["typ"], "dc+sd-jwt");
    let payload = segment(1);
    assert!(payload.get("email").is_none() && payload.get("address").is_none());
    assert_eq!(payload["_sd"].as_array().unwrap().len(), 2 + 3);
    assert_eq!(payload["_sd_alg"], "sha-256");
    assert_eq!(payload["cnf"]["jwk"]["kty"], "OKP");

    // All disclosed: the claims as given, plus the registered ones and cnf.
    let all = verified_claims(&sd_jwt, &["--iss", "https://issuer.example"]);
    let person: Value = serde_json::from_str(PERSON).unwrap();
    for name in ["given_name", "email", "nationalities"] {
        assert_eq!(all[name], person[name], "{name}");
    }
    assert_eq!(all["address"]["street_address"], "Heidestr. 17");
    assert!(all.get("_sd").is_none() && all.get("_sd_alg").is_none());

    // Partial: the locality needs the address disclosure, not the street's.
    let p = present(&sd_jwt, &["--disclose", "/address/locality"]);
    assert_eq!(p.matches('~').count(), 2);
    let some = verified_claims(&p, &[]);
    assert_eq!(
        some["address"],
        json!({"locality": "Köln", "country": "DE"})
    );
    assert!(some.get("email").is_none());
    assert_eq!(some["nationalities"], json!(["DE"]));

    // With key binding.
    let holder = fixture(HOLDER);
    let kb = present(
        &sd_jwt,
        &[
            "--disclose",
            "/nationalities/1",
            "--holder-key",
            holder.to_str().unwrap(),
            "--aud",
            "https://verifier.example",
            "--nonce",
            "n-1",
        ],
    );
    assert!(!kb.ends_with('~'));
    let binding = [
        "--require-key-binding",
        "--aud",
        "https://verifier.example",
        "--nonce",
        "n-1",
    ];
    let mut json_args = binding.to_vec();
    json_args.push("--json");
    let v = verified_claims(&kb, &json_args);
    assert_eq!(v["valid"], true);
    assert_eq!(v["claims"]["nationalities"], json!(["DE", "FR"]));
    assert_eq!(v["key_binding"]["header"]["typ"], "kb+jwt");
    assert_eq!(
        v["key_binding"]["claims"]["sd_hash"],
        HashAlg::Sha256.digest(&kb[..=kb.rfind('~').unwrap()])
    );
    // A KB-JWT without --aud and --nonce is checked, and the rest said on stderr.
    let out = verify(&kb, &[]).success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("aud and nonce were not checked"), "{err}");

    // Verifier's settings the KB-JWT does not match; checked 10 minutes later; no KB at all.
    rejected(
        &kb,
        &[
            "--require-key-binding",
            "--aud",
            "https://other.example",
            "--nonce",
            "n-1",
        ],
        1,
        "audience_mismatch",
    );
    rejected(
        &kb,
        &[
            "--require-key-binding",
            "--aud",
            "https://verifier.example",
            "--nonce",
            "n-2",
        ],
        1,
        "nonce_mismatch",
    );
    let mut later = binding.to_vec();
    later.extend(["--now", "1767226200"]);
    rejected(&kb, &later, 1, "too_old");
    rejected(&p, &binding, 1, "key_binding_missing");
    // The issuer's claim checks apply to the disclosed claims.
    rejected(&p, &["--iss", "https://evil.example"], 1, "issuer_mismatch");
    rejected(&p, &["--claim", "email=x"], 1, "missing_claim");
    verified_claims(&sd_jwt, &["--claim", "email=erika@example.com"]);
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

/// An issuer JWT over `payload`, signed by the fixture issuer key, with `exp` in a day.
fn issuer_jwt(payload: Value) -> String {
    run_ok(
        &[
            "sign",
            "--key",
            fixture(ISSUER).to_str().unwrap(),
            "--claims",
            "-",
            "--exp",
            "1d",
        ],
        Some(&payload.to_string()),
    )
}

fn disclosure(name: Option<&str>, value: Value) -> (String, String) {
    let d = Disclosure::new(name, value).unwrap();
    let digest = HashAlg::Sha256.digest(&d.encoded);
    (d.encoded, digest)
}

#[test]
fn hostile_presentations_are_rejected_each_with_its_code() {
    let (a, da) = disclosure(Some("a"), json!(1));
    // A disclosure no digest reaches (a tampered one: the same name, another value).
    let (forged, _) = disclosure(Some("a"), json!(2));
    let jwt = issuer_jwt(json!({"_sd": [da], "_sd_alg": "sha-256"}));
    verified_claims(&format!("{jwt}~{a}~"), &[]);
    rejected(
        &format!("{jwt}~{forged}~"),
        &[],
        1,
        "disclosure_unreferenced",
    );
    // The same array encoded otherwise (spaces added): the digest is over the encoded form.
    let spaced: Value = serde_json::from_slice(&base64_decode(&a)).unwrap();
    let spaced = b64::encode(serde_json::to_string_pretty(&spaced).unwrap().as_bytes());
    rejected(
        &format!("{jwt}~{spaced}~"),
        &[],
        1,
        "disclosure_unreferenced",
    );
    // The same disclosure twice.
    rejected(&format!("{jwt}~{a}~{a}~"), &[], 1, "disclosure_repeated");
    // A digest twice.
    let twice = issuer_jwt(json!({"_sd": [da, da]}));
    rejected(&format!("{twice}~{a}~"), &[], 1, "digest_repeated");
    // `_sd` as a claim name, and a claim overwritten.
    let (sd, dsd) = disclosure(Some("_sd"), json!(["x"]));
    let reserved = issuer_jwt(json!({"_sd": [dsd]}));
    rejected(&format!("{reserved}~{sd}~"), &[], 1, "bad_disclosure");
    let overwrite = issuer_jwt(json!({"_sd": [da], "a": 0}));
    rejected(&format!("{overwrite}~{a}~"), &[], 1, "bad_disclosure");
    // An array element's disclosure in an object's _sd.
    let (el, del) = disclosure(None, json!("x"));
    let misplaced = issuer_jwt(json!({"_sd": [del]}));
    rejected(&format!("{misplaced}~{el}~"), &[], 1, "bad_disclosure");
    // An unsupported hash.
    let md5 = issuer_jwt(json!({"_sd_alg": "md5"}));
    rejected(&format!("{md5}~"), &[], 1, "sd_alg_unsupported");
    // alg none on the issuer JWT.
    let none = format!(
        "{}.{}.",
        b64::encode(br#"{"alg":"none"}"#),
        b64::encode(
            json!({"_sd": [da], "exp": 1_900_000_000})
                .to_string()
                .as_bytes()
        )
    );
    rejected(&format!("{none}~{a}~"), &[], 1, "alg_not_allowed");
    // The issuer JWT signed by another key.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other");
    jwtctl()
        .args(["keygen", "--alg", "ES256", "-o"])
        .arg(&other)
        .assert()
        .success();
    let forged_jwt = run_ok(
        &[
            "sign",
            "--key",
            dir.path().join("other.pem").to_str().unwrap(),
            "--claims",
            "-",
            "--exp",
            "1d",
        ],
        Some(&json!({"_sd": [da]}).to_string()),
    );
    rejected(&format!("{forged_jwt}~{a}~"), &[], 1, "bad_signature");
    // A last component that is neither empty nor a JWT; an empty disclosure.
    rejected(&format!("{jwt}~{a}~x"), &[], 3, "malformed");
    rejected(&format!("{jwt}~~{a}~"), &[], 3, "malformed");
    // A disclosure that is not base64url JSON.
    rejected(
        &format!("{jwt}~{}~", b64::encode(b"{\"a\":1}")),
        &[],
        3,
        "malformed",
    );
}

#[test]
fn hostile_key_bindings_are_rejected_each_with_its_code() {
    let sd_jwt = issue(&ALL);
    let holder = fixture(HOLDER);
    let args = |nonce: &'static str| {
        vec![
            "--disclose".to_string(),
            "/email".to_string(),
            "--holder-key".to_string(),
            holder.to_str().unwrap().to_string(),
            "--aud".to_string(),
            "v".to_string(),
            "--nonce".to_string(),
            nonce.to_string(),
        ]
    };
    let a: Vec<String> = args("n");
    let kb = present(&sd_jwt, &a.iter().map(String::as_str).collect::<Vec<_>>());
    let binding = ["--require-key-binding", "--aud", "v", "--nonce", "n"];
    verified_claims(&kb, &binding);
    // --aud or --nonce are the KB-JWT's: given, they require one, so stripping it fails.
    let stripped = &kb[..=kb.rfind('~').unwrap()];
    for given in [
        &["--aud", "v", "--nonce", "n"][..],
        &["--aud", "v"],
        &["--nonce", "n"],
    ] {
        let err = rejected(stripped, given, 1, "key_binding_missing");
        assert!(err.contains("--aud or --nonce"), "{err}");
    }
    verified_claims(stripped, &[]);
    // The KB-JWT moved to a presentation with other disclosures: sd_hash does not match.
    let kb_jwt = &kb[kb.rfind('~').unwrap() + 1..];
    let other = present(&sd_jwt, &["--disclose", "/address"]);
    rejected(&format!("{other}{kb_jwt}"), &binding, 1, "sd_hash_mismatch");
    // A KB-JWT signed by another key, of the holder key's type and of another.
    let dir = tempfile::tempdir().unwrap();
    let stranger = dir.path().join("stranger");
    jwtctl()
        .args(["keygen", "--alg", "EdDSA", "-o"])
        .arg(&stranger)
        .assert()
        .success();
    let presentation = &kb[..=kb.rfind('~').unwrap()];
    let kb_claims = json!({
        "iat": 1_767_225_600,
        "aud": "v",
        "nonce": "n",
        "sd_hash": HashAlg::Sha256.digest(presentation),
    });
    let forge = |key: &std::path::Path, typ: &str| {
        run_ok(
            &[
                "sign",
                "--key",
                key.to_str().unwrap(),
                "--typ",
                typ,
                "--claims",
                "-",
            ],
            Some(&kb_claims.to_string()),
        )
    };
    let by_stranger = forge(&dir.path().join("stranger.pem"), "kb+jwt");
    rejected(
        &format!("{presentation}{by_stranger}"),
        &binding,
        1,
        "bad_signature",
    );
    let by_ec = forge(&fixture(ISSUER), "kb+jwt");
    rejected(
        &format!("{presentation}{by_ec}"),
        &binding,
        1,
        "bad_holder_key",
    );
    // The holder's own key, but typ JWT.
    let wrong_typ = forge(&holder, "JWT");
    rejected(
        &format!("{presentation}{wrong_typ}"),
        &binding,
        1,
        "typ_mismatch",
    );
    let right = forge(&holder, "kb+jwt");
    verified_claims(&format!("{presentation}{right}"), &binding);
    // typ compares as a media type (RFC 7515 §4.1.9).
    for typ in ["application/kb+jwt", "KB+JWT", "Application/Kb+Jwt"] {
        verified_claims(&format!("{presentation}{}", forge(&holder, typ)), &binding);
    }
    rejected(
        &format!("{presentation}{}", forge(&holder, "text/kb+jwt")),
        &binding,
        1,
        "typ_mismatch",
    );
    // aud and nonce are REQUIRED in a KB-JWT (RFC 9901 §4.3), even when this verifier gives
    // neither --aud nor --nonce.
    verified_claims(&format!("{presentation}{right}"), &[]);
    for (name, empty_aud) in [("aud", false), ("nonce", false), ("aud", true)] {
        let mut claims = kb_claims.clone();
        if empty_aud {
            // An empty list names no verifier: as good as none.
            claims["aud"] = serde_json::json!([]);
        } else {
            claims.as_object_mut().unwrap().remove(name);
        }
        let without = run_ok(
            &[
                "sign",
                "--key",
                holder.to_str().unwrap(),
                "--typ",
                "kb+jwt",
                "--claims",
                "-",
            ],
            Some(&claims.to_string()),
        );
        let err = rejected(&format!("{presentation}{without}"), &[], 1, "missing_claim");
        assert!(
            err.contains(&format!("the Key Binding JWT has no {name} claim")),
            "{err}"
        );
    }
    // An HMAC KB-JWT.
    let hs = run_ok(
        &[
            "sign",
            "--secret",
            "0123456789abcdef0123456789abcdef",
            "--typ",
            "kb+jwt",
            "--claims",
            "-",
        ],
        Some(&kb_claims.to_string()),
    );
    rejected(
        &format!("{presentation}{hs}"),
        &binding,
        1,
        "alg_not_allowed",
    );
    // present refuses an SD-JWT that already has a KB-JWT, and a holder key that is not cnf's.
    jwtctl()
        .args(["sd-jwt", "present", &kb, "--disclose", "/email"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "already ends in a Key Binding JWT",
        ));
    jwtctl()
        .args(["sd-jwt", "present", &sd_jwt, "--holder-key"])
        .arg(dir.path().join("stranger.pem"))
        .args(["--aud", "v", "--nonce", "n"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "is not the key this SD-JWT is bound to",
        ));
}

#[test]
fn hostile_sizes_are_bounded() {
    let (a, da) = disclosure(Some("a"), json!(1));
    let jwt = issuer_jwt(json!({"_sd": [da]}));
    // More disclosures than the limit.
    let many = format!("{jwt}~{}", format!("{a}~").repeat(1025));
    let err = rejected(&many, &[], 3, "malformed");
    assert!(err.contains("over the limit of 1024"), "{err}");
    // One disclosure over 64 KiB.
    let (big, dbig) = disclosure(Some("b"), json!("x".repeat(70_000)));
    let jwt_big = issuer_jwt(json!({"_sd": [dbig]}));
    let err = rejected(&format!("{jwt_big}~{big}~"), &[], 3, "malformed");
    assert!(err.contains("over the limit of 65536 bytes"), "{err}");
    // Disclosures that nest claims deeper than 127 levels, each shallow itself.
    let mut chain = Vec::new();
    let (leaf, mut digest) = disclosure(Some("n"), json!(0));
    chain.push(leaf);
    for _ in 0..130 {
        let (d, next) = disclosure(Some("n"), json!({"_sd": [digest]}));
        chain.push(d);
        digest = next;
    }
    let deep = issuer_jwt(json!({"_sd": [digest]}));
    let err = rejected(&format!("{deep}~{}~", chain.join("~")), &[], 3, "malformed");
    assert!(err.contains("deeper than 127 levels"), "{err}");
}

#[test]
fn untrusted_names_reach_the_terminal_escaped() {
    let name = "\u{1b}[31mred";
    let (d, digest) = disclosure(Some(name), json!(1));
    let mut payload = serde_json::Map::new();
    payload.insert("_sd".into(), json!([digest]));
    payload.insert(name.into(), json!(0));
    let jwt = issuer_jwt(Value::Object(payload));
    let err = rejected(&format!("{jwt}~{d}~"), &[], 1, "bad_disclosure");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("\\x1b[31mred"), "{err}");
}

#[test]
fn issue_refuses_what_cannot_be_concealed() {
    let key = fixture(ISSUER);
    let fails = |claims: &str, args: &[&str], code: i32, message: &str| {
        jwtctl()
            .args(["sd-jwt", "issue", "--key"])
            .arg(&key)
            .args(["--claims", "-", "--exp", "1h"])
            .args(args)
            .write_stdin(claims)
            .assert()
            .code(code)
            .stderr(predicates::str::contains(message));
    };
    fails(
        PERSON,
        &["--sd", "/nope"],
        2,
        "error: --sd: the pointer \"/nope\" names no claim",
    );
    fails(PERSON, &["--sd", "email"], 2, "is not a JSON pointer");
    fails(PERSON, &["--sd", "/nationalities/2"], 2, "names no claim");
    fails(r#"{"_sd":[]}"#, &[], 3, "a name SD-JWT reserves");
    fails(
        PERSON,
        &["--decoys", "1001"],
        2,
        "--decoys 1001: at most 1000",
    );
    fails(
        PERSON,
        &["--holder-key", key.to_str().unwrap(), "-c", "cnf:={}"],
        2,
        "cnf",
    );
    // A holder key must sign Key Binding JWTs: not an X25519 key, not an HMAC secret.
    for holder in ["x25519.spki.pem", "hmac.jwk"] {
        fails(
            PERSON,
            &["--holder-key", fixture(holder).to_str().unwrap()],
            4,
            "cannot sign Key Binding JWTs; give the holder's public RSA, EC or Ed25519 key",
        );
    }
    // What a verifier needs to judge validity stays plain (RFC 9901 §9.7), holder key or not;
    // so does what is inside it.
    let dated =
        r#"{"iss":"i","aud":["a","b"],"nbf":1,"iat":1,"jti":"j","sub":"s","cnf":{"jwk":{}}}"#;
    for pointer in [
        "/iss", "/aud", "/exp", "/nbf", "/iat", "/jti", "/cnf", "/cnf/jwk",
    ] {
        let claim = pointer[1..].split('/').next().unwrap();
        fails(
            dated,
            &["--sd", pointer],
            2,
            &format!(
                "error: --sd: the pointer \"{pointer}\" would let the holder withhold {claim}, which a verifier needs to judge the SD-JWT's validity (RFC 9901 §9.7"
            ),
        );
    }
    // An element of an aud array may be disclosable (§9.7), and sub is content.
    jwtctl()
        .args(["sd-jwt", "issue", "--key"])
        .arg(&key)
        .args([
            "--claims", "-", "--exp", "1h", "--sd", "/aud/1", "--sd", "/sub",
        ])
        .write_stdin(dated)
        .assert()
        .success();
}

#[test]
fn decode_shows_a_hostile_presentation_escaped_and_bounded() {
    let name = "\u{1b}]0;pwned\u{7}";
    let (d, _) = disclosure(Some(name), json!("\u{9b}31m"));
    let jwt = issuer_jwt(json!({"_sd": ["x"]}));
    // A disclosure no digest reaches: shown, with the rule it breaks; nothing raw on stdout.
    let out = jwtctl()
        .args(["decode", &format!("{jwt}~{d}~")])
        .assert()
        .success();
    let stdout = common::stdout_of(&out);
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{9b}') && !stdout.contains('\u{7}'));
    assert!(
        stdout.contains("sd-jwt verify rejects this: disclosure 1"),
        "{stdout}"
    );
    assert!(stdout.contains("\\u001b]0;pwned\\u0007"), "{stdout}");
    assert!(stdout.contains("(reached by no digest)"), "{stdout}");
    let json = jwtctl()
        .args(["decode", "--json", &format!("{jwt}~{d}~")])
        .assert()
        .success();
    let v: Value = serde_json::from_str(&common::stdout_of(&json)).unwrap();
    assert_eq!(v["disclosures"][0]["name"], name);
    assert!(
        v["problem"]
            .as_str()
            .unwrap()
            .contains("reached by no digest")
    );
    // Over the bounds, decode fails as verify does.
    let (a, _) = disclosure(Some("a"), json!(1));
    jwtctl()
        .args(["decode", &format!("{jwt}~{}", format!("{a}~").repeat(1025))])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("over the limit of 1024"));
}

#[test]
fn verify_takes_the_deny_list_and_plain_verify_points_to_sd_jwt() {
    let sd_jwt = issue(&["--jti", "cred-7", "--sd", "/email"]);
    let dir = tempfile::tempdir().unwrap();
    let deny = dir.path().join("deny.txt");
    std::fs::write(&deny, "# revoked\ncred-7\n").unwrap();
    rejected(&sd_jwt, &["--deny", deny.to_str().unwrap()], 1, "revoked");
    std::fs::write(&deny, "cred-8\n").unwrap();
    verified_claims(&sd_jwt, &["--deny", deny.to_str().unwrap()]);
    // A jti another issuer made selectively disclosable, withheld: the deny list cannot be
    // checked, and the presentation fails closed; disclosed, it is checked.
    std::fs::write(&deny, "cred-7\n").unwrap();
    let (jti, digest) = disclosure(Some("jti"), json!("cred-7"));
    let jwt = issuer_jwt(json!({"_sd": [digest]}));
    let err = rejected(
        &format!("{jwt}~"),
        &["--deny", deny.to_str().unwrap()],
        1,
        "missing_claim",
    );
    assert!(
        err.contains("the presentation has no jti (plain or disclosed), so the deny list (--deny) cannot be checked"),
        "{err}"
    );
    rejected(
        &format!("{jwt}~{jti}~"),
        &["--deny", deny.to_str().unwrap()],
        1,
        "revoked",
    );
    // None at all: the same.
    rejected(
        &issue(&["--sd", "/email"]),
        &["--deny", deny.to_str().unwrap()],
        1,
        "missing_claim",
    );
    jwtctl()
        .args(["verify", "--key"])
        .arg(fixture(ISSUER_PUB))
        .arg(&sd_jwt)
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "hint: this looks like an SD-JWT (disclosures after '~'): check it with 'jwtctl sd-jwt verify'",
        ));
}

/// RFC 9901's example SD-JWT (tests/cmd/sd-jwt/rfc9901.trycmd says how it was made) presented by
/// jwtctl as the RFC's example holder does (given_name, family_name, address, the first
/// nationality, key binding for https://verifier.example.org and nonce 1234567890): the verifier
/// sees exactly the RFC's processed claims.
#[test]
fn the_rfc_example_presented_by_jwtctl_verifies_to_the_rfc_claims() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sd-jwt/rfc9901");
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let presentation = run_ok(
        &[
            "sd-jwt",
            "present",
            &format!("@{}", path("issuance.txt")),
            "--disclose",
            "/given_name",
            "--disclose",
            "/family_name",
            "--disclose",
            "/address",
            "--disclose",
            "/nationalities/0",
            "--holder-key",
            &path("holder.jwk"),
            "--aud",
            "https://verifier.example.org",
            "--nonce",
            "1234567890",
        ],
        None,
    );
    assert_eq!(
        presentation.matches('~').count(),
        5,
        "four disclosures and the KB-JWT"
    );
    let out = jwtctl()
        .args(["sd-jwt", "verify", "--key", &path("issuer.pub.jwk")])
        .args([
            "--require-key-binding",
            "--aud",
            "https://verifier.example.org",
        ])
        .args([
            "--nonce",
            "1234567890",
            "--iss",
            "https://issuer.example.com",
        ])
        .arg(&presentation)
        .assert()
        .success();
    let got: Value = serde_json::from_str(&common::stdout_of(&out)).unwrap();
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("verified.json")).unwrap()).unwrap();
    assert_eq!(got, want);
}

/// An SD-JWT whose issuer JWT carries `payload` and a signature of zeros: `decode` and
/// `present` check no signature.
fn unsigned_sd_jwt(payload: &Value) -> String {
    format!(
        "{}.{}.{}~",
        b64::encode(br#"{"alg":"ES256"}"#),
        b64::encode(payload.to_string().as_bytes()),
        "A".repeat(86)
    )
}

#[test]
fn many_digests_under_a_long_key_stay_small() {
    // The outside review's case: tens of thousands of undisclosed digests in one object under
    // a 300,000-byte key (under the 1 MiB token limit) once needed a copy of the key per
    // digest, ~21 GB at 70,000 digests.
    let digests: Vec<String> = (0..50_000).map(|i| format!("{i:x}")).collect();
    let key = "k".repeat(300_000);
    let text = unsigned_sd_jwt(&json!({"exp": 1767312000, key.as_str(): {"_sd": digests}}));
    assert!(text.len() < 1 << 20, "{}", text.len());
    let human = run_ok(&["decode"], Some(&text));
    assert!(human.len() < 2 * text.len(), "{} bytes", human.len());
    let line = format!(
        "50000 at /{}…(299801 more bytes) (claims not disclosed, or decoys)",
        "k".repeat(199)
    );
    assert!(
        human.contains(&line),
        "{}",
        &human[human.len().saturating_sub(300)..]
    );
    let json: Value = serde_json::from_str(&run_ok(&["decode", "--json"], Some(&text))).unwrap();
    let undisclosed = json["undisclosed"].as_array().unwrap();
    assert_eq!(undisclosed.len(), 1);
    assert!(undisclosed[0]["at"] == format!("/{key}"));
    assert_eq!(undisclosed[0]["digests"].as_array().unwrap().len(), 50_000);
    let presented = run_ok(&["sd-jwt", "present", "-"], Some(&text));
    assert!(presented == text);
}

#[test]
fn many_objects_under_a_long_key_are_shown_cut_or_refused() {
    // 15,000 objects side by side under a 400,000-byte key: their pointers would spell out to
    // 6 GB. decode cuts each to 200 bytes; decode --json refuses over 16 MiB of pointers.
    let key = "k".repeat(400_000);
    let objects: Vec<Value> = (0..15_000)
        .map(|i| json!({"_sd": [format!("{i:x}")]}))
        .collect();
    let text = unsigned_sd_jwt(&json!({ key.as_str(): objects }));
    assert!(text.len() < 1 << 20, "{}", text.len());
    let human = run_ok(&["decode"], Some(&text));
    assert!(human.len() < 8 * text.len(), "{} bytes", human.len());
    assert_eq!(human.matches("  1 at /kkkk").count(), 15_000);
    jwtctl()
        .args(["decode", "--json"])
        .write_stdin(text)
        .assert()
        .code(3)
        .stderr(predicates::str::starts_with(
            "error: the JSON pointers of this SD-JWT's places spell out to",
        ));
}

#[test]
fn verify_checks_the_issuer_jwt_typ() {
    let typed = issue(&["--typ", "dc+sd-jwt", "--sd", "/email"]);
    for want in ["dc+sd-jwt", "application/DC+SD-JWT", "Dc+Sd-Jwt"] {
        verified_claims(&typed, &["--typ", want]);
    }
    let err = rejected(&typed, &["--typ", "example+sd-jwt"], 1, "typ_mismatch");
    assert!(
        err.contains("typ \"dc+sd-jwt\" is not example+sd-jwt"),
        "{err}"
    );
    let untyped = issue(&["--sd", "/email"]);
    let err = rejected(&untyped, &["--typ", "dc+sd-jwt"], 1, "typ_mismatch");
    assert!(
        err.contains("the header has no typ (--typ is set)"),
        "{err}"
    );
}

/// An issuer JWT that names audiences must name the verifier's (`--aud`) too: the KB-JWT's
/// audience alone let a credential issued for one verifier pass at another (found by the
/// second outside review).
#[test]
fn the_issuer_jwts_own_audience_is_checked_against_aud() {
    let sd_jwt = issue(&["--aud", "rp-A"]);
    let holder = fixture(HOLDER);
    let for_verifier = |aud: &str| {
        present(
            &sd_jwt,
            &[
                "--holder-key",
                holder.to_str().unwrap(),
                "--aud",
                aud,
                "--nonce",
                "n",
            ],
        )
    };
    verify(&for_verifier("rp-A"), &["--aud", "rp-A", "--nonce", "n"]).success();
    rejected(
        &for_verifier("rp-B"),
        &["--aud", "rp-B", "--nonce", "n"],
        1,
        "audience_mismatch: the issuer JWT's audience",
    );
}
