import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import { rowsOf } from "../../jobs/enqueue-job.js";
import type { ChatActor } from "../community/chat/chat-access.js";
import { maxChatImageBytes, saveChatImage, sniffImageType } from "../community/chat/chat-images.js";
import { selectTaskImageUrls } from "../tasks/staff-tasks.js";
import { contentImages } from "./tables.js";

/** Where an uploaded image is served; a post or template keeps this path as its image URL. */
export const contentImagePath = (id: string) => `/api/v1/content/images/${id}`;
export const contentImagePattern =
  /^\/api\/v1\/content\/images\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/iu;

/** Stores an image uploaded in the post editor (PNG, JPEG, WebP or GIF up to 2 MB). */
export async function saveContentImage(
  tx: Tx,
  merchantId: string,
  staffId: string | null,
  bytes: Uint8Array,
): Promise<{ id: string; url: string }> {
  if (bytes.length === 0) throw new AppError("validation_failed", "The image is empty");
  if (bytes.length > maxChatImageBytes) throw new AppError("payload_too_large", "Images are limited to 2 MB");
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new AppError("validation_failed", "Send a PNG, JPEG, WebP or GIF image");
  const [row] = await tx
    .insert(contentImages)
    .values({ merchantId, contentType, bytes, staffId })
    .returning({ id: contentImages.id });
  if (!row) throw new AppError("internal", "Image not stored");
  return { id: row.id, url: contentImagePath(row.id) };
}

export async function getContentImage(tx: Tx, merchantId: string, id: string) {
  const [row] = await tx
    .select({ contentType: contentImages.contentType, bytes: contentImages.bytes })
    .from(contentImages)
    .where(and(eq(contentImages.merchantId, merchantId), eq(contentImages.id, id)));
  if (!row) throw notFound("Image");
  return row;
}

/**
 * The post's image as a chat image of the community when it was uploaded here (null for an
 * outside URL, which the chat gets as a link).
 */
export async function copyImageToChat(
  tx: Tx,
  merchantId: string,
  communityId: string,
  actor: ChatActor,
  imageUrl: string,
): Promise<string | null> {
  const id = contentImagePattern.exec(imageUrl)?.[1];
  if (!id) return null;
  const image = await getContentImage(tx, merchantId, id);
  const { imageId } = await saveChatImage(tx, merchantId, communityId, actor, image.bytes);
  return imageId;
}

/** How long an uploaded image waits for the post or template that will use it before it may go. */
export const unusedImageGraceMs = 24 * 3_600_000;

/**
 * Deletes uploaded images that no template, post or staff task refers to, a day after upload (the
 * daily job content.images.prune): an editor upload that was never saved, or whose post or
 * template has since dropped it. Answers how many went.
 */
export async function pruneContentImages(database: Database, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - unusedImageGraceMs).toISOString();
  const [row] = rowsOf<{ n: number }>(
    await withSystem(database, (tx) =>
      tx.execute(sql`with gone as (
        delete from content_images i
        where i.created_at < ${cutoff}::timestamptz
          and not exists (select 1 from content_templates t
            where t.merchant_id = i.merchant_id and t.image_url = '/api/v1/content/images/' || i.id)
          and not exists (select 1 from content_posts p
            where p.merchant_id = i.merchant_id and p.image_url = '/api/v1/content/images/' || i.id)
          and not exists (select 1 from ${selectTaskImageUrls()} k
            where k.merchant_id = i.merchant_id and k.image_url like '%/api/v1/content/images/' || i.id)
        returning 1)
      select count(*)::int as n from gone`),
    ),
  );
  return row?.n ?? 0;
}
