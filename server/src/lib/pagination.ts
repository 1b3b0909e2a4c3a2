import { z } from "zod";
import { AppError } from "../errors.js";

/** `?limit=&cursor=` on every list. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** A keyset position: the sort value and the id of the last row seen, opaque to clients. */
export type Position = { at: string; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at))) throw new Error();
    return { at, id };
  } catch {
    throw new AppError(
      "validation_failed",
      "Invalid cursor: pass nextCursor from the previous page unchanged",
    );
  }
}

/** Cuts one extra row off a `limit + 1` query and turns it into the next cursor. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position) {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
