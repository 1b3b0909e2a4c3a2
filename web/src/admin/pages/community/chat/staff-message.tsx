import { DeleteOutlined, PushpinOutlined } from "@ant-design/icons";
import { Button, Dropdown, Popconfirm, Space, Tag, Typography } from "antd";
import type { ChatMessage } from "../../../../shared/community-chat";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";

export type MessageActions = {
  pin(m: ChatMessage): void;
  unpin(m: ChatMessage): void;
  remove(m: ChatMessage): void;
  mute(m: ChatMessage, minutes: number): void;
  removeMember(m: ChatMessage): void;
};

/** One message with the moderation actions that fit it. */
export function StaffMessage({
  message,
  imageUrl,
  actions,
}: {
  message: ChatMessage;
  imageUrl(id: string): string;
  actions: MessageActions;
}) {
  const t = useT();
  const f = useFormat();
  if (message.deleted) {
    return (
      <div className="qz-chat-deleted" data-testid="staff-chat-message">
        {t("chat.deleted")}
      </div>
    );
  }
  const cardLabel =
    message.card?.kind === "coupon_template"
      ? t("chat.cardCoupon")
      : message.card?.kind === "flash_sale"
        ? t("chat.cardFlash")
        : t("chat.cardCheckin");
  return (
    <div className="qz-chat-message" data-testid="staff-chat-message" data-seq={message.seq}>
      <div className="qz-chat-head">
        <Space size={6} wrap>
          {message.author.kind === "staff" && <Tag color="volcano">{t("chat.staff")}</Tag>}
          <Typography.Text strong>{message.author.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.dateTime(message.createdAt)}
          </Typography.Text>
          {message.pinnedAt && <PushpinOutlined style={{ color: "#fa541c" }} />}
        </Space>
        <Space size={0} wrap>
          {message.pinnedAt ? (
            <Button size="small" type="link" onClick={() => actions.unpin(message)}>
              {t("chat.unpin")}
            </Button>
          ) : (
            <Button size="small" type="link" onClick={() => actions.pin(message)}>
              {t("chat.pin")}
            </Button>
          )}
          <Popconfirm title={t("chat.deleteConfirm")} onConfirm={() => actions.remove(message)}>
            <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t("chat.delete")} />
          </Popconfirm>
          {message.author.kind === "member" && (
            <Dropdown
              menu={{
                items: [
                  { key: "60", label: t("chat.mute") },
                  { key: "1440", label: t("chat.muteDay") },
                  { key: "0", label: t("chat.unmute") },
                  { type: "divider" },
                  { key: "remove", label: t("chat.remove"), danger: true },
                ],
                onClick: ({ key }) =>
                  key === "remove" ? actions.removeMember(message) : actions.mute(message, Number(key)),
              }}
            >
              <Button size="small" type="link">
                ···
              </Button>
            </Dropdown>
          )}
        </Space>
      </div>
      <div className="qz-chat-body">
        {message.imageId && <img className="qz-chat-image" src={imageUrl(message.imageId)} alt="" />}
        {message.link && (
          <a href={message.link.url} target="_blank" rel="noopener noreferrer nofollow">
            {message.link.title} · {message.link.url}
          </a>
        )}
        {message.card && (
          <div className="qz-chat-card">
            <Tag>{cardLabel}</Tag>
            <strong>{message.card.kind === "checkin" ? t("chat.cardCheckin") : message.card.title}</strong>{" "}
            <Typography.Text type="secondary">
              {message.card.kind === "checkin" ? message.card.subtitle : message.card.subtitle}
            </Typography.Text>
            {!message.card.available && <Tag>{t("chat.cardGone")}</Tag>}
          </div>
        )}
        {message.body && <div className="qz-chat-text">{message.body}</div>}
      </div>
    </div>
  );
}
