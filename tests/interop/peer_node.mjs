#!/usr/bin/env node
// Node peer of the jwtctl interoperability suite (see README.md beside this file).
//
// Libraries: jose (panva; JWS, keys, JWKS and JWE), jsonwebtoken (auth0) with keys from
// node:crypto, express + express-jwt + jwks-rsa for the API scenario, and for DPoP panva's dpop
// (proofs) and oidc-provider (an authorization server; with oauth4webapi as its client for
// `verify --issuer`); for SD-JWT @sd-jwt/core with @sd-jwt/crypto-nodejs. They are resolved from
// INTEROP_NODE_DIR (the folder `run` installed them into), not from a node_modules next to this
// file.
//
// Usage: node peer_node.mjs JOBS.json RESULTS.json|-
// JOBS.json is a list of {id, op, ...}; RESULTS gets {id: {ok, error?, unsupported?, ...}}.
// Key files are described as {path, fmt} with fmt one of: pem (any PEM: PKCS#8, SPKI, PKCS#1,
// SEC1, certificate), jwk, secret (raw HMAC or AES key bytes), der-spki, der-pkcs8, der-pkcs1,
// der-pkcs1-public, der-sec1, password (a PBES2 password, raw bytes; JWE only).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const nodeDir = process.env.INTEROP_NODE_DIR;
if (!nodeDir) {
  console.error('peer_node: INTEROP_NODE_DIR is not set (tests/interop/run sets it)');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(nodeDir), 'package.json'));
const jose = await import(pathToFileURL(require.resolve('jose')).href);
const jsonwebtoken = require('jsonwebtoken');

class Unsupported extends Error {}

const CURVE = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
const HASH_BYTES = { HS256: 32, HS384: 48, HS512: 64 };
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const isHmac = (alg) => alg.startsWith('HS');

function write(file, data, mode = 0o644) {
  fs.writeFileSync(file, data, { mode });
  return file;
}
const writeJson = (file, obj, mode) => write(file, JSON.stringify(obj, null, 2) + '\n', mode);
const readText = (desc) => fs.readFileSync(desc.path, 'utf8');
const readJson = (desc) => JSON.parse(readText(desc));

function publicJwk(jwk) {
  const out = { ...jwk };
  if (out.kty !== 'oct') for (const m of PRIVATE_MEMBERS) delete out[m];
  return out;
}

// --- key loading -------------------------------------------------------------------------------

// A node:crypto KeyObject from any key file (what jsonwebtoken users do with JWKs and DER).
function nodeKey(desc, want) {
  const data = fs.readFileSync(desc.path);
  if (desc.fmt === 'secret') return crypto.createSecretKey(data);
  if (desc.fmt === 'jwk') {
    const jwk = JSON.parse(data.toString('utf8'));
    if (jwk.kty === 'oct') return crypto.createSecretKey(Buffer.from(jwk.k, 'base64url'));
    if (want === 'private') return crypto.createPrivateKey({ key: jwk, format: 'jwk' });
    return crypto.createPublicKey({ key: publicJwk(jwk), format: 'jwk' });
  }
  if (desc.fmt === 'pem') {
    const text = data.toString('utf8');
    if (want === 'private') return crypto.createPrivateKey(text);
    return crypto.createPublicKey(text);
  }
  if (desc.fmt.startsWith('der-')) {
    const kind = desc.fmt.slice(4);
    if (kind === 'spki') return crypto.createPublicKey({ key: data, format: 'der', type: 'spki' });
    if (kind === 'pkcs1-public') return crypto.createPublicKey({ key: data, format: 'der', type: 'pkcs1' });
    const spec = { key: data, format: 'der', type: kind };
    return want === 'private' ? crypto.createPrivateKey(spec) : crypto.createPublicKey(spec);
  }
  throw new Error(`unknown key format ${desc.fmt}`);
}

// A jose key: through jose's own importers where jose has one for the format (PKCS#8, SPKI,
// X.509, JWK, raw secret), else a node:crypto KeyObject (which jose accepts on Node).
async function joseKey(desc, alg, want, extractable = false) {
  if (desc.fmt === 'secret') return new Uint8Array(fs.readFileSync(desc.path));
  if (desc.fmt === 'jwk') {
    const jwk = readJson(desc);
    return jose.importJWK(want === 'private' ? jwk : publicJwk(jwk), alg, { extractable });
  }
  if (desc.fmt === 'pem') {
    const text = readText(desc);
    if (want === 'private' && text.includes('-----BEGIN PRIVATE KEY-----'))
      return jose.importPKCS8(text, alg, { extractable });
    if (want === 'public' && text.includes('-----BEGIN PUBLIC KEY-----'))
      return jose.importSPKI(text, alg, { extractable });
    if (want === 'public' && text.includes('-----BEGIN CERTIFICATE-----'))
      return jose.importX509(text, alg, { extractable });
  }
  return nodeKey(desc, want);
}

// What a jsonwebtoken user passes: the PEM text itself, a Buffer secret, or a KeyObject.
function jwtKey(desc, want) {
  if (desc.fmt === 'secret') return fs.readFileSync(desc.path);
  if (desc.fmt === 'pem') {
    const text = readText(desc);
    if (want === 'public' && text.includes('PRIVATE KEY')) return crypto.createPublicKey(text);
    return text;
  }
  return nodeKey(desc, want);
}

// --- operations --------------------------------------------------------------------------------

function keyFile(label, file, fmt, isPrivate) {
  return { label, path: file, fmt, private: isPrivate };
}

async function gen({ lib, alg, dir, name }) {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, name);
  if (isHmac(alg)) {
    let secret;
    let jwk;
    if (lib === 'jose') {
      jwk = await jose.exportJWK(await jose.generateSecret(alg, { extractable: true }));
      secret = Buffer.from(jwk.k, 'base64url');
    } else {
      secret = crypto.randomBytes(HASH_BYTES[alg]);
      jwk = crypto.createSecretKey(secret).export({ format: 'jwk' });
    }
    const s = keyFile('raw secret', write(`${base}.secret`, secret, 0o600), 'secret', true);
    const j = keyFile('oct JWK', writeJson(`${base}.jwk`, jwk, 0o600), 'jwk', true);
    return { files: [s, j], roles: { sign: s, pub_pem: s, pub_jwk: j } };
  }
  if (lib === 'jose') {
    const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
    const files = [
      keyFile('PKCS#8 PEM', write(`${base}.pkcs8.pem`, await jose.exportPKCS8(privateKey), 0o600), 'pem', true),
      keyFile('SPKI PEM', write(`${base}.spki.pem`, await jose.exportSPKI(publicKey)), 'pem', false),
      keyFile('JWK private', writeJson(`${base}.jwk`, await jose.exportJWK(privateKey), 0o600), 'jwk', true),
      keyFile('JWK public', writeJson(`${base}.pub.jwk`, await jose.exportJWK(publicKey)), 'jwk', false),
    ];
    return { files, roles: { sign: files[0], pub_pem: files[1], pub_jwk: files[3] } };
  }
  if (lib !== 'node') throw new Error(`gen: unknown lib ${lib}`);
  // node:crypto, where jsonwebtoken users get their keys; the traditional encodings first.
  let kp;
  if (/^(RS|PS)/.test(alg)) kp = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  else if (alg.startsWith('ES')) kp = crypto.generateKeyPairSync('ec', { namedCurve: CURVE[alg] });
  else kp = crypto.generateKeyPairSync('ed25519');
  const { privateKey, publicKey } = kp;
  const type = privateKey.asymmetricKeyType;
  const files = [];
  const pem = (t, pub = false) => (pub ? publicKey : privateKey).export({ type: t, format: 'pem' });
  const der = (t, pub = false) => (pub ? publicKey : privateKey).export({ type: t, format: 'der' });
  if (type === 'rsa') {
    files.push(keyFile('PKCS#1 PEM', write(`${base}.pkcs1.pem`, pem('pkcs1'), 0o600), 'pem', true));
  } else if (type === 'ec') {
    files.push(keyFile('SEC1 PEM', write(`${base}.sec1.pem`, pem('sec1'), 0o600), 'pem', true));
  } else {
    files.push(keyFile('PKCS#8 PEM', write(`${base}.pkcs8.pem`, pem('pkcs8'), 0o600), 'pem', true));
  }
  files.push(keyFile('SPKI PEM', write(`${base}.spki.pem`, pem('spki', true)), 'pem', false));
  files.push(keyFile('JWK private', writeJson(`${base}.jwk`, privateKey.export({ format: 'jwk' }), 0o600), 'jwk', true));
  files.push(keyFile('JWK public', writeJson(`${base}.pub.jwk`, publicKey.export({ format: 'jwk' })), 'jwk', false));
  const roles = { sign: files[0], pub_pem: files[1], pub_jwk: files[3] };
  if (type === 'rsa') {
    files.push(keyFile('PKCS#8 PEM', write(`${base}.pkcs8.pem`, pem('pkcs8'), 0o600), 'pem', true));
    files.push(keyFile('PKCS#1 public PEM', write(`${base}.pkcs1.pub.pem`, pem('pkcs1', true)), 'pem', false));
    files.push(keyFile('PKCS#1 DER', write(`${base}.pkcs1.der`, der('pkcs1'), 0o600), 'der-pkcs1', true));
  } else if (type === 'ec') {
    files.push(keyFile('PKCS#8 PEM', write(`${base}.pkcs8.pem`, pem('pkcs8'), 0o600), 'pem', true));
    files.push(keyFile('SEC1 DER', write(`${base}.sec1.der`, der('sec1'), 0o600), 'der-sec1', true));
  }
  files.push(keyFile('PKCS#8 DER', write(`${base}.pkcs8.der`, der('pkcs8'), 0o600), 'der-pkcs8', true));
  files.push(keyFile('SPKI DER', write(`${base}.spki.der`, der('spki', true)), 'der-spki', false));
  return { files, roles };
}

async function sign({ lib, alg, key, claims, kid }) {
  if (lib === 'jose') {
    const k = await joseKey(key, alg, 'private');
    const header = { alg, typ: 'JWT' };
    if (kid) header.kid = kid;
    return { token: await new jose.SignJWT(claims).setProtectedHeader(header).sign(k) };
  }
  if (lib === 'jsonwebtoken') {
    if (alg === 'EdDSA') throw new Unsupported('jsonwebtoken v9 has no EdDSA');
    const options = { algorithm: alg };
    if (kid) options.keyid = kid;
    return { token: jsonwebtoken.sign(claims, jwtKey(key, 'private'), options) };
  }
  throw new Error(`sign: unknown lib ${lib}`);
}

function checkClaims(claims, expect) {
  for (const [name, value] of Object.entries(expect.claims || {})) {
    if (JSON.stringify(claims[name]) !== JSON.stringify(value))
      throw new Error(`claim ${name} is ${JSON.stringify(claims[name])}, expected ${JSON.stringify(value)}`);
  }
}

async function verify({ lib, alg, key, token, expect }) {
  let claims;
  if (lib === 'jose') {
    const k = await joseKey(key, alg, 'public');
    ({ payload: claims } = await jose.jwtVerify(token, k, {
      algorithms: [alg],
      issuer: expect.iss,
      audience: expect.aud,
      requiredClaims: ['exp'],
    }));
  } else if (lib === 'jsonwebtoken') {
    if (alg === 'EdDSA') throw new Unsupported('jsonwebtoken v9 has no EdDSA');
    claims = jsonwebtoken.verify(token, jwtKey(key, 'public'), {
      algorithms: [alg],
      issuer: expect.iss,
      audience: expect.aud,
    });
    if (claims.exp === undefined) throw new Error('token has no exp');
  } else {
    throw new Error(`verify: unknown lib ${lib}`);
  }
  checkClaims(claims, expect);
  return { claims };
}

// jose's RFC 7638 thumbprint of any key file: jose's importers where they exist, else the JWK
// node:crypto exports for the key.
async function thumb({ key, alg }) {
  let jwk;
  let via = 'jose';
  if (key.fmt === 'jwk') jwk = readJson(key);
  else if (key.fmt === 'secret') jwk = { kty: 'oct', k: fs.readFileSync(key.path).toString('base64url') };
  else {
    const text = key.fmt === 'pem' ? readText(key) : '';
    if (/-----BEGIN (PRIVATE KEY|PUBLIC KEY|CERTIFICATE)-----/.test(text)) {
      const want = text.includes('PRIVATE KEY') ? 'private' : 'public';
      jwk = await jose.exportJWK(await joseKey(key, alg, want, true));
    } else {
      jwk = nodeKey(key, 'public').export({ format: 'jwk' });
      via = 'node:crypto export + jose';
    }
  }
  return { thumbprint: await jose.calculateJwkThumbprint(jwk, 'sha256'), via };
}

// A key pair loads: sign with the private key, verify with the public one, and (jose) the
// thumbprint jose computes for the public key.
async function roundtrip({ lib, alg, priv, pub, claims, expect }) {
  const { token } = await sign({ lib, alg, key: priv, claims });
  await verify({ lib, alg, key: pub, token, expect });
  const out = { token };
  if (lib === 'jose') out.thumbprint = (await thumb({ key: pub, alg })).thumbprint;
  return out;
}

async function verifyWithSet(getKey, cases) {
  const results = {};
  for (const c of cases) {
    try {
      const { payload, protectedHeader } = await jose.jwtVerify(c.token, getKey, { algorithms: [c.alg] });
      results[c.name] = { ok: true, kid: protectedHeader.kid, sub: payload.sub };
    } catch (e) {
      results[c.name] = { ok: false, error: `${e.code || e.name}: ${e.message}` };
    }
  }
  return results;
}

async function jwksLocal({ jwks, cases }) {
  const set = JSON.parse(fs.readFileSync(jwks, 'utf8'));
  return { cases: await verifyWithSet(jose.createLocalJWKSet(set), cases) };
}

async function jwksRemote({ url, cases }) {
  const getKey = jose.createRemoteJWKSet(new URL(url), { timeoutDuration: 20000, cooldownDuration: 0 });
  return { cases: await verifyWithSet(getKey, cases) };
}

// A JWK Set published the way jose's users do: exportJWK of each public key plus kid (its RFC 7638
// thumbprint), alg and use; two keys (rotation), the token signed by the second with its kid in
// the header, and the same claims signed by a key outside the set under that kid. jose itself
// must verify its token with its set (createLocalJWKSet): selfError says why not.
async function jwksPublish({ alg, dir, claims }) {
  if (alg === 'ES256K') throw new Unsupported(`jose ${joseVersion} has no ES256K (no secp256k1 in WebCrypto)`);
  fs.mkdirSync(dir, { recursive: true });
  const gen = () => jose.generateKeyPair(alg, { extractable: true });
  const pairs = [await gen(), await gen()];
  const keys = [];
  for (const { publicKey } of pairs) {
    const jwk = await jose.exportJWK(publicKey);
    keys.push({ ...jwk, kid: await jose.calculateJwkThumbprint(jwk), alg, use: 'sig' });
  }
  const jwks = writeJson(path.join(dir, 'jwks.json'), { keys });
  const kid = keys[1].kid;
  const header = { alg, typ: 'JWT', kid };
  const token = await new jose.SignJWT(claims).setProtectedHeader(header).sign(pairs[1].privateKey);
  const outsider = await new jose.SignJWT(claims).setProtectedHeader(header).sign((await gen()).privateKey);
  let selfError = null;
  try {
    await jose.jwtVerify(token, jose.createLocalJWKSet(JSON.parse(fs.readFileSync(jwks, 'utf8'))), { algorithms: [alg] });
  } catch (e) {
    selfError = `${e.code || e.name}: ${e.message}`;
  }
  return { jwks, kid, token, outsider, selfError };
}

// What a jwks-rsa user does with an IdP's JWKS URL: getSigningKey(kid), then jsonwebtoken.verify
// with its PEM (jose for EdDSA, which jsonwebtoken v9 lacks). The signing keys jwks-rsa sees
// must be exactly the set's `use: sig` keys, with their alg.
async function jwksRsa({ url, kid, alg, token, expect, sig_kids }) {
  // jwks-rsa 4 drops secp256k1 keys ("The JWKS endpoint did not contain any signing keys"), and
  // jsonwebtoken 9 has no ES256K.
  if (alg === 'ES256K') throw new Unsupported('jwks-rsa 4 keeps no secp256k1 key and jsonwebtoken 9 has no ES256K');
  const client = require('jwks-rsa')({ jwksUri: url, cache: false, rateLimit: false, timeout: 20000 });
  const signing = (await client.getSigningKeys()).map((k) => k.kid).sort();
  if (JSON.stringify(signing) !== JSON.stringify([...sig_kids].sort()))
    throw new Error(`jwks-rsa signing keys ${JSON.stringify(signing)}, want ${JSON.stringify(sig_kids)}`);
  const key = await client.getSigningKey(kid);
  if (key.alg !== alg) throw new Error(`jwks-rsa key ${kid} has alg ${key.alg}, want ${alg}`);
  const options = { algorithms: [alg], issuer: expect.iss, audience: expect.aud };
  let claims;
  if (alg === 'EdDSA') ({ payload: claims } = await jose.jwtVerify(token, crypto.createPublicKey(key.getPublicKey()), options));
  else claims = jsonwebtoken.verify(token, key.getPublicKey(), options);
  checkClaims(claims, expect);
  return { claims };
}

// An Express API protected by express-jwt, with its keys from jwks-rsa reading a JWKS URL.
async function expressApi({ jwks_uri, alg, iss, aud, cases }) {
  const express = require('express');
  const { expressjwt } = require('express-jwt');
  const jwksRsa = require('jwks-rsa');
  const app = express();
  app.get('/', (req, res) => res.json({ hello: 'world' }));
  app.get(
    '/protected',
    expressjwt({
      secret: jwksRsa.expressJwtSecret({ jwksUri: jwks_uri, cache: false, rateLimit: false, timeout: 20000 }),
      algorithms: [alg],
      issuer: iss,
      audience: aud,
    }),
    (req, res) => res.json({ sub: req.auth.sub }),
  );
  // The error handler of the express-jwt README.
  app.use((err, req, res, next) => {
    if (err.name === 'UnauthorizedError') return res.status(401).json({ error: err.code, message: err.message });
    return res.status(500).json({ error: String(err) });
  });
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const results = {};
  try {
    for (const c of cases) {
      const headers = c.token ? { authorization: `Bearer ${c.token}` } : {};
      try {
        const res = await fetch(base + c.path, { headers, signal: AbortSignal.timeout(30000) });
        const body = await res.text();
        results[c.name] = { status: res.status, body: body.slice(0, 300) };
      } catch (e) {
        results[c.name] = { status: 0, body: `request failed: ${e.message}` };
      }
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
  return { cases: results };
}

// --- JWE (RFC 7516) ---------------------------------------------------------------------------

const joseVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('jose')), '..', '..', 'package.json'), 'utf8')).version;

// A jose JWE key: SPKI / PKCS#8 PEM and JWK through jose's importers (bound to the alg), raw
// secrets and passwords (PBES2) as bytes.
async function joseJweKey(desc, alg, want) {
  if (desc.fmt === 'secret' || desc.fmt === 'password') return new Uint8Array(fs.readFileSync(desc.path));
  if (desc.fmt === 'jwk') {
    const jwk = readJson(desc);
    return jose.importJWK(want === 'private' ? jwk : publicJwk(jwk), alg);
  }
  if (desc.fmt === 'pem') {
    const text = readText(desc);
    return want === 'private' ? jose.importPKCS8(text, alg) : jose.importSPKI(text, alg);
  }
  throw new Error(`unknown JWE key format ${desc.fmt}`);
}

// jose's "not supported" for a JWE alg or enc as an Unsupported naming which one.
function joseUnsupported(e, alg, enc) {
  if (!e || e.code !== 'ERR_JOSE_NOT_SUPPORTED') return e;
  const what = /"enc"/.test(e.message) ? `enc ${enc}` : `alg ${alg}`;
  return new Unsupported(`jose ${joseVersion} has no JWE ${what}`);
}

// Keys for encryption, written where the driver says: {name, kind: RSA|EC|X25519|oct|password, crv?,
// size?, files: {priv_pem, pub_pem, priv_jwk, pub_jwk} | {secret, jwk} | {password}}.
async function jweGen({ keys }) {
  for (const k of keys) {
    const f = k.files;
    if (k.kind === 'RSA' || k.kind === 'EC' || k.kind === 'X25519') {
      const { privateKey, publicKey } =
        k.kind === 'RSA'
          ? await jose.generateKeyPair('RSA-OAEP-256', { extractable: true, modulusLength: 2048 })
          : await jose.generateKeyPair('ECDH-ES', { extractable: true, crv: k.crv ?? 'X25519' });
      write(f.priv_pem, await jose.exportPKCS8(privateKey), 0o600);
      write(f.pub_pem, await jose.exportSPKI(publicKey));
      writeJson(f.priv_jwk, await jose.exportJWK(privateKey), 0o600);
      writeJson(f.pub_jwk, await jose.exportJWK(publicKey));
    } else if (k.kind === 'oct') {
      const alg = { 16: 'A128KW', 24: 'A192KW', 32: 'A256KW', 48: 'A192CBC-HS384', 64: 'A256CBC-HS512' }[k.size];
      const jwk = await jose.exportJWK(await jose.generateSecret(alg, { extractable: true }));
      write(f.secret, Buffer.from(jwk.k, 'base64url'), 0o600);
      writeJson(f.jwk, jwk, 0o600);
    } else if (k.kind === 'password') {
      write(f.password, crypto.randomBytes(18).toString('base64url'), 0o600);
    } else {
      throw new Error(`jwe_gen: unknown kind ${k.kind}`);
    }
  }
  return {};
}

// Encrypt; p2c, when given, is the PBES2 count (jose's default is 2048).
async function jweEncrypt({ alg, enc, key, plaintext_b64, p2c }) {
  try {
    const k = await joseJweKey(key, alg, 'public');
    const jwe = new jose.CompactEncrypt(Buffer.from(plaintext_b64, 'base64')).setProtectedHeader({ alg, enc });
    if (p2c) jwe.setKeyManagementParameters({ p2c });
    return { token: await jwe.encrypt(k) };
  } catch (e) {
    throw joseUnsupported(e, alg, enc);
  }
}

// compactDecrypt with the algorithms pinned; maxPBES2Count raised from jose's 10000 to max_p2c.
async function jweDecrypt({ alg, enc, key, token, max_p2c }) {
  const k = await joseJweKey(key, alg, 'private');
  const { plaintext, protectedHeader } = await jose.compactDecrypt(token, k, {
    keyManagementAlgorithms: [alg],
    contentEncryptionAlgorithms: [enc],
    ...(max_p2c ? { maxPBES2Count: max_p2c } : {}),
  });
  return { plaintext_b64: Buffer.from(plaintext).toString('base64'), header: protectedHeader };
}

// --- JSON serializations (RFC 7515/7516 §7.2), detached and unencoded payloads ------------------
// Keys are private JWK files {path, alg, kid}; a detached payload is put back as the payload
// member (as it is when unencoded, else base64url) before verifying.

async function serKey({ path: file, alg }, want) {
  const jwk = readJson({ path: file, fmt: 'jwk' });
  return jose.importJWK(want === 'private' ? jwk : publicJwk(jwk), alg);
}

async function serSign({ form, payload_b64, keys, unencoded, detached }) {
  const payload = Buffer.from(payload_b64, 'base64');
  const header = (k) => ({ alg: k.alg, kid: k.kid, ...(unencoded ? { b64: false, crit: ['b64'] } : {}) });
  let doc;
  if (form === 'general') {
    const jws = new jose.GeneralSign(payload);
    for (const k of keys) jws.addSignature(await serKey(k, 'private')).setProtectedHeader(header(k));
    doc = await jws.sign();
  } else {
    doc = await new jose.FlattenedSign(payload).setProtectedHeader(header(keys[0])).sign(await serKey(keys[0], 'private'));
  }
  if (detached) delete doc.payload;
  return { token: JSON.stringify(doc) };
}

async function serVerify({ token, key, payload_b64, unencoded }) {
  const doc = JSON.parse(token);
  if (payload_b64 != null) {
    const payload = Buffer.from(payload_b64, 'base64');
    doc.payload = unencoded ? payload.toString('utf8') : payload.toString('base64url');
  }
  const k = await serKey(key, 'public');
  const options = { algorithms: [key.alg] };
  const { payload } = doc.signatures ? await jose.generalVerify(doc, k, options) : await jose.flattenedVerify(doc, k, options);
  return { payload_b64: Buffer.from(payload).toString('base64') };
}

async function serEncrypt({ form, enc, plaintext_b64, aad_b64, recipients }) {
  const plaintext = Buffer.from(plaintext_b64, 'base64');
  const aad = aad_b64 ? Buffer.from(aad_b64, 'base64') : null;
  let doc;
  if (form === 'general') {
    const jwe = new jose.GeneralEncrypt(plaintext).setProtectedHeader({ enc });
    if (aad) jwe.setAdditionalAuthenticatedData(aad);
    for (const r of recipients) jwe.addRecipient(await serKey(r, 'public')).setUnprotectedHeader({ alg: r.alg, kid: r.kid });
    doc = await jwe.encrypt();
  } else {
    const r = recipients[0];
    const jwe = new jose.FlattenedEncrypt(plaintext).setProtectedHeader({ enc }).setUnprotectedHeader({ alg: r.alg, kid: r.kid });
    if (aad) jwe.setAdditionalAuthenticatedData(aad);
    doc = await jwe.encrypt(await serKey(r, 'public'));
  }
  return { token: JSON.stringify(doc) };
}

async function serDecrypt({ token, key, enc }) {
  const doc = JSON.parse(token);
  const k = await serKey(key, 'private');
  const options = { keyManagementAlgorithms: [key.alg], contentEncryptionAlgorithms: [enc] };
  const { plaintext, additionalAuthenticatedData } = doc.recipients
    ? await jose.generalDecrypt(doc, k, options)
    : await jose.flattenedDecrypt(doc, k, options);
  return {
    plaintext_b64: Buffer.from(plaintext).toString('base64'),
    aad_b64: additionalAuthenticatedData ? Buffer.from(additionalAuthenticatedData).toString('base64') : null,
  };
}

// --- DPoP (RFC 9449) ------------------------------------------------------------------------------

// Proofs made by panva's dpop library (and, for what it refuses to make, by jose), one set per
// algorithm: the cases matrix.py hands to `jwtctl dpop verify`.
async function dpopProofs({ alg, url, method, access_token, nonce }) {
  const dpop = await import(pathToFileURL(require.resolve('dpop')).href);
  const webAlg = {
    ES256: { name: 'ECDSA', namedCurve: 'P-256' },
    PS256: { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    Ed25519: { name: 'Ed25519' },
  }[alg];
  if (!webAlg) throw new Unsupported(`dpop has no ${alg}`);
  const pair = await crypto.webcrypto.subtle.generateKey(webAlg, true, ['sign', 'verify']);
  const proof = (htu, htm, n, at) => dpop.generateProof(pair, htu, htm, n, at);
  const proofs = {
    good: await proof(url, method, nonce, access_token),
    'wrong method': await proof(url, method === 'GET' ? 'POST' : 'GET', nonce, access_token),
    'wrong URL': await proof(url + '/other', method, nonce, access_token),
    'stale iat': await proof(url, method, nonce, access_token),
    'wrong ath': await proof(url, method, nonce, access_token + 'x'),
    'wrong nonce': await proof(url, method, nonce + 'x', access_token),
    replay: await proof(url, method, nonce, access_token),
  };
  // What the library will not make: the private key in the header, and an HS256 proof.
  const [, payloadB64] = proofs.good.split('.');
  const claims = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  claims.jti = crypto.randomUUID();
  const privateJwk = await jose.exportJWK(pair.privateKey);
  const joseAlg = alg === 'Ed25519' ? 'EdDSA' : alg;
  proofs['private jwk'] = await new jose.SignJWT(claims)
    .setProtectedHeader({ alg: joseAlg, typ: 'dpop+jwt', jwk: privateJwk })
    .sign(pair.privateKey);
  const publicJwk = await jose.exportJWK(pair.publicKey);
  proofs.HS256 = await new jose.SignJWT({ ...claims, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: publicJwk })
    .sign(crypto.randomBytes(32));
  return { proofs, jkt: await jose.calculateJwkThumbprint(publicJwk) };
}

// oidc-provider as an authorization server on loopback: DPoP on, a client_credentials client,
// JWT access tokens. For each key: a jwtctl proof at the token endpoint must get a token of
// token_type DPoP bound (cnf.jkt) to jwtctl's thumbprint of the key; a proof for another URL
// must be refused (a control: the server really checks). The tokens are returned for matrix.py
// to check with jwtctl (dpop verify with the token's binding, verify against the server's JWKS).
async function oidcDpop({ jwtctl, keys }) {
  const { execFileSync } = await import('node:child_process');
  const http = await import('node:http');
  const Provider = (await import(pathToFileURL(require.resolve('oidc-provider')).href)).default;
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const signing = { ...(await jose.exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'as-1' };
  const secret = crypto.randomBytes(24).toString('base64url');
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'jwtctl', client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }],
    jwks: { keys: [signing] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      dPoP: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'https://api.example/',
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'read', audience: 'https://api.example/', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    enabledJWA: { dPoPSigningAlgValues: ['ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'PS256', 'RS256'] },
  });
  server.on('request', provider.callback());
  const jwt = (...args) => execFileSync(jwtctl, args, { encoding: 'utf8' }).trim();
  const token = async (proof) => {
    const res = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: 'Basic ' + Buffer.from(`jwtctl:${secret}`).toString('base64'),
        'content-type': 'application/x-www-form-urlencoded',
        dpop: proof,
      },
      body: 'grant_type=client_credentials&scope=read',
    });
    return { status: res.status, body: await res.json() };
  };
  const results = {};
  try {
    for (const [alg, keyPath] of Object.entries(keys)) {
      try {
        const jkt = jwt('dpop', 'proof', '--key', keyPath, '--jkt');
        const good = await token(jwt('dpop', 'proof', '--key', keyPath, '--method', 'POST', '--url', `${issuer}/token`));
        if (good.status !== 200) throw new Error(`token endpoint said ${good.status}: ${JSON.stringify(good.body)}`);
        if (good.body.token_type !== 'DPoP') throw new Error(`token_type ${good.body.token_type}, not DPoP`);
        const claims = jose.decodeJwt(good.body.access_token);
        if (claims.cnf?.jkt !== jkt) throw new Error(`cnf.jkt ${claims.cnf?.jkt} is not jwtctl's thumbprint ${jkt}`);
        const wrong = await token(jwt('dpop', 'proof', '--key', keyPath, '--method', 'POST', '--url', `${issuer}/other`));
        if (wrong.status !== 400 || wrong.body.error !== 'invalid_dpop_proof') {
          throw new Error(`a proof for another URL got ${wrong.status} ${JSON.stringify(wrong.body)}`);
        }
        results[alg] = { ok: true, access_token: good.body.access_token, jkt };
      } catch (e) {
        results[alg] = { ok: false, error: e.message };
      }
    }
    // The server's JWKS, for matrix.py to verify the tokens after the server has stopped.
    results.jwks = await (await fetch(`${issuer}/jwks`)).json();
  } finally {
    server.close();
  }
  return results;
}

// oidc-provider as an issuer that jwtctl knows by its URL alone (`verify --issuer`), on loopback,
// and oauth4webapi as the client that gets tokens from it: JWT access tokens for an API through a
// resource indicator (client_credentials), and ID tokens through the authorization code flow
// (PKCE, driven over HTTP: this peer answers the provider's login and consent interactions).
// Every case runs jwtctl while the provider is up and counts the provider's JWKS and discovery
// requests around it; matrix.py judges the outcomes. The provider restarts with a new key (a
// new instance behind the same socket: a rotation), a rogue provider on another port reuses the
// kid, and the last cases run with the provider stopped (--offline).
async function oidcIssuer({ jwtctl, dir }) {
  const { spawn } = await import('node:child_process');
  const http = await import('node:http');
  const Provider = (await import(pathToFileURL(require.resolve('oidc-provider')).href)).default;
  const oauth = await import(pathToFileURL(require.resolve('oauth4webapi')).href);
  fs.mkdirSync(dir, { recursive: true });
  const insecure = { [oauth.allowInsecureRequests]: true };
  const API = 'https://api.example/';
  const apiSecret = crypto.randomBytes(24).toString('base64url');
  const webSecret = crypto.randomBytes(24).toString('base64url');
  const counts = { jwks: 0, discovery: 0 };
  const newKey = async (kid) => {
    const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
    return { ...(await jose.exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid };
  };
  const makeProvider = (issuer, key) => {
    const provider = new Provider(issuer, {
      clients: [
        { client_id: 'api-client', client_secret: apiSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
        {
          client_id: 'web', client_secret: webSecret, grant_types: ['authorization_code', 'implicit'],
          response_types: ['code', 'code id_token token'], redirect_uris: ['https://client.example/cb'],
        },
      ],
      jwks: { keys: [key] },
      cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
      findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
      responseTypes: ['code', 'code id_token token'],
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: (ctx, client) => (client.clientId === 'api-client' ? API : undefined),
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'read', audience: API, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
        },
      },
    });
    return provider;
  };
  // Serves `holder.provider` on a free loopback port, answering its interactions (login as
  // alice, consent to what is asked) and counting the JWKS and discovery requests. The provider
  // is read on each request: a restart (a new key) replaces it behind the same socket, so that
  // no other process can take the port in between.
  const serve = async (holder) => {
    const server = http.createServer(async (req, res) => {
      const { provider } = holder;
      const url = req.url.split('?')[0];
      if (url === '/jwks') counts.jwks += 1;
      if (url.startsWith('/.well-known/')) counts.discovery += 1;
      if (url.startsWith('/interaction/')) {
        try {
          const { prompt, params, session } = await provider.interactionDetails(req, res);
          let result;
          if (prompt.name === 'login') {
            result = { login: { accountId: 'alice' } };
          } else {
            const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
            grant.addOIDCScope('openid');
            result = { consent: { grantId: await grant.save() } };
          }
          await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        } catch (e) {
          res.statusCode = 500;
          res.end(String(e));
        }
        return;
      }
      provider.callback()(req, res);
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return server;
  };
  const stop = (server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  });
  const accessToken = async (issuer, tokenEndpoint) => {
    const as = { issuer, token_endpoint: tokenEndpoint };
    const client = { client_id: 'api-client' };
    const response = await oauth.clientCredentialsGrantRequest(
      as, client, oauth.ClientSecretBasic(apiSecret), new URLSearchParams({ resource: API, scope: 'read' }), insecure,
    );
    return (await oauth.processClientCredentialsResponse(as, client, response)).access_token;
  };
  // The authorization code flow with PKCE and a nonce (`code`), or the hybrid flow (`code
  // id_token token`: an ID token with at_hash and c_hash from the authorization endpoint),
  // following the provider's redirects with a cookie jar until it redirects to the client.
  const authorize = async (as, responseType) => {
    const client = { client_id: 'web' };
    const redirectUri = 'https://client.example/cb';
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint);
    for (const [k, v] of Object.entries({
      client_id: 'web', redirect_uri: redirectUri, response_type: responseType, scope: 'openid', nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    })) url.searchParams.set(k, v);
    const jar = new Map();
    let next = url.href;
    for (let hop = 0; hop < 10 && !next.startsWith(redirectUri); hop += 1) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the ${responseType} flow stopped at ${next}: HTTP ${res.status} ${(await res.text()).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").slice(-300)}`);
      next = new URL(location, next).href;
    }
    if (responseType !== 'code') {
      const fragment = new URLSearchParams(new URL(next).hash.slice(1));
      if (!fragment.get('id_token')) throw new Error(`no id_token in the ${responseType} response: ${next.slice(0, 300)}`);
      return { idToken: fragment.get('id_token'), accessToken: fragment.get('access_token'), code: fragment.get('code'), nonce };
    }
    const params = oauth.validateAuthResponse(as, client, new URL(next), oauth.expectNoState);
    const response = await oauth.authorizationCodeGrantRequest(
      as, client, oauth.ClientSecretBasic(webSecret), params, redirectUri, verifier, insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true });
    return { idToken: result.id_token, accessToken: result.access_token, nonce };
  };
  const cases = [];
  // Runs jwtctl with `args` (and `input` on stdin) without blocking this process (the provider
  // answers jwtctl from it), recording the outcome and the requests it caused under `row`.
  const check = async (row, args, input) => {
    const before = { ...counts };
    const p = await new Promise((resolve) => {
      const child = spawn(jwtctl, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out = [];
      const err = [];
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => err.push(d));
      child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
      // jwtctl reads standard input only when a token or batch is to come from it: one that
      // has already exited closes the pipe, and the write of the (often empty) input then
      // fails with EPIPE, which is no failure of the case (its exit status and output are).
      child.stdin.on('error', () => {});
      child.stdin.end(input || '');
    });
    const stdout = p.stdout.length > 4000 ? `${p.stdout.split('\n').length - 1} lines` : p.stdout;
    cases.push({
      row, args, exit: p.status, stdout, stderr: p.stderr.slice(-2000),
      jwks: counts.jwks - before.jwks, discovery: counts.discovery - before.discovery,
    });
  };
  const cache = path.join(dir, 'cache');
  const batchCache = path.join(dir, 'cache-batch');
  const first = await newKey('rot-1');
  const holder = { provider: null };
  let server = await serve(holder);
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  holder.provider = makeProvider(issuer, first);
  let rogueServer = null;
  try {
    const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), insecure));
    const at = await accessToken(issuer, as.token_endpoint);
    const verify = (...more) => [
      'verify', '--issuer', issuer, '--cache-dir', cache, '--json', ...more,
    ];
    const asApi = ['--aud', API, '--profile', 'access-token'];
    await check('access token (resource indicator): --issuer --aud --profile access-token', verify(...asApi, at));
    await check('cache hit: a second run asks nothing', verify(...asApi, at));
    await check('wrong audience', verify('--aud', 'https://other.example/', '--profile', 'access-token', at));
    const exp = jose.decodeJwt(at).exp;
    await check('expired (an hour after exp)', verify(...asApi, '--now', String(exp + 3600), at));
    const [h, pl, sig] = at.split('.');
    const claims = JSON.parse(Buffer.from(pl, 'base64url'));
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'read write admin' })).toString('base64url');
    await check('tampered payload', verify(...asApi, `${h}.${forged}.${sig}`));
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'rot-1' })).toString('base64url');
    await check('alg none', verify(...asApi, `${none}.${pl}.`));
    // A rogue provider on another port, naming itself with the same issuer and signing with
    // its own key under the same kid.
    rogueServer = await serve({ provider: makeProvider(issuer, await newKey('rot-1')) });
    const rogueAt = await accessToken(issuer, `http://127.0.0.1:${rogueServer.address().port}/token`);
    await stop(rogueServer);
    rogueServer = null;
    await check('rogue provider on another port reusing the kid', verify(...asApi, rogueAt));
    await check(
      'discovery document whose issuer differs from the URL',
      ['verify', '--issuer', `http://localhost:${port}`, '--cache-dir', cache, ...asApi, at],
    );
    const code = await authorize(as, 'code');
    await check(
      'ID token (code flow, token endpoint): --profile id-token --nonce',
      verify('--profile', 'id-token', '--aud', 'web', '--nonce', code.nonce, code.idToken),
    );
    const id = await authorize(as, 'code id_token token');
    const asId = (aud, nonce, accessToken, authCode) => verify(
      '--profile', 'id-token', '--aud', aud, '--nonce', nonce, '--access-token', accessToken, '--code', authCode, id.idToken,
    );
    await check('ID token (hybrid flow): --nonce --access-token --code', asId('web', id.nonce, id.accessToken, id.code));
    await check('ID token: wrong nonce', asId('web', `${id.nonce}x`, id.accessToken, id.code));
    await check('ID token: wrong audience', asId('api-client', id.nonce, id.accessToken, id.code));
    await check('ID token: at_hash mismatch', asId('web', id.nonce, at, id.code));
    await check('ID token: c_hash mismatch', asId('web', id.nonce, id.accessToken, `${id.code}x`));
    await check('ID token presented as an access token', verify('--aud', 'web', '--profile', 'access-token', id.idToken));
    await check('access token presented as an ID token', verify('--aud', 'api-client', '--profile', 'id-token', at));
    // The batch's cache holds the first key before the rotation.
    await check('batch cache primed before the rotation', ['verify', '--issuer', issuer, '--cache-dir', batchCache, '-q', at]);

    // Rotation: the provider restarts with a new key (and only that key), on the same port.
    holder.provider = makeProvider(issuer, await newKey('rot-2'));
    const rotated = await accessToken(issuer, as.token_endpoint);
    await check('rotation: the next token verifies after exactly one refetch', verify(...asApi, rotated));
    await check('after the rotation: no request', verify(...asApi, rotated));
    // 10 000 tokens, the first half signed before the rotation and the second after, in one
    // --batch run whose cache holds the set from before.
    const lines = `${`${at}\n`.repeat(5000)}${`${rotated}\n`.repeat(5000)}`;
    await check(
      'batch of 10 000 with a rotation in the middle',
      ['verify', '--issuer', issuer, '--cache-dir', batchCache, '--batch', ...asApi], lines,
    );
    await stop(server);
    server = null;
    await check('--offline with the provider stopped', verify(...asApi, '--offline', rotated));
    await check(
      '--offline with the provider stopped and an empty cache',
      ['verify', '--issuer', issuer, '--cache-dir', path.join(dir, 'cache-empty'), '--offline', ...asApi, rotated],
    );
  } finally {
    if (server) await stop(server);
    if (rogueServer) await stop(rogueServer);
  }
  return { cases, issuer };
}

// --- SD-JWT (RFC 9901): @sd-jwt/core with @sd-jwt/crypto-nodejs (ES256, SHA-256) -------------

// The parsed JSON pointers (RFC 6901) of `pointers`.
const pointerTokens = (p) => p.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

// A disclosure frame of @sd-jwt/core for the claims the pointers name: {_sd: [name | index]} in
// the object or array that holds each (array indexes as numbers).
function disclosureFrame(claims, pointers) {
  const frame = {};
  for (const pointer of pointers) {
    const tokens = pointerTokens(pointer);
    let node = frame;
    let value = claims;
    for (const t of tokens.slice(0, -1)) {
      node[t] ??= {};
      node = node[t];
      value = value[t];
    }
    const last = tokens[tokens.length - 1];
    node._sd ??= [];
    node._sd.push(Array.isArray(value) ? Number(last) : last);
  }
  return frame;
}

// A presentation frame: true at each pointer ({"address": {"locality": true}}).
function presentationFrame(pointers) {
  const frame = {};
  for (const pointer of pointers) {
    const tokens = pointerTokens(pointer);
    let node = frame;
    for (const t of tokens.slice(0, -1)) {
      if (typeof node[t] !== 'object') node[t] = {};
      node = node[t];
    }
    node[tokens[tokens.length - 1]] = true;
  }
  return frame;
}

async function sdInstance(job) {
  const { SDJwtInstance } = require('@sd-jwt/core');
  const { ES256, digest, generateSalt } = require('@sd-jwt/crypto-nodejs');
  const config = {
    hasher: digest,
    hashAlg: 'sha-256',
    // 32 hex digits: 128 bits (the RFC's recommendation; the library's examples use 16).
    saltGenerator: () => generateSalt(32),
    signAlg: 'ES256',
    kbSignAlg: 'ES256',
  };
  if (job.issuer) config.signer = await ES256.getSigner(readJson({ path: job.issuer }));
  if (job.issuer_pub) config.verifier = await ES256.getVerifier(readJson({ path: job.issuer_pub }));
  if (job.holder) config.kbSigner = await ES256.getSigner(readJson({ path: job.holder }));
  // The KB-JWT is verified with the key of the SD-JWT's cnf.jwk, as the library's users do.
  config.kbVerifier = async (data, signature, payload) => {
    const jwk = payload?.cnf?.jwk;
    if (!jwk) throw new Error('no cnf.jwk');
    return (await ES256.getVerifier(jwk))(data, signature);
  };
  return new SDJwtInstance(config);
}

async function sdIssue(job) {
  const sd = await sdInstance(job);
  const claims = { ...job.claims };
  if (job.holder_pub) claims.cnf = { jwk: readJson({ path: job.holder_pub }) };
  const sdJwt = await sd.issue(claims, disclosureFrame(job.claims, job.sd), { header: { typ: 'dc+sd-jwt' } });
  return { sd_jwt: sdJwt };
}

async function sdPresent(job) {
  const sd = await sdInstance(job);
  const options = job.holder
    ? { kb: { payload: { iat: Math.floor(Date.now() / 1000), aud: job.aud, nonce: job.nonce } } }
    : undefined;
  return { presentation: await sd.present(job.sd_jwt, presentationFrame(job.disclose), options) };
}

async function sdVerify(job) {
  const sd = await sdInstance(job);
  const options = job.nonce ? { keyBindingNonce: job.nonce } : {};
  const { payload } = await sd.verify(job.presentation, options);
  return { claims: payload };
}

const OPS = {
  gen,
  sign,
  verify,
  thumb,
  roundtrip,
  jwks_local: jwksLocal,
  jwks_remote: jwksRemote,
  express: expressApi,
  jwks_publish: jwksPublish,
  jwks_rsa: jwksRsa,
  jwe_gen: jweGen,
  jwe_encrypt: jweEncrypt,
  jwe_decrypt: jweDecrypt,
  ser_sign: serSign,
  ser_verify: serVerify,
  ser_encrypt: serEncrypt,
  ser_decrypt: serDecrypt,
  dpop_proofs: dpopProofs,
  oidc_dpop: oidcDpop,
  oidc_issuer: oidcIssuer,
  sd_issue: sdIssue,
  sd_present: sdPresent,
  sd_verify: sdVerify,
};

async function main() {
  const [jobsFile, resultsFile] = process.argv.slice(2);
  if (!jobsFile || !resultsFile) {
    console.error('usage: node peer_node.mjs JOBS.json RESULTS.json|-');
    process.exit(2);
  }
  const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
  const results = {};
  for (const job of jobs) {
    const op = OPS[job.op];
    try {
      if (!op) throw new Error(`unknown op ${job.op}`);
      results[job.id] = { ok: true, ...(await op(job)) };
    } catch (e) {
      if (e instanceof Unsupported) results[job.id] = { ok: false, unsupported: e.message };
      else results[job.id] = { ok: false, error: `${e.code ? e.code + ': ' : ''}${e.message}` };
    }
  }
  const text = JSON.stringify(results, null, 1) + '\n';
  if (resultsFile === '-') process.stdout.write(text);
  else fs.writeFileSync(resultsFile, text);
}

await main();
