import { Card, Flex, Segmented, Typography } from "antd";
import type { ReactNode } from "react";
import type { Locale } from "../../../shared/api-types";
import { useLocale } from "../../i18n/locale-context";

/** The frame of the signed-out pages: brand, language switch and one card. */
export function AuthCard({
  title,
  children,
  width = 420,
}: {
  title: ReactNode;
  children: ReactNode;
  width?: number;
}) {
  const { locale, chooseLocale } = useLocale();
  return (
    <Flex vertical align="center" style={{ minHeight: "100vh", padding: "48px 12px", background: "#f5f7f5" }}>
      <Flex
        justify="space-between"
        align="center"
        style={{ width: "100%", maxWidth: width, marginBottom: 16 }}
      >
        <Typography.Title level={3} style={{ margin: 0, color: "#16a34a" }}>
          圈子 Quanzi
        </Typography.Title>
        <Segmented<Locale>
          size="small"
          value={locale}
          onChange={chooseLocale}
          options={[
            { label: "中文", value: "zh-CN" },
            { label: "EN", value: "en" },
          ]}
        />
      </Flex>
      <Card title={title} style={{ width: "100%", maxWidth: width }}>
        {children}
      </Card>
    </Flex>
  );
}
