import { Alert, Form, Input, InputNumber, Modal, Radio, Select, Switch, Typography } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { EarnRule, EarnRuleInput, EarnRuleScope, Store } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { formatStep, pointsForAmount } from "./earn-rule-text";
import { fieldErrorsOf } from "./field-errors";

type Props = {
  /** The rule being edited, or null to add one. */
  rule: EarnRule | null;
  open: boolean;
  stores: Store[];
  hasShopRule: boolean;
  onClose: () => void;
  onSaved: (rule: EarnRule) => void;
};

const fields = ["scope", "category", "storeId", "stepAmount", "pointsPerStep", "active"] as const;
const exampleAmount = 8850;

const blank = (scope: EarnRuleScope): EarnRuleInput => ({
  scope,
  category: null,
  storeId: null,
  stepAmount: 100,
  pointsPerStep: 1,
  active: true,
});

/** Add or change one points rule, with the rule in words and an example purchase as it is typed. */
export function EarnRuleModal({ rule, open, stores, hasShopRule, onClose, onSaved }: Props) {
  const t = useT();
  const f = useFormat();
  const [draft, setDraft] = useState<EarnRuleInput>(blank("shop"));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!open) return;
    setDraft(rule ? { ...rule } : blank(hasShopRule ? "category" : "shop"));
    setError(null);
  }, [open, rule, hasShopRule]);

  const edit = (patch: Partial<EarnRuleInput>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const submit = async () => {
    const body: EarnRuleInput = {
      ...draft,
      category: draft.scope === "category" ? (draft.category?.trim() ?? null) : null,
      storeId: draft.scope === "store" ? draft.storeId : null,
    };
    setBusy(true);
    try {
      const saved = rule
        ? await api.put<EarnRule>(`/api/v1/loyalty/points-rules/${rule.id}`, body)
        : await api.post<EarnRule>("/api/v1/loyalty/points-rules", body);
      onSaved(saved);
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const problems = error ? fieldErrorsOf(error.details, error.message, fields) : null;
  const status = (name: (typeof fields)[number]) => ({
    validateStatus: problems?.byField[name] ? ("error" as const) : undefined,
    help: problems?.byField[name],
  });
  const step = formatStep(draft.stepAmount, f.currency);
  return (
    <Modal
      open={open}
      title={rule ? t("wallet.rules.edit") : t("wallet.rules.add")}
      onCancel={onClose}
      onOk={submit}
      okText={t("common.save")}
      confirmLoading={busy}
      okButtonProps={{ id: "earn-rule-submit" }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item label={t("wallet.rules.scope")} {...status("scope")}>
          <Radio.Group
            value={draft.scope}
            onChange={(e) => edit({ scope: e.target.value })}
            data-testid="earn-rule-scope"
          >
            {(["shop", "category", "store"] as const).map((scope) => (
              <Radio.Button
                key={scope}
                value={scope}
                disabled={scope === "shop" && hasShopRule && rule?.scope !== "shop"}
              >
                {t(`wallet.rules.scope.${scope}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {draft.scope === "category" && (
          <Form.Item label={t("wallet.rules.category")} required {...status("category")}>
            <Input
              value={draft.category ?? ""}
              maxLength={100}
              placeholder={t("wallet.rules.categoryPlaceholder")}
              onChange={(e) => edit({ category: e.target.value })}
              data-testid="earn-rule-category"
            />
          </Form.Item>
        )}
        {draft.scope === "store" && (
          <Form.Item label={t("wallet.rules.store")} required {...status("storeId")}>
            <Select
              value={draft.storeId ?? undefined}
              placeholder={stores.length ? t("wallet.rules.storePlaceholder") : t("wallet.rules.noStores")}
              onChange={(storeId: string) => edit({ storeId })}
              options={stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
              data-testid="earn-rule-store"
            />
          </Form.Item>
        )}
        <Form.Item label={t("wallet.rules.step")} required {...status("stepAmount")}>
          <InputNumber
            min={0.01}
            max={1_000_000}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            value={draft.stepAmount / 100}
            onChange={(v) => edit({ stepAmount: Math.round((v ?? 0) * 100) })}
            data-testid="earn-rule-step"
          />
        </Form.Item>
        <Form.Item label={t("wallet.rules.points")} required {...status("pointsPerStep")}>
          <InputNumber
            min={0}
            max={1_000_000}
            precision={0}
            style={{ width: "100%" }}
            value={draft.pointsPerStep}
            onChange={(v) => edit({ pointsPerStep: v ?? 0 })}
            data-testid="earn-rule-points"
          />
        </Form.Item>
        <Form.Item label={t("wallet.rules.active")} {...status("active")}>
          <Switch checked={draft.active} onChange={(active) => edit({ active })} />
        </Form.Item>
        <Typography.Paragraph data-testid="earn-rule-preview" style={{ marginBottom: 4 }}>
          {t("wallet.rules.preview", { step, points: draft.pointsPerStep })}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t("wallet.rules.example", {
            amount: f.money(exampleAmount),
            points: pointsForAmount(draft, exampleAmount),
          })}
        </Typography.Text>
        {problems?.general && (
          <Alert type="error" showIcon title={problems.general} style={{ marginTop: 12 }} />
        )}
      </Form>
    </Modal>
  );
}
