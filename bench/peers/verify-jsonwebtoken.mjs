// Batch peer: jsonwebtoken (auth0) jwt.verify (synchronous) in a loop over a file of tokens.
//   node verify-jsonwebtoken.mjs ALG KEY TOKENS BUDGET_S
// KEY: raw secret file for HS256, else SPKI PEM; either made a KeyObject once. jsonwebtoken 9 has
// no EdDSA: that case exits 3. Same output and budget rules as verify-jose.mjs.
import { readFileSync } from "node:fs";
import { createPublicKey, createSecretKey } from "node:crypto";
import jwt from "jsonwebtoken";

const [alg, keyPath, tokensPath, budgetStr] = process.argv.slice(2);
if (alg === "EdDSA") {
  console.error("jsonwebtoken 9 does not support EdDSA");
  process.exit(3);
}
const budget = Number(budgetStr) * 1000;
const raw = readFileSync(keyPath);
const key = alg === "HS256" ? createSecretKey(raw) : createPublicKey(raw);
const tokens = readFileSync(tokensPath, "utf8").split("\n").filter((l) => l.length > 0);
const opts = { algorithms: [alg] };
let done = 0, failed = 0;
const t0 = performance.now();
while (done < tokens.length) {
  if ((done & 255) === 0 && performance.now() - t0 >= budget) break;
  try {
    const claims = jwt.verify(tokens[done], key, opts);
    if (typeof claims.exp !== "number") failed++; // exp required, as jwtctl requires it
  } catch {
    failed++;
  }
  done++;
}
const secs = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ peer: "jsonwebtoken", alg, tokens: done, failed, seconds: secs, tokens_per_s: done / secs }));
process.exit(failed ? 1 : 0);
