/** The characters that would split a header or be refused by `fetch` after a call was counted. */
export const CONTROL_CHARACTERS = [
  ["CR LF", "\r\n"],
  ["LF", "\n"],
  ["CR", "\r"],
  ["NUL", "\0"],
] as const;
