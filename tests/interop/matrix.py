#!/usr/bin/env python3
"""The interop matrix of jwtctl against jose, jsonwebtoken, PyJWT, jwcrypto, joserfc, express-jwt +
jwks-rsa, dpop, oidc-provider, OpenSSL and latchset jose. Started by tests/interop/run, which installs the peers
(README.md).

It drives jwtctl, openssl, latchset jose and the two peer scripts (peer_node.mjs, peer_python.py,
each run once per phase with a batch of jobs), prints one report table per section (signer x
verifier x algorithm, producer x format x key family, published JWK Set x jwtctl source x
algorithm, or for JWE sender x decrypter x key management algorithm, one table per content
encryption, and one per content encryption for the newer algorithms), the failures with a command to reproduce each, and closes with `N passed, N failed`.
Exit 1 on any failure.

Environment: JWTCTL (the binary, required), INTEROP_NODE_DIR (the folder whose node_modules holds
the node peers), INTEROP_PYTHON (the venv python with PyJWT, jwcrypto and joserfc), INTEROP_OUT (where the
run's files go; default target/interop), INTEROP_KEEP=1 (keep them when everything passed; they
are always kept after a failure, for the reproducing commands), INTEROP_JOSE_SKIP (why `run`
could not install latchset jose: its cells are reported unsupported with that reason).
"""

import base64
import concurrent.futures as cf
import hashlib
import json
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEER_NODE = os.path.join(HERE, "peer_node.mjs")
PEER_PYTHON = os.path.join(HERE, "peer_python.py")

ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA"]
# Key families, each with the algorithm its keys are generated for in the key matrix.
FAMILIES = [("RSA", "RS256"), ("P-256", "ES256"), ("P-384", "ES384"), ("P-521", "ES512"), ("Ed25519", "EdDSA"), ("oct", "HS256")]
FAMILY_ALGS = {alg for _, alg in FAMILIES}
COORD_BYTES = {"ES256": 32, "ES384": 48, "ES512": 66, "ES256K": 32}
OPENSSL_CURVE = {"ES256": "prime256v1", "ES384": "secp384r1", "ES512": "secp521r1", "ES256K": "secp256k1"}
GEN_CURVE = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1"}
HMAC_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}

# Token peers: who signs and verifies with them, in which runtime, with keys from which generator.
TOKEN_PEERS = ["jose", "jsonwebtoken", "pyjwt", "jwcrypto", "joserfc", "openssl"]
RUNTIME = {"jose": "node", "jsonwebtoken": "node", "pyjwt": "python", "jwcrypto": "python", "joserfc": "python"}
GEN_LIB = {"jose": "jose", "jsonwebtoken": "node", "pyjwt": "pyjwt", "jwcrypto": "jwcrypto", "joserfc": "joserfc", "openssl": "openssl"}
# Key generators with no keys for an algorithm (jose has no secp256k1; node:crypto's keys are only
# for jsonwebtoken, which has no ES256K).
GEN_SKIP = {("jose", "ES256K"), ("node", "ES256K")}
PRODUCERS = [("jose", "jose"), ("node", "node:crypto"), ("pyjwt", "cryptography"), ("jwcrypto", "jwcrypto"), ("openssl", "openssl")]
UNSUPPORTED = {
    ("jsonwebtoken", "EdDSA"): "jsonwebtoken v9 has no EdDSA",
    ("jsonwebtoken", "ES256K"): "jsonwebtoken v9 has no ES256K",
    # jose 6 runs on WebCrypto, which has no secp256k1; v6 dropped ES256K (no ES256K in its dist).
    ("jose", "ES256K"): "jose 6 has no ES256K (no secp256k1 in WebCrypto)",
}
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")

JWTCTL = os.environ.get("JWTCTL", "")
NODE_DIR = os.environ.get("INTEROP_NODE_DIR", "")
PYTHON = os.environ.get("INTEROP_PYTHON") or sys.executable
OUT = os.environ.get("INTEROP_OUT") or os.path.join(ROOT, "target", "interop")
ENV = {k: v for k, v in os.environ.items() if k not in ("JWTCTL_NOW",)}
ENV["NO_COLOR"] = "1"
ENV["INTEROP_NODE_DIR"] = NODE_DIR
# verify --jwks URL caches what it fetches: each run gets its own cache, so that a set cached by
# an earlier run (a loopback port is reused across runs) is never read, nor the user's cache.
ENV["XDG_CACHE_HOME"] = os.path.join(OUT, "cache-home.%d" % os.getpid())
# The JWKS server and the Express API are on loopback: never through a proxy.
for _var in ("NO_PROXY", "no_proxy"):
    ENV[_var] = os.environ[_var] = ",".join(filter(None, [os.environ.get(_var), "127.0.0.1", "localhost", "::1"]))
NOW = int(time.time())
WORKERS = max(3, (os.cpu_count() or 2) + 1)

WORK = ""  # this run's folder, set in main()
PEERS = cf.ThreadPoolExecutor(max_workers=2)  # the peer batches, beside the jwtctl/openssl pool


def hmac_alg(alg):
    return alg.startswith("HS")


def hash_name(alg):
    return "sha" + alg[2:5]


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def shq(cmd):
    return " ".join(shlex.quote(str(c)) for c in cmd)


def W(*parts):
    """A path in this run's folder, its parent folder made."""
    path = os.path.join(WORK, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def D(*parts):
    """A folder in this run's folder, made."""
    path = os.path.join(WORK, *parts)
    os.makedirs(path, exist_ok=True)
    return path


def write(path, data, mode=0o644):
    """Writes atomically (temp file + rename): cells run in parallel and may write the same
    token file while a jwtctl of another cell reads it; a reader must never see it truncated."""
    if isinstance(data, str):
        data = data.encode()
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def first_line(data):
    text = data.decode(errors="replace") if isinstance(data, bytes) else str(data)
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return (lines[0] if lines else "").strip()[:300]


def err_text(data):
    """The error: line (and hint) of a jwtctl stderr, else its first line."""
    text = data.decode(errors="replace") if isinstance(data, bytes) else str(data)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    picked = [ln for ln in lines if ln.startswith(("error:", "hint:"))]
    return " / ".join(picked or lines[:1])[:400]


class Proc:
    def __init__(self, cmd, returncode, stdout, stderr):
        self.cmd, self.returncode, self.stdout, self.stderr = cmd, returncode, stdout, stderr


def run(cmd, input=None, timeout=60):
    try:
        p = subprocess.run([str(c) for c in cmd], input=input, capture_output=True, timeout=timeout, env=ENV)
        return Proc(cmd, p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired:
        return Proc(cmd, 124, b"", f"timed out after {timeout}s".encode())
    except OSError as e:
        return Proc(cmd, 127, b"", str(e).encode())


def jwtctl(*args, input=None, timeout=60):
    return run([JWTCTL, *args], input=input, timeout=timeout)


class Failure:
    """Stands in for a token or key that could not be made, with why and how to reproduce."""

    def __init__(self, msg, repro=""):
        self.msg, self.repro = msg, repro


# --- the report ---------------------------------------------------------------------------------

SYMBOL = {"pass": "ok", "fail": "FAIL", "unsupported": "--"}
RANK = {"pass": 0, "unsupported": 1, "fail": 2}


class Cell:
    def __init__(self, status, detail, repro):
        self.status, self.detail, self.repro = status, detail, repro


class Report:
    def __init__(self):
        self.tables = {}
        self.lock = threading.Lock()

    def table(self, title, cols, rows=(), note=""):
        self.tables[title] = {"cols": list(cols), "rows": {r: {} for r in rows}, "note": note}

    def add(self, title, row, col, status, detail="", repro=""):
        with self.lock:
            cells = self.tables[title]["rows"].setdefault(row, {})
            old = cells.get(col)
            if old is None or RANK[status] > RANK[old.status]:
                cells[col] = Cell(status, detail, repro)

    def cells(self):
        for title, t in self.tables.items():
            for row, cells in t["rows"].items():
                for col in t["cols"]:
                    if col in cells:
                        yield title, row, col, cells[col]

    def counts(self):
        out = {"pass": 0, "fail": 0, "unsupported": 0}
        for *_, cell in self.cells():
            out[cell.status] += 1
        return out

    def render(self):
        print("\nLegend: ok = pass, FAIL = fail, -- = unsupported, . = not applicable")
        for title, t in self.tables.items():
            cols, rows = t["cols"], t["rows"]
            if not rows:
                continue
            print(f"\n== {title}")
            if t["note"]:
                print(f"   {t['note']}")
            w0 = max(len(r) for r in rows)
            widths = [max(len(c), 4) for c in cols]
            print(" " * w0 + "  " + " ".join(c.rjust(w) for c, w in zip(cols, widths)))
            for row, cells in rows.items():
                marks = [(SYMBOL[cells[c].status] if c in cells else ".").rjust(w) for c, w in zip(cols, widths)]
                print(row.ljust(w0) + "  " + " ".join(marks))
        failures = [(t, r, c, cell) for t, r, c, cell in self.cells() if cell.status == "fail"]
        if failures:
            print(f"\nFailures ({len(failures)}):")
            for i, (title, row, col, cell) in enumerate(failures, 1):
                print(f"{i:3}. [{title}] {row} / {col}: {cell.detail}")
                if cell.repro:
                    print(f"     repro: {cell.repro}")
        unsupported = {}
        for *_, cell in self.cells():
            if cell.status == "unsupported":
                unsupported[cell.detail] = unsupported.get(cell.detail, 0) + 1
        if unsupported:
            print("\nUnsupported:")
            for why, n in unsupported.items():
                print(f"  {n:3} x {why}")


REPORT = Report()


# --- peers ----------------------------------------------------------------------------------------


class PeerBatch:
    """One run of peer_node.mjs or peer_python.py over a list of jobs."""

    seq = 0
    seq_lock = threading.Lock()

    def __init__(self, runtime, phase):
        self.runtime, self.phase, self.jobs, self.results = runtime, phase, [], {}

    def add(self, op, **kw):
        jid = f"{op}-{len(self.jobs)}"
        self.jobs.append({"id": jid, "op": op, **kw})
        return jid

    def command(self, jobs_file, results_file):
        if self.runtime == "node":
            return ["node", PEER_NODE, jobs_file, results_file]
        return [PYTHON, PEER_PYTHON, jobs_file, results_file]

    def run(self):
        if not self.jobs:
            return
        jobs_file = W("peers", f"{self.phase}-{self.runtime}.jobs.json")
        results_file = W("peers", f"{self.phase}-{self.runtime}.results.json")
        write(jobs_file, json.dumps(self.jobs, indent=1))
        p = run(self.command(jobs_file, results_file), timeout=300)
        try:
            self.results = json.loads(read(results_file))
        except (OSError, ValueError):
            msg = f"{self.runtime} peer exited {p.returncode}: {first_line(p.stderr) or 'no results'}"
            self.results = {j["id"]: {"ok": False, "error": msg} for j in self.jobs}

    def result(self, jid):
        return self.results.get(jid) or {"ok": False, "error": "no result"}

    def repro(self, jid):
        job = next(j for j in self.jobs if j["id"] == jid)
        path = W("peers", "repro", f"{self.phase}-{self.runtime}-{jid}.json")
        write(path, json.dumps([job], indent=1))
        prefix = f"INTEROP_NODE_DIR={shlex.quote(NODE_DIR)} " if self.runtime == "node" else ""
        return prefix + shq(self.command(path, "-"))


def peer_status(res):
    if res.get("ok"):
        return "pass", ""
    if res.get("unsupported"):
        return "unsupported", res["unsupported"]
    return "fail", res.get("error", "failed")


def claims_for(iss):
    return {"iss": iss, "sub": "interop", "aud": "peers", "iat": NOW, "exp": NOW + 900, "n": 1}


def expect_for(iss):
    return {"iss": iss, "aud": "peers", "claims": {"sub": "interop", "n": 1}}


# --- ECDSA signature encodings (JWS uses raw r||s, OpenSSL uses DER) ------------------------------


def _der_len(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def raw_to_der(raw, size):
    if len(raw) != 2 * size:
        raise ValueError(f"ECDSA signature is {len(raw)} bytes, JWA wants r||s of {2 * size}")
    body = b""
    for part in (raw[:size], raw[size:]):
        v = int.from_bytes(part, "big")
        b = v.to_bytes(v.bit_length() // 8 + 1, "big")
        body += b"\x02" + _der_len(len(b)) + b
    return b"\x30" + _der_len(len(body)) + body


def der_to_raw(der, size):
    def length(i):
        n = der[i]
        if n & 0x80:
            k = n & 0x7F
            return int.from_bytes(der[i + 1 : i + 1 + k], "big"), i + 1 + k
        return n, i + 1

    if der[0] != 0x30:
        raise ValueError("not a DER SEQUENCE")
    _, i = length(1)
    out = b""
    for _ in range(2):
        if der[i] != 0x02:
            raise ValueError("not a DER INTEGER")
        n, i = length(i + 1)
        out += int.from_bytes(der[i : i + n], "big").to_bytes(size, "big")
        i += n
    return out


# --- jwtctl helpers -------------------------------------------------------------------------------

JK = {}  # (alg, form) -> {"priv": desc, "pub": desc, "k": str (HMAC), "secret": desc (HMAC)} or Failure
JT = {}  # key path -> jwtctl thumbprint or Failure
LOCK = threading.Lock()


def jwtctl_keygen(alg, form):
    name = alg if hmac_alg(alg) else f"{alg}-{form}"
    base = W("jwtctl", name)
    cmd = [JWTCTL, "keygen", "--alg", alg, "--out", base] + ([] if hmac_alg(alg) else ["--format", form])
    p = run(cmd)
    family = family_of(alg)
    row = "jwtctl keygen " + ("JWK" if form == "jwk" else "PEM")
    ext = ".jwk" if form == "jwk" else ".pem"
    priv, pub = base + ext, base + ".pub" + ext
    if hmac_alg(alg):
        pub = priv
    problems = []
    if p.returncode != 0:
        problems.append(f"exit {p.returncode}: {err_text(p.stderr)}")
    elif not os.path.exists(priv) or not os.path.exists(pub):
        problems.append(f"did not write {priv} and {pub}")
    elif os.stat(priv).st_mode & 0o077:
        problems.append(f"{priv} has mode {oct(os.stat(priv).st_mode & 0o777)}, want 0600")
    if problems:
        JK[(alg, form)] = Failure("jwtctl keygen failed: " + problems[0], shq(cmd))
        REPORT.add(KEYS_OUT, row, family, "fail", f"{alg}: " + problems[0], shq(cmd))
        return
    fmt = "jwk" if form == "jwk" else "pem"
    entry = {"priv": {"path": priv, "fmt": fmt}, "pub": {"path": pub, "fmt": fmt}}
    if hmac_alg(alg):
        try:
            k = json.loads(read(priv))["k"]
            entry["k"] = k
            entry["secret"] = {"path": write(W("jwtctl", name + ".secret"), unb64u(k), 0o600), "fmt": "secret"}
        except (ValueError, KeyError) as e:
            JK[(alg, form)] = Failure(f"jwtctl keygen wrote an oct JWK without a usable k: {e}", shq(cmd))
            REPORT.add(KEYS_OUT, row, family, "fail", f"{alg}: oct JWK without k", shq(cmd))
            return
    JK[(alg, form)] = entry
    REPORT.add(KEYS_OUT, row, family, "pass")


def family_of(alg):
    if hmac_alg(alg):
        return "oct"
    if alg[:2] in ("RS", "PS"):
        return "RSA"
    return {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1", "EdDSA": "Ed25519"}[alg]


def jwtctl_thumbprint(path):
    cmd = [JWTCTL, "jwks", "thumbprint", path]
    p = run(cmd)
    out = p.stdout.decode(errors="replace").strip()
    if p.returncode != 0 or not re.fullmatch(r"[A-Za-z0-9_-]{43}", out):
        JT[path] = Failure(f"jwtctl jwks thumbprint: exit {p.returncode}: {err_text(p.stderr) or out[:100]}", shq(cmd))
    else:
        JT[path] = out
    return JT[path]


def jwtctl_sign(keyargs, alg, iss, name, extra=()):
    """Sign the standard claims; the token, or a Failure."""
    cmd = [JWTCTL, "sign", *keyargs, "--alg", alg, "--iss", iss, "--sub", "interop", "--aud", "peers", "--exp", "15m", "-c", "n:=1", *extra]
    p = run(cmd)
    token = p.stdout.decode(errors="replace").strip()
    if p.returncode != 0:
        return Failure(f"jwtctl sign: exit {p.returncode}: {err_text(p.stderr)}", shq(cmd))
    if token.count(".") != 2:
        return Failure(f"jwtctl sign printed {token[:80]!r}, not a compact JWS", shq(cmd))
    try:
        header = json.loads(unb64u(token.split(".")[0]))
    except ValueError:
        return Failure("jwtctl sign: the header is not base64url JSON", shq(cmd))
    if header.get("alg") != alg:
        return Failure(f"jwtctl sign --alg {alg} made a token with alg {header.get('alg')!r}", shq(cmd))
    save_token(name, token)
    return token


def save_token(name, token):
    return write(W("tokens", name + ".jwt"), token + "\n")


def verify_repro(args, tokfile):
    return shq([JWTCTL, "verify"]) + f' "$(cat {shlex.quote(tokfile)})" ' + shq(args)


def jwtctl_verify_cell(title, row, col, token, keyargs, alg, iss, name, want_rc=0, aud="peers", no_warning=False, repro_prefix=""):
    """jwtctl verifies a token: exit 0 with the standard claims, or exit want_rc. alg None: no
    --alg (the key's own alg decides). no_warning: a pass also needs a stderr without warning:
    lines (as when a key of a set is skipped)."""
    if isinstance(token, Failure):
        REPORT.add(title, row, col, "fail", "no token: " + token.msg, token.repro)
        return
    tokfile = save_token(name, token)
    args = [*keyargs, *(["--alg", alg] if alg else []), "--iss", iss, "--aud", aud]
    p = jwtctl("verify", token, *args)
    repro = repro_prefix + verify_repro(args, tokfile)
    if want_rc == 0:
        if p.returncode != 0:
            REPORT.add(title, row, col, "fail", f"jwtctl verify exit {p.returncode}, want 0: {err_text(p.stderr)}", repro)
            return
        warnings = [ln.strip() for ln in p.stderr.decode(errors="replace").splitlines() if ln.strip().startswith("warning:")]
        if no_warning and warnings:
            REPORT.add(title, row, col, "fail", "jwtctl verify passed but warned (a key of the set skipped?): " + " / ".join(warnings)[:400], repro)
            return
        try:
            out = json.loads(p.stdout)
            claims = out.get("claims", out) if isinstance(out, dict) else {}
        except ValueError:
            REPORT.add(title, row, col, "fail", f"jwtctl verify printed no claims JSON: {first_line(p.stdout)!r}", repro)
            return
        if claims.get("sub") != "interop" or claims.get("n") != 1:
            REPORT.add(title, row, col, "fail", f"jwtctl verify printed claims without sub=interop, n=1: {first_line(p.stdout)}", repro)
            return
        REPORT.add(title, row, col, "pass")
    elif p.returncode != want_rc:
        REPORT.add(title, row, col, "fail", f"jwtctl verify exit {p.returncode}, want {want_rc} (rejected): {err_text(p.stderr) or first_line(p.stdout)}", repro)
    else:
        REPORT.add(title, row, col, "pass")


# --- OpenSSL ------------------------------------------------------------------------------------------

OG = {}  # alg -> {"files": [...], "roles": {...}} or Failure


def openssl_gen(alg):
    base = W("openssl", alg)
    cmds = []

    def sh(*cmd):
        cmds.append(shq(cmd))
        p = run(cmd)
        if p.returncode != 0:
            raise RuntimeError(f"{shq(cmd)}: exit {p.returncode}: {first_line(p.stderr)}")
        return p

    def kf(label, path, fmt, private, pub=None):
        d = {"label": label, "path": path, "fmt": fmt, "private": private}
        if pub:
            d["pub"] = pub
        return d

    try:
        if hmac_alg(alg):
            sh("openssl", "rand", "-out", base + ".secret", str(HMAC_BYTES[alg]))
            s = kf("raw secret", base + ".secret", "secret", True)
            OG[alg] = {"files": [s], "roles": {"sign": s, "pub_pem": s, "pub_jwk": None}}
            return
        priv = base + ".pkcs8.pem"
        if alg[:2] in ("RS", "PS"):
            sh("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", priv)
        elif alg.startswith("ES"):
            sh("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", f"ec_paramgen_curve:{GEN_CURVE[alg]}", "-pkeyopt", "ec_param_enc:named_curve", "-out", priv)
        else:
            sh("openssl", "genpkey", "-algorithm", "ED25519", "-out", priv)
        pub = base + ".spki.pem"
        sh("openssl", "pkey", "-in", priv, "-pubout", "-out", pub)
        files = [kf("PKCS#8 PEM", priv, "pem", True), kf("SPKI PEM", pub, "pem", False)]
        roles = {"sign": files[0], "pub_pem": files[1], "pub_jwk": None}
        if alg in FAMILY_ALGS:
            if alg.startswith("RS"):
                sh("openssl", "rsa", "-in", priv, "-traditional", "-out", base + ".pkcs1.pem")
                sh("openssl", "rsa", "-in", priv, "-RSAPublicKey_out", "-out", base + ".pkcs1.pub.pem")
                files += [kf("PKCS#1 PEM", base + ".pkcs1.pem", "pem", True), kf("PKCS#1 public PEM", base + ".pkcs1.pub.pem", "pem", False)]
            if alg.startswith("ES"):
                sh("openssl", "ec", "-in", priv, "-out", base + ".sec1.pem")
                sh("openssl", "ec", "-in", priv, "-outform", "DER", "-out", base + ".sec1.der")
                # `openssl ecparam -genkey` writes an EC PARAMETERS block before the SEC1 key.
                params = base + ".ecparam.pem"
                sh("openssl", "ecparam", "-name", OPENSSL_CURVE[alg], "-genkey", "-out", params)
                sh("openssl", "pkey", "-in", params, "-pubout", "-out", base + ".ecparam.pub.pem")
                ppub = {"path": base + ".ecparam.pub.pem", "fmt": "pem"}
                files += [
                    kf("SEC1 PEM", base + ".sec1.pem", "pem", True),
                    kf("SEC1 DER", base + ".sec1.der", "der-sec1", True),
                    kf("SEC1 PEM + EC PARAMETERS", params, "pem", True, pub=ppub),
                ]
            if alg.startswith("RS"):
                sh("openssl", "rsa", "-in", priv, "-traditional", "-outform", "DER", "-out", base + ".pkcs1.der")
                files.append(kf("PKCS#1 DER", base + ".pkcs1.der", "der-pkcs1", True))
            # (`openssl pkey -outform DER` writes the traditional form, not PKCS#8.)
            sh("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", priv, "-outform", "DER", "-out", base + ".pkcs8.der")
            sh("openssl", "pkey", "-in", priv, "-pubout", "-outform", "DER", "-out", base + ".spki.der")
            sh("openssl", "req", "-x509", "-new", "-key", priv, "-subj", "/CN=jwtctl-interop", "-days", "2", "-out", base + ".crt.pem")
            files += [
                kf("PKCS#8 DER", base + ".pkcs8.der", "der-pkcs8", True),
                kf("SPKI DER", base + ".spki.der", "der-spki", False),
                kf("X.509 certificate PEM", base + ".crt.pem", "pem", False),
            ]
        OG[alg] = {"files": files, "roles": roles}
    except RuntimeError as e:
        OG[alg] = Failure(f"openssl key generation failed: {e}", " && ".join(cmds))


def openssl_token(alg):
    """openssl signs a JWS; the token, or a Failure."""
    g = OG.get(alg)
    if not isinstance(g, dict):
        return g or Failure("no openssl key")
    key = g["roles"]["sign"]["path"]
    d = D("openssl", "sign", alg)
    header = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")))
    payload = b64u(json.dumps(claims_for("openssl"), separators=(",", ":")))
    signing_input = write(os.path.join(d, "input"), f"{header}.{payload}")
    sig_file = os.path.join(d, "sig")
    h = hash_name(alg)
    if hmac_alg(alg):
        cmd = ["openssl", "dgst", f"-{h}", "-mac", "HMAC", "-macopt", "hexkey:" + read(key).hex(), "-binary", "-out", sig_file, signing_input]
    elif alg.startswith("RS"):
        cmd = ["openssl", "dgst", f"-{h}", "-sign", key, "-out", sig_file, signing_input]
    elif alg.startswith("PS"):
        cmd = ["openssl", "dgst", f"-{h}", "-sign", key, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest", "-out", sig_file, signing_input]
    elif alg.startswith("ES"):
        cmd = ["openssl", "dgst", f"-{h}", "-sign", key, "-out", sig_file, signing_input]
    else:
        cmd = ["openssl", "pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", signing_input, "-out", sig_file]
    p = run(cmd)
    if p.returncode != 0:
        return Failure(f"openssl sign: exit {p.returncode}: {first_line(p.stderr)}", shq(cmd))
    sig = read(sig_file)
    if alg.startswith("ES"):
        sig = der_to_raw(sig, COORD_BYTES[alg])
    return f"{header}.{payload}.{b64u(sig)}"


def openssl_verify_cell(title, row, alg, token, key):
    """OpenSSL checks a jwtctl token's signature."""
    if isinstance(token, Failure):
        REPORT.add(title, row, alg, "fail", "no token: " + token.msg, token.repro)
        return
    d = D("openssl", "verify", alg)
    h, p_, s = token.split(".")
    signing_input = write(os.path.join(d, "input"), f"{h}.{p_}")
    sig = unb64u(s)
    sig_file = os.path.join(d, "sig")
    hn = hash_name(alg)
    try:
        if hmac_alg(alg):
            cmd = ["openssl", "dgst", f"-{hn}", "-mac", "HMAC", "-macopt", "hexkey:" + read(key["path"]).hex(), "-binary", signing_input]
            p = run(cmd)
            ok = p.returncode == 0 and p.stdout == sig
            why = "HMAC differs from openssl's" if p.returncode == 0 else first_line(p.stderr)
        else:
            if alg.startswith("ES"):
                sig = raw_to_der(sig, COORD_BYTES[alg])
            write(sig_file, sig)
            if alg.startswith("RS") or alg.startswith("ES"):
                cmd = ["openssl", "dgst", f"-{hn}", "-verify", key["path"], "-signature", sig_file, signing_input]
            elif alg.startswith("PS"):
                cmd = ["openssl", "dgst", f"-{hn}", "-verify", key["path"], "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest", "-signature", sig_file, signing_input]
            else:
                cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key["path"], "-rawin", "-in", signing_input, "-sigfile", sig_file]
            p = run(cmd)
            ok = p.returncode == 0
            why = first_line(p.stdout) + " " + first_line(p.stderr)
    except ValueError as e:
        REPORT.add(title, row, alg, "fail", str(e), f"cat {shlex.quote(save_token('openssl-verify-' + alg, token))}")
        return
    if ok:
        REPORT.add(title, row, alg, "pass")
    else:
        REPORT.add(title, row, alg, "fail", f"openssl rejects the signature: {why.strip()}", shq(cmd))


def openssl_loads_cell(family, alg):
    k = JK.get((alg, "pem"))
    row = "jwtctl PEM -> openssl"
    if not isinstance(k, dict):
        REPORT.add(KEYS_OUT, row, family, "fail", k.msg if k else "no key", k.repro if k else "")
        return
    cmd = ["openssl", "pkey", "-in", k["priv"]["path"], "-pubout"]
    p = run(cmd)
    cmd2 = ["openssl", "pkey", "-pubin", "-in", k["pub"]["path"], "-noout"]
    p2 = run(cmd2)
    if p.returncode != 0:
        REPORT.add(KEYS_OUT, row, family, "fail", f"openssl cannot read the private key: {first_line(p.stderr)}", shq(cmd))
    elif p2.returncode != 0:
        REPORT.add(KEYS_OUT, row, family, "fail", f"openssl cannot read the public key: {first_line(p2.stderr)}", shq(cmd2))
    elif p.stdout.split() != read(k["pub"]["path"]).split():
        REPORT.add(KEYS_OUT, row, family, "fail", "openssl's public key of the private PEM differs from .pub.pem", shq(cmd) + " | diff - " + shlex.quote(k["pub"]["path"]))
    else:
        REPORT.add(KEYS_OUT, row, family, "pass")


# --- tampering and forging ----------------------------------------------------------------------------


def tamper_payload(token):
    """Flip one character of the payload JSON (sub "interop" -> "interoq"), keeping it valid."""
    h, p, s = token.split(".")
    raw = unb64u(p)
    if b'"interop"' not in raw:
        raise ValueError("payload has no sub interop to flip")
    flipped = b64u(raw.replace(b'"interop"', b'"interoq"', 1))
    return f"{h}.{flipped}.{s}"


def tamper_signature(token):
    h, p, s = token.split(".")
    sig = bytearray(unb64u(s))
    sig[len(sig) // 2] ^= 0x01
    return f"{h}.{p}.{b64u(bytes(sig))}"


def forge(header, claims, key=None):
    h = b64u(json.dumps(header, separators=(",", ":")))
    p = b64u(json.dumps(claims, separators=(",", ":")))
    if key is None:
        return f"{h}.{p}."
    import hashlib
    import hmac

    return f"{h}.{p}.{b64u(hmac.new(key, f'{h}.{p}'.encode(), hashlib.sha256).digest())}"


# --- the phases -------------------------------------------------------------------------------------

TOKENS = "Tokens: signer -> verifier (keys: PEM, or the raw secret for HS*; JWK)"
TAMPER = "Tampered and forged tokens: jwtctl verify must reject (exit 1)"
KEYS_OUT = "Keys: jwtctl keygen -> peers (load, sign, verify; thumbprint = jwtctl's)"
KEYS_IN = "Keys: peers -> jwtctl (jwks thumbprint = jose's calculateJwkThumbprint; private keys: jwtctl sign, jose verify)"
JWKS = "JWKS: jwtctl jwks create / serve -> peers"
EXPRESS = "Express API: express-jwt + jwks-rsa reading jwtctl jwks serve (HTTP status)"


def key_form_label(form):
    return "JWK" if form == "jwk" else "PEM"


def declare_tables():
    rows = []
    for peer in TOKEN_PEERS:
        rows += [f"jwtctl PEM -> {peer}"] + ([] if peer == "openssl" else [f"jwtctl JWK -> {peer}"])
    for peer in TOKEN_PEERS:
        rows += [f"{peer} -> jwtctl PEM"] + ([] if peer == "openssl" else [f"{peer} -> jwtctl JWK"])
    REPORT.table(TOKENS, ALGS, rows)
    rows = []
    for peer in TOKEN_PEERS:
        rows += [f"{peer}, payload char flipped", f"{peer}, signature byte flipped"]
    rows += ["forged: alg none", "forged: HS256 keyed with the public key PEM"]
    REPORT.table(TAMPER, ALGS, rows)
    fams = [f for f, _ in FAMILIES]
    rows = ["jwtctl keygen PEM", "jwtctl keygen JWK"]
    for lib in ("jose", "jsonwebtoken", "pyjwt", "jwcrypto"):
        rows += [f"jwtctl PEM -> {lib}", f"jwtctl JWK -> {lib}"]
    rows.append("jwtctl PEM -> openssl")
    REPORT.table(KEYS_OUT, fams, rows)
    REPORT.table(KEYS_IN, fams)


def phase_gen(pool):
    futures = []
    for alg in ALGS:
        for form in ["jwk"] if hmac_alg(alg) else ["pem", "jwk"]:
            futures.append(pool.submit(jwtctl_keygen, alg, form))
    batches = {"node": PeerBatch("node", "gen"), "python": PeerBatch("python", "gen")}
    gens = {}
    for alg in ALGS:
        for lib, runtime in (("jose", "node"), ("node", "node"), ("pyjwt", "python"), ("jwcrypto", "python"), ("joserfc", "python")):
            if (lib, alg) in GEN_SKIP:
                continue
            gens[(lib, alg)] = (batches[runtime], batches[runtime].add("gen", lib=lib, alg=alg, dir=D(lib), name=alg))
    futures += [PEERS.submit(b.run) for b in batches.values()]
    futures += [pool.submit(openssl_gen, alg) for alg in ALGS]
    cf.wait(futures)
    for f in futures:
        f.result()
    G = {}
    for (lib, alg), (batch, jid) in gens.items():
        res = batch.result(jid)
        G[(lib, alg)] = res if res.get("ok") else Failure(f"{lib} key generation failed: {res.get('error')}", batch.repro(jid))
    for alg in ALGS:
        G[("openssl", alg)] = OG.get(alg) or Failure("openssl key generation did not run")
    return G


def phase_sign(pool, G):
    """jwtctl and the peers sign; keys are loaded across; thumbprints are taken."""
    node, py = PeerBatch("node", "sign"), PeerBatch("python", "sign")
    batch_of = {"node": node, "python": py}
    futures = {}
    # Token matrix: jwtctl signs with its keys, each form.
    for alg in ALGS:
        for form in ("pem", "jwk"):
            k = JK.get((alg, "jwk" if hmac_alg(alg) else form))
            if not isinstance(k, dict):
                futures[("jwtctl-token", alg, form)] = k or Failure("no jwtctl key")
                continue
            keyargs = ["--secret", "b64:" + k["k"]] if hmac_alg(alg) and form == "pem" else ["--key", k["priv"]["path"]]
            futures[("jwtctl-token", alg, form)] = pool.submit(jwtctl_sign, keyargs, alg, "jwtctl", f"jwtctl-{alg}-{form}")
    # Token matrix: each peer signs with its own fresh key.
    peer_tokens = {}
    for signer in ("jose", "jsonwebtoken", "pyjwt", "jwcrypto", "joserfc"):
        for alg in ALGS:
            g = G.get((GEN_LIB[signer], alg))
            if (signer, alg) in UNSUPPORTED:
                peer_tokens[(signer, alg)] = ("unsupported", UNSUPPORTED[(signer, alg)])
            elif isinstance(g, Failure):
                peer_tokens[(signer, alg)] = g
            else:
                b = batch_of[RUNTIME[signer]]
                peer_tokens[(signer, alg)] = (b, b.add("sign", lib=signer, alg=alg, key=g["roles"]["sign"], claims=claims_for(signer)))
    for alg in ALGS:
        futures[("openssl-token", alg)] = pool.submit(openssl_token, alg)
    # Key matrix, jwtctl keys -> peers: each peer loads both halves, signs, verifies.
    roundtrips = {}
    for family, alg in FAMILIES:
        for form in ["jwk"] if family == "oct" else ["pem", "jwk"]:
            k = JK.get((alg, form))
            for lib in ("jose", "jsonwebtoken", "pyjwt", "jwcrypto"):
                row = f"jwtctl {key_form_label(form)} -> {lib}"
                if (lib, alg) in UNSUPPORTED:
                    REPORT.add(KEYS_OUT, row, family, "unsupported", UNSUPPORTED[(lib, alg)])
                elif not isinstance(k, dict):
                    REPORT.add(KEYS_OUT, row, family, "fail", k.msg if k else "no key", k.repro if k else "")
                else:
                    b = batch_of[RUNTIME[lib]]
                    jid = b.add("roundtrip", lib=lib, alg=alg, priv=k["priv"], pub=k["pub"], claims=claims_for(lib), expect=expect_for(lib))
                    roundtrips[(family, alg, form, lib)] = (b, jid)
            if isinstance(k, dict):
                for half in ("priv", "pub"):
                    futures[("jt", k[half]["path"])] = pool.submit(jwtctl_thumbprint, k[half]["path"])
            if form == "pem" and family != "oct":
                futures[("openssl-load", family)] = pool.submit(openssl_loads_cell, family, alg)
    # Key matrix, peer keys -> jwtctl: thumbprints on both sides; jwtctl signs with private keys.
    key_cells = []
    for gen_lib, producer in PRODUCERS:
        for family, alg in FAMILIES:
            g = G[(gen_lib, alg)]
            if isinstance(g, Failure):
                REPORT.add(KEYS_IN, f"{producer} (key generation)", family, "fail", g.msg, g.repro)
                continue
            for f in g["files"]:
                cell = {"row": f"{producer} {f['label']}", "family": family, "alg": alg, "file": f, "gen": g}
                if f["fmt"] != "secret":
                    cell["ref"] = node.add("thumb", key=f, alg=alg)
                    futures[("jt", f["path"])] = pool.submit(jwtctl_thumbprint, f["path"])
                if f["private"]:
                    keyargs = ["--secret", "@" + f["path"]] if f["fmt"] == "secret" else ["--key", f["path"]]
                    name = f"keysin-{gen_lib}-{os.path.basename(f['path'])}"
                    cell["token"] = pool.submit(jwtctl_sign, keyargs, alg, "jwtctl", name)
                key_cells.append(cell)
    nf, pf = PEERS.submit(node.run), PEERS.submit(py.run)
    nf.result()
    pf.result()
    out = {}
    for key, fut in futures.items():
        out[key] = fut.result() if isinstance(fut, cf.Future) else fut
    for cell in key_cells:
        if "token" in cell:
            cell["token"] = cell["token"].result()
    # Resolve the peer tokens.
    for key, v in peer_tokens.items():
        if isinstance(v, tuple) and isinstance(v[0], PeerBatch):
            b, jid = v
            res = b.result(jid)
            peer_tokens[key] = res["token"] if res.get("ok") else Failure(f"{key[0]} sign failed: {peer_status(res)[1]}", b.repro(jid))
    for alg in ALGS:
        peer_tokens[("openssl", alg)] = out[("openssl-token", alg)]
    # Report the jwtctl keys -> peers cells.
    for (family, alg, form, lib), (b, jid) in roundtrips.items():
        row = f"jwtctl {key_form_label(form)} -> {lib}"
        res = b.result(jid)
        status, why = peer_status(res)
        if status != "pass":
            REPORT.add(KEYS_OUT, row, family, status, why, b.repro(jid))
            continue
        k = JK[(alg, form)]
        problems = []
        tp_pub, tp_priv = JT.get(k["pub"]["path"]), JT.get(k["priv"]["path"])
        for tp, which in ((tp_pub, "public"), (tp_priv, "private")):
            if isinstance(tp, Failure):
                problems.append(f"{tp.msg} ({which} key)")
        peer_tp = res.get("thumbprint")
        if peer_tp and isinstance(tp_pub, str) and peer_tp != tp_pub:
            problems.append(f"{lib} thumbprint {peer_tp} != jwtctl's {tp_pub}")
        if isinstance(tp_pub, str) and isinstance(tp_priv, str) and tp_pub != tp_priv:
            problems.append(f"jwtctl thumbprints of the private ({tp_priv}) and public ({tp_pub}) key differ")
        if form == "jwk":
            kid = json.loads(read(k["pub"]["path"])).get("kid")
            if isinstance(tp_pub, str) and kid != tp_pub:
                problems.append(f"JWK kid {kid} is not its thumbprint {tp_pub}")
        if problems:
            REPORT.add(KEYS_OUT, row, family, "fail", "; ".join(problems), shq([JWTCTL, "jwks", "thumbprint", k["pub"]["path"]]))
        else:
            REPORT.add(KEYS_OUT, row, family, "pass")
    for cell in key_cells:
        if "ref" in cell:
            res = node.result(cell["ref"])
            cell["ref"] = res.get("thumbprint") if res.get("ok") else Failure(f"jose thumbprint failed: {res.get('error')}", node.repro(cell["ref"]))
    jwtctl_tokens = {(alg, form): out[("jwtctl-token", alg, form)] for alg in ALGS for form in ("pem", "jwk")}
    return jwtctl_tokens, peer_tokens, key_cells


def phase_verify(pool, G, jwtctl_tokens, peer_tokens, key_cells):
    node, py = PeerBatch("node", "verify"), PeerBatch("python", "verify")
    batch_of = {"node": node, "python": py}
    futures = []
    # jwtctl tokens -> peers.
    pending = []
    for alg in ALGS:
        for form in ("pem", "jwk"):
            token = jwtctl_tokens[(alg, form)]
            k = JK.get((alg, "jwk" if hmac_alg(alg) else form))
            if hmac_alg(alg) and isinstance(k, dict):
                key = k["secret"] if form == "pem" else k["pub"]
            else:
                key = k["pub"] if isinstance(k, dict) else None
            for peer in TOKEN_PEERS:
                if peer == "openssl" and form == "jwk":
                    continue
                row = f"jwtctl {key_form_label(form)} -> {peer}"
                if (peer, alg) in UNSUPPORTED:
                    REPORT.add(TOKENS, row, alg, "unsupported", UNSUPPORTED[(peer, alg)])
                elif isinstance(token, Failure):
                    REPORT.add(TOKENS, row, alg, "fail", "no token: " + token.msg, token.repro)
                elif peer == "openssl":
                    futures.append(pool.submit(openssl_verify_cell, TOKENS, row, alg, token, key))
                else:
                    b = batch_of[RUNTIME[peer]]
                    pending.append((row, alg, b, b.add("verify", lib=peer, alg=alg, key=key, token=token, expect=expect_for("jwtctl"))))
    # peer tokens -> jwtctl, as they are and tampered with.
    for signer in TOKEN_PEERS:
        for alg in ALGS:
            token = peer_tokens[(signer, alg)]
            g = G.get((GEN_LIB[signer], alg))
            rows = [f"{signer} -> jwtctl PEM", f"{signer} -> jwtctl JWK", f"{signer}, payload char flipped", f"{signer}, signature byte flipped"]
            if isinstance(token, tuple):
                for row in rows:
                    REPORT.add(TOKENS if "->" in row else TAMPER, row, alg, "unsupported", token[1])
                continue
            roles = g["roles"] if isinstance(g, dict) else {}
            pem_args = (["--secret", "@" + roles["pub_pem"]["path"]] if hmac_alg(alg) else ["--key", roles["pub_pem"]["path"]]) if roles else []
            name = f"{signer}-{alg}"
            futures.append(pool.submit(jwtctl_verify_cell, TOKENS, rows[0], alg, token, pem_args, alg, signer, name))
            if signer != "openssl":
                futures.append(pool.submit(jwtctl_verify_cell, TOKENS, rows[1], alg, token, ["--key", roles["pub_jwk"]["path"]] if roles else [], alg, signer, name))
            for row, tamper, suffix in ((rows[2], tamper_payload, "payload"), (rows[3], tamper_signature, "sig")):
                if isinstance(token, Failure):
                    REPORT.add(TAMPER, row, alg, "fail", "no token: " + token.msg, token.repro)
                    continue
                try:
                    bad = tamper(token)
                except ValueError as e:
                    REPORT.add(TAMPER, row, alg, "fail", f"cannot tamper with the {signer} token: {e}", "")
                    continue
                futures.append(pool.submit(jwtctl_verify_cell, TAMPER, row, alg, bad, pem_args, alg, signer, f"{name}-{suffix}-tampered", 1))
    # Forgeries against jose's keys (jwcrypto's where jose has none).
    for alg in ALGS:
        g = G.get(("jose", alg)) if isinstance(G.get(("jose", alg)), dict) else G[("jwcrypto", alg)]
        if not isinstance(g, dict):
            REPORT.add(TAMPER, "forged: alg none", alg, "fail", g.msg, g.repro)
            continue
        pub = g["roles"]["pub_pem"]["path"]
        args = ["--secret", "@" + pub] if hmac_alg(alg) else ["--key", pub]
        claims = claims_for("forger")
        none = forge({"alg": "none", "typ": "JWT"}, claims)
        futures.append(pool.submit(jwtctl_verify_cell, TAMPER, "forged: alg none", alg, none, args, alg, "forger", f"forged-none-{alg}", 1))
        if not hmac_alg(alg):
            confused = forge({"alg": "HS256", "typ": "JWT"}, claims, read(pub))
            futures.append(pool.submit(jwtctl_verify_cell, TAMPER, "forged: HS256 keyed with the public key PEM", alg, confused, args, alg, "forger", f"forged-hs256-{alg}", 1))
    # Key matrix, peer keys -> jwtctl: jose verifies what jwtctl signed with each private key.
    for cell in key_cells:
        token = cell.get("token")
        if isinstance(token, str):
            pub = cell["file"].get("pub") or cell["gen"]["roles"]["pub_pem"]
            cell["verify"] = node.add("verify", lib="jose", alg=cell["alg"], key=pub, token=token, expect=expect_for("jwtctl"))
    nf, pf = PEERS.submit(node.run), PEERS.submit(py.run)
    nf.result()
    pf.result()
    for f in futures:
        f.result()
    for row, alg, b, jid in pending:
        status, why = peer_status(b.result(jid))
        REPORT.add(TOKENS, row, alg, status, why, b.repro(jid) if status == "fail" else "")
    for cell in key_cells:
        row, family, f = cell["row"], cell["family"], cell["file"]
        problems, repro = [], ""
        if "ref" in cell:
            ref, mine = cell["ref"], JT.get(f["path"])
            if isinstance(mine, Failure):
                problems.append(mine.msg)
                repro = mine.repro
            elif isinstance(ref, Failure):
                problems.append(ref.msg)
                repro = ref.repro
            elif mine != ref:
                problems.append(f"jwtctl thumbprint {mine} != jose's {ref}")
                repro = shq([JWTCTL, "jwks", "thumbprint", f["path"]])
        if "token" in cell:
            token = cell["token"]
            if isinstance(token, Failure):
                problems.append(token.msg)
                repro = repro or token.repro
            else:
                status, why = peer_status(node.result(cell["verify"]))
                if status != "pass":
                    problems.append(f"jose rejects what jwtctl signed with it: {why}")
                    repro = repro or node.repro(cell["verify"])
        if problems:
            REPORT.add(KEYS_IN, row, family, "fail", "; ".join(problems), repro)
        else:
            REPORT.add(KEYS_IN, row, family, "pass")


# --- JWKS and the Express API -----------------------------------------------------------------------------

JWKS_KEYS = [("RS256", "pem"), ("PS256", "jwk"), ("ES256", "pem"), ("ES384", "jwk"), ("ES512", "pem"), ("EdDSA", "jwk")]
EXPRESS_CASES = [
    # name, path, expected status
    ("/ no token", "/", 200),
    ("valid", "/protected", 200),
    ("no token", "/protected", 401),
    ("expired", "/protected", 401),
    ("other key", "/protected", 401),
    ("unknown kid", "/protected", 401),
    ("alg none", "/protected", 401),
    ("HS256 pubkey", "/protected", 401),
]


def start_serve(args):
    """Start `jwtctl jwks serve ARGS --port 0`; (process, base URL or None, log lines)."""
    cmd = [JWTCTL, "jwks", "serve", *args, "--port", "0"]
    proc = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    lines, q = [], queue.Queue()

    def pump(stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace").rstrip()
            lines.append(line)
            q.put(line)
        q.put(None)

    for stream in (proc.stdout, proc.stderr):
        threading.Thread(target=pump, args=(stream,), daemon=True).start()
    deadline, closed = time.time() + 15, 0
    while time.time() < deadline and closed < 2:
        try:
            line = q.get(timeout=max(0.05, deadline - time.time()))
        except queue.Empty:
            break
        if line is None:
            closed += 1
            continue
        m = re.search(r"(https?://(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+):(\d+))", line)
        if m and m.group(2) != "0":
            return proc, m.group(1), lines, cmd
    return proc, None, lines, cmd


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def http_get_json(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, json.loads(r.read())


def check_public_jwks(jwks, expected):
    """Per alg, what is wrong with the JWKS entry for that key (None when fine)."""
    out = {}
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list):
        return {alg: "not a JWKS (no keys array)" for alg in expected}
    for alg, kid in expected.items():
        entry = next((k for k in keys if k.get("kid") == kid), None)
        if entry is None:
            out[alg] = f"no key with kid {kid} (kids: {[k.get('kid') for k in keys]})"
        elif [m for m in PRIVATE_MEMBERS if m in entry]:
            out[alg] = f"private members {[m for m in PRIVATE_MEMBERS if m in entry]} in the public JWKS"
        elif entry.get("use") != "sig" or entry.get("alg") != alg:
            out[alg] = f"use/alg are {entry.get('use')!r}/{entry.get('alg')!r}, want 'sig'/{alg!r}"
        else:
            out[alg] = None
    if len(keys) != len(expected):
        for alg in expected:
            out[alg] = out[alg] or f"{len(keys)} keys, want {len(expected)}"
    return out


def phase_jwks(pool):
    cols = [alg for alg, _ in JWKS_KEYS]
    create_rows = ["create: public entry, kid, alg, use", "create -> jose createLocalJWKSet", "create -> PyJWT PyJWKSet", "create -> jwcrypto JWKSet"]
    serve_rows = [
        "serve: public entry at both paths",
        "serve /jwks.json -> jose createRemoteJWKSet",
        "serve /.well-known/jwks.json -> jose createRemoteJWKSet",
        "serve /jwks.json -> PyJWT PyJWKClient",
    ]
    REPORT.table(JWKS, cols, create_rows + serve_rows)
    REPORT.table(EXPRESS, [c[0] for c in EXPRESS_CASES], ["RS256", "ES256"])
    has_create = jwtctl("jwks", "create", "--help").returncode == 0
    has_serve = jwtctl("jwks", "serve", "--help").returncode == 0
    if not has_create:
        for row in create_rows:
            for col in cols:
                REPORT.add(JWKS, row, col, "unsupported", "jwtctl jwks create not available")
    if not has_serve:
        for row in serve_rows:
            for col in cols:
                REPORT.add(JWKS, row, col, "unsupported", "jwtctl jwks serve not available")
        for row in ("RS256", "ES256"):
            for name, _, _ in EXPRESS_CASES:
                REPORT.add(EXPRESS, row, name, "unsupported", "jwtctl jwks serve not available")
    if not has_create and not has_serve:
        return
    # The keys, their kids, and one jwtctl token per key with that kid.
    keys, kids, cases = [], {}, []
    for alg, form in JWKS_KEYS:
        k = JK.get((alg, form))
        if not isinstance(k, dict):
            for row in create_rows + serve_rows:
                REPORT.add(JWKS, row, alg, "fail", k.msg if k else "no key", k.repro if k else "")
            continue
        keys.append(k["priv"]["path"])
        if form == "jwk":
            kids[alg] = json.loads(read(k["priv"]["path"])).get("kid")
            token = jwtctl_sign(["--key", k["priv"]["path"]], alg, "jwtctl", f"jwks-{alg}")
        else:
            tp = JT.get(k["pub"]["path"])
            kids[alg] = tp if isinstance(tp, str) else None
            token = jwtctl_sign(["--key", k["priv"]["path"], "--kid", "thumbprint"], alg, "jwtctl", f"jwks-{alg}")
        if isinstance(token, Failure):
            for row in create_rows[1:] + serve_rows[1:]:
                REPORT.add(JWKS, row, alg, "fail", "no token: " + token.msg, token.repro)
        else:
            cases.append({"name": alg, "alg": alg, "token": token})
    expected = {alg: kid for alg, kid in kids.items()}

    def report_cases(row, batch, jid):
        res = batch.result(jid)
        for case in cases:
            if not res.get("ok"):
                REPORT.add(JWKS, row, case["alg"], "fail", res.get("error", "failed"), batch.repro(jid))
                continue
            c = res["cases"].get(case["name"], {})
            if c.get("ok"):
                REPORT.add(JWKS, row, case["alg"], "pass")
            else:
                REPORT.add(JWKS, row, case["alg"], "fail", c.get("error", "no result"), batch.repro(jid))

    if has_create:
        cmd = [JWTCTL, "jwks", "create", *keys]
        p = run(cmd)
        jwks_file = W("jwks", "jwks.json")
        try:
            if p.returncode != 0:
                raise ValueError(f"exit {p.returncode}: {err_text(p.stderr)}")
            jwks = json.loads(p.stdout)
            write(jwks_file, p.stdout)
        except ValueError as e:
            for row in create_rows:
                for alg in cols:
                    REPORT.add(JWKS, row, alg, "fail", f"jwtctl jwks create: {e}", shq(cmd))
        else:
            for alg, problem in check_public_jwks(jwks, expected).items():
                REPORT.add(JWKS, create_rows[0], alg, "fail" if problem else "pass", problem or "", shq(cmd))
            node, py = PeerBatch("node", "jwks-local"), PeerBatch("python", "jwks-local")
            j1 = node.add("jwks_local", jwks=jwks_file, cases=cases)
            j2 = py.add("jwks_local", lib="pyjwt", jwks=jwks_file, cases=cases)
            j3 = py.add("jwks_local", lib="jwcrypto", jwks=jwks_file, cases=cases)
            cf.wait([PEERS.submit(node.run), PEERS.submit(py.run)])
            report_cases(create_rows[1], node, j1)
            report_cases(create_rows[2], py, j2)
            report_cases(create_rows[3], py, j3)
    if not has_serve:
        return
    proc, base, log, cmd = start_serve(keys)
    try:
        if not base:
            why = f"no URL printed within 15 s (exit {proc.poll()}): {' / '.join(log[-3:])}"
            for row in serve_rows:
                for alg in cols:
                    REPORT.add(JWKS, row, alg, "fail", f"jwtctl jwks serve: {why}", shq(cmd))
            for row in ("RS256", "ES256"):
                for name, _, _ in EXPRESS_CASES:
                    REPORT.add(EXPRESS, row, name, "fail", f"jwtctl jwks serve: {why}", shq(cmd))
            return
        for path, row in (("/jwks.json", serve_rows[0]), ("/.well-known/jwks.json", serve_rows[0])):
            try:
                status, served = http_get_json(base + path)
                problems = check_public_jwks(served, expected)
            except (OSError, ValueError) as e:
                problems = {alg: f"GET {path}: {e}" for alg in cols}
            for alg, problem in problems.items():
                REPORT.add(JWKS, row, alg, "fail" if problem else "pass", f"{path}: {problem}" if problem else "", f"{shq(cmd)} & curl {base}{path}")
        node, py = PeerBatch("node", "jwks-remote"), PeerBatch("python", "jwks-remote")
        j1 = node.add("jwks_remote", url=base + "/jwks.json", cases=cases)
        j2 = node.add("jwks_remote", url=base + "/.well-known/jwks.json", cases=cases)
        j3 = py.add("jwks_remote", url=base + "/jwks.json", cases=cases)
        express_jobs = {}
        for alg in ("RS256", "ES256"):
            express_jobs[alg] = express_job(node, alg, base + "/.well-known/jwks.json")
        cf.wait([PEERS.submit(node.run), PEERS.submit(py.run)])
        report_cases(serve_rows[1], node, j1)
        report_cases(serve_rows[2], node, j2)
        report_cases(serve_rows[3], py, j3)
        for alg, (jid, problems) in express_jobs.items():
            res = node.result(jid) if jid else {"ok": False, "error": "no tokens"}
            for name, _, want in EXPRESS_CASES:
                if name in problems:
                    REPORT.add(EXPRESS, alg, name, "fail", problems[name].msg, problems[name].repro)
                elif not res.get("ok"):
                    REPORT.add(EXPRESS, alg, name, "fail", res.get("error", "failed"), node.repro(jid) if jid else "")
                else:
                    got = res["cases"].get(name, {})
                    if got.get("status") == want:
                        REPORT.add(EXPRESS, alg, name, "pass")
                    else:
                        REPORT.add(EXPRESS, alg, name, "fail", f"HTTP {got.get('status')}, want {want}: {got.get('body', '')[:200]}", f"{shq(cmd)} & " + node.repro(jid))
    finally:
        stop(proc)


def express_job(node, alg, jwks_uri):
    """Tokens for one Express run and its job id; (jid, {case: Failure})."""
    k = JK.get((alg, "pem"))
    problems = {}
    if not isinstance(k, dict):
        return None, {name: k or Failure("no key") for name, _, _ in EXPRESS_CASES}
    kid = JT.get(k["pub"]["path"])
    if not isinstance(kid, str):
        return None, {name: kid or Failure("no thumbprint") for name, _, _ in EXPRESS_CASES}
    other = W("jwks", f"other-{alg}")
    p = run([JWTCTL, "keygen", "--alg", alg, "--out", other])
    iss_aud = ["--iss", "jwtctl", "--aud", "api"]

    def sign(name, keyfile, *extra):
        cmd = [JWTCTL, "sign", "--key", keyfile, "--alg", alg, "--sub", "interop", *iss_aud, *extra]
        r = run(cmd)
        if r.returncode != 0:
            problems[name] = Failure(f"jwtctl sign: exit {r.returncode}: {err_text(r.stderr)}", shq(cmd))
            return None
        return r.stdout.decode().strip()

    claims = {"iss": "jwtctl", "aud": "api", "sub": "interop", "iat": NOW, "exp": NOW + 900}
    tokens = {
        "/ no token": None,
        "valid": sign("valid", k["priv"]["path"], "--kid", kid, "--exp", "15m"),
        "no token": None,
        "expired": sign("expired", k["priv"]["path"], "--kid", kid, "--iat", "-2h", "--exp", "-1h"),
        "alg none": forge({"alg": "none", "typ": "JWT", "kid": kid}, claims),
        "HS256 pubkey": forge({"alg": "HS256", "typ": "JWT", "kid": kid}, claims, read(k["pub"]["path"])),
    }
    if p.returncode != 0:
        problems["other key"] = problems["unknown kid"] = Failure(f"jwtctl keygen: exit {p.returncode}: {err_text(p.stderr)}", shq(p.cmd))
    else:
        tokens["other key"] = sign("other key", other + ".pem", "--kid", kid, "--exp", "15m")
        tokens["unknown kid"] = sign("unknown kid", other + ".pem", "--kid", "thumbprint", "--exp", "15m")
    cases = [{"name": name, "path": path, "token": tokens.get(name)} for name, path, _ in EXPRESS_CASES if name not in problems]
    jid = node.add("express", jwks_uri=jwks_uri, alg=alg, iss="jwtctl", aud="api", cases=cases)
    return jid, problems


# --- JWK Sets published by peers -> jwtctl verify --jwks ----------------------------------------

PEER_JWKS = "JWKS published by peers -> jwtctl verify --jwks (kid in the token; no --alg: the JWK's own alg binds)"
PEER_JWKS_ALGS = ["RS256", "PS256", "ES256", "ES384", "ES512", "ES256K", "EdDSA"]
# (name in the rows, folder and URL path, what checks the set is sound in its own world)
PEER_JWKS_SETS = [
    ("jose", "jose", "jose createLocalJWKSet"),
    ("jwcrypto", "jwcrypto", "jwcrypto JWKSet"),
    ("latchset jose", "latchset", "jose jws ver"),
    ("IdP", "idp", "jwks-rsa + jsonwebtoken"),
]
PEER_JWKS_NOTE = (
    "two signing keys per set (rotation), the token signed by the second, its kid in the header; "
    "IdP: x5c, x5t, x5t#S256 and an RSA-OAEP use=enc key; FILE, URL and OpenID: exit 0 with the claims and no warning"
)


def peer_jwks_rows(name, checker):
    return {
        "self": f"{name} set -> {checker}",
        "file": f"{name} set -> jwtctl --jwks FILE",
        "url": f"{name} set -> jwtctl --jwks http://127.0.0.1",
        "oidc": f"{name} set -> jwtctl --jwks OpenID configuration",
        "outsider": f"{name} set, outsider key under a set kid -> jwtctl: exit 1",
    }


class LoopbackFiles:
    """Serves a folder on 127.0.0.1, a port of its own, every file as JSON: the peers' JWK Sets
    and their OpenID configuration documents, for the URL cells."""

    def __init__(self, folder):
        import functools
        import http.server

        class Handler(http.server.SimpleHTTPRequestHandler):
            def guess_type(self, path):
                return "application/json"

            def log_message(self, *args):
                pass

        self.folder = folder
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=folder))
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def repro(self):
        """What serves the folder again, on the same port (the OpenID documents name it)."""
        return f"(cd {shlex.quote(self.folder)} && python3 -m http.server --bind 127.0.0.1 {self.port} &) && sleep 1 && "

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def latchset_support():
    """(the algorithms latchset jose signs with, why its cells are unsupported or "")."""
    if not shutil.which("jose"):
        why = os.environ.get("INTEROP_JOSE_SKIP") or "latchset jose is not installed (tests/interop/run installs it: apt-get install jose)"
        return set(), why
    p = run(["jose", "alg", "-k", "sign"])
    algs = set(p.stdout.decode(errors="replace").split())
    if p.returncode != 0 or "ES256" not in algs:
        return set(), f"`jose alg -k sign` exit {p.returncode}: {first_line(p.stderr) or first_line(p.stdout)} (is `jose` latchset's?)"
    return algs, ""


def latchset_publish(alg, d, claims):
    """A JWK Set published with latchset jose, the way its man pages show: `jose jwk gen -i
    '{"alg":A,"kid":K}'` per key, `jose jwk pub -s` of the two; `jose jws sig -c` signs the claims
    with the second key, its kid in the protected header, and with a key outside the set under
    that kid. `jose jws ver` with the set must give back the claims (selfError says why not)."""
    cmds = []

    def sh(*cmd):
        cmds.append(shq(cmd))
        p = run(cmd)
        if p.returncode != 0:
            raise RuntimeError(f"{shq(cmd)}: exit {p.returncode}: {first_line(p.stderr)}")
        return p

    os.makedirs(d, exist_ok=True)
    kids = [f"latchset-{alg}-1", f"latchset-{alg}-2"]
    key1, key2, outsider_key = (os.path.join(d, n) for n in ("key1.jwk", "key2.jwk", "outsider.jwk"))
    jwks, payload = os.path.join(d, "jwks.json"), write(os.path.join(d, "claims.json"), json.dumps(claims, separators=(",", ":")))
    template = json.dumps({"protected": {"typ": "JWT", "kid": kids[1]}})
    try:
        for path, kid in ((key1, kids[0]), (key2, kids[1]), (outsider_key, kids[1])):
            sh("jose", "jwk", "gen", "-i", json.dumps({"alg": alg, "kid": kid}), "-o", path)
        sh("jose", "jwk", "pub", "-s", "-i", key1, "-i", key2, "-o", jwks)
        tokens = {}
        for which, key in (("token", key2), ("outsider", outsider_key)):
            out = os.path.join(d, which + ".jwt")
            sh("jose", "jws", "sig", "-I", payload, "-k", key, "-s", template, "-c", "-o", out)
            tokens[which] = read(out).decode(errors="replace").strip()
    except RuntimeError as e:
        return Failure(f"latchset jose could not publish its set: {e}", " && ".join(cmds))
    ver = ["jose", "jws", "ver", "-i", os.path.join(d, "token.jwt"), "-k", jwks, "-O", "-"]
    p = run(ver)
    self_error = None
    if p.returncode != 0:
        self_error = f"jose jws ver exit {p.returncode}: {first_line(p.stderr)}"
    elif p.stdout != read(payload):
        self_error = f"jose jws ver gave {first_line(p.stdout)[:100]!r}, not the claims"
    return {"jwks": jwks, "kid": kids[1], **tokens, "selfError": self_error, "selfRepro": shq(ver)}


def phase_peer_jwks(pool):
    rows = {slug: peer_jwks_rows(name, checker) for name, slug, checker in PEER_JWKS_SETS}
    REPORT.table(PEER_JWKS, PEER_JWKS_ALGS, [r for rs in rows.values() for r in rs.values()], note=PEER_JWKS_NOTE)

    def every_row(slug, alg, status, why, repro=""):
        for row in rows[slug].values():
            REPORT.add(PEER_JWKS, row, alg, status, why, repro)

    root = D("peer-jwks")
    server = LoopbackFiles(root)
    try:
        # 1. The peers make their sets and tokens (latchset jose in the pool, beside them).
        node, py = PeerBatch("node", "peer-jwks"), PeerBatch("python", "peer-jwks")
        jobs = {}
        for alg in PEER_JWKS_ALGS:
            for slug, batch, op in (("jose", node, "jwks_publish"), ("jwcrypto", py, "jwks_publish"), ("idp", py, "idp_publish")):
                jobs[(slug, alg)] = (batch, batch.add(op, alg=alg, dir=D("peer-jwks", slug, alg), claims=claims_for(slug)))
        futs = [PEERS.submit(node.run), PEERS.submit(py.run)]
        latch_algs, latch_skip = latchset_support()
        latch = {alg: pool.submit(latchset_publish, alg, D("peer-jwks", "latchset", alg), claims_for("latchset")) for alg in PEER_JWKS_ALGS if alg in latch_algs}
        cf.wait(futs)
        sets = {}  # (slug, alg) -> {jwks, kid, token, outsider, selfError?, sig_kids?}
        for (slug, alg), (batch, jid) in jobs.items():
            res = batch.result(jid)
            status, why = peer_status(res)
            if status == "pass":
                sets[(slug, alg)] = {**res, "selfRepro": batch.repro(jid)}
            else:
                every_row(slug, alg, status, f"{slug} could not publish its set: {why}" if status == "fail" else why, batch.repro(jid))
        for alg in PEER_JWKS_ALGS:
            if latch_skip:
                every_row("latchset", alg, "unsupported", latch_skip)
            elif alg not in latch_algs:
                every_row("latchset", alg, "unsupported", f"latchset jose has no {alg} (`jose alg -k sign`)")
            else:
                res = latch[alg].result()
                if isinstance(res, Failure):
                    every_row("latchset", alg, "fail", res.msg, res.repro)
                else:
                    sets[("latchset", alg)] = res
        # 2. Each set is published with an OpenID configuration beside it, then: jwtctl verifies
        #    the token through FILE, URL and the configuration, and rejects the outsider's;
        #    jwks-rsa reads each IdP set from its URL.
        issuer = {key: f"{server.base}/{key[0]}/{key[1]}" for key in sets}
        for key, res in sets.items():
            doc = {"issuer": issuer[key], "jwks_uri": issuer[key] + "/jwks.json"}
            write(W("peer-jwks", key[0], key[1], ".well-known", "openid-configuration"), json.dumps(doc, indent=1) + "\n")
        checks = PeerBatch("node", "peer-jwks-check")
        idp_jobs = {}
        for (slug, alg), res in sets.items():
            if slug == "idp":
                idp_jobs[alg] = checks.add("jwks_rsa", url=issuer[(slug, alg)] + "/jwks.json", kid=res["kid"], alg=alg, token=res["token"], expect=expect_for("idp"), sig_kids=res["sig_kids"])
        check_fut = PEERS.submit(checks.run)
        futures = []
        for (slug, alg), res in sets.items():
            r, name, base = rows[slug], f"peer-jwks-{slug}-{alg}", issuer[(slug, alg)]
            sources = (("file", res["jwks"], ""), ("url", base + "/jwks.json", server.repro()), ("oidc", base + "/.well-known/openid-configuration", server.repro()))
            for key, source, prefix in sources:
                futures.append(pool.submit(jwtctl_verify_cell, PEER_JWKS, r[key], alg, res["token"], ["--jwks", source], None, slug, name, no_warning=True, repro_prefix=prefix))
            futures.append(pool.submit(jwtctl_verify_cell, PEER_JWKS, r["outsider"], alg, res["outsider"], ["--jwks", res["jwks"]], None, slug, name + "-outsider", 1))
            if slug != "idp":
                err = res.get("selfError")
                REPORT.add(PEER_JWKS, r["self"], alg, "fail" if err else "pass", f"{slug} rejects its own token with its own set: {err}" if err else "", res["selfRepro"])
        check_fut.result()
        for f in futures:
            f.result()
        for alg, jid in idp_jobs.items():
            status, why = peer_status(checks.result(jid))
            REPORT.add(PEER_JWKS, rows["idp"]["self"], alg, status, why, server.repro() + checks.repro(jid) if status == "fail" else "")
    finally:
        server.close()


# --- JWE (RFC 7516) -----------------------------------------------------------------------------

JWE_ALGS = ["RSA-OAEP", "RSA-OAEP-256", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW", "A128KW", "A256KW", "dir", "PBES2-HS256+A128KW", "PBES2-HS512+A256KW"]
JWE_ENCS = ["A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"]
JWE_CEK_BYTES = {"A128GCM": 16, "A256GCM": 32, "A128CBC-HS256": 32, "A256CBC-HS512": 64}
JWE_CURVES = ["P-256", "P-384", "P-521"]
JWE_PEERS = [("jose", "node"), ("jwcrypto", "python")]
# The newer algorithms (RFC 7518 A192KW, AES-GCM key wrap, ECDH-ES+A192KW, PBES2-HS384+A192KW,
# A192GCM, A192CBC-HS384; RFC 8037 ECDH-ES with X25519): every key management algorithm with
# A256GCM, and the two A192 content encryptions with a few of them; (enc, alg, key). Every peer
# that has them: joserfc and latchset jose too.
JWE_NEW = [
    ("A256GCM", "A192KW", "oct24"),
    ("A256GCM", "A128GCMKW", "oct16"),
    ("A256GCM", "A192GCMKW", "oct24"),
    ("A256GCM", "A256GCMKW", "oct32"),
    ("A256GCM", "ECDH-ES+A192KW", "P-384"),
    ("A256GCM", "PBES2-HS384+A192KW", "password"),
    ("A256GCM", "ECDH-ES", "X25519"),
    ("A256GCM", "ECDH-ES+A128KW", "X25519"),
    ("A256GCM", "ECDH-ES+A192KW", "X25519"),
    ("A256GCM", "ECDH-ES+A256KW", "X25519"),
    ("A192GCM", "A192KW", "oct24"),
    ("A192GCM", "dir", "oct24"),
    ("A192GCM", "ECDH-ES", "P-521"),
    ("A192GCM", "A128GCMKW", "oct16"),
    ("A192CBC-HS384", "A256KW", "oct32"),
    ("A192CBC-HS384", "dir", "oct48"),
    ("A192CBC-HS384", "ECDH-ES", "X25519"),
    ("A192CBC-HS384", "PBES2-HS256+A128KW", "password"),
]
JWE_NEW_ENCS = ["A256GCM", "A192GCM", "A192CBC-HS384"]
JWE_NEW_PEERS = JWE_PEERS + [("joserfc", "python"), ("latchset", "cli")]
LATCHSET_NO_OKP = "latchset jose 11 has no OKP keys, so no ECDH-ES with X25519 (RFC 8037)"
LATCHSET_NO_PEM = "latchset jose reads and writes JWKs only (no PEM)"
# The PBES2 p2c bound jwtctl decrypt enforces. jwtctl encrypts with p2c 10000 (its default), within
# what jose (maxPBES2Count 10000), jwcrypto (16384) and joserfc (300000, fixed) accept; the peers
# that can raise theirs to this, as their users would to read jwtctl --p2c 1000000.
JWE_MAX_P2C = 1000000
JWE_EXTRA = "JWE extras: RSA1_5 (legacy), non-UTF-8 plaintext, PBES2 p2c bound"
JWE_EXTRA_ROWS = [
    "RSA1_5 -> jwtctl decrypt --allow-rsa1-5 (plaintext equal)",
    "RSA1_5 -> jwtctl decrypt, no flag: exit 1 alg_not_allowed",
    "jwtctl encrypt --alg RSA1_5: refused",
    "non-UTF-8 plaintext -> jwtctl decrypt (bytes equal)",
    f"PBES2 p2c {JWE_MAX_P2C + 1} -> jwtctl decrypt: exit 3 limit_exceeded",
]
JWE_BINARY_PT = "jwtctl interop: héllo ✓\n".encode() + bytes(range(256))


class JweCell:
    """One column of a JWE table: an alg, an enc, the key it uses and the peers that take part."""

    def __init__(self, title, col, alg, enc, key, peers):
        self.title, self.col, self.alg, self.enc, self.key, self.peers = title, col, alg, enc, key, [p for p, _ in peers]
        self.name = f"{alg}-{key}-{enc}"


def jwe_title(enc):
    return f"JWE, enc {enc}: sender -> decrypter (plaintext equal); tampered -> jwtctl decrypt exit 1 decryption_failed"


def jwe_new_title(enc):
    return f"JWE, newer algorithms, enc {enc}: sender -> decrypter (plaintext equal); tampered -> jwtctl decrypt exit 1 decryption_failed"


def jwe_cells():
    cells = [JweCell(jwe_title(enc), alg, alg, enc, jwe_key_name(alg, enc), JWE_PEERS) for enc in JWE_ENCS for alg in JWE_ALGS]
    for enc, alg, key in JWE_NEW:
        col = f"{alg} {key}" if alg.startswith("ECDH-ES") else alg
        cells.append(JweCell(jwe_new_title(enc), col, alg, enc, key, JWE_NEW_PEERS))
    return cells


def jwe_rows(peers):
    rows = []
    for peer, _ in peers:
        rows += [f"jwtctl PEM -> {peer}", f"jwtctl JWK -> {peer}"]
    for peer, _ in peers:
        rows += [f"{peer} -> jwtctl PEM", f"{peer} -> jwtctl JWK"]
    for peer, _ in peers:
        rows += [f"{peer}, ciphertext byte flipped", f"{peer}, tag byte flipped"]
    return rows


def jwe_key_name(alg, enc):
    """Which key a cell of the first tables uses: RSA 2048, an EC curve (rotating over the ECDH-ES
    algorithms and the encs, so each meets every curve), an oct key of the size the alg (or for
    dir, the enc) needs, or a PBES2 password."""
    if alg.startswith("RSA"):
        return "RSA"
    if alg.startswith("ECDH-ES"):
        return JWE_CURVES[(JWE_ALGS.index(alg) + JWE_ENCS.index(enc)) % len(JWE_CURVES)]
    if alg in ("A128KW", "A256KW"):
        return f"oct{int(alg[1:4]) // 8}"
    if alg == "dir":
        return f"oct{JWE_CEK_BYTES[enc]}"
    return "password"


def jwe_peer_lacks(peer, cell):
    """Why a peer has no part in a cell, known before it runs (else None)."""
    if peer == "latchset":
        _, why = latchset_support()
        if why:
            return why
        if cell.key == "X25519":
            return LATCHSET_NO_OKP
    return None


def jwe_peer_keyspecs(lib, names):
    """The key files a peer generates for the named keys: {name: files} and the jwe_gen job's
    list. latchset jose writes JWKs only."""
    d = D("jwe", lib)
    files, specs = {}, []
    for name in names:
        stem = os.path.join(d, name)
        if name == "password":
            f = {"password": {"path": stem, "fmt": "password"}}
            spec = {"name": name, "kind": "password"}
        elif name.startswith("oct"):
            f = {"secret": {"path": stem + ".secret", "fmt": "secret"}, "jwk": {"path": stem + ".jwk", "fmt": "jwk"}}
            spec = {"name": name, "kind": "oct", "size": int(name[3:])}
        else:
            f = {
                "priv_pem": {"path": stem + ".pkcs8.pem", "fmt": "pem"},
                "pub_pem": {"path": stem + ".spki.pem", "fmt": "pem"},
                "priv_jwk": {"path": stem + ".jwk", "fmt": "jwk"},
                "pub_jwk": {"path": stem + ".pub.jwk", "fmt": "jwk"},
            }
            if lib == "latchset":
                del f["priv_pem"], f["pub_pem"]
            spec = {"name": name, "kind": name if name in ("RSA", "X25519") else "EC"}
            if spec["kind"] == "EC":
                spec["crv"] = name
        spec["files"] = {r: v["path"] for r, v in f.items()}
        files[name] = f
        specs.append(spec)
    return files, specs


def jwtctl_jwe_keys(names):
    """jwtctl's own keys: keygen for RSA, EC and X25519 (PEM); random secrets (keygen makes no
    16-byte secret) and a password. {name: files or Failure}."""
    d = D("jwe", "jwtctl")
    keys = {}

    def keygen(name, *args):
        base = os.path.join(d, name)
        cmd = [JWTCTL, "keygen", *args, "--out", base]
        p = run(cmd)
        if p.returncode != 0 or not os.path.exists(base + ".pem") or not os.path.exists(base + ".pub.pem"):
            keys[name] = Failure(f"jwtctl keygen: exit {p.returncode}: {err_text(p.stderr)}", shq(cmd))
        else:
            keys[name] = {"priv_pem": {"path": base + ".pem", "fmt": "pem"}, "pub_pem": {"path": base + ".pub.pem", "fmt": "pem"}}

    threads = []
    for name in names:
        if name == "RSA":
            threads.append(threading.Thread(target=keygen, args=("RSA", "--type", "rsa", "--bits", "2048")))
        elif name == "X25519":
            threads.append(threading.Thread(target=keygen, args=("X25519", "--type", "x25519")))
        elif name in JWE_CURVES:
            threads.append(threading.Thread(target=keygen, args=(name, "--type", "ec", "--curve", name)))
    for t in threads:
        t.start()
    for name in names:
        if name.startswith("oct"):
            secret = os.urandom(int(name[3:]))
            keys[name] = {"secret": {"path": write(os.path.join(d, name + ".secret"), secret, 0o600), "fmt": "secret"}, "b64": b64u(secret)}
    keys["password"] = {"password": {"path": write(os.path.join(d, "password"), b64u(os.urandom(15)), 0o600), "fmt": "password"}}
    for t in threads:
        t.join()
    return keys


def jwe_keyargs(files, name, form, side):
    """jwtctl's key arguments for a key, as PEM (or the raw secret, or the password file) or JWK,
    for encrypt (side "enc", the public half) or decrypt ("dec"); None when not applicable (a
    password has no JWK), "" when the peer wrote no such file (latchset: no PEM)."""
    if name == "password":
        return None if form == "jwk" else ["--password", "@" + files["password"]["path"]]
    if name.startswith("oct"):
        if form == "jwk":
            return ["--key", files["jwk"]["path"]]
        if side == "enc" and "b64" in files:
            return ["--secret", "b64:" + files["b64"]]
        return ["--secret", "@" + files["secret"]["path"]]
    role = ("pub_" if side == "enc" else "priv_") + form
    return ["--key", files[role]["path"]] if role in files else ""


def jwe_peer_plaintext(peer, alg, enc):
    claims = {"iss": peer, "sub": "interop", "aud": "peers", "iat": NOW, "exp": NOW + 900, "n": 1, "msg": "héllo ✓", "jwe": f"{alg} {enc}"}
    return json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()


def jwe_jwtctl_claims(alg, enc):
    return {"iss": "jwtctl", "sub": "interop", "aud": "peers", "iat": NOW, "exp": NOW + 900, "n": 1, "msg": "héllo ✓", "jwe": f"{alg} {enc}"}


def jwe_jwtctl_payload(alg, enc):
    """What jwtctl encrypts with --payload for the "jwtctl JWK" rows: bytes, not all UTF-8."""
    return JWE_BINARY_PT + f" {alg} {enc}".encode()


def jwtctl_encrypt(keyargs, alg, enc, name, payload=None):
    """jwtctl encrypts the cell's claims (or payload, a file's bytes); the token, or a Failure."""
    if payload is None:
        c = jwe_jwtctl_claims(alg, enc)
        what = ["--iss", c["iss"], "--sub", c["sub"], "--aud", c["aud"], "--iat", str(c["iat"]), "--exp", str(c["exp"]), "-c", "n:=1", "-c", "msg=" + c["msg"], "-c", "jwe=" + c["jwe"]]
    else:
        what = ["--payload", write(W("jwe", "payloads", name + ".bin"), payload)]
    cmd = [JWTCTL, "encrypt", *keyargs, "--alg", alg, "--enc", enc, *what]
    p = run(cmd)
    token = p.stdout.decode(errors="replace").strip()
    if p.returncode != 0:
        return Failure(f"jwtctl encrypt: exit {p.returncode}: {err_text(p.stderr)}", shq(cmd))
    if token.count(".") != 4:
        return Failure(f"jwtctl encrypt printed {token[:80]!r}, not a compact JWE", shq(cmd))
    try:
        header = json.loads(unb64u(token.split(".")[0]))
    except ValueError:
        return Failure("jwtctl encrypt: the protected header is not base64url JSON", shq(cmd))
    if header.get("alg") != alg or header.get("enc") != enc:
        return Failure(f"jwtctl encrypt --alg {alg} --enc {enc} made a JWE with alg {header.get('alg')!r}, enc {header.get('enc')!r}", shq(cmd))
    write(W("jwe", "tokens", name + ".jwe"), token + "\n")
    return token


def jwtctl_decrypt_cell(title, row, col, token, keyargs, name, pins=(), want_pt=None, want_rc=0, want_code=None):
    """jwtctl decrypts a token: prints want_pt (exit 0), or exits want_rc with want_code."""
    if isinstance(token, Failure):
        REPORT.add(title, row, col, "fail", "no token: " + token.msg, token.repro)
        return
    tokfile = write(W("jwe", "tokens", name + ".jwe"), token + "\n")
    cmd = [JWTCTL, "decrypt", *keyargs, *pins, "@" + tokfile]
    p = run(cmd)
    repro = shq(cmd)
    if want_rc == 0:
        if p.returncode != 0:
            REPORT.add(title, row, col, "fail", f"jwtctl decrypt exit {p.returncode}, want 0: {err_text(p.stderr)}", repro)
        elif p.stdout not in (want_pt, want_pt + b"\n"):
            REPORT.add(title, row, col, "fail", "jwtctl decrypt printed other bytes than were encrypted: " + bytes_diff(p.stdout, want_pt), repro)
        else:
            REPORT.add(title, row, col, "pass")
    elif p.returncode != want_rc or (want_code and want_code not in p.stderr.decode(errors="replace")):
        got = err_text(p.stderr) or first_line(p.stdout)
        REPORT.add(title, row, col, "fail", f"jwtctl decrypt exit {p.returncode}, want {want_rc} with {want_code}: {got}", repro)
    else:
        REPORT.add(title, row, col, "pass")


def bytes_diff(got, want):
    """Where two byte strings part, briefly."""
    i = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return f"{len(got)} bytes, want {len(want)}; from byte {i}: {got[i:i + 12]!r}, want {want[i:i + 12]!r}"


def jwe_flip(token, part):
    """Flip one bit in the middle of a compact JWE part (3 = ciphertext, 4 = tag)."""
    parts = token.split(".")
    raw = bytearray(unb64u(parts[part]))
    raw[len(raw) // 2] ^= 0x01
    parts[part] = b64u(bytes(raw))
    return ".".join(parts)


def jwe_peer_decrypt_cell(title, row, col, batch, jid, want_pt=None, want_claims=None):
    res = batch.result(jid)
    status, why = peer_status(res)
    if status != "pass":
        REPORT.add(title, row, col, status, why, batch.repro(jid) if status == "fail" else "")
        return
    got = base64.b64decode(res.get("plaintext_b64", ""))
    if want_claims is not None:
        try:
            ok = json.loads(got) == want_claims
        except ValueError:
            ok = False
        if not ok:
            REPORT.add(title, row, col, "fail", f"plaintext {got[:200]!r} is not the claims {json.dumps(want_claims, ensure_ascii=False)}", batch.repro(jid))
            return
    elif got != want_pt:
        REPORT.add(title, row, col, "fail", "the plaintext differs from what jwtctl encrypted: " + bytes_diff(got, want_pt), batch.repro(jid))
        return
    REPORT.add(title, row, col, "pass")


def jwe_unsupported_all(cells, why):
    for cell in cells:
        for peer in cell.peers:
            for row in jwe_rows([(peer, "")]):
                if "JWK" not in row or not cell.alg.startswith("PBES2"):  # no JWK form of a password
                    REPORT.add(cell.title, row, cell.col, "unsupported", why)
    for row in JWE_EXTRA_ROWS:
        for col in ("jwtctl",) if row.startswith("jwtctl") else [p for p, _ in JWE_PEERS]:
            REPORT.add(JWE_EXTRA, row, col, "unsupported", why)


class LatchsetJwe:
    """latchset jose's `jose jwe` commands behind PeerBatch's interface (add, run, result, repro),
    so its JWE cells go through the same code as the library peers'. It reads JWKs only: a
    secret or password becomes an oct JWK, a PEM key the JWK `jwtctl jwks convert` makes of it.
    It has no algorithm allow-list; the driver checks the token's header instead."""

    def __init__(self, phase):
        self.phase, self.jobs, self.results, self.cmds = phase, [], {}, {}

    def add(self, op, **kw):
        jid = f"{op}-{len(self.jobs)}"
        self.jobs.append({"id": jid, "op": op, **kw})
        return jid

    def jwk_of(self, desc, jid):
        """A JWK file latchset can read for a key description."""
        if desc["fmt"] == "jwk":
            return desc["path"]
        path = W("jwe", "latchset-keys", f"{self.phase}-{jid}.jwk")
        if desc["fmt"] in ("secret", "password"):
            return write(path, json.dumps({"kty": "oct", "k": b64u(read(desc["path"]))}), 0o600)
        cmd = [JWTCTL, "jwks", "convert", "--to", "jwk", desc["path"]]
        self.cmds[jid].append(shq(cmd) + " > " + shlex.quote(path))
        p = run(cmd)
        if p.returncode != 0:
            raise RuntimeError(f"jwtctl jwks convert: exit {p.returncode}: {err_text(p.stderr)}")
        return write(path, p.stdout, 0o600)

    def sh(self, jid, *cmd, input=None):
        self.cmds[jid].append(shq(cmd))
        p = run(list(cmd), input=input)
        if p.returncode != 0:
            raise RuntimeError(f"`{' '.join(cmd[:3])}` exit {p.returncode}: {first_line(p.stderr) or first_line(p.stdout)}")
        return p.stdout

    def gen(self, job):
        jid = job["id"]
        for k in job["keys"]:
            f = k["files"]
            if k["kind"] == "X25519":
                continue  # LATCHSET_NO_OKP
            if k["kind"] == "password":
                write(f["password"], b64u(os.urandom(18)), 0o600)
            elif k["kind"] == "oct":
                self.sh(jid, "jose", "jwk", "gen", "-i", json.dumps({"kty": "oct", "bytes": k["size"]}), "-o", f["jwk"])
                write(f["secret"], unb64u(json.loads(read(f["jwk"]))["k"]), 0o600)
            else:
                template = {"kty": "RSA", "bits": 2048} if k["kind"] == "RSA" else {"kty": "EC", "crv": k["crv"]}
                self.sh(jid, "jose", "jwk", "gen", "-i", json.dumps(template), "-o", f["priv_jwk"])
                self.sh(jid, "jose", "jwk", "pub", "-i", f["priv_jwk"], "-o", f["pub_jwk"])
        return {}

    def encrypt(self, job):
        jid = job["id"]
        header = {"alg": job["alg"], "enc": job["enc"], **({"p2c": job["p2c"]} if job.get("p2c") else {})}
        pt = write(W("jwe", "latchset-pt", f"{self.phase}-{jid}.bin"), base64.b64decode(job["plaintext_b64"]))
        out = self.sh(jid, "jose", "jwe", "enc", "-i", json.dumps({"protected": header}), "-I", pt, "-k", self.jwk_of(job["key"], jid), "-c", "-o", "-")
        return {"token": out.decode(errors="replace").strip()}

    def decrypt(self, job):
        jid = job["id"]
        token = job["token"]
        got = json.loads(unb64u(token.split(".")[0]))
        if (got.get("alg"), got.get("enc")) != (job["alg"], job["enc"]):
            raise RuntimeError(f"the token's alg/enc are {got.get('alg')}/{got.get('enc')}, want {job['alg']}/{job['enc']}")
        # No newline after the token: with one, `jose jwe dec` prints the plaintext but exits 1.
        tok = write(W("jwe", "latchset-tokens", f"{self.phase}-{jid}.jwe"), token)
        out = self.sh(jid, "jose", "jwe", "dec", "-i", tok, "-k", self.jwk_of(job["key"], jid), "-O", "-")
        return {"plaintext_b64": base64.b64encode(out).decode()}

    def run(self):
        ops = {"jwe_gen": self.gen, "jwe_encrypt": self.encrypt, "jwe_decrypt": self.decrypt}
        for job in self.jobs:
            self.cmds[job["id"]] = []
            try:
                self.results[job["id"]] = {"ok": True, **ops[job["op"]](job)}
            except (RuntimeError, OSError, ValueError, KeyError) as e:
                self.results[job["id"]] = {"ok": False, "error": str(e)}

    def result(self, jid):
        return self.results.get(jid) or {"ok": False, "error": "no result"}

    def repro(self, jid):
        return " && ".join(self.cmds.get(jid) or ["(latchset jose: no command ran)"])


def jwe_batch(runtime, phase):
    return LatchsetJwe(phase) if runtime == "cli" else PeerBatch(runtime, phase)


def declare_jwe_tables():
    note = "keys: RSA 2048; EC P-256/P-384/P-521 (rotating); oct 16/32/64 bytes (PEM rows: --secret); PBES2: a password (--password @FILE)"
    for enc in JWE_ENCS:
        REPORT.table(jwe_title(enc), JWE_ALGS, jwe_rows(JWE_PEERS), note=note)
    note = ("keys: EC and X25519 (jwtctl keygen --type x25519; the column says which); oct of the size the alg or enc needs "
            "(PEM rows: --secret); PBES2: a password. latchset jose reads JWKs only: its PEM rows give it the JWK of the same key")
    for enc in JWE_NEW_ENCS:
        REPORT.table(jwe_new_title(enc), [c.col for c in jwe_cells() if c.title == jwe_new_title(enc)], jwe_rows(JWE_NEW_PEERS), note=note)
    REPORT.table(JWE_EXTRA, [p for p, _ in JWE_PEERS] + ["jwtctl"], JWE_EXTRA_ROWS)


def phase_jwe(pool):
    declare_jwe_tables()
    all_cells = jwe_cells()
    missing = [cmd for cmd in ("encrypt", "decrypt") if jwtctl(cmd, "--help").returncode != 0]
    if missing:
        jwe_unsupported_all(all_cells, f"jwtctl {' / '.join(missing)} not available")
        return
    # The slow PBES2 cells first, so they are not the last to finish.
    all_cells.sort(key=lambda c: not c.alg.startswith("PBES2"))
    peers = dict(JWE_NEW_PEERS)
    cells_of = {}  # peer -> the cells it takes part in
    for peer in peers:
        cells_of[peer] = []
        for c in all_cells:
            if peer not in c.peers:
                continue
            why = jwe_peer_lacks(peer, c)
            if why is None:
                cells_of[peer].append(c)
                continue
            for row in jwe_rows([(peer, "")]):
                if "JWK" not in row or not c.alg.startswith("PBES2"):
                    REPORT.add(c.title, row, c.col, "unsupported", why)

    # 1. The peers make their keys and encrypt with them; jwtctl makes its keys and encrypts the
    #    claims to them (the "jwtctl PEM" rows).
    batches, pkeys, ptok, gen_jids = {}, {}, {}, {}
    for peer, runtime in peers.items():
        b = batches[peer] = jwe_batch(runtime, f"jwe-encrypt-{peer}")
        files, specs = jwe_peer_keyspecs(peer, sorted({c.key for c in cells_of[peer]} | ({"RSA", "oct32", "password"} if (peer, runtime) in JWE_PEERS else set())))
        pkeys[peer] = files
        if not specs:
            continue
        gen_jids[peer] = b.add("jwe_gen", lib=peer, keys=specs)

        def encrypt(alg, enc, kdesc, pt):
            return b.add("jwe_encrypt", lib=peer, alg=alg, enc=enc, key=kdesc, plaintext_b64=base64.b64encode(pt).decode())

        for c in cells_of[peer]:
            f = files[c.key]
            ptok[(peer, c.name)] = encrypt(c.alg, c.enc, f.get("pub_pem") or f.get("pub_jwk") or f.get("secret") or f.get("password"), jwe_peer_plaintext(peer, c.alg, c.enc))
        if (peer, runtime) not in JWE_PEERS:
            continue  # the extras: jose and jwcrypto
        for enc in JWE_ENCS:
            ptok[(peer, "RSA1_5", enc)] = encrypt("RSA1_5", enc, files["RSA"]["pub_pem"], jwe_peer_plaintext(peer, "RSA1_5", enc))
        ptok[(peer, "binary")] = encrypt("A256KW", "A256GCM", files["oct32"]["secret"], JWE_BINARY_PT)
        ptok[(peer, "p2c")] = b.add(
            "jwe_encrypt", lib=peer, alg="PBES2-HS256+A128KW", enc="A128GCM", key=files["password"]["password"],
            plaintext_b64=base64.b64encode(jwe_peer_plaintext(peer, "PBES2-HS256+A128KW", "A128GCM")).decode(), p2c=JWE_MAX_P2C + 1,
        )
    peer_futs = [PEERS.submit(b.run) for b in batches.values()]
    jkeys = jwtctl_jwe_keys(sorted({c.key for c in all_cells} | {"RSA"}))
    pem_tok = {}  # cell name -> future of jwtctl's token (or Failure)
    for c in all_cells:
        k = jkeys[c.key]
        pem_tok[c.name] = k if isinstance(k, Failure) else pool.submit(jwtctl_encrypt, jwe_keyargs(k, c.key, "pem", "enc"), c.alg, c.enc, f"jwtctl-pem-{c.name}")
    refuse_cmd = refuse = None
    if isinstance(jkeys["RSA"], dict):
        refuse_cmd = [JWTCTL, "encrypt", "--key", jkeys["RSA"]["pub_pem"]["path"], "--alg", "RSA1_5", "--enc", "A128CBC-HS256", "--sub", "interop"]
        refuse = pool.submit(run, refuse_cmd)
    cf.wait(peer_futs)
    pgen = {}  # peer -> None, or the Failure of its key generation
    for peer in peers:
        b = batches[peer]
        gen = b.result(gen_jids[peer]) if peer in gen_jids else {"ok": True}
        pgen[peer] = None if gen.get("ok") else Failure(f"{peer} key generation failed: {gen.get('error')}", b.repro(gen_jids[peer]))
        for key, jid in ptok.items():
            if key[0] != peer:
                continue
            status, why = peer_status(b.result(jid))
            if pgen[peer]:
                ptok[key] = pgen[peer]
            elif status == "pass":
                ptok[key] = b.result(jid)["token"]
            elif status == "unsupported":
                ptok[key] = ("unsupported", why)
            else:
                ptok[key] = Failure(f"{peer} encrypt failed: {why}", b.repro(jid))

    # 2. jwtctl encrypts a binary payload to each peer's public JWK (or oct JWK): the "jwtctl JWK"
    #    rows; and decrypts what the peers encrypted, as it is and tampered with.
    jwk_tok = {}  # (peer, cell name) -> future of jwtctl's token (or Failure)
    for peer in peers:
        for c in cells_of[peer]:
            if c.key == "password":
                continue
            if pgen[peer]:
                jwk_tok[(peer, c.name)] = pgen[peer]
                continue
            args = jwe_keyargs(pkeys[peer][c.key], c.key, "jwk", "enc")
            jwk_tok[(peer, c.name)] = pool.submit(jwtctl_encrypt, args, c.alg, c.enc, f"jwtctl-jwk-{peer}-{c.name}", payload=jwe_jwtctl_payload(c.alg, c.enc))
    futures = []

    def decrypt(*args):
        futures.append(pool.submit(jwtctl_decrypt_cell, *args))

    for peer in peers:
        for c in cells_of[peer]:
            token, files = ptok[(peer, c.name)], pkeys[peer][c.key]
            pins = ["--alg", c.alg, "--enc", c.enc]
            for form in ("pem", "jwk"):
                row, args = f"{peer} -> jwtctl {key_form_label(form)}", jwe_keyargs(files, c.key, form, "dec")
                if args is None:
                    continue
                if isinstance(token, tuple):
                    REPORT.add(c.title, row, c.col, "unsupported", token[1])
                elif args == "":
                    REPORT.add(c.title, row, c.col, "unsupported", LATCHSET_NO_PEM)
                else:
                    decrypt(c.title, row, c.col, token, args, f"{peer}-{c.name}", pins, jwe_peer_plaintext(peer, c.alg, c.enc))
            for part, what in ((3, "ciphertext"), (4, "tag")):
                row = f"{peer}, {what} byte flipped"
                if isinstance(token, tuple):
                    REPORT.add(c.title, row, c.col, "unsupported", token[1])
                    continue
                bad = token if isinstance(token, Failure) else jwe_flip(token, part)
                args = jwe_keyargs(files, c.key, "pem", "dec") or jwe_keyargs(files, c.key, "jwk", "dec")
                decrypt(c.title, row, c.col, bad, args, f"{peer}-{c.name}-{what}-flipped", pins, None, 1, "decryption_failed")
        if (peer, peers[peer]) not in JWE_PEERS:
            continue
        # Extras: RSA1_5 with and without --allow-rsa1-5; a plaintext that is not UTF-8.
        for enc in JWE_ENCS:
            token = ptok[(peer, "RSA1_5", enc)]
            if isinstance(token, tuple):
                for row in JWE_EXTRA_ROWS[:2]:
                    REPORT.add(JWE_EXTRA, row, peer, "unsupported", token[1])
                continue
            args = jwe_keyargs(pkeys[peer]["RSA"], "RSA", "pem", "dec")
            name = f"{peer}-RSA1_5-{enc}"
            decrypt(JWE_EXTRA, JWE_EXTRA_ROWS[0], peer, token, args, name, ["--allow-rsa1-5", "--alg", "RSA1_5", "--enc", enc], jwe_peer_plaintext(peer, "RSA1_5", enc))
            decrypt(JWE_EXTRA, JWE_EXTRA_ROWS[1], peer, token, args, name, [], None, 1, "alg_not_allowed")
        token = ptok[(peer, "binary")]
        if isinstance(token, tuple):
            REPORT.add(JWE_EXTRA, JWE_EXTRA_ROWS[3], peer, "unsupported", token[1])
        else:
            args = jwe_keyargs(pkeys[peer]["oct32"], "oct32", "pem", "dec")
            decrypt(JWE_EXTRA, JWE_EXTRA_ROWS[3], peer, token, args, f"{peer}-binary", ["--alg", "A256KW", "--enc", "A256GCM"], JWE_BINARY_PT)
        token = ptok[(peer, "p2c")]
        if isinstance(token, tuple):
            REPORT.add(JWE_EXTRA, JWE_EXTRA_ROWS[4], peer, "unsupported", token[1])
        else:
            args = jwe_keyargs(pkeys[peer]["password"], "password", "pem", "dec")
            decrypt(JWE_EXTRA, JWE_EXTRA_ROWS[4], peer, token, args, f"{peer}-p2c-over", [], None, 3, "limit_exceeded")

    # 3. The peers decrypt what jwtctl encrypted: its own keys' tokens as soon as they are there
    #    (PBES2 is slow), then the ones to the peers' JWKs.
    pending = []

    def peer_decrypts(form, tokens):
        out = {}
        for peer, runtime in peers.items():
            b = out[peer] = jwe_batch(runtime, f"jwe-decrypt-{form}-{peer}")
            row = f"jwtctl {key_form_label(form)} -> {peer}"
            for c in cells_of[peer]:
                if form == "pem":
                    token, k = tokens.get(c.name), jkeys[c.key]
                else:
                    token, k = tokens.get((peer, c.name)), pkeys[peer][c.key]
                if token is None:  # a password has no JWK form
                    continue
                token = token.result() if isinstance(token, cf.Future) else token
                if isinstance(token, Failure):
                    REPORT.add(c.title, row, c.col, "fail", "no token: " + token.msg, token.repro)
                    continue
                if form == "pem":
                    kdesc, want = k.get("priv_pem") or k.get("secret") or k.get("password"), (None, jwe_jwtctl_claims(c.alg, c.enc))
                else:
                    kdesc, want = k.get("priv_jwk") or k.get("jwk"), (jwe_jwtctl_payload(c.alg, c.enc), None)
                jid = b.add("jwe_decrypt", lib=peer, alg=c.alg, enc=c.enc, key=kdesc, token=token, max_p2c=JWE_MAX_P2C)
                pending.append((c.title, row, c.col, b, jid, *want))
        return [PEERS.submit(b.run) for b in out.values()]

    peer_futs = peer_decrypts("pem", pem_tok)
    peer_futs += peer_decrypts("jwk", jwk_tok)
    if refuse is None:
        REPORT.add(JWE_EXTRA, JWE_EXTRA_ROWS[2], "jwtctl", "fail", "no key: " + jkeys["RSA"].msg, jkeys["RSA"].repro)
    else:
        p = refuse.result()
        if p.returncode == 0 or p.stdout.strip():
            REPORT.add(JWE_EXTRA, JWE_EXTRA_ROWS[2], "jwtctl", "fail", f"exit {p.returncode}, printed {first_line(p.stdout)[:60]!r}: RSA1_5 must never be used to encrypt", shq(refuse_cmd))
        else:
            REPORT.add(JWE_EXTRA, JWE_EXTRA_ROWS[2], "jwtctl", "pass")
    cf.wait(peer_futs + futures)
    for f in peer_futs + futures:
        f.result()
    for title, row, col, b, jid, want_pt, want_claims in pending:
        jwe_peer_decrypt_cell(title, row, col, b, jid, want_pt, want_claims)


# --- main ------------------------------------------------------------------------------------------


def prune_old_runs():
    cutoff = time.time() - 24 * 3600
    for name in os.listdir(OUT):
        path = os.path.join(OUT, name)
        if name.startswith("run-") and os.path.isdir(path) and os.path.getmtime(path) < cutoff:
            shutil.rmtree(path, ignore_errors=True)


# --- JSON serializations (RFC 7515/7516 §7.2), detached and unencoded (RFC 7797) payloads --------

SER = "JSON serializations (RFC 7515/7516 §7.2, RFC 7797)"
SER_PEERS = [("jose", "node"), ("jwcrypto", "python"), ("joserfc", "python"), ("latchset", "cli")]
SER_ROWS = [
    "jwtctl JWS general (HS256+ES256) -> peer",
    "jwtctl JWS flattened, detached -> peer",
    "jwtctl JWS unencoded (b64 false), detached -> peer",
    "peer JWS general (HS256+ES256) -> jwtctl",
    "peer JWS flattened, detached -> jwtctl",
    "peer JWS unencoded (b64 false), detached -> jwtctl",
    "jwtctl JWE general (2 recipients) -> peer",
    "jwtctl JWE flattened + aad -> peer",
    "peer JWE general (2 recipients) -> jwtctl",
    "peer JWE flattened + aad -> jwtctl",
]
SER_PAYLOAD = "$.02 héllo ✓".encode()
SER_AAD = b"purchase order 7"
LATCHSET_NO_7797 = "latchset jose has no unencoded payloads (RFC 7797)"


def ser_keys():
    """jwtctl's JWK files for the serialization cells: {name: {path, alg, kid}} (private; the
    public half of an asymmetric key is at pub)."""
    d = D("ser", "keys")
    specs = {
        "hs": (["--alg", "HS256"], "HS256"),
        "es": (["--alg", "ES256"], "ES256"),
        "rsa": (["--type", "rsa", "--use", "enc"], "RSA-OAEP-256"),
        "oct": (["--type", "oct", "--bits", "256", "--use", "enc"], "A256KW"),
        "oct16": (["--type", "oct", "--bits", "128", "--use", "enc"], "A128KW"),
    }
    keys = {}
    for name, (args, alg) in specs.items():
        base = os.path.join(d, name)
        if name.startswith(("hs", "oct")):
            p = jwtctl("keygen", *args, "--format", "jwk", "--kid", name)
            write(base + ".jwk", p.stdout, 0o600)
            pub = base + ".jwk"
        else:
            p = jwtctl("keygen", *args, "--format", "jwk", "--kid", name, "-o", base)
            pub = base + ".pub.jwk"
        if p.returncode != 0:
            raise RuntimeError(f"jwtctl keygen {' '.join(args)}: {err_text(p.stderr)}")
        keys[name] = {"path": base + ".jwk", "pub": pub, "alg": alg, "kid": name}
    return keys


def ser_jwtctl(name, args, input=None):
    """A token jwtctl makes (sign or encrypt), or a Failure."""
    cmd = [JWTCTL, *args]
    p = run(cmd, input=input)
    if p.returncode != 0:
        return Failure(f"jwtctl {args[0]}: exit {p.returncode}: {err_text(p.stderr)}", shq(cmd))
    token = p.stdout.decode(errors="replace").strip()
    write(W("ser", "tokens", name), token + "\n")
    return token


def ser_jwtctl_cell(row, col, token, args, want, json_key=None):
    """jwtctl reads a peer's token: stdout is want (or, with --json, its json_key is)."""
    if isinstance(token, Failure):
        REPORT.add(SER, row, col, "fail", "no token: " + token.msg, token.repro)
        return
    if isinstance(token, tuple):
        REPORT.add(SER, row, col, "unsupported", token[1])
        return
    tokfile = write(W("ser", "tokens", f"{col}-{abs(hash(row))}-{len(args)}.txt"), token + "\n")
    cmd = [JWTCTL, *args, "@" + tokfile]
    p = run(cmd)
    if p.returncode != 0:
        REPORT.add(SER, row, col, "fail", f"jwtctl {args[0]} exit {p.returncode}: {err_text(p.stderr)}", shq(cmd))
        return
    if json_key:
        got = json.loads(p.stdout).get(json_key, "").encode()
    else:
        got = p.stdout[:-1] if p.stdout.endswith(b"\n") else p.stdout
    if got != want:
        REPORT.add(SER, row, col, "fail", "jwtctl gave other bytes: " + bytes_diff(got, want), shq(cmd))
    else:
        REPORT.add(SER, row, col, "pass")


def ser_latchset(cmd, input=None):
    """A latchset jose command's stdout, or a Failure."""
    p = run(cmd, input=input)
    if p.returncode != 0:
        return Failure(f"`{cmd[0]} {cmd[1]} {cmd[2]}` exit {p.returncode}: {first_line(p.stderr)}", shq(cmd))
    return p.stdout.decode(errors="replace").strip()


def phase_serializations(pool):
    REPORT.table(SER, [p for p, _ in SER_PEERS], SER_ROWS, note="keys: jwtctl keygen JWKs (HS256, ES256, RSA enc, oct 32/16 enc); payload UTF-8 with '.'; latchset has no RSA-OAEP, so its JWE recipients are the two oct keys")
    for flag in ("--serialization", "--unencoded"):
        if flag not in jwtctl("sign", "--help").stdout.decode(errors="replace"):
            for row in SER_ROWS:
                for peer, _ in SER_PEERS:
                    REPORT.add(SER, row, peer, "unsupported", f"jwtctl sign has no {flag}")
            return
    keys = ser_keys()
    payload = write(W("ser", "payload.txt"), SER_PAYLOAD)
    aad = write(W("ser", "aad.txt"), SER_AAD)
    hs, es, rsa, oct_, oct16 = (keys[n] for n in ("hs", "es", "rsa", "oct", "oct16"))
    # 1. jwtctl's tokens.
    mine = {
        "general": ["sign", "--key", hs["path"], "--key", es["path"], "--serialization", "general", "--payload", payload],
        "detached": ["sign", "--key", hs["path"], "--serialization", "flattened", "--detached", "--payload", payload],
        "unencoded": ["sign", "--key", hs["path"], "--serialization", "flattened", "--detached", "--unencoded", "--payload", payload],
        "jwe-general": ["encrypt", "--key", rsa["pub"], "--key", oct_["path"], "--serialization", "general", "--enc", "A256GCM", "--payload", payload],
        "jwe-general-oct": ["encrypt", "--key", oct_["path"], "--key", oct16["path"], "--serialization", "general", "--enc", "A256GCM", "--payload", payload],
        "jwe-flat": ["encrypt", "--key", oct_["path"], "--serialization", "flattened", "--enc", "A128CBC-HS256", "--aad", aad, "--payload", payload],
    }
    mine = {k: pool.submit(ser_jwtctl, f"jwtctl-{k}", v) for k, v in mine.items()}
    mine = {k: f.result() for k, f in mine.items()}
    b64 = lambda data: base64.b64encode(data).decode()
    # 2. The library peers: read jwtctl's tokens, make their own.
    batches, jobs = {}, {}
    for peer, runtime in SER_PEERS:
        if runtime == "cli":
            continue
        b = batches.setdefault(runtime, PeerBatch(runtime, "serializations"))

        def add(what, op, lib=peer, **kw):
            jobs[(peer, what)] = (runtime, b.add(op, lib=lib, **kw))

        for k in (hs, es):
            if isinstance(mine["general"], str):
                add(f"verify-general-{k['kid']}", "ser_verify", token=mine["general"], key=k)
        if isinstance(mine["detached"], str):
            add("verify-detached", "ser_verify", token=mine["detached"], key=hs, payload_b64=b64(SER_PAYLOAD))
        if isinstance(mine["unencoded"], str):
            add("verify-unencoded", "ser_verify", token=mine["unencoded"], key=hs, payload_b64=b64(SER_PAYLOAD), unencoded=True)
        for k in (rsa, oct_):
            if isinstance(mine["jwe-general"], str):
                add(f"decrypt-general-{k['kid']}", "ser_decrypt", token=mine["jwe-general"], key=k, enc="A256GCM")
        if isinstance(mine["jwe-flat"], str):
            add("decrypt-flat", "ser_decrypt", token=mine["jwe-flat"], key=oct_, enc="A128CBC-HS256")
        add("sign-general", "ser_sign", form="general", payload_b64=b64(SER_PAYLOAD), keys=[hs, es])
        add("sign-detached", "ser_sign", form="flattened", payload_b64=b64(SER_PAYLOAD), keys=[hs], detached=True)
        add("sign-unencoded", "ser_sign", form="flattened", payload_b64=b64(SER_PAYLOAD), keys=[hs], detached=True, unencoded=True)
        add("encrypt-general", "ser_encrypt", form="general", enc="A256GCM", plaintext_b64=b64(SER_PAYLOAD), recipients=[rsa, oct_])
        add("encrypt-flat", "ser_encrypt", form="flattened", enc="A128CBC-HS256", plaintext_b64=b64(SER_PAYLOAD), aad_b64=b64(SER_AAD), recipients=[oct_])
    futs = [PEERS.submit(b.run) for b in batches.values()]
    cf.wait(futs)

    def result(peer, what):
        runtime, jid = jobs[(peer, what)]
        return batches[runtime].result(jid), batches[runtime].repro(jid)

    def peer_reads(row, peer, whats, check):
        if any((peer, w) not in jobs for w in whats):
            REPORT.add(SER, row, peer, "fail", "no jwtctl token (see the jwtctl rows' repro)")
            return
        for w in whats:
            res, repro = result(peer, w)
            status, why = peer_status(res)
            if status == "pass":
                why = check(res)
                status = "fail" if why else "pass"
            REPORT.add(SER, row, peer, status, f"{peer} {w}: {why}" if why else "", repro)

    def payload_is(want):
        return lambda res: "" if base64.b64decode(res.get("payload_b64") or res.get("plaintext_b64") or "") == want else "other payload"

    def made(peer, what):
        res, repro = result(peer, what)
        status, why = peer_status(res)
        if status == "pass":
            return res["token"]
        if status == "unsupported":
            return ("unsupported", why)
        return Failure(f"{peer} {what}: {why}", repro)

    cells = []
    for peer, runtime in SER_PEERS:
        if runtime == "cli":
            continue
        peer_reads(SER_ROWS[0], peer, ["verify-general-hs", "verify-general-es"], payload_is(SER_PAYLOAD))
        peer_reads(SER_ROWS[1], peer, ["verify-detached"], payload_is(SER_PAYLOAD))
        peer_reads(SER_ROWS[2], peer, ["verify-unencoded"], payload_is(SER_PAYLOAD))
        peer_reads(SER_ROWS[6], peer, ["decrypt-general-rsa", "decrypt-general-oct"], payload_is(SER_PAYLOAD))
        peer_reads(SER_ROWS[7], peer, ["decrypt-flat"], lambda res: payload_is(SER_PAYLOAD)(res) or ("" if base64.b64decode(res.get("aad_b64") or "") == SER_AAD else "other aad"))
        general, detached, unencoded = made(peer, "sign-general"), made(peer, "sign-detached"), made(peer, "sign-unencoded")
        for k in (hs, es):
            cells.append((SER_ROWS[3], peer, general, ["verify", "--signature-only", "--key", k["pub"]], SER_PAYLOAD))
        cells.append((SER_ROWS[4], peer, detached, ["verify", "--signature-only", "--key", hs["path"], "--payload", payload], SER_PAYLOAD))
        cells.append((SER_ROWS[5], peer, unencoded, ["verify", "--signature-only", "--key", hs["path"], "--payload", payload], SER_PAYLOAD))
        jwe_general, jwe_flat = made(peer, "encrypt-general"), made(peer, "encrypt-flat")
        for k in (rsa, oct_):
            cells.append((SER_ROWS[8], peer, jwe_general, ["decrypt", "--key", k["path"]], SER_PAYLOAD))
        cells.append((SER_ROWS[9], peer, jwe_flat, ["decrypt", "--key", oct_["path"]], SER_PAYLOAD))
        cells.append((SER_ROWS[9], peer, jwe_flat, ["decrypt", "--json", "--key", oct_["path"]], SER_AAD, "aad"))
    # 3. latchset jose, the command-line tool (no RFC 7797, no RSA-OAEP).
    _, why = latchset_support()
    if why:
        for row in SER_ROWS:
            REPORT.add(SER, row, "latchset", "unsupported", why)
    else:
        def latch_reads(row, cmd, want=SER_PAYLOAD):
            out = ser_latchset(cmd)
            if isinstance(out, Failure):
                REPORT.add(SER, row, "latchset", "fail", out.msg, out.repro)
            elif out.encode() != want:
                REPORT.add(SER, row, "latchset", "fail", "latchset gave other bytes: " + bytes_diff(out.encode(), want), shq(cmd))
            else:
                REPORT.add(SER, row, "latchset", "pass")

        def tok(name):
            t = mine[name]
            return write(W("ser", "tokens", f"latch-in-{name}.json"), t) if isinstance(t, str) else None

        for k in (hs, es):
            latch_reads(SER_ROWS[0], ["jose", "jws", "ver", "-i", tok("general"), "-k", k["pub"], "-O", "-"])
        latch_reads(SER_ROWS[1], ["jose", "jws", "ver", "-i", tok("detached"), "-I", payload, "-k", hs["path"], "-O", "-"])
        REPORT.add(SER, SER_ROWS[2], "latchset", "unsupported", LATCHSET_NO_7797)
        for k in (oct_, oct16):
            latch_reads(SER_ROWS[6], ["jose", "jwe", "dec", "-i", tok("jwe-general-oct"), "-k", k["path"], "-O", "-"])
        latch_reads(SER_ROWS[7], ["jose", "jwe", "dec", "-i", tok("jwe-flat"), "-k", oct_["path"], "-O", "-"])
        general = ser_latchset(["jose", "jws", "sig", "-I", payload, "-k", hs["path"], "-k", es["path"], "-o", "-"])
        for k in (hs, es):
            cells.append((SER_ROWS[3], "latchset", general, ["verify", "--signature-only", "--key", k["pub"]], SER_PAYLOAD))
        detached = ser_latchset(["jose", "jws", "sig", "-I", payload, "-k", hs["path"], "-O", os.devnull, "-o", "-"])
        cells.append((SER_ROWS[4], "latchset", detached, ["verify", "--signature-only", "--key", hs["path"], "--payload", payload], SER_PAYLOAD))
        REPORT.add(SER, SER_ROWS[5], "latchset", "unsupported", LATCHSET_NO_7797)
        jwe_general = ser_latchset(["jose", "jwe", "enc", "-I", payload, "-k", oct_["path"], "-k", oct16["path"], "-o", "-"])
        for k in (oct_, oct16):
            cells.append((SER_ROWS[8], "latchset", jwe_general, ["decrypt", "--key", k["path"]], SER_PAYLOAD))
        template = json.dumps({"aad": b64u(SER_AAD), "protected": {"enc": "A128CBC-HS256"}})
        jwe_flat = ser_latchset(["jose", "jwe", "enc", "-i", template, "-I", payload, "-k", oct_["path"], "-o", "-"])
        cells.append((SER_ROWS[9], "latchset", jwe_flat, ["decrypt", "--key", oct_["path"]], SER_PAYLOAD))
        cells.append((SER_ROWS[9], "latchset", jwe_flat, ["decrypt", "--json", "--key", oct_["path"]], SER_AAD, "aad"))
    # jwtctl's own tokens that could not be made fail the rows that read them.
    for name, rows in (("general", [0]), ("detached", [1]), ("unencoded", [2]), ("jwe-general", [6]), ("jwe-flat", [7])):
        if isinstance(mine[name], Failure):
            for i in rows:
                for peer, _ in SER_PEERS:
                    REPORT.add(SER, SER_ROWS[i], peer, "fail", "no jwtctl token: " + mine[name].msg, mine[name].repro)
    cf.wait([pool.submit(ser_jwtctl_cell, *c) for c in cells])
# --- DPoP (RFC 9449): panva's dpop -> jwtctl dpop verify; jwtctl dpop proof -> oidc-provider ----------

DPOP_IN = "DPoP: panva dpop proofs -> jwtctl dpop verify"
DPOP_AS = "DPoP: jwtctl dpop proof -> oidc-provider (authorization server)"
DPOP_ALGS = ["ES256", "PS256", "RS256", "Ed25519"]
DPOP_URL = "https://api.example/resource"
# Each case: the proof's name in the peer's result, extra jwtctl flags, the expected error code
# (None: accepted).
DPOP_CASES = [
    ("accepted: right method, URL, ath, nonce", "good", [], None),
    ("rejected: wrong method", "wrong method", [], "htm_mismatch"),
    ("rejected: wrong URL", "wrong URL", [], "htu_mismatch"),
    ("rejected: stale iat (10 min old)", "stale iat", ["--now", str(NOW + 600)], "too_old"),
    ("rejected: wrong ath", "wrong ath", [], "ath_mismatch"),
    ("rejected: wrong nonce", "wrong nonce", [], "nonce_mismatch"),
    ("rejected: replayed jti (--seen)", "replay", [], "replayed"),
    ("rejected: private key in the jwk header", "private jwk", [], "bad_proof_key"),
    ("rejected: HS256", "HS256", [], "alg_not_allowed"),
]
DPOP_AS_ALGS = ["ES256", "EdDSA", "PS256", "RS256"]
DPOP_AS_ROWS = [
    "token endpoint: token_type DPoP, cnf.jkt = jwtctl's thumbprint",
    "jwtctl verify: the token against the server's JWKS",
    "jwtctl dpop verify: a new proof bound by the token's cnf.jkt",
]


def dpop_verify_cell(alg, row, proof, extra, want, access_token, nonce):
    """One `jwtctl dpop verify --json` of a peer's proof; the replay case verifies it twice
    against one --seen store and judges the second run."""
    tokfile = W("dpop", alg, re.sub(r"[^a-z0-9]+", "-", row) + ".jwt")
    write(tokfile, proof)
    cmd = [JWTCTL, "dpop", "verify", "--json", "--method", "GET", "--url", DPOP_URL,
           "--access-token", access_token, "--nonce", nonce, *extra, "@" + tokfile]
    if want == "replayed":
        cmd[-1:-1] = ["--seen", tokfile + ".seen"]
        first = run(cmd)
        if first.returncode != 0:
            REPORT.add(DPOP_IN, row, alg, "fail", f"first use refused: {err_text(first.stderr)}", shq(cmd))
            return
    p = run(cmd)
    got = None
    try:
        verdict = json.loads(p.stdout)
        got = None if verdict.get("valid") else verdict["error"]["code"]
    except (ValueError, KeyError, TypeError):
        verdict = None
    want_rc = 0 if want is None else 1
    if p.returncode == want_rc and verdict is not None and got == want:
        REPORT.add(DPOP_IN, row, alg, "pass")
    else:
        REPORT.add(DPOP_IN, row, alg, "fail",
                   f"exit {p.returncode}, code {got}, want {want or 'accepted'}: {err_text(p.stderr)}", shq(cmd))


def phase_dpop(pool):
    REPORT.table(DPOP_IN, DPOP_ALGS, [row for row, *_ in DPOP_CASES])
    REPORT.table(DPOP_AS, DPOP_AS_ALGS, DPOP_AS_ROWS)
    node = PeerBatch("node", "dpop")
    access_token, nonce = "at-" + b64u(os.urandom(12)), "n-" + b64u(os.urandom(6))
    proof_jobs = {alg: node.add("dpop_proofs", alg=alg, url=DPOP_URL, method="GET",
                                access_token=access_token, nonce=nonce) for alg in DPOP_ALGS}
    keys = {}
    for alg in DPOP_AS_ALGS:
        base = W("dpop", "as", f"client-{alg}")
        p = run([JWTCTL, "keygen", "--alg", alg, "--out", base])
        if p.returncode == 0:
            keys[alg] = base + ".pem"
        else:
            for row in DPOP_AS_ROWS:
                REPORT.add(DPOP_AS, row, alg, "fail", f"jwtctl keygen: {err_text(p.stderr)}", shq(p.cmd))
    as_job = node.add("oidc_dpop", jwtctl=JWTCTL, keys=keys)
    node.run()
    futures = []
    for alg, jid in proof_jobs.items():
        res = node.result(jid)
        status, detail = peer_status(res)
        if status != "pass":
            for row, *_ in DPOP_CASES:
                REPORT.add(DPOP_IN, row, alg, status, detail, node.repro(jid))
            continue
        for row, name, extra, want in DPOP_CASES:
            futures.append(pool.submit(dpop_verify_cell, alg, row, res["proofs"][name], extra, want, access_token, nonce))
    res = node.result(as_job)
    if not res.get("ok"):
        for alg in keys:
            for row in DPOP_AS_ROWS:
                REPORT.add(DPOP_AS, row, alg, "fail", res.get("error", "failed"), node.repro(as_job))
    else:
        jwks = W("dpop", "as", "jwks.json")
        write(jwks, json.dumps(res["jwks"]))
        for alg, key in keys.items():
            futures.append(pool.submit(dpop_as_cells, alg, key, res.get(alg) or {}, jwks, node.repro(as_job)))
    for f in futures:
        f.result()


def dpop_as_cells(alg, key, res, jwks, repro):
    first, check, bound = DPOP_AS_ROWS
    if not res.get("ok"):
        for row in DPOP_AS_ROWS:
            REPORT.add(DPOP_AS, row, alg, "fail", res.get("error", "no result"), repro)
        return
    REPORT.add(DPOP_AS, first, alg, "pass")
    at = W("dpop", "as", f"access-token-{alg}.jwt")
    write(at, res["access_token"])
    cmd = [JWTCTL, "verify", "--jwks", jwks, "--aud", "https://api.example/", "@" + at]
    p = run(cmd)
    REPORT.add(DPOP_AS, check, alg, *(("pass",) if p.returncode == 0 else ("fail", err_text(p.stderr), shq(cmd))))
    mint = [JWTCTL, "dpop", "proof", "--key", key, "--method", "GET", "--url", DPOP_URL, "--access-token", "@" + at]
    p = run(mint)
    if p.returncode != 0:
        REPORT.add(DPOP_AS, bound, alg, "fail", err_text(p.stderr), shq(mint))
        return
    cmd = [JWTCTL, "dpop", "verify", "--method", "GET", "--url", DPOP_URL, "--access-token", "@" + at, p.stdout.decode().strip()]
    q = run(cmd)
    try:
        jkt = json.loads(q.stdout)["jkt"]
    except (ValueError, KeyError, TypeError):
        jkt = None
    if q.returncode == 0 and jkt == res["jkt"]:
        REPORT.add(DPOP_AS, bound, alg, "pass")
    else:
        REPORT.add(DPOP_AS, bound, alg, "fail", f"exit {q.returncode}: {err_text(q.stderr)}", shq(cmd))


# --- verify --issuer: oidc-provider as the issuer, oauth4webapi as its client ------------------

ISSUER = "verify --issuer: oidc-provider (issuer) + oauth4webapi (client)"
ISSUER_COL = "exit, code, requests"
# Each case of peer_node.mjs's oidc_issuer: the row, the exit status, the --json error code
# (None: not checked), and the JWKS and discovery requests the provider must have seen during
# the run (None: not checked). "code flow"/"hybrid flow" ID tokens come from the provider's
# authorization endpoint, driven over HTTP; none is minted by the test.
ISSUER_CASES = [
    ("access token (resource indicator): --issuer --aud --profile access-token", 0, None, 1, 1),
    ("cache hit: a second run asks nothing", 0, None, 0, 0),
    ("wrong audience", 1, "audience_mismatch", 0, 0),
    ("expired (an hour after exp)", 1, "expired", 0, 0),
    ("tampered payload", 1, "bad_signature", 0, 0),
    ("alg none", 1, "alg_not_allowed", 0, 0),
    ("rogue provider on another port reusing the kid", 1, "bad_signature", 0, 0),
    ("discovery document whose issuer differs from the URL", 4, None, 0, None),
    ("ID token (code flow, token endpoint): --profile id-token --nonce", 0, None, 0, 0),
    ("ID token (hybrid flow): --nonce --access-token --code", 0, None, 0, 0),
    ("ID token: wrong nonce", 1, "nonce_mismatch", 0, 0),
    ("ID token: wrong audience", 1, "audience_mismatch", 0, 0),
    ("ID token: at_hash mismatch", 1, "at_hash_mismatch", 0, 0),
    ("ID token: c_hash mismatch", 1, "c_hash_mismatch", 0, 0),
    ("ID token presented as an access token", 1, "typ_mismatch", 0, 0),
    ("access token presented as an ID token", 1, "typ_mismatch", 0, 0),
    ("batch cache primed before the rotation", 0, None, 1, 1),
    ("rotation: the next token verifies after exactly one refetch", 0, None, 1, 0),
    ("after the rotation: no request", 0, None, 0, 0),
    ("batch of 10 000 with a rotation in the middle", 0, None, 1, 0),
    ("--offline with the provider stopped", 0, None, None, None),
    ("--offline with the provider stopped and an empty cache", 5, None, None, None),
]


def issuer_cell(case, want, repro):
    row, exit_, code, jwks, discovery = want
    got_code = None
    try:
        verdict = json.loads(case["stdout"])
        got_code = None if verdict.get("valid") else verdict["error"]["code"]
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    problems = []
    if case["exit"] != exit_:
        problems.append(f"exit {case['exit']}, want {exit_}")
    if code is not None and got_code != code:
        problems.append(f"code {got_code}, want {code}")
    if jwks is not None and case["jwks"] != jwks:
        problems.append(f"{case['jwks']} JWKS requests, want {jwks}")
    if discovery is not None and case["discovery"] != discovery:
        problems.append(f"{case['discovery']} discovery requests, want {discovery}")
    if row.startswith("batch of 10 000") and "10000 valid, 0 rejected" not in case["stderr"]:
        problems.append("no '10000 valid, 0 rejected' summary")
    if problems:
        detail = "; ".join(problems) + ": " + err_text(case["stderr"].encode())
        REPORT.add(ISSUER, row, ISSUER_COL, "fail", detail, repro + "  # then: " + shq([JWTCTL, *case["args"]]))
    else:
        REPORT.add(ISSUER, row, ISSUER_COL, "pass")


def phase_issuer():
    REPORT.table(ISSUER, [ISSUER_COL], [row for row, *_ in ISSUER_CASES])
    node = PeerBatch("node", "issuer")
    jid = node.add("oidc_issuer", jwtctl=JWTCTL, dir=W("issuer"))
    node.run()
    res = node.result(jid)
    cases = {c["row"]: c for c in res.get("cases", [])} if res.get("ok") else {}
    for want in ISSUER_CASES:
        case = cases.get(want[0])
        if case is None:
            REPORT.add(ISSUER, want[0], ISSUER_COL, "fail", res.get("error") or "the peer did not run this case", node.repro(jid))
        else:
            issuer_cell(case, want, node.repro(jid))
    batch = cases.get("batch of 10 000 with a rotation in the middle")
    if batch:
        print(f"interop: issuer: the 10 000-token batch with a rotation made {batch['jwks']} JWKS and "
              f"{batch['discovery']} discovery requests (for comparison, not run: one verify per token "
              "without the cache asks for the metadata and the set each time, 20 000 requests)")
# --- SD-JWT (RFC 9901): the reference `sd-jwt` (Python) and @sd-jwt/core (node), both ways ------

SD_PEERS = [("python", "python sd-jwt"), ("node", "@sd-jwt/core")]
SD_OUT = "SD-JWT: jwtctl sd-jwt issue / present -> peers"
SD_IN = "SD-JWT: peers issue / present -> jwtctl sd-jwt verify / present"
SD_HOSTILE = "SD-JWT: hostile presentations (RFC 9901 §7) -> who rejects them"
SD_POINTERS = ["/email", "/address/street_address", "/address", "/nationalities/1"]
SD_PARTIAL = ["/address/locality", "/nationalities/1"]
SD_AUD = "https://verifier.example"
SD_OUT_ROWS = [
    "issued SD-JWT, every disclosure: the claims as issued",
    "jwtctl present, partial: only the claims disclosed",
    "jwtctl present with a KB-JWT: verified with key binding (aud, nonce)",
    "peer presents jwtctl's SD-JWT with a KB-JWT -> jwtctl verify --require-key-binding",
]
SD_IN_ROWS = [
    "peer's SD-JWT, every disclosure: the claims as issued",
    "peer's partial presentation: only the claims disclosed",
    "peer's KB presentation -> verify --require-key-binding",
    "jwtctl present of the peer's SD-JWT, partial + KB -> peer verifies",
    "rejected: the peer's disclosure re-encoded (disclosure_unreferenced)",
    "rejected: the peer's KB-JWT moved to other disclosures (sd_hash_mismatch)",
    "rejected: the peer's KB-JWT signed by another key (bad_signature)",
]
# Each: the row, jwtctl's expected code, whether it is checked with key binding required (aud and
# nonce given to every verifier), in the order sd_hostile makes them.
SD_HOSTILE_CASES = [
    ("a disclosure re-encoded (digest missing)", "disclosure_unreferenced", False),
    ("a disclosure no digest reaches, added", "disclosure_unreferenced", False),
    ("a disclosure given twice", "disclosure_repeated", False),
    ("a digest repeated in _sd", "digest_repeated", False),
    ("_sd as a disclosed claim name", "bad_disclosure", False),
    ("a disclosure overwriting a plain claim", "bad_disclosure", False),
    ("KB-JWT moved to other disclosures (wrong sd_hash)", "sd_hash_mismatch", True),
    ("KB-JWT signed by another key", "bad_signature", True),
    ("KB-JWT missing, key binding required", "key_binding_missing", True),
    ("KB-JWT for another audience", "audience_mismatch", True),
    ("KB-JWT made 10 minutes ago", "too_old", True),
    ("alg none on the issuer JWT", "alg_not_allowed", False),
]


def sd_claims():
    return {
        "iss": "https://issuer.example", "iat": NOW, "exp": NOW + 900, "given_name": "Erika",
        "email": "erika@example.com",
        "address": {"street_address": "Heidestr. 17", "locality": "Köln", "country": "DE"},
        "nationalities": ["DE", "FR"],
    }


def sd_check(claims, partial):
    """Why `claims` are not what a verifier should see (full or partial), or None."""
    if not isinstance(claims, dict):
        return f"no claims: {claims!r}"[:200]
    want = sd_claims()
    if partial:
        want.pop("email")
        want["address"] = {"locality": "Köln", "country": "DE"}
    for k, v in want.items():
        if claims.get(k) != v:
            return f"{k}: got {json.dumps(claims.get(k))}, want {json.dumps(v)}"
    if partial and "email" in claims:
        return "email disclosed"
    if "_sd" in claims or "_sd_alg" in claims:
        return "_sd or _sd_alg left in the claims"
    return None


def sd_jwtctl_verify(presentation, *extra, name):
    """`jwtctl sd-jwt verify --json` with the issuer key; returns (proc, verdict or None)."""
    path = W("sd-jwt", re.sub(r"[^a-z0-9]+", "-", name.lower()) + ".txt")
    write(path, presentation)
    cmd = [JWTCTL, "sd-jwt", "verify", "--json", "--key", W("sd-jwt", "keys", "issuer.pub.jwk"),
           "--iss", "https://issuer.example", *extra, "@" + path]
    p = run(cmd)
    try:
        verdict = json.loads(p.stdout)
    except ValueError:
        verdict = None
    return p, verdict, cmd


def sd_parts(presentation):
    parts = presentation.split("~")
    return parts[0], parts[1:-1], parts[-1]


def sd_join(jwt, disclosures, kb=""):
    return "~".join([jwt, *disclosures]) + "~" + kb


def sd_resign(jwt, change):
    """The issuer JWT with its payload changed by `change` and signed again by the issuer key."""
    payload = json.loads(unb64u(jwt.split(".")[1]))
    change(payload)
    p = jwtctl("sign", "--key", W("sd-jwt", "keys", "issuer.jwk"), "--claims", "-", "--no-iat", "--typ", "dc+sd-jwt",
               input=json.dumps(payload).encode())
    return p.stdout.decode().strip()


def sd_digest(disclosure):
    return b64u(hashlib.sha256(disclosure.encode()).digest())


def sd_reencode(disclosure):
    return b64u(json.dumps(json.loads(unb64u(disclosure)), indent=1))


def sd_hostile(sd_jwt, kb_pres, other_pres, stranger_kb, other_aud, stale):
    """The hostile presentations of SD_HOSTILE_CASES, from jwtctl's SD-JWT (every disclosure),
    a KB presentation of it, another presentation of it, a KB-JWT made by a stranger's key
    over the KB presentation's disclosures, and KB presentations for another audience and made
    10 minutes ago."""
    jwt, ds, _ = sd_parts(sd_jwt)
    email = next(d for d in ds if json.loads(unb64u(d))[1:2] == ["email"])
    extra = b64u(json.dumps(["c2FsdHNhbHRzYWx0", "extra", 1]))
    reserved = b64u(json.dumps(["c2FsdHNhbHRzYWx0", "_sd", ["x"]]))
    kjwt, kds, kb = sd_parts(kb_pres)
    ojwt, ods, _ = sd_parts(other_pres)
    header, payload = jwt.split(".")[:2]
    none = b64u('{"alg":"none","typ":"dc+sd-jwt"}') + "." + payload + "."
    return [
        sd_join(jwt, [sd_reencode(d) if d == email else d for d in ds]),
        sd_join(jwt, ds + [extra]),
        sd_join(jwt, ds + [email]),
        sd_join(sd_resign(jwt, lambda p: p["_sd"].append(p["_sd"][0])), ds),
        sd_join(sd_resign(jwt, lambda p: p["_sd"].append(sd_digest(reserved))), ds + [reserved]),
        sd_join(sd_resign(jwt, lambda p: p.update({"email": "plain@example.com"})), ds),
        sd_join(ojwt, ods, kb),
        sd_join(kjwt, kds, stranger_kb),
        sd_join(kjwt, kds),
        other_aud,
        stale,
        sd_join(none, ds),
    ]


def phase_sd_jwt(pool):
    cols = [name for _, name in SD_PEERS]
    REPORT.table(SD_OUT, cols, SD_OUT_ROWS)
    REPORT.table(SD_IN, cols, SD_IN_ROWS)
    REPORT.table(SD_HOSTILE, ["jwtctl", *cols], [row for row, *_ in SD_HOSTILE_CASES],
                 note="jwtctl must reject each with its code; a peer that accepts one is reported -- (a deviation of the library's)")
    keys = {}
    for name in ("issuer", "holder", "stranger"):
        base = W("sd-jwt", "keys", name)
        p = jwtctl("keygen", "--alg", "ES256", "--format", "jwk", "--out", base)
        if p.returncode != 0:
            for title, rows in ((SD_OUT, SD_OUT_ROWS), (SD_IN, SD_IN_ROWS)):
                for row in rows:
                    for col in cols:
                        REPORT.add(title, row, col, "fail", f"jwtctl keygen: {err_text(p.stderr)}", shq(p.cmd))
            return
        keys[name] = base + ".jwk"
        keys[name + "_pub"] = base + ".pub.jwk"
    nonce = "n-" + b64u(os.urandom(6))
    # Round 1: every peer issues; jwtctl issues and presents.
    batches = {rt: PeerBatch(rt, "sd-jwt-1") for rt, _ in SD_PEERS}
    issued = {rt: b.add("sd_issue", claims=sd_claims(), sd=SD_POINTERS, issuer=keys["issuer"], holder_pub=keys["holder_pub"])
              for rt, b in batches.items()}
    futures = [PEERS.submit(b.run) for b in batches.values()]
    claims_file = W("sd-jwt", "claims.json")
    write(claims_file, json.dumps(sd_claims()))
    issue = [JWTCTL, "sd-jwt", "issue", "--key", keys["issuer"], "--claims", claims_file, "--holder-key", keys["holder_pub"],
             "--typ", "dc+sd-jwt", "--decoys", "2", "--iat", str(NOW), *[a for p in SD_POINTERS for a in ("--sd", p)]]
    p = run(issue)
    ours = p.stdout.decode().strip() if p.returncode == 0 else None

    def present(sd_jwt, pointers, kb=False, aud=SD_AUD, now=None):
        cmd = [JWTCTL, *(["--now", str(now)] if now else []), "sd-jwt", "present", "-",
               *[a for q in pointers for a in ("--disclose", q)]]
        if kb:
            cmd += ["--holder-key", keys["holder"], "--aud", aud, "--nonce", nonce]
        q = run(cmd, input=sd_jwt.encode())
        return (q.stdout.decode().strip() if q.returncode == 0 else None), q

    for f in futures:
        f.result()
    if ours is None:
        for row in SD_OUT_ROWS:
            for col in cols:
                REPORT.add(SD_OUT, row, col, "fail", f"jwtctl sd-jwt issue: {err_text(p.stderr)}", shq(issue))
    partial = kb_pres = other = None
    if ours:
        partial, _ = present(ours, SD_PARTIAL)
        kb_pres, _ = present(ours, SD_PARTIAL, kb=True)
        other, _ = present(ours, ["/email"])
    # Round 2: the peers verify jwtctl's, present theirs and jwtctl's; jwtctl presents theirs.
    batches2 = {rt: PeerBatch(rt, "sd-jwt-2") for rt, _ in SD_PEERS}
    jobs = {}
    for rt, name in SD_PEERS:
        b = batches2[rt]
        j = jobs[rt] = {}
        if ours:
            j["out_full"] = b.add("sd_verify", presentation=ours, issuer_pub=keys["issuer_pub"])
            j["out_partial"] = b.add("sd_verify", presentation=partial or "", issuer_pub=keys["issuer_pub"])
            j["out_kb"] = b.add("sd_verify", presentation=kb_pres or "", issuer_pub=keys["issuer_pub"], aud=SD_AUD, nonce=nonce)
            j["out_present"] = b.add("sd_present", sd_jwt=ours, disclose=SD_PARTIAL, holder=keys["holder"], aud=SD_AUD, nonce=nonce)
        res = batches[rt].result(issued[rt])
        theirs = res.get("sd_jwt") if res.get("ok") else None
        j["theirs"] = theirs
        if not theirs:
            status, detail = peer_status(res)
            for row in SD_IN_ROWS:
                REPORT.add(SD_IN, row, name, status, detail, batches[rt].repro(issued[rt]))
            continue
        j["in_partial"] = b.add("sd_present", sd_jwt=theirs, disclose=SD_PARTIAL)
        j["in_kb"] = b.add("sd_present", sd_jwt=theirs, disclose=SD_PARTIAL, holder=keys["holder"], aud=SD_AUD, nonce=nonce)
        j["in_stranger"] = b.add("sd_present", sd_jwt=theirs, disclose=SD_PARTIAL, holder=keys["stranger"], aud=SD_AUD, nonce=nonce)
        j["in_other"] = b.add("sd_present", sd_jwt=theirs, disclose=["/email"])
        ours_of_theirs, q = present(theirs, SD_PARTIAL, kb=True)
        if ours_of_theirs:
            j["in_present"] = b.add("sd_verify", presentation=ours_of_theirs, issuer_pub=keys["issuer_pub"], aud=SD_AUD, nonce=nonce)
        else:
            REPORT.add(SD_IN, SD_IN_ROWS[3], name, "fail", f"jwtctl sd-jwt present: {err_text(q.stderr)}", shq(q.cmd))
    hostile = None
    if ours and kb_pres and other:
        # A KB-JWT over the KB presentation's disclosures, signed by a key that is not cnf's.
        kjwt, kds, _ = sd_parts(kb_pres)
        kb_claims = {"iat": int(time.time()), "aud": SD_AUD, "nonce": nonce, "sd_hash": b64u(hashlib.sha256(sd_join(kjwt, kds).encode()).digest())}
        s = jwtctl("sign", "--key", keys["stranger"], "--typ", "kb+jwt", "--claims", "-", "--no-iat", input=json.dumps(kb_claims).encode())
        other_aud, _ = present(ours, SD_PARTIAL, kb=True, aud="https://other.example")
        stale, _ = present(ours, SD_PARTIAL, kb=True, now=int(time.time()) - 600)
        hostile = sd_hostile(ours, kb_pres, other, s.stdout.decode().strip(), other_aud or "", stale or "")
        for rt, _ in SD_PEERS:
            jobs[rt]["hostile"] = [
                batches2[rt].add("sd_verify", presentation=h, issuer_pub=keys["issuer_pub"],
                                 **({"aud": SD_AUD, "nonce": nonce} if kb else {}))
                for (_, _, kb), h in zip(SD_HOSTILE_CASES, hostile)]
    futures = [PEERS.submit(b.run) for b in batches2.values()]
    if hostile:
        futures += [pool.submit(sd_jwtctl_hostile, row, code, kb, h, nonce)
                    for (row, code, kb), h in zip(SD_HOSTILE_CASES, hostile)]
    for f in futures:
        f.result()
    cells = []
    for rt, name in SD_PEERS:
        cells.append(pool.submit(sd_cells, rt, name, batches2[rt], jobs[rt], nonce, present))
    for c in cells:
        c.result()


def sd_jwtctl_hostile(row, code, kb, presentation, nonce):
    extra = ["--require-key-binding", "--aud", SD_AUD, "--nonce", nonce] if kb else []
    p, verdict, cmd = sd_jwtctl_verify(presentation, *extra, name="hostile-" + row)
    got = (verdict or {}).get("error", {}).get("code") if isinstance(verdict, dict) else None
    if p.returncode != 0 and got == code:
        REPORT.add(SD_HOSTILE, row, "jwtctl", "pass")
    else:
        REPORT.add(SD_HOSTILE, row, "jwtctl", "fail", f"exit {p.returncode}, code {got}, want {code}: {err_text(p.stderr)}", shq(cmd))


def sd_cells(rt, name, batch, j, nonce, present):
    def verified(jid, partial, title, row):
        res = batch.result(jid)
        status, detail = peer_status(res)
        if status == "pass":
            why = sd_check(res.get("claims"), partial)
            if why:
                status, detail = "fail", why
        REPORT.add(title, row, name, status, detail, "" if status == "pass" else batch.repro(jid))

    def ours_verify(presentation, partial, row, *extra, want=None):
        p, verdict, cmd = sd_jwtctl_verify(presentation, *extra, name=f"{rt}-{row}")
        if want is not None:
            got = (verdict or {}).get("error", {}).get("code") if isinstance(verdict, dict) else None
            ok = p.returncode == 1 and got == want
            REPORT.add(SD_IN, row, name, *(("pass",) if ok else ("fail", f"exit {p.returncode}, code {got}, want {want}", shq(cmd))))
            return
        why = f"exit {p.returncode}: {err_text(p.stderr)}" if p.returncode != 0 else sd_check((verdict or {}).get("claims"), partial)
        title = SD_OUT if row in SD_OUT_ROWS else SD_IN
        REPORT.add(title, row, name, *(("fail", why, shq(cmd)) if why else ("pass",)))

    binding = ["--require-key-binding", "--aud", SD_AUD, "--nonce", nonce]
    if "out_full" in j:
        verified(j["out_full"], False, SD_OUT, SD_OUT_ROWS[0])
        verified(j["out_partial"], True, SD_OUT, SD_OUT_ROWS[1])
        verified(j["out_kb"], True, SD_OUT, SD_OUT_ROWS[2])
        res = batch.result(j["out_present"])
        if res.get("ok"):
            ours_verify(res["presentation"], True, SD_OUT_ROWS[3], *binding)
        else:
            REPORT.add(SD_OUT, SD_OUT_ROWS[3], name, *peer_status(res), batch.repro(j["out_present"]))
    theirs = j.get("theirs")
    if theirs:
        ours_verify(theirs, False, SD_IN_ROWS[0])
        for key, row, partial, extra in (("in_partial", SD_IN_ROWS[1], True, []), ("in_kb", SD_IN_ROWS[2], True, binding)):
            res = batch.result(j[key])
            if res.get("ok"):
                ours_verify(res["presentation"], partial, row, *extra)
            else:
                REPORT.add(SD_IN, row, name, *peer_status(res), batch.repro(j[key]))
        if "in_present" in j:
            verified(j["in_present"], True, SD_IN, SD_IN_ROWS[3])
        jwt, ds, _ = sd_parts(theirs)
        ours_verify(sd_join(jwt, [sd_reencode(d) for d in ds]), False, SD_IN_ROWS[4], want="disclosure_unreferenced")
        kb, other = batch.result(j["in_kb"]), batch.result(j["in_other"])
        if kb.get("ok") and other.get("ok"):
            ojwt, ods, _ = sd_parts(other["presentation"])
            ours_verify(sd_join(ojwt, ods, sd_parts(kb["presentation"])[2]), True, SD_IN_ROWS[5], *binding, want="sd_hash_mismatch")
        stranger = batch.result(j["in_stranger"])
        if stranger.get("ok"):
            ours_verify(stranger["presentation"], True, SD_IN_ROWS[6], *binding, want="bad_signature")
        else:
            REPORT.add(SD_IN, SD_IN_ROWS[6], name, *peer_status(stranger), batch.repro(j["in_stranger"]))
    for (row, *_), jid in zip(SD_HOSTILE_CASES, j.get("hostile", [])):
        res = batch.result(jid)
        if res.get("ok"):
            REPORT.add(SD_HOSTILE, row, name, "unsupported", f"{name} accepts: {row}")
        else:
            REPORT.add(SD_HOSTILE, row, name, "pass")


def main():
    global WORK
    if not JWTCTL or not os.access(JWTCTL, os.X_OK):
        print(f"error: JWTCTL must name the jwtctl binary (got {JWTCTL!r})", file=sys.stderr)
        return 2
    if not NODE_DIR:
        print("error: INTEROP_NODE_DIR is not set (run tests/interop/run)", file=sys.stderr)
        return 2
    if not shutil.which("openssl"):
        print("error: openssl is not installed", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    prune_old_runs()
    WORK = tempfile.mkdtemp(prefix="run-", dir=OUT)
    started = time.time()
    print(f"interop: jwtctl = {JWTCTL}")
    print(f"interop: work dir = {WORK}")
    for cmd in (["verify"], ["jwks", "create"], ["jwks", "serve"], ["encrypt"], ["decrypt"]):
        if jwtctl(*cmd, "--help").returncode != 0:
            note = "its cells fail" if cmd == ["verify"] else "its cells are reported unsupported"
            print(f"interop: NOTE: `jwtctl {' '.join(cmd)}` is not available in this binary; {note}")
    declare_tables()
    with cf.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        t = time.time()
        G = phase_gen(pool)
        print(f"interop: keys generated ({time.time() - t:.1f}s)")
        t = time.time()
        jwtctl_tokens, peer_tokens, key_cells = phase_sign(pool, G)
        print(f"interop: tokens signed, keys cross-loaded ({time.time() - t:.1f}s)")
        t = time.time()
        phase_verify(pool, G, jwtctl_tokens, peer_tokens, key_cells)
        print(f"interop: tokens verified ({time.time() - t:.1f}s)")
        t = time.time()
        phase_jwks(pool)
        print(f"interop: JWKS and Express ({time.time() - t:.1f}s)")
        t = time.time()
        phase_peer_jwks(pool)
        print(f"interop: JWKS published by peers ({time.time() - t:.1f}s)")
        t = time.time()
        phase_jwe(pool)
        print(f"interop: JWE ({time.time() - t:.1f}s)")
        t = time.time()
        phase_serializations(pool)
        print(f"interop: JSON serializations ({time.time() - t:.1f}s)")
        t = time.time()
        phase_dpop(pool)
        print(f"interop: DPoP ({time.time() - t:.1f}s)")
        t = time.time()
        phase_issuer()
        print(f"interop: verify --issuer ({time.time() - t:.1f}s)")
        t = time.time()
        phase_sd_jwt(pool)
        print(f"interop: SD-JWT ({time.time() - t:.1f}s)")
    REPORT.render()
    counts = REPORT.counts()
    print(f"\ninterop: {counts['pass']} passed, {counts['fail']} failed, {counts['unsupported']} unsupported cells in {time.time() - started:.1f}s")
    if counts["fail"] or os.environ.get("INTEROP_KEEP") == "1":
        print(f"interop: files kept in {WORK}")
    else:
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"{counts['pass']} passed, {counts['fail']} failed")
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
