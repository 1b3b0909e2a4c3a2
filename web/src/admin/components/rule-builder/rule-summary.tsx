import { Typography } from "antd";
import type { RuleNode } from "../../../shared/api-types";
import { useLocale } from "../../i18n/locale-context";
import type { MessageKey } from "../../i18n/zh-cn";
import { useFormat } from "../../use-format";
import { describeRule } from "./describe-rule";
import { RuleBuilderDataProvider, useRuleBuilderData } from "./rule-builder-data";

/** A saved rule in one line of words; names of tags, stores and layers come from the server's lists. */
export function RuleSummary({ rule }: { rule: Record<string, unknown> }) {
  return (
    <RuleBuilderDataProvider>
      <RuleText rule={rule as RuleNode} />
    </RuleBuilderDataProvider>
  );
}

function RuleText({ rule }: { rule: RuleNode }) {
  const { t, locale } = useLocale();
  const f = useFormat();
  const data = useRuleBuilderData();
  if (data.fields.length === 0) return null;
  const text = describeRule(rule, {
    locale,
    fields: data.fields,
    tagName: (id) => data.tags.find((x) => x.id === id)?.name,
    storeName: (id) => data.stores.find((x) => x.id === id)?.name,
    layerName: (id) => {
      const layer = data.layers?.find((x) => x.id === id);
      return layer && (locale === "en" ? layer.nameEn : layer.name);
    },
    money: f.money,
    word: (key, vars) => t(key as MessageKey, vars),
  });
  return (
    <Typography.Text data-testid="rule-summary" style={{ whiteSpace: "normal" }}>
      {text}
    </Typography.Text>
  );
}
