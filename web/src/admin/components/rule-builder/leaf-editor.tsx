import { AutoComplete, Flex, InputNumber, Select, Typography } from "antd";
import type {
  EventRule,
  FieldRule,
  InsightField,
  LayerRule,
  LeafRule,
  PurchaseRule,
  RuleNode,
  TagRule,
} from "../../../shared/api-types";
import { useLocale } from "../../i18n/locale-context";
import { ComparisonInput } from "./comparison-input";
import { FieldValueInput } from "./field-value-input";
import { type RuleBuilderData, useRuleBuilderData } from "./rule-builder-data";
import { type LeafKind, newLeaf, valueForOperator } from "./rule-tree";

type Props<T> = { node: T; onChange: (node: RuleNode) => void; bad: (part: string) => "error" | undefined };

/** Which condition a leaf is: "field:<name>" or a behaviour/reference kind. */
export function leafChoice(node: LeafRule): string {
  if ("field" in node) return `field:${node.field}`;
  if ("purchased" in node) return "purchased";
  if ("event" in node) return "event";
  if ("tag" in node) return "tag";
  return "layer";
}

export function LeafEditor({ node, onChange, bad }: Props<LeafRule>) {
  const data = useRuleBuilderData();
  const choose = (choice: string) => {
    if (choice === leafChoice(node)) return;
    if (choice.startsWith("field:")) {
      const field = data.fields.find((f) => f.name === choice.slice(6));
      onChange(newLeaf("field", field));
    } else {
      onChange(newLeaf(choice as LeafKind));
    }
  };
  return (
    <Flex gap={8} wrap align="center" style={{ flex: 1, minWidth: 0 }}>
      <WhatSelect value={leafChoice(node)} onChange={choose} data={data} status={bad("field")} />
      {"field" in node && <FieldLeaf node={node} onChange={onChange} bad={bad} />}
      {"purchased" in node && <PurchaseLeaf node={node} onChange={onChange} bad={bad} />}
      {"event" in node && <EventLeaf node={node} onChange={onChange} bad={bad} />}
      {"tag" in node && <TagLeaf node={node} onChange={onChange} bad={bad} />}
      {"layer" in node && <LayerLeaf node={node} onChange={onChange} bad={bad} />}
    </Flex>
  );
}

function WhatSelect({
  value,
  onChange,
  data,
  status,
}: {
  value: string;
  onChange: (choice: string) => void;
  data: RuleBuilderData;
  status: "error" | undefined;
}) {
  const { locale, t } = useLocale();
  const fieldsOf = (source: InsightField["source"]) =>
    data.fields
      .filter((f) => f.source === source)
      .map((f) => ({ value: `field:${f.name}`, label: f.label[locale] }));
  const behaviour = [
    { value: "purchased", label: t("rule.kind.purchased") },
    { value: "event", label: t("rule.kind.event") },
    { value: "tag", label: t("rule.kind.tag") },
    ...(data.layers ? [{ value: "layer", label: t("rule.kind.layer") }] : []),
  ];
  return (
    <Select
      showSearch={{ optionFilterProp: "label" }}
      value={value === "field:" ? undefined : value}
      placeholder={t("rule.chooseField")}
      onChange={onChange}
      status={status}
      style={{ width: 190 }}
      popupMatchSelectWidth={false}
      data-testid="rule-what"
      options={[
        { label: t("rule.source.profile"), title: "profile", options: fieldsOf("profile") },
        { label: t("rule.source.metrics"), title: "metrics", options: fieldsOf("metrics") },
        { label: t("rule.source.rfm"), title: "rfm", options: fieldsOf("rfm") },
        { label: t("rule.source.behaviour"), title: "behaviour", options: behaviour },
      ]}
    />
  );
}

function FieldLeaf({ node, onChange, bad }: Props<FieldRule>) {
  const { t } = useLocale();
  const field = useRuleBuilderData().fields.find((f) => f.name === node.field);
  if (!field) return null;
  return (
    <>
      <Select
        value={node.op}
        style={{ width: 130 }}
        status={bad("op")}
        popupMatchSelectWidth={false}
        data-testid="rule-op"
        options={field.operators.map((op) => ({ value: op, label: t(`rule.op.${op}`) }))}
        onChange={(op) => {
          const value = valueForOperator(op, node.value);
          onChange(value === undefined ? { field: node.field, op } : { field: node.field, op, value });
        }}
      />
      <FieldValueInput
        field={field}
        op={node.op}
        value={node.value}
        status={bad("value")}
        onChange={(value) =>
          onChange(value === undefined ? { field: node.field, op: node.op } : { ...node, value })
        }
      />
    </>
  );
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function PurchaseLeaf({ node, onChange, bad }: Props<PurchaseRule>) {
  const { t } = useLocale();
  const { stores } = useRuleBuilderData();
  const setFilter = (key: "category" | "sku" | "storeId", value: string | string[] | undefined) => {
    const purchased = { ...node.purchased };
    if (value === undefined || (Array.isArray(value) && value.length === 0)) delete purchased[key];
    else if (key === "storeId") purchased.storeId = value as string;
    else purchased[key] = value;
    onChange({ ...node, purchased });
  };
  return (
    <>
      <Select
        mode="tags"
        open={false}
        tokenSeparators={[",", "，"]}
        value={asList(node.purchased.category)}
        onChange={(v: string[]) => setFilter("category", v)}
        placeholder={t("rule.anyCategory")}
        status={bad("purchased.category")}
        style={{ width: 170 }}
        data-testid="rule-category"
      />
      <Select
        mode="tags"
        open={false}
        tokenSeparators={[",", "，", " "]}
        value={asList(node.purchased.sku)}
        onChange={(v: string[]) => setFilter("sku", v)}
        placeholder={t("rule.anySku")}
        status={bad("purchased.sku")}
        style={{ width: 150 }}
        data-testid="rule-sku"
      />
      <Select
        allowClear
        value={node.purchased.storeId}
        onChange={(v: string | undefined) => setFilter("storeId", v)}
        placeholder={t("rule.anyStore")}
        status={bad("purchased.storeId")}
        style={{ width: 150 }}
        options={stores.map((s) => ({ value: s.id, label: s.name }))}
        data-testid="rule-store"
      />
      <WindowInput node={node} onChange={onChange} bad={bad} />
      <ComparisonInput
        label={t("rule.times")}
        value={node.count}
        status={bad("count")}
        testId="rule-count"
        onChange={(count) => onChange(withOptional(node, "count", count))}
      />
      <ComparisonInput
        money
        label={t("rule.spend")}
        value={node.spend}
        status={bad("spend")}
        testId="rule-spend"
        onChange={(spend) => onChange(withOptional(node, "spend", spend))}
      />
    </>
  );
}

function withOptional<T extends object, K extends string, V>(node: T, key: K, value: V | undefined): T {
  const next = { ...node } as Record<string, unknown>;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
}

/** "in the last N days"; empty means all time. */
function WindowInput({ node, onChange, bad }: Props<PurchaseRule | EventRule>) {
  const { t } = useLocale();
  return (
    <Flex align="center" gap={4}>
      <Typography.Text type="secondary">{t("rule.withinLast")}</Typography.Text>
      <InputNumber
        min={1}
        max={3650}
        precision={0}
        placeholder={t("rule.allTime")}
        value={node.within?.days ?? null}
        status={bad("within")}
        onChange={(days) => onChange(withOptional(node, "within", days == null ? undefined : { days }))}
        style={{ width: 90 }}
        data-testid="rule-within"
      />
      <Typography.Text type="secondary">{t("rule.days")}</Typography.Text>
    </Flex>
  );
}

const knownEvents = [
  "order.placed",
  "order.refunded",
  "member.logged_in",
  "customer.created",
  "customer.updated",
  "tag.added",
  "tag.removed",
  "segment.entered",
  "segment.exited",
  "layer.moved",
];

function EventLeaf({ node, onChange, bad }: Props<EventRule>) {
  const { t } = useLocale();
  return (
    <>
      <AutoComplete
        value={node.event}
        options={knownEvents.map((e) => ({ value: e }))}
        onChange={(event: string) => onChange({ ...node, event })}
        placeholder="member.logged_in"
        status={bad("event")}
        style={{ width: 180 }}
        data-testid="rule-event"
      />
      <WindowInput node={node} onChange={onChange} bad={bad} />
      <ComparisonInput
        label={t("rule.times")}
        value={node.count}
        status={bad("count")}
        testId="rule-count"
        onChange={(count) => onChange(withOptional(node, "count", count))}
      />
    </>
  );
}

function TagLeaf({ node, onChange, bad }: Props<TagRule>) {
  const { t } = useLocale();
  const { tags } = useRuleBuilderData();
  return (
    <>
      <Select
        value={node.op}
        style={{ width: 110 }}
        status={bad("op")}
        data-testid="rule-op"
        options={[
          { value: "has", label: t("rule.op.has") },
          { value: "notHas", label: t("rule.op.notHas") },
        ]}
        onChange={(op: TagRule["op"]) => onChange({ ...node, op })}
      />
      <Select
        showSearch={{ optionFilterProp: "label" }}
        value={node.tag || undefined}
        placeholder={tags.length === 0 ? t("rule.noTags") : t("rule.chooseTag")}
        status={bad("tag")}
        style={{ width: 200 }}
        data-testid="rule-tag"
        options={tags.map((tag) => ({ value: tag.id, label: tag.name }))}
        optionRender={(option) => {
          const tag = tags.find((x) => x.id === option.value);
          return (
            <Flex align="center" gap={6}>
              <span style={{ width: 8, height: 8, borderRadius: 4, background: tag?.color }} />
              {option.label}
            </Flex>
          );
        }}
        onChange={(tag: string) => onChange({ ...node, tag })}
      />
    </>
  );
}

function LayerLeaf({ node, onChange, bad }: Props<LayerRule>) {
  const { locale, t } = useLocale();
  const layers = useRuleBuilderData().layers ?? [];
  return (
    <>
      <Select
        value={node.op}
        style={{ width: 110 }}
        status={bad("op")}
        data-testid="rule-op"
        options={[
          { value: "in", label: t("rule.op.in") },
          { value: "notIn", label: t("rule.op.notIn") },
        ]}
        onChange={(op: LayerRule["op"]) => onChange({ ...node, op })}
      />
      <Select
        mode="multiple"
        value={asList(node.layer)}
        placeholder={t("rule.chooseLayer")}
        status={bad("layer")}
        style={{ width: 240 }}
        data-testid="rule-layer"
        options={layers.map((l) => ({ value: l.id, label: locale === "en" ? l.nameEn : l.name }))}
        onChange={(layer: string[]) => onChange({ ...node, layer })}
      />
    </>
  );
}
