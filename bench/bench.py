#!/usr/bin/env python3
"""jwtctl benchmark harness (Python 3.11 stdlib only). Run through bench/run.

Each group is a function in GROUPS; most build a list of Case and hand it to
compare(), which times both sides interleaved and prints a Markdown ratio table.
Results go to stdout as Markdown; progress and warnings go to stderr.

Environment:
  JWTCTL_BIN           binary to benchmark (default: target/release/jwtctl)
  BENCH_SAMPLES_SCALE  multiplier for per-case sample counts (default 1.0)
  BENCH_QUICK=1        let the scale go below the per-case minimums
"""

import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JWTCTL = os.environ.get("JWTCTL_BIN") or str(ROOT / "target" / "release" / "jwtctl")
SCALE = float(os.environ.get("BENCH_SAMPLES_SCALE", "1"))
QUICK = os.environ.get("BENCH_QUICK") == "1"


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
    n = max(1, round(case.samples * SCALE))
    return n if QUICK else max(n, case.minimum)


def check_runs(argv: list[str]) -> None:
    """Untimed warm-up run: fills the page cache and fails loudly, with the
    command's stderr, if the command does not work at all."""
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"bench: `{' '.join(argv)}` exited {r.returncode}:\n{r.stderr.strip()}")


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


def interleaved(cmds: list[list[str]], n: int) -> list[list[float]]:
    """Run the commands round-robin n times each, so machine noise (other
    load, frequency scaling) hits every side alike. Returns seconds per command."""
    for argv in cmds:
        check_runs(argv)
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
    log(f"bench: WARNING: skipping {title}: {why}")
    print(f"\n## {title}\n\n_skipped: {why}_")


def binary_size() -> None:
    size = Path(JWTCTL).stat().st_size
    print("\n## Binary\n")
    print("| binary | size (bytes) | size (MiB) |")
    print("|---|---:|---:|")
    print(f"| `{JWTCTL}` | {size} | {size / 2**20:.2f} |")


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


# Later: group_sign_decode (vs jwt-cli, via compare()) and group_verify_batch
# (throughput of `verify --batch`, via interleaved()).


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


GROUPS = {"keygen": group_keygen}  # run by default, in this order
EXTRAS = {"build-time": group_build_time}  # slow; only when named


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
