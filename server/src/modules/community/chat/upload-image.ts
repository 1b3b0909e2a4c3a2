import type { FastifyRequest } from "fastify";
import { AppError } from "../../../errors.js";
import { maxChatImageBytes } from "./chat-images.js";

/** Reads the multipart field "file" into memory, at most 2 MB (the plugin stops reading past it). */
export async function readImageUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw new AppError("bad_request", "Send multipart/form-data with the image as field file");
  let bytes: Buffer | null = null;
  for await (const part of request.parts()) {
    if (part.type !== "file") continue;
    if (part.fieldname !== "file" || bytes) {
      part.file.resume();
      continue;
    }
    bytes = await part.toBuffer().catch((error: unknown) => {
      if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
        throw new AppError(
          "payload_too_large",
          `Images are limited to ${maxChatImageBytes / 1024 / 1024} MB`,
        );
      }
      throw error;
    });
  }
  if (!bytes) throw new AppError("validation_failed", 'Attach the image as the multipart field "file"');
  return bytes;
}
