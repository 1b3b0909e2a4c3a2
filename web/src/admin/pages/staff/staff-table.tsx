import { Button, Popconfirm, Select, Table, Tag } from "antd";
import type { Staff, StaffRole, Store } from "../../../shared/api-types";
import { staffRoles } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useMe } from "../../session";

export type StaffChange = Partial<Pick<Staff, "role" | "status" | "storeId">>;

type Props = {
  staff: Staff[];
  stores: Store[];
  loading: boolean;
  onChange: (member: Staff, change: StaffChange) => void;
};

/** Staff with their role, store and status editable in place; nobody edits their own role or status here. */
export function StaffTable({ staff, stores, loading, onChange }: Props) {
  const t = useT();
  const me = useMe();
  // Managers may not hand out or take away the owner's powers; the server enforces the same.
  const assignable: StaffRole[] = me.role === "owner" ? staffRoles : staffRoles.filter((r) => r !== "owner");
  const isSelf = (member: Staff) => member.userId === me.user.id;

  return (
    <Table<Staff>
      rowKey="id"
      loading={loading}
      dataSource={staff}
      pagination={false}
      scroll={{ x: "max-content" }}
      style={{ marginBottom: 16 }}
      columns={[
        { title: t("common.name"), dataIndex: "name" },
        { title: t("common.email"), dataIndex: "email" },
        { title: t("common.phone"), dataIndex: "phone", responsive: ["md"] },
        {
          title: t("staff.role"),
          dataIndex: "role",
          render: (role: StaffRole, member) => (
            <Select<StaffRole>
              size="small"
              value={role}
              style={{ width: 120 }}
              disabled={isSelf(member) || (role === "owner" && me.role !== "owner")}
              onChange={(next) => onChange(member, { role: next })}
              options={assignable.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          ),
        },
        {
          title: t("staff.store"),
          dataIndex: "storeId",
          responsive: ["md"],
          render: (storeId: string | null, member) => (
            <Select<string>
              size="small"
              allowClear
              value={storeId ?? undefined}
              placeholder={t("staff.allStores")}
              style={{ width: 140 }}
              onChange={(next) => onChange(member, { storeId: next ?? null })}
              options={stores.map((s) => ({ value: s.id, label: s.name }))}
            />
          ),
        },
        {
          title: t("staff.status"),
          dataIndex: "status",
          render: (status: Staff["status"], member) => (
            <StatusCell status={status} member={member} editable={!isSelf(member)} onChange={onChange} />
          ),
        },
      ]}
    />
  );
}

type StatusCellProps = {
  status: Staff["status"];
  member: Staff;
  editable: boolean;
  onChange: Props["onChange"];
};

function StatusCell({ status, member, editable, onChange }: StatusCellProps) {
  const t = useT();
  const active = status === "active";
  return (
    <>
      <Tag color={active ? "green" : "default"}>{t(`staffStatus.${status}`)}</Tag>
      {editable && (
        <Popconfirm
          title={t(active ? "staff.confirmDisable" : "staff.confirmEnable", { name: member.name })}
          onConfirm={() => onChange(member, { status: active ? "disabled" : "active" })}
        >
          <Button size="small" type="link">
            {t(active ? "staff.disable" : "staff.enable")}
          </Button>
        </Popconfirm>
      )}
    </>
  );
}
