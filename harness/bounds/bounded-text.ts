// Relay-controlled text is kept only as a short copy of its own. A plain slice of a long string
// keeps the whole original alive in V8 (a "sliced string" points into its parent), so a 2,000
// character excerpt of an 8 MB event would hold the 8 MB: the copies here own their characters.

/** `text`, cut to `max` UTF-16 code units and then marked with "…", as an independent copy. */
export function capText(text: string, max: number): string {
  return text.length <= max ? detach(text) : `${textPrefix(text, max)}…`;
}

/** The first `max` UTF-16 code units of `text` (never half of a surrogate pair), as an independent copy. */
export function textPrefix(text: string, max: number): string {
  if (text.length <= max) return detach(text);
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return detach(text.slice(0, end));
}

/** A flat copy that shares no memory with `text` (UTF-16 round-trips every code unit, lone surrogates too). */
function detach(text: string): string {
  // V8 copies strings this short anyway.
  return text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
