import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { forgeableKeyProblem } from './publicKeyCheck.ts';

/**
 * Discord signs every request to an Interactions Endpoint URL with the application's Ed25519 key:
 * X-Signature-Ed25519 over X-Signature-Timestamp followed by the raw body. It also sends requests
 * with bad signatures on purpose, and removes the URL of an endpoint that accepts them.
 */

/** The DER header of an SPKI Ed25519 public key; the 32 raw key bytes follow it. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Timestamps further than this from our clock, either way, are replays or a broken clock: refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * The developer portal's Public Key (64 hex characters) as a key node:crypto verifies with.
 * A key signatures can be forged against is refused here too, not only by the config check.
 */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('An Ed25519 public key is 64 hexadecimal characters.');
  const problem = forgeableKeyProblem(hex);
  if (problem) throw new Error(`This Ed25519 public key is refused: ${problem}.`);
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Whether Discord signed this request, recently; the reason is for logs and never holds the body. */
export function checkSignature(key: KeyObject, request: SignedRequest, nowMs: number): SignatureCheck {
  const { signature, timestamp, body } = request;
  if (!signature || !timestamp) return { ok: false, reason: 'signature headers missing' };
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return { ok: false, reason: 'signature is not 64 hex bytes' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not in Unix seconds' };
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  if (!verifiesEd25519(key, message, Buffer.from(signature, 'hex')))
    return { ok: false, reason: 'signature does not match' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: `timestamp is ${Math.round(skew)} s off our clock` };
  return { ok: true };
}

/** Plain Ed25519 verification (RFC 8032, as OpenSSL does it); any malformed input is simply not valid. */
export function verifiesEd25519(key: KeyObject, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
