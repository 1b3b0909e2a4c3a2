import { UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Input, Select, Tabs, Typography, Upload } from "antd";
import { useRef, useState } from "react";
import { api } from "../../../shared/api";
import type { Customer, Page, Tag, TagCustomersResult, TagPhonesResult } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

/** Apply a manual tag: pasted or uploaded phones (unknown ones listed), or customers picked by search. */
export function TagApplyCard({ tag, onApplied }: { tag: Tag; onApplied: () => void }) {
  const t = useT();
  return (
    <Card size="small" title={t("tags.apply")} style={{ marginBottom: 16 }}>
      <Tabs
        size="small"
        items={[
          {
            key: "phones",
            label: t("tags.byPhones"),
            children: <ByPhones tag={tag} onApplied={onApplied} />,
          },
          {
            key: "pick",
            label: t("tags.byPicking"),
            children: <ByPicking tag={tag} onApplied={onApplied} />,
          },
        ]}
      />
    </Card>
  );
}

function ByPhones({ tag, onApplied }: { tag: Tag; onApplied: () => void }) {
  const t = useT();
  const notifyError = useNotifyError();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<TagPhonesResult | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      setResult(await api.post<TagPhonesResult>(`/api/v1/tags/${tag.id}/customers/phones`, { csv }));
      onApplied();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={8}>
      <Input.TextArea
        value={csv}
        onChange={(e) => {
          setCsv(e.target.value);
          setFileName(null);
        }}
        autoSize={{ minRows: 4, maxRows: 10 }}
        placeholder={t("tags.phonesPlaceholder")}
        data-testid="tag-phones"
      />
      <Flex gap={8} wrap align="center">
        <Upload
          accept=".csv,.txt,text/csv,text/plain"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => {
              setCsv(text);
              setFileName(file.name);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t("tags.uploadPhones")}</Button>
        </Upload>
        {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
        <Button
          type="primary"
          disabled={!csv.trim()}
          loading={busy}
          onClick={submit}
          data-testid="tag-phones-submit"
        >
          {t("tags.applyToPhones")}
        </Button>
      </Flex>
      {result && (
        <Alert
          type={result.notFound.length || result.invalid.length ? "warning" : "success"}
          showIcon
          data-testid="tag-phones-result"
          title={t("tags.phonesResult", {
            matched: result.matched,
            added: result.added,
            already: result.alreadyTagged,
          })}
          description={
            <>
              {result.notFound.length > 0 && (
                <div data-testid="tag-phones-not-found">
                  {t("tags.phonesNotFound", { count: result.notFound.length })}
                  <Typography.Paragraph copyable style={{ margin: 0 }}>
                    {result.notFound.join(", ")}
                  </Typography.Paragraph>
                </div>
              )}
              {result.invalid.length > 0 && (
                <div>
                  {t("tags.phonesInvalid", { count: result.invalid.length })}
                  <Typography.Paragraph style={{ margin: 0 }}>
                    {result.invalid.join(", ")}
                  </Typography.Paragraph>
                </div>
              )}
            </>
          }
        />
      )}
    </Flex>
  );
}

function ByPicking({ tag, onApplied }: { tag: Tag; onApplied: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const searchId = useRef(0);

  const search = async (q: string) => {
    const id = ++searchId.current;
    try {
      const page = await api.get<Page<Customer>>("/api/v1/customers", {
        q: q.trim() || undefined,
        limit: 20,
      });
      if (id !== searchId.current) return;
      setOptions(
        page.data.map((c) => ({ value: c.id, label: [c.name, c.phone].filter(Boolean).join(" · ") || c.id })),
      );
    } catch (cause) {
      notifyError(cause);
    }
  };

  const submit = async () => {
    setBusy(true);
    try {
      const result = await api.post<TagCustomersResult>(`/api/v1/tags/${tag.id}/customers`, {
        customerIds: chosen,
      });
      message.success(t("tags.pickedResult", { added: result.added, already: result.alreadyTagged }));
      setChosen([]);
      onApplied();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex gap={8} wrap>
      <Select
        mode="multiple"
        showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
        value={chosen}
        onChange={setChosen}
        onFocus={() => options.length === 0 && void search("")}
        options={options}
        placeholder={t("tags.pickPlaceholder")}
        style={{ minWidth: 320, flex: 1 }}
        data-testid="tag-pick"
      />
      <Button type="primary" disabled={chosen.length === 0} loading={busy} onClick={submit}>
        {t("tags.applyToPicked", { count: chosen.length })}
      </Button>
    </Flex>
  );
}
