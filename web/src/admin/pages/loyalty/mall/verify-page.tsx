import { CheckCircleFilled, GiftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Image, Input, Result, Select, Typography } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../../shared/api";
import type { List, StaffMallExchange, Store } from "../../../../shared/api-types";
import { PageHeader } from "../../../components/page-header";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { ExchangeStatusTag } from "./exchange-status-tag";
import {
  digitsOfCode,
  groupCode,
  isCompleteCode,
  lastPickupMoment,
  storedVerifyStore,
  storeVerifyStore,
} from "./pickup-code";

type Problem = { code: string; message: string } | null;

/**
 * 核销 at the counter, laid out for a phone: type the member's 12-digit code (shown under their
 * QR), see what to hand over and any cash to collect, confirm once. Scanning is left to typing
 * the digits: no camera library is loaded.
 */
export function VerifyPage() {
  const t = useT();
  const f = useFormat();
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [storeId, setStoreId] = useState<string | null>(storedVerifyStore);
  const [typed, setTyped] = useState("");
  const [found, setFound] = useState<StaffMallExchange | null>(null);
  const [problem, setProblem] = useState<Problem>(null);
  const [busy, setBusy] = useState(false);
  const [verified, setVerified] = useState<StaffMallExchange | null>(null);
  const storeList = stores.data?.data ?? [];
  const chosenStore = storeList.find((s) => s.id === storeId) ? storeId : null;

  function explain(cause: unknown): Problem {
    if (!(cause instanceof ApiError)) return { code: "error", message: String(cause) };
    if (cause.code === "not_found") return { code: cause.code, message: t("mall.verify.notFound") };
    if (cause.code === "validation_failed") return { code: cause.code, message: t("mall.verify.badCode") };
    if (cause.code === "already_done") return { code: cause.code, message: t("mall.verify.alreadyDone") };
    const status = (cause.details as { status?: string } | undefined)?.status;
    if (status === "expired") return { code: cause.code, message: t("mall.verify.expired") };
    if (status === "cancelled") return { code: cause.code, message: t("mall.verify.cancelled") };
    return { code: cause.code, message: cause.message };
  }

  async function lookUp() {
    const digits = digitsOfCode(typed);
    if (!isCompleteCode(digits)) {
      setProblem({ code: "validation_failed", message: t("mall.verify.badCode") });
      return;
    }
    setBusy(true);
    setProblem(null);
    setFound(null);
    try {
      setFound(await api.get<StaffMallExchange>(`/api/v1/mall/pickups/${digits}`));
    } catch (cause) {
      setProblem(explain(cause));
    } finally {
      setBusy(false);
    }
  }

  async function verify() {
    if (!found) return;
    setBusy(true);
    setProblem(null);
    try {
      const done = await api.post<StaffMallExchange>(`/api/v1/mall/pickups/${found.code}/verify`, {
        storeId: chosenStore,
      });
      setVerified(done);
      setFound(null);
    } catch (cause) {
      setProblem(explain(cause));
      try {
        setFound(await api.get<StaffMallExchange>(`/api/v1/mall/pickups/${found.code}`));
      } catch {
        // the problem above already says what went wrong
      }
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setVerified(null);
    setFound(null);
    setTyped("");
    setProblem(null);
  }

  const expired = found ? Date.parse(found.expiresAt) <= Date.now() : false;

  return (
    <div style={{ maxWidth: 520, margin: "0 auto" }}>
      <PageHeader title={t("mall.verifyTitle")} />
      {storeList.length > 0 && (
        <Flex vertical gap={4} style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{t("mall.verify.store")}</Typography.Text>
          <Select
            size="large"
            value={chosenStore ?? undefined}
            placeholder={t("mall.verify.storePlaceholder")}
            onChange={(id: string) => {
              setStoreId(id);
              storeVerifyStore(id);
            }}
            options={storeList.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
            data-testid="verify-store"
          />
        </Flex>
      )}
      {verified ? (
        <Result
          status="success"
          icon={<CheckCircleFilled />}
          title={t("mall.verify.done")}
          subTitle={t("mall.verify.doneDetail", {
            item: verified.itemName,
            quantity: verified.quantity,
            member: verified.customer?.name ?? verified.customer?.phone ?? "—",
          })}
          extra={[
            verified.cashDue > 0 ? (
              <Alert
                key="cash"
                type="warning"
                showIcon
                title={t("mall.verify.collectCash", { cash: f.money(verified.cashDue) })}
                style={{ marginBottom: 16, textAlign: "left" }}
              />
            ) : null,
            <Button key="next" type="primary" size="large" block onClick={next} data-testid="verify-next">
              {t("mall.verify.next")}
            </Button>,
          ]}
        />
      ) : (
        <>
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">{t("mall.verify.codeLabel")}</Typography.Text>
            <Input
              size="large"
              autoFocus
              inputMode="numeric"
              autoComplete="off"
              placeholder="1234 5678 9012"
              value={typed}
              onChange={(e) => {
                setTyped(groupCode(digitsOfCode(e.target.value).slice(0, 12)));
                setProblem(null);
              }}
              onPressEnter={lookUp}
              style={{ fontSize: 24, letterSpacing: 2, fontFamily: "monospace" }}
              aria-label={t("mall.verify.codeLabel")}
              status={problem ? "error" : undefined}
              data-testid="verify-code"
            />
            {problem && <Alert type="error" showIcon title={problem.message} data-testid="verify-problem" />}
            <Button size="large" block onClick={lookUp} loading={busy && !found} data-testid="verify-lookup">
              {t("mall.verify.lookUp")}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("mall.verify.manualHint")}
            </Typography.Text>
          </Flex>
          {found && (
            <Card style={{ marginTop: 16 }} data-testid="verify-card">
              <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
                {found.imageUrl ? (
                  <Image src={found.imageUrl} width={64} height={64} style={{ objectFit: "cover" }} />
                ) : (
                  <GiftOutlined style={{ fontSize: 40, color: "#bbb" }} />
                )}
                <div>
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {found.itemName} × {found.quantity}
                  </Typography.Title>
                  <ExchangeStatusTag status={found.status} />
                </div>
              </Flex>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t("mall.member")}>
                  {found.customer?.name ?? "—"} {found.customer?.phone ?? ""}
                </Descriptions.Item>
                <Descriptions.Item label={t("mall.points")}>{found.points}</Descriptions.Item>
                <Descriptions.Item label={t("mall.exchangedAt")}>
                  {f.dateTime(found.createdAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t("mall.pickupUntil")}>
                  {f.dateTime(lastPickupMoment(found.expiresAt))}
                </Descriptions.Item>
                {found.verifiedAt && (
                  <Descriptions.Item label={t("mall.status.verified")}>
                    {t("mall.verifiedLine", {
                      time: f.dateTime(found.verifiedAt),
                      by: found.verifiedBy?.name ?? "—",
                      store: found.verifiedStore?.name ?? "—",
                    })}
                  </Descriptions.Item>
                )}
              </Descriptions>
              {found.cashDue > 0 && found.status === "awaiting_pickup" && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ margin: "12px 0" }}
                  title={t("mall.verify.collectCash", { cash: f.money(found.cashDue) })}
                />
              )}
              {found.status === "awaiting_pickup" && !expired ? (
                <Button
                  type="primary"
                  size="large"
                  block
                  onClick={verify}
                  loading={busy}
                  data-testid="verify-confirm"
                  style={{ height: 52, fontSize: 18 }}
                >
                  {t("mall.verify.confirm")}
                </Button>
              ) : (
                found.status === "awaiting_pickup" && (
                  <Alert type="error" showIcon title={t("mall.verify.expired")} />
                )
              )}
            </Card>
          )}
        </>
      )}
    </div>
  );
}
