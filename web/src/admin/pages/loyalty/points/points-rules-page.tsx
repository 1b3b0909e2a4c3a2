import { Alert, Flex, Typography } from "antd";
import type { LoyaltySettings } from "../../../../shared/api-types";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { EarnRulesCard } from "./earn-rules-card";
import { PointsSettingsCard } from "./points-settings-card";

/** 积分规则: how points are earned on purchases, when they become spendable, and when they expire. */
export function PointsRulesPage() {
  const t = useT();
  const can = useCan();
  const editable = can("loyalty:manage");
  const settings = useGet<LoyaltySettings>("/api/v1/loyalty/settings");
  return (
    <>
      <PageHeader title={t("wallet.points.title")} />
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("wallet.points.intro")}
        </Typography.Paragraph>
        {!editable && <Alert type="info" showIcon title={t("wallet.readOnly")} />}
        <EarnRulesCard editable={editable} />
        <PointsSettingsCard settings={settings} editable={editable} />
      </Flex>
    </>
  );
}
