#!/usr/bin/env python3
"""jwtctl benchmark harness (Python 3.11 stdlib only). Run through bench/run.

Each group is a function in GROUPS (or EXTRAS, run only when named). Per-invocation groups
build a list of cases and hand them to compare() (two sides) or compare_sides() (any number of
sides, several ratios per case), which time the sides interleaved and print Markdown tables.
Results go to stdout as Markdown; progress and warnings go to stderr.

Environment:
  JWTCTL_BIN           binary to benchmark (default: target/release/jwtctl)
  BENCH_SAMPLES_SCALE  multiplier for per-case sample counts (default 1.0)
  BENCH_QUICK=1        let the scale go below the per-case minimums
  BENCH_BATCH_N        tokens per algorithm in the batch group (default 100000)
  BENCH_PEER_SECONDS   time budget of one in-process peer run in the batch group (default 3)
  BENCH_MEMORY_NORMAL_N, BENCH_MEMORY_MAX_N, BENCH_MEMORY_LIMIT_MB, BENCH_BASELINE_BIN
                       the batch-memory group (see bench/README.md)
"""

import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BT = BENCH / "target"  # git-ignored: builds, installed peers, cached token files
KEYS = ROOT / "tests" / "fixtures" / "keys"
JWTCTL = os.environ.get("JWTCTL_BIN") or str(ROOT / "target" / "release" / "jwtctl")
SCALE = float(os.environ.get("BENCH_SAMPLES_SCALE", "1"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
BATCH_N = int(os.environ.get("BENCH_BATCH_N", "100000"))
PEER_SECONDS = float(os.environ.get("BENCH_PEER_SECONDS", "3"))

JWTCLI_VERSION = "6.2.0"  # crates.io jwt-cli, installed with --locked into bench/target/jwt-cli
JWTCLI = BT / "jwt-cli" / "bin" / "jwt"
FLOOR = BT / "release" / "floor"
CEILING = BT / "release" / "ceiling"
HS_SECRET = (KEYS / "hmac.secret").read_text()  # 32 bytes, no newline

def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- shared helpers


@dataclass
class Case:
    name: str
    ours: list[str]  # full argv for jwtctl
    theirs: list[str]  # full argv for the reference tool
    samples: int  # default samples per side
    minimum: int = 1  # floor under BENCH_SAMPLES_SCALE (ignored with BENCH_QUICK=1)
    goal: float = 1.0  # pass if median ratio ours/theirs <= goal


def sample_count(case: Case) -> int:
    return scaled(case.samples, case.minimum)


Check = Callable[[str], str | None]  # stdout -> None if fine, else what is wrong


def check_runs(argv: list[str], check: Check | None = None) -> None:
    """Untimed warm-up run: fills the page cache and fails loudly, with the
    command's stderr, if the command does not work at all, or if `check` finds
    its standard output wrong."""
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: `{' '.join(argv)}` exited {r.returncode}:\n{r.stderr.strip()}")
    if check and (why := check(r.stdout)):
        sys.exit(f"bench: `{' '.join(argv)}`: unexpected output ({why}):\n{r.stdout[:500]}")


def time_once(argv: list[str]) -> float:
    """Whole-process wall time in seconds. No timeout= on purpose: with a
    timeout, Popen.wait polls with sleeps, which would quantize the timings."""
    t0 = time.perf_counter()
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: `{' '.join(argv)}` exited {r.returncode} during timing")
    return dt


def interleaved(cmds: list[list[str]], n: int,
                checks: list[Check | None] | None = None) -> list[list[float]]:
    """Run the commands round-robin n times each, so machine noise (other
    load, frequency scaling) hits every side alike. Returns seconds per command."""
    for argv, check in zip(cmds, checks or [None] * len(cmds)):
        check_runs(argv, check)
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(n):
        for argv, out in zip(cmds, times):
            out.append(time_once(argv))
    return times


def ms(s: float) -> str:
    return f"{s * 1000:.2f}"


def p90(xs: list[float]) -> float:
    if len(xs) < 2:
        return xs[0]
    return statistics.quantiles(xs, n=10, method="inclusive")[-1]


def ratio_ci(ours: list[float], theirs: list[float], reps: int = 2000) -> tuple[float, float]:
    """95% bootstrap interval of median(ours)/median(theirs): says whether a
    ratio near the goal is real or within noise (RSA keygen times spread widely)."""
    rng = random.Random(0)  # fixed seed: the same samples give the same interval
    med = statistics.median
    rs = sorted(med(rng.choices(ours, k=len(ours))) / med(rng.choices(theirs, k=len(theirs)))
                for _ in range(reps))
    return rs[int(reps * 0.025)], rs[int(reps * 0.975) - 1]


def compare(title: str, theirs_name: str, cases: list[Case]) -> bool:
    """Time each case interleaved and print the ratio and distribution tables.
    Returns True if every case met its goal."""
    rows, dist, all_met = [], [], True
    for case in cases:
        n = sample_count(case)
        log(f"bench: {case.name}: {n} samples per side ...")
        t0 = time.perf_counter()
        ours, theirs = interleaved([case.ours, case.theirs], n)
        mo, mt = statistics.median(ours), statistics.median(theirs)
        ratio = mo / mt
        met = ratio <= case.goal
        all_met &= met
        log(f"bench: {case.name}: ratio {ratio:.2f} ({time.perf_counter() - t0:.1f}s)")
        lo, hi = ratio_ci(ours, theirs)
        rows.append(f"| {case.name} | {ms(mo)} | {ms(mt)} | {ratio:.2f} "
                    f"| ≤ {case.goal:.1f} | {'yes' if met else '**no**'} | {lo:.2f}–{hi:.2f} |")
        for side, xs in (("jwtctl", ours), (theirs_name, theirs)):
            dist.append(f"| {case.name} | {side} | {len(xs)} | {ms(min(xs))} "
                        f"| {ms(statistics.median(xs))} | {ms(p90(xs))} | {ms(max(xs))} |")

    print(f"\n## {title}\n")
    print(f"| case | jwtctl median (ms) | {theirs_name} median (ms) | ratio | goal | met? | ratio 95% CI |")
    print("|---|---:|---:|---:|---|---|---:|")
    print("\n".join(rows))
    print("\n| case | side | n | min (ms) | median (ms) | p90 (ms) | max (ms) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    print("\n".join(dist))
    return all_met


def skip(title: str, why: str) -> None:
    """Say loudly, on stderr and in the report, that a group or part was not run."""
    bar = "#" * 72
    log(f"\n{bar}\n# SKIPPED: {title}\n#   {why}\n{bar}\n")
    print(f"\n## {title}\n\n**SKIPPED**: {why}")


def binary_size() -> None:
    size = Path(JWTCTL).stat().st_size
    print("\n## Binary\n")
    print("| binary | size (bytes) | size (MiB) |")
    print("|---|---:|---:|")
    print(f"| `{JWTCTL}` | {size} | {size / 2**20:.2f} |")


def scaled(samples: int, minimum: int = 1) -> int:
    n = max(1, round(samples * SCALE))
    return n if QUICK else max(n, minimum)


# ---------------------------------------------------------------- many-sided comparisons


@dataclass
class Side:
    name: str  # column name: "jwtctl", "jwt-cli", "floor", ...
    argv: list[str]
    check: Check | None = None  # validates the warm-up run's stdout


@dataclass
class Ratio:
    num: str  # side names; the ratio is median(num) / median(den)
    den: str
    goal: float | None = None  # met if ratio <= goal; None: shown for information


@dataclass
class SidesCase:
    name: str
    sides: list[Side]
    ratios: list[Ratio]
    samples: int  # default samples per side
    minimum: int = 1


def compare_sides(title: str, cases: list[SidesCase], note: str = "") -> bool:
    """Time every side of each case interleaved (round-robin, one untimed checked
    warm-up each) and print a medians table, a ratio table with goals and 95%
    bootstrap intervals, and a distribution table. Returns True if every goal was met."""
    columns: list[str] = []
    for case in cases:
        columns += [s.name for s in case.sides if s.name not in columns]
    med_rows, ratio_rows, dist, all_met = [], [], [], True
    for case in cases:
        n = scaled(case.samples, case.minimum)
        log(f"bench: {case.name}: {n} samples x {len(case.sides)} sides ...")
        t0 = time.perf_counter()
        times = interleaved([s.argv for s in case.sides], n, [s.check for s in case.sides])
        by = {s.name: xs for s, xs in zip(case.sides, times)}
        meds = {k: statistics.median(v) for k, v in by.items()}
        med_rows.append(f"| {case.name} | " + " | ".join(
            ms(meds[c]) if c in meds else "—" for c in columns) + " |")
        for r in case.ratios:
            if r.num not in by or r.den not in by:
                continue
            ratio = meds[r.num] / meds[r.den]
            lo, hi = ratio_ci(by[r.num], by[r.den])
            if r.goal is None:
                goal, met = "—", "—"
            else:
                ok = ratio <= r.goal
                all_met &= ok
                goal, met = f"≤ {r.goal:.1f}", ("yes" if ok else "**no**")
            ratio_rows.append(f"| {case.name} | {r.num} / {r.den} | {ratio:.2f} | {lo:.2f}–{hi:.2f} "
                              f"| {goal} | {met} |")
        for side in case.sides:
            xs = by[side.name]
            dist.append(f"| {case.name} | {side.name} | {len(xs)} | {ms(min(xs))} "
                        f"| {ms(meds[side.name])} | {ms(p90(xs))} | {ms(max(xs))} |")
        log(f"bench: {case.name}: " + ", ".join(f"{k} {ms(v)} ms" for k, v in meds.items())
            + f" ({time.perf_counter() - t0:.1f}s)")

    print(f"\n## {title}\n")
    print("Median wall time per invocation (ms):\n")
    print("| case | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    print("\n".join(med_rows))
    if ratio_rows:
        print("\n| case | ratio | median ratio | 95% CI | goal | met? |")
        print("|---|---|---:|---:|---|---|")
        print("\n".join(ratio_rows))
    print("\n| case | side | n | min (ms) | median (ms) | p90 (ms) | max (ms) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    print("\n".join(dist))
    if note:
        print(f"\n_{note}_")
    return all_met


# ---------------------------------------------------------------- output checks

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def b64url_json(seg: str) -> dict:
    import base64
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def is_token(alg: str) -> Check:
    """A compact JWS whose header names `alg` and whose claims have sub alice and exp."""
    def check(out: str) -> str | None:
        tok = out.strip()
        if not TOKEN_RE.match(tok):
            return "not a compact JWS"
        try:
            header, claims = b64url_json(tok.split(".")[0]), b64url_json(tok.split(".")[1])
        except ValueError as e:
            return f"undecodable segment: {e}"
        if header.get("alg", "").upper() != alg.upper():
            return f"header alg {header.get('alg')!r}, expected {alg}"
        if claims.get("sub") != "alice" or "exp" not in claims:
            return "claims lack sub=alice or exp"
        return None
    return check


def mentions(word: str) -> Check:
    return lambda out: None if word in out else f"{word!r} not in output"


def json_mentions(word: str) -> Check:
    def check(out: str) -> str | None:
        try:
            json.loads(out)
        except ValueError as e:
            return f"not JSON: {e}"
        return mentions(word)(out)
    return check


# ---------------------------------------------------------------- builds and peers (cached)

_setup: dict[str, Path | None] = {}


def cargo_build_bench(name: str) -> Path | None:
    """Build bench/NAME (a small cargo project with a committed Cargo.lock) into
    bench/target. Returns the binary, or None after a loud skip message."""
    if name in _setup:
        return _setup[name]
    manifest = BENCH / name / "Cargo.toml"
    if name == "floor" and not manifest.exists():  # recreate the trivial project if removed
        (BENCH / "floor" / "src").mkdir(parents=True, exist_ok=True)
        manifest.write_text('[package]\nname = "floor"\nversion = "0.0.0"\nedition = "2024"\n'
                            'publish = false\n\n[profile.release]\nlto = "fat"\n'
                            'codegen-units = 1\nstrip = true\n\n[workspace]\n')
        (BENCH / "floor" / "src" / "main.rs").write_text("fn main() {}\n")
    argv = ["cargo", "build", "--release", "--manifest-path", str(manifest),
            "--target-dir", str(BT)]
    if (BENCH / name / "Cargo.lock").exists():
        argv.append("--locked")
    log(f"bench: {' '.join(argv)}")
    r = subprocess.run(argv, cwd=ROOT, stdout=sys.stderr)
    out = BT / "release" / name
    _setup[name] = out if r.returncode == 0 and out.is_file() else None
    return _setup[name]


def jwtcli() -> Path | None:
    """jwt-cli from crates.io, installed once into bench/target/jwt-cli."""
    if "jwt-cli" in _setup:
        return _setup["jwt-cli"]
    _setup["jwt-cli"] = None
    have = ""
    if JWTCLI.is_file():
        have = subprocess.run([JWTCLI, "--version"], capture_output=True, text=True).stdout
    if JWTCLI_VERSION not in have:
        argv = ["cargo", "install", "jwt-cli", "--version", JWTCLI_VERSION, "--locked",
                "--root", str(BT / "jwt-cli")]
        log(f"bench: {' '.join(argv)}  (first run only; a few minutes)")
        r = subprocess.run(argv, cwd=BENCH, stdout=sys.stderr)
        if r.returncode != 0 or not JWTCLI.is_file():
            skip(f"jwt-cli {JWTCLI_VERSION} (peer)",
                 f"`cargo install jwt-cli` failed (exit {r.returncode}); every jwt-cli column "
                 "and ratio below is left out")
            return None
    _setup["jwt-cli"] = JWTCLI
    return JWTCLI


def _stamp_ok(stamp: Path, content: bytes) -> bool:
    return stamp.exists() and stamp.read_text() == hashlib.sha256(content).hexdigest()


def node_peers() -> Path | None:
    """node + npm packages (jose, jsonwebtoken) from bench/package-lock.json,
    installed with `npm ci` into bench/target/node. Returns that folder."""
    if "node" in _setup:
        return _setup["node"]
    _setup["node"] = None
    node_dir = BT / "node"
    if not (shutil.which("node") and shutil.which("npm")):
        skip("node peers (jose, jsonwebtoken)", "`node` or `npm` not found on PATH")
        return None
    lock = (BENCH / "package-lock.json").read_bytes()
    stamp = node_dir / ".installed"
    if not (_stamp_ok(stamp, lock) and (node_dir / "node_modules").is_dir()):
        node_dir.mkdir(parents=True, exist_ok=True)
        for f in ("package.json", "package-lock.json"):
            shutil.copy(BENCH / f, node_dir / f)
        log(f"bench: npm ci in {node_dir}")
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=node_dir,
                           stdout=sys.stderr)
        if r.returncode != 0:
            skip("node peers (jose, jsonwebtoken)", f"`npm ci` failed (exit {r.returncode})")
            return None
        stamp.write_text(hashlib.sha256(lock).hexdigest())
    for script in (BENCH / "peers").glob("*.mjs"):  # next to node_modules, so imports resolve
        shutil.copy(script, node_dir / script.name)
    _setup["node"] = node_dir
    return node_dir


def py_peers() -> Path | None:
    """PyJWT[crypto] from bench/requirements.txt, pip-installed into bench/target/py."""
    if "py" in _setup:
        return _setup["py"]
    _setup["py"] = None
    py_dir = BT / "py"
    req = (BENCH / "requirements.txt").read_bytes()
    stamp = BT / "py.installed"
    if not (_stamp_ok(stamp, req) and py_dir.is_dir()):
        shutil.rmtree(py_dir, ignore_errors=True)
        argv = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--target", str(py_dir), "-r", str(BENCH / "requirements.txt")]
        log(f"bench: {' '.join(argv)}")
        r = subprocess.run(argv, stdout=sys.stderr)
        if r.returncode != 0:
            skip("PyJWT peer", f"`pip install` failed (exit {r.returncode})")
            return None
        stamp.write_text(hashlib.sha256(req).hexdigest())
    _setup["py"] = py_dir
    return py_dir


def jwtctl_has(*words: str) -> bool:
    """True if `jwtctl verify --help` works and mentions every word."""
    r = subprocess.run([JWTCTL, "verify", "--help"], capture_output=True, text=True)
    return r.returncode == 0 and all(w in r.stdout for w in words)


def mint_with_jwtctl(*opts: str) -> str:
    r = subprocess.run([JWTCTL, "sign", *opts], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: `jwtctl sign {' '.join(opts)}` exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout.strip()


# ---------------------------------------------------------------- groups


def group_keygen() -> None:
    title = "keygen: jwtctl vs openssl genpkey"
    openssl = shutil.which("openssl")
    if not openssl:
        return skip(title, "`openssl` not found on PATH")
    version = subprocess.run([openssl, "version"], capture_output=True, text=True).stdout.strip()
    log(f"bench: using {openssl} ({version})")

    def gen(*opts: str) -> list[str]:
        return [openssl, "genpkey", *opts]

    compare(title, "openssl", [
        Case("RSA-2048", [JWTCTL, "keygen", "--type", "rsa", "--bits", "2048"],
             gen("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"),
             samples=40, minimum=30, goal=1.0),
        Case("RSA-4096", [JWTCTL, "keygen", "--type", "rsa", "--bits", "4096"],
             gen("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096"),
             samples=12, minimum=10, goal=1.0),
        Case("P-256", [JWTCTL, "keygen", "--type", "ec", "--curve", "P-256"],
             gen("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
             samples=100, goal=1.5),
        Case("Ed25519", [JWTCTL, "keygen", "--type", "ed25519"],
             gen("-algorithm", "ED25519"),
             samples=100, goal=1.5),
    ])
    print(f"\n_{version}; RSA keygen time varies a lot run to run (random prime search), "
          "so its medians need the larger sample counts._")


def floor_side() -> Side | None:
    floor = cargo_build_bench("floor")
    if floor is None:
        log("bench: WARNING: the floor binary did not build; floor columns are left out")
        return None
    return Side("floor", [str(floor)])


def with_baseline(sides: list[Side], ratios: list[Ratio], args: list[str],
                  check: Check | None = None) -> None:
    """With BENCH_BASELINE_BIN set, adds that binary run with the same arguments as a side
    ("baseline", e.g. jwtctl before a change) and its ratios, measured in the same interleaved
    run as jwtctl: before and after from one run."""
    if not BASELINE:
        return
    sides.insert(1, Side("baseline", [BASELINE, *args], check))
    ratios.append(Ratio("jwtctl", "baseline"))
    for other in ("jwt-cli", "floor"):
        if any(s.name == other for s in sides):
            ratios.append(Ratio("baseline", other))


def version_case(floor: Side) -> SidesCase:
    sides = [Side("jwtctl", [JWTCTL, "--version"], mentions("jwtctl")), floor]
    ratios = [Ratio("jwtctl", "floor")]
    with_baseline(sides, ratios, ["--version"], mentions("jwtctl"))
    return SidesCase("jwtctl --version", sides, ratios, samples=400, minimum=50)


def group_floor() -> None:
    title = "floor: spawn time of a do-nothing Rust binary"
    floor = floor_side()
    if floor is None:
        return skip(title, "`cargo build` of bench/floor failed")
    true = shutil.which("true") or "/bin/true"
    compare_sides(title, [
        SidesCase("spawn", [floor, Side("/bin/true", [true])],
                  [Ratio("floor", "/bin/true")], samples=400, minimum=50),
        version_case(floor),
    ], note="bench/floor is `fn main() {}` built with jwtctl's release profile: the least any "
            "per-invocation figure can be here. /bin/true (C) is shown for reference. "
            "`jwtctl --version` is jwtctl's own start-up (loading a larger binary, argument "
            "parsing) with no JWT work: what every jwtctl figure pays over the floor.")


# jwt-cli wants -A EDDSA where JOSE says EdDSA.
ALGS = {
    "HS256": {"priv": KEYS / "hmac.secret", "pub": KEYS / "hmac.secret", "jwtcli": "HS256"},
    "RS256": {"priv": KEYS / "rsa.pkcs8.pem", "pub": KEYS / "rsa.spki.pem", "jwtcli": "RS256"},
    "ES256": {"priv": KEYS / "ec-p256.pkcs8.pem", "pub": KEYS / "ec-p256.spki.pem",
              "jwtcli": "ES256"},
    "EdDSA": {"priv": KEYS / "ed25519.pkcs8.pem", "pub": KEYS / "ed25519.spki.pem",
              "jwtcli": "EDDSA"},
}


def jwtctl_key_opts(alg: str, private: bool) -> list[str]:
    a = ALGS[alg]
    if alg == "HS256":
        return ["--secret", f"@{a['priv']}"]
    return ["--key", str(a["priv" if private else "pub"])]


# The per-invocation commands, shared with bench/link-order (which profiles exactly these).
SIGN_ALGS = ("HS256", "RS256", "ES256")
VERIFY_ALGS = ("RS256", "ES256", "EdDSA", "HS256")


def sign_argv(jwtctl: str, alg: str) -> list[str]:
    """`jwtctl sign` as the sign group runs it (HS256 with the secret as a literal)."""
    key = ["--secret", HS_SECRET] if alg == "HS256" else ["--key", str(ALGS[alg]["priv"])]
    return [jwtctl, "sign", *key, "--sub", "alice", "--exp", "15m"]


def decode_token() -> str:
    """The decode group's token: RS256 with iss, aud, sub, exp, iat, jti and two custom claims."""
    return mint_with_jwtctl("--key", str(ALGS["RS256"]["priv"]), "--iss",
                            "https://auth.example.com", "--aud", "api", "--sub", "alice",
                            "--exp", "1h", "--jti", "bench-1", "-c", "scope=read write",
                            "-c", "roles:=[\"admin\",\"dev\"]")


def verify_argv(alg: str) -> list[str]:
    """`jwtctl verify` as the verify group runs it, on a token minted for `alg`."""
    token = mint_with_jwtctl(*jwtctl_key_opts(alg, private=True), "--alg", alg,
                             "--iss", "https://auth.example.com", "--sub", "alice",
                             "--exp", "1h")
    return [JWTCTL, "verify", *jwtctl_key_opts(alg, private=False), token]


def sign_cases(jwtctl: str, jc: Path | None, floor: Side | None,
               samples: dict[str, int]) -> list[SidesCase]:
    cases = []
    for alg in SIGN_ALGS:
        sides = [Side("jwtctl", sign_argv(jwtctl, alg), is_token(alg))]
        if jc:
            secret = HS_SECRET if alg == "HS256" else f"@{ALGS[alg]['priv']}"
            sides.append(Side("jwt-cli", [str(jc), "encode", "-A", alg, "-S", secret,
                                          "--sub", "alice", "--exp=+15m"], is_token(alg)))
        if floor:
            sides.append(floor)
        ratios = [Ratio("jwtctl", "jwt-cli", 1.0),
                  Ratio("jwtctl", "floor", 1.5 if alg == "HS256" else None)]
        if jwtctl == JWTCTL:
            with_baseline(sides, ratios, sides[0].argv[1:], is_token(alg))
        cases.append(SidesCase(f"sign {alg}", sides, ratios, samples=samples[alg], minimum=30))
    return cases


def group_sign() -> None:
    title = "sign: jwtctl sign vs jwt encode (jwt-cli), per invocation"
    jc, floor = jwtcli(), floor_side()
    cases = sign_cases(JWTCTL, jc, floor, {"HS256": 300, "RS256": 150, "ES256": 150})
    compare_sides(title, cases, note=(
        "Same claims on both sides (sub, exp in 15 min, iat; typ JWT). Keys: "
        "tests/fixtures/keys/rsa.pkcs8.pem (RSA 2048), ec-p256.pkcs8.pem; jwt-cli reads them "
        "with -S @FILE. Goals: jwtctl ≤ jwt-cli everywhere; HS256 ≤ 1.5× the spawn floor. "
        "RS256 and ES256 draw randomness (RSA blinding, ECDSA nonce): see `bench/run jitter`."
        + ("" if jc else " jwt-cli SKIPPED (install failed).")))


def group_decode() -> None:
    title = "decode: jwtctl decode vs jwt decode (jwt-cli), per invocation"
    jc, floor = jwtcli(), floor_side()
    token = decode_token()
    cases = []
    for name, ours, theirs, check in (
            ("decode RS256 (text)", [], [], mentions("alice")),
            ("decode RS256 --json", ["--json"], ["-j"], json_mentions("alice"))):
        sides = [Side("jwtctl", [JWTCTL, "decode", *ours, token], check)]
        if jc:
            sides.append(Side("jwt-cli", [str(jc), "decode", *theirs, token], check))
        if floor:
            sides.append(floor)
        ratios = [Ratio("jwtctl", "jwt-cli", 1.0), Ratio("jwtctl", "floor", 1.5)]
        with_baseline(sides, ratios, ["decode", *ours, token], check)
        cases.append(SidesCase(name, sides, ratios, samples=300, minimum=30))
    compare_sides(title, cases, note=(
        "A typical RS256 token (iss, aud, sub, exp, iat, jti, two custom claims), printed "
        "without verification. Goals: jwtctl ≤ jwt-cli; jwtctl ≤ 1.5× the spawn floor."
        + ("" if jc else " jwt-cli SKIPPED (install failed).")))


def group_verify() -> None:
    title = "verify: jwtctl verify vs jwt decode --secret (jwt-cli), per invocation"
    if not jwtctl_has():
        return skip(title, f"`{JWTCTL} verify --help` fails: `jwtctl verify` has not landed")
    jc, floor = jwtcli(), floor_side()
    cases = []
    for alg in VERIFY_ALGS:
        ours = verify_argv(alg)
        token = ours[-1]
        sides = [Side("jwtctl", ours, mentions("alice"))]
        if jc:
            sides.append(Side("jwt-cli", [str(jc), "decode", "-S", f"@{ALGS[alg]['pub']}",
                                          "-A", ALGS[alg]["jwtcli"], token], mentions("alice")))
        if floor:
            sides.append(floor)
        # Issue 21: every per-invocation verify within 1.5x the floor, whatever the algorithm
        # (the signature check is tens of microseconds; signing RSA is not, so sign has it for
        # HS256 only).
        ratios = [Ratio("jwtctl", "jwt-cli", 1.0), Ratio("jwtctl", "floor", 1.5)]
        with_baseline(sides, ratios, sides[0].argv[1:], mentions("alice"))
        cases.append(SidesCase(f"verify {alg}", sides, ratios, samples=300, minimum=30))
    compare_sides(title, cases, note=(
        "Public keys: tests/fixtures/keys/{rsa,ec-p256,ed25519}.spki.pem and hmac.secret; "
        "jwt-cli validates the signature and exp when given -S. Exit 0 and the claims printed "
        "are checked on both sides. Goals: jwtctl ≤ jwt-cli; jwtctl ≤ 1.5× the spawn floor."
        + ("" if jc else " jwt-cli SKIPPED (install failed).")))


# ---------------------------------------------------------------- batch throughput

BATCH_ALGS = ("HS256", "RS256", "ES256", "EdDSA")
MINT_VERSION = "1"  # bump when the claims of minted tokens change


def batch_tokens(alg: str, n: int, node_dir: Path, ceiling: Path) -> Path | None:
    """N distinct valid tokens for alg, minted by node jose and cached under
    bench/target/batch until 2 days before they expire (exp = mint time + 30 days)."""
    out_dir = BT / "batch"
    out_dir.mkdir(parents=True, exist_ok=True)
    tokens, meta_path = out_dir / f"tokens-{alg}-{n}.txt", out_dir / f"tokens-{alg}-{n}.json"
    key_hash = hashlib.sha256(ALGS[alg]["priv"].read_bytes()).hexdigest()
    now = int(time.time())
    if tokens.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if (meta.get("key") == key_hash and meta.get("version") == MINT_VERSION
                and meta.get("exp", 0) > now + 2 * 86400):
            return tokens
    exp = now + 30 * 86400
    log(f"bench: minting {n} {alg} tokens with node jose -> {tokens} (cached) ...")
    t0 = time.perf_counter()
    r = subprocess.run(["node", "mint.mjs", alg, str(ALGS[alg]["priv"]), str(n), str(tokens),
                        str(exp)], cwd=node_dir, stdout=sys.stderr)
    if r.returncode != 0:
        log(f"bench: minting {alg} tokens failed (exit {r.returncode})")
        return None
    lines = tokens.read_text().split()
    if len(lines) != n or len(set(lines)) != n:
        log(f"bench: {tokens}: {len(lines)} lines, {len(set(lines))} distinct, expected {n}")
        return None
    # Every token must verify: the crypto ceiling checks all of them and exits 1 otherwise.
    r = subprocess.run([str(ceiling), "crypto", alg, str(ALGS[alg]["pub"]), str(tokens)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        log(f"bench: minted {alg} tokens do not all verify: {r.stdout.strip()} {r.stderr.strip()}")
        return None
    meta_path.write_text(json.dumps({"alg": alg, "n": n, "exp": exp, "key": key_hash,
                                     "version": MINT_VERSION}))
    log(f"bench: minted {n} {alg} tokens in {time.perf_counter() - t0:.1f}s")
    return tokens


def run_json(argv: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    r = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"`{' '.join(argv)}` exited {r.returncode}: "
                           f"{(r.stderr or r.stdout).strip()[:300]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def jwtctl_batch_argv(alg: str, binary: str | None = None) -> list[str]:
    return [binary or JWTCTL, "verify", "--batch", *jwtctl_key_opts(alg, private=False), "--json"]


def check_batch_output(alg: str, tokens: Path, n: int) -> str | None:
    """Run jwtctl verify --batch once, untimed, and check its output: exit 0 and
    one valid JSON envelope per token, in input order."""
    with open(tokens, "rb") as fin:
        r = subprocess.run(jwtctl_batch_argv(alg), stdin=fin, capture_output=True)
    if r.returncode != 0:
        return f"exit {r.returncode}: {r.stderr.decode(errors='replace').strip()[:300]}"
    lines = r.stdout.decode().splitlines()
    if len(lines) != n:
        return f"{len(lines)} output lines for {n} tokens"
    for i in (0, n // 2, n - 1):
        env = json.loads(lines[i])
        if env.get("valid") is not True or env.get("claims", {}).get("sub") != f"user-{i}":
            return f"line {i + 1} is not a valid envelope for user-{i}: {lines[i][:200]}"
    return None


def time_jwtctl_batch(alg: str, tokens: Path, n: int, binary: str | None = None) -> float:
    """tokens/s of one whole jwtctl process (spawn, key, reading, verifying, writing)."""
    out = BT / "batch" / "out.jsonl"
    with open(tokens, "rb") as fin, open(out, "wb") as fout:
        t0 = time.perf_counter()
        r = subprocess.run(jwtctl_batch_argv(alg, binary), stdin=fin, stdout=fout,
                           stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"jwtctl verify --batch ({alg}) exited {r.returncode} during timing")
    return n / dt


def time_jwtctl_batch_progress(alg: str, tokens: Path, n: int) -> float:
    """Like time_jwtctl_batch, with standard error on a pseudo-terminal, so that jwtctl draws
    its progress line; fails unless the line was drawn (and erased before the summary)."""
    import pty
    import threading
    out = BT / "batch" / "out-progress.jsonl"
    master, slave = pty.openpty()
    seen = bytearray()

    def drain() -> None:
        while True:
            try:
                block = os.read(master, 1 << 16)
            except OSError:  # EIO once the last writer has closed the terminal
                return
            if not block:
                return
            seen.extend(block)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        with open(tokens, "rb") as fin, open(out, "wb") as fout:
            t0 = time.perf_counter()
            r = subprocess.run(jwtctl_batch_argv(alg), stdin=fin, stdout=fout, stderr=slave)
            dt = time.perf_counter() - t0
    finally:
        os.close(slave)
        reader.join()
        os.close(master)
    if r.returncode != 0:
        raise RuntimeError(f"jwtctl verify --batch ({alg}, progress) exited {r.returncode}")
    text = seen.decode(errors="replace")
    if not text.rstrip().endswith(f"{n} valid, 0 rejected"):
        raise RuntimeError(f"no summary at the end of the terminal's text ({alg}): {text[-300:]!r}")
    # The line is first drawn 200 ms into a run (PROGRESS_INTERVAL in src/bin/jwtctl/terminal.rs):
    # a shorter run (HS256 on 100 000 tokens) has none to draw, and is timed all the same.
    if " tokens, " not in text and dt >= PROGRESS_FIRST_DRAW + 0.05:
        raise RuntimeError(f"no progress line on the terminal ({alg}): {text[-300:]!r}")
    return n / dt


# `openssl speed` names of the asymmetric algorithms; HS256 has no per-token counterpart there.
OPENSSL_SPEED = {"RS256": "rsa2048", "ES256": "ecdsap256", "EdDSA": "ed25519"}


def openssl_verify_rate(alg: str) -> float | None:
    """Verifications/s of `openssl speed -mr -multi CPUS -seconds S NAME`, summed over its
    processes (it times signing first, then verifying, S seconds each); None for HS256 or
    without openssl."""
    name, openssl = OPENSSL_SPEED.get(alg), shutil.which("openssl")
    if name is None or openssl is None:
        return None
    seconds = str(max(1, round(PEER_SECONDS)))
    r = subprocess.run([openssl, "speed", "-mr", "-multi", str(os.cpu_count() or 1),
                        "-seconds", seconds, name], capture_output=True, text=True)
    # The sum over the processes: "+F2:2:2048:SIGN/S:VERIFY/S" (no "Got: ... from N" prefix).
    total = [line for line in r.stdout.splitlines() if line.startswith("+F")]
    if r.returncode != 0 or not total:
        raise RuntimeError(f"`openssl speed {name}` exited {r.returncode}: {r.stderr.strip()[:300]}")
    return float(total[-1].split(":")[-1])


# When jwtctl first draws its progress line (PROGRESS_INTERVAL in src/bin/jwtctl/terminal.rs).
PROGRESS_FIRST_DRAW = 0.2


def first_line_latency(alg: str, tokens: Path) -> float:
    """Seconds from spawning `jwtctl verify --batch` on the whole file until its
    first output line (a valid envelope for line 1) can be read; the process is then killed."""
    with open(tokens, "rb") as fin:
        t0 = time.perf_counter()
        proc = subprocess.Popen(jwtctl_batch_argv(alg), stdin=fin, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        line = proc.stdout.readline()
        dt = time.perf_counter() - t0
        proc.kill()
        proc.wait()
        proc.stdout.close()
    env = json.loads(line) if line.strip() else {}
    if env.get("valid") is not True or env.get("line") not in (1, None):
        raise RuntimeError(f"first batch line ({alg}) is not a valid envelope for line 1: {line[:200]!r}")
    return dt


def jwtcli_rate(jc: Path, alg: str, tokens: Path, sample: int) -> float:
    """jwt-cli has no batch mode: one process per token on the first `sample` tokens."""
    toks = tokens.read_text().split()[:sample]
    argv = [str(jc), "decode", "-S", f"@{ALGS[alg]['pub']}", "-A", ALGS[alg]["jwtcli"]]
    t0 = time.perf_counter()
    for t in toks:
        r = subprocess.run([*argv, t], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError(f"jwt-cli rejected a {alg} token (exit {r.returncode})")
    return len(toks) / (time.perf_counter() - t0)


def fmt_rate(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def group_batch() -> None:
    title = f"batch: jwtctl verify --batch throughput, {BATCH_N} tokens per algorithm"
    if not jwtctl_has("--batch"):
        return skip(title, f"`{JWTCTL} verify --help` fails or has no --batch: "
                           "`jwtctl verify --batch` has not landed")
    ceiling = cargo_build_bench("ceiling")
    if ceiling is None:
        return skip(title, "`cargo build` of bench/ceiling failed (no crypto ceiling)")
    node_dir = node_peers()
    if node_dir is None:
        return skip(title, "the batch tokens are minted with node jose, and node peers are "
                           "not available")
    py_dir, jc = py_peers(), jwtcli()
    # Five rounds: the RS256 goal sits near its line, and one noisy round of three moves a median.
    reps = scaled(5, 3)
    latency_runs = scaled(20, 5)
    jc_sample = scaled(200, 50)
    py_env = {**os.environ, "PYTHONPATH": str(py_dir)} if py_dir else None

    # side name -> argv builder returning tokens/s (None: not applicable)
    def peers(alg: str, tokens: Path) -> dict[str, Callable[[], float | None]]:
        key, t = str(ALGS[alg]["pub"]), str(tokens)
        budget = str(PEER_SECONDS)
        # jwtctl, openssl speed and the ceiling run one after the other in each round, so that
        # the goals' ratios compare runs seconds apart (see the per-round rows).
        sides: dict[str, Callable[[], float | None]] = {
            "jwtctl": lambda: time_jwtctl_batch(alg, tokens, BATCH_N),
            "openssl speed": lambda: openssl_verify_rate(alg),
            "ceiling": lambda: run_json([str(ceiling), "crypto", alg, key, t])["tokens_per_s"],
            "jwtctl (progress)": lambda: time_jwtctl_batch_progress(alg, tokens, BATCH_N),
            "jsonwebtoken-rs": lambda: run_json(
                [str(ceiling), "jsonwebtoken", alg, key, t])["tokens_per_s"],
            "jose": lambda: run_json(["node", "verify-jose.mjs", alg, key, t, budget],
                                     cwd=node_dir)["tokens_per_s"],
            "jsonwebtoken-node": (lambda: None) if alg == "EdDSA" else lambda: run_json(
                ["node", "verify-jsonwebtoken.mjs", alg, key, t, budget],
                cwd=node_dir)["tokens_per_s"],
        }
        if BASELINE:
            sides["baseline"] = lambda: time_jwtctl_batch(alg, tokens, BATCH_N, BASELINE)
        if py_dir:
            sides["PyJWT"] = lambda: run_json(
                [sys.executable, str(BENCH / "peers" / "verify_pyjwt.py"), alg, key, t, budget],
                env=py_env)["tokens_per_s"]
        if jc:
            sides["jwt-cli"] = lambda: jwtcli_rate(jc, alg, tokens, jc_sample)
        return sides

    columns = ["jwtctl", "jwtctl (progress)", *(["baseline"] if BASELINE else []),
               "openssl speed", "ceiling", "jsonwebtoken-rs", "jose", "jsonwebtoken-node",
               "PyJWT", "jwt-cli"]
    openssl_version = subprocess.run(["openssl", "version"], capture_output=True,
                                     text=True).stdout.strip() if shutil.which("openssl") else ""
    rate_rows, ratio_rows, dist_rows, lat_rows = [], [], [], []
    all_met = True
    for alg in BATCH_ALGS:
        tokens = batch_tokens(alg, BATCH_N, node_dir, ceiling)
        if tokens is None:
            skip(f"batch {alg}", "minting or checking the token file failed (see stderr)")
            continue
        if why := check_batch_output(alg, tokens, BATCH_N):
            skip(f"batch {alg}", f"`jwtctl verify --batch` output is wrong: {why}")
            all_met = False
            continue
        sides = peers(alg, tokens)
        rates: dict[str, list[float]] = {k: [] for k in sides}
        rounds: list[dict[str, float]] = []
        log(f"bench: batch {alg}: {reps} interleaved rounds of {', '.join(sides)} ...")
        t0 = time.perf_counter()
        for _ in range(reps):
            this_round: dict[str, float] = {}
            for name, fn in sides.items():
                try:
                    x = fn()
                except RuntimeError as e:
                    log(f"bench: WARNING: batch {alg} {name}: {e}")
                    x = None
                if x is not None:
                    rates[name].append(x)
                    this_round[name] = x
            rounds.append(this_round)
        med = {k: statistics.median(v) for k, v in rates.items() if v}
        log(f"bench: batch {alg}: " + ", ".join(f"{k} {v:,.0f}/s" for k, v in med.items())
            + f" ({time.perf_counter() - t0:.1f}s)")
        rate_rows.append(f"| {alg} | " + " | ".join(fmt_rate(med.get(c)) for c in columns) + " |")
        for name, xs in rates.items():
            if xs:
                dist_rows.append(f"| {alg} | {name} | {len(xs)} | {fmt_rate(min(xs))} "
                                 f"| {fmt_rate(statistics.median(xs))} | {fmt_rate(max(xs))} |")
        if "jwtctl" in med:
            ours = med["jwtctl"]
            # HS256 has no openssl speed counterpart, and its ceiling (an HMAC, well under a
            # microsecond) measures jwtctl's JSON work rather than how near it is to the crypto:
            # its yardstick is jsonwebtoken-rs, the same per-token work (header and claims
            # parsed, exp checked, HMAC) timed in-process. bench/README.md, "Goals".
            symmetric = alg == "HS256"
            for other, goal in (("openssl speed", 0.8), ("ceiling", None if symmetric else 0.8),
                                ("jwtctl (progress)", None), ("baseline", None),
                                ("jsonwebtoken-rs", 0.8 if symmetric else None),
                                ("jose", 1.0), ("jsonwebtoken-node", 1.0), ("PyJWT", 1.0),
                                ("jwt-cli", 1.0)):
                if other not in med:
                    continue
                r = ours / med[other]
                if goal is None:
                    g, met = "—", "—"
                else:
                    ok = r >= goal
                    all_met &= ok
                    g, met = f"≥ {goal:.1f}", "yes" if ok else "**no**"
                ratio_rows.append(f"| {alg} | jwtctl / {other} | {r:.2f} | {g} | {met} |")
            # The goals' ratios round by round (information): how far this machine's noise
            # moves them, which the ratio of medians above smooths.
            for other in ("jsonwebtoken-rs",) if symmetric else ("openssl speed", "ceiling"):
                paired = [r["jwtctl"] / r[other] for r in rounds if "jwtctl" in r and other in r]
                if len(paired) > 1:
                    ratio_rows.append(f"| {alg} | jwtctl / {other}, per round (min–max) | "
                                      f"{min(paired):.2f}–{max(paired):.2f} | — | — |")
        if "baseline" in med and "openssl speed" in med:
            ratio_rows.append(f"| {alg} | baseline / openssl speed | "
                              f"{med['baseline'] / med['openssl speed']:.2f} | — | — |")
        # How aws-lc-rs's own loop compares with OpenSSL's on this CPU (information).
        if "ceiling" in med and "openssl speed" in med:
            ratio_rows.append(f"| {alg} | ceiling / openssl speed | "
                              f"{med['ceiling'] / med['openssl speed']:.2f} | — | — |")
        # Latency to the first valid output line.
        lats = []
        try:
            for _ in range(latency_runs):
                lats.append(first_line_latency(alg, tokens))
        except RuntimeError as e:
            log(f"bench: WARNING: batch {alg} first-line latency: {e}")
        if lats:
            m = statistics.median(lats)
            ok = m < 0.050
            all_met &= ok
            lat_rows.append(f"| {alg} | {len(lats)} | {ms(min(lats))} | {ms(m)} | {ms(p90(lats))} "
                            f"| < 50 | {'yes' if ok else '**no**'} |")

    print(f"\n## {title}\n")
    print("Median tokens/s (higher is better):\n")
    print("| alg | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    print("\n".join(rate_rows))
    print("\n| alg | ratio | value | goal | met? |")
    print("|---|---|---:|---|---|")
    print("\n".join(ratio_rows))
    print("\n| alg | side | runs | min (tokens/s) | median (tokens/s) | max (tokens/s) |")
    print("|---|---|---:|---:|---:|---:|")
    print("\n".join(dist_rows))
    print("\nFirst valid line out of `jwtctl verify --batch` (whole file on stdin, ms from spawn):\n")
    print("| alg | n | min (ms) | median (ms) | p90 (ms) | goal (ms) | met? |")
    print("|---|---:|---:|---:|---:|---|---|")
    print("\n".join(lat_rows))
    print(f"\n_jwtctl: whole process (spawn, key, read stdin, verify, write one JSON line per token "
          f"to a file) on {BATCH_N} tokens, {os.cpu_count()} CPUs; jwtctl (progress): the same "
          f"with standard error on a pseudo-terminal, so that the progress line is drawn (jwtctl / "
          f"jwtctl (progress) near 1.00: it costs nothing). openssl speed: verifications/s of "
          f"`openssl speed -multi {os.cpu_count()}` ({openssl_version}; rsa2048, ecdsap256, "
          f"ed25519), the fastest implementation on this CPU, the goal's yardstick for the "
          f"asymmetric algorithms. ceiling: bench/ceiling, "
          f"aws-lc-rs signature check only, all cores, timed in-process. jsonwebtoken-rs: "
          f"`jsonwebtoken::decode` per token on all cores (info only). jose, jsonwebtoken-node, "
          f"PyJWT: timed in-process after start-up, up to {PEER_SECONDS:g}s each (EdDSA: "
          f"jsonwebtoken 9 has none). jwt-cli: one process per token on {jc_sample} tokens. "
          f"Medians of {reps} interleaved rounds. Goals: jwtctl ≥ 0.8× openssl speed and "
          f"≥ 0.8× ceiling (RS256, ES256, EdDSA), ≥ 0.8× jsonwebtoken-rs (HS256), ≥ every peer, "
          f"first line < 50 ms. {'All met.' if all_met else 'Not all met.'}_")


# ---------------------------------------------------------------- batch memory

MEM_NORMAL_N = int(os.environ.get("BENCH_MEMORY_NORMAL_N", "1000000"))
MEM_MAX_N = int(os.environ.get("BENCH_MEMORY_MAX_N", "10000"))
MEM_LIMIT_MB = int(os.environ.get("BENCH_MEMORY_LIMIT_MB", "4096"))
BASELINE = os.environ.get("BENCH_BASELINE_BIN")  # e.g. the binary before a change
MAX_TOKEN_LEN = 1024 * 1024  # src/token.rs MAX_TOKEN_LEN
MAX_LINE = MAX_TOKEN_LEN + 4096  # src/batch.rs MAX_LINE


def b64url(data: bytes) -> str:
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_token(claims: dict, secret: bytes) -> str:
    import hmac
    head = b64url(b'{"alg":"HS256","typ":"JWT"}')
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(sig)}"


def normal_claims(i: int, now: int) -> dict:
    """A typical access token's claims: about 560 bytes once signed (HS256)."""
    return {"iss": "https://auth.example.com/realms/main", "sub": f"user-{i}",
            "aud": ["api", "web"], "exp": now + 30 * 86400, "iat": now, "nbf": now,
            "jti": f"{i:08d}-5f0c-4b8e-9d1a-{i:012d}", "scope": "openid profile email read write",
            "roles": ["user", "reader"], "email": f"user{i}@example.com",
            "name": f"User Number {i}", "tenant": "acme-corporation", "sid": f"s-{i * 7919:012d}"}


def memory_tokens(kind: str, n: int) -> Path | None:
    """Cached token files for the batch-memory group, reminted 2 days before they expire:
    `normal`: n distinct HS256 tokens minted here (stdlib hmac); `es256`: 1000 distinct ES256
    tokens minted by `jwtctl sign`, each repeated n / 1000 times."""
    out_dir = BT / "batch-memory"
    out_dir.mkdir(parents=True, exist_ok=True)
    path, meta_path = out_dir / f"{kind}-{n}.txt", out_dir / f"{kind}-{n}.json"
    now = int(time.time())
    if path.exists() and meta_path.exists():
        if json.loads(meta_path.read_text()).get("exp", 0) > now + 2 * 86400:
            return path
    log(f"bench: minting {n} {kind} tokens -> {path} (cached) ...")
    t0 = time.perf_counter()
    secret = (KEYS / "hmac.secret").read_bytes()
    with open(path, "w") as f:
        if kind == "normal":
            for i in range(n):
                f.write(hs256_token(normal_claims(i, now), secret) + "\n")
        else:
            distinct = []
            for i in range(min(n, 1000)):
                r = subprocess.run([JWTCTL, "sign", "--key", str(ALGS["ES256"]["priv"]),
                                    "--iss", "https://auth.example.com", "--sub", f"user-{i}",
                                    "--aud", "api", "--exp", "30d", "--jti", f"{i:08d}",
                                    "-c", "scope=openid profile email"],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    log(f"bench: jwtctl sign failed: {r.stderr.strip()}")
                    return None
                distinct.append(r.stdout.strip())
            for i in range(n):
                f.write(distinct[i % len(distinct)] + "\n")
    meta_path.write_text(json.dumps({"n": n, "exp": now + 30 * 86400}))
    log(f"bench: minted in {time.perf_counter() - t0:.1f}s")
    return path


def max_size_token(many_values: bool = False) -> str:
    """A valid HS256 token of exactly MAX_TOKEN_LEN bytes: claims padded with one string, or
    (many_values) with an array of about 390 000 zeros, the costliest claims to parse."""
    secret = (KEYS / "hmac.secret").read_bytes()
    now = int(time.time())
    if many_values:
        base = {"sub": "max", "exp": now + 86400, "a": []}
        room = (MAX_TOKEN_LEN - len(hs256_token(base, secret))) * 3 // 4
        base["a"] = [0] * ((room + 1) // 2)
        token = hs256_token(base, secret)
        while len(token) > MAX_TOKEN_LEN:
            base["a"].pop()
            token = hs256_token(base, secret)
        return token
    claims = {"sub": "max", "exp": now + 86400, "pad": ""}
    base = len(hs256_token(claims, secret))
    # Every 3 bytes of claims are 4 characters of token.
    claims["pad"] = "p" * ((MAX_TOKEN_LEN - base) * 3 // 4)
    token = hs256_token(claims, secret)
    while len(token) < MAX_TOKEN_LEN:
        claims["pad"] += "p"
        token = hs256_token(claims, secret)
    while len(token) > MAX_TOKEN_LEN:
        claims["pad"] = claims["pad"][:-1]
        token = hs256_token(claims, secret)
    return token


@dataclass
class MemRun:
    code: int | None  # exit status; None if killed by a signal
    signal: int | None
    wall: float  # seconds
    cpu: float  # user + system seconds of the process
    peak_rss_kib: int  # ru_maxrss of the process
    lines_out: int
    stderr: str


GNU_TIME = "/usr/bin/time"


def gnu_time() -> bool:
    r = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True) \
        if Path(GNU_TIME).is_file() else None
    return r is not None and "GNU" in (r.stdout + r.stderr)


def run_measured(argv: list[str], feed: Callable[[Callable[[bytes], None]], None]) -> MemRun:
    """Runs argv with `feed` writing its standard input through a pipe (so input size is not
    bounded by disk or by this process's memory) and its output counted, not kept. Peak RSS
    and CPU time come from GNU time, which forks the command and reads them with wait4(2):
    measured here, ru_maxrss would include this Python process's own RSS, copied into the
    child by fork and kept across exec. The address space is capped at BENCH_MEMORY_LIMIT_MB
    (inherited by the command), so a binary whose memory grows with its input fails here
    instead of taking the machine down."""
    import resource
    import tempfile
    import threading

    limit = MEM_LIMIT_MB * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    report = tempfile.NamedTemporaryFile(prefix="bench-time-", delete=False)
    report.close()
    t0 = time.perf_counter()
    proc = subprocess.Popen([GNU_TIME, "-o", report.name, "-f", "%M %U %S", *argv],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=cap)
    counted = {"lines": 0}
    err: list[bytes] = []

    def write() -> None:
        try:
            feed(proc.stdin.write)
        except (BrokenPipeError, OSError):
            pass  # the child died; its status says why
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def read() -> None:
        fd = proc.stdout.fileno()
        while chunk := os.read(fd, 1 << 20):
            counted["lines"] += chunk.count(b"\n")

    threads = [threading.Thread(target=write), threading.Thread(target=read),
               threading.Thread(target=lambda: err.append(proc.stderr.read()))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    proc.wait()
    wall = time.perf_counter() - t0
    lines = Path(report.name).read_text().splitlines()
    os.unlink(report.name)
    # "Command terminated by signal N" comes first when the command was killed.
    sig = next((int(line.split()[-1]) for line in lines if "terminated by signal" in line), None)
    rss, user, system = lines[-1].split()
    code = None if sig else proc.returncode
    return MemRun(code, sig, wall, float(user) + float(system), int(rss), counted["lines"],
                  b"".join(err).decode(errors="replace"))


def group_batch_memory() -> None:
    title = (f"batch-memory: peak RSS and throughput of jwtctl verify --batch "
             f"({MEM_NORMAL_N} ordinary tokens, {MEM_MAX_N} maximum-size lines)")
    if not jwtctl_has("--batch"):
        return skip(title, f"`{JWTCTL} verify --help` has no --batch")
    if not gnu_time():
        return skip(title, f"GNU time ({GNU_TIME}) is needed to measure peak RSS "
                           "(Debian/Ubuntu package `time`)")
    normal = memory_tokens("normal", MEM_NORMAL_N)
    es_n = max(1000, MEM_NORMAL_N // 10)
    es256 = memory_tokens("es256", es_n)
    if normal is None or es256 is None:
        return skip(title, "minting the token files failed (see stderr)")
    big = (max_size_token() + "\n").encode()
    zeros = (max_size_token(many_values=True) + "\n").encode()
    zeros_n = max(1, MEM_MAX_N // 10)
    junk = b"A" * MAX_LINE + b"\n"  # the longest line read; not a token (larger than 1 MiB)
    hs_key = ["--secret", f"@{KEYS / 'hmac.secret'}"]
    es_key = ["--key", str(ALGS["ES256"]["pub"])]
    reps = scaled(3, 1)

    def from_file(path: Path) -> Callable[[Callable[[bytes], None]], None]:
        def feed(write: Callable[[bytes], None]) -> None:
            with open(path, "rb") as f:
                while block := f.read(1 << 20):
                    write(block)
        return feed

    def repeated(line: bytes, n: int) -> Callable[[Callable[[bytes], None]], None]:
        def feed(write: Callable[[bytes], None]) -> None:
            per = max(1, (8 << 20) // len(line))  # about 8 MiB a write
            block = line * per
            done = 0
            while done < n:
                k = min(per, n - done)
                write(block if k == per else line * k)
                done += k
        return feed

    with open(normal, "rb") as f:
        normal_len = len(f.readline())
    # name, argv tail, feed, lines, expected exit, rounds, memory goal applies
    cases = [
        (f"{MEM_NORMAL_N} ordinary HS256 tokens (~{normal_len} B a line)",
         hs_key, from_file(normal), MEM_NORMAL_N, 0, reps, False),
        (f"{es_n} ordinary ES256 tokens", es_key, from_file(es256), es_n, 0, reps, False),
        (f"{MEM_MAX_N} valid tokens of 1 MiB (the token limit)", hs_key,
         repeated(big, MEM_MAX_N), MEM_MAX_N, 0, 1, True),
        (f"{MEM_MAX_N} lines of {MAX_LINE} B (the line limit; not tokens)", hs_key,
         repeated(junk, MEM_MAX_N), MEM_MAX_N, 1, 1, True),
        (f"{zeros_n} valid tokens of 1 MiB, claims of ~390 000 zeros (information: the "
         f"parse of one token)", hs_key, repeated(zeros, zeros_n), zeros_n, 0, 1, False),
    ]
    sides = [("jwtctl", JWTCTL)] + ([("baseline", BASELINE)] if BASELINE else [])
    cpus = os.cpu_count() or 1
    # Goal for maximum-size lines: a small multiple of the line limit per core, over a base.
    goal_kib = (8 * MAX_LINE * cpus + 32 * 1024 * 1024) // 1024
    rows, ratio_rows, all_met = [], [], True
    for name, key, feed, n, want, rounds, bounded in cases:
        medians = {}
        for side, binary in sides:
            argv = [binary, "verify", "--batch", "--json", *key]
            runs = []
            for _ in range(rounds):
                log(f"bench: batch-memory: {name}: {side} ...")
                r = run_measured(argv, feed)
                runs.append(r)
                log(f"bench: batch-memory: {name}: {side}: exit {r.code} signal {r.signal}, "
                    f"{r.wall:.2f}s, CPU {r.cpu:.2f}s, peak RSS {r.peak_rss_kib / 1024:.1f} MiB")
                if r.code != want:
                    break
            last = runs[-1]
            ok_run = last.code == want and last.lines_out == n
            if last.code is None or (last.code not in (0, 1)):
                verdict = (f"**failed** ({'signal ' + str(last.signal) if last.signal else 'exit ' + str(last.code)}"
                           f"; address space capped at {MEM_LIMIT_MB} MiB)")
            elif not ok_run:
                verdict = f"**wrong**: exit {last.code}, {last.lines_out} lines out"
            else:
                verdict = "ok"
            peak = max(r.peak_rss_kib for r in runs)
            walls = [r.wall for r in runs if r.code == want]
            wall = statistics.median(walls) if walls else None
            cpu = statistics.median([r.cpu for r in runs if r.code == want] or [runs[-1].cpu])
            rate = n / wall if wall and ok_run else None
            medians[side] = rate
            goal = ""
            if bounded:
                met = ok_run and peak <= goal_kib
                if side == "jwtctl":
                    all_met &= met
                goal = f"≤ {goal_kib / 1024:.0f} MiB: {'yes' if met else '**no**'}"
            rows.append(f"| {name} | {side} | {verdict} | {'—' if wall is None else f'{wall:.2f}'} "
                        f"| {cpu:.2f} | {fmt_rate(rate)} | {peak / 1024:.1f} | {goal} |")
        if BASELINE and medians.get("jwtctl") and medians.get("baseline"):
            ratio_rows.append(f"| {name} | {medians['jwtctl'] / medians['baseline']:.2f} |")
    print(f"\n## {title}\n")
    print("| input | binary | result | wall (s, median) | CPU (s, median) | lines/s | peak RSS (MiB) "
          "| goal |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    if ratio_rows:
        print("\n| input | lines/s jwtctl / baseline |")
        print("|---|---:|")
        print("\n".join(ratio_rows))
    print(f"\n_`jwtctl verify --batch --json` with standard input fed through a pipe and standard "
          f"output counted (not stored); peak RSS and CPU time by GNU time; address space capped at "
          f"{MEM_LIMIT_MB} MiB (BENCH_MEMORY_LIMIT_MB). jwtctl: `{JWTCTL}`"
          + (f"; baseline: `{BASELINE}`" if BASELINE else "")
          + f". {cpus} CPUs. Ordinary tokens: medians of {reps} rounds. Goal: maximum-size lines "
          f"peak under 8 × the line limit × CPUs + 32 MiB. {'Met.' if all_met else 'Not met.'} "
          f"The last case has no goal: a claims set of many small values takes about 30 times "
          f"its size while one token is parsed (serde_json values), per thread at work, "
          f"whatever the batch limits._")


# ---------------------------------------------------------------- jitter entropy (extra)


def build_jitter_variant(name: str, no_jitter: bool) -> Path | None:
    target = BT / name
    env = {k: v for k, v in os.environ.items() if k != "AWS_LC_SYS_NO_JITTER_ENTROPY"}
    if no_jitter:
        env["AWS_LC_SYS_NO_JITTER_ENTROPY"] = "1"
    log(f"bench: cargo build --release --target-dir {target}"
        f"{' with AWS_LC_SYS_NO_JITTER_ENTROPY=1' if no_jitter else ''} (slow the first time)")
    r = subprocess.run(["cargo", "build", "--release", "--target-dir", str(target)], cwd=ROOT,
                       stdout=sys.stderr, env=env)
    binary = target / "release" / "jwtctl"
    return binary if r.returncode == 0 and binary.is_file() else None


def group_jitter() -> None:
    title = "jitter: aws-lc-sys CPU-jitter entropy on vs off (AWS_LC_SYS_NO_JITTER_ENTROPY=1)"
    on = build_jitter_variant("jitter-on", no_jitter=False)
    off = build_jitter_variant("jitter-off", no_jitter=True)
    if on is None or off is None:
        return skip(title, "one of the two release builds failed (see stderr)")
    # Evidence that the switch took: jitterentropy's objects are built only with jitter on.
    linked = {name: sum(1 for _ in (BT / name / "release" / "build").glob(
        "aws-lc-sys-*/out/**/*jitterentropy*.o")) for name in ("jitter-on", "jitter-off")}
    log(f"bench: jitterentropy object files built: {linked}")
    if not (linked["jitter-on"] > 0 and linked["jitter-off"] == 0):
        log("bench: WARNING: jitterentropy objects are not where expected; the two builds "
            "may not differ as intended")
    floor, jc = floor_side(), jwtcli()
    cases = []
    work = [
        ("sign ES256", ["sign", "--key", str(ALGS["ES256"]["priv"]), "--sub", "alice",
                        "--exp", "15m"], is_token("ES256"), 150),
        ("sign RS256", ["sign", "--key", str(ALGS["RS256"]["priv"]), "--sub", "alice",
                        "--exp", "15m"], is_token("RS256"), 150),
        ("keygen ES256", ["keygen", "--alg", "ES256"], mentions("PRIVATE KEY"), 150),
        ("sign HS256 (control)", ["sign", "--secret", HS_SECRET, "--sub", "alice", "--exp", "15m"],
         is_token("HS256"), 300),
    ]
    for name, args, check, samples in work:
        sides = [Side("jitter on", [str(on), *args], check),
                 Side("jitter off", [str(off), *args], check)]
        if jc and args[0] == "sign":
            alg = name.split()[1]
            secret = HS_SECRET if alg == "HS256" else f"@{ALGS[alg]['priv']}"
            sides.append(Side("jwt-cli", [str(jc), "encode", "-A", alg, "-S", secret,
                                          "--sub", "alice", "--exp=+15m"], check))
        if floor:
            sides.append(floor)
        cases.append(SidesCase(name, sides, [Ratio("jitter off", "jitter on"),
                                             Ratio("jitter on", "floor"),
                                             Ratio("jitter off", "floor"),
                                             Ratio("jitter on", "jwt-cli"),
                                             Ratio("jitter off", "jwt-cli")],
                               samples=samples, minimum=30))
    compare_sides(title, cases, note=(
        "Both binaries are built from the same source and profile into bench/target/jitter-on "
        "and bench/target/jitter-off; only AWS_LC_SYS_NO_JITTER_ENTROPY differs. Randomness is "
        "drawn by ECDSA nonces, RSA blinding and key generation; HS256 draws none (control). "
        "jwt-cli (ring, OS randomness) shows where the sign goal (≤ jwt-cli) stands either way. "
        f"jitterentropy object files built: on {linked['jitter-on']}, off {linked['jitter-off']}. "
        "See bench/README.md for what each build uses as its entropy source."))


def group_build_time() -> None:
    """Clean release build in a throwaway target dir, so target/ is untouched."""
    target = Path("/tmp/jwtctl-bench-target")
    shutil.rmtree(target, ignore_errors=True)
    log(f"bench: clean cargo build --release into {target} ...")
    t0 = time.perf_counter()
    r = subprocess.run(["cargo", "build", "--release"], cwd=ROOT, stdout=sys.stderr,
                       env={**os.environ, "CARGO_TARGET_DIR": str(target)})
    dt = time.perf_counter() - t0
    shutil.rmtree(target, ignore_errors=True)  # a release target dir is hundreds of MB
    if r.returncode != 0:
        sys.exit(f"bench: clean build failed (exit {r.returncode})")
    print(f"\n## Clean release build\n\n| build | wall time (s) |\n|---|---:|\n"
          f"| `cargo build --release` (clean, {os.cpu_count()} CPUs) | {dt:.1f} |")


GROUPS = {  # run by default, in this order
    "floor": group_floor,
    "keygen": group_keygen,
    "sign": group_sign,
    "decode": group_decode,
    "verify": group_verify,
    "batch": group_batch,
}
EXTRAS = {  # slow; only when named
    "batch-memory": group_batch_memory,
    "jitter": group_jitter,
    "build-time": group_build_time,
}


def main(argv: list[str]) -> int:
    names = argv or list(GROUPS)
    unknown = [n for n in names if n not in GROUPS and n not in EXTRAS]
    if unknown:
        log(f"usage: bench/run [{' | '.join([*GROUPS, *EXTRAS])}] ...\n"
            f"unknown group: {', '.join(unknown)}")
        return 2
    if not Path(JWTCTL).is_file():
        log(f"bench: no binary at {JWTCTL} (build failed? set JWTCTL_BIN to override)")
        return 1

    print("# jwtctl benchmarks")
    binary_size()
    for name in names:
        (GROUPS | EXTRAS)[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
