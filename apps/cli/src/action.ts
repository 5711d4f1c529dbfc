/**
 * Every command's body runs through `action`: the result printed (table or `--json`), any error
 * reported as one line on stderr with its exit code — and with `--json`, as one JSON document on
 * stdout too. `--debug` adds the error's details, which the clients have already redacted.
 */

import { inspect } from "node:util";
import { describeError, exitCodeFor } from "./exit-codes.js";
import { print } from "./output.js";

type Args = Record<string, unknown> & { json?: boolean | undefined; debug?: boolean | undefined };

export function action<A extends Args>(run: (args: A, rawArgs: string[]) => Promise<unknown>) {
  return async ({ args, rawArgs }: { args: A; rawArgs: string[] }): Promise<void> => {
    const json = Boolean(args.json);
    try {
      const result = await run(args, rawArgs);
      if (result !== undefined) print(result, json);
    } catch (error) {
      const code = exitCodeFor(error);
      process.exitCode = code;
      const message = describeError(error);
      process.stderr.write(`cointap: ${message}\n`);
      if (args.debug) process.stderr.write(`${inspect(error, { depth: 6 })}\n`);
      if (json) {
        const name = error instanceof Error ? error.name : "Error";
        const errorCode = (error as { code?: unknown }).code;
        print(
          {
            error: {
              name,
              code: typeof errorCode === "string" ? errorCode : undefined,
              message,
              exitCode: code,
            },
          },
          true,
        );
      }
    }
  };
}

/** Every value given for a repeatable flag (`--address a --address b`), in order. */
export function repeated(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = [];
  rawArgs.forEach((arg, index) => {
    if (arg === `--${name}`) {
      const next = rawArgs[index + 1];
      if (next !== undefined) values.push(next);
    } else if (arg.startsWith(`--${name}=`)) {
      values.push(arg.slice(name.length + 3));
    }
  });
  return values;
}
