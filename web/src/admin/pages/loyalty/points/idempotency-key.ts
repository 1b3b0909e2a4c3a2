import { useCallback, useRef } from "react";

/** A fresh random key; randomUUID is missing on plain-http pages. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export type Submission = { body: string; key: string };

/**
 * The Idempotency-Key for sending `body`: the previous key when this is a retry of the same submission
 * (so a request that timed out but went through applies once), a new one when anything was changed.
 */
export function submissionFor(previous: Submission | null, body: unknown, make: () => string): Submission {
  const json = JSON.stringify(body);
  return previous && previous.body === json ? previous : { body: json, key: make() };
}

/** A dialog's submissions: `keyFor(body)` before each send, `settle()` once one succeeded. */
export function useSubmissionKey() {
  const last = useRef<Submission | null>(null);
  const keyFor = useCallback((body: unknown) => {
    last.current = submissionFor(last.current, body, newIdempotencyKey);
    return last.current.key;
  }, []);
  const settle = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, settle };
}
