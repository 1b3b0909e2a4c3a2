// Countdowns on the server's clock: the page learns the offset from the `now` the API sends, so a
// phone whose clock is off still counts down to the sale's real start.

export type Countdown = { days: number; hours: number; minutes: number; seconds: number; done: boolean };

export function countdownTo(targetMs: number, nowMs: number): Countdown {
  const left = Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
  return {
    days: Math.floor(left / 86_400),
    hours: Math.floor((left % 86_400) / 3600),
    minutes: Math.floor((left % 3600) / 60),
    seconds: left % 60,
    done: left === 0,
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/** "02:05:09", or with days first when there are any ("3天 02:05:09" / "3d 02:05:09"). */
export function formatCountdown(c: Countdown, dayUnit: string): string {
  const clock = `${two(c.hours)}:${two(c.minutes)}:${two(c.seconds)}`;
  return c.days > 0 ? `${c.days}${dayUnit} ${clock}` : clock;
}

/** Server time minus this device's time, from a response's `now`. */
export const clockOffset = (serverNowIso: string, receivedAtMs: number) =>
  Date.parse(serverNowIso) - receivedAtMs;
