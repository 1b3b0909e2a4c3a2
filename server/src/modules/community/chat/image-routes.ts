import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Database } from "../../../db/database.js";
import { readAsMerchant, type Tx, withMerchant } from "../../../db/tenant.js";
import type { Access } from "../../../http/access.js";
import type { App } from "../../../http/app-types.js";
import { sendStoredImage } from "../../../http/send-image.js";
import type { ChatActor } from "./chat-access.js";
import { getChatImage, maxChatImageBytes, saveChatImage } from "./chat-images.js";
import { ImageUploadSchema } from "./schemas.js";
import { readImageUpload } from "./upload-image.js";

/** Who asks for a chat's images: their shop, who they are, and the check that they may see this chat. */
export type ImageCaller = {
  merchantId: string;
  actor: ChatActor;
  mayUse(tx: Tx, communityId: string): Promise<unknown>;
};

/**
 * GET `${base}/images/:imageId` and multipart POST `${base}/images` for one side of the chat (members
 * or staff): the same storage and checks, the caller's access rule and identity given.
 */
export async function chatImageRoutes(
  app: App,
  database: Database,
  options: {
    base: string;
    access: Access;
    tags: string[];
    params: z.ZodObject<{ id: z.ZodString } & z.ZodRawShape>;
    callerOf: (request: FastifyRequest) => ImageCaller;
  },
): Promise<void> {
  const { base, access, tags, params, callerOf } = options;
  const ImageParams = params.extend({ imageId: z.string().uuid() });
  app.get(
    `${base}/images/:imageId`,
    { config: { access }, schema: { tags, summary: "A chat image", params: ImageParams } },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id, imageId } = request.params as { id: string; imageId: string };
      const image = await readAsMerchant(database, caller.merchantId, async (tx) => {
        await caller.mayUse(tx, id);
        return getChatImage(tx, caller.merchantId, id, imageId);
      });
      return sendStoredImage(reply, image);
    },
  );
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: maxChatImageBytes, files: 1, fields: 2 } });
    (scope as App).post(
      `${base}/images`,
      {
        config: { access },
        schema: {
          tags,
          summary: "Upload an image (multipart field file; PNG/JPEG/WebP/GIF, 2 MB)",
          params,
          consumes: ["multipart/form-data"],
          response: { 201: ImageUploadSchema },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const { id } = request.params as { id: string };
        const bytes = await readImageUpload(request);
        const result = await withMerchant(database, caller.merchantId, async (tx) => {
          await caller.mayUse(tx, id);
          return saveChatImage(tx, caller.merchantId, id, caller.actor, bytes);
        });
        return reply.status(201).send(result);
      },
    );
  });
}
