import { useCallback, useMemo } from "react";
import { ApiError } from "../../shared/api";
import { useSignedInMember } from "../member-session";
import { inboxApi } from "./inbox-api";

/** The inbox API bound to this shop; a 401 signs the member out, as the rest of the page does. */
export function useInboxApi() {
  const { shop, setMember } = useSignedInMember();
  const api = useMemo(() => inboxApi(shop.slug), [shop.slug]);
  const signOutOn401 = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMember(null);
    },
    [setMember],
  );
  return { api, signOutOn401, timeZone: shop.timeZone };
}
