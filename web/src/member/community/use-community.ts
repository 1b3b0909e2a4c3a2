import { useCallback, useEffect, useMemo, useState } from "react";
import { useMemberSession } from "../member-session";
import { communityApi } from "./community-api";

export function useCommunityApi() {
  const { shop } = useMemberSession();
  return useMemo(() => communityApi(shop.slug), [shop.slug]);
}

/** Loads once per key, with reload; errors are kept for the screen to show. */
export function useLoaded<T>(key: string, load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key and generation are the triggers
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (cause: unknown) => {
        if (!live) return;
        setError(cause);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, generation]);
  return { data, error, loading, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}
