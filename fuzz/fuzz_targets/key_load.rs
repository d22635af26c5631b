//! Key loading as every command does it: `keys::load::parse` (PEM, DER, JWK and JWKS detected
//! from the content, encrypted PKCS#8 with a passphrase) and `keys::load::parse_jwks`; then every
//! way a loaded key is written back out, each of which must read back as the same key.
#![no_main]

use jwtctl::input::secret::Secret;
use jwtctl::Alg;
use jwtctl::keys::jwk::{self, ThumbprintHash};
use jwtctl::KeySet;
use jwtctl::keys::load;
use jwtctl::keys::pkcs;
use jwtctl::keys::publish;
use jwtctl::keys::trust::{self, Op};
use libfuzzer_sys::fuzz_target;

/// The passphrase of the encrypted fixtures (tests/fixtures/keys/passphrase.txt), so that
/// mutations of them get past decryption.
const PASSPHRASE: &[u8] = b"correct horse";

fuzz_target!(|data: &[u8]| {
    let mut passphrase = || Ok(Secret::new(PASSPHRASE.to_vec()));
    if let Ok(set) = load::parse(data, &mut passphrase) {
        exercise(set);
    }
    if let Ok(set) = load::parse_jwks(data, load::SetSource::Local) {
        exercise(set);
    }
});

fn exercise(set: KeySet) {
    for key in &set.keys {
        let _ = key.describe();
        let _ = key.bits();
        let _ = key.default_alg();
        let _ = key.declared_alg();
        let _ = trust::check_use(key, Op::Sign);
        let _ = trust::check_use(key, Op::Verify);
        let _ = trust::check_jwe(key, Op::Decrypt);
        let _ = trust::weakness(key);
        if let Ok(algs) = trust::jws_algorithms(key, Op::Verify) {
            // What the model allows, it allows alg by alg.
            for alg in algs {
                assert!(
                    trust::permits(key, alg, Op::Verify).is_ok(),
                    "{alg} {key:?}"
                );
            }
        }
        for alg in Alg::ALL {
            let _ = key.check_alg(alg);
        }
        let thumb = jwk::thumbprint(key, ThumbprintHash::Sha256);
        let _ = jwk::thumbprint(key, ThumbprintHash::Sha384);
        let _ = jwk::thumbprint(key, ThumbprintHash::Sha512);

        // JWK, private and public, reads back as the same key.
        let private_jwk = jwk::to_jwk(key, true).expect("to_jwk(private) of a loaded key");
        let back = jwk::from_jwk(&private_jwk).expect("a written private JWK reads back");
        assert_eq!(jwk::thumbprint(&back, ThumbprintHash::Sha256), thumb);
        assert_eq!(back.is_private(), key.is_private());
        match jwk::to_jwk(key, false) {
            Ok(public_jwk) => {
                assert!(!key.is_symmetric(), "an HMAC secret got a public JWK");
                for m in ["d", "p", "q", "dp", "dq", "qi", "k"] {
                    assert!(!public_jwk.contains_key(m), "public JWK carries {m}");
                }
                let back = jwk::from_jwk(&public_jwk).expect("a written public JWK reads back");
                assert_eq!(jwk::thumbprint(&back, ThumbprintHash::Sha256), thumb);
            }
            Err(_) => assert!(key.is_symmetric(), "to_jwk(public) failed for {key:?}"),
        }

        if key.is_symmetric() {
            assert!(key.public().is_none());
            continue;
        }
        // SPKI, and PKCS#8 for private keys, read back as the same key.
        let public = key.public().expect("public half");
        assert!(!public.is_private());
        let spki = pkcs::public_spki_der(key).expect("SPKI of a loaded key");
        let back = pkcs::from_spki_der(&spki).expect("written SPKI reads back");
        assert_eq!(jwk::thumbprint(&back, ThumbprintHash::Sha256), thumb);
        let _ = pkcs::to_pem("PUBLIC KEY", &spki);
        if key.is_private() {
            let der = pkcs::private_pkcs8_der(key).expect("PKCS#8 of a loaded private key");
            let back = pkcs::from_pkcs8_der(&der).expect("written PKCS#8 reads back");
            assert_eq!(jwk::thumbprint(&back, ThumbprintHash::Sha256), thumb);
        }
        let _ = publish::public_entry(key, &[]);
    }
    let _ = set.into_single("fuzz input");
}
