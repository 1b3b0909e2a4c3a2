import { InboxOutlined } from "@ant-design/icons";
import { Form, Radio, Upload } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { ImportKind, UploadedImport } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

/** Step 1: choose what the file holds and send it; the server answers with a preview and suggested mapping. */
export function ImportUpload({ onUploaded }: { onUploaded: (uploaded: UploadedImport) => void }) {
  const t = useT();
  const notifyError = useNotifyError();
  const [kind, setKind] = useState<ImportKind>("orders");
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    const form = new FormData();
    form.append("kind", kind);
    form.append("file", file, file.name);
    setBusy(true);
    try {
      onUploaded(await api.post<UploadedImport>("/api/v1/imports", form));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form layout="vertical">
      <Form.Item label={t("import.kind")}>
        <Radio.Group
          buttonStyle="solid"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          data-testid="import-kind"
        >
          <Radio.Button value="orders">{t("import.kindOrders")}</Radio.Button>
          <Radio.Button value="customers">{t("import.kindCustomers")}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Upload.Dragger
        accept=".csv,text/csv"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{busy ? t("import.uploading") : t("import.dropHint")}</p>
        <p className="ant-upload-hint">{t("import.fileHint")}</p>
      </Upload.Dragger>
    </Form>
  );
}
