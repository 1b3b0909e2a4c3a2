import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Typography,
} from "antd";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { CouponTemplate, FlashSale } from "../../../../shared/api-types";
import type { ChatCardKind } from "../../../../shared/community-chat";
import { useCommunityChat } from "../../../../shared/use-community-chat";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { KeywordSettingsCard } from "./keyword-settings-card";
import { type ChatCommunity, type StaffSendInput, staffChatApi } from "./staff-chat-api";
import { type MessageActions, StaffMessage } from "./staff-message";
import "./community-chat.css";

/** 社群 → 群聊: pick a built-in community, take part live, moderate, and set the ad keyword filter. */
export function CommunityChatPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const communities = useGet<{ data: ChatCommunity[] }>("/api/community-chat/communities");
  const list = communities.data?.data ?? [];
  const chosen = params.get("community") ?? list[0]?.id ?? null;

  return (
    <>
      <PageHeader
        title={t("chat.title")}
        extra={
          <Select
            style={{ minWidth: 220 }}
            placeholder={t("chat.pickCommunity")}
            value={chosen ?? undefined}
            loading={communities.loading}
            options={list.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(id: string) => setParams({ community: id })}
            aria-label={t("chat.pickCommunity")}
            data-testid="chat-community-picker"
          />
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          {chosen ? (
            <ChatPanel key={chosen} communityId={chosen} />
          ) : (
            !communities.loading && <Empty description={t("chat.noCommunities")} />
          )}
        </Col>
        <Col xs={24} lg={8}>
          <KeywordSettingsCard />
        </Col>
      </Row>
    </>
  );
}

function ChatPanel({ communityId }: { communityId: string }) {
  const t = useT();
  const f = useFormat();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const api = useMemo(() => staffChatApi(communityId), [communityId]);
  const chat = useCommunityChat<StaffSendInput>(api);
  const listRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState("");
  const [asAnnouncement, setAsAnnouncement] = useState(false);
  const [sending, setSending] = useState(false);
  const [cardOpen, setCardOpen] = useState(false);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && chat.messages.length) list.scrollTop = list.scrollHeight;
  }, [chat.messages.length]);

  const run = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      if (done) message.success(done);
    } catch (cause) {
      notifyError(cause);
    }
  };

  const actions: MessageActions = {
    pin: (m) => void run(() => api.pin(m.id)),
    unpin: (m) => void run(() => api.unpin(m.id)),
    remove: (m) => void run(() => api.remove(m.id)),
    mute: (m, minutes) =>
      void run(async () => {
        const r = await api.mute(m.author.id, minutes);
        message.success(
          r.mutedUntil ? t("chat.muted", { time: f.dateTime(r.mutedUntil) }) : t("chat.unmuted"),
        );
      }),
    removeMember: (m) =>
      modal.confirm({
        title: t("chat.remove"),
        content: t("chat.removeConfirm", { name: m.author.name }),
        okButtonProps: { danger: true },
        onOk: () => run(() => api.removeMember(m.author.id), t("chat.removed")),
      }),
  };

  async function send(input: StaffSendInput) {
    setSending(true);
    try {
      await chat.send(input);
      return true;
    } catch (cause) {
      notifyError(cause);
      return false;
    } finally {
      setSending(false);
    }
  }

  async function sendText() {
    const body = text.trim();
    if (!body) return;
    if (await send({ kind: "text", body, pin: asAnnouncement })) {
      setText("");
      setAsAnnouncement(false);
    }
  }

  if (chat.loadError)
    return <Alert type="error" showIcon message={String((chat.loadError as Error).message)} />;
  const info = chat.info;
  const statusBadge =
    chat.status === "online" ? "success" : chat.status === "connecting" ? "processing" : ("error" as const);
  return (
    <Card
      size="small"
      title={
        <Space>
          {info?.community.name}
          <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12 }}>
            {info ? t("chat.members", { count: info.community.memberCount }) : ""}
          </Typography.Text>
        </Space>
      }
      extra={
        <Badge
          status={statusBadge}
          text={t(
            chat.status === "online"
              ? "chat.online"
              : chat.status === "connecting"
                ? "chat.connecting"
                : "chat.offline",
          )}
        />
      }
    >
      {info && info.pinned.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="staff-chat-pinned"
          message={t("chat.pinned")}
          description={info.pinned.map((p) => (
            <div key={p.id}>{p.body || p.link?.title || p.card?.title}</div>
          ))}
        />
      )}
      <div className="qz-chat-list" ref={listRef} data-testid="staff-chat-list">
        {chat.hasOlder && (
          <div style={{ textAlign: "center" }}>
            <Button size="small" type="link" onClick={() => void chat.loadOlder()}>
              {t("chat.loadEarlier")}
            </Button>
          </div>
        )}
        {chat.messages.length === 0 && (
          <Empty description={t("chat.empty")} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
        {chat.messages.map((m) => (
          <StaffMessage key={m.seq} message={m} imageUrl={api.imageUrl} actions={actions} />
        ))}
      </div>
      <div className="qz-chat-composer">
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={2000}
          placeholder={t("chat.placeholder")}
          data-testid="staff-chat-input"
          onPressEnter={(e) => {
            if (!e.shiftKey) {
              e.preventDefault();
              void sendText();
            }
          }}
        />
        <Space wrap style={{ marginTop: 8, justifyContent: "space-between", width: "100%" }}>
          <Checkbox checked={asAnnouncement} onChange={(e) => setAsAnnouncement(e.target.checked)}>
            {t("chat.asAnnouncement")}
          </Checkbox>
          <Space>
            <Button onClick={() => setCardOpen(true)}>{t("chat.card")}</Button>
            <Button type="primary" loading={sending} disabled={!text.trim()} onClick={() => void sendText()}>
              {t("chat.send")}
            </Button>
          </Space>
        </Space>
      </div>
      <CardModal
        open={cardOpen}
        onClose={() => setCardOpen(false)}
        onSend={async (card) => {
          if (await send({ kind: "card", card, pin: asAnnouncement })) setCardOpen(false);
        }}
      />
    </Card>
  );
}

function CardModal({
  open,
  onClose,
  onSend,
}: {
  open: boolean;
  onClose(): void;
  onSend(card: { kind: ChatCardKind; id: string | null }): Promise<void>;
}) {
  const t = useT();
  const [kind, setKind] = useState<ChatCardKind>("coupon_template");
  const [id, setId] = useState<string | null>(null);
  const templates = useGet<{ data: CouponTemplate[] }>(open ? "/api/v1/coupon-templates" : null);
  const sales = useGet<{ data: FlashSale[] }>(open ? "/api/v1/flash-sales" : null);
  const options =
    kind === "coupon_template"
      ? (templates.data?.data ?? [])
          .filter((x) => x.status === "active")
          .map((x) => ({ value: x.id, label: `${x.name} · ${x.summary}` }))
      : kind === "flash_sale"
        ? (sales.data?.data ?? [])
            .filter((x) => x.phase !== "ended")
            .map((x) => ({ value: x.id, label: x.name }))
        : [];
  return (
    <Modal
      open={open}
      title={t("chat.card")}
      onCancel={onClose}
      okText={t("chat.send")}
      okButtonProps={{ disabled: kind !== "checkin" && !id }}
      onOk={() => onSend({ kind, id: kind === "checkin" ? null : id })}
    >
      <Space direction="vertical" style={{ width: "100%" }}>
        <Select
          value={kind}
          onChange={(next: ChatCardKind) => {
            setKind(next);
            setId(null);
          }}
          style={{ width: "100%" }}
          aria-label={t("chat.cardKind")}
          options={[
            { value: "coupon_template", label: t("chat.cardCoupon") },
            { value: "flash_sale", label: t("chat.cardFlash") },
            { value: "checkin", label: t("chat.cardCheckin") },
          ]}
        />
        {kind !== "checkin" && (
          <Select
            value={id ?? undefined}
            onChange={setId}
            style={{ width: "100%" }}
            placeholder={t("chat.cardItem")}
            options={options}
            showSearch
            optionFilterProp="label"
          />
        )}
      </Space>
    </Modal>
  );
}
