/**
 * Whether a taproot output key can ever be spent. BIP-341 outputs commit to an x-only public key;
 * if no point on secp256k1 has that x-coordinate, no signature can ever satisfy the output and
 * coins sent there are burnt. Bitcoin Core still encodes such addresses (they are valid bech32m),
 * so the check is ours to make.
 */

/** The field prime of secp256k1: 2^256 - 2^32 - 977. */
const P = 2n ** 256n - 2n ** 32n - 977n;

/** base^exponent mod modulus by square-and-multiply (BigInt has no built-in modpow). */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return n;
}

/**
 * True when the 32 bytes are the x-coordinate of a point on y² = x³ + 7 over F_p, i.e. BIP-340's
 * lift_x succeeds: x < p and x³ + 7 is a square mod p (Euler's criterion: c^((p-1)/2) = 1).
 * c = 0 cannot occur on secp256k1 (its group has odd prime order, so no point has y = 0).
 */
export function isXOnlyKeyOnCurve(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  const x = bytesToBigInt(key);
  if (x >= P) return false;
  const c = (((x * x) % P) * x + 7n) % P;
  return modPow(c, (P - 1n) / 2n, P) === 1n;
}
