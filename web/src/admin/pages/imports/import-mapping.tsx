import { Button, Flex, Select, Table, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Import, UploadedImport } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

type Props = { uploaded: UploadedImport; onStarted: (started: Import) => void; onCancel: () => void };
type ColumnRow = { column: string; index: number; samples: string };

/** Step 2: one Select per CSV column onto the import's target fields, pre-filled from the server's guess. */
export function ImportMapping({ uploaded, onStarted, onCancel }: Props) {
  const t = useT();
  const notifyError = useNotifyError();
  const { preview } = uploaded;
  const [mapping, setMapping] = useState<Record<string, string>>(() => ({ ...preview.suggestedMapping }));
  const [busy, setBusy] = useState(false);
  const rows: ColumnRow[] = preview.headers.map((column, index) => ({
    column,
    index,
    samples: preview.rows
      .map((row) => row[index] ?? "")
      .filter(Boolean)
      .slice(0, 3)
      .join(" · "),
  }));
  const used = new Set(Object.values(mapping));

  async function start() {
    const chosen = Object.fromEntries(Object.entries(mapping).filter(([, field]) => field));
    setBusy(true);
    try {
      onStarted(await api.post<Import>(`/api/v1/imports/${uploaded.import.id}/start`, { mapping: chosen }));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Typography.Paragraph>
        {t("import.mappingIntro", { file: uploaded.import.fileName })}
      </Typography.Paragraph>
      <Table<ColumnRow>
        size="small"
        rowKey="index"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 560 }}
        data-testid="import-mapping"
        columns={[
          { title: t("import.csvColumn"), dataIndex: "column", render: (c: string) => <code>{c}</code> },
          { title: t("import.samples"), dataIndex: "samples", ellipsis: true },
          {
            title: t("import.targetField"),
            key: "field",
            width: 220,
            render: (_, row) => (
              <Select
                style={{ width: "100%" }}
                value={mapping[row.column] ?? ""}
                onChange={(field) => setMapping((m) => ({ ...m, [row.column]: field }))}
                options={[
                  { value: "", label: t("import.ignore") },
                  ...preview.fields.map((field) => ({
                    value: field,
                    label: field,
                    disabled: used.has(field) && mapping[row.column] !== field,
                  })),
                ]}
              />
            ),
          },
        ]}
      />
      <Flex gap={8} justify="end" style={{ marginTop: 16 }}>
        <Button onClick={onCancel}>{t("common.cancel")}</Button>
        <Button
          type="primary"
          loading={busy}
          disabled={used.size === 0}
          onClick={start}
          data-testid="import-start"
        >
          {t("import.start")}
        </Button>
      </Flex>
    </>
  );
}
