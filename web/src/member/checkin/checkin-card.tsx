import { Button, Calendar, Dialog, Skeleton, Toast } from "antd-mobile";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiRequest } from "../../shared/api";
import type { CheckinCalendar, CheckinResult } from "../../shared/api-types";
import { errorText } from "../error-text";
import { useI18n } from "../i18n";
import { useSignedInMember } from "../member-session";
import { dayStateOf, makeUpBlocker, monthOf, rewardStrip, ymdOf } from "./calendar-days";
import { type CheckinMessageKey, useCheckinText } from "./checkin-messages";
import "./checkin.css";

const writeHeaders = { "x-requested-with": "quanzi" };

const problemOf: Record<string, CheckinMessageKey> = {
  already_done: "errorAlreadyDone",
  limit_reached: "errorLimit",
  insufficient_balance: "errorShort",
  unprocessable: "errorClosed",
};

/** 每日签到: today's button, the streak and its rewards, and the month with make-ups (补签) on missed days. */
export function CheckinCard() {
  const { shop, setMember } = useSignedInMember();
  const { t } = useI18n();
  const ct = useCheckinText();
  const base = `/api/m/${encodeURIComponent(shop.slug)}/checkin`;
  const [calendar, setCalendar] = useState<CheckinCalendar | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const request = useRef(0);

  const load = useCallback(
    (which: string | null) => {
      const id = ++request.current;
      setFailed(false);
      apiRequest<CheckinCalendar>("GET", base, {
        query: { month: which ?? undefined },
        quietUnauthenticated: true,
      }).then(
        (data) => {
          if (id === request.current) setCalendar(data);
        },
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 401) setMember(null);
          else if (id === request.current) setFailed(true);
        },
      );
    },
    [base, setMember],
  );
  useEffect(() => load(month), [load, month]);

  const explain = (error: unknown) => {
    const key = error instanceof ApiError ? problemOf[error.code] : undefined;
    const text = key ? ct(key) : errorText(error, t);
    setProblem(text);
    Toast.show({ icon: "fail", content: text });
  };

  const checkIn = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await apiRequest<CheckinResult>("POST", base, {
        headers: writeHeaders,
        quietUnauthenticated: true,
      });
      const points = result.checkin.points;
      Toast.show({
        icon: "success",
        content: points > 0 ? ct("checkedInToast", { points }) : ct("checkedInToastNoPoints"),
      });
    } catch (error) {
      explain(error);
    } finally {
      setBusy(false);
      load(month);
    }
  };

  const makeUp = async (date: string, current: CheckinCalendar) => {
    const blocker = makeUpBlocker(current);
    if (blocker) {
      const text =
        blocker === "short"
          ? ct("makeUpShort", { cost: current.makeup.costPoints, available: current.pointsAvailable })
          : ct("makeUpUsedUp", { limit: current.makeup.monthlyLimit });
      setProblem(text);
      Toast.show({ content: text });
      return;
    }
    const vars = {
      cost: current.makeup.costPoints,
      available: current.pointsAvailable,
      used: current.makeup.usedThisMonth,
      limit: current.makeup.monthlyLimit,
    };
    const confirmed = await Dialog.confirm({
      title: ct("makeUpTitle", { date }),
      content: current.makeup.costPoints > 0 ? ct("makeUpConfirm", vars) : ct("makeUpFree", vars),
      confirmText: ct("makeUpOk"),
      cancelText: ct("makeUpCancel"),
    });
    if (!confirmed) return;
    setBusy(true);
    setProblem(null);
    try {
      await apiRequest<CheckinResult>("POST", `${base}/makeup`, {
        body: { date },
        headers: writeHeaders,
        quietUnauthenticated: true,
      });
      Toast.show({ icon: "success", content: ct("makeUpDone", { date }) });
    } catch (error) {
      explain(error);
    } finally {
      setBusy(false);
      load(month);
    }
  };

  if (failed) {
    return (
      <button type="button" className="qm-error qm-link-button" onClick={() => load(month)}>
        {ct("loadFailed")}
      </button>
    );
  }
  if (!calendar) {
    return (
      <div className="qm-card" aria-busy="true">
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={3} animated />
      </div>
    );
  }
  if (!calendar.enabled) return null;

  const strip = rewardStrip(calendar);
  const [todayYear, todayMonth] = calendar.today.split("-").map(Number) as [number, number];
  const todayPoints = calendar.todayReward.points;
  return (
    <section className="qm-card qm-checkin" aria-label={ct("title")} data-testid="checkin-card">
      <div className="qm-checkin-head">
        <div>
          <div className="qm-checkin-title">{ct("title")}</div>
          <div className="qm-muted" data-testid="checkin-streak">
            {calendar.streak > 0 ? ct("streak", { days: calendar.streak }) : ct("noStreak")}
          </div>
        </div>
        <div className="qm-checkin-points" data-testid="checkin-points">
          {ct("points", { points: calendar.pointsAvailable })}
        </div>
      </div>
      <ol className="qm-checkin-strip" aria-label={ct("title")}>
        {strip.map((d) => (
          <li
            key={d.day}
            className={`qm-checkin-strip-day${d.reached ? " is-reached" : ""}${d.next ? " is-next" : ""}`}
          >
            <span className="qm-checkin-strip-points">+{d.points}</span>
            {d.coupon && <span className="qm-checkin-coupon">{ct("couponBadge")}</span>}
            <span className="qm-checkin-strip-label">{ct("dayN", { day: d.day })}</span>
          </li>
        ))}
      </ol>
      <Button
        block
        color="primary"
        shape="rounded"
        loading={busy}
        disabled={calendar.checkedInToday}
        onClick={checkIn}
        data-testid="checkin-button"
      >
        {calendar.checkedInToday
          ? ct("checkedIn")
          : todayPoints > 0
            ? ct("checkIn", { points: todayPoints })
            : ct("checkInNoPoints")}
      </Button>
      {calendar.checkedInToday && calendar.nextReward.points > 0 && (
        <div className="qm-muted qm-checkin-tomorrow">
          {ct("tomorrow", { points: calendar.nextReward.points })}
        </div>
      )}
      {problem && (
        <div className="qm-checkin-problem" role="alert" data-testid="checkin-problem">
          {problem}
        </div>
      )}
      <Calendar
        className="qm-checkin-calendar"
        weekStartsOn="Monday"
        maxPage={{ year: todayYear, month: todayMonth }}
        onPageChange={(year, m) => setMonth(monthOf(year, m))}
        selectionMode="single"
        value={null}
        onChange={(value) => {
          if (!value) return;
          const date = ymdOf(value);
          if (dayStateOf(date, calendar) === "can_make_up") void makeUp(date, calendar);
        }}
        renderLabel={(value) => {
          const state = dayStateOf(ymdOf(value), calendar);
          if (state === "checked") return <span className="qm-checkin-mark is-checked">✓</span>;
          if (state === "made_up")
            return <span className="qm-checkin-mark is-made-up">{ct("madeUpMark")}</span>;
          if (state === "can_make_up")
            return <span className="qm-checkin-mark is-open">{ct("makeUpMark")}</span>;
          return null;
        }}
        data-testid="checkin-calendar"
      />
      <div className="qm-muted qm-checkin-legend">{ct("calendarLegend")}</div>
    </section>
  );
}
