import { Alert, Col, Flex, Row, Typography } from "antd";
import type { LoyaltySettings } from "../../../../shared/api-types";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { BonusOrderCard } from "./bonus-order-card";
import { BonusTiersCard } from "./bonus-tiers-card";

/** 储值: top-up bonus tiers and how a payment splits between principal and bonus. */
export function StoredValuePage() {
  const t = useT();
  const can = useCan();
  const editable = can("loyalty:manage");
  const settings = useGet<LoyaltySettings>("/api/v1/loyalty/settings");
  return (
    <>
      <PageHeader title={t("wallet.sv.title")} />
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("wallet.sv.intro")}
        </Typography.Paragraph>
        {!editable && <Alert type="info" showIcon title={t("wallet.readOnly")} />}
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={14}>
            <BonusTiersCard editable={editable} />
          </Col>
          <Col xs={24} xl={10}>
            <BonusOrderCard settings={settings} editable={editable} />
          </Col>
        </Row>
      </Flex>
    </>
  );
}
