import { Alert, Button } from "antd";
import type { ApiError } from "../../shared/api";
import { useT } from "../i18n/locale-context";

/** A failed load: the server's message and a retry button. */
export function ErrorAlert({ error, onRetry }: { error: ApiError | null; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={error.message}
      description={error.code}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        )
      }
    />
  );
}
