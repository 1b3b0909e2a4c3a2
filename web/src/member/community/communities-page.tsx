import { LockOutlined } from "@ant-design/icons";
import { Button, NavBar, Tag, Toast } from "antd-mobile";
import { Link, useNavigate } from "react-router-dom";
import type { MemberCommunity } from "../../shared/community-types";
import { LanguageToggle } from "../language-toggle";
import { communityErrorText, useCommunityText } from "./community-messages";
import { LoadedView } from "./loaded-view";
import { useCommunityApi, useLoaded } from "./use-community";
import "./community.css";

/** 社群: my communities, invitations (from a layer change), the ones open to me, and higher tiers' offers. */
export function CommunitiesPage() {
  const { ct, t } = useCommunityText();
  const navigate = useNavigate();
  const api = useCommunityApi();
  const home = useLoaded("home", api.home);

  async function dismiss(id: string) {
    try {
      await api.dismissInvitation(id);
      home.reload();
    } catch (error) {
      Toast.show({ content: communityErrorText(error, ct, t) });
    }
  }

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={ct("back")}
        right={<LanguageToggle />}
      >
        {ct("communities")}
      </NavBar>
      <LoadedView state={home}>
        {(h) => (
          <>
            {h.invitations.length > 0 && (
              <section>
                <h2 className="qm-section-title">{ct("invitations")}</h2>
                {h.invitations.map((i) => (
                  <div key={i.id} className="qm-card qm-community-invite" data-testid="community-invitation">
                    <div>{ct("invitedTo", { name: i.communityName })}</div>
                    <div className="qm-community-actions">
                      <Button
                        size="small"
                        color="primary"
                        onClick={() => navigate(`/community/${i.communityId}?invitation=${i.id}`)}
                      >
                        {ct("accept")}
                      </Button>
                      <Button size="small" fill="none" onClick={() => dismiss(i.id)}>
                        {ct("dismiss")}
                      </Button>
                    </div>
                  </div>
                ))}
              </section>
            )}
            {h.mine.length > 0 && (
              <section>
                <h2 className="qm-section-title">{ct("mine")}</h2>
                {h.mine.map((c) => (
                  <CommunityTile key={c.id} community={c} />
                ))}
              </section>
            )}
            <section>
              <h2 className="qm-section-title">{ct("open")}</h2>
              {h.open.length === 0 ? (
                <div className="qm-card qm-muted">{ct("noCommunities")}</div>
              ) : (
                h.open.map((c) => <CommunityTile key={c.id} community={c} />)
              )}
            </section>
            {h.teasers.length > 0 && (
              <section>
                <h2 className="qm-section-title">{ct("teasers")}</h2>
                {h.teasers.map((c) => (
                  <div key={c.id} className="qm-card qm-community-teaser" data-testid="community-teaser">
                    <div className="qm-community-name">
                      <LockOutlined aria-hidden="true" /> {c.name}
                    </div>
                    {c.welcomeMessage && <div className="qm-muted">{c.welcomeMessage}</div>}
                    {c.welcomePoints ? (
                      <div className="qm-community-gift">
                        {ct("welcomeGift", { points: c.welcomePoints })}
                        {c.hasWelcomeCoupon ? ` · ${ct("welcomeCouponOffer")}` : ""}
                      </div>
                    ) : null}
                    <div className="qm-muted qm-community-small">
                      {ct("teaserHint", { layer: c.layerName })}
                    </div>
                  </div>
                ))}
              </section>
            )}
          </>
        )}
      </LoadedView>
    </div>
  );
}

function CommunityTile({ community: c }: { community: MemberCommunity }) {
  const { ct } = useCommunityText();
  return (
    <Link to={`/community/${c.id}`} className="qm-card qm-community-tile" data-testid="community-tile">
      <div>
        <div className="qm-community-name">{c.name}</div>
        <div className="qm-muted qm-community-small">
          {ct(`platform_${c.platform}`)} ·{" "}
          {c.capacity
            ? ct("membersOf", { n: c.memberCount, capacity: c.capacity })
            : ct("members", { n: c.memberCount })}
        </div>
        {c.membership !== "joined" && c.welcomePoints ? (
          <div className="qm-community-gift">
            {ct("welcomeGift", { points: c.welcomePoints })}
            {c.hasWelcomeCoupon ? ` · ${ct("welcomeCouponOffer")}` : ""}
          </div>
        ) : null}
      </div>
      {c.membership === "joined" ? (
        <Tag color="success">{ct("joined")}</Tag>
      ) : c.full ? (
        <Tag>{ct("full")}</Tag>
      ) : (
        <span aria-hidden="true">›</span>
      )}
    </Link>
  );
}
