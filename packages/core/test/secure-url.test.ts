import { describe, expect, it } from "vitest";
import { ValidationError } from "../src/errors.js";
import { isLoopbackHost, secureBaseURL } from "../src/secure-url.js";

/** The ValidationError `secureBaseURL` throws; fails the test if it returns. */
function refusal(baseURL: string, allowInsecureHttp?: boolean): ValidationError {
  try {
    const url = secureBaseURL(baseURL, allowInsecureHttp);
    throw new Error(`expected a ValidationError, got ${url.href}`);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.issues).toHaveLength(1);
    expect(validation.issues[0]?.path).toEqual(["baseURL"]);
    return validation;
  }
}

describe("secureBaseURL", () => {
  it.each([
    ["https://www.coinimp.com", "https://www.coinimp.com/"],
    ["https://api.mixcoins.example/v1/", "https://api.mixcoins.example/v1/"],
    ["https://example.com:8443/api", "https://example.com:8443/api"],
    ["HTTPS://Example.COM/Api", "https://example.com/Api"],
  ])("accepts https: %s", (input, href) => {
    const url = secureBaseURL(input);
    expect(url).toBeInstanceOf(URL);
    expect(url.href).toBe(href);
  });

  it.each([
    "http://localhost",
    "http://localhost:8787/api",
    "http://LOCALHOST:3000",
    "http://127.0.0.1:3000",
    "http://127.1.2.3",
    "http://127.255.255.255:1",
    "http://[::1]:8080/",
    "http://x.localhost",
    "http://api.dev.localhost:5173/v2",
  ])("accepts http: to the loopback host %s", (input) => {
    expect(secureBaseURL(input).protocol).toBe("http:");
  });

  it.each([
    "http://example.com",
    "http://www.coinimp.com/api",
    "http://10.0.0.1",
    "http://192.168.1.10:8080",
    "http://0.0.0.0",
    "http://128.0.0.1",
    "http://[::2]",
    "http://127.0.0.1.nip.io",
    "http://localhost.evil.example",
    "http://evil-localhost",
    "http://notlocalhost",
  ])("refuses http: to the remote host %s", (input) => {
    const error = refusal(input);
    expect(error.issues[0]?.message).toContain("allowInsecureHttp");
    expect(error.issues[0]?.message).toContain("clear text");
  });

  it("accepts http: to any host with allowInsecureHttp", () => {
    expect(secureBaseURL("http://example.com/api", true).href).toBe("http://example.com/api");
    expect(secureBaseURL("https://example.com", true).protocol).toBe("https:");
  });

  it.each(["ftp://example.com", "ws://localhost", "file:///etc/passwd", "javascript:alert(1)"])(
    "refuses the scheme of %s, even with allowInsecureHttp",
    (input) => {
      expect(refusal(input).issues[0]?.message).toMatch(/must use https:/);
      expect(refusal(input, true).issues[0]?.message).toMatch(/must use https:/);
    },
  );

  it.each(["/api/v2", "api.example.com", "//example.com/api", "", "https://", "http://"])(
    "refuses the relative or malformed URL %j",
    (input) => {
      expect(refusal(input).issues[0]?.message).toMatch(/must be an absolute URL/);
    },
  );

  it.each([
    "https://user:hunter2@example.com",
    "https://user@example.com",
    "https://:hunter2@example.com",
    "http://user:hunter2@localhost",
  ])("refuses credentials in %s, without repeating them", (input) => {
    const error = refusal(input, true);
    expect(error.issues[0]?.message).toContain("credentials");
    expect(error.message).not.toContain("hunter2");
  });

  it("does not repeat the credentials of a URL that does not parse", () => {
    const error = refusal("https://user:hunter2@");
    expect(error.issues[0]?.message).toMatch(/must be an absolute URL/);
    expect(error.message).not.toContain("hunter2");
  });

  it.each([
    "https://example.com/api?key=1",
    "https://example.com/api?",
    "https://example.com/api#top",
    "https://example.com/api#",
    "http://localhost:3000/?debug=1",
  ])("refuses the query or fragment of %s", (input) => {
    expect(refusal(input).issues[0]?.message).toBe("must not contain a query or a fragment");
  });

  it("names the offending host in the message and the baseURL in the error", () => {
    const error = refusal("http://example.com");
    expect(error.message).toMatch(/^Invalid input: baseURL: /);
    expect(error.message).toContain("example.com");
    expect(error.code).toBe("validation_error");
  });
});

describe("isLoopbackHost", () => {
  it.each([
    "localhost",
    "LocalHost",
    "a.localhost",
    "127.0.0.1",
    "127.0.0.2",
    "127.200.100.50",
    "::1",
    "[::1]",
  ])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    "",
    "example.com",
    "localhost.example.com",
    "mylocalhost",
    "127.0.0.1.example.com",
    "127.0.0",
    "1127.0.0.1",
    "128.0.0.1",
    "0.0.0.0",
    "::2",
    "[::]",
  ])("%j is not loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
