import { Button, Card, Flex, Steps, Table } from "antd";
import { useCallback, useState } from "react";
import type { Import, UploadedImport } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { LoadMore } from "../../components/load-more";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useCursorList } from "../../use-api";
import { useFormat } from "../../use-format";
import { ImportMapping } from "./import-mapping";
import { ImportProgress } from "./import-progress";
import { ImportUpload } from "./import-upload";

type Wizard =
  | { step: "upload" }
  | { step: "mapping"; uploaded: UploadedImport }
  | { step: "progress"; item: Import };

const stepIndex = { upload: 0, mapping: 1, progress: 2 };

export function ImportsPage() {
  const t = useT();
  const f = useFormat();
  const [wizard, setWizard] = useState<Wizard>({ step: "upload" });
  const history = useCursorList<Import>("/api/v1/imports", {}, 20);
  const reloadHistory = history.reload;
  const onDone = useCallback(() => reloadHistory(), [reloadHistory]);

  return (
    <>
      <PageHeader title={t("menu.imports")} />
      <Card style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={stepIndex[wizard.step]}
          style={{ marginBottom: 24 }}
          items={[
            { title: t("import.stepUpload") },
            { title: t("import.stepMapping") },
            { title: t("import.stepRun") },
          ]}
        />
        {wizard.step === "upload" && (
          <ImportUpload onUploaded={(uploaded) => setWizard({ step: "mapping", uploaded })} />
        )}
        {wizard.step === "mapping" && (
          <ImportMapping
            uploaded={wizard.uploaded}
            onCancel={() => setWizard({ step: "upload" })}
            onStarted={(item) => {
              setWizard({ step: "progress", item });
              history.reload();
            }}
          />
        )}
        {wizard.step === "progress" && (
          <>
            <ImportProgress key={wizard.item.id} initial={wizard.item} onDone={onDone} />
            <Flex justify="end" style={{ marginTop: 16 }}>
              <Button onClick={() => setWizard({ step: "upload" })}>{t("import.another")}</Button>
            </Flex>
          </>
        )}
      </Card>
      <Card title={t("import.history")} size="small">
        <ErrorAlert error={history.error} onRetry={history.reload} />
        <Table<Import>
          size="small"
          rowKey="id"
          loading={history.loading}
          pagination={false}
          dataSource={history.items}
          scroll={{ x: 720 }}
          onRow={(item) => ({
            onClick: () => item.status !== "uploaded" && setWizard({ step: "progress", item }),
            style: { cursor: "pointer" },
          })}
          columns={[
            { title: t("import.file"), dataIndex: "fileName", ellipsis: true },
            {
              title: t("import.kind"),
              dataIndex: "kind",
              render: (k: Import["kind"]) => t(k === "orders" ? "import.kindOrders" : "import.kindCustomers"),
            },
            {
              title: t("import.status"),
              dataIndex: "status",
              render: (s: Import["status"]) => t(`importStatus.${s}`),
            },
            { title: t("import.processed"), dataIndex: "processedRows", align: "right" },
            { title: t("import.created"), dataIndex: "createdCount", align: "right" },
            { title: t("import.errors"), dataIndex: "errorCount", align: "right" },
            { title: t("common.createdAt"), dataIndex: "createdAt", render: (v: string) => f.dateTime(v) },
          ]}
        />
        <LoadMore hasMore={history.hasMore} loading={history.loading} onClick={history.loadMore} />
      </Card>
    </>
  );
}
