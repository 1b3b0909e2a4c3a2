// The baselines for `npm run bench -- api`: a bare Fastify route returning constant JSON and, when
// DATABASE_URL is set, a bare route that answers after one `select 1` on a plain pg pool — the
// ceiling for any route that reads PostgreSQL once per request, with none of Quanzi's work.
import Fastify from "fastify";
import pg from "pg";

const app = Fastify({ logger: false });
app.get("/constant", async () => ({
  id: "00000000-0000-4000-8000-000000000000",
  name: "张三",
  phone: "13800000000",
}));
if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  app.get("/one-query", async () => {
    const { rows } = await pool.query({ name: "bare_one", text: "select $1::int as one", values: [1] });
    return { one: rows[0].one };
  });
}
await app.listen({ port: Number(process.env.PORT ?? 3999), host: "127.0.0.1" });
console.log("listening");
