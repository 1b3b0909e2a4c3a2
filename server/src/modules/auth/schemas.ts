import { z } from "zod";
import { permissions, staffRoles } from "../../http/access.js";

export const MeSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale: z.string().nullable(),
  }),
  merchant: z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      timeZone: z.string(),
      currency: z.string(),
      locale: z.enum(["zh-CN", "en"]),
    })
    .nullable(),
  role: z.enum(staffRoles).nullable(),
  permissions: z.array(z.enum(permissions)),
  csrfToken: z.string(),
  merchants: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.string() })),
});

export const LoginSchema = z.strictObject({
  login: z.string().trim().min(3).max(200),
  password: z.string().min(1).max(200),
});

export const PasswordSchema = z.string().min(8, "at least 8 characters").max(200);
