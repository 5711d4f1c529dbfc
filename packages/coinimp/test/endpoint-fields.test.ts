/**
 * Each call reads, at the call, exactly the fields its input schema takes: the table in
 * endpoints.ts names them apart from the schemas (which load later), so the two must agree.
 */
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "../src/endpoints.js";
import { inputs } from "../src/schemas/index.js";

/** The object schema at the start of an input schema (a pipe's first stage). */
function shapeOf(schema: unknown): Record<string, unknown> {
  const def = (schema as { _zod: { def: { type: string; in?: unknown; shape?: object } } })._zod
    .def;
  if (def.type === "pipe") return shapeOf(def.in);
  if (def.type !== "object" || !def.shape) throw new Error(`no object schema: ${def.type}`);
  return def.shape as Record<string, unknown>;
}

describe("ENDPOINTS[call].fields are the fields of inputs[call]", () => {
  it("the same calls in both", () => {
    expect(Object.keys(ENDPOINTS).sort()).toEqual(Object.keys(inputs).sort());
  });

  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    it(name, () => {
      const schema = inputs[name as keyof typeof inputs];
      expect([...endpoint.fields].sort()).toEqual(Object.keys(shapeOf(schema)).sort());
    });
  }
});
