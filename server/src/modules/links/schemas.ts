import { z } from "zod";
import { isAllowedTarget } from "./redirect-target.js";

const utmValue = z.string().trim().min(1).max(100);

export const UtmSchema = z.strictObject({
  source: utmValue.optional(),
  medium: utmValue.optional(),
  campaign: utmValue.optional(),
  term: utmValue.optional(),
  content: utmValue.optional(),
});

const TargetSchema = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine(isAllowedTarget, "a member-page path (/m/<shop>/…) or an http(s) URL");

const linkFields = {
  title: z.string().trim().max(100).optional(),
  target: TargetSchema,
  utm: UtmSchema.optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** Plain text on the way in; stored only as a hash. null removes it. */
  password: z.string().min(4).max(64).nullable().optional(),
  status: z.enum(["active", "archived"]).optional(),
};

export const ShortLinkInputSchema = z.strictObject({
  ...linkFields,
  /** Who asks for the link: staff (default), or a service such as calendar, coupon, livecode. */
  origin: z
    .string()
    .regex(/^[a-z][a-z0-9_:-]{0,49}$/u)
    .optional(),
});
export type ShortLinkInput = z.infer<typeof ShortLinkInputSchema>;

export const ShortLinkChangeSchema = z.strictObject(linkFields).partial();
export type ShortLinkChange = z.infer<typeof ShortLinkChangeSchema>;

export const ShortLinkSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  target: z.string(),
  utm: UtmSchema,
  expiresAt: z.date().nullable(),
  hasPassword: z.boolean(),
  origin: z.string(),
  status: z.enum(["active", "archived"]),
  /** The click URL and the scan URL (the QR code's), absolute when the public URL is known. */
  shortUrl: z.string(),
  scanUrl: z.string(),
  /** Hits so far (from the rollups; bots included) and human hits. */
  hits: z.number().int(),
  human: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ShortLink = z.infer<typeof ShortLinkSchema>;

export const ShortLinkListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["active", "archived"]).optional(),
});

export const PersonalLinkInputSchema = z.strictObject({ customerId: z.string().uuid() });
export const PersonalLinkSchema = z.object({ token: z.string(), url: z.string(), customerId: z.string() });

export const StatsQuerySchema = z.object({
  /** Local days (merchant time zone), inclusive; default the last 30 days. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Orders counted within this many days after a customer's first click. */
  windowDays: z.coerce.number().int().min(1).max(90).default(7),
});

const CountSchema = z.object({ value: z.string(), hits: z.number().int() });

export const LinkStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    hits: z.number().int(),
    clicks: z.number().int(),
    scans: z.number().int(),
    human: z.number().int(),
    bots: z.number().int(),
    uniqueVisitors: z.number().int(),
  }),
  byDay: z.array(
    z.object({
      day: z.string(),
      hits: z.number().int(),
      clicks: z.number().int(),
      scans: z.number().int(),
      human: z.number().int(),
      uniqueVisitors: z.number().int(),
    }),
  ),
  devices: z.array(CountSchema),
  os: z.array(CountSchema),
  browsers: z.array(CountSchema),
  referrers: z.array(CountSchema),
  customersReached: z.number().int(),
  windowDays: z.number().int(),
  /** Orders (not cancelled) by reached customers within windowDays after their first click; 分. */
  orders: z.number().int(),
  buyers: z.number().int(),
  revenue: z.number().int(),
});
export type LinkStats = z.infer<typeof LinkStatsSchema>;
