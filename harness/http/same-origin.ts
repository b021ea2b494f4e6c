// Same origin means scheme + host + port, as browsers and reqwest mean it. It is the one test of
// whether a credential may go to a URL the user did not give: `run` follows a redirect only there,
// and `doctor` re-probes only there. https → http is another origin, so a key never downgrades.

/** True when both URLs parse and share scheme, host and port (default ports included). */
export function sameOrigin(a: string | URL, b: string | URL): boolean {
  const first = parse(a);
  const second = parse(b);
  // Opaque origins (data:, file:) serialize as "null": never the same as anything.
  return first !== undefined && second !== undefined && first.origin !== 'null' && first.origin === second.origin;
}

/** The origin of a URL for messages (`http://127.0.0.1:8081`), or undefined when it does not parse. */
export function originOf(url: string | URL): string | undefined {
  const parsed = parse(url);
  return parsed && parsed.origin !== 'null' ? parsed.origin : undefined;
}

function parse(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
