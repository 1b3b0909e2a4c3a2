import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import "dayjs/locale/zh-cn";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { Locale } from "../../shared/api-types";
import { interpolate } from "../../shared/i18n/interpolate";
import { dayjs } from "../../shared/time";
import { en } from "./en";
import { type MessageKey, zh } from "./zh-cn";

const storageKey = "quanzi.admin.locale";
const tables: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zh, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

type LocaleState = {
  locale: Locale;
  t: Translate;
  /** The header switch: remembered in this browser. */
  chooseLocale: (locale: Locale) => void;
  /** The merchant's language, used unless this browser has chosen one. */
  adoptMerchantLocale: (locale: Locale) => void;
};

const LocaleContext = createContext<LocaleState | null>(null);

function readChosenLocale(): Locale | null {
  const stored = localStorage.getItem(storageKey);
  return stored === "en" || stored === "zh-CN" ? stored : null;
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => readChosenLocale() ?? "zh-CN");

  const chooseLocale = useCallback((next: Locale) => {
    localStorage.setItem(storageKey, next);
    setLocale(next);
  }, []);
  const adoptMerchantLocale = useCallback((merchantLocale: Locale) => {
    setLocale(readChosenLocale() ?? merchantLocale);
  }, []);

  const state = useMemo<LocaleState>(() => {
    const table = tables[locale];
    dayjs.locale(locale === "zh-CN" ? "zh-cn" : "en");
    document.documentElement.lang = locale;
    return { locale, t: (key, vars) => interpolate(table[key], vars), chooseLocale, adoptMerchantLocale };
  }, [locale, chooseLocale, adoptMerchantLocale]);

  return (
    <LocaleContext.Provider value={state}>
      <ConfigProvider
        locale={locale === "zh-CN" ? zhCN : enUS}
        theme={{ token: { colorPrimary: "#16a34a", colorLink: "#15803d", colorInfo: "#16a34a" } }}
        button={{ autoInsertSpace: false }}
      >
        {children}
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error("useLocale outside LocaleProvider");
  return state;
}

export function useT(): Translate {
  return useLocale().t;
}
