import { useI18n } from "./i18n";

/** A plain text button (no hover-only affordance) that flips between 中文 and English. */
export function LanguageToggle() {
  const { locale, setLocale, t } = useI18n();
  return (
    <button
      type="button"
      className="qm-lang"
      lang={locale === "en" ? "zh-CN" : "en"}
      onClick={() => setLocale(locale === "en" ? "zh-CN" : "en")}
    >
      {t("language")}
    </button>
  );
}
