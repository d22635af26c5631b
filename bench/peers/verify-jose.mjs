// Batch peer: jose (panva) jwtVerify over a file of tokens, WINDOW promises in flight.
//   node verify-jose.mjs ALG KEY TOKENS BUDGET_S
// KEY: raw secret file for HS256, else SPKI PEM; either is imported once. exp is required, as jwtctl
// requires it. Stops after BUDGET_S seconds if not done; prints one JSON line with the rate
// over the tokens it verified (timed after the key import and file read).
import { readFileSync } from "node:fs";
import { jwtVerify, importSPKI } from "jose";

const [alg, keyPath, tokensPath, budgetStr] = process.argv.slice(2);
const budget = Number(budgetStr) * 1000;
const raw = readFileSync(keyPath);
// HS256: a CryptoKey imported once (given raw bytes, jose would import it on every call).
const key = alg === "HS256"
  ? await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"])
  : await importSPKI(raw.toString("utf8"), alg);
const tokens = readFileSync(tokensPath, "utf8").split("\n").filter((l) => l.length > 0);
const opts = { algorithms: [alg], requiredClaims: ["exp"] };
const WINDOW = 256;
let done = 0, failed = 0;
const t0 = performance.now();
while (done < tokens.length && performance.now() - t0 < budget) {
  const end = Math.min(tokens.length, done + WINDOW);
  const jobs = [];
  for (let i = done; i < end; i++) {
    jobs.push(jwtVerify(tokens[i], key, opts).then(() => {}, () => { failed++; }));
  }
  await Promise.all(jobs);
  done = end;
}
const secs = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ peer: "jose", alg, tokens: done, failed, seconds: secs, tokens_per_s: done / secs }));
process.exit(failed ? 1 : 0);
