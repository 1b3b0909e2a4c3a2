import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../shared/api";
import { useSignedInMember } from "../member-session";

/** Loads once for the signed-in member; a 401 signs them out, anything else offers a retry. */
export function useMemberLoad<T>(load: (slug: string) => Promise<T>) {
  const { shop, setMember } = useSignedInMember();
  const [data, setData] = useState<T | null>(null);
  const [failed, setFailed] = useState(false);
  const reload = useCallback(() => {
    setFailed(false);
    load(shop.slug).then(setData, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMember(null);
      else setFailed(true);
    });
  }, [load, shop.slug, setMember]);
  useEffect(reload, [reload]);
  return { data, failed, reload };
}
