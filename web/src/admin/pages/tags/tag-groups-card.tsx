import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Input, Menu, Popconfirm, Space } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { TagGroup } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

export const allGroups = "all";
export const ungrouped = "none";

/** The group list beside the tags: pick one to filter, and (with tags:manage) add, rename or delete. */
export function TagGroupsCard({
  groups,
  selected,
  onSelect,
  onChanged,
  manage,
}: {
  groups: TagGroup[];
  selected: string;
  onSelect: (key: string) => void;
  onChanged: () => void;
  manage: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      message.success(t("common.saved"));
      onChanged();
    } catch (cause) {
      notifyError(cause);
    }
  };

  return (
    <Card size="small" title={t("tags.groups")} styles={{ body: { padding: 0 } }}>
      <Menu
        mode="inline"
        style={{ borderInlineEnd: "none" }}
        selectedKeys={[selected]}
        onClick={({ key }) => onSelect(key)}
        items={[
          { key: allGroups, label: t("tags.allGroups") },
          ...groups.map((g) => ({
            key: g.id,
            label:
              renaming?.id === g.id ? (
                <Space.Compact size="small" onClick={(e) => e.stopPropagation()}>
                  <Input
                    autoFocus
                    value={renaming.name}
                    onChange={(e) => setRenaming({ id: g.id, name: e.target.value })}
                    onPressEnter={() =>
                      run(() => api.patch(`/api/v1/tags/groups/${g.id}`, { name: renaming.name })).then(() =>
                        setRenaming(null),
                      )
                    }
                  />
                  <Button onClick={() => setRenaming(null)}>{t("common.cancel")}</Button>
                </Space.Compact>
              ) : (
                <Flex justify="space-between" align="center">
                  <span>{g.name}</span>
                  {manage && selected === g.id && (
                    <span onClick={(e) => e.stopPropagation()} onKeyDown={() => {}} role="toolbar">
                      <Button
                        size="small"
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t("common.edit")}
                        onClick={() => setRenaming({ id: g.id, name: g.name })}
                      />
                      <Popconfirm
                        title={t("tags.confirmDeleteGroup", { name: g.name })}
                        onConfirm={() => run(() => api.delete(`/api/v1/tags/groups/${g.id}`))}
                      >
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t("tags.delete")}
                        />
                      </Popconfirm>
                    </span>
                  )}
                </Flex>
              ),
          })),
          { key: ungrouped, label: t("tags.ungrouped") },
        ]}
      />
      {manage && (
        <Space.Compact style={{ padding: 12, width: "100%" }}>
          <Input
            value={name}
            maxLength={50}
            placeholder={t("tags.newGroup")}
            onChange={(e) => setName(e.target.value)}
            data-testid="tag-group-name"
          />
          <Button
            icon={<PlusOutlined />}
            disabled={!name.trim()}
            onClick={() =>
              run(() => api.post("/api/v1/tags/groups", { name: name.trim() })).then(() => setName(""))
            }
            data-testid="tag-group-add"
          />
        </Space.Compact>
      )}
    </Card>
  );
}
