import { CheckOutlined, CopyOutlined, DownloadOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Image, Segmented, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useCursorList } from "../../../use-api";
import { useFormat } from "../../../use-format";
import type { StaffTask } from "./content-api";

/** 员工任务: what to post into external groups (copy, image, tracked link) and other to-dos; works on a phone. */
export function StaffTasksPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [scope, setScope] = useState<"mine" | "all">("mine");
  const [status, setStatus] = useState<"open" | "done">("open");
  const tasks = useCursorList<StaffTask>("/api/v1/tasks", { scope, status }, 20);

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t("tasks.copied"));
    } catch {
      message.info(text);
    }
  }

  async function done(task: StaffTask) {
    try {
      const updated = await api.post<StaffTask>(`/api/v1/tasks/${task.id}/done`);
      tasks.replaceItem(updated, (a, b) => a.id === b.id);
      message.success(t("tasks.markedDone"));
    } catch (cause) {
      notifyError(cause);
    }
  }

  const link = (url: string) => (url.startsWith("/") ? `${window.location.origin}${url}` : url);

  return (
    <>
      <PageHeader title={t("tasks.title")} />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        {can("staff:manage") && (
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as "mine" | "all")}
            options={[
              { value: "mine", label: t("tasks.mine") },
              { value: "all", label: t("tasks.all") },
            ]}
          />
        )}
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as "open" | "done")}
          options={[
            { value: "open", label: t("tasks.open") },
            { value: "done", label: t("tasks.done") },
          ]}
        />
      </Flex>
      <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
      {!tasks.loading && tasks.items.length === 0 && <Empty description={t("tasks.empty")} />}
      <Flex vertical gap={12} style={{ maxWidth: 720 }}>
        {tasks.items.map((task) => (
          <Card
            key={task.id}
            size="small"
            data-testid="staff-task"
            title={
              <Space wrap size={4}>
                <Tag color={task.status === "done" ? "green" : "purple"}>{t(`tasks.kind.${task.kind}`)}</Tag>
                <span style={{ whiteSpace: "normal" }}>{task.title}</span>
              </Space>
            }
          >
            <Space direction="vertical" style={{ width: "100%" }}>
              <Typography.Text type="secondary">
                {f.dateTime(task.createdAt)}
                {task.assigneeName ? ` · ${task.assigneeName}` : ""}
              </Typography.Text>
              {task.body && (
                <Flex gap={8} align="start">
                  <Typography.Paragraph style={{ whiteSpace: "pre-wrap", flex: 1, margin: 0 }}>
                    {task.body}
                  </Typography.Paragraph>
                  <Button size="small" icon={<CopyOutlined />} onClick={() => copy(task.body)}>
                    {t("tasks.copyText")}
                  </Button>
                </Flex>
              )}
              {task.linkUrl && (
                <Flex gap={8} align="center" wrap>
                  <Typography.Text code copyable={false} style={{ wordBreak: "break-all" }}>
                    {link(task.linkUrl)}
                  </Typography.Text>
                  <Button size="small" icon={<CopyOutlined />} onClick={() => copy(link(task.linkUrl ?? ""))}>
                    {t("tasks.copyLink")}
                  </Button>
                </Flex>
              )}
              {task.imageUrl && (
                <Flex gap={8} align="end" wrap>
                  <Image src={task.imageUrl} width={120} />
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    href={task.imageUrl}
                    target="_blank"
                    download
                  >
                    {t("tasks.downloadImage")}
                  </Button>
                </Flex>
              )}
              {task.status === "open" ? (
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  onClick={() => done(task)}
                  data-testid="task-done"
                >
                  {t("tasks.markDone")}
                </Button>
              ) : (
                <Typography.Text type="success">
                  {t("tasks.doneBy", { name: task.doneByName ?? "—", at: f.dateTime(task.doneAt) })}
                </Typography.Text>
              )}
            </Space>
          </Card>
        ))}
      </Flex>
      <LoadMore hasMore={tasks.hasMore} loading={tasks.loading} onClick={tasks.loadMore} />
    </>
  );
}
