import { Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { ComposePanel } from "./compose-panel";
import { OutboxPanel } from "./outbox-panel";
import { SettingsPanel } from "./settings-panel";

/** 社群 → 消息: compose to a segment (with what the guard would hold), the outbox, and the guard's settings. */
export function MessagingPage() {
  const t = useT();
  const can = useCan();
  const manage = can("promotions:manage");
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? (manage ? "compose" : "outbox");
  const items = [
    ...(manage
      ? [
          {
            key: "compose",
            label: t("messaging.tab.compose"),
            children: <ComposePanel onSent={() => setParams({ tab: "outbox" })} />,
          },
        ]
      : []),
    { key: "outbox", label: t("messaging.tab.outbox"), children: <OutboxPanel /> },
    { key: "settings", label: t("messaging.tab.settings"), children: <SettingsPanel editable={manage} /> },
  ];
  return (
    <>
      <PageHeader title={t("messaging.title")} />
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={items} destroyOnHidden />
    </>
  );
}
