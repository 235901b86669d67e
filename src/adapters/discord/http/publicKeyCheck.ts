/**
 * Whether an Ed25519 public key can be forged against. node:crypto (OpenSSL) verifies with any
 * 32 bytes that decode to a point: with a small-order key such as all zeros, or 01 followed by
 * zeros (the identity), the signature R = identity, S = 0 passes for many or every body, so
 * anyone could send the bot interactions "from Discord". A real application key is never one
 * of these, so such a key is a mistake in DISCORD_PUBLIC_KEY and is refused before serving.
 */

/** The field's prime, 2^255 - 19. */
const P = 2n ** 255n - 19n;
/** The curve constant d = -121665 / 121666. */
const D = mod(-121665n * inverse(121666n));
/** A square root of -1, used when decoding x. */
const SQRT_M1 = power(2n, (P - 1n) / 4n);

type Point = { x: bigint; y: bigint };
const IDENTITY: Point = { x: 0n, y: 1n };

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
  }
  return result;
}

function inverse(a: bigint): bigint {
  return power(a, P - 2n);
}

/** Twisted Edwards addition (a = -1); complete on this curve, so no case is special. */
function add(p: Point, q: Point): Point {
  const t = mod(D * p.x * q.x * p.y * q.y);
  return {
    x: mod((p.x * q.y + p.y * q.x) * inverse(1n + t)),
    y: mod((p.y * q.y + p.x * q.x) * inverse(1n - t)),
  };
}

/** RFC 8032 §5.1.3 decoding, or why the bytes are not a canonically encoded point. */
function decode(key: Buffer): Point | string {
  const bytes = Buffer.from(key);
  const sign = bytes[31]! >> 7;
  bytes[31]! &= 0x7f;
  const y = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
  if (y >= P) return 'its encoding is not canonical (y is not below 2^255 - 19)';
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * power(v, 3n) * power(u * power(v, 7n), (P - 5n) / 8n));
  const vxx = mod(v * x * x);
  if (vxx === mod(-u)) x = mod(x * SQRT_M1);
  else if (vxx !== u) return 'it is not a point on the Ed25519 curve';
  if (x === 0n && sign === 1) return 'its encoding is not canonical (negative zero x)';
  if (Number(x & 1n) !== sign) x = P - x;
  return { x, y };
}

/**
 * Why this key (32 bytes, as the portal shows them in hex) cannot be trusted, or undefined for a
 * sound key. Small order: eight times the point is the identity, which covers all-zero keys.
 */
export function forgeableKeyProblem(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return 'it is not 64 hexadecimal characters';
  const point = decode(Buffer.from(hex, 'hex'));
  if (typeof point === 'string') return point;
  let eight = point;
  for (let i = 0; i < 3; i++) eight = add(eight, eight);
  if (eight.x === IDENTITY.x && eight.y === IDENTITY.y)
    return 'it is a small-order point, which signatures can be forged against';
  return undefined;
}
