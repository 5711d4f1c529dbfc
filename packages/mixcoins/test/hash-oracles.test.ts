/**
 * The address checks' purpose-built primitives against independent implementations: SHA-256
 * against node:crypto, Keccak-256 against @noble/hashes, bech32/bech32m and base58(check)
 * against @scure/base — on published known answers, on random valid encodings, and on mutated
 * and arbitrary strings, where both must accept and reject the same inputs and agree on the output.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { base58, bech32, bech32m, createBase58check } from "@scure/base";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase58, decodeBase58check } from "../src/addresses/base58.js";
import {
  type Bech32Decoded,
  type Bech32Variant,
  decodeBech32,
  fromWords,
} from "../src/addresses/bech32.js";
import { keccak256 } from "../src/addresses/keccak.js";
import { sha256 } from "../src/addresses/sha256.js";

const RUNS = { numRuns: 1000 };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const ascii = (text: string) => new TextEncoder().encode(text);
const nodeSha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Bytes whose length sits near the hashes' block boundaries more often than chance would. */
const messages = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .constantFrom(55, 56, 63, 64, 65, 119, 120, 127, 128, 135, 136, 137, 271, 272, 273)
    .chain((length) => fc.uint8Array({ minLength: length, maxLength: length })),
);

describe("sha256 (FIPS 180-4) against node:crypto", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
  ])("the known answer for %j", (text, digest) => {
    expect(hex(sha256(ascii(text)))).toBe(digest);
  });

  it("the known answer for one million 'a's (15,625 blocks)", () => {
    const digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe(digest);
  });

  it("agrees with node:crypto at every length from 0 to 200 bytes (all padding cases)", () => {
    for (let length = 0; length <= 200; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 167 + length) & 0xff);
      expect(hex(sha256(message)), `length ${length}`).toBe(nodeSha256(message));
    }
  });

  it("agrees with node:crypto on random messages", () => {
    fc.assert(
      fc.property(messages, (message) => hex(sha256(message)) === nodeSha256(message)),
      RUNS,
    );
  });

  it("does not modify its input", () => {
    const message = ascii("abc");
    sha256(message);
    expect([...message]).toEqual([0x61, 0x62, 0x63]);
  });
});

describe("keccak256 (original Keccak padding) against @noble/hashes", () => {
  it.each([
    ["", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
    ["abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"],
  ])("the known answer for %j", (text, digest) => {
    expect(hex(keccak256(ascii(text)))).toBe(digest);
  });

  it("is Keccak-256, not FIPS 202 SHA3-256 (padding 0x01, not 0x06)", () => {
    const sha3 = createHash("sha3-256").update(new Uint8Array()).digest("hex");
    expect(sha3).toBe("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    expect(hex(keccak256(new Uint8Array()))).not.toBe(sha3);
  });

  it("agrees with noble at every length from 0 to 300 bytes (1 to 3 blocks of 136)", () => {
    for (let length = 0; length <= 300; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 167 + length) & 0xff);
      expect(hex(keccak256(message)), `length ${length}`).toBe(hex(keccak_256(message)));
    }
  });

  it("agrees with noble on random messages", () => {
    fc.assert(
      fc.property(messages, (message) => hex(keccak256(message)) === hex(keccak_256(message))),
      RUNS,
    );
  });

  it("agrees with noble on the inputs EIP-55 hashes: 40 lower-case hex digits", () => {
    const address = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 40 });
    fc.assert(
      fc.property(address, (text) => hex(keccak256(ascii(text))) === hex(keccak_256(ascii(text)))),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// String codecs: the oracle's verdict (a value or a throw) must be ours (a value or undefined).

/** The oracle's bech32 decoding, either variant, in our shape. */
function scureBech32(text: string, limit?: number | false): Bech32Decoded | undefined {
  for (const [variant, coder] of [
    ["bech32", bech32],
    ["bech32m", bech32m],
  ] as const) {
    const decoded = coder.decodeUnsafe(text, limit);
    if (decoded) return { hrp: decoded.prefix, words: decoded.words, variant };
  }
  return undefined;
}

/** `fn(input)`, or `undefined` when it throws. */
function orUndefined<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** One edit of a string: the typos a person makes, plus characters no encoding allows. */
const edit = fc.record({
  kind: fc.constantFrom("substitute", "delete", "insert", "swap", "flip case"),
  at: fc.nat(),
  ch: fc.oneof(
    fc.constantFrom(..."qpzry9x8gf2tvdw0s3jn54khce6mua7l1bio", ..."0OIl"),
    fc.integer({ min: 0x20, max: 0x7f }).map((code) => String.fromCharCode(code)),
    // Non-ASCII, including characters whose case folding lands in ASCII (Kelvin sign → "k").
    fc.constantFrom("\u212a", "\u0130", "\u017f", "\u00e9", "\u00a0", "\0"),
  ),
});

function applyEdits(text: string, edits: readonly { kind: string; at: number; ch: string }[]) {
  const chars = [...text];
  for (const { kind, at, ch } of edits) {
    const i = chars.length === 0 ? 0 : at % chars.length;
    const old = chars[i] ?? "";
    if (kind === "substitute") chars[i] = ch;
    if (kind === "delete") chars.splice(i, 1);
    if (kind === "insert") chars.splice(i, 0, ch);
    if (kind === "swap") [chars[i], chars[i + 1]] = [chars[i + 1] ?? "", old];
    if (kind === "flip case") {
      chars[i] = old === old.toLowerCase() ? old.toUpperCase() : old.toLowerCase();
    }
  }
  return chars.join("");
}

const edits = fc.array(edit, { minLength: 1, maxLength: 3 });

describe("bech32/bech32m decoding (BIP-173, BIP-350) against @scure/base", () => {
  /** A valid string: any printable HRP, up to 80 data words, either variant, either case. */
  const encoded = fc
    .record({
      hrp: fc.string({
        unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
        minLength: 1,
        maxLength: 12,
      }),
      words: fc.array(fc.integer({ min: 0, max: 31 }), { maxLength: 80 }),
      variant: fc.constantFrom(bech32, bech32m),
      upper: fc.boolean(),
    })
    .map(({ hrp, words, variant, upper }) => {
      const text = variant.encode(hrp, words, false);
      return upper ? text.toUpperCase() : text;
    });

  // The BIP-173 and BIP-350 test vectors, from the shared vector file. Each BIP's invalid strings
  // break one rule each with a checksum that is otherwise right (empty HRP, 5-character
  // checksum, a space in the HRP...); the other variant's valid strings are among them.
  type Encoding = Record<Bech32Variant, Record<"valid" | "invalid", { string: string }[]>>;
  const vectors: { btc: { encoding: Encoding } } = JSON.parse(
    readFileSync(new URL("../../../vectors/addresses.json", import.meta.url), "utf8"),
  );
  const bip = (["bech32", "bech32m"] as const).flatMap((variant) => {
    const { valid, invalid } = vectors.btc.encoding[variant];
    return [
      ...valid.map((v) => ({ text: v.string, expected: variant as Bech32Variant | undefined })),
      ...invalid.map((v) => ({ text: v.string, expected: undefined })),
    ];
  });
  const validIn = (text: string) =>
    bip.find((v) => v.text === text && v.expected !== undefined)?.expected;

  it("has the BIP-173 and BIP-350 vectors", () => expect(bip.length).toBeGreaterThanOrEqual(50));
  it.each(bip)("BIP vector $text", ({ text }) => {
    expect(decodeBech32(text)?.variant).toBe(validIn(text));
    expect(decodeBech32(text)).toEqual(scureBech32(text));
  });

  it("decodes what the oracle encodes, to the same HRP, words and variant", () => {
    fc.assert(
      fc.property(encoded, (text) => {
        expect(decodeBech32(text, false)).toEqual(scureBech32(text, false));
        expect(decodeBech32(text, false)).toBeDefined();
      }),
      RUNS,
    );
  });

  it("accepts and rejects mutated strings exactly as the oracle does (90-character limit)", () => {
    fc.assert(
      fc.property(encoded, edits, (text, changes) => {
        const mutated = applyEdits(text, changes);
        expect(decodeBech32(mutated)).toEqual(scureBech32(mutated));
      }),
      RUNS,
    );
  });

  it("agrees with the oracle on the length limit", () => {
    fc.assert(
      fc.property(encoded, fc.integer({ min: 0, max: 200 }), (text, limit) => {
        expect(decodeBech32(text, limit)).toEqual(scureBech32(text, limit));
      }),
      RUNS,
    );
  });

  it("agrees with the oracle on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        expect(decodeBech32(text, false)).toEqual(scureBech32(text, false));
      }),
      RUNS,
    );
  });

  it("regroups 5-bit words into bytes exactly as the oracle, padding rules included", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 31 }), { maxLength: 70 }), (words) => {
        expect(fromWords(words)).toEqual(bech32.fromWordsUnsafe(words));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 65 }), (bytes) => {
        expect(fromWords(bech32.toWords(bytes))).toEqual(bytes);
      }),
      RUNS,
    );
  });
});

describe("base58 and base58check against @scure/base", () => {
  const base58check = createBase58check(nobleSha256);
  const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  /** Base58 strings, often with leading "1"s (zero bytes). */
  const digits = fc
    .tuple(
      fc.string({ unit: fc.constant("1"), maxLength: 4 }),
      fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 60 }),
    )
    .map(([ones, rest]) => ones + rest);
  /** Payloads: version byte and 20-byte hash, or anything, often starting with zero bytes. */
  const payload = fc
    .tuple(fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ maxLength: 40 }))
    .map(([head, tail]) => Uint8Array.from([...head.map(() => 0), ...tail]));

  it.each([
    ["", []],
    ["1", [0]],
    ["111", [0, 0, 0]],
    ["2", [1]],
    ["z", [57]],
    ["21", [58]],
    ["1112", [0, 0, 0, 1]],
    ["5Q", [0xff]],
  ])("decodes %j", (text, bytes) => {
    expect([...(decodeBase58(text) ?? [-1])]).toEqual(bytes);
  });

  it("base58check needs 4 checksum bytes; with nothing before them the payload is empty", () => {
    // The first 4 bytes of SHA-256(SHA-256("")) are 5d f6 e0 e2.
    expect(decodeBase58check(base58.encode(Uint8Array.of(0x5d, 0xf6, 0xe0, 0xe2)))).toEqual(
      new Uint8Array(),
    );
    expect(decodeBase58check(base58.encode(Uint8Array.of(0x5d, 0xf6, 0xe0)))).toBeUndefined();
    expect(decodeBase58check("")).toBeUndefined();
  });

  it("decodes the genesis block's address to version 0 and its HASH160", () => {
    const decoded = decodeBase58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    expect(hex(decoded ?? new Uint8Array())).toBe("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
  });

  it("decodes base58 to the oracle's bytes, leading zeros included", () => {
    fc.assert(
      fc.property(digits, (text) => {
        expect(decodeBase58(text)).toEqual(base58.decode(text));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(payload, (bytes) => {
        expect(decodeBase58(base58.encode(bytes))).toEqual(bytes);
      }),
      RUNS,
    );
  });

  it("rejects a character outside the alphabet as the oracle does", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(decodeBase58(text)).toEqual(orUndefined(() => base58.decode(text)));
      }),
      RUNS,
    );
  });

  it("base58check: decodes what the oracle encodes, to the same payload", () => {
    fc.assert(
      fc.property(payload, (bytes) => {
        expect(decodeBase58check(base58check.encode(bytes))).toEqual(bytes);
      }),
      RUNS,
    );
  });

  it("base58check: accepts and rejects mutated strings exactly as the oracle does", () => {
    fc.assert(
      fc.property(payload, edits, (bytes, changes) => {
        const mutated = applyEdits(base58check.encode(bytes), changes);
        expect(decodeBase58check(mutated)).toEqual(orUndefined(() => base58check.decode(mutated)));
      }),
      RUNS,
    );
  });

  it("base58check: agrees with the oracle on arbitrary base58 strings (short ones included)", () => {
    fc.assert(
      fc.property(digits, (text) => {
        expect(decodeBase58check(text)).toEqual(orUndefined(() => base58check.decode(text)));
      }),
      RUNS,
    );
  });
});
