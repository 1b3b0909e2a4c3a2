import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { isUuid } from "../../../lib/uuid-list.js";
import type { ChatActor } from "./chat-access.js";
import { type ChatImageType, communityChatImages } from "./tables.js";

export const maxChatImageBytes = 2 * 1024 * 1024;

/** The image type from its first bytes; the declared content type is not trusted. */
export function sniffImageType(bytes: Uint8Array): ChatImageType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return "image/webp";
  return null;
}

/** Stores an uploaded chat image (PNG, JPEG, WebP or GIF up to 2 MB) for a message to refer to. */
export async function saveChatImage(
  tx: Tx,
  merchantId: string,
  communityId: string,
  actor: ChatActor,
  bytes: Uint8Array,
): Promise<{ imageId: string }> {
  if (bytes.length === 0) throw new AppError("validation_failed", "The image is empty");
  if (bytes.length > maxChatImageBytes) throw new AppError("payload_too_large", "Images are limited to 2 MB");
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new AppError("validation_failed", "Send a PNG, JPEG, WebP or GIF image");
  const [row] = await tx
    .insert(communityChatImages)
    .values({
      merchantId,
      communityId,
      contentType,
      bytes,
      customerId: actor.kind === "member" ? actor.customerId : null,
      staffId: actor.kind === "staff" ? actor.staffId : null,
    })
    .returning({ id: communityChatImages.id });
  if (!row) throw new AppError("internal", "Image not stored");
  return { imageId: row.id };
}

export async function getChatImage(tx: Tx, merchantId: string, communityId: string, imageId: string) {
  if (!isUuid(imageId)) throw notFound("Image");
  const [row] = await tx
    .select({ contentType: communityChatImages.contentType, bytes: communityChatImages.bytes })
    .from(communityChatImages)
    .where(
      and(
        eq(communityChatImages.merchantId, merchantId),
        eq(communityChatImages.communityId, communityId),
        eq(communityChatImages.id, imageId),
      ),
    );
  if (!row) throw notFound("Image");
  return { contentType: row.contentType, bytes: Buffer.from(row.bytes) };
}
