import { useI18n } from "../i18n";
import { type WalletMessageKey, walletText } from "./wallet-messages";

/** `wt(key, vars)` in the member's chosen language. */
export function useWalletText() {
  const { locale } = useI18n();
  return {
    locale,
    wt: (key: WalletMessageKey, vars?: Record<string, string | number>) => walletText(locale, key, vars),
  };
}
