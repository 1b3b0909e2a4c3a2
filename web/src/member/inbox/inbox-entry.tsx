import { MailOutlined } from "@ant-design/icons";
import { Badge } from "antd-mobile";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { useInboxText } from "./inbox-messages";
import { useInboxApi } from "./use-inbox";
import "./inbox.css";

/** The My page's way into the inbox, with the unread badge. */
export function InboxEntry() {
  const { it } = useInboxText();
  const { api, signOutOn401 } = useInboxApi();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let live = true;
    api.unread().then(
      (r) => live && setUnread(r.unread),
      (error: unknown) => signOutOn401(error),
    );
    return () => {
      live = false;
    };
  }, [api, signOutOn401]);
  return (
    <nav className="qm-card qm-mall-entry" aria-label={it("inbox")}>
      <Link to="/inbox" className="qm-mall-entry-main" data-testid="inbox-entry">
        <Badge content={unread > 0 ? String(unread) : null} data-testid="inbox-badge">
          <MailOutlined className="qm-mall-entry-icon" aria-hidden="true" />
        </Badge>
        <span>
          <span className="qm-mall-entry-title">{it("inbox")}</span>
          <span className="qm-muted qm-mall-small">
            {unread > 0 ? it("unread", { count: unread }) : it("entryHint")}
          </span>
        </span>
      </Link>
      <Link to="/inbox" className="qm-mall-link">
        ›
      </Link>
    </nav>
  );
}
