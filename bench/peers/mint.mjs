// Mints N distinct, valid tokens with jose (one per line), for the batch group.
//   node mint.mjs ALG KEY N OUT EXP
// ALG: HS256 (KEY = raw secret file), RS256, ES256 or EdDSA (KEY = PKCS#8 PEM).
// Claims: sub "user-I", jti "I", iat now, exp EXP (Unix seconds). bench.py copies this file
// next to bench/target/node/node_modules before running it.
import { readFileSync, writeFileSync } from "node:fs";
import { SignJWT, importPKCS8 } from "jose";

const [alg, keyPath, nStr, out, expStr] = process.argv.slice(2);
const n = Number(nStr), exp = Number(expStr);
const raw = readFileSync(keyPath);
const key = alg === "HS256" ? new Uint8Array(raw) : await importPKCS8(raw.toString("utf8"), alg);
const iat = Math.floor(Date.now() / 1000);
const tokens = new Array(n);
const WINDOW = 256; // concurrent signatures: WebCrypto runs them on libuv's thread pool
for (let start = 0; start < n; start += WINDOW) {
  const jobs = [];
  for (let i = start; i < Math.min(n, start + WINDOW); i++) {
    jobs.push(new SignJWT({ sub: `user-${i}`, jti: String(i) })
      .setProtectedHeader({ alg, typ: "JWT" })
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key)
      .then((t) => { tokens[i] = t; }));
  }
  await Promise.all(jobs);
}
writeFileSync(out, tokens.join("\n") + "\n");
