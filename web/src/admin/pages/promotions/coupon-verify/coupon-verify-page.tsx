import { CheckCircleFilled } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  type InputRef,
  Result,
  Select,
  Tag,
  Typography,
} from "antd";
import { useRef, useState } from "react";
import { ApiError, api } from "../../../../shared/api";
import type {
  CouponVerifyLookup,
  CouponVerifyResult,
  List,
  MemberCouponStatus,
  Store,
  VerifyRejection,
} from "../../../../shared/api-types";
import { PageHeader } from "../../../components/page-header";
import { useLocale, useT } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { storedVerifyStore, storeVerifyStore } from "../../loyalty/mall/pickup-code";
import { useSubmissionKey } from "../../loyalty/points/idempotency-key";
import { ScanButton } from "./scan-button";
import { groupCode, isCompleteCode, lastValidText, parseAmountToFen, symbolsOfCode } from "./verify-input";

type Problem = { field: "code" | "amount"; message: string } | null;

const statusKey: Record<MemberCouponStatus, MessageKey> = {
  available: "couponVerify.status.available",
  reserved: "couponVerify.status.reserved",
  redeemed: "couponVerify.status.redeemed",
  expired: "couponVerify.status.expired",
  void: "couponVerify.status.void",
};
const statusColor: Record<MemberCouponStatus, string> = {
  available: "green",
  reserved: "orange",
  redeemed: "default",
  expired: "default",
  void: "default",
};

/**
 * 核销 of a member's coupon at the counter, laid out for a phone: type the code under the member's
 * QR and what they are paying, see the coupon and what it takes off (the checkout's quote), confirm
 * once. The store this phone works at is remembered (the same choice as the mall's pickups).
 */
export function CouponVerifyPage() {
  const t = useT();
  const f = useFormat();
  const { locale } = useLocale();
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [storeId, setStoreId] = useState<string | null>(storedVerifyStore);
  const [typedCode, setTypedCode] = useState("");
  const [typedAmount, setTypedAmount] = useState("");
  const [found, setFound] = useState<CouponVerifyLookup | null>(null);
  const [problem, setProblem] = useState<Problem>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CouponVerifyResult | null>(null);
  const { keyFor, settle } = useSubmissionKey();
  const amountInput = useRef<InputRef>(null);
  const storeList = stores.data?.data ?? [];
  const chosenStore = storeList.find((s) => s.id === storeId) ? storeId : null;

  const rejectionText = (rejection: VerifyRejection) =>
    locale === "en" ? rejection.message.en : rejection.message.zhCN;

  function explain(cause: unknown): Problem {
    if (!(cause instanceof ApiError)) return { field: "code", message: String(cause) };
    if (cause.code === "not_found") return { field: "code", message: t("couponVerify.notFound") };
    if (cause.code === "coupon_not_applicable") {
      const rejected = (cause.details as { rejected?: VerifyRejection[] } | undefined)?.rejected?.[0];
      return { field: "amount", message: rejected ? rejectionText(rejected) : cause.message };
    }
    if (cause.code === "validation_failed") return { field: "code", message: t("couponVerify.badCode") };
    return { field: "code", message: cause.message };
  }

  /** The typed inputs, or a problem next to the field that is wrong. */
  function readInputs(): { code: string; amount: number } | null {
    const code = symbolsOfCode(typedCode);
    if (!isCompleteCode(code)) {
      setProblem({ field: "code", message: t("couponVerify.badCode") });
      return null;
    }
    const amount = parseAmountToFen(typedAmount);
    if (amount === null) {
      setProblem({ field: "amount", message: t("couponVerify.badAmount") });
      return null;
    }
    return { code, amount };
  }

  async function lookUp(input = readInputs()) {
    if (!input) return;
    setBusy(true);
    setProblem(null);
    try {
      setFound(
        await api.get<CouponVerifyLookup>(`/api/v1/coupon-verify/${input.code}`, {
          amount: input.amount,
          storeId: chosenStore ?? undefined,
        }),
      );
    } catch (cause) {
      setFound(null);
      setProblem(explain(cause));
    } finally {
      setBusy(false);
    }
  }

  /** A scanner gun ends the code with Enter: go on to the amount unless it is there already. */
  function codeEntered() {
    if (isCompleteCode(symbolsOfCode(typedCode)) && parseAmountToFen(typedAmount) === null) {
      amountInput.current?.focus();
      return;
    }
    void lookUp();
  }

  function scanned(text: string) {
    setTypedCode(groupCode(symbolsOfCode(text).slice(0, 12)));
    edited();
    amountInput.current?.focus();
  }

  async function verify() {
    const input = readInputs();
    if (!input || !found) return;
    const body = { code: input.code, amount: input.amount, ...(chosenStore ? { storeId: chosenStore } : {}) };
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.post<CouponVerifyResult>("/api/v1/coupon-verify", body, {
        headers: { "idempotency-key": keyFor(body) },
      });
      settle();
      setDone(result);
      setFound(null);
    } catch (cause) {
      setProblem(explain(cause));
      void lookUp(input);
    } finally {
      setBusy(false);
    }
  }

  function next() {
    setDone(null);
    setFound(null);
    setTypedCode("");
    setTypedAmount("");
    setProblem(null);
  }

  const edited = () => {
    setFound(null);
    setProblem(null);
  };
  const quote = found?.quote ?? null;
  const usable = found ? found.coupon.status === "available" || found.coupon.status === "reserved" : false;
  const member = (who: CouponVerifyLookup["customer"]) =>
    who ? [who.name, who.phone].filter(Boolean).join(" ") || "—" : t("couponVerify.noMember");

  return (
    <div style={{ maxWidth: 520, margin: "0 auto" }}>
      <PageHeader title={t("couponVerify.title")} />
      {storeList.length > 0 && (
        <Flex vertical gap={4} style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{t("couponVerify.store")}</Typography.Text>
          <Select
            size="large"
            value={chosenStore ?? undefined}
            placeholder={t("couponVerify.storePlaceholder")}
            onChange={(id: string) => {
              setStoreId(id);
              storeVerifyStore(id);
              edited();
            }}
            options={storeList.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
            data-testid="coupon-verify-store"
          />
        </Flex>
      )}
      {done ? (
        <Result
          status="success"
          icon={<CheckCircleFilled />}
          title={t("couponVerify.done")}
          subTitle={
            <Flex vertical gap={4} data-testid="coupon-verify-done">
              <span>
                {t("couponVerify.doneDetail", {
                  coupon: done.coupon.templateName,
                  discount: f.money(done.redemption.discount),
                  payable: f.money(done.redemption.total),
                })}
              </span>
              <span>{t("couponVerify.doneMember", { member: member(done.customer) })}</span>
            </Flex>
          }
          extra={[
            done.redemption.gifts.length > 0 ? (
              <Alert
                key="gifts"
                type="warning"
                showIcon
                title={t("couponVerify.handGifts", {
                  gifts: done.redemption.gifts.map((g) => `${g.name} × ${g.quantity}`).join("、"),
                })}
                style={{ marginBottom: 16, textAlign: "left" }}
              />
            ) : null,
            <Button
              key="next"
              type="primary"
              size="large"
              block
              onClick={next}
              data-testid="coupon-verify-next"
            >
              {t("couponVerify.next")}
            </Button>,
          ]}
        />
      ) : (
        <>
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">{t("couponVerify.codeLabel")}</Typography.Text>
            <Input
              size="large"
              autoFocus
              autoComplete="off"
              autoCapitalize="characters"
              placeholder="ABCD EFGH JKMN"
              value={typedCode}
              onChange={(e) => {
                setTypedCode(groupCode(symbolsOfCode(e.target.value).slice(0, 12)));
                edited();
              }}
              onPressEnter={codeEntered}
              style={{ fontSize: 22, letterSpacing: 2, fontFamily: "monospace" }}
              aria-label={t("couponVerify.codeLabel")}
              status={problem?.field === "code" ? "error" : undefined}
              data-testid="coupon-verify-code"
            />
            <ScanButton onCode={scanned} />
            {problem?.field === "code" && (
              <Alert type="error" showIcon title={problem.message} data-testid="coupon-verify-problem" />
            )}
            <Typography.Text type="secondary">{t("couponVerify.amountLabel")}</Typography.Text>
            <Input
              ref={amountInput}
              size="large"
              inputMode="decimal"
              autoComplete="off"
              prefix="¥"
              placeholder={t("couponVerify.amountPlaceholder")}
              value={typedAmount}
              onChange={(e) => {
                setTypedAmount(e.target.value);
                edited();
              }}
              onPressEnter={() => void lookUp()}
              style={{ fontSize: 22 }}
              aria-label={t("couponVerify.amountLabel")}
              status={problem?.field === "amount" ? "error" : undefined}
              data-testid="coupon-verify-amount"
            />
            {problem?.field === "amount" && (
              <Alert type="error" showIcon title={problem.message} data-testid="coupon-verify-problem" />
            )}
            <Button
              size="large"
              block
              onClick={() => void lookUp()}
              loading={busy && !found}
              data-testid="coupon-verify-lookup"
            >
              {t("couponVerify.lookUp")}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("couponVerify.manualHint")}
            </Typography.Text>
          </Flex>
          {found && (
            <Card style={{ marginTop: 16 }} data-testid="coupon-verify-card">
              <Flex justify="space-between" align="start" gap={8} style={{ marginBottom: 8 }}>
                <div>
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {found.coupon.templateName}
                  </Typography.Title>
                  {found.coupon.summary !== found.coupon.templateName && (
                    <Typography.Text type="secondary">{found.coupon.summary}</Typography.Text>
                  )}
                </div>
                <Tag color={statusColor[found.coupon.status]} data-testid="coupon-verify-status">
                  {t(statusKey[found.coupon.status])}
                </Tag>
              </Flex>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t("couponVerify.member")}>
                  {member(found.customer)}
                </Descriptions.Item>
                <Descriptions.Item label={t("couponVerify.validity")}>
                  {f.dateTime(found.coupon.validFrom)} – {lastValidText(found.coupon.validUntil, f.dateTime)}
                </Descriptions.Item>
                {found.coupon.redeemedAt && (
                  <Descriptions.Item label={t("couponVerify.status.redeemed")}>
                    {f.dateTime(found.coupon.redeemedAt)}
                  </Descriptions.Item>
                )}
              </Descriptions>
              {quote && (
                <div
                  style={{ marginTop: 12, paddingTop: 12, borderTop: "1px dashed #eee" }}
                  data-testid="coupon-verify-quote"
                >
                  <Flex justify="space-between">
                    <span>{t("couponVerify.amount")}</span>
                    <span>{f.money(quote.amount)}</span>
                  </Flex>
                  {quote.applicable && (
                    <Flex justify="space-between" style={{ color: "#cf1322" }}>
                      <span>{t("couponVerify.discount")}</span>
                      <span data-testid="coupon-verify-discount">-{f.money(quote.discount)}</span>
                    </Flex>
                  )}
                  {quote.gifts.map((gift) => (
                    <Flex key={gift.sku} justify="space-between">
                      <span>{t("couponVerify.gift")}</span>
                      <span>
                        {gift.name} × {gift.quantity}
                      </span>
                    </Flex>
                  ))}
                  <Flex justify="space-between" align="baseline" style={{ marginTop: 4 }}>
                    <strong>{t("couponVerify.payable")}</strong>
                    <strong style={{ fontSize: 24 }} data-testid="coupon-verify-payable">
                      {f.money(quote.payable)}
                    </strong>
                  </Flex>
                  {quote.rejection && (
                    <Alert
                      type="error"
                      showIcon
                      style={{ marginTop: 12 }}
                      title={t("couponVerify.notApplicable", { reason: rejectionText(quote.rejection) })}
                      data-testid="coupon-verify-rejection"
                    />
                  )}
                </div>
              )}
              {quote?.applicable && usable && (
                <Button
                  type="primary"
                  size="large"
                  block
                  onClick={verify}
                  loading={busy}
                  data-testid="coupon-verify-confirm"
                  style={{ height: 52, fontSize: 18, marginTop: 16 }}
                >
                  {t("couponVerify.confirm")}
                </Button>
              )}
            </Card>
          )}
        </>
      )}
    </div>
  );
}
