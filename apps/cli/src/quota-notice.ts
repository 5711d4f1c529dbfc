/**
 * CoinImp's quota can hold a call for minutes: say so, with the time left, on stderr. On a
 * terminal the line counts down in place; elsewhere it is said once.
 */

export function quotaNotice({ waitMs }: { waitMs: number }): void {
  const seconds = Math.ceil(waitMs / 1000);
  if (!process.stderr.isTTY) {
    process.stderr.write(
      `cointap: waiting ${seconds} s for the CoinImp quota (3 calls a minute)…\n`,
    );
    return;
  }
  let left = seconds;
  const draw = () => process.stderr.write(`\r⏳ waiting for the CoinImp quota: ${left} s `);
  draw();
  const timer = setInterval(() => {
    left -= 1;
    if (left > 0) return draw();
    clearInterval(timer);
    process.stderr.write("\r\u001b[2K");
  }, 1000);
  timer.unref();
}
