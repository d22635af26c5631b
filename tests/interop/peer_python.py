#!/usr/bin/env python3
"""Python peer of the jwtctl interoperability suite (see README.md beside this file).

Libraries: PyJWT (with keys from cryptography, its backend), jwcrypto (JWS, keys, JWKS and JWE)
and joserfc (JWTs with its own keys, JWE, and the JSON serializations with jwcrypto: the ser_*
operations), and for SD-JWT the reference implementation `sd-jwt` (the sd_* operations). Run it
with the suite's venv python (tests/interop/run makes it).

Usage: peer_python.py JOBS.json RESULTS.json|-
JOBS.json is a list of {id, op, ...}; RESULTS gets {id: {ok, error?, unsupported?, ...}}. Key
files are {path, fmt} as in peer_node.mjs: pem, jwk, secret, der-spki, der-pkcs8, der-pkcs1,
der-pkcs1-public, der-sec1, and password (a PBES2 password, raw bytes) for JWE.
"""

import base64
import datetime
import hashlib
import json
import os
import sys

import jwt as pyjwt
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwcrypto import jwa as jwc_jwa
from jwcrypto import jwe as jwc_jwe
from jwcrypto import jwk as jwc_jwk
from jwcrypto import jws as jwc_jws
from jwcrypto import jwt as jwc_jwt
from joserfc import jwe as rfc_jwe
from joserfc import jwk as rfc_jwk
from joserfc import jws as rfc_jws
from joserfc import jwt as rfc_jwt
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, OKPAlgorithm, RSAAlgorithm

CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1, "ES256K": ec.SECP256K1}
JWC_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1"}
HASH_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth")


class Unsupported(Exception):
    pass


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def write(path, data, mode=0o644):
    if isinstance(data, str):
        data = data.encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


def write_json(path, obj, mode=0o644):
    return write(path, json.dumps(obj, indent=2) + "\n", mode)


def read(desc):
    with open(desc["path"], "rb") as f:
        return f.read()


def public_jwk(jwk):
    if jwk.get("kty") == "oct":
        return dict(jwk)
    return {k: v for k, v in jwk.items() if k not in PRIVATE_MEMBERS}


def key_file(label, path, fmt, private):
    return {"label": label, "path": path, "fmt": fmt, "private": private}


# --- key loading ------------------------------------------------------------------------------


def pyca_key(desc, want):
    """A cryptography key object from a PEM or DER file."""
    data = read(desc)
    fmt = desc["fmt"]
    if fmt == "pem":
        if b"PRIVATE KEY" in data:
            key = ser.load_pem_private_key(data, password=None)
            return key if want == "private" else key.public_key()
        if b"CERTIFICATE" in data:
            return x509.load_pem_x509_certificate(data).public_key()
        return ser.load_pem_public_key(data)
    if fmt in ("der-spki", "der-pkcs1-public"):
        return ser.load_der_public_key(data)
    if fmt.startswith("der-"):
        key = ser.load_der_private_key(data, password=None)
        return key if want == "private" else key.public_key()
    raise ValueError(f"not a PEM or DER key format: {fmt}")


def pyjwt_key(desc, alg, want):
    """What a PyJWT user passes: PEM bytes, a secret, a PyJWK's key, or a cryptography key."""
    fmt = desc["fmt"]
    if fmt == "secret":
        return read(desc)
    if fmt == "jwk":
        jwk = json.loads(read(desc))
        return pyjwt.PyJWK(jwk if want == "private" else public_jwk(jwk), algorithm=alg).key
    if fmt == "pem":
        data = read(desc)
        if want == "public" and (b"PRIVATE KEY" in data or b"CERTIFICATE" in data):
            return pyca_key(desc, "public")
        return data
    return pyca_key(desc, want)


def jwcrypto_key(desc, want):
    fmt = desc["fmt"]
    if fmt == "secret":
        return jwc_jwk.JWK(kty="oct", k=b64u(read(desc)))
    if fmt == "jwk":
        jwk = json.loads(read(desc))
        return jwc_jwk.JWK(**(jwk if want == "private" else public_jwk(jwk)))
    if fmt == "pem":
        key = jwc_jwk.JWK.from_pem(read(desc))
    else:
        key = jwc_jwk.JWK.from_pyca(pyca_key(desc, want))
    if want == "public" and key.has_private:
        key = jwc_jwk.JWK(**key.export_public(as_dict=True))
    return key


def joserfc_key(desc, want):
    """A joserfc key from any key file: oct for a raw secret, JWK, or PEM / DER through
    cryptography (its type picks joserfc's key class)."""
    fmt = desc["fmt"]
    if fmt in ("secret", "password"):
        return rfc_jwk.OctKey.import_key(read(desc))
    if fmt == "jwk":
        jwk = json.loads(read(desc))
        return rfc_jwk.import_key(jwk if want == "private" or jwk.get("kty") == "oct" else public_jwk(jwk))
    key = pyca_key(desc, want)
    if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        kty = "RSA"
    elif isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        kty = "EC"
    else:
        kty = "OKP"
    pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()) if want == "private" else key.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    return rfc_jwk.import_key(pem, kty)


# --- operations -------------------------------------------------------------------------------


def gen(job):
    lib, alg, base = job["lib"], job["alg"], os.path.join(job["dir"], job["name"])
    os.makedirs(job["dir"], exist_ok=True)
    if alg.startswith("HS"):
        if lib == "joserfc":
            jwk = rfc_jwk.OctKey.generate_key(HASH_BYTES[alg] * 8, private=True).as_dict(private=True)
            secret = base64.urlsafe_b64decode(jwk["k"] + "=" * (-len(jwk["k"]) % 4))
        elif lib == "jwcrypto":
            key = jwc_jwk.JWK.generate(kty="oct", size=HASH_BYTES[alg] * 8)
            jwk = key.export(as_dict=True)
            secret = base64.urlsafe_b64decode(jwk["k"] + "=" * (-len(jwk["k"]) % 4))
        else:
            secret = os.urandom(HASH_BYTES[alg])
            jwk = HMACAlgorithm.to_jwk(secret, as_dict=True)
        s = key_file("raw secret", write(base + ".secret", secret, 0o600), "secret", True)
        j = key_file("oct JWK", write_json(base + ".jwk", jwk, 0o600), "jwk", True)
        return {"files": [s, j], "roles": {"sign": s, "pub_pem": s, "pub_jwk": j}}

    if lib == "joserfc":
        if alg.startswith(("RS", "PS")):
            key = rfc_jwk.RSAKey.generate_key(2048, private=True)
        elif alg.startswith("ES"):
            key = rfc_jwk.ECKey.generate_key(JWC_CURVES[alg], private=True)
        else:
            key = rfc_jwk.OKPKey.generate_key("Ed25519", private=True)
        files = [
            key_file("PKCS#8 PEM", write(base + ".pkcs8.pem", key.as_pem(private=True), 0o600), "pem", True),
            key_file("SPKI PEM", write(base + ".spki.pem", key.as_pem(private=False)), "pem", False),
            key_file("JWK private", write_json(base + ".jwk", key.as_dict(private=True), 0o600), "jwk", True),
            key_file("JWK public", write_json(base + ".pub.jwk", key.as_dict(private=False)), "jwk", False),
        ]
        return {"files": files, "roles": {"sign": files[0], "pub_pem": files[1], "pub_jwk": files[3]}}

    if lib == "jwcrypto":
        if alg.startswith(("RS", "PS")):
            key = jwc_jwk.JWK.generate(kty="RSA", size=2048)
        elif alg.startswith("ES"):
            key = jwc_jwk.JWK.generate(kty="EC", crv=JWC_CURVES[alg])
        else:
            key = jwc_jwk.JWK.generate(kty="OKP", crv="Ed25519")
        files = [
            key_file("PKCS#8 PEM", write(base + ".pkcs8.pem", key.export_to_pem(private_key=True, password=None), 0o600), "pem", True),
            key_file("SPKI PEM", write(base + ".spki.pem", key.export_to_pem()), "pem", False),
            key_file("JWK private", write_json(base + ".jwk", key.export_private(as_dict=True), 0o600), "jwk", True),
            key_file("JWK public", write_json(base + ".pub.jwk", key.export_public(as_dict=True)), "jwk", False),
        ]
        return {"files": files, "roles": {"sign": files[0], "pub_pem": files[1], "pub_jwk": files[3]}}

    if lib != "pyjwt":
        raise ValueError(f"gen: unknown lib {lib}")
    # cryptography, where PyJWT users get their keys; the traditional encodings first.
    if alg.startswith(("RS", "PS")):
        key, algo, trad = rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAAlgorithm, "PKCS#1"
    elif alg.startswith("ES"):
        key, algo, trad = ec.generate_private_key(CURVES[alg]()), ECAlgorithm, "SEC1"
    else:
        key, algo, trad = ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm, None
    pub = key.public_key()
    E, P, N = ser.Encoding, ser.PrivateFormat, ser.NoEncryption()

    def priv_bytes(enc, fmt):
        return key.private_bytes(enc, fmt, N)

    files = []
    if trad:
        files.append(key_file(trad + " PEM", write(base + ".trad.pem", priv_bytes(E.PEM, P.TraditionalOpenSSL), 0o600), "pem", True))
    else:
        files.append(key_file("PKCS#8 PEM", write(base + ".pkcs8.pem", priv_bytes(E.PEM, P.PKCS8), 0o600), "pem", True))
    files.append(key_file("SPKI PEM", write(base + ".spki.pem", pub.public_bytes(E.PEM, ser.PublicFormat.SubjectPublicKeyInfo)), "pem", False))
    files.append(key_file("JWK private", write_json(base + ".jwk", algo.to_jwk(key, as_dict=True), 0o600), "jwk", True))
    files.append(key_file("JWK public", write_json(base + ".pub.jwk", algo.to_jwk(pub, as_dict=True)), "jwk", False))
    roles = {"sign": files[0], "pub_pem": files[1], "pub_jwk": files[3]}
    if trad:
        files.append(key_file("PKCS#8 PEM", write(base + ".pkcs8.pem", priv_bytes(E.PEM, P.PKCS8), 0o600), "pem", True))
        files.append(key_file(trad + " DER", write(base + ".trad.der", priv_bytes(E.DER, P.TraditionalOpenSSL), 0o600), "der-" + ("pkcs1" if trad == "PKCS#1" else "sec1"), True))
    if trad == "PKCS#1":
        files.append(key_file("PKCS#1 public PEM", write(base + ".pkcs1.pub.pem", pub.public_bytes(E.PEM, ser.PublicFormat.PKCS1)), "pem", False))
    files.append(key_file("PKCS#8 DER", write(base + ".pkcs8.der", priv_bytes(E.DER, P.PKCS8), 0o600), "der-pkcs8", True))
    files.append(key_file("SPKI DER", write(base + ".spki.der", pub.public_bytes(E.DER, ser.PublicFormat.SubjectPublicKeyInfo)), "der-spki", False))
    return {"files": files, "roles": roles}


def sign(job):
    lib, alg, key, claims, kid = job["lib"], job["alg"], job["key"], job["claims"], job.get("kid")
    if lib == "pyjwt":
        headers = {"kid": kid} if kid else None
        return {"token": pyjwt.encode(claims, pyjwt_key(key, alg, "private"), algorithm=alg, headers=headers)}
    if lib == "jwcrypto":
        header = {"alg": alg, "typ": "JWT"}
        if kid:
            header["kid"] = kid
        token = jwc_jwt.JWT(header=header, claims=claims)
        token.make_signed_token(jwcrypto_key(key, "private"))
        return {"token": token.serialize()}
    if lib == "joserfc":
        header = {"alg": alg, "typ": "JWT", **({"kid": kid} if kid else {})}
        # algorithms given: joserfc leaves the ones it does not recommend out of its default list.
        return {"token": rfc_jwt.encode(header, claims, joserfc_key(key, "private"), algorithms=[alg])}
    raise ValueError(f"sign: unknown lib {lib}")


def check_claims(claims, expect):
    for name, value in (expect.get("claims") or {}).items():
        if claims.get(name) != value:
            raise ValueError(f"claim {name} is {claims.get(name)!r}, expected {value!r}")


def verify(job):
    lib, alg, key, token, expect = job["lib"], job["alg"], job["key"], job["token"], job["expect"]
    if lib == "pyjwt":
        claims = pyjwt.decode(
            token,
            pyjwt_key(key, alg, "public"),
            algorithms=[alg],
            audience=expect["aud"],
            issuer=expect["iss"],
            options={"require": ["exp"]},
        )
    elif lib == "jwcrypto":
        checked = jwc_jwt.JWT(
            jwt=token,
            key=jwcrypto_key(key, "public"),
            algs=[alg],
            check_claims={"iss": expect["iss"], "aud": expect["aud"], "exp": None},
        )
        claims = json.loads(checked.claims)
    elif lib == "joserfc":
        claims = rfc_jwt.decode(token, joserfc_key(key, "public"), algorithms=[alg]).claims
        rfc_jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": expect["iss"]}, aud={"essential": True, "value": expect["aud"]}, exp={"essential": True}
        ).validate(claims)
    else:
        raise ValueError(f"verify: unknown lib {lib}")
    check_claims(claims, expect)
    return {"claims": claims}


def roundtrip(job):
    token = sign({**job, "key": job["priv"]})["token"]
    verify({**job, "key": job["pub"], "token": token})
    out = {"token": token}
    if job["lib"] == "jwcrypto":
        out["thumbprint"] = jwcrypto_key(job["pub"], "public").thumbprint()
    return out


def _verify_cases(cases, verify_one):
    results = {}
    for case in cases:
        try:
            claims = verify_one(case)
            results[case["name"]] = {"ok": True, "sub": claims.get("sub")}
        except Exception as e:  # noqa: BLE001 - every failure is a result here
            results[case["name"]] = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    return results


def jwks_local(job):
    with open(job["jwks"], "rb") as f:
        text = f.read()
    if job["lib"] == "pyjwt":
        keyset = pyjwt.PyJWKSet.from_json(text.decode())

        def one(case):
            kid = pyjwt.get_unverified_header(case["token"]).get("kid")
            return pyjwt.decode(case["token"], keyset[kid].key, algorithms=[case["alg"]], options={"verify_aud": False})

    elif job["lib"] == "jwcrypto":
        keyset = jwc_jwk.JWKSet.from_json(text)

        def one(case):
            return json.loads(jwc_jwt.JWT(jwt=case["token"], key=keyset, algs=[case["alg"]]).claims)

    else:
        raise ValueError(f"jwks_local: unknown lib {job['lib']}")
    return {"cases": _verify_cases(job["cases"], one)}


def jwks_remote(job):
    client = pyjwt.PyJWKClient(job["url"], cache_keys=False, cache_jwk_set=False, timeout=20)

    def one(case):
        key = client.get_signing_key_from_jwt(case["token"])
        return pyjwt.decode(case["token"], key.key, algorithms=[case["alg"]], options={"verify_aud": False})

    return {"cases": _verify_cases(job["cases"], one)}


# --- JWK Sets as peers publish them ------------------------------------------------------------


def jwcrypto_generate(alg, kid):
    """JWK.generate for a JWS algorithm, with kid, alg and use as jwcrypto's users set them."""
    params = {"kid": kid, "alg": alg, "use": "sig"}
    if alg.startswith(("RS", "PS")):
        return jwc_jwk.JWK.generate(kty="RSA", size=2048, **params)
    if alg.startswith("ES"):
        return jwc_jwk.JWK.generate(kty="EC", crv=JWC_CURVES[alg], **params)
    return jwc_jwk.JWK.generate(kty="OKP", crv="Ed25519", **params)


def jwks_publish(job):
    """A JWK Set published the way jwcrypto's users do: JWK.generate with kid, alg and use, the
    keys added to a JWKSet, export(private_keys=False); two keys (rotation), the token signed by
    the second with its kid in the header, and the same claims signed by a key outside the set
    under that kid. jwcrypto itself must verify its token with its set: self_error says why not."""
    alg, d, claims = job["alg"], job["dir"], job["claims"]
    os.makedirs(d, exist_ok=True)
    kids = [f"jwcrypto-{alg}-1", f"jwcrypto-{alg}-2"]
    keys = [jwcrypto_generate(alg, kid) for kid in kids]
    keyset = jwc_jwk.JWKSet()
    for key in keys:
        keyset.add(key)
    jwks = write(os.path.join(d, "jwks.json"), keyset.export(private_keys=False))
    header = {"alg": alg, "typ": "JWT", "kid": kids[1]}

    def signed(key):
        token = jwc_jwt.JWT(header=header, claims=claims)
        token.make_signed_token(key)
        return token.serialize()

    token = signed(keys[1])
    outsider = signed(jwcrypto_generate(alg, kids[1]))
    self_error = None
    try:
        with open(jwks, "rb") as f:
            jwc_jwt.JWT(jwt=token, key=jwc_jwk.JWKSet.from_json(f.read()), algs=[alg])
    except Exception as e:  # noqa: BLE001 - reported as the self-check's result
        self_error = f"{type(e).__name__}: {e}"
    return {"jwks": jwks, "kid": kids[1], "token": token, "outsider": outsider, "selfError": self_error}


def _int_b64u(n, size=None):
    return b64u(n.to_bytes(size or (n.bit_length() + 7) // 8, "big"))


def idp_key(alg):
    if alg.startswith(("RS", "PS")) or alg.startswith("RSA"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if alg.startswith("ES"):
        return ec.generate_private_key(CURVES[alg]())
    return ed25519.Ed25519PrivateKey.generate()


def idp_entry(key, kid, use, alg, x5t_s256):
    """A JWK as identity providers publish one (Auth0, Keycloak, Azure AD): the public members,
    kid, use, alg, and the self-signed certificate of the key in x5c with its SHA-1 thumbprint
    x5t (and x5t#S256, as Keycloak adds). kid None: the x5t, as Azure AD does."""
    pub = key.public_key()
    if isinstance(pub, rsa.RSAPublicKey):
        nums = pub.public_numbers()
        members = {"kty": "RSA", "n": _int_b64u(nums.n), "e": _int_b64u(nums.e)}
        sig_hash = hashes.SHA256()
    elif isinstance(pub, ec.EllipticCurvePublicKey):
        nums, size = pub.public_numbers(), (pub.curve.key_size + 7) // 8
        crv = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521", "secp256k1": "secp256k1"}[pub.curve.name]
        members = {"kty": "EC", "crv": crv, "x": _int_b64u(nums.x, size), "y": _int_b64u(nums.y, size)}
        sig_hash = hashes.SHA256()
    else:
        members = {"kty": "OKP", "crv": "Ed25519", "x": b64u(pub.public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw))}
        sig_hash = None
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"jwtctl-interop IdP {use} {alg}")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, sig_hash)
    )
    der = cert.public_bytes(ser.Encoding.DER)
    x5t = b64u(hashlib.sha1(der).digest())
    entry = {"kid": kid or x5t, "use": use, "alg": alg, **members, "x5c": [base64.b64encode(der).decode()], "x5t": x5t}
    if x5t_s256:
        entry["x5t#S256"] = b64u(hashlib.sha256(der).digest())
    return entry


IDP_KEYS = {}


def idp_publish(job):
    """An identity provider's JWK Set, as jwks-rsa users consume it: two signing keys (the older
    one still published for rotation, Auth0-style with x5c and x5t; the current one Azure-style,
    its kid its x5t, with x5t#S256 too) and an RSA-OAEP encryption key (use enc, its own kid,
    Keycloak-style). PyJWT signs with the current key (kid in the header); the outsider token
    is the same claims signed by a key outside the set under that kid."""
    alg, d, claims = job["alg"], job["dir"], job["claims"]
    os.makedirs(d, exist_ok=True)
    old, current = idp_key(alg), idp_key(alg)
    if "enc" not in IDP_KEYS:  # the IdP has one encryption key, in each of its sets
        IDP_KEYS["enc"] = idp_key("RSA-OAEP")
    enc = IDP_KEYS["enc"]
    old_entry = idp_entry(old, b64u(os.urandom(12)), "sig", alg, False)
    current_entry = idp_entry(current, None, "sig", alg, True)
    enc_entry = idp_entry(enc, b64u(os.urandom(12)), "enc", "RSA-OAEP", True)
    jwks = write_json(os.path.join(d, "jwks.json"), {"keys": [old_entry, current_entry, enc_entry]})
    kid = current_entry["kid"]
    token = pyjwt.encode(claims, current, algorithm=alg, headers={"kid": kid})
    outsider = pyjwt.encode(claims, idp_key(alg), algorithm=alg, headers={"kid": kid})
    return {"jwks": jwks, "kid": kid, "token": token, "outsider": outsider, "sig_kids": [old_entry["kid"], kid], "enc_kid": enc_entry["kid"]}


# --- JWE (RFC 7516) ---------------------------------------------------------------------------


def jwcrypto_jwe_key(desc, want):
    """A jwcrypto JWE key: PEM and JWK as for JWS; raw secrets and PBES2 passwords as oct JWKs."""
    if desc["fmt"] in ("secret", "password"):
        return jwc_jwk.JWK(kty="oct", k=b64u(read(desc)))
    return jwcrypto_key(desc, want)


def jwe_gen(job):
    """Keys for encryption, written where the driver says (see jweGen in peer_node.mjs), made by
    jwcrypto's JWK.generate or joserfc's generate_key."""
    for k in job["keys"]:
        f = k["files"]
        if k["kind"] in ("RSA", "EC", "X25519") and job["lib"] == "joserfc":
            if k["kind"] == "RSA":
                key = rfc_jwk.RSAKey.generate_key(2048, private=True)
            elif k["kind"] == "EC":
                key = rfc_jwk.ECKey.generate_key(k["crv"], private=True)
            else:
                key = rfc_jwk.OKPKey.generate_key("X25519", private=True)
            write(f["priv_pem"], key.as_pem(private=True), 0o600)
            write(f["pub_pem"], key.as_pem(private=False))
            write_json(f["priv_jwk"], key.as_dict(private=True), 0o600)
            write_json(f["pub_jwk"], key.as_dict(private=False))
        elif k["kind"] in ("RSA", "EC", "X25519"):
            if k["kind"] == "RSA":
                key = jwc_jwk.JWK.generate(kty="RSA", size=2048)
            elif k["kind"] == "EC":
                key = jwc_jwk.JWK.generate(kty="EC", crv=k["crv"])
            else:
                key = jwc_jwk.JWK.generate(kty="OKP", crv="X25519")
            write(f["priv_pem"], key.export_to_pem(private_key=True, password=None), 0o600)
            write(f["pub_pem"], key.export_to_pem())
            write_json(f["priv_jwk"], key.export_private(as_dict=True), 0o600)
            write_json(f["pub_jwk"], key.export_public(as_dict=True))
        elif k["kind"] == "oct":
            if job["lib"] == "joserfc":
                jwk = rfc_jwk.OctKey.generate_key(k["size"] * 8, private=True).as_dict(private=True)
            else:
                jwk = jwc_jwk.JWK.generate(kty="oct", size=k["size"] * 8).export(as_dict=True)
            write(f["secret"], base64.urlsafe_b64decode(jwk["k"] + "=" * (-len(jwk["k"]) % 4)), 0o600)
            write_json(f["jwk"], jwk, 0o600)
        elif k["kind"] == "password":
            write(f["password"], b64u(os.urandom(18)), 0o600)
        else:
            raise ValueError(f"jwe_gen: unknown kind {k['kind']}")
    return {}


def jwe_supported(lib, alg, enc):
    for name in (alg, enc):
        if lib == "joserfc":
            if name not in rfc_jwe.JWERegistry.algorithms["alg"] and name not in rfc_jwe.JWERegistry.algorithms["enc"]:
                raise Unsupported(f"joserfc has no JWE algorithm {name}")
        elif name not in jwc_jwa.JWA.algorithms_registry:
            raise Unsupported(f"jwcrypto has no JWE algorithm {name}")


def jwe_encrypt(job):
    """Encrypt; p2c, when given, is the PBES2 count (jwcrypto's default is 8192, joserfc's 2048)."""
    lib, alg, enc = job["lib"], job["alg"], job["enc"]
    jwe_supported(lib, alg, enc)
    header = {"alg": alg, "enc": enc}
    if job.get("p2c"):
        header["p2c"] = job["p2c"]
        jwc_jwa.default_max_pbkdf2_iterations = max(jwc_jwa.default_max_pbkdf2_iterations, job["p2c"])
    plaintext = base64.b64decode(job["plaintext_b64"])
    if lib == "joserfc":
        # algorithms given: joserfc leaves the ones it does not recommend out of its default list.
        return {"token": rfc_jwe.encrypt_compact(header, plaintext, joserfc_key(job["key"], "public"), algorithms=[alg, enc])}
    # algs given explicitly: jwcrypto leaves RSA1_5 out of its default allowed list.
    token = jwc_jwe.JWE(plaintext, protected=json.dumps(header), algs=[alg, enc])
    token.add_recipient(jwcrypto_jwe_key(job["key"], "public"))
    return {"token": token.serialize(compact=True)}


def jwe_decrypt(job):
    """Decrypt with the algorithms pinned; jwcrypto's PBES2 p2c limit (16384) raised to max_p2c
    (joserfc's, 300000, is fixed)."""
    lib, alg, enc = job["lib"], job["alg"], job["enc"]
    jwe_supported(lib, alg, enc)
    if lib == "joserfc":
        obj = rfc_jwe.decrypt_compact(job["token"], joserfc_key(job["key"], "private"), algorithms=[alg, enc])
        return {"plaintext_b64": base64.b64encode(obj.plaintext).decode(), "header": obj.protected}
    if job.get("max_p2c"):
        jwc_jwa.default_max_pbkdf2_iterations = max(jwc_jwa.default_max_pbkdf2_iterations, job["max_p2c"])
    token = jwc_jwe.JWE(algs=[alg, enc])
    token.deserialize(job["token"], key=jwcrypto_jwe_key(job["key"], "private"))
    return {"plaintext_b64": base64.b64encode(token.payload).decode(), "header": token.jose_header}


# --- JSON serializations (RFC 7515/7516 §7.2), detached and unencoded payloads -------------------
# Keys are private JWK files; "public" leaves the private members out. A detached payload is
# put back as the payload member (as it is when unencoded, else base64url) before verifying.


def ser_key(lib, path, want="private"):
    jwk = json.loads(read({"path": path, "fmt": "jwk"}))
    if want == "public":
        jwk = public_jwk(jwk)
    if lib == "joserfc":
        return rfc_jwk.import_key(jwk)
    return jwc_jwk.JWK(**jwk)


def ser_attach(doc, payload_b64, unencoded):
    doc = json.loads(doc) if isinstance(doc, str) else doc
    if payload_b64 is not None:
        payload = base64.b64decode(payload_b64)
        doc["payload"] = payload.decode() if unencoded else b64u(payload)
    return doc


def ser_sign(job):
    """Signs payload_b64 with every key in keys ({path, alg, kid}) as form (general/flattened);
    unencoded: b64 false with crit; detached: the payload member removed."""
    lib, payload = job["lib"], base64.b64decode(job["payload_b64"])
    headers = []
    for k in job["keys"]:
        h = {"alg": k["alg"], "kid": k["kid"]}
        if job.get("unencoded"):
            h.update({"b64": False, "crit": ["b64"]})
        headers.append(h)
    if lib == "joserfc":
        keys = rfc_jwk.KeySet([ser_key(lib, k["path"]) for k in job["keys"]])
        members = [{"protected": h} for h in headers]
        doc = rfc_jws.serialize_json(members if job["form"] == "general" else members[0], payload, keys)
    else:
        token = jwc_jws.JWS(payload)
        for k, h in zip(job["keys"], headers):
            token.add_signature(ser_key(lib, k["path"]), None, json.dumps(h))
        if job.get("detached"):
            token.detach_payload()
        doc = json.loads(token.serialize(compact=False))
        if job["form"] == "general" and "signatures" not in doc:
            raise Unsupported("jwcrypto writes one signature as flattened")
    if job.get("detached"):
        doc.pop("payload", None)
    return {"token": json.dumps(doc)}


def ser_verify(job):
    """Verifies token with key ({path, alg}); payload_b64 when detached. Returns the payload."""
    lib = job["lib"]
    key = ser_key(lib, job["key"]["path"], "public")
    if lib == "jwcrypto" and job.get("payload_b64") is not None:
        token = jwc_jws.JWS()
        token.deserialize(job["token"])
        token.verify(key, alg=job["key"]["alg"], detached_payload=base64.b64decode(job["payload_b64"]))
        return {"payload_b64": job["payload_b64"]}
    doc = ser_attach(job["token"], job.get("payload_b64"), job.get("unencoded"))
    if lib == "joserfc":
        if "signatures" in doc:
            # joserfc verifies every signature of a general JWS: keep the one for this key.
            kept = [s for s in doc["signatures"] if json.loads(unb64u(s["protected"])).get("kid") == job["key"]["kid"]]
            doc = {**doc, "signatures": kept}
        result = rfc_jws.deserialize_json(doc, key, algorithms=[job["key"]["alg"]])
        payload = result.payload
    else:
        token = jwc_jws.JWS()
        token.deserialize(json.dumps(doc))
        token.verify(key, alg=job["key"]["alg"])
        payload = token.payload
    return {"payload_b64": base64.b64encode(payload).decode()}


def ser_encrypt(job):
    """Encrypts plaintext_b64 with enc to every recipient ({path, alg, kid}), form general or
    flattened, with aad_b64 when given."""
    lib, plaintext = job["lib"], base64.b64decode(job["plaintext_b64"])
    aad = base64.b64decode(job["aad_b64"]) if job.get("aad_b64") else None
    if lib == "joserfc":
        cls = rfc_jwe.GeneralJSONEncryption if job["form"] == "general" else rfc_jwe.FlattenedJSONEncryption
        obj = cls({"enc": job["enc"]}, plaintext, aad=aad)
        for r in job["recipients"]:
            obj.add_recipient({"alg": r["alg"], "kid": r["kid"]}, ser_key(lib, r["path"], "public"))
        algs = [r["alg"] for r in job["recipients"]] + [job["enc"]]
        doc = rfc_jwe.encrypt_json(obj, None, algorithms=algs)
    else:
        token = jwc_jwe.JWE(plaintext, protected=json.dumps({"enc": job["enc"]}), aad=aad)
        for r in job["recipients"]:
            token.add_recipient(ser_key(lib, r["path"], "public"), header=json.dumps({"alg": r["alg"], "kid": r["kid"]}))
        doc = json.loads(token.serialize(compact=False))
        if job["form"] == "general" and "recipients" not in doc:
            raise Unsupported("jwcrypto writes one recipient as flattened")
    return {"token": json.dumps(doc)}


def ser_decrypt(job):
    """Decrypts token with key ({path, alg}); returns the plaintext and the aad."""
    lib, doc = job["lib"], json.loads(job["token"])
    key = ser_key(lib, job["key"]["path"])
    if lib == "joserfc":
        if "recipients" in doc:
            # joserfc holds every recipient to the algorithms: keep the one for this key.
            kept = [r for r in doc["recipients"] if r.get("header", {}).get("kid") == job["key"].get("kid")]
            doc = {**doc, "recipients": kept}
        result = rfc_jwe.decrypt_json(doc, key, algorithms=[job["key"]["alg"], job["enc"]])
        plaintext, aad = result.plaintext, result.aad
    else:
        token = jwc_jwe.JWE(algs=[job["key"]["alg"], job["enc"]])
        token.deserialize(job["token"], key=key)
        plaintext = token.payload
        aad = unb64u(doc["aad"]) if "aad" in doc else None
    return {"plaintext_b64": base64.b64encode(plaintext).decode(), "aad_b64": base64.b64encode(aad).decode() if aad else None}


def unb64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- SD-JWT (RFC 9901): the reference implementation `sd-jwt` (ES256, SHA-256) -----------------


def _pointer_tokens(pointer):
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _sd_claims(claims, pointers):
    """The claims with each pointed-at member's key (or array element) wrapped in SDObj, as the
    library's users mark what is selectively disclosable; the deepest pointers first, so a
    recursive disclosure's inner claims are marked before the outer one is."""
    from sd_jwt.common import SDObj

    claims = json.loads(json.dumps(claims))
    for tokens in sorted((_pointer_tokens(p) for p in pointers), key=len, reverse=True):
        node = claims
        for t in tokens[:-1]:
            node = node[int(t)] if isinstance(node, list) else node[t]
        last = tokens[-1]
        if isinstance(node, list):
            node[int(last)] = SDObj(node[int(last)])
        else:
            node[SDObj(last)] = node.pop(last)
    return claims


def _disclosure_choice(pointers):
    """claims_to_disclose for SDJWTHolder: True at each pointer, lists for arrays."""
    choice = {}
    for tokens in (_pointer_tokens(p) for p in pointers):
        node = choice
        for i, t in enumerate(tokens):
            last = i == len(tokens) - 1
            nxt = None if last else tokens[i + 1]
            if isinstance(node, list):
                t = int(t)
                while len(node) <= t:
                    node.append(None)
            if last:
                node[t] = True
                break
            child = node[t] if (isinstance(node, list) or t in node) else None
            if not isinstance(child, (dict, list)):
                child = [] if nxt.isdigit() else {}
                node[t] = child
            node = child
    return choice


def _jwk(path):
    with open(path) as f:
        return jwc_jwk.JWK(**json.load(f))


def sd_issue(job):
    from sd_jwt.issuer import SDJWTIssuer

    holder = _jwk(job["holder_pub"]) if job.get("holder_pub") else None
    issuer = SDJWTIssuer(
        _sd_claims(job["claims"], job["sd"]),
        _jwk(job["issuer"]),
        holder_key=holder,
        sign_alg="ES256",
        extra_header_parameters={"typ": "dc+sd-jwt"},
    )
    return {"sd_jwt": issuer.sd_jwt_issuance}


def sd_present(job):
    from sd_jwt.holder import SDJWTHolder

    holder = SDJWTHolder(job["sd_jwt"])
    key = _jwk(job["holder"]) if job.get("holder") else None
    holder.create_presentation(
        _disclosure_choice(job["disclose"]),
        nonce=job.get("nonce") if key else None,
        aud=job.get("aud") if key else None,
        holder_key=key,
        sign_alg="ES256",
    )
    return {"presentation": holder.sd_jwt_presentation}


def sd_verify(job):
    from sd_jwt.verifier import SDJWTVerifier

    issuer = _jwk(job["issuer_pub"])
    verifier = SDJWTVerifier(
        job["presentation"],
        lambda iss, header: issuer,
        expected_aud=job.get("aud"),
        expected_nonce=job.get("nonce"),
    )
    return {"claims": verifier.get_verified_payload()}


OPS = {
    "gen": gen,
    "sign": sign,
    "verify": verify,
    "roundtrip": roundtrip,
    "jwks_local": jwks_local,
    "jwks_remote": jwks_remote,
    "jwks_publish": jwks_publish,
    "idp_publish": idp_publish,
    "jwe_gen": jwe_gen,
    "jwe_encrypt": jwe_encrypt,
    "jwe_decrypt": jwe_decrypt,
    "ser_sign": ser_sign,
    "ser_verify": ser_verify,
    "ser_encrypt": ser_encrypt,
    "ser_decrypt": ser_decrypt,
    "sd_issue": sd_issue,
    "sd_present": sd_present,
    "sd_verify": sd_verify,
}


def main():
    if len(sys.argv) != 3:
        print("usage: peer_python.py JOBS.json RESULTS.json|-", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    results = {}
    for job in jobs:
        try:
            op = OPS.get(job["op"])
            if op is None:
                raise ValueError(f"unknown op {job['op']}")
            results[job["id"]] = {"ok": True, **op(job)}
        except Unsupported as e:
            results[job["id"]] = {"ok": False, "unsupported": str(e)}
        except Exception as e:  # noqa: BLE001 - every failure is a result here
            results[job["id"]] = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    text = json.dumps(results, indent=1) + "\n"
    if sys.argv[2] == "-":
        sys.stdout.write(text)
    else:
        with open(sys.argv[2], "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
