import { Button } from "antd";
import { useT } from "../i18n/locale-context";

export function LoadMore({
  hasMore,
  loading,
  onClick,
}: {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
}) {
  const t = useT();
  if (!hasMore) return null;
  return (
    <div style={{ textAlign: "center", marginTop: 16 }}>
      <Button onClick={onClick} loading={loading}>
        {t("common.loadMore")}
      </Button>
    </div>
  );
}
