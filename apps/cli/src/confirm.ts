/**
 * Money moves only with the user's say-so: `--yes`, or "y" typed at a terminal. Without a terminal
 * and without `--yes`, the command refuses and sends nothing.
 */

import { createInterface } from "node:readline/promises";
import { NotConfirmedError } from "./exit-codes.js";

export async function confirm(question: string, yes: boolean, complete = true): Promise<void> {
  // A command missing a required value fails its input checks before sending anything: let that
  // error (exit 2) speak, rather than ask about an incomplete request.
  if (yes || !complete) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new NotConfirmedError(
      `${question} — refused: not on a terminal; pass --yes to confirm. Nothing was sent.`,
    );
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim()))
      throw new NotConfirmedError("Cancelled. Nothing was sent.");
  } finally {
    prompt.close();
  }
}
