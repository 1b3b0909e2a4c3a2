import { Empty, Timeline, Typography } from "antd";
import type { CustomerEvent } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { useT } from "../../i18n/locale-context";
import { translateKnown } from "../../i18n/optional-message";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const moneyKeys = new Set(["total", "amount", "subtotal", "discount", "refundedAmount"]);

/** The readable part of an event's properties: internal ids are left out, amounts shown as money. */
function describe(properties: Record<string, unknown>, money: (fen: number) => string): string {
  return Object.entries(properties)
    .filter(([, v]) => v !== null && typeof v !== "object" && !(typeof v === "string" && uuid.test(v)))
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${moneyKeys.has(k) && typeof v === "number" ? money(v) : String(v)}`)
    .join(" · ");
}

export function CustomerEvents({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const list = useCursorList<CustomerEvent>(`/api/v1/customers/${customerId}/events`);
  if (!list.loading && !list.error && list.items.length === 0) return <Empty />;
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Timeline
        style={{ marginTop: 8 }}
        items={list.items.map((event) => ({
          key: event.id,
          content: (
            <>
              <Typography.Text type="secondary">{f.dateTime(event.occurredAt)}</Typography.Text>{" "}
              <Typography.Text strong>{translateKnown(t, "event", event.type)}</Typography.Text>{" "}
              <Typography.Text type="secondary">({event.source})</Typography.Text>
              <div>
                <Typography.Text type="secondary">{describe(event.properties, f.money)}</Typography.Text>
              </div>
            </>
          ),
        }))}
      />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
