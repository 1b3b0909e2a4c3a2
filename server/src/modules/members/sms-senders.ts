import type { Config } from "../../config.js";

export type SmsMessage = { phone: string; code: string; merchant: string; expiresInSeconds: number };

/** Where one-time codes go. New providers implement this one method. */
export type SmsSender = { send(message: SmsMessage): Promise<void> };

/** Development default: the code is written to the server log. */
export function consoleSmsSender(log: (line: string) => void = console.log): SmsSender {
  return {
    async send(m) {
      log(
        `[sms] ${m.merchant} → ${m.phone}: verification code ${m.code} (valid ${m.expiresInSeconds / 60} min)`,
      );
    },
  };
}

/** POSTs the message as JSON to a URL the operator runs (an SMS gateway, a WeCom bot relay…). */
export function webhookSmsSender(url: string): SmsSender {
  return {
    async send(m) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(m),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`SMS webhook answered ${response.status}`);
    },
  };
}

export function smsSenderFor(config: Config, log?: (line: string) => void): SmsSender {
  return config.smsSender === "webhook" && config.smsWebhookUrl
    ? webhookSmsSender(config.smsWebhookUrl)
    : consoleSmsSender(log);
}
