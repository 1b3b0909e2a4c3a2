import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, api, rememberCsrfToken, setUnauthenticatedHandler } from "../shared/api";
import { hasShop, type Me, type Permission, type SetupStatus, type ShopMe } from "../shared/api-types";
import { useLocale } from "./i18n/locale-context";

export type SessionPhase = "loading" | "failed" | "setup" | "anonymous" | "signed-in";

type SessionState = {
  phase: SessionPhase;
  me: Me | null;
  error: ApiError | null;
  /** Store the Me returned by login, setup, invitation acceptance or a shop switch. */
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
  switchMerchant: (merchantId: string) => Promise<void>;
  reload: () => void;
  /** Re-read /api/auth/me after a change to the shop (name, zone, language) without leaving the page. */
  refreshMe: () => Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { adoptMerchantLocale } = useLocale();
  const [phase, setPhase] = useState<SessionPhase>("loading");
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);

  const signedIn = useCallback(
    (next: Me) => {
      rememberCsrfToken(next.csrfToken);
      if (next.merchant) adoptMerchantLocale(next.merchant.locale);
      setMe(next);
      setPhase("signed-in");
    },
    [adoptMerchantLocale],
  );

  const signedOut = useCallback(() => {
    rememberCsrfToken(null);
    setMe(null);
    setPhase("anonymous");
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(signedOut);
    return () => setUnauthenticatedHandler(null);
  }, [signedOut]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    let live = true;
    loadSession()
      .then((result) => {
        if (!live) return;
        if (result === "setup") setPhase("setup");
        else if (result === null) signedOut();
        else signedIn(result);
      })
      .catch((cause: unknown) => {
        if (!live) return;
        setError(cause instanceof ApiError ? cause : new ApiError(0, "internal", String(cause)));
        setPhase("failed");
      });
    return () => {
      live = false;
    };
  }, [generation, signedIn, signedOut]);

  const state = useMemo<SessionState>(
    () => ({
      phase,
      me,
      error,
      signedIn,
      logout: async () => {
        await api.post("/api/auth/logout").catch(() => undefined);
        signedOut();
      },
      switchMerchant: async (merchantId) => signedIn(await api.post<Me>("/api/auth/switch", { merchantId })),
      refreshMe: async () => signedIn(await api.get<Me>("/api/auth/me")),
      reload: () => {
        setPhase("loading");
        setGeneration((g) => g + 1);
      },
    }),
    [phase, me, error, signedIn, signedOut],
  );

  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

async function loadSession(): Promise<Me | "setup" | null> {
  const status = await api.get<SetupStatus>("/api/setup/status");
  if (status.needsSetup) return "setup";
  try {
    return await api.get<Me>("/api/auth/me", undefined, { quietUnauthenticated: true });
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 401) return null;
    throw cause;
  }
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}

/** The signed-in staff member and their shop; only for components rendered inside the signed-in layout. */
export function useMe(): ShopMe {
  const { me } = useSession();
  if (!me || !hasShop(me)) throw new Error("useMe without a shop session");
  return me;
}

export function useCan(): (permission: Permission) => boolean {
  const me = useMe();
  return useCallback((permission: Permission) => me.permissions.includes(permission), [me]);
}
