import { DownloadOutlined } from "@ant-design/icons";
import { Button, Descriptions, Empty, Flex, Progress, Result, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { api, downloadFile } from "../../../shared/api";
import type { Import, ImportRowError } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { translateKnown } from "../../i18n/optional-message";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";

const finished = (item: Import) => item.status === "succeeded" || item.status === "failed";

/** Step 3: poll the import every second until it finishes, then show what it did and which rows failed. */
export function ImportProgress({ initial, onDone }: { initial: Import; onDone: (item: Import) => void }) {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const [item, setItem] = useState(initial);

  useEffect(() => {
    if (finished(item)) return;
    const timer = setTimeout(async () => {
      try {
        const next = await api.get<Import>(`/api/v1/imports/${item.id}`);
        setItem(next);
        if (finished(next)) onDone(next);
      } catch (cause) {
        notifyError(cause);
        setItem({ ...item });
      }
    }, 1000);
    return () => clearTimeout(timer);
  }, [item, onDone, notifyError]);

  const percent = item.totalRows
    ? Math.floor((item.processedRows / item.totalRows) * 100)
    : finished(item)
      ? 100
      : 0;
  const status = item.status === "failed" ? "exception" : item.status === "succeeded" ? "success" : "active";

  return (
    <Flex vertical gap={16} data-testid="import-progress">
      <Typography.Text>
        {item.fileName} · {t(`importStatus.${item.status}`)}
      </Typography.Text>
      <Progress percent={percent} status={status} />
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t("import.processed")}>
          {item.processedRows}
          {item.totalRows != null && ` / ${item.totalRows}`}
        </Descriptions.Item>
        <Descriptions.Item label={t("import.created")}>
          <span data-testid="import-created">{item.createdCount}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("import.skipped")}>{item.skippedCount}</Descriptions.Item>
        <Descriptions.Item label={t("import.errors")}>{item.errorCount}</Descriptions.Item>
        <Descriptions.Item label={t("import.finishedAt")}>{f.dateTime(item.finishedAt)}</Descriptions.Item>
      </Descriptions>
      {finished(item) && <SummaryNote item={item} />}
      {finished(item) && item.errorCount > 0 && <ImportErrors item={item} />}
    </Flex>
  );
}

function SummaryNote({ item }: { item: Import }) {
  const t = useT();
  const entries = Object.entries(item.summary ?? {}).filter(([, v]) => typeof v !== "object");
  const failed = item.status === "failed";
  const withErrors = !failed && item.errorCount > 0;
  return (
    <Result
      style={{ padding: 8 }}
      status={failed ? "error" : withErrors ? "warning" : "success"}
      title={
        failed
          ? t("import.failed")
          : withErrors
            ? t("import.succeededWithErrors", { errors: item.errorCount })
            : t("import.succeeded")
      }
      subTitle={entries.map(([k, v]) => `${translateKnown(t, "importSummary", k)}: ${String(v)}`).join(" · ")}
    />
  );
}

function ImportErrors({ item }: { item: Import }) {
  const t = useT();
  const notifyError = useNotifyError();
  const list = useCursorList<ImportRowError>(`/api/v1/imports/${item.id}/errors`);
  return (
    <>
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("import.errorReport")}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            downloadFile(
              `/api/v1/imports/${item.id}/errors?format=csv`,
              `import-${item.id}-errors.csv`,
            ).catch(notifyError)
          }
        >
          {t("import.downloadCsv")}
        </Button>
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.items.length === 0 && !list.loading ? (
        <Empty />
      ) : (
        <Table<ImportRowError>
          size="small"
          rowKey={(row) => `${row.rowNo}:${row.message}`}
          loading={list.loading}
          pagination={false}
          dataSource={list.items}
          scroll={{ x: 560 }}
          columns={[
            { title: t("import.rowNo"), dataIndex: "rowNo", width: 80 },
            { title: t("import.message"), dataIndex: "message" },
            {
              title: t("import.raw"),
              dataIndex: "raw",
              ellipsis: true,
              render: (raw: unknown) => <code>{typeof raw === "string" ? raw : JSON.stringify(raw)}</code>,
            },
          ]}
        />
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </>
  );
}
