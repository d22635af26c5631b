#!/usr/bin/env node
// Node peer of the jwtctl interoperability suite (see README.md beside this file).
//
// Libraries: jose (panva; JWS, keys, JWKS and JWE), jsonwebtoken (auth0) with keys from
// node:crypto, express + express-jwt + jwks-rsa for the API scenario, and for DPoP panva's dpop
// (proofs) and oidc-provider (an authorization server). They are resolved from
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
