import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import type { TemplateChange, TemplateInput } from "./schemas.js";
import { contentTemplates } from "./tables.js";

type TemplateRow = typeof contentTemplates.$inferSelect;
export type ContentTemplate = Omit<TemplateRow, "merchantId">;

const templateView = ({ merchantId: _m, ...t }: TemplateRow): ContentTemplate => t;

export async function listTemplates(tx: Tx, merchantId: string) {
  const rows = await tx
    .select()
    .from(contentTemplates)
    .where(eq(contentTemplates.merchantId, merchantId))
    .orderBy(desc(contentTemplates.createdAt), desc(contentTemplates.id));
  return rows.map(templateView);
}

export async function getTemplateRow(tx: Tx, merchantId: string, id: string): Promise<TemplateRow> {
  const [row] = await tx
    .select()
    .from(contentTemplates)
    .where(and(eq(contentTemplates.merchantId, merchantId), eq(contentTemplates.id, id)));
  if (!row) throw notFound("Template");
  return row;
}

export async function getContentTemplate(tx: Tx, merchantId: string, id: string) {
  return templateView(await getTemplateRow(tx, merchantId, id));
}

export async function createTemplate(tx: Tx, merchantId: string, input: TemplateInput) {
  const [row] = await tx
    .insert(contentTemplates)
    .values({ merchantId, ...input, promotional: input.promotional ?? input.kind === "promotion" })
    .returning();
  return templateView(row!);
}

export async function updateTemplate(tx: Tx, merchantId: string, id: string, change: TemplateChange) {
  const current = await getTemplateRow(tx, merchantId, id);
  const kind = change.kind ?? current.kind;
  const promotional =
    change.promotional ??
    (change.kind && change.kind !== current.kind ? kind === "promotion" : current.promotional);
  const [row] = await tx
    .update(contentTemplates)
    .set({ ...change, kind, promotional, updatedAt: new Date() })
    .where(and(eq(contentTemplates.merchantId, merchantId), eq(contentTemplates.id, id)))
    .returning();
  return templateView(row!);
}

export async function deleteTemplate(tx: Tx, merchantId: string, id: string) {
  const rows = await tx
    .delete(contentTemplates)
    .where(and(eq(contentTemplates.merchantId, merchantId), eq(contentTemplates.id, id)))
    .returning({ id: contentTemplates.id });
  if (rows.length === 0) throw notFound("Template");
}
