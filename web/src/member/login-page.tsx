import { Button, Form, Input, type InputRef } from "antd-mobile";
import { useRef, useState } from "react";
import { joinChannelOf } from "./checkin/join-channel";
import { errorText } from "./error-text";
import { useI18n } from "./i18n";
import { maskPhone } from "./mask-phone";
import { useMemberSession } from "./member-session";
import { ShopHeader } from "./shop-header";
import { useCountdown } from "./use-countdown";

const phonePattern = /^1\d{10}$/;
const codePattern = /^\d{6}$/;

type LoginFields = { phone: string; code: string };

export function LoginPage() {
  const { api, setMember } = useMemberSession();
  const { t } = useI18n();
  const [form] = Form.useForm<LoginFields>();
  const countdown = useCountdown();
  const codeInput = useRef<InputRef>(null);
  const [sending, setSending] = useState(false);
  const [signingIn, setSigningIn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const sendCode = async () => {
    setError(null);
    setNotice(null);
    try {
      await form.validateFields(["phone"]);
    } catch {
      return;
    }
    setSending(true);
    try {
      const phone = form.getFieldValue("phone").trim();
      const sent = await api.sendCode(phone);
      countdown.start(sent.retryAfterSeconds || 60);
      const minutes = Math.max(1, Math.round(sent.expiresInSeconds / 60));
      setNotice(t("codeSentTo", { phone: maskPhone(phone), minutes }));
      codeInput.current?.focus();
    } catch (failure) {
      setError(errorText(failure, t));
      const retryAfter = retryAfterOf(failure);
      if (retryAfter) countdown.start(retryAfter);
    } finally {
      setSending(false);
    }
  };

  const signIn = async ({ phone, code }: LoginFields) => {
    setError(null);
    setNotice(null);
    setSigningIn(true);
    try {
      const { customer } = await api.login(phone.trim(), code.trim(), joinChannelOf(window.location.search));
      setMember(customer);
    } catch (failure) {
      setError(errorText(failure, t));
      setSigningIn(false);
    }
  };

  return (
    <div className="qm-page">
      <ShopHeader />
      <main className="qm-card qm-login">
        <h2 className="qm-login-title">{t("loginTitle")}</h2>
        <p className="qm-muted">{t("loginHint")}</p>
        <Form
          form={form}
          layout="vertical"
          onFinish={signIn}
          requiredMarkStyle="none"
          footer={
            <Button block type="submit" color="primary" size="large" loading={signingIn}>
              {t("login")}
            </Button>
          }
        >
          <Form.Item
            name="phone"
            label={t("phone")}
            rules={[{ required: true, pattern: phonePattern, message: t("phoneInvalid") }]}
          >
            <Input
              type="tel"
              inputMode="numeric"
              maxLength={11}
              placeholder={t("phonePlaceholder")}
              clearable
            />
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
                disabled={countdown.secondsLeft > 0}
                loading={sending}
                onClick={sendCode}
              >
                {countdown.secondsLeft > 0
                  ? t("resendIn", { seconds: countdown.secondsLeft })
                  : t("sendCode")}
              </Button>
            }
          >
            <Input
              ref={codeInput}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t("codePlaceholder")}
            />
          </Form.Item>
        </Form>
        {error ? (
          <div className="qm-error" role="alert">
            {error}
          </div>
        ) : null}
        {notice ? (
          <div className="qm-notice" role="status">
            {notice}
          </div>
        ) : null}
      </main>
    </div>
  );
}

function retryAfterOf(error: unknown): number | null {
  const details = (error as { details?: { retryAfterSeconds?: unknown } }).details;
  return typeof details?.retryAfterSeconds === "number" ? details.retryAfterSeconds : null;
}
