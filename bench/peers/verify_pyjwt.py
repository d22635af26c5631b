"""Batch peer: PyJWT (with cryptography) jwt.decode in a loop over a file of tokens.

    PYTHONPATH=bench/target/py python3 verify_pyjwt.py ALG KEY TOKENS BUDGET_S

KEY: raw secret file for HS256, else SPKI PEM (loaded once into a cryptography key object).
exp is required, as jwtctl requires it. Stops after BUDGET_S seconds if not done; prints one
JSON line with the rate over the tokens it verified (timed after the key load and file read).
"""

import json
import sys
import time

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key


def main() -> int:
    alg, key_path, tokens_path, budget = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    raw = open(key_path, "rb").read()
    key = raw if alg == "HS256" else load_pem_public_key(raw)
    tokens = [t for t in open(tokens_path).read().split("\n") if t]
    decoder = jwt.PyJWT(options={"require": ["exp"]})
    done = failed = 0
    t0 = time.perf_counter()
    while done < len(tokens):
        if done & 255 == 0 and time.perf_counter() - t0 >= budget:
            break
        try:
            decoder.decode(tokens[done], key, algorithms=[alg])
        except jwt.PyJWTError:
            failed += 1
        done += 1
    secs = time.perf_counter() - t0
    print(json.dumps({"peer": "pyjwt", "alg": alg, "tokens": done, "failed": failed,
                      "seconds": secs, "tokens_per_s": done / secs}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
