import { Input, InputNumber, Table, Typography } from "antd";
import { useT } from "../../../i18n/locale-context";
import type { DayDraft } from "./checkin-draft";

type Props = {
  days: DayDraft[];
  errors: Map<number, string>;
  editable: boolean;
  onChange: (day: number, patch: Partial<DayDraft>) => void;
};

/** The streak reward schedule: one row per day of the cycle, points and an optional coupon. */
export function ScheduleTable({ days, errors, editable, onChange }: Props) {
  const t = useT();
  return (
    <Table<DayDraft>
      size="small"
      rowKey="day"
      pagination={false}
      dataSource={days}
      scroll={{ x: 520 }}
      data-testid="checkin-schedule"
      columns={[
        {
          title: t("checkin.day"),
          dataIndex: "day",
          width: 90,
          render: (day: number) => t("checkin.dayN", { day }),
        },
        {
          title: t("checkin.points"),
          width: 160,
          render: (_, row) => (
            <>
              <InputNumber
                min={0}
                max={1_000_000}
                precision={0}
                value={row.points}
                disabled={!editable}
                status={errors.has(row.day) ? "error" : undefined}
                onChange={(v) => onChange(row.day, { points: v ?? 0 })}
                aria-label={t("checkin.pointsOfDay", { day: row.day })}
                data-testid={`checkin-day-${row.day}-points`}
              />
              {errors.has(row.day) && (
                <Typography.Text type="danger" style={{ display: "block", fontSize: 12 }}>
                  {errors.get(row.day)}
                </Typography.Text>
              )}
            </>
          ),
        },
        {
          title: t("checkin.coupon"),
          render: (_, row) => (
            <Input
              value={row.couponTemplateId}
              disabled={!editable}
              maxLength={100}
              placeholder={t("checkin.couponPlaceholder")}
              onChange={(e) => onChange(row.day, { couponTemplateId: e.target.value })}
              data-testid={`checkin-day-${row.day}-coupon`}
            />
          ),
        },
        {
          title: t("checkin.couponQuantity"),
          width: 110,
          render: (_, row) => (
            <InputNumber
              min={1}
              max={10}
              precision={0}
              value={row.couponQuantity}
              disabled={!editable || row.couponTemplateId.trim() === ""}
              onChange={(v) => onChange(row.day, { couponQuantity: v ?? 1 })}
            />
          ),
        },
      ]}
    />
  );
}
