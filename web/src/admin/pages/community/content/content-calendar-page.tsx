import { LeftOutlined, PlusOutlined, RightOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Calendar,
  Card,
  Descriptions,
  Flex,
  Modal,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { api } from "../../../../shared/api";
import type { List } from "../../../../shared/api-types";
import type { Community } from "../../../../shared/community-types";
import { type Dayjs, dayjs } from "../../../../shared/time";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { type Occurrence, statusColors } from "./content-api";
import { PostEditorDrawer } from "./post-editor-drawer";

type View = "month" | "week";

/** 内容日历: every community's scheduled posts by day, coloured by status, with a post editor. */
export function ContentCalendarPage() {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [view, setView] = useState<View>("month");
  const [anchor, setAnchor] = useState<Dayjs>(() => dayjs().tz(f.timeZone).startOf("day"));
  const [communityId, setCommunityId] = useState<string | undefined>();
  const [editorOpen, setEditorOpen] = useState(false);
  const [selected, setSelected] = useState<Occurrence | null>(null);
  const communities = useGet<List<Community>>("/api/v1/communities");

  const range = useMemo(() => {
    if (view === "week") {
      const start = anchor.startOf("week");
      return { start, end: start.add(7, "day") };
    }
    const start = anchor.startOf("month").startOf("week");
    return { start, end: start.add(42, "day") };
  }, [anchor, view]);
  const from = dayjs.tz(range.start.format("YYYY-MM-DD"), f.timeZone).toISOString();
  const to = dayjs.tz(range.end.format("YYYY-MM-DD"), f.timeZone).toISOString();
  const query = new URLSearchParams({ from, to, ...(communityId ? { communityId } : {}) });
  const runs = useGet<List<Occurrence>>(`/api/v1/content/occurrences?${query}`);

  const byDay = useMemo(() => {
    const map = new Map<string, Occurrence[]>();
    for (const o of runs.data?.data ?? []) {
      const key = f.date(o.scheduledAt);
      map.set(key, [...(map.get(key) ?? []), o]);
    }
    return map;
  }, [runs.data, f]);

  const chip = (o: Occurrence) => (
    <Tag
      key={`${o.postId}-${o.scheduledAt}`}
      color={statusColors[o.status]}
      style={{
        cursor: "pointer",
        display: "block",
        marginBottom: 2,
        overflow: "hidden",
        textOverflow: "ellipsis",
      }}
      onClick={() => setSelected(o)}
      data-testid="occurrence"
      data-status={o.status}
    >
      {f.dateTime(o.scheduledAt).slice(11)} {o.title}
    </Tag>
  );

  async function cancel(kind: "one" | "series") {
    if (!selected) return;
    try {
      if (kind === "one") {
        await api.post(`/api/v1/content/posts/${selected.postId}/occurrences/cancel`, {
          scheduledAt: selected.scheduledAt,
        });
      } else {
        await api.post(`/api/v1/content/posts/${selected.postId}/cancel`);
      }
      message.success(t("common.saved"));
      setSelected(null);
      runs.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  const step = (n: number) => setAnchor((a) => a.add(n, view === "week" ? "week" : "month"));

  return (
    <>
      <PageHeader
        title={t("content.calendar.title")}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditorOpen(true)}
            data-testid="new-post"
          >
            {t("content.calendar.newPost")}
          </Button>
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: "month", label: t("content.calendar.month") },
            { value: "week", label: t("content.calendar.week") },
          ]}
        />
        <Space>
          <Button icon={<LeftOutlined />} onClick={() => step(-1)} />
          <Typography.Text strong>
            {view === "month"
              ? anchor.format("YYYY-MM")
              : `${range.start.format("YYYY-MM-DD")} ~ ${range.end.subtract(1, "day").format("MM-DD")}`}
          </Typography.Text>
          <Button icon={<RightOutlined />} onClick={() => step(1)} />
        </Space>
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t("content.calendar.allCommunities")}
          value={communityId}
          onChange={setCommunityId}
          options={(communities.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Space size={4} wrap>
          {(Object.keys(statusColors) as Occurrence["status"][]).map((s) => (
            <Tag key={s} color={statusColors[s]}>
              {t(`content.status.${s}`)}
            </Tag>
          ))}
        </Space>
      </Flex>
      <ErrorAlert error={runs.error} onRetry={runs.reload} />
      {view === "month" ? (
        <Calendar
          value={anchor}
          headerRender={() => null}
          onSelect={(d, info) => {
            if (info.source === "date") setAnchor(d);
          }}
          cellRender={(d, info) =>
            info.type === "date" ? <div>{(byDay.get(d.format("YYYY-MM-DD")) ?? []).map(chip)}</div> : null
          }
        />
      ) : (
        <Flex gap={8} wrap>
          {Array.from({ length: 7 }, (_, i) => range.start.add(i, "day")).map((d) => (
            <Card
              key={d.format("YYYY-MM-DD")}
              size="small"
              title={`${d.format("MM-DD")} ${t(`content.weekday.${d.day() as 0 | 1 | 2 | 3 | 4 | 5 | 6}`)}`}
              style={{ flex: "1 1 140px", minHeight: 200 }}
            >
              {(byDay.get(d.format("YYYY-MM-DD")) ?? []).map(chip)}
            </Card>
          ))}
        </Flex>
      )}
      <Modal
        open={selected !== null}
        onCancel={() => setSelected(null)}
        title={selected?.title}
        footer={
          selected && (selected.status === "scheduled" || selected.status === "held") ? (
            <Space>
              <Button onClick={() => cancel("one")}>{t("content.calendar.cancelOne")}</Button>
              <Button danger onClick={() => cancel("series")}>
                {t("content.calendar.cancelSeries")}
              </Button>
            </Space>
          ) : null
        }
      >
        {selected && (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t("content.field.community")}>
              {selected.communityName} ·{" "}
              {t(`community.platform.${selected.platform as Community["platform"]}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("content.field.time")}>
              {f.dateTime(selected.scheduledAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t("content.field.status")}>
              <Tag color={statusColors[selected.status]}>{t(`content.status.${selected.status}`)}</Tag>
            </Descriptions.Item>
            {selected.holdReason && (
              <Descriptions.Item label={t("content.holdReason")}>
                {t(`content.hold.${selected.holdReason}`)} → {f.dateTime(selected.movedTo)}
              </Descriptions.Item>
            )}
            {selected.failure && (
              <Descriptions.Item label={t("content.failure")}>{selected.failure}</Descriptions.Item>
            )}
            {selected.postedAt && (
              <Descriptions.Item label={t("content.postedAt")}>
                {f.dateTime(selected.postedAt)}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Modal>
      <PostEditorDrawer
        open={editorOpen}
        initialDate={anchor}
        onClose={() => setEditorOpen(false)}
        onSaved={() => {
          setEditorOpen(false);
          runs.reload();
        }}
      />
    </>
  );
}
