import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../src/db/database.js";
import type { App } from "../src/http/app-types.js";
import { buildTestApp, createTestMerchant } from "./support/app.js";
import { describeEachDatabase } from "./support/databases.js";

describeEachDatabase("platform", (use, kind) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(use());
  });
  afterAll(() => app.close());

  it("reports health with the database kind", async () => {
    const res = await app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", database: kind });
  });

  it("answers liveness without the database, even once it is gone", async () => {
    const down: Database = { ...use(), query: () => Promise.reject(new Error("database down")) };
    const live = await buildTestApp(down);
    try {
      expect((await live.inject({ method: "GET", url: "/livez" })).json()).toEqual({ status: "ok" });
      expect((await live.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(500);
    } finally {
      await live.close();
    }
  });

  it("serves an OpenAPI 3.1 document", async () => {
    const res = await app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe("3.1.0");
    expect(res.json().paths["/healthz"]).toBeDefined();
  });

  it("serves the browsable API docs", async () => {
    const page = await app.inject({ method: "GET", url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    const spec = await app.inject({ method: "GET", url: "/api/docs/json" });
    expect(spec.statusCode).toBe(200);
  });

  it("answers unknown routes with a machine-readable 404", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });

  it("hides every tenant row from a query run without the merchant set", async () => {
    const database = use();
    await createTestMerchant(database);
    const visible = await database.db.transaction(async (tx) => {
      if (database.appRole) await tx.execute(sql`select set_config('role', 'quanzi_app', true)`);
      const rows = await tx.execute(sql`select count(*)::int as n from api_keys`);
      return (rows as unknown as { rows: { n: number }[] }).rows[0]!.n;
    });
    expect(visible).toBe(0);
  });
});
