import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/http/app-types.js";
import { registerErrorHandler } from "../src/http/error-handler.js";
import { registerStaticFiles } from "../src/http/static-files.js";

async function buildStaticApp(distDir: string): Promise<App> {
  const app = Fastify() as unknown as App;
  registerErrorHandler(app);
  app.addHook("onRoute", (route) => {
    if (!route.config?.access) throw new Error(`${route.method} ${route.url} has no access rule`);
  });
  await registerStaticFiles(app, { distDir });
  await app.ready();
  return app;
}

describe("static files", () => {
  let root: string;
  let app: App;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "quanzi-dist-"));
    for (const dir of ["admin", "m", "assets"]) mkdirSync(path.join(root, dir));
    writeFileSync(path.join(root, "admin/index.html"), "<html>admin app</html>");
    writeFileSync(path.join(root, "m/index.html"), "<html>member app</html>");
    writeFileSync(path.join(root, "assets/admin-abc123.js"), "console.log('admin')");
    app = await buildStaticApp(root);
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("redirects the root to the admin console", async () => {
    const res = await app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/admin");
  });

  it.each(["/admin", "/admin/", "/admin/customers/123"])(
    "serves the console's index.html for %s",
    async (url) => {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe("<html>admin app</html>");
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    },
  );

  it.each(["/m/fresh-shop", "/m/fresh-shop/orders"])(
    "serves the member page's index.html for %s",
    async (url) => {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe("<html>member app</html>");
      expect(res.headers["cache-control"]).toBe("no-cache");
    },
  );

  it("serves hashed assets with a long, immutable cache", async () => {
    const res = await app.inject({ method: "GET", url: "/assets/admin-abc123.js" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("console.log('admin')");
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("answers a missing asset with the JSON 404", async () => {
    const res = await app.inject({ method: "GET", url: "/assets/nope.js" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });

  it("never serves files outside the assets folder", async () => {
    const res = await app.inject({ method: "GET", url: "/assets/..%2Fadmin%2Findex.html" });
    expect(res.statusCode).not.toBe(200);
    expect(res.body).not.toContain("admin app");
  });
});

describe("static files before a build", () => {
  let app: App;
  beforeAll(async () => {
    app = await buildStaticApp(path.join(tmpdir(), `quanzi-no-dist-${process.pid}`));
  });
  afterAll(() => app.close());

  it("tells the visitor to build the console", async () => {
    const res = await app.inject({ method: "GET", url: "/admin" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe("web console not built: run npm run build");
  });

  it("tells the visitor to build the member page", async () => {
    const res = await app.inject({ method: "GET", url: "/m/fresh-shop" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("not built: run npm run build");
  });
});
