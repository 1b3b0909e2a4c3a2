import http from "node:http";
import type { LightMyRequestResponse } from "fastify";
import type { App } from "../../src/http/app-types.js";

/** A signed-in staff browser: its cookie and CSRF token, sent on every call. */
export type StaffClient = {
  cookie: string;
  csrfToken: string;
  call(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
};

export async function loginStaff(app: App, login: string, password: string): Promise<StaffClient> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return staffClientFrom(app, res);
}

export function staffClientFrom(app: App, res: LightMyRequestResponse): StaffClient {
  const cookie = res.cookies.find((c) => c.name === "quanzi_session");
  if (!cookie) throw new Error("no session cookie");
  const csrfToken = res.json().csrfToken as string;
  const header = `quanzi_session=${cookie.value}`;
  return {
    cookie: header,
    csrfToken,
    call: (method, url, payload) =>
      app.inject({
        method: method as "GET",
        url,
        payload: payload as object | undefined,
        headers: { cookie: header, "x-csrf-token": csrfToken },
      }),
  };
}

/** Catches what the webhook SMS sender posts, so tests can read the codes members receive. */
export async function startSmsCapture() {
  const messages: { phone: string; code: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      messages.push(JSON.parse(body));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/sms`,
    lastCodeFor: (phone: string) => messages.filter((m) => m.phone === phone).at(-1)?.code,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
