import { App, Button, Flex, Input, Select } from "antd";
import { useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { CustomerLevel, MemberLevel } from "../../../../shared/api-types";
import { useLocale } from "../../../i18n/locale-context";

/** Staff with loyalty:manage put the customer on a level by hand, with an optional reason. */
export function SetLevelForm({
  customerId,
  levels,
  currentId,
  onDone,
}: {
  customerId: string;
  levels: MemberLevel[];
  currentId: string | null;
  onDone: (result: CustomerLevel) => void;
}) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [levelId, setLevelId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    if (!levelId) return;
    setSaving(true);
    try {
      const result = await api.post<CustomerLevel>(
        `/api/v1/customers/${encodeURIComponent(customerId)}/level`,
        {
          levelId,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      );
      setLevelId(null);
      setNote("");
      setError(null);
      message.success(t("levels.card.setDone"));
      onDone(result);
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Flex vertical gap={4}>
      <Flex gap={8} wrap>
        <Select
          size="small"
          style={{ minWidth: 120 }}
          placeholder={t("levels.card.setPlaceholder")}
          value={levelId}
          onChange={setLevelId}
          status={error ? "error" : undefined}
          options={levels
            .filter((l) => l.id !== currentId)
            .map((l) => ({ value: l.id, label: locale === "en" ? l.nameEn : l.name }))}
          data-testid="set-level-select"
        />
        <Input
          size="small"
          style={{ flex: 1, minWidth: 120 }}
          maxLength={100}
          placeholder={t("levels.card.setNote")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button size="small" disabled={!levelId} loading={saving} onClick={submit} data-testid="set-level">
          {t("levels.card.set")}
        </Button>
      </Flex>
      {error && <span style={{ color: "#cf1322", fontSize: 12 }}>{error.message}</span>}
    </Flex>
  );
}
