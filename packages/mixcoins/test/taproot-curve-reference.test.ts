/**
 * isXOnlyKeyOnCurve (26-bit-limb batched Jacobi steps, Euler fallback) against an independent
 * BigInt reference: lift_x succeeds iff x < p and (x³+7)^((p-1)/2) ≡ 1 (mod p). The Euler fallback
 * is reached through crafted keys whose x³+7 needs more rounds than the steps are allowed.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isXOnlyKeyOnCurve } from "../src/addresses/secp256k1.js";

const P = 2n ** 256n - 2n ** 32n - 977n;
function modpow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}
const euler = (c: bigint) => {
  const r = modpow(((c % P) + P) % P, (P - 1n) / 2n, P);
  return r === 0n ? 0 : r === 1n ? 1 : -1;
};
const onCurve = (x: bigint) => x < P && euler(x ** 3n + 7n) === 1;
const bytes = (x: bigint) => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};
const fromBytes = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString("hex")}`);

/** Limb-pattern values: every 26-bit limb all ones, alternating, one bit per limb, etc. */
function patterns(): bigint[] {
  const out: bigint[] = [];
  const limbPattern = (limb: bigint) => {
    let v = 0n;
    for (let k = 0; k < 10; k++) v |= limb << BigInt(26 * k);
    return BigInt.asUintN(256, v);
  };
  for (const limb of [0x3ffffffn, 0x2aaaaaan, 0x1555555n, 1n, 0x2000000n, 0x3fffffen, 0x0ffffffn])
    out.push(limbPattern(limb));
  for (let k = 0; k < 256; k++) {
    out.push(
      1n << BigInt(k),
      (1n << BigInt(k)) - 1n,
      P - (1n << BigInt(k)) > 0n ? P - (1n << BigInt(k)) : 1n,
    );
  }
  for (let k = 0n; k < 64n; k++) out.push(k, P - 1n - k, 2n ** 256n - 1n - k, P + k);
  out.push((P - 1n) / 2n, (P + 1n) / 2n, (P - 1n) / 3n, 2n ** 255n, 2n ** 224n - 1n);
  return out.filter((v) => v >= 0n && v < 2n ** 256n);
}

describe("isXOnlyKeyOnCurve vs BigInt lift_x", () => {
  it("edge values of x (0, small, x ≥ p, near 2^256, limb patterns)", () => {
    for (const x of patterns())
      expect(isXOnlyKeyOnCurve(bytes(x)), `x=${x.toString(16)}`).toBe(onCurve(x));
  });

  it("random x (5,000), also through unaligned subarray views", () => {
    const pool = randomBytes(32 * 5000 + 1);
    for (let i = 0; i < 5000; i++) {
      const key = pool.subarray(1 + 32 * i, 1 + 32 * (i + 1)); // odd byteOffset
      expect(isXOnlyKeyOnCurve(key)).toBe(onCurve(fromBytes(key)));
    }
  });

  it("lengths other than 32 are refused", () => {
    expect(isXOnlyKeyOnCurve(new Uint8Array(31))).toBe(false);
    expect(isXOnlyKeyOnCurve(new Uint8Array(33))).toBe(false);
  });
});

describe("the Euler fallback, reached through the public function", () => {
  it("x whose x³+7 needs more than 58 rounds (e.g. c = 7·2^26): verdict still right", async () => {
    // p ≡ 7 (mod 9): a cube root of a cubic residue a is a^((p+2)/9).
    const cbrt = (a: bigint) => {
      const r = modpow(a, (P + 2n) / 9n, P);
      return (r * r * r) % P === ((a % P) + P) % P ? r : undefined;
    };
    let viaFallback = 0;
    for (let m = 1n; m < 200n; m += 2n)
      for (let k = 0n; k < 250n; k++)
        for (const c of [m << k, P - (m << k)]) {
          if (c <= 7n || c >= P) continue;
          const x = cbrt(c - 7n);
          if (x === undefined) continue;
          expect((x ** 3n + 7n) % P).toBe(c);
          expect(isXOnlyKeyOnCurve(bytes(x)), `x=${x.toString(16)}`).toBe(onCurve(x));
          viaFallback++;
        }
    expect(viaFallback).toBeGreaterThan(0);
  });
});
