import { ThunderboltOutlined } from "@ant-design/icons";
import { Link } from "react-router-dom";
import { useFlashText } from "./flash-messages";
import "./flash.css";

/** The My page's way into the flash sales and my flash orders. */
export function FlashEntry() {
  const { ft } = useFlashText();
  return (
    <nav className="qm-card qm-mall-entry" aria-label={ft("flashSales")}>
      <Link to="/flash-sales" className="qm-mall-entry-main" data-testid="flash-entry">
        <ThunderboltOutlined className="qm-mall-entry-icon qm-flash-entry-icon" aria-hidden="true" />
        <span>
          <span className="qm-mall-entry-title">{ft("flashSales")}</span>
          <span className="qm-muted qm-mall-small">{ft("entryHint")}</span>
        </span>
      </Link>
      <Link to="/flash-sales/purchases" className="qm-mall-link">
        {ft("myPurchases")} ›
      </Link>
    </nav>
  );
}
