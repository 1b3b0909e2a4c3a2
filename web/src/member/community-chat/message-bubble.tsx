import { Link } from "react-router-dom";
import type { ChatMessage } from "../../shared/community-chat";
import { useMemberSession } from "../member-session";
import { useChatText } from "./chat-messages";

const cardPath = (card: NonNullable<ChatMessage["card"]>) =>
  card.kind === "flash_sale" && card.id
    ? `/flash-sales/${card.id}`
    : card.kind === "coupon_template"
      ? "/coupons/centre"
      : "/";

function ChatCard({ card }: { card: NonNullable<ChatMessage["card"]> }) {
  const { ct } = useChatText();
  const label =
    card.kind === "coupon_template"
      ? ct("cardCoupon")
      : card.kind === "flash_sale"
        ? ct("cardFlash")
        : ct("cardCheckin");
  const title = card.kind === "checkin" ? ct("cardCheckin") : card.title;
  const subtitle =
    card.kind === "checkin"
      ? ct("cardCheckinHint", { points: card.subtitle.replace("+", "") })
      : card.subtitle;
  return (
    <Link
      to={cardPath(card)}
      className={`qm-chat-card${card.available ? "" : " qm-chat-card-gone"}`}
      data-testid="chat-card"
    >
      <span className="qm-chat-card-kind">{label}</span>
      <strong>{title}</strong>
      <span className="qm-chat-card-sub">{subtitle}</span>
      <span className="qm-chat-card-open">{card.available ? ct("cardOpen") : ct("cardGone")}</span>
    </Link>
  );
}

/** One message: my own on the right, staff marked, deleted ones as a line of grey text. */
export function MessageBubble({
  message,
  mine,
  imageUrl,
}: {
  message: ChatMessage;
  mine: boolean;
  imageUrl(id: string): string;
}) {
  const { ct, locale } = useChatText();
  const { shop } = useMemberSession();
  // The shop's wall clock, as on the rest of the member page, wherever the phone is.
  const time = new Date(message.createdAt).toLocaleTimeString(locale, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: shop.timeZone,
  });
  if (message.deleted) {
    return <div className="qm-chat-deleted">{ct("deleted")}</div>;
  }
  return (
    <div
      className={`qm-chat-row${mine ? " qm-chat-mine" : ""}`}
      data-testid="chat-message"
      data-seq={message.seq}
    >
      <div className="qm-chat-meta">
        {message.author.kind === "staff" && <span className="qm-chat-staff">{ct("staff")}</span>}
        <span>{mine ? ct("you") : message.author.name}</span>
        <span className="qm-chat-time">{time}</span>
      </div>
      <div className={`qm-chat-bubble${message.author.kind === "staff" ? " qm-chat-bubble-staff" : ""}`}>
        {message.kind === "image" && message.imageId && (
          <a href={imageUrl(message.imageId)} target="_blank" rel="noreferrer">
            <img className="qm-chat-image" src={imageUrl(message.imageId)} alt="" loading="lazy" />
          </a>
        )}
        {message.link && (
          <a
            className="qm-chat-link"
            href={message.link.url}
            target="_blank"
            rel="noopener noreferrer nofollow ugc"
          >
            <strong>{message.link.title}</strong>
            <span>{message.link.url}</span>
          </a>
        )}
        {message.card && <ChatCard card={message.card} />}
        {message.body && <div className="qm-chat-text">{message.body}</div>}
      </div>
    </div>
  );
}
