import { App, Button, Card, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { api } from "../../../../shared/api";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import type { ChatSettings } from "./staff-chat-api";

/** The shop's ad keywords: member messages containing one are refused with the word as the reason. */
export function KeywordSettingsCard() {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const settings = useGet<ChatSettings>("/api/community-chat/settings");
  const [words, setWords] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (settings.data) setWords(settings.data.blockedWords);
  }, [settings.data]);

  async function save() {
    setSaving(true);
    try {
      const saved = await api.put<ChatSettings>("/api/community-chat/settings", { blockedWords: words });
      settings.setData(saved);
      message.success(t("common.saved"));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card title={t("chat.keywords")} size="small" data-testid="chat-keywords">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t("chat.keywordsHint")}
      </Typography.Paragraph>
      <Select
        mode="tags"
        style={{ width: "100%" }}
        value={words}
        onChange={setWords}
        tokenSeparators={[",", "，"]}
        placeholder={t("chat.keywordsPlaceholder")}
        open={false}
        aria-label={t("chat.keywords")}
      />
      <Button type="primary" style={{ marginTop: 12 }} loading={saving} onClick={() => void save()}>
        {t("common.save")}
      </Button>
    </Card>
  );
}
