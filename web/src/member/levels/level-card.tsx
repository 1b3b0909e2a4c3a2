import { ProgressBar, Skeleton } from "antd-mobile";
import { useCallback, useEffect, useState } from "react";
import { ApiError, apiRequest } from "../../shared/api";
import type { LevelStanding } from "../../shared/api-types";
import { formatGrowth, progressPercent } from "../../shared/level-progress";
import { formatMoney } from "../../shared/money";
import { formatDate } from "../../shared/time";
import { useI18n } from "../i18n";
import { useSignedInMember } from "../member-session";
import { levelText, zheOf } from "./level-messages";
import "./level-card.css";

/** The member card: my level, the way to the next one and my benefits; nothing when the shop has no levels. */
export function LevelCard() {
  const { shop, setMember } = useSignedInMember();
  const { locale } = useI18n();
  const [standing, setStanding] = useState<LevelStanding | null>(null);
  const [failed, setFailed] = useState(false);
  const load = useCallback(() => {
    setFailed(false);
    apiRequest<LevelStanding>("GET", `/api/m/${encodeURIComponent(shop.slug)}/level`, {
      quietUnauthenticated: true,
    }).then(setStanding, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMember(null);
      else setFailed(true);
    });
  }, [shop.slug, setMember]);
  useEffect(load, [load]);

  const text = (key: Parameters<typeof levelText>[1], vars?: Record<string, string | number>) =>
    levelText(locale, key, vars);
  if (failed) {
    return (
      <button type="button" className="qm-error qm-link-button" onClick={load}>
        {text("loadFailed")}
      </button>
    );
  }
  if (!standing) {
    return (
      <div className="qm-card" aria-busy="true">
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={2} animated />
      </div>
    );
  }
  const { current, next } = standing;
  if (!standing.configured || !current) return null;
  const money = (fen: number) => formatMoney(fen, shop.currency);
  const growth = (value: number) => formatGrowth(value, standing.growthBasis, money);
  const nameOf = (l: { name: string; nameEn: string }) => (locale === "en" ? l.nameEn : l.name);
  const benefits = [
    current.pointsMultiplierPercent > 100 &&
      text("multiplier", { value: current.pointsMultiplierPercent / 100 }),
    current.discountPercent > 0 &&
      text("discount", { value: locale === "en" ? current.discountPercent : zheOf(current.discountPercent) }),
    current.birthdayGiftPoints > 0 && text("birthday", { points: current.birthdayGiftPoints }),
    ...current.freeGifts.map((name) => text("gift", { name })),
  ].filter((b): b is string => typeof b === "string");
  return (
    <section className="qm-card qm-level-card" aria-label={text("title")} data-testid="member-level-card">
      <div className="qm-level-head">
        <span className="qm-level-name" data-testid="member-level-name">
          {nameOf(current)}
        </span>
        <span className="qm-level-growth">
          {text("growth", { value: growth(standing.growth) })}
          {standing.growthWindow === "rolling_12_months" ? ` · ${text("window")}` : ""}
        </span>
      </div>
      <ProgressBar percent={progressPercent(standing.growth, current.threshold, next?.threshold ?? null)} />
      <div className="qm-level-next" data-testid="member-level-next">
        {next
          ? text(standing.growthBasis === "spend" ? "nextSpend" : "next", {
              missing: growth(standing.missing),
              name: nameOf(next),
            })
          : text("top")}
        {current.protectedUntil
          ? ` · ${text("protectedUntil", { date: formatDate(current.protectedUntil, shop.timeZone) })}`
          : ""}
      </div>
      <ul className="qm-level-benefits" aria-label={text("benefits")}>
        {(benefits.length > 0 ? benefits : [text("noBenefits")]).map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </section>
  );
}
