import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../shared/api";
import type { Page } from "../shared/api-types";

function toApiError(cause: unknown): ApiError {
  return cause instanceof ApiError ? cause : new ApiError(0, "internal", String(cause));
}

export type Loaded<T> = {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
};

/** Loads once per change of `key` (a string that captures every input of `load`), ignoring stale answers. */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key and generation are the triggers
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (cause: unknown) => {
        if (!live) return;
        setError(toApiError(cause));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, generation]);

  return { data, error, loading, reload: useCallback(() => setGeneration((g) => g + 1), []), setData };
}

/** GET a JSON resource; `path` null means "not yet". */
export function useGet<T>(path: string | null): Loaded<T> {
  return useLoad<T>(path, () => api.get<T>(path ?? ""));
}

export type CursorList<T> = {
  items: T[];
  error: ApiError | null;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  replaceItem: (item: T, same: (a: T, b: T) => boolean) => void;
};

type Query = Record<string, string | number | undefined>;

/** A cursor-paginated list ({data, nextCursor}) with "load more"; restarts when the query changes. */
export function useCursorList<T>(path: string, query: Query = {}, limit = 50): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const requestId = useRef(0);
  const request = useRef({ path, query, limit });
  request.current = { path, query, limit };
  const key = JSON.stringify([path, query, limit]);

  const fetchPage = useCallback(async (after: string | null, append: boolean) => {
    const id = ++requestId.current;
    const { path, query, limit } = request.current;
    setLoading(true);
    setError(null);
    try {
      const page = await api.get<Page<T>>(path, { ...query, limit, cursor: after ?? undefined });
      if (id !== requestId.current) return;
      setItems((previous) => (append ? [...previous, ...page.data] : page.data));
      setCursor(page.nextCursor);
    } catch (cause) {
      if (id === requestId.current) setError(toApiError(cause));
    } finally {
      if (id === requestId.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: key (path, query, limit) and generation are the triggers
  useEffect(() => {
    void fetchPage(null, false);
  }, [fetchPage, key, generation]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor, true),
    reload: useCallback(() => setGeneration((g) => g + 1), []),
    replaceItem: (item, same) => setItems((previous) => previous.map((x) => (same(x, item) ? item : x))),
  };
}
