import http from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../src/db/tenant.js";
import type { App } from "../src/http/app-types.js";
import { rowsOf } from "../src/jobs/enqueue-job.js";
import { postWebhook } from "../src/modules/messaging/webhook.js";
import { isPublicAddress, resolveWebhookTarget } from "../src/modules/messaging/webhook-address.js";
import { buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";
import { loginStaff, type StaffClient } from "./support/sessions.js";

describe("webhook addresses (pure)", () => {
  it("refuses loopback, private, link-local, CGNAT, unspecified, multicast and reserved IPv4", () => {
    for (const a of [
      "127.0.0.1",
      "127.255.0.9",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "100.127.255.255",
      "0.0.0.0",
      "224.0.0.1",
      "239.1.1.1",
      "255.255.255.255",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ["8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "1.1.1.1"]) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });
  it("refuses ::1, ::, fc00::/7, fe80::/10, multicast and IPv4-mapped private forms; allows public IPv6", () => {
    for (const a of [
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "febf::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:169.254.169.254",
      "0:0:0:0:0:ffff:c0a8:0101",
      "64:ff9b::10.0.0.1",
      "::127.0.0.1",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of [
      "2001:4860:4860::8888",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
      "fec0::1".replace("fec0", "2400"),
    ]) {
      expect(isPublicAddress(a), a).toBe(true);
    }
    expect(isPublicAddress("not-an-ip")).toBe(false);
  });
  it("checks the URL's scheme and credentials, and every address the host resolves to", async () => {
    const refusal = (raw: string, resolve?: Parameters<typeof resolveWebhookTarget>[1]["resolve"]) =>
      resolveWebhookTarget(raw, { allowPrivate: false, resolve }).then(
        () => null,
        (e: { code: string; details: { reason: string } }) => [e.code, e.details.reason],
      );
    expect(await refusal("ftp://example.com/x")).toEqual(["webhook_url_not_public", "scheme"]);
    expect(await refusal("https://user:pw@example.com/x")).toEqual(["webhook_url_not_public", "credentials"]);
    expect(await refusal("http://127.0.0.1:8080/x")).toEqual(["webhook_url_not_public", "private_address"]);
    expect(await refusal("http://[::1]/x")).toEqual(["webhook_url_not_public", "private_address"]);
    expect(await refusal("http://[::ffff:127.0.0.1]/x")).toEqual([
      "webhook_url_not_public",
      "private_address",
    ]);
    expect(await refusal("http://2130706433/x")).toEqual(["webhook_url_not_public", "private_address"]);
    const twoFaced = (async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ]) as never;
    expect(await refusal("https://hooks.example.test/x", twoFaced)).toEqual([
      "webhook_url_not_public",
      "private_address",
    ]);
    const nowhere = (async () => {
      throw new Error("ENOTFOUND");
    }) as never;
    expect(await refusal("https://nowhere.example.test/x", nowhere)).toEqual([
      "webhook_url_not_public",
      "unresolvable",
    ]);
    const fine = (async () => [{ address: "93.184.215.14", family: 4 }]) as never;
    const target = await resolveWebhookTarget("https://hooks.example.test/x", {
      allowPrivate: false,
      resolve: fine,
    });
    expect(target).toMatchObject({ address: "93.184.215.14", family: 4 });
    expect(target.url.hostname).toBe("hooks.example.test");
    const allowed = await resolveWebhookTarget("http://127.0.0.1:9/x", { allowPrivate: true });
    expect(allowed.address).toBe("127.0.0.1");
  });
  it("delivers to the checked address only: a host resolving to loopback is refused without a request, allowed with the setting", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits += 1;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const webhook = { url: `http://localhost:${port}/hook`, secret: "s" };
      const refused = await postWebhook(webhook, "webhook.test", "d1", {}, { allowPrivate: false });
      expect(refused).toMatchObject({ ok: false, statusCode: null });
      expect(refused.error).toMatch(/non-public address/);
      expect(hits).toBe(0);
      const sent = await postWebhook(webhook, "webhook.test", "d2", {}, { allowPrivate: true });
      expect(sent).toMatchObject({ ok: true, statusCode: 200 });
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});

describeEachDatabase("webhook URL on save", (use) => {
  let strict: App;
  let lenient: App;
  let owner: StaffClient;
  let ownerLenient: StaffClient;
  let shop: Awaited<ReturnType<typeof createTestMerchant>>;

  beforeAll(async () => {
    strict = await buildTestApp(use());
    lenient = await buildTestApp(use(), { webhookAllowPrivate: true });
    shop = await createTestMerchant(use());
    owner = await loginStaff(strict, shop.ownerEmail, shop.ownerPassword);
    ownerLenient = await loginStaff(lenient, shop.ownerEmail, shop.ownerPassword);
  });
  afterAll(async () => {
    await strict.close();
    await lenient.close();
  });

  const savedUrl = () =>
    withSystem(use(), async (tx) =>
      rowsOf<{ webhook_url: string | null }>(
        await tx.execute(
          sql`select webhook_url from message_settings where merchant_id = ${shop.merchant.id}`,
        ),
      ),
    );

  it("refuses a private webhook URL with 400 webhook_url_not_public and writes nothing; the operator setting allows it", async () => {
    for (const [url, reason] of [
      ["http://127.0.0.1:8080/hook", "private_address"],
      ["http://169.254.169.254/latest/meta-data", "private_address"],
      ["http://[::1]:8080/hook", "private_address"],
      ["http://localhost:8080/hook", "private_address"],
      ["https://admin:secret@hooks.example.com/x", "credentials"],
    ] as const) {
      const res = await owner.call("PUT", "/api/v1/messaging/settings", { webhookUrl: url, dailyCap: 7 });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({
        code: "webhook_url_not_public",
        details: { field: "webhookUrl", reason },
      });
    }
    expect(await savedUrl()).toEqual([]);
    const ok = await ownerLenient.call("PUT", "/api/v1/messaging/settings", {
      webhookUrl: "http://127.0.0.1:8080/hook",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await savedUrl()).toEqual([{ webhook_url: "http://127.0.0.1:8080/hook" }]);
  });
});
