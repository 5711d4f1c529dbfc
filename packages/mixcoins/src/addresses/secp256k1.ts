/**
 * Whether a taproot output key can ever be spent. BIP-341 outputs commit to an x-only public key;
 * if no point on secp256k1 has that x-coordinate, no signature can ever satisfy the output and
 * coins sent there are burnt. Bitcoin Core still encodes such addresses (they are valid bech32m),
 * so the check is ours to make.
 */

/** The field prime of secp256k1: 2^256 - 2^32 - 977. */
const P = 2n ** 256n - 2n ** 32n - 977n;

/**
 * The symbol runs on ten 26-bit limbs in plain doubles, not on BigInt, whose every operation
 * allocates. A round's matrix has rows summing to at most 2^26, so a row times two limbs plus a
 * carry stays below 2^53: exact in a double.
 */
const BITS = 26;
const LIMB = 2 ** BITS;
const LIMBS = 10;

function toLimbs(value: bigint): number[] {
  const limbs: number[] = [];
  for (let k = 0; k < LIMBS; k++)
    limbs.push(Number(BigInt.asUintN(BITS, value >> BigInt(BITS * k))));
  return limbs;
}

const P_LIMBS = toLimbs(P);

/**
 * libsecp256k1 gives up after about 1,500 posdivsteps. Random keys take 26 to 34 rounds of 26;
 * nothing proves that every input converges, hence the bound and the fallback below.
 */
const MAX_ROUNDS = 58;

/** -1/f mod 2^32 for odd f: 3f xor 2 is right to 5 bits, and each Newton step doubles that. */
function negInverse(f: number): number {
  let x = (3 * f) ^ 2;
  for (let k = 0; k < 3; k++) x = Math.imul(x, 2 - Math.imul(f, x));
  return -x;
}

/**
 * The Legendre symbol (c/p), or 0 if it did not converge, by the "posdivsteps" of libsecp256k1's
 * secp256k1_jacobi32_maybe_var (Bernstein and Yang's safegcd, kept to positive f and g so the
 * Jacobi symbol (g/f) stays defined). A step looks only at the low bits of f and g, so each round
 * runs 26 steps on 32-bit integers and applies them to the whole numbers at once as a 2×2 matrix:
 * about 30 passes over ten limbs, where a Euclidean Jacobi symbol needs some 150 BigInt divisions
 * (three to four times slower). Adding multiples of f to g keeps (g/f); halving g flips it when
 * f ≡ 3 or 5 (mod 8), and swapping them when both are ≡ 3 (mod 4), by quadratic reciprocity.
 */
function legendre(c: bigint): number {
  const f = P_LIMBS.slice();
  const g = toLimbs(c);
  let len = LIMBS;
  let eta = -1;
  let flips = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // The low 32 bits are enough for 26 steps: each step uses up one bit of g, and the symbol
    // still needs f mod 8 at the end.
    let fLow = ((f[0] ?? 0) + (f[1] ?? 0) * LIMB) >>> 0;
    let gLow = ((g[0] ?? 0) + (g[1] ?? 0) * LIMB) >>> 0;
    let fInverse = negInverse(fLow);
    // [u v; q r] maps the round's starting f, g to 2^26 times its final f, g.
    let u = 1;
    let v = 0;
    let q = 0;
    let r = 1;
    let steps = BITS;
    for (;;) {
      // Halve g as often as it is even (a sentinel bit stops the count at the steps left).
      const bits = gLow | (-1 << steps);
      const zeros = 31 - Math.clz32(bits & -bits);
      gLow >>>= zeros;
      u *= 1 << zeros;
      v *= 1 << zeros;
      eta -= zeros;
      steps -= zeros;
      flips ^= zeros & ((fLow >>> 1) ^ (fLow >>> 2));
      if (steps === 0) break;
      if (eta < 0) {
        eta = -eta;
        flips ^= (fLow & gLow) >>> 1;
        let t = fLow;
        fLow = gLow;
        gLow = t;
        t = u;
        u = q;
        q = t;
        t = v;
        v = r;
        r = t;
        fInverse = negInverse(fLow);
      }
      // Add the multiple of f that clears as many low bits of g as the next steps would.
      const w = (Math.imul(fInverse, gLow) & (-1 >>> (32 - Math.min(eta + 1, steps)))) >>> 0;
      gLow = (gLow + Math.imul(fLow, w)) >>> 0;
      q += u * w;
      r += v * w;
    }
    let fCarry = 0;
    let gCarry = 0;
    for (let k = 0; k < len; k++) {
      const fLimb = f[k] ?? 0;
      const gLimb = g[k] ?? 0;
      fCarry += u * fLimb + v * gLimb;
      gCarry += q * fLimb + r * gLimb;
      const fOut = fCarry & (LIMB - 1);
      const gOut = gCarry & (LIMB - 1);
      // The matrix carries a factor 2^26: the low limb comes out zero, every other one moves down.
      if (k > 0) {
        f[k - 1] = fOut;
        g[k - 1] = gOut;
      }
      fCarry = (fCarry - fOut) / LIMB;
      gCarry = (gCarry - gOut) / LIMB;
    }
    f[len - 1] = fCarry;
    g[len - 1] = gCarry;
    // f and g meet at gcd(c, p) = 1, where (g/f) = 1. Limbs past len are zero.
    if (f.every((limb, k) => limb === (k === 0 ? 1 : 0))) return flips & 1 ? -1 : 1;
    if (len > 1 && f[len - 1] === 0 && g[len - 1] === 0) len--;
  }
  return 0;
}

/**
 * True when the 32 bytes are the x-coordinate of a point on y² = x³ + 7 over F_p, i.e. BIP-340's
 * lift_x succeeds: x < p and x³ + 7 is a square mod p (its Legendre symbol is 1). c = 0 cannot
 * occur on secp256k1 (its group has odd prime order, so no point has y = 0).
 */
export function isXOnlyKeyOnCurve(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  // Four 64-bit reads: a hex string or a shift per byte took longer than the cube below.
  const view = new DataView(key.buffer, key.byteOffset, 32);
  let x = 0n;
  for (let i = 0; i < 32; i += 8) x = (x << 64n) | view.getBigUint64(i);
  if (x >= P) return false;
  const c = (((x * x) % P) * x + 7n) % P;
  const symbol = legendre(c);
  if (symbol !== 0) return symbol === 1;
  // Euler's criterion, c^((p-1)/2) = 1: exact for any input, some 25 times slower.
  let power = 1n;
  let base = c;
  for (let e = (P - 1n) >> 1n; e > 0n; e >>= 1n) {
    if (e & 1n) power = (power * base) % P;
    base = (base * base) % P;
  }
  return power === 1n;
}
