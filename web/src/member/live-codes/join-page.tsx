import { Button, Form, SpinLoading, Tag } from "antd-mobile";
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { JoinLanding, JoinOutcome, JoinRequest } from "../../shared/live-code-types";
import { errorText } from "../error-text";
import { useMemberSession } from "../member-session";
import { PhoneCodeFields } from "../phone-code-fields";
import { ShopHeader } from "../shop-header";
import { useCountdown } from "../use-countdown";
import { joinApi } from "./join-api";
import { useJoinText } from "./join-messages";
import "./join.css";

/** /m/<slug>/join/<code>: where a live code's QR lands: sign in or register, then the routed group or adviser. */
export function JoinPage() {
  const { code = "" } = useParams();
  const { shop, api, member, setMember } = useMemberSession();
  const join = useMemo(() => joinApi(shop.slug, code), [shop.slug, code]);
  const { t, jt } = useJoinText();
  const [landing, setLanding] = useState<JoinLanding | null>(null);
  const [outcome, setOutcome] = useState<JoinOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [where, setWhere] = useState<Pick<JoinRequest, "latitude" | "longitude" | "city">>({});
  const [locationNote, setLocationNote] = useState<string | null>(null);
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const countdown = useCountdown();

  useEffect(() => {
    join.landing().then(setLanding, (failure: unknown) => setError(errorText(failure, t)));
  }, [join, t]);

  const submit = async (body: JoinRequest) => {
    setError(null);
    setBusy(true);
    try {
      const result = await join.join({ ...body, ...where });
      setOutcome(result);
      if (!member) setMember(await api.me());
    } catch (failure) {
      setError(errorText(failure, t));
    } finally {
      setBusy(false);
    }
  };

  const sendCode = async () => {
    setError(null);
    try {
      await form.validateFields(["phone"]);
      const sent = await api.sendCode(form.getFieldValue("phone").trim());
      countdown.start(sent.retryAfterSeconds || 60);
    } catch (failure) {
      if (failure instanceof Error) setError(errorText(failure, t));
    }
  };

  const askLocation = () => {
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        setWhere({ latitude: p.coords.latitude, longitude: p.coords.longitude });
        setLocationNote(jt("locationShared"));
      },
      () => setLocationNote(jt("locationDenied")),
      { timeout: 8000 },
    );
  };

  if (!landing && !error) {
    return (
      <div className="qm-center" aria-busy="true">
        <SpinLoading color="primary" />
      </div>
    );
  }
  if (outcome) return <Welcome outcome={outcome} qrUrl={join.targetQrUrl} />;

  return (
    <div className="qm-page">
      <ShopHeader />
      {landing ? (
        <section className="qm-join-card">
          <h2>{landing.name}</h2>
          {landing.welcomeMessage ? <p className="qm-join-welcome">{landing.welcomeMessage}</p> : null}
          {landing.active ? null : <p className="qm-error">{jt("codeInactive")}</p>}
        </section>
      ) : null}
      {landing?.active && landing.asksWhereabouts ? (
        <section className="qm-join-card">
          <h2>{jt("whereTitle")}</h2>
          <Button size="small" color="primary" fill="outline" onClick={askLocation}>
            {jt("useLocation")}
          </Button>
          {locationNote ? <p className="qm-muted">{locationNote}</p> : null}
          <fieldset className="qm-join-cities" aria-label={jt("chooseCity")}>
            {landing.cities.map((city) => (
              <Tag
                key={city}
                round
                color={where.city === city ? "primary" : "default"}
                onClick={() => setWhere({ city })}
              >
                {city}
              </Tag>
            ))}
          </fieldset>
        </section>
      ) : null}
      {landing?.active ? (
        <section className="qm-join-card">
          {member ? (
            <>
              <p className="qm-muted">{jt("joinSignedIn")}</p>
              <Button block color="primary" size="large" loading={busy} onClick={() => submit({})}>
                {jt("joinButton")}
              </Button>
            </>
          ) : (
            <>
              <h2>{jt("joinTitle")}</h2>
              <p className="qm-muted">{jt("joinHint")}</p>
              <Form
                form={form}
                layout="vertical"
                requiredMarkStyle="none"
                onFinish={(v) => submit({ phone: v.phone.trim(), code: v.code.trim() })}
                footer={
                  <Button block type="submit" color="primary" size="large" loading={busy}>
                    {jt("joinButton")}
                  </Button>
                }
              >
                <PhoneCodeFields secondsLeft={countdown.secondsLeft} onSendCode={sendCode} />
              </Form>
            </>
          )}
        </section>
      ) : null}
      {error ? (
        <div className="qm-error qm-join-card" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

function Welcome({ outcome, qrUrl }: { outcome: JoinOutcome; qrUrl: string }) {
  const { jt } = useJoinText();
  const target = outcome.target;
  return (
    <div className="qm-page">
      <ShopHeader />
      <section className="qm-join-card" data-testid="join-welcome">
        <h2>{outcome.sticky ? jt("welcomeBack") : jt("welcomeTitle")}</h2>
        {outcome.welcomeMessage ? <p className="qm-join-welcome">{outcome.welcomeMessage}</p> : null}
        {outcome.gift.points > 0 ? (
          <div className="qm-join-gift">{jt("giftPoints", { points: outcome.gift.points })}</div>
        ) : null}
        {outcome.gift.couponIssued ? <div className="qm-join-gift">{jt("giftCoupon")}</div> : null}
      </section>
      <section className="qm-join-card" data-testid="join-target">
        {target === null ? <p>{jt("allFull")}</p> : null}
        {target?.kind === "community" ? (
          <>
            <h2>{jt("yourGroup")}</h2>
            <p className="qm-join-target-name">{target.name}</p>
            {target.hasQrImage ? (
              <>
                <img className="qm-join-qr" src={qrUrl} alt={target.name} />
                <p className="qm-muted">{jt("scanToJoin")}</p>
              </>
            ) : null}
            {target.joinUrl ? (
              target.platform === "builtin" ? (
                <Link to={target.joinUrl.replace(/^\/m\/[^/]+/, "")}>
                  <Button block color="primary">
                    {jt("openGroup")}
                  </Button>
                </Link>
              ) : (
                <Button block color="primary" onClick={() => window.location.assign(target.joinUrl ?? "")}>
                  {jt("openJoinLink")}
                </Button>
              )
            ) : null}
          </>
        ) : null}
        {target?.kind === "staff" ? (
          <>
            <h2>{jt("yourStaff")}</h2>
            <p className="qm-join-target-name">{target.name}</p>
            {target.hasQrImage ? (
              <>
                <img className="qm-join-qr" src={qrUrl} alt={target.name} />
                <p className="qm-muted">{jt("scanToAdd")}</p>
              </>
            ) : null}
          </>
        ) : null}
      </section>
      <section className="qm-join-card">
        <Link to="/">{jt("toMyPage")}</Link>
      </section>
    </div>
  );
}
