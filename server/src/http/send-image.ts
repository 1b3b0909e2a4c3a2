import type { FastifyReply } from "fastify";

/** Answers a stored image: its sniffed type, cached privately for a day (ids never change content). */
export function sendStoredImage(reply: FastifyReply, image: { contentType: string; bytes: Uint8Array }) {
  return reply
    .header("content-type", image.contentType)
    .header("cache-control", "private, max-age=86400, immutable")
    .header("x-content-type-options", "nosniff")
    .send(image.bytes);
}
