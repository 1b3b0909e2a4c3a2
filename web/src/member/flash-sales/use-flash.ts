import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../../shared/api";
import { useSignedInMember } from "../member-session";
import { clockOffset } from "./countdown";
import { flashApi } from "./flash-api";

/** The flash sale API bound to this shop; a 401 anywhere signs the member out, as the rest of the page does. */
export function useFlashApi() {
  const { shop, setMember } = useSignedInMember();
  const api = useMemo(() => flashApi(shop.slug), [shop.slug]);
  const signOutOn401 = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMember(null);
    },
    [setMember],
  );
  return { api, signOutOn401 };
}

export type Polled<T> = {
  data: T | null;
  error: unknown;
  loading: boolean;
  offsetMs: number;
  reload(): void;
};

/**
 * Loads `load` now and again every `everyMs` while the page is visible (live stock), keeping the
 * last good answer on screen when a refresh fails, and the server clock's offset for countdowns.
 */
export function usePolled<T extends { now: string }>(load: () => Promise<T>, everyMs: number): Polled<T> {
  const { signOutOn401 } = useFlashApi();
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean; offsetMs: number }>({
    data: null,
    error: null,
    loading: true,
    offsetMs: 0,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => {
    loadRef.current().then(
      (data) => setState({ data, error: null, loading: false, offsetMs: clockOffset(data.now, Date.now()) }),
      (error: unknown) => {
        signOutOn401(error);
        setState((s) => ({ ...s, error: s.data ? null : error, loading: false }));
      },
    );
  }, [signOutOn401]);
  useEffect(() => {
    reload();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") reload();
    }, everyMs);
    return () => clearInterval(timer);
  }, [reload, everyMs]);
  return { ...state, reload };
}

/** The server's time now, ticking every second. */
export function useServerNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);
  return now;
}

/** A fresh idempotency key per confirmation; works on plain-http pages where randomUUID is missing. */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
