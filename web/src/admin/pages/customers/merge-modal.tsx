import { Alert, Modal, Select } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Customer, Page } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

type Props = { customer: Customer; open: boolean; onClose: () => void; onMerged: (kept: Customer) => void };

const label = (c: Customer) => [c.name, c.phone, c.externalId].filter(Boolean).join(" · ") || c.id;

/** Pick a duplicate of this customer; its orders, events and identities move here and it disappears. */
export function MergeModal({ customer, open, onClose, onMerged }: Props) {
  const t = useT();
  const notifyError = useNotifyError();
  const [options, setOptions] = useState<Customer[]>([]);
  const [searching, setSearching] = useState(false);
  const [duplicateId, setDuplicateId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(q: string) {
    if (!q.trim()) return;
    setSearching(true);
    try {
      const page = await api.get<Page<Customer>>("/api/v1/customers", { q: q.trim(), limit: 20 });
      setOptions(page.data.filter((c) => c.id !== customer.id));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setSearching(false);
    }
  }

  async function merge() {
    if (!duplicateId) return;
    setBusy(true);
    try {
      onMerged(await api.post<Customer>(`/api/v1/customers/${customer.id}/merge`, { duplicateId }));
      setDuplicateId(null);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("merge.title")}
      onCancel={onClose}
      onOk={merge}
      okText={t("merge.submit")}
      okButtonProps={{ danger: true, disabled: !duplicateId }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        title={t("merge.hint", { name: label(customer) })}
        style={{ marginBottom: 16 }}
      />
      <Select
        showSearch={{ filterOption: false, onSearch: search }}
        value={duplicateId}
        onChange={setDuplicateId}
        loading={searching}
        placeholder={t("merge.searchPlaceholder")}
        style={{ width: "100%" }}
        options={options.map((c) => ({ value: c.id, label: label(c) }))}
        notFoundContent={null}
      />
    </Modal>
  );
}
