import { Card, Descriptions, Flex, Tag, Typography } from "antd";
import type { CustomerRfm, RfmClass } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import type { MessageKey } from "../../i18n/zh-cn";
import { useFormat } from "../../use-format";

export const rfmClassKey = (rfmClass: RfmClass): MessageKey => `insight.rfm.class.${rfmClass}`;

/** Important classes in warm colours, general ones in cool colours. */
export const rfmClassColour: Record<RfmClass, string> = {
  important_value: "#dc2626",
  important_develop: "#ea580c",
  important_keep: "#d97706",
  important_retain: "#ca8a04",
  general_value: "#2563eb",
  general_develop: "#0891b2",
  general_keep: "#7c3aed",
  general_retain: "#64748b",
};

/** The customer's RFM scores and class from the shop's last computation. */
export function CustomerRfmCard({ rfm }: { rfm: CustomerRfm | null }) {
  const t = useT();
  const f = useFormat();
  return (
    <Card size="small" title={t("insight.rfm.title")} data-testid="customer-rfm">
      {!rfm ? (
        <Typography.Text type="secondary">{t("insight.rfm.none")}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <Flex align="center" gap={8} wrap>
            <Tag
              color={rfmClassColour[rfm.class]}
              style={{ fontSize: 14, padding: "2px 8px" }}
              data-testid="rfm-class"
            >
              {t(rfmClassKey(rfm.class))}
            </Tag>
            <Typography.Text type="secondary">{t("insight.rfm.asOf", { date: rfm.asOf })}</Typography.Text>
          </Flex>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: "r",
                label: t("insight.rfm.recency"),
                children: `${t("insight.metrics.days", { days: rfm.recencyDays })} · ${t("insight.rfm.score", { score: rfm.r })}`,
              },
              {
                key: "f",
                label: t("insight.rfm.frequency"),
                children: `${rfm.frequency} · ${t("insight.rfm.score", { score: rfm.f })}`,
              },
              {
                key: "m",
                label: t("insight.rfm.monetary"),
                children: `${f.money(rfm.monetary)} · ${t("insight.rfm.score", { score: rfm.m })}`,
              },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
