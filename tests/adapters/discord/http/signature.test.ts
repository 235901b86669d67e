import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkSignature,
  MAX_CLOCK_SKEW_SECONDS,
  publicKeyFromHex,
} from '../../../../src/adapters/discord/http/signature.ts';
import { rawPublicKeyHex } from '../../../e2e/fake/httpInteractions.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const key = publicKeyFromHex(rawPublicKeyHex(publicKey));
const body = Buffer.from('{"type":1}');
const now = 1_800_000_000_000;
const timestamp = String(now / 1000);
const signed = (ts: string, b: Buffer = body, k = privateKey) =>
  sign(null, Buffer.concat([Buffer.from(ts), b]), k).toString('hex');

describe('Ed25519 request signatures', () => {
  it('accepts what the key signed over timestamp + body, and nothing else', () => {
    expect(checkSignature(key, { signature: signed(timestamp), timestamp, body }, now)).toEqual({ ok: true });
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(checkSignature(key, { signature: signed(timestamp, body, other), timestamp, body }, now).ok).toBe(false);
    const tampered = Buffer.from('{"type":2}');
    expect(checkSignature(key, { signature: signed(timestamp), timestamp, body: tampered }, now)).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    // The timestamp is signed too: another one with the same signature fails.
    expect(checkSignature(key, { signature: signed(timestamp), timestamp: String(now / 1000 + 1), body }, now).ok).toBe(
      false,
    );
  });

  it('refuses missing and malformed headers with a reason', () => {
    const reasons = [
      checkSignature(key, { signature: undefined, timestamp, body }, now),
      checkSignature(key, { signature: signed(timestamp), timestamp: undefined, body }, now),
      checkSignature(key, { signature: 'ab', timestamp, body }, now),
      checkSignature(key, { signature: signed(timestamp), timestamp: 'yesterday', body }, now),
    ].map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons).toEqual([
      'signature headers missing',
      'signature headers missing',
      'signature is not 64 hex bytes',
      'timestamp is not in Unix seconds',
    ]);
  });

  it(`refuses a signed timestamp more than ${MAX_CLOCK_SKEW_SECONDS} s away, either way`, () => {
    const at = (offset: number) => String(now / 1000 + offset);
    const check = (offset: number) =>
      checkSignature(key, { signature: signed(at(offset)), timestamp: at(offset), body }, now).ok;
    expect([check(-MAX_CLOCK_SKEW_SECONDS), check(MAX_CLOCK_SKEW_SECONDS)]).toEqual([true, true]);
    expect([check(-MAX_CLOCK_SKEW_SECONDS - 1), check(MAX_CLOCK_SKEW_SECONDS + 1)]).toEqual([false, false]);
  });

  it('reads the portal key as 64 hex characters only', () => {
    expect(() => publicKeyFromHex('abc')).toThrow(/64 hexadecimal characters/);
    expect(publicKeyFromHex(rawPublicKeyHex(publicKey).toUpperCase()).asymmetricKeyType).toBe('ed25519');
  });
});
