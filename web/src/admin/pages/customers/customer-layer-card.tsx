import { Card, Flex, Tag, Timeline, Typography } from "antd";
import type { CustomerLayer, Layer, List } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { useLocale } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { useFormat } from "../../use-format";

/** The customer's current layer and every move between layers, newest first. */
export function CustomerLayerCard({ customerId }: { customerId: string }) {
  const { t, locale } = useLocale();
  const f = useFormat();
  const layer = useGet<CustomerLayer>(`/api/v1/customers/${encodeURIComponent(customerId)}/layer`);
  // Moves keep the Chinese name a layer had; in English, show the layer's current English name.
  const layers = useGet<List<Layer>>(locale === "en" ? "/api/v1/layers" : null);
  const englishName = new Map((layers.data?.data ?? []).map((l) => [l.id, l.nameEn]));
  const data = layer.data;
  const nowhere = t("insight.layer.nowhere");
  const moveName = (id: string | null, name: string | null) => (id && englishName.get(id)) || name || nowhere;
  return (
    <Card
      size="small"
      title={t("insight.layer.title")}
      loading={layer.loading && !data}
      data-testid="customer-layer"
    >
      <ErrorAlert error={layer.error} onRetry={layer.reload} />
      {data && (
        <Flex vertical gap={8}>
          {data.current ? (
            <Flex align="center" gap={8} wrap>
              <Tag color="blue" style={{ fontSize: 14, padding: "2px 8px" }} data-testid="current-layer">
                {locale === "en" ? data.current.nameEn : data.current.name}
              </Tag>
              <Typography.Text type="secondary">
                {t("insight.layer.since", { time: f.dateTime(data.current.enteredAt) })}
              </Typography.Text>
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t("insight.layer.none")}</Typography.Text>
          )}
          {data.moves.length > 0 && (
            <>
              <Typography.Text strong>{t("insight.layer.history")}</Typography.Text>
              <Timeline
                items={data.moves.map((move, i) => ({
                  key: `${move.movedAt}-${i}`,
                  content: (
                    <>
                      <div>
                        {t("insight.layer.move", {
                          from: moveName(move.fromLayerId, move.fromName),
                          to: moveName(move.toLayerId, move.toName),
                        })}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {f.dateTime(move.movedAt)} · {t(`insight.layer.reason.${move.reason}`)}
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
