import { Button, Form, Input, type InputRef } from "antd-mobile";
import type { Ref } from "react";
import { useI18n } from "./i18n";

export const phonePattern = /^1\d{10}$/;
export const codePattern = /^\d{6}$/;

/** The phone and SMS-code fields of a member sign-in form, with the send-code button and its countdown. */
export function PhoneCodeFields({
  secondsLeft,
  sending = false,
  onSendCode,
  codeInputRef,
}: {
  secondsLeft: number;
  sending?: boolean;
  onSendCode: () => void;
  codeInputRef?: Ref<InputRef>;
}) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="phone"
        label={t("phone")}
        rules={[{ required: true, pattern: phonePattern, message: t("phoneInvalid") }]}
      >
        <Input type="tel" inputMode="numeric" maxLength={11} placeholder={t("phonePlaceholder")} clearable />
      </Form.Item>
      <Form.Item
        name="code"
        label={t("code")}
        rules={[{ required: true, pattern: codePattern, message: t("codeInvalidFormat") }]}
        extra={
          <Button
            size="small"
            color="primary"
            fill="outline"
            className="qm-send-code"
            disabled={secondsLeft > 0}
            loading={sending}
            onClick={onSendCode}
          >
            {secondsLeft > 0 ? t("resendIn", { seconds: secondsLeft }) : t("sendCode")}
          </Button>
        }
      >
        <Input
          ref={codeInputRef}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t("codePlaceholder")}
        />
      </Form.Item>
    </>
  );
}
