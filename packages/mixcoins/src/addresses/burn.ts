/**
 * The burn rule, one for every currency: an address whose hash, witness program or key is all
 * zero bytes is its kind's conventional burn address (`1111111111111111111114oLvT2`,
 * `bitcoincash:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqfnhks603`, `0x000…0`). Nobody holds a key for it:
 * coins paid there are gone, so it is refused like any other address nobody can spend.
 */
import { type AddressCheck, reject } from "./types.js";

/** Whether the payload is all zero bytes (or, for hex text, all zero digits). */
export function isBurn(payload: Uint8Array | string): boolean {
  return typeof payload === "string" ? /^0+$/.test(payload) : payload.every((byte) => byte === 0);
}

/** The refusal of a burn address. */
export function rejectBurn(what: string): AddressCheck {
  return reject(
    `${what} is all zeros: this is a burn address, nobody can spend from it, refusing to pay to it`,
  );
}
