import { TeamOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { useCommunityText } from "./community-messages";
import "./community.css";

/** The My page's way into the member's communities and invitations. */
export function CommunityEntry() {
  const { ct } = useCommunityText();
  return (
    <nav className="qm-card qm-community-entry" aria-label={ct("communities")}>
      <Link to="/communities" className="qm-community-entry-main" data-testid="community-entry">
        <TeamOutlined className="qm-community-entry-icon" aria-hidden="true" />
        <span>
          <span className="qm-community-entry-title">{ct("communities")}</span>
          <span className="qm-muted qm-community-small">{ct("entryHint")}</span>
        </span>
      </Link>
      <span aria-hidden="true">›</span>
    </nav>
  );
}
