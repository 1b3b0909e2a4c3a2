import { Card, Col, Flex, Row, Select, Spin, Statistic, Table, Typography } from "antd";
import { useMemo } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { ApiError, api } from "../../../shared/api";
import type { InsightField, List, Persona, PersonaCategory, Segment, Tag } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useLocale } from "../../i18n/locale-context";
import { useGet, useLoad } from "../../use-api";
import { useFormat } from "../../use-format";
import { PersonaChartCard } from "./persona-chart-card";
import { barOption, type Dimension, type LabelContext, pieOption, rowsOf } from "./persona-charts";

type Target = { kind: "all" } | { kind: "segment" | "tag" | "layer"; id: string };
type LayerOption = { id: string; name: string; nameEn: string };

/** 画像: who the customers of a segment, a tag, or the whole shop are (/personas, /personas/segment/:id, /personas/tag/:id). */
export function PersonaPage() {
  const { kind, id } = useParams();
  const target: Target =
    (kind === "segment" || kind === "tag" || kind === "layer") && id ? { kind, id } : { kind: "all" };
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const segments = useGet<List<Segment>>("/api/v1/segments");
  const tags = useGet<List<Tag>>("/api/v1/tags");
  const layers = useGet<List<LayerOption>>("/api/v1/layers");
  const targetKey = target.kind === "all" ? "all" : `${target.kind}:${target.id}`;

  const persona = useLoad<{ title: string; persona: Persona }>(targetKey, async () => {
    if (target.kind === "all") {
      return { title: t("persona.allCustomers"), persona: await api.post<Persona>("/api/v1/personas", {}) };
    }
    if (target.kind === "segment") {
      const segment = await api.get<Segment>(`/api/v1/segments/${target.id}`);
      const persona = await api.post<Persona>("/api/v1/personas", { rule: segment.rule });
      return { title: t("persona.ofSegment", { name: segment.name }), persona };
    }
    if (target.kind === "layer") {
      const layer = (await api.get<List<LayerOption>>("/api/v1/layers")).data.find((l) => l.id === target.id);
      if (!layer) throw new ApiError(404, "not_found", t("persona.layerNotFound"));
      const persona = await api.post<Persona>("/api/v1/personas", { rule: { layer: layer.id, op: "in" } });
      const name = locale === "en" ? layer.nameEn : layer.name;
      return { title: t("persona.ofLayer", { name }), persona };
    }
    const tag = await api.get<Tag>(`/api/v1/tags/${target.id}`);
    const persona = await api.post<Persona>("/api/v1/personas", { rule: { tag: tag.id, op: "has" } });
    return { title: t("persona.ofTag", { name: tag.name }), persona };
  });

  const options = [
    { value: "all", label: t("persona.allCustomers") },
    {
      label: t("menu.segments"),
      options: (segments.data?.data ?? []).map((s) => ({ value: `segment:${s.id}`, label: s.name })),
    },
    {
      label: t("menu.tags"),
      options: (tags.data?.data ?? []).map((x) => ({ value: `tag:${x.id}`, label: x.name })),
    },
    {
      label: t("persona.layers"),
      options: (layers.data?.data ?? []).map((l) => ({
        value: `layer:${l.id}`,
        label: locale === "en" ? l.nameEn : l.name,
      })),
    },
  ];

  return (
    <>
      <PageHeader
        title={persona.data?.title ?? t("menu.personas")}
        extra={
          <Select
            showSearch={{ optionFilterProp: "label" }}
            value={targetKey}
            options={options}
            style={{ width: 260 }}
            onChange={(value: string) =>
              navigate(value === "all" ? "/personas" : `/personas/${value.replace(":", "/")}`)
            }
            data-testid="persona-target"
          />
        }
      />
      <ErrorAlert error={persona.error} onRetry={persona.reload} />
      {persona.loading && !persona.data ? (
        <Spin style={{ display: "block", margin: "48px auto" }} />
      ) : (
        persona.data && <PersonaCharts persona={persona.data.persona} />
      )}
    </>
  );
}

function PersonaCharts({ persona }: { persona: Persona }) {
  const { t, locale } = useLocale();
  const f = useFormat();
  const fields = useGet<List<InsightField>>("/api/v1/insight/fields");
  const ctx = useMemo<LabelContext>(() => {
    const rfm = fields.data?.data.find((x) => x.name === "rfm.class")?.values ?? [];
    return {
      locale,
      unknown: t("persona.unknown"),
      unscored: t("persona.rfmUnscored"),
      genders: {
        male: t("gender.male"),
        female: t("gender.female"),
        other: t("gender.other"),
        unknown: t("gender.unknown"),
      },
      rfmClasses: Object.fromEntries(rfm.map((v) => [v.value, v.label])),
      formatYuan: (yuan) => `¥${yuan.toLocaleString("en-US")}`,
      ordersUnit: (range) => t("persona.ordersBand", { range }),
      ageUnit: (range) => t("persona.ageBand", { range }),
    };
  }, [fields.data, locale, t]);

  const chart = (dimension: Dimension, title: string, kind: "pie" | "bar" | "hbar", testId: string) => {
    const rows = rowsOf(dimension, persona[dimension], ctx);
    const option = kind === "pie" ? pieOption(rows) : barOption(rows, { horizontal: kind === "hbar" });
    const height = kind === "hbar" ? Math.max(240, rows.length * 26 + 40) : 280;
    return (
      <PersonaChartCard
        title={title}
        option={option}
        height={height}
        testId={testId}
        fileName={`${testId}-${persona.asOf}`}
        csvHeader={[title, t("persona.customers"), t("persona.share")]}
        csvRows={rows.map((r) => [r.label, r.count, (r.share * 100).toFixed(1)])}
      />
    );
  };
  const categoryRows = persona.categories.slice(0, 15);
  const categoryOption = barOption(
    categoryRows.map((c) => ({
      label: c.category,
      count: c.customers,
      share: persona.customers === 0 ? 0 : c.customers / persona.customers,
    })),
    { horizontal: true, color: "#2563eb" },
  );

  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={32} wrap align="center">
          <Statistic
            title={t("persona.customers")}
            value={persona.customers}
            data-testid="persona-customers"
          />
          <Typography.Text type="secondary">
            {t("persona.asOf", { date: persona.asOf, zone: persona.timeZone })}
          </Typography.Text>
        </Flex>
      </Card>
      {persona.customers === 0 ? (
        <Card>
          <Typography.Text type="secondary">{t("persona.empty")}</Typography.Text>
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={8}>
            {chart("gender", t("persona.gender"), "pie", "persona-gender")}
          </Col>
          <Col xs={24} lg={16}>
            {chart("ageBands", t("persona.age"), "bar", "persona-age")}
          </Col>
          <Col xs={24} lg={12}>
            {chart("rfmClasses", t("persona.rfm"), "hbar", "persona-rfm")}
          </Col>
          <Col xs={24} lg={12}>
            {chart("regions", t("persona.region"), "hbar", "persona-region")}
          </Col>
          <Col xs={24} lg={12}>
            {chart("orderCounts", t("persona.orderCount"), "bar", "persona-orders")}
          </Col>
          <Col xs={24} lg={12}>
            {chart("spend", t("persona.spend"), "bar", "persona-spend")}
          </Col>
          <Col xs={24}>
            <PersonaChartCard
              title={t("persona.categories")}
              option={categoryOption}
              height={Math.max(240, categoryRows.length * 26 + 40)}
              testId="persona-categories"
              fileName={`persona-categories-${persona.asOf}`}
              csvHeader={[
                t("persona.category"),
                t("persona.customers"),
                t("rule.orders"),
                t("persona.spentYuan"),
              ]}
              csvRows={persona.categories.map((c) => [
                c.category,
                c.customers,
                c.orders,
                (c.spent / 100).toFixed(2),
              ])}
            />
            <CategoryTable categories={persona.categories} money={f.money} />
          </Col>
        </Row>
      )}
    </>
  );
}

function CategoryTable({
  categories,
  money,
}: {
  categories: PersonaCategory[];
  money: (fen: number) => string;
}) {
  const { t } = useLocale();
  return (
    <Table<PersonaCategory>
      size="small"
      rowKey="category"
      style={{ marginTop: 8 }}
      pagination={categories.length > 10 ? { pageSize: 10, size: "small" } : false}
      dataSource={categories}
      data-testid="persona-category-table"
      columns={[
        { title: t("persona.category"), dataIndex: "category" },
        { title: t("persona.customers"), dataIndex: "customers", align: "right" },
        { title: t("rule.orders"), dataIndex: "orders", align: "right" },
        { title: t("persona.spent"), dataIndex: "spent", align: "right", render: (v: number) => money(v) },
      ]}
    />
  );
}
