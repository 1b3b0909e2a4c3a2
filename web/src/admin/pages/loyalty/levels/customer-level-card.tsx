import { Card, Flex, Progress, Tag, Timeline, Typography } from "antd";
import type { CustomerLevel, LevelConfig } from "../../../../shared/api-types";
import { formatGrowth, progressPercent } from "../../../../shared/level-progress";
import { ErrorAlert } from "../../../components/error-alert";
import { useLocale } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { SetLevelForm } from "./set-level-form";

/** The customer 360 page's level card: level, growth and the way to the next level, and every change. */
export function CustomerLevelCard({ customerId }: { customerId: string }) {
  const can = useCan();
  if (!can("loyalty:read")) return null;
  return <LevelCardBody customerId={customerId} />;
}

function LevelCardBody({ customerId }: { customerId: string }) {
  const { t, locale } = useLocale();
  const f = useFormat();
  const can = useCan();
  const manage = can("loyalty:manage");
  const standing = useGet<CustomerLevel>(`/api/v1/customers/${encodeURIComponent(customerId)}/level`);
  // The log keeps the Chinese name a level had; in English, show the level's current English name.
  const config = useGet<LevelConfig>(locale === "en" || manage ? "/api/v1/loyalty/levels" : null);
  const english = new Map(locale === "en" ? (config.data?.levels ?? []).map((l) => [l.id, l.nameEn]) : []);
  const data = standing.data;
  const nameOf = (id: string | null, name: string | null) => (id && english.get(id)) || name || "—";
  const growth = (value: number) => formatGrowth(value, data?.growthBasis ?? "spend", f.money);
  const current = data?.current;
  return (
    <Card
      size="small"
      title={t("levels.card.title")}
      loading={standing.loading && !data}
      data-testid="customer-level"
    >
      <ErrorAlert error={standing.error} onRetry={standing.reload} />
      {data && !data.configured && (
        <Typography.Text type="secondary">{t("levels.card.none")}</Typography.Text>
      )}
      {data?.configured && current && (
        <Flex vertical gap={8}>
          <Flex align="center" gap={8} wrap>
            <Tag color="gold" style={{ fontSize: 14, padding: "2px 8px" }} data-testid="customer-level-name">
              {locale === "en" ? current.nameEn : current.name}
            </Tag>
            {current.since && (
              <Typography.Text type="secondary">
                {t("levels.card.since", { time: f.date(current.since) })}
              </Typography.Text>
            )}
            {current.protectedUntil && (
              <Typography.Text type="secondary">
                {t("levels.card.protectedUntil", { time: f.date(current.protectedUntil) })}
              </Typography.Text>
            )}
          </Flex>
          <Typography.Text>{t("levels.card.growth", { value: growth(data.growth) })}</Typography.Text>
          <Progress
            percent={progressPercent(data.growth, current.threshold, data.next?.threshold ?? null)}
            size="small"
            showInfo={false}
          />
          <Typography.Text type="secondary">
            {data.next
              ? t("levels.card.next", {
                  name: locale === "en" ? data.next.nameEn : data.next.name,
                  missing: growth(data.missing),
                })
              : t("levels.card.top")}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t("levels.card.benefits", {
              multiplier: current.pointsMultiplierPercent / 100,
              discount: current.discountPercent,
            })}
          </Typography.Text>
          {manage && config.data && (
            <SetLevelForm
              customerId={customerId}
              levels={config.data.levels}
              currentId={current.id}
              onDone={(result) => standing.setData(result)}
            />
          )}
          {data.history.length > 0 && (
            <>
              <Typography.Text strong>{t("levels.card.history")}</Typography.Text>
              <Timeline
                items={data.history.slice(0, 20).map((change, i) => ({
                  key: `${change.changedAt}-${i}`,
                  content: (
                    <>
                      <div>
                        {change.fromLevelId || change.fromName
                          ? `${nameOf(change.fromLevelId, change.fromName)} → ${nameOf(change.toLevelId, change.toName)}`
                          : `${t("levels.card.firstPlacement")}: ${nameOf(change.toLevelId, change.toName)}`}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {f.dateTime(change.changedAt)} · {t(`levels.reason.${change.reason}`)} ·{" "}
                        {t("levels.card.growth", { value: growth(change.growth) })}
                      </Typography.Text>
                    </>
                  ),
                }))}
              />
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}
