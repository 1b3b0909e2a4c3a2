// The baseline for `npm run bench -- api`: a bare Fastify route returning constant JSON.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/constant", async () => ({
  id: "00000000-0000-4000-8000-000000000000",
  name: "张三",
  phone: "13800000000",
}));
await app.listen({ port: Number(process.env.PORT ?? 3999), host: "127.0.0.1" });
console.log("listening");
