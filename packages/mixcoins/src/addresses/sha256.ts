/**
 * SHA-256 (FIPS 180-4, §4.1.2, §4.2.2, §5.1.1, §6.2), written out for one job: the double-SHA-256
 * checksum of base58check addresses. A general-purpose hashing library weighs several kilobytes in
 * a browser bundle; this is the whole algorithm, checked against node:crypto in the tests.
 *
 * Its constants are not copied in as tables but derived the way §4.2.2 and §5.3.3 define them, in
 * exact integer arithmetic: the first 32 fractional bits of the square roots (initial hash value)
 * and cube roots (round constants) of the first primes.
 */

/** The first `count` primes, by trial division (the largest needed is 311). */
function primes(count: number): number[] {
  const found: number[] = [];
  for (let n = 2; found.length < count; n++) {
    if (found.every((p) => n % p !== 0)) found.push(n);
  }
  return found;
}

/**
 * The first 32 bits of the fractional part of n^(1/k): the integer k-th root of n·2^(32k), bit by
 * bit from the top, modulo 2^32. BigInt keeps it exact (a floating-point root is engine-dependent
 * in its last bits).
 */
function fractionBits(n: number, k: number): number {
  const target = BigInt(n) << BigInt(32 * k);
  let root = 0n;
  // n ≤ 311 < 2^9, so for k ≥ 2 the root is below 2^(32 + 9/k) < 2^37: start above that.
  for (let bit = 1n << 40n; bit > 0n; bit >>= 1n) {
    if ((root | bit) ** BigInt(k) <= target) root |= bit;
  }
  return Number(root & 0xffffffffn);
}

/**
 * K, from the cube roots of the first 64 primes (§4.2.2), and H(0), from the square roots of the
 * first 8 (§5.3.3). Derived on the first hash (about a millisecond), so importing costs nothing.
 */
let K: number[] = [];
let INITIAL_HASH: number[] = [];

/** ROTR^n(x) on 32-bit words (§3.2). */
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 digest of `message`: 32 bytes. */
export function sha256(message: Uint8Array): Uint8Array {
  // §5.1.1 padding: a 1 bit, zeros, then the message length in bits as a 64-bit big-endian
  // integer, to a multiple of 64 bytes. (setUint32 truncates to an integer and keeps 32 bits.)
  const length = message.length;
  const padded = new Uint8Array((((length + 8) >> 6) + 1) * 64);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, length / 2 ** 29);
  view.setUint32(padded.length - 4, length * 8);

  if (K.length === 0) {
    const first = primes(64);
    K = first.map((p) => fractionBits(p, 3));
    INITIAL_HASH = first.slice(0, 8).map((p) => fractionBits(p, 2));
  }
  // Typed arrays store every sum modulo 2^32, which is the spec's word addition.
  const hash = Uint32Array.from(INITIAL_HASH);
  const w = new Uint32Array(64);
  for (let block = 0; block < padded.length; block += 64) {
    // The working variables a..h are v[0]..v[7].
    const v = hash.slice();
    for (let t = 0; t < 64; t++) {
      // §6.2.2 step 1, the message schedule, each word computed as its round comes.
      const w15 = w[t - 15] ?? 0;
      const w2 = w[t - 2] ?? 0;
      w[t] =
        t < 16
          ? view.getUint32(block + 4 * t)
          : (w[t - 16] ?? 0) +
            (rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3)) +
            (w[t - 7] ?? 0) +
            (rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10));
      // Step 3: one round.
      const [a = 0, b = 0, c = 0, , e = 0, f = 0, g = 0, h = 0] = v;
      const t1 =
        h +
        (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
        ((e & f) ^ (~e & g)) +
        (K[t] ?? 0) +
        (w[t] ?? 0);
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      // h = g, g = f, f = e, e = d + T1, d = c, c = b, b = a, a = T1 + T2.
      v.copyWithin(1, 0);
      v[0] = t1 + t2;
      v[4] = (v[4] ?? 0) + t1;
    }
    // Step 4: the intermediate hash value.
    hash.forEach((word, i) => {
      hash[i] = word + (v[i] ?? 0);
    });
  }
  // The digest is H0..H7, big-endian; Uint8Array keeps the low 8 bits of each shifted word.
  return Uint8Array.from({ length: 32 }, (_, i) => (hash[i >> 2] ?? 0) >>> (24 - 8 * (i % 4)));
}
