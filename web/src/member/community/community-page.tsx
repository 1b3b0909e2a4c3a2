import { GiftOutlined } from "@ant-design/icons";
import { Button, Checkbox, Dialog, NavBar, Result, Toast } from "antd-mobile";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { JoinOutcome, MemberCommunity, Welcome } from "../../shared/community-types";
import { LanguageToggle } from "../language-toggle";
import { communityErrorText, useCommunityText } from "./community-messages";
import { LoadedView } from "./loaded-view";
import { useCommunityApi, useLoaded } from "./use-community";
import "./community.css";

/**
 * A community's page: rules to accept, then join (built-in) or the group's QR/link and "I joined"
 * (external). After the first join it shows the welcome and the gift. `?source=` names the channel
 * (a live code, a link); `?invitation=` answers a layer invitation.
 */
export function CommunityPage() {
  const { id = "" } = useParams();
  const [search] = useSearchParams();
  const source = search.get("source") ?? undefined;
  const invitation = search.get("invitation") ?? undefined;
  const { ct, t } = useCommunityText();
  const navigate = useNavigate();
  const api = useCommunityApi();
  const page = useLoaded(`${id}|${source}`, () => api.community(id, source));
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<JoinOutcome | null>(null);
  const c = page.data;

  async function join(confirmExternal: boolean) {
    if (!c) return;
    setBusy(true);
    try {
      const result = invitation
        ? await api.acceptInvitation(invitation, accepted)
        : confirmExternal
          ? await api.confirmJoined(c.id, accepted, source)
          : await api.join(c.id, accepted, source);
      setOutcome(result);
      if (confirmExternal) Toast.show({ content: ct("confirmedJoined") });
      page.reload();
    } catch (error) {
      Toast.show({ content: communityErrorText(error, ct, t) });
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    if (!c || !(await Dialog.confirm({ content: ct("confirmLeave") }))) return;
    try {
      await api.leave(c.id);
      setOutcome(null);
      Toast.show({ content: ct("left") });
      page.reload();
    } catch (error) {
      Toast.show({ content: communityErrorText(error, ct, t) });
    }
  }

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/communities")}
        backIcon={ct("back")}
        right={<LanguageToggle />}
      >
        {c?.name ?? ct("communities")}
      </NavBar>
      <LoadedView state={page}>
        {(c) => (
          <>
            <Header community={c} />
            {(outcome?.welcome ?? c.welcome) && c.membership === "joined" && (
              <WelcomeCard welcome={(outcome?.welcome ?? c.welcome) as Welcome} />
            )}
            {c.rules.trim() && (
              <section className="qm-card" data-testid="community-rules">
                <h2 className="qm-community-h2">{ct("rules")}</h2>
                <p className="qm-community-rules">{c.rules}</p>
                {c.membership !== "joined" && !c.rulesAcceptedAt && (
                  <Checkbox checked={accepted} onChange={setAccepted} data-testid="accept-rules">
                    {ct("acceptRules")}
                  </Checkbox>
                )}
              </section>
            )}
            {c.platform === "builtin" ? (
              <BuiltinActions
                community={c}
                busy={busy}
                canSubmit={accepted || !c.rules.trim() || !!c.rulesAcceptedAt}
                onJoin={() => join(false)}
              />
            ) : (
              <ExternalActions
                community={c}
                qrUrl={api.qrUrl(c.id)}
                busy={busy}
                canSubmit={accepted || !c.rules.trim() || !!c.rulesAcceptedAt}
                onConfirm={() => join(true)}
              />
            )}
            {c.membership === "joined" && (
              <div className="qm-community-leave">
                <Button fill="none" size="small" onClick={leave}>
                  {ct("leave")}
                </Button>
              </div>
            )}
          </>
        )}
      </LoadedView>
    </div>
  );
}

function Header({ community: c }: { community: MemberCommunity }) {
  const { ct } = useCommunityText();
  return (
    <section className="qm-card qm-community-header">
      <div className="qm-community-name">{c.name}</div>
      <div className="qm-muted qm-community-small">
        {ct(`platform_${c.platform}`)} ·{" "}
        {c.capacity
          ? ct("membersOf", { n: c.memberCount, capacity: c.capacity })
          : ct("members", { n: c.memberCount })}
      </div>
      {c.membership !== "joined" && c.welcomeMessage && <p>{c.welcomeMessage}</p>}
      {c.membership !== "joined" && c.welcomePoints ? (
        <div className="qm-community-gift">
          <GiftOutlined aria-hidden="true" /> {ct("welcomeGift", { points: c.welcomePoints })}
          {c.hasWelcomeCoupon ? ` · ${ct("welcomeCouponOffer")}` : ""}
        </div>
      ) : null}
    </section>
  );
}

function WelcomeCard({ welcome }: { welcome: Welcome }) {
  const { ct } = useCommunityText();
  return (
    <section className="qm-card" data-testid="community-welcome">
      <Result
        status="success"
        title={ct("welcomeTitle")}
        description={
          <>
            {welcome.message && <p>{welcome.message}</p>}
            {welcome.points ? (
              <p className="qm-community-gift">{ct("welcomePoints", { points: welcome.points })}</p>
            ) : null}
            {welcome.couponIds.length > 0 && <p className="qm-community-gift">{ct("welcomeCoupon")}</p>}
          </>
        }
      />
    </section>
  );
}

function BuiltinActions({
  community: c,
  busy,
  canSubmit,
  onJoin,
}: {
  community: MemberCommunity;
  busy: boolean;
  canSubmit: boolean;
  onJoin: () => void;
}) {
  const { ct } = useCommunityText();
  if (c.membership === "joined") {
    return (
      <div className="qm-community-cta">
        <Link
          to={`/community/${c.id}/chat`}
          className="adm-button adm-button-primary adm-button-block adm-button-large adm-button-shape-default"
          data-testid="open-chat"
        >
          {ct("openChat")}
        </Link>
      </div>
    );
  }
  return (
    <div className="qm-community-cta">
      <Button
        block
        color="primary"
        size="large"
        loading={busy}
        disabled={!canSubmit || c.full || !c.canJoin}
        onClick={onJoin}
        data-testid="join-community"
      >
        {c.full ? ct("full") : ct("join")}
      </Button>
    </div>
  );
}

function ExternalActions({
  community: c,
  qrUrl,
  busy,
  canSubmit,
  onConfirm,
}: {
  community: MemberCommunity;
  qrUrl: string;
  busy: boolean;
  canSubmit: boolean;
  onConfirm: () => void;
}) {
  const { ct } = useCommunityText();
  return (
    <section className="qm-card qm-community-external" data-testid="community-external">
      <h2 className="qm-community-h2">{ct("externalTitle")}</h2>
      {c.hasJoinQr && !c.joinQrExpired && <img className="qm-community-qr" src={qrUrl} alt={c.name} />}
      {c.hasJoinQr && c.joinQrExpired && <p className="qm-muted">{ct("qrExpired")}</p>}
      {c.joinUrl && (
        <a href={c.joinUrl} target="_blank" rel="noreferrer noopener">
          {ct("openLink")}
        </a>
      )}
      {c.membership !== "joined" && (
        <>
          <p className="qm-muted qm-community-small">{ct("externalHint")}</p>
          <Button
            block
            color="primary"
            loading={busy}
            disabled={!canSubmit || c.full || !c.canJoin}
            onClick={onConfirm}
            data-testid="confirm-joined"
          >
            {ct("confirmJoined")}
          </Button>
        </>
      )}
    </section>
  );
}
