import { Button, Result } from "antd";
import { useNavigate } from "react-router-dom";
import { useT } from "../i18n/locale-context";

export function ForbiddenPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="403"
      subTitle={<span data-testid="no-permission">{t("error.noPermission")}</span>}
      extra={<Button onClick={() => navigate("/")}>{t("error.backHome")}</Button>}
    />
  );
}

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t("error.notFound")}
      extra={<Button onClick={() => navigate("/")}>{t("error.backHome")}</Button>}
    />
  );
}
