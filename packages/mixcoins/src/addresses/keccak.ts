/**
 * Keccak-256, written out for one job: the EIP-55 checksum of Ethereum addresses (one hash of 40
 * ASCII bytes per check). It is Keccak[r=1088, c=512] as submitted to the SHA-3 competition ("The
 * Keccak reference", version 3.0, §1.2 and §5.1) with the original padding: first byte 0x01.
 * FIPS 202's SHA3-256 pads with 0x06 instead and gives different digests; Ethereum (the Yellow
 * Paper's KEC) and EIP-55 use the original.
 *
 * Lanes are 64-bit BigInts: slower than 32-bit halves but a direct transcription of the reference.
 * Speed is secondary here, correctness is everything: the tests compare it with @noble/hashes.
 */

/** The rate: bytes absorbed per permutation (1600-bit state minus 2 × 256 bits of capacity). */
const RATE = 136;

/** ROT(x, n) on 64-bit lanes. */
const rotl = (x: bigint, n: number) => BigInt.asUintN(64, (x << BigInt(n)) | (x >> BigInt(64 - n)));

/**
 * Keccak-f[1600] on 25 lanes, lane (x, y) at index x + 5y. The step constants are generated as
 * the reference defines them rather than copied in as tables: ρ and π walk the lanes along
 * (x, y) → (y, 2x + 3y) from (1, 0), rotating the t-th lane visited by (t + 1)(t + 2)/2; ι's
 * round constants come from the LFSR x^8 + x^6 + x^5 + x^4 + 1, whose output rc(7i + j) is bit
 * 2^j − 1 of round i's constant.
 */
function permute(state: bigint[]): void {
  const lane = (i: number) => state[i] ?? 0n;
  for (let round = 0, lfsr = 1; round < 24; round++) {
    // θ: xor each lane with the parities of two neighbouring columns.
    const parity = [0, 1, 2, 3, 4].map(
      (x) => lane(x) ^ lane(x + 5) ^ lane(x + 10) ^ lane(x + 15) ^ lane(x + 20),
    );
    for (let i = 0; i < 25; i++) {
      state[i] = lane(i) ^ (parity[(i + 4) % 5] ?? 0n) ^ rotl(parity[(i + 1) % 5] ?? 0n, 1);
    }
    // ρ and π together: move each lane one step along the walk, rotating it.
    let carried = lane(1);
    for (let t = 0, x = 1, y = 0; t < 24; t++) {
      [x, y] = [y, (2 * x + 3 * y) % 5];
      const next = lane(x + 5 * y);
      state[x + 5 * y] = rotl(carried, (((t + 1) * (t + 2)) / 2) % 64);
      carried = next;
    }
    // χ: the only non-linear step, row by row (from a copy: every lane reads the old row).
    for (let y = 0; y < 25; y += 5) {
      const row = state.slice(y, y + 5);
      row.forEach((a, x) => {
        state[y + x] = a ^ (~(row[(x + 1) % 5] ?? 0n) & (row[(x + 2) % 5] ?? 0n));
      });
    }
    // ι: xor in the round constant, breaking the symmetry between rounds.
    for (let j = 0; j < 7; j++) {
      lfsr = ((lfsr << 1) ^ ((lfsr >> 7) * 0x71)) & 0xff;
      if (lfsr & 2) state[0] = lane(0) ^ (1n << BigInt(2 ** j - 1));
    }
  }
}

/** Keccak-256 digest of `message` (Ethereum's "keccak256"): 32 bytes. */
export function keccak256(message: Uint8Array): Uint8Array {
  // Pad10*1 with the original Keccak domain byte: 0x01 after the message, 0x80 in the block's
  // last byte (the two share one byte, 0x81, when only one byte of the block is left).
  const padded = new Uint8Array((Math.floor(message.length / RATE) + 1) * RATE);
  padded.set([...message, 0x01]);
  padded[padded.length - 1] = (padded[padded.length - 1] ?? 0) | 0x80;

  const state: bigint[] = new Array(25).fill(0n);
  // Bytes enter and leave the lanes little-endian: byte i of a block is bits 8(i mod 8) onwards
  // of lane i / 8.
  const shift = (i: number) => BigInt(8 * (i % 8));
  padded.forEach((byte, i) => {
    const lane = (i % RATE) >> 3;
    state[lane] = (state[lane] ?? 0n) ^ (BigInt(byte) << shift(i));
    if (i % RATE === RATE - 1) permute(state);
  });
  return Uint8Array.from({ length: 32 }, (_, i) =>
    Number(((state[i >> 3] ?? 0n) >> shift(i)) & 0xffn),
  );
}
