import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forgeableKeyProblem } from '../../../../src/adapters/discord/http/publicKeyCheck.ts';
import { publicKeyFromHex, verifiesEd25519 } from '../../../../src/adapters/discord/http/signature.ts';
import { readConfig } from '../../../../src/config.ts';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** The identity point: R = identity, S = 0 "signs" every message for it. */
const IDENTITY = `01${'00'.repeat(31)}`;
const FORGED_SIGNATURE = Buffer.concat([Buffer.from(IDENTITY, 'hex'), Buffer.alloc(32)]);

/** libsodium's list of small-order encodings (ignoring the sign bit), and the all-zero key. */
const SMALL_ORDER = [
  '00'.repeat(32),
  IDENTITY,
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  `ec${'ff'.repeat(30)}7f`,
  `00${'00'.repeat(30)}80`,
];
const NON_CANONICAL = [`ed${'ff'.repeat(30)}7f`, `ee${'ff'.repeat(30)}7f`, `01${'00'.repeat(30)}80`];
const SOUND = '7d4d0e7f6153a69b6242b522abbee685fda4420f8834b108c3bdae369ef549fa';

describe('a DISCORD_PUBLIC_KEY that signatures can be forged against', () => {
  it('is refused by the bot itself, whether or not the runtime accepts the forgery', () => {
    const raw = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(IDENTITY, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    // Node 20 and 22 (their OpenSSL) accept this forged signature; Node 24's refuses it. The bot
    // must not depend on which runtime it runs on, so it refuses the key before verifying anything.
    const runtimeAccepts = verify(null, Buffer.from('{"type":2}'), raw, FORGED_SIGNATURE);
    if (!runtimeAccepts) console.info("This runtime's Ed25519 refuses small-order keys itself.");
    expect(forgeableKeyProblem(IDENTITY)).toMatch(/small-order/);
    expect(() => publicKeyFromHex(IDENTITY)).toThrow(/refused/);
  });

  it('is refused: small-order points (all zeros among them) and non-canonical encodings', () => {
    for (const key of SMALL_ORDER) expect(forgeableKeyProblem(key), key).toMatch(/small-order/);
    for (const key of NON_CANONICAL) expect(forgeableKeyProblem(key), key).toMatch(/not canonical/);
    expect(forgeableKeyProblem('ab'.repeat(32))).toMatch(/not a point/);
    expect(forgeableKeyProblem(SOUND)).toBeUndefined();
    expect(() => publicKeyFromHex(IDENTITY)).toThrow(/refused: it is a small-order point/);
  });

  it('stops start-up with one line naming the setting', () => {
    const reading = readConfig({ INTERACTIONS_PORT: '8080', DISCORD_PUBLIC_KEY: '0'.repeat(64) });
    expect(reading.ok ? [] : reading.problems).toEqual([
      'DISCORD_PUBLIC_KEY is refused: it is a small-order point, which signatures can be forged against. Copy the Public Key from General Information in the developer portal.',
    ]);
  });
});

interface WycheproofFile {
  numberOfTests: number;
  testGroups: {
    publicKey: { pk: string };
    tests: { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' }[];
  }[];
}

// CI clones next to ../shared; a checkout elsewhere has no vectors, and says so rather than passing silently.
const VECTORS = fileURLToPath(new URL('../../../../../shared/wycheproof/ed25519_test.json', import.meta.url));
const haveVectors = existsSync(VECTORS);
if (!haveVectors)
  console.warn(`Wycheproof Ed25519 vectors skipped: ${VECTORS} is absent (clone ../shared next to this repository).`);

describe.skipIf(!haveVectors)('the signature verifier against Wycheproof Ed25519 (../shared/wycheproof)', () => {
  const file = haveVectors ? (JSON.parse(readFileSync(VECTORS, 'utf8')) as WycheproofFile) : undefined;
  const cases = (file?.testGroups ?? []).flatMap((group) =>
    group.tests.map((test) => ({ pk: group.publicKey.pk, ...test })),
  );

  it('has all 151 cases', () => {
    expect(cases).toHaveLength(151);
    expect(file?.numberOfTests).toBe(151);
  });

  it('gets every valid/invalid verdict right, and accepts every key the vectors sign with', () => {
    const wrong = cases.filter((c) => {
      const verdict = verifiesEd25519(publicKeyFromHex(c.pk), Buffer.from(c.msg, 'hex'), Buffer.from(c.sig, 'hex'));
      return verdict !== (c.result === 'valid');
    });
    expect(wrong.map((c) => `${c.tcId} ${c.comment}`)).toEqual([]);
  });
});
