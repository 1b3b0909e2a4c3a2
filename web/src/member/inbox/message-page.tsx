import { Button, ErrorBlock, NavBar, SpinLoading } from "antd-mobile";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError } from "../../shared/api";
import { formatDateTime } from "../../shared/time";
import { LanguageToggle } from "../language-toggle";
import { cardPath, type InboxMessage } from "./inbox-api";
import { useInboxText } from "./inbox-messages";
import { useInboxApi } from "./use-inbox";
import "./inbox.css";

type State =
  | { state: "loading" }
  | { state: "failed"; notFound: boolean }
  | { state: "ready"; message: InboxMessage };

/** One message: its text, its link and card; opening it marks it read. */
export function MessagePage() {
  const { it, cardLabel } = useInboxText();
  const navigate = useNavigate();
  const { id = "" } = useParams();
  const { api, signOutOn401, timeZone } = useInboxApi();
  const [view, setView] = useState<State>({ state: "loading" });

  useEffect(() => {
    let live = true;
    api.message(id).then(
      (message) => {
        if (!live) return;
        setView({ state: "ready", message });
        if (!message.readAt) void api.markRead(id).catch(signOutOn401);
      },
      (error: unknown) => {
        signOutOn401(error);
        if (live) setView({ state: "failed", notFound: error instanceof ApiError && error.status === 404 });
      },
    );
    return () => {
      live = false;
    };
  }, [api, id, signOutOn401]);

  const header = (
    <NavBar
      className="qm-navbar"
      onBack={() => navigate("/inbox")}
      backIcon={it("back")}
      right={<LanguageToggle />}
    >
      {it("inbox")}
    </NavBar>
  );
  if (view.state === "loading") {
    return (
      <div className="qm-page">
        {header}
        <div className="qm-center">
          <SpinLoading color="primary" />
        </div>
      </div>
    );
  }
  if (view.state === "failed") {
    return (
      <div className="qm-page">
        {header}
        <ErrorBlock status={view.notFound ? "empty" : "default"} title={it("notFound")} />
      </div>
    );
  }
  const m = view.message;
  const card = m.card ? cardPath(m.card) : null;
  return (
    <div className="qm-page">
      {header}
      <article className="qm-card qm-inbox-detail" data-testid="inbox-detail">
        <h1 className="qm-inbox-detail-title">{m.title}</h1>
        <div className="qm-muted qm-inbox-time">
          <span className={`qm-inbox-kind qm-inbox-kind-${m.category}`}>{it(m.category)}</span>{" "}
          {formatDateTime(m.deliveredAt, timeZone)}
        </div>
        <p className="qm-inbox-detail-body">{m.body}</p>
        {m.card && card ? (
          <Link to={card} className="qm-inbox-card" data-testid="inbox-card">
            {cardLabel(m.card.kind)} ›
          </Link>
        ) : null}
        {m.link ? (
          <Button
            block
            color="primary"
            onClick={() => window.location.assign(m.link ?? "/")}
            data-testid="inbox-link"
          >
            {it("open")}
          </Button>
        ) : null}
      </article>
    </div>
  );
}
