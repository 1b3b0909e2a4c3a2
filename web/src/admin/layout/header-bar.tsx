import { LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Dropdown, Flex, Segmented, Select, Typography } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Locale } from "../../shared/api-types";
import { useNotifyError } from "../components/use-notify";
import { useLocale } from "../i18n/locale-context";
import { useMe, useSession } from "../session";

export function HeaderBar({ compact }: { compact: boolean }) {
  const { t, locale, chooseLocale } = useLocale();
  const me = useMe();
  const { logout } = useSession();

  return (
    <Flex align="center" gap={12} style={{ flex: 1, minWidth: 0 }}>
      <Flex align="center" style={{ flex: 1, minWidth: 0, lineHeight: "normal" }}>
        {me.merchants.length > 1 ? (
          <ShopSwitcher />
        ) : (
          <Typography.Text strong ellipsis data-testid="shop-name">
            {me.merchant.name}
          </Typography.Text>
        )}
      </Flex>
      <Segmented<Locale>
        size="small"
        value={locale}
        onChange={chooseLocale}
        options={[
          { label: "中文", value: "zh-CN" },
          { label: "EN", value: "en" },
        ]}
        data-testid="locale-switch"
      />
      <Dropdown
        menu={{
          items: [
            { key: "role", label: t(`role.${me.role}`), disabled: true },
            { key: "logout", icon: <LogoutOutlined />, label: t("auth.logout") },
          ],
          onClick: ({ key }) => {
            if (key === "logout") void logout();
          },
        }}
      >
        <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
          {!compact && me.user.name}
        </Button>
      </Dropdown>
    </Flex>
  );
}

function ShopSwitcher() {
  const me = useMe();
  const { switchMerchant } = useSession();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const [switching, setSwitching] = useState(false);
  return (
    <Select
      value={me.merchant.id}
      loading={switching}
      style={{ minWidth: 140, maxWidth: 260 }}
      options={me.merchants.map((m) => ({ value: m.id, label: m.name }))}
      onChange={async (merchantId) => {
        setSwitching(true);
        try {
          await switchMerchant(merchantId);
          navigate("/");
        } catch (cause) {
          notifyError(cause);
        } finally {
          setSwitching(false);
        }
      }}
      data-testid="shop-switcher"
    />
  );
}
