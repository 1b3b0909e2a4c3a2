import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Input, InputNumber, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import type { CouponTemplateInput, Quote } from "../../../../shared/api-types";
import { useLocale, useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { quoteRule } from "./preview-quote";
import { cartLinesOf, cartTotalOf, defaultSampleCart, nextLineKey, type SampleLine } from "./sample-cart";

type Result = { quote: Quote | null; error: string | null; loading: boolean };

/** A small sample cart priced with the rule being edited, saved or not (the server's rule preview). */
export function QuotePreview({ draft }: { draft: CouponTemplateInput | null }) {
  const t = useT();
  const f = useFormat();
  const { locale } = useLocale();
  const [lines, setLines] = useState<SampleLine[]>(defaultSampleCart);
  const [result, setResult] = useState<Result>({ quote: null, error: null, loading: false });
  const rule = draft?.rule ?? null;
  const ruleKey = JSON.stringify(rule);
  const cart = cartLinesOf(lines);
  const cartKey = JSON.stringify(cart);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the cart and the rule, as JSON, are the triggers
  useEffect(() => {
    if (!rule || cart.length === 0) {
      setResult({ quote: null, error: null, loading: false });
      return;
    }
    let live = true;
    setResult((r) => ({ ...r, loading: true }));
    // Typing changes the cart or the rule on every key press: price once the typing pauses.
    const timer = setTimeout(() => {
      quoteRule(rule, cart).then(
        (quote) => live && setResult({ quote, error: null, loading: false }),
        (cause: unknown) =>
          live &&
          setResult({
            quote: null,
            error: cause instanceof Error ? cause.message : String(cause),
            loading: false,
          }),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [cartKey, ruleKey]);

  const change = (key: number, patch: Partial<SampleLine>) =>
    setLines((all) => all.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const quote = result.quote;
  const lineDiscount = (key: number) => quote?.lines.find((l) => l.lineId === String(key))?.discount ?? 0;

  return (
    <Card title={t("coupons.preview.title")} size="small" data-testid="quote-preview">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t("coupons.preview.hint")}
      </Typography.Paragraph>
      <Table<SampleLine>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={lines}
        scroll={{ x: 440 }}
        columns={[
          {
            title: "SKU",
            key: "sku",
            width: 96,
            render: (_, line) => (
              <Input
                size="small"
                value={line.sku}
                onChange={(e) => change(line.key, { sku: e.target.value })}
                aria-label="SKU"
              />
            ),
          },
          {
            title: t("coupons.preview.category"),
            key: "category",
            width: 80,
            render: (_, line) => (
              <Input
                size="small"
                value={line.category}
                onChange={(e) => change(line.key, { category: e.target.value })}
                aria-label={t("coupons.preview.category")}
              />
            ),
          },
          {
            title: t("coupons.preview.quantity"),
            key: "quantity",
            width: 64,
            render: (_, line) => (
              <InputNumber
                size="small"
                min={1}
                precision={0}
                value={line.quantity}
                onChange={(v) => change(line.key, { quantity: v })}
                style={{ width: "100%" }}
                aria-label={t("coupons.preview.quantity")}
              />
            ),
          },
          {
            title: t("coupons.preview.price"),
            key: "price",
            width: 104,
            render: (_, line) => (
              <InputNumber
                size="small"
                min={0}
                precision={2}
                prefix="¥"
                value={line.priceYuan}
                onChange={(v) => change(line.key, { priceYuan: v })}
                style={{ width: "100%" }}
                aria-label={t("coupons.preview.price")}
                data-testid={`preview-price-${line.key}`}
              />
            ),
          },
          {
            title: t("coupons.preview.discount"),
            key: "discount",
            width: 80,
            render: (_, line) => (lineDiscount(line.key) ? `-${f.money(lineDiscount(line.key))}` : "—"),
          },
          {
            key: "remove",
            width: 36,
            render: (_, line) => (
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t("coupons.preview.removeLine")}
                onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))}
              />
            ),
          },
        ]}
      />
      <Button
        size="small"
        type="dashed"
        icon={<PlusOutlined />}
        style={{ margin: "8px 0 12px" }}
        onClick={() =>
          setLines((all) => [
            ...all,
            { key: nextLineKey(all), sku: "", category: "", quantity: 1, priceYuan: null },
          ])
        }
      >
        {t("coupons.preview.addLine")}
      </Button>
      {!rule && (
        <Alert
          type="info"
          showIcon
          title={t("coupons.preview.chooseKind")}
          data-testid="preview-unavailable"
        />
      )}
      {result.error && <Alert type="error" showIcon title={result.error} data-testid="preview-error" />}
      {rule && (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t("coupons.preview.before")}>
            {f.money(cartTotalOf(lines))}
          </Descriptions.Item>
          <Descriptions.Item label={t("coupons.preview.totalDiscount")}>
            {quote ? `-${f.money(quote.totals.discount)}` : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("coupons.preview.after")}>
            <Typography.Text strong data-testid="preview-after">
              {result.loading ? "…" : quote ? f.money(quote.totals.after) : "—"}
            </Typography.Text>
          </Descriptions.Item>
          {quote && quote.gifts.length > 0 && (
            <Descriptions.Item label={t("coupons.preview.gifts")}>
              <Space wrap>
                {quote.gifts.map((g) => (
                  <Tag key={`${g.couponId}-${g.sku}`} color="green">
                    {g.name} ×{g.quantity} ({f.money(g.value)})
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          {quote && quote.rejected.length > 0 && (
            <Descriptions.Item label={t("coupons.preview.notApplied")}>
              <span data-testid="preview-reason">
                {quote.rejected.map((r) => (locale === "en" ? r.message.en : r.message.zhCN)).join("; ")}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Card>
  );
}
