/**
 * Whether a taproot output key can ever be spent. BIP-341 outputs commit to an x-only public key;
 * if no point on secp256k1 has that x-coordinate, no signature can ever satisfy the output and
 * coins sent there are burnt. Bitcoin Core still encodes such addresses (they are valid bech32m),
 * so the check is ours to make.
 */

/** The field prime of secp256k1: 2^256 - 2^32 - 977. */
const P = 2n ** 256n - 2n ** 32n - 977n;

/**
 * The Jacobi symbol (a/n) for odd n > 0, by quadratic reciprocity (Cohen, "A Course in
 * Computational Algebraic Number Theory", Algorithm 1.4.10). For a prime n it is the Legendre
 * symbol: 1 when a is a non-zero square mod n. Shifts and one division per step, where Euler's
 * criterion needs a 256-bit modular exponentiation (about seven times slower).
 */
function jacobi(value: bigint, modulus: bigint): number {
  let a = value % modulus;
  let n = modulus;
  let result = 1;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      // (2/n) = -1 when n ≡ 3 or 5 (mod 8).
      const r = n & 7n;
      if (r === 3n || r === 5n) result = -result;
    }
    [a, n] = [n, a];
    // Reciprocity: (a/n)(n/a) = -1 when both are ≡ 3 (mod 4).
    if ((a & 3n) === 3n && (n & 3n) === 3n) result = -result;
    a %= n;
  }
  return n === 1n ? result : 0;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return n;
}

/**
 * True when the 32 bytes are the x-coordinate of a point on y² = x³ + 7 over F_p, i.e. BIP-340's
 * lift_x succeeds: x < p and x³ + 7 is a square mod p (its Legendre symbol is 1). c = 0 cannot
 * occur on secp256k1 (its group has odd prime order, so no point has y = 0).
 */
export function isXOnlyKeyOnCurve(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  const x = bytesToBigInt(key);
  if (x >= P) return false;
  const c = (((x * x) % P) * x + 7n) % P;
  return jacobi(c, P) === 1;
}
