import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../../shared/api";
import { useSignedInMember } from "../member-session";
import { couponsApi } from "./coupons-api";

/** The coupon API bound to this shop; a 401 anywhere signs the member out, as the rest of the page does. */
export function useCouponsApi() {
  const { shop, setMember } = useSignedInMember();
  const api = useMemo(() => couponsApi(shop.slug), [shop.slug]);
  const signOutOn401 = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMember(null);
    },
    [setMember],
  );
  return { api, signOutOn401 };
}

export type Loaded<T> = { data: T | null; error: unknown; loading: boolean; reload(): void };

/** Loads `load()` when it changes and on reload(); keeps the last data while reloading. */
export function useLoaded<T>(load: () => Promise<T>, signOutOn401: (error: unknown) => void): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => {
        signOutOn401(error);
        if (live) setState({ data: null, error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [load, signOutOn401, generation]);
  return { ...state, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}

/** A fresh idempotency key per tap; works on plain-http pages where randomUUID is missing. */
export function newTapKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
