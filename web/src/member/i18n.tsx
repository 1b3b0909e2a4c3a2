import { ConfigProvider } from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { interpolate } from "../shared/i18n/interpolate";
import { type MemberLocale, type MessageKey, messages } from "./messages";

const storageKey = "quanzi.member.locale";

type I18n = {
  locale: MemberLocale;
  setLocale(locale: MemberLocale): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
};

const I18nContext = createContext<I18n | null>(null);

function storedLocale(): MemberLocale | null {
  try {
    const value = localStorage.getItem(storageKey);
    return value === "en" || value === "zh-CN" ? value : null;
  } catch {
    return null; // storage can be disabled in some in-app browsers
  }
}

/** The visitor's own choice wins over the shop's language; zh-CN until either is known. */
export function I18nProvider({ shopLocale, children }: { shopLocale?: MemberLocale; children: ReactNode }) {
  const [chosen, setChosen] = useState<MemberLocale | null>(storedLocale);
  const locale = chosen ?? shopLocale ?? "zh-CN";
  const setLocale = useCallback((next: MemberLocale) => {
    setChosen(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // the choice then lasts for this visit only
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, vars) => interpolate(messages[locale][key], vars) }),
    [locale, setLocale],
  );
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={locale === "en" ? enUS : zhCN}>{children}</ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
