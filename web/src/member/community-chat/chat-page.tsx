import { Button, ErrorBlock, Input, NavBar, NoticeBar, Popup, SpinLoading, TextArea } from "antd-mobile";
import { type ChangeEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { useCommunityChat } from "../../shared/use-community-chat";
import { LanguageToggle } from "../language-toggle";
import { useSignedInMember } from "../member-session";
import { chatApi, type SendInput } from "./chat-api";
import { chatErrorText, useChatText } from "./chat-messages";
import { MessageBubble } from "./message-bubble";
import "./chat.css";

/** /community/<id>/chat: the community's chat with its announcements, rules and composer. */
export function CommunityChatPage() {
  const { communityId = "" } = useParams();
  const { shop } = useSignedInMember();
  const api = useMemo(() => chatApi(shop.slug, communityId), [shop.slug, communityId]);
  const chat = useCommunityChat(api);
  const { ct, t } = useChatText();
  const navigate = useNavigate();

  if (chat.loadError) {
    return (
      <div className="qm-page">
        <NavBar
          className="qm-navbar"
          onBack={() => navigate("/")}
          backIcon={ct("back")}
          right={<LanguageToggle />}
        />
        <ErrorBlock
          status="default"
          title={ct("loadFailed")}
          description={chatErrorText(chat.loadError, ct, t)}
        />
      </div>
    );
  }
  if (!chat.info) {
    return (
      <div className="qm-center" aria-busy="true">
        <SpinLoading color="primary" />
      </div>
    );
  }
  return <ChatScreen chat={chat} api={api} />;
}

type Chat = ReturnType<typeof useCommunityChat<SendInput>>;

function ChatScreen({ chat, api }: { chat: Chat; api: ReturnType<typeof chatApi> }) {
  const info = chat.info as NonNullable<Chat["info"]>;
  const { ct, t, locale } = useChatText();
  const navigate = useNavigate();
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [showPinned, setShowPinned] = useState(false);
  const me = info.me;
  const newest = chat.messages.at(-1)?.seq ?? 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each change of the message list
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (heightBeforeOlder.current !== null) {
      list.scrollTop += list.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      list.scrollTop = list.scrollHeight;
    }
  }, [chat.messages]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: status: send the read position again once reconnected
  useEffect(() => {
    if (newest > 0 && document.visibilityState === "visible") chat.markRead(newest);
  }, [newest, chat.markRead, chat.status]);

  async function loadOlder() {
    if (loadingOlder || !chat.hasOlder) return;
    setLoadingOlder(true);
    heightBeforeOlder.current = listRef.current?.scrollHeight ?? null;
    try {
      await chat.loadOlder();
    } catch (error) {
      heightBeforeOlder.current = null;
      setProblem(chatErrorText(error, ct, t));
    } finally {
      setLoadingOlder(false);
    }
  }

  function onScroll() {
    const list = listRef.current;
    if (!list) return;
    atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    if (list.scrollTop < 60) void loadOlder();
  }

  async function send(input: SendInput): Promise<boolean> {
    setProblem(null);
    atBottom.current = true;
    try {
      await chat.send(input);
      return true;
    } catch (error) {
      setProblem(chatErrorText(error, ct, t));
      return false;
    }
  }

  const pinned = info.pinned[0];
  const mutedUntil = me?.mutedUntil ? new Date(me.mutedUntil) : null;
  const muted = mutedUntil !== null && mutedUntil.getTime() > Date.now();

  return (
    <div className="qm-chat">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={ct("back")}
        right={<LanguageToggle />}
      >
        <div className="qm-chat-title" data-testid="chat-title">
          {info.community.name}
        </div>
        <div className="qm-chat-subtitle">{ct("members", { count: info.community.memberCount })}</div>
      </NavBar>
      {pinned && (
        <NoticeBar
          className="qm-chat-pinned"
          data-testid="chat-pinned"
          content={`${ct("pinned")}${locale === "en" ? ": " : "："}${pinned.body || pinned.link?.title || pinned.card?.title || ""}`}
          extra={
            info.pinned.length > 1 ? <span>{ct("pinnedCount", { count: info.pinned.length })}</span> : null
          }
          onClick={() => setShowPinned(true)}
          color="info"
        />
      )}
      {chat.status !== "online" && (
        <div className="qm-chat-status" role="status">
          {chat.status === "removed"
            ? ct("removed")
            : chat.status === "offline"
              ? ct("offline")
              : ct("connecting")}
        </div>
      )}
      <div className="qm-chat-list" ref={listRef} onScroll={onScroll} data-testid="chat-list">
        <div className="qm-chat-older">
          {chat.hasOlder ? (
            <Button size="mini" fill="none" loading={loadingOlder} onClick={() => void loadOlder()}>
              {ct("loadEarlier")}
            </Button>
          ) : chat.messages.length > 0 ? (
            <span>{ct("noEarlier")}</span>
          ) : (
            <span>{ct("empty")}</span>
          )}
        </div>
        {chat.messages.map((m) => (
          <MessageBubble
            key={m.seq}
            message={m}
            mine={m.author.kind === "member" && m.author.id === me?.customerId}
            imageUrl={api.imageUrl}
          />
        ))}
      </div>
      {problem && (
        <div className="qm-error qm-chat-problem" role="alert" data-testid="chat-problem">
          {problem}
        </div>
      )}
      {muted && mutedUntil ? (
        <div className="qm-chat-muted">
          {ct("mutedUntil", {
            time: mutedUntil.toLocaleString(locale, { dateStyle: "short", timeStyle: "short" }),
          })}
        </div>
      ) : (
        <Composer
          disabled={chat.status === "removed"}
          onSend={send}
          upload={api.uploadImage}
          onProblem={setProblem}
        />
      )}
      <Popup visible={showPinned} onMaskClick={() => setShowPinned(false)} bodyClassName="qm-chat-sheet">
        <h3>{ct("pinned")}</h3>
        {info.pinned.map((p) => (
          <MessageBubble key={p.seq} message={p} mine={false} imageUrl={api.imageUrl} />
        ))}
      </Popup>
      <RulesSheet
        rules={info.community.rules}
        open={me !== null && !me.rulesAccepted}
        onAccept={async () => {
          await api.acceptRules();
          chat.setInfo((i) => (i?.me ? { ...i, me: { ...i.me, rulesAccepted: true } } : i));
        }}
      />
    </div>
  );
}

function RulesSheet({ rules, open, onAccept }: { rules: string; open: boolean; onAccept(): Promise<void> }) {
  const { ct } = useChatText();
  const [busy, setBusy] = useState(false);
  return (
    <Popup visible={open} bodyClassName="qm-chat-sheet" closeOnMaskClick={false}>
      <div data-testid="chat-rules">
        <h3>{ct("rulesTitle")}</h3>
        <p className="qm-muted">{ct("rulesIntro")}</p>
        <div className="qm-chat-rules">{rules}</div>
        <Button
          block
          color="primary"
          loading={busy}
          onClick={() => {
            setBusy(true);
            onAccept().finally(() => setBusy(false));
          }}
        >
          {ct("rulesAccept")}
        </Button>
      </div>
    </Popup>
  );
}

type ComposerProps = {
  disabled: boolean;
  onSend(input: SendInput): Promise<boolean>;
  upload(file: File): Promise<{ imageId: string }>;
  onProblem(text: string | null): void;
};

function Composer({ disabled, onSend, upload, onProblem }: ComposerProps) {
  const { ct, t } = useChatText();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  const [url, setUrl] = useState("");
  const [title, setTitle] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);

  async function sendText() {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    if (await onSend({ kind: "text", body })) setText("");
    setBusy(false);
  }

  async function sendImage(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) return onProblem(ct("errorTooLarge"));
    setBusy(true);
    try {
      const { imageId } = await upload(file);
      await onSend({ kind: "image", imageId });
    } catch (error) {
      onProblem(chatErrorText(error, ct, t));
    } finally {
      setBusy(false);
    }
  }

  async function sendLink() {
    if (!/^https?:\/\/\S+$/i.test(url.trim())) return onProblem(ct("linkInvalid"));
    setBusy(true);
    const ok = await onSend({ kind: "link", url: url.trim(), title: title.trim() || undefined });
    setBusy(false);
    if (ok) {
      setLinkOpen(false);
      setUrl("");
      setTitle("");
    }
  }

  return (
    <div className="qm-chat-composer">
      <div className="qm-chat-tools">
        <Button size="mini" disabled={disabled || busy} onClick={() => fileRef.current?.click()}>
          {ct("image")}
        </Button>
        <Button size="mini" disabled={disabled || busy} onClick={() => setLinkOpen(true)}>
          {ct("link")}
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          hidden
          onChange={sendImage}
        />
      </div>
      <div className="qm-chat-input-row">
        <TextArea
          value={text}
          onChange={setText}
          placeholder={ct("placeholder")}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={2000}
          disabled={disabled}
          data-testid="chat-input"
          onEnterPress={(e) => {
            if (!e.shiftKey) {
              e.preventDefault();
              void sendText();
            }
          }}
        />
        <Button
          color="primary"
          size="small"
          disabled={disabled || busy || !text.trim()}
          onClick={() => void sendText()}
        >
          {ct("send")}
        </Button>
      </div>
      <Popup visible={linkOpen} onMaskClick={() => setLinkOpen(false)} bodyClassName="qm-chat-sheet">
        <h3>{ct("linkTitle")}</h3>
        <div className="qm-chat-field">
          {ct("linkUrl")}
          <Input
            aria-label={ct("linkUrl")}
            value={url}
            onChange={setUrl}
            placeholder={ct("linkUrlPlaceholder")}
            clearable
          />
        </div>
        <div className="qm-chat-field">
          {ct("linkName")}
          <Input aria-label={ct("linkName")} value={title} onChange={setTitle} maxLength={200} clearable />
        </div>
        <Button block color="primary" loading={busy} onClick={() => void sendLink()}>
          {ct("send")}
        </Button>
      </Popup>
    </div>
  );
}
