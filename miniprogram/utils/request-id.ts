/**
 * Client request ids of submissions: a new one per submission, kept for a retry of the same input and replaced
 * once the input changed (pure: no `wx`, so unit tests load it as is).
 */

/**
 * A new client request id for one submission. Create it when the person taps submit and keep it
 * for every retry of that submission, so the server makes exactly one record.
 */
export function newRequestId(): string {
  const rand = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `${Date.now().toString(36)}-${rand()}${rand()}`;
}

/**
 * The request id to send `input` with, given the one kept (in the page and its draft) from the last send:
 * the kept id while the input is exactly what it was sent with (a retry: the server answers with the first
 * success), a new id once the input changed (a corrected form is a new submission). The id carries a
 * fingerprint of its input after a `~`, so a draft keeps one string.
 */
export function requestIdFor(kept: string | undefined, input: unknown): string {
  const key = inputKey(input);
  if (kept && kept.endsWith(`~${key}`)) return kept;
  return `${newRequestId()}~${key}`;
}

/** A short fingerprint of a value (key order ignored): two 32-bit FNV-1a hashes of its canonical JSON. */
export function inputKey(input: unknown): string {
  const text = canonical(input);
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return `${fnv(0x811c9dc5)}${fnv(0x050c5d1f)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
