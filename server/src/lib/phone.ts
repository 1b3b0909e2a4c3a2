import { z } from "zod";

/**
 * Phones are kept in one canonical form so the same person is found however the number was typed:
 * separators dropped, a mainland +86/0086 prefix removed, other international numbers kept with "+".
 */
export function normalizePhone(raw: string): string {
  let phone = raw.trim().replace(/[\s\-().]/g, "");
  if (/^(\+86|0086)1\d{10}$/.test(phone)) phone = phone.replace(/^(\+86|0086)/, "");
  if (phone.startsWith("00")) phone = `+${phone.slice(2)}`;
  return phone;
}

export const PhoneSchema = z
  .string()
  .trim()
  .min(5)
  .max(24)
  .transform(normalizePhone)
  .refine((p) => /^\+?\d{5,20}$/.test(p), "a phone number: digits, optionally starting with +");
