import type { ReactNode } from "react";
import { useI18n } from "./i18n";
import { LanguageToggle } from "./language-toggle";
import { useMemberSession } from "./member-session";

/** The coloured band at the top of every member screen: shop name, page title, language switch. */
export function ShopHeader({ children }: { children?: ReactNode }) {
  const { shop } = useMemberSession();
  const { t } = useI18n();
  return (
    <header className="qm-header">
      <div className="qm-header-bar">
        <div className="qm-header-titles">
          <h1 className="qm-shop-name">{shop.name}</h1>
          <div className="qm-header-sub">{t("memberCenter")}</div>
        </div>
        <LanguageToggle />
      </div>
      {children}
    </header>
  );
}
