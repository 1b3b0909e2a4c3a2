import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../../shared/api";
import { useSignedInMember } from "../member-session";
import { type MemberMall, mallApi } from "./mall-api";

/** The mall API bound to this shop; a 401 anywhere signs the member out, as the rest of the page does. */
export function useMallApi() {
  const { shop, setMember } = useSignedInMember();
  const api = useMemo(() => mallApi(shop.slug), [shop.slug]);
  const signOutOn401 = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMember(null);
    },
    [setMember],
  );
  return { api, signOutOn401 };
}

export type MallLoad = { mall: MemberMall | null; error: unknown; loading: boolean; reload(): void };

export function useMemberMall(): MallLoad {
  const { api, signOutOn401 } = useMallApi();
  const [state, setState] = useState<{ mall: MemberMall | null; error: unknown; loading: boolean }>({
    mall: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.mall().then(
      (mall) => live && setState({ mall, error: null, loading: false }),
      (error: unknown) => {
        signOutOn401(error);
        if (live) setState({ mall: null, error, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [api, signOutOn401, generation]);
  return { ...state, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}

/** A fresh idempotency key per confirmation; works on plain-http pages where randomUUID is missing. */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
