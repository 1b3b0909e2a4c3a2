import { DatePicker, Drawer, Grid, Input } from "antd";
import { useState } from "react";
import type { Order } from "../../../shared/api-types";
import { endOfDayIso, startOfDayIso } from "../../../shared/time";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";
import { OrderDetail } from "./order-detail";
import { OrdersTable } from "./orders-table";

type Filters = { q?: string; from?: string; to?: string };

export function OrdersPage() {
  const t = useT();
  const { timeZone } = useFormat();
  const screens = Grid.useBreakpoint();
  const [filters, setFilters] = useState<Filters>({});
  const [open, setOpen] = useState<Order | null>(null);
  const list = useCursorList<Order>("/api/v1/orders", filters);

  return (
    <>
      <PageHeader
        title={t("menu.orders")}
        extra={
          <>
            <DatePicker.RangePicker
              onChange={(range) => {
                const [from, to] = range ?? [];
                setFilters((current) => ({
                  ...current,
                  from: from ? startOfDayIso(from.format("YYYY-MM-DD"), timeZone) : undefined,
                  to: to ? endOfDayIso(to.format("YYYY-MM-DD"), timeZone) : undefined,
                }));
              }}
            />
            <Input.Search
              allowClear
              placeholder={t("order.searchPlaceholder")}
              onSearch={(value) => setFilters((current) => ({ ...current, q: value.trim() || undefined }))}
              style={{ width: 220 }}
            />
          </>
        }
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <OrdersTable orders={list.items} loading={list.loading} onOpen={setOpen} />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={screens.md ? 760 : "100%"}
        title={open ? t("order.title", { order: open.externalId }) : ""}
        destroyOnHidden
      >
        {open && (
          <OrderDetail
            order={open}
            onChange={(updated) => {
              setOpen(updated);
              list.replaceItem(updated, (a, b) => a.id === b.id);
            }}
          />
        )}
      </Drawer>
    </>
  );
}
