import { Button, Form, type InputRef } from "antd-mobile";
import { useRef, useState } from "react";
import { joinChannelOf } from "./checkin/join-channel";
import { errorText } from "./error-text";
import { useI18n } from "./i18n";
import { maskPhone } from "./mask-phone";
import { useMemberSession } from "./member-session";
import { PhoneCodeFields } from "./phone-code-fields";
import { ShopHeader } from "./shop-header";
import { useCountdown } from "./use-countdown";

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
          <PhoneCodeFields
            secondsLeft={countdown.secondsLeft}
            sending={sending}
            onSendCode={sendCode}
            codeInputRef={codeInput}
          />
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
