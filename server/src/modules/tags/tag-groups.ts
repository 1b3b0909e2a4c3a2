import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { isUniqueViolation } from "../../lib/database-errors.js";
import { tagGroups, tags } from "./tables.js";

export type TagGroupFields = { name?: string; sortOrder?: number };

const columns = {
  id: tagGroups.id,
  name: tagGroups.name,
  sortOrder: tagGroups.sortOrder,
  createdAt: tagGroups.createdAt,
  updatedAt: tagGroups.updatedAt,
};

function nameTaken(error: unknown, name: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError("already_exists", `Another tag group is called ${name}`, { field: "name" });
  }
  throw error;
}

export async function listTagGroups(tx: Tx, merchantId: string) {
  return tx
    .select(columns)
    .from(tagGroups)
    .where(eq(tagGroups.merchantId, merchantId))
    .orderBy(asc(tagGroups.sortOrder), asc(tagGroups.name));
}

export async function createTagGroup(tx: Tx, merchantId: string, fields: TagGroupFields & { name: string }) {
  try {
    const [row] = await tx
      .insert(tagGroups)
      .values({ merchantId, ...fields })
      .returning(columns);
    return row!;
  } catch (error) {
    nameTaken(error, fields.name);
  }
}

export async function updateTagGroup(tx: Tx, merchantId: string, id: string, fields: TagGroupFields) {
  try {
    const [row] = await tx
      .update(tagGroups)
      .set({ ...fields, updatedAt: sql`now()` })
      .where(and(eq(tagGroups.merchantId, merchantId), eq(tagGroups.id, id)))
      .returning(columns);
    if (!row) throw notFound("Tag group");
    return row;
  } catch (error) {
    if (error instanceof AppError) throw error;
    nameTaken(error, fields.name);
  }
}

/** A group is deleted only when empty, so no tag silently loses its group. */
export async function deleteTagGroup(tx: Tx, merchantId: string, id: string): Promise<void> {
  const [inUse] = await tx
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.merchantId, merchantId), eq(tags.groupId, id)))
    .limit(1);
  if (inUse) throw new AppError("conflict", "Move or delete the group's tags first");
  const deleted = await tx
    .delete(tagGroups)
    .where(and(eq(tagGroups.merchantId, merchantId), eq(tagGroups.id, id)))
    .returning({ id: tagGroups.id });
  if (deleted.length === 0) throw notFound("Tag group");
}

export async function assertTagGroupExists(tx: Tx, merchantId: string, id: string): Promise<void> {
  const [row] = await tx
    .select({ id: tagGroups.id })
    .from(tagGroups)
    .where(and(eq(tagGroups.merchantId, merchantId), eq(tagGroups.id, id)));
  if (!row) throw new AppError("not_found", "Tag group not found", { field: "groupId" });
}
