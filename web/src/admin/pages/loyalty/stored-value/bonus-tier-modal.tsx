import { Alert, Form, InputNumber, Modal, Switch, Typography } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { TopupBonusRule, TopupBonusRuleInput } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { formatStep } from "../points/earn-rule-text";
import { fieldErrorsOf } from "../points/field-errors";
import { yuanToFen } from "./bonus-tiers";

type Props = {
  tier: TopupBonusRule | null;
  open: boolean;
  onClose: () => void;
  onSaved: (tier: TopupBonusRule) => void;
};

const fields = ["minAmount", "bonusAmount", "active"] as const;

/** Add or change one 充X送Y tier. */
export function BonusTierModal({ tier, open, onClose, onSaved }: Props) {
  const t = useT();
  const f = useFormat();
  const [draft, setDraft] = useState<TopupBonusRuleInput>({
    minAmount: 50_000,
    bonusAmount: 5_000,
    active: true,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!open) return;
    setDraft(
      tier
        ? { minAmount: tier.minAmount, bonusAmount: tier.bonusAmount, active: tier.active }
        : {
            minAmount: 50_000,
            bonusAmount: 5_000,
            active: true,
          },
    );
    setError(null);
  }, [open, tier]);

  const edit = (patch: Partial<TopupBonusRuleInput>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const submit = async () => {
    setBusy(true);
    try {
      const saved = tier
        ? await api.put<TopupBonusRule>(`/api/v1/loyalty/topup-bonus-rules/${tier.id}`, draft)
        : await api.post<TopupBonusRule>("/api/v1/loyalty/topup-bonus-rules", draft);
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
  return (
    <Modal
      open={open}
      title={tier ? t("wallet.sv.tiers.edit") : t("wallet.sv.tiers.add")}
      onCancel={onClose}
      onOk={submit}
      okText={t("common.save")}
      confirmLoading={busy}
      okButtonProps={{ id: "bonus-tier-submit" }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item label={t("wallet.sv.tiers.min")} required {...status("minAmount")}>
          <InputNumber
            min={0.01}
            max={10_000_000}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            value={draft.minAmount / 100}
            onChange={(v) => edit({ minAmount: yuanToFen(v) })}
            data-testid="bonus-tier-min"
          />
        </Form.Item>
        <Form.Item label={t("wallet.sv.tiers.bonus")} required {...status("bonusAmount")}>
          <InputNumber
            min={0}
            max={10_000_000}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            value={draft.bonusAmount / 100}
            onChange={(v) => edit({ bonusAmount: yuanToFen(v) })}
            data-testid="bonus-tier-bonus"
          />
        </Form.Item>
        <Form.Item label={t("wallet.rules.active")} {...status("active")}>
          <Switch checked={draft.active} onChange={(active) => edit({ active })} />
        </Form.Item>
        <Typography.Text data-testid="bonus-tier-preview">
          {t("wallet.sv.tiers.text", {
            min: formatStep(draft.minAmount, f.currency),
            bonus: formatStep(draft.bonusAmount, f.currency),
          })}
        </Typography.Text>
        {problems?.general && (
          <Alert type="error" showIcon title={problems.general} style={{ marginTop: 12 }} />
        )}
      </Form>
    </Modal>
  );
}
