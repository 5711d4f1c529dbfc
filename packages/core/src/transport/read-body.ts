/**
 * Reads a response body as text, never more than `maxBytes` of it (DESIGN rule 10): counted while
 * streaming, after decompression, so a 50 MB body or a gzip bomb costs at most the limit.
 */

/** The body as text, or `undefined` when it is larger than `maxBytes` (the rest is not read). */
export async function readBody(response: Response, maxBytes: number): Promise<string | undefined> {
  const body = response.body;
  if (!body) return "";
  // A declared length is the compressed one, so it only ever proves a body too large.
  if (Number(response.headers.get("content-length")) > maxBytes) {
    await body.cancel().catch(() => {});
    return undefined;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A custom fetch's stream may yield anything: bytes are counted, nothing else is read.
    if (!(value instanceof Uint8Array)) {
      await reader.cancel().catch(() => {});
      throw Object.assign(new TypeError("The response body is not a stream of bytes"), {
        code: "COINTAP_BAD_BODY",
      });
    }
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return decoder().decode(chunks.length === 1 ? chunks[0] : concat(chunks, size));
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

let utf8: TextDecoder | undefined;
/** One decoder, made on first use (`TextDecoder#decode` without `stream` keeps no state). */
function decoder(): TextDecoder {
  utf8 ??= new TextDecoder();
  return utf8;
}
