import { GiftOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { useMallText } from "./mall-messages";
import "./mall.css";

/** The My page's way into the points mall and my pickup codes. */
export function MallEntry() {
  const { mt } = useMallText();
  return (
    <nav className="qm-card qm-mall-entry" aria-label={mt("mall")}>
      <Link to="/mall" className="qm-mall-entry-main" data-testid="mall-entry">
        <GiftOutlined className="qm-mall-entry-icon" aria-hidden="true" />
        <span>
          <span className="qm-mall-entry-title">{mt("mallEntry")}</span>
          <span className="qm-muted qm-mall-small">{mt("mallEntryHint")}</span>
        </span>
      </Link>
      <Link to="/mall/exchanges" className="qm-mall-link">
        {mt("myExchanges")} ›
      </Link>
    </nav>
  );
}
