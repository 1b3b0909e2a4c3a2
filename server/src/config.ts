import path from "node:path";
import { z } from "zod";

const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default("0.0.0.0"),
  dataDir: z.string().default("./data"),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  publicUrl: z.string().url().optional(),
  smsSender: z.enum(["console", "webhook"]).default("console"),
  smsWebhookUrl: z.string().url().optional(),
  secureCookies: z.enum(["auto", "true", "false"]).default("auto"),
  jobWorkers: z.coerce.number().int().min(0).max(32).default(2),
  /** Longest a short-link click waits in the buffer before its batch is written (default 200 ms). */
  clickFlushMs: z.coerce.number().int().min(10).max(60_000).optional(),
  /** Messaging webhooks may target private, loopback and link-local addresses (self-hosted senders). */
  webhookAllowPrivate: z.boolean().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

/** "1"/"true" and "0"/"false"; anything else is passed on for the schema to refuse. */
const flagOf = (value: string | undefined): boolean | string | undefined =>
  !value
    ? undefined
    : value === "1" || value === "true"
      ? true
      : value === "0" || value === "false"
        ? false
        : value;

/** Reads the environment once at start; a bad value stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse({
    port: env.PORT || undefined,
    host: env.HOST || undefined,
    dataDir: env.QUANZI_DATA_DIR || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL || undefined,
    publicUrl: env.QUANZI_PUBLIC_URL || undefined,
    smsSender: env.QUANZI_SMS_SENDER || undefined,
    smsWebhookUrl: env.QUANZI_SMS_WEBHOOK_URL || undefined,
    secureCookies: env.QUANZI_SECURE_COOKIES || undefined,
    jobWorkers: env.QUANZI_JOB_WORKERS || undefined,
    clickFlushMs: env.QUANZI_CLICK_FLUSH_MS || undefined,
    webhookAllowPrivate: flagOf(env.QUANZI_WEBHOOK_ALLOW_PRIVATE),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const config = parsed.data;
  if (config.smsSender === "webhook" && !config.smsWebhookUrl) {
    throw new Error(
      "Invalid configuration:\n  QUANZI_SMS_WEBHOOK_URL is required when QUANZI_SMS_SENDER=webhook",
    );
  }
  return { ...config, dataDir: path.resolve(config.dataDir) };
}
