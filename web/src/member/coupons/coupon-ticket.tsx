import type { ReactNode } from "react";
import type { CouponRuleView } from "../../shared/api-types";
import { useMemberSession } from "../member-session";
import { couponFace, scopeLines } from "./coupon-text";
import { useCouponText } from "./use-coupon-text";

type Props = {
  rule: CouponRuleView;
  name: string;
  /** Validity or status line under the name. */
  detail: ReactNode;
  /** A tag or button on the right. */
  action?: ReactNode;
  /** Greyed: used, expired, sold out. */
  dimmed?: boolean;
  testId?: string;
};

/** A coupon drawn as a ticket: its value and condition on the left, its name, scope and validity on the right. */
export function CouponTicket({ rule, name, detail, action, dimmed, testId }: Props) {
  const { shop } = useMemberSession();
  const { ct } = useCouponText();
  const face = couponFace(rule, ct, shop.currency);
  const scope = scopeLines(rule, ct);
  return (
    <div className={`qm-ticket${dimmed ? " qm-ticket-dim" : ""}`} data-testid={testId}>
      <div className="qm-ticket-face">
        <div className={face.unit === "money" ? "qm-ticket-value" : "qm-ticket-value qm-ticket-value-text"}>
          {face.value}
        </div>
        <div className="qm-ticket-note">{face.note}</div>
      </div>
      <div className="qm-ticket-body">
        <div className="qm-ticket-name">{name}</div>
        <div className="qm-ticket-scope">{scope.join(" · ")}</div>
        <div className="qm-ticket-detail">{detail}</div>
      </div>
      {action ? <div className="qm-ticket-action">{action}</div> : null}
    </div>
  );
}
