import fs from "node:fs";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../errors.js";
import type { App, AppDeps } from "../../http/app-types.js";
import { contextOf, IdParamsSchema } from "../../http/request-context.js";
import { PageQuerySchema, pageOf } from "../../lib/pagination.js";
import { createImportFromUpload, type SavedUpload, saveUploadedFile } from "./create-import.js";
import {
  getImport,
  getImportMapping,
  importErrorsCsv,
  listImportErrors,
  listImports,
} from "./find-imports.js";
import { importKinds } from "./import-fields.js";
import {
  ImportErrorSchema,
  ImportErrorsQuerySchema,
  ImportMappingSchema,
  ImportSchema,
  StartImportSchema,
  UploadResponseSchema,
} from "./schemas.js";
import { startImport } from "./start-import.js";

const tags = ["imports"];
const maxUploadBytes = 1024 * 1024 * 1024;

export async function importRoutes(app: App, deps: AppDeps): Promise<void> {
  // Multipart parsing only for the upload route's scope, not the whole API.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 5 } });
    (scope as App).post(
      "/api/v1/imports",
      {
        config: { access: "imports:run" },
        schema: {
          tags,
          summary:
            "Upload a CSV (multipart: field kind, file field file); returns a preview and suggested mapping",
          consumes: ["multipart/form-data"],
          response: { 201: UploadResponseSchema },
        },
      },
      async (request, reply) => {
        const { merchantId, actor } = contextOf(request);
        const upload = await receiveUpload(request, deps.config.dataDir, merchantId);
        const result = await createImportFromUpload(deps.database, {
          merchantId,
          ...upload,
          createdBy: actor.kind === "staff" ? actor.name : actor.kind,
        });
        return reply.status(201).send(result);
      },
    );
  });

  app.post(
    "/api/v1/imports/:id/start",
    {
      config: { access: "imports:run" },
      schema: {
        tags,
        summary: "Confirm the column mapping and queue the import",
        params: IdParamsSchema,
        body: StartImportSchema,
        response: { 202: ImportSchema },
      },
    },
    async (request, reply) => {
      const { merchantId, actor } = contextOf(request);
      const started = await startImport(
        deps.database,
        merchantId,
        request.params.id,
        request.body.mapping,
        actor,
      );
      return reply.status(202).send(started);
    },
  );

  app.get(
    "/api/v1/imports",
    {
      config: { access: "imports:run" },
      schema: {
        tags,
        summary: "Imports, newest first",
        querystring: PageQuerySchema,
        response: { 200: pageOf(ImportSchema) },
      },
    },
    async (request) => listImports(deps.database, contextOf(request).merchantId, request.query),
  );

  app.get(
    "/api/v1/imports/:id",
    {
      config: { access: "imports:run" },
      schema: {
        tags,
        summary: "An import's status and summary",
        params: IdParamsSchema,
        response: { 200: ImportSchema },
      },
    },
    async (request) => getImport(deps.database, contextOf(request).merchantId, request.params.id),
  );

  app.get(
    "/api/v1/imports/:id/errors",
    {
      config: { access: "imports:run" },
      schema: {
        tags,
        summary: "The rows that could not be imported (?format=csv for a download)",
        params: IdParamsSchema,
        querystring: ImportErrorsQuerySchema,
        response: { 200: pageOf(ImportErrorSchema) },
      },
    },
    async (request, reply) => {
      const { merchantId } = contextOf(request);
      const { format, ...page } = request.query;
      if (format === "csv") {
        const csv = await importErrorsCsv(deps.database, merchantId, request.params.id);
        return (
          reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", `attachment; filename="import-${request.params.id}-errors.csv"`)
            // A stream is sent as is; the JSON response schema does not apply to it.
            .send(csv as never)
        );
      }
      return listImportErrors(deps.database, merchantId, request.params.id, page);
    },
  );

  app.get(
    "/api/v1/import-mappings/:kind",
    {
      config: { access: "imports:run" },
      schema: {
        tags,
        summary: "The merchant's saved column mapping for a kind of import",
        params: z.object({ kind: z.enum(importKinds) }),
        response: { 200: ImportMappingSchema },
      },
    },
    async (request) => getImportMapping(deps.database, contextOf(request).merchantId, request.params.kind),
  );
}

/** Reads the multipart body: the file is streamed to disk as it arrives; `kind` may come before or after. */
async function receiveUpload(request: FastifyRequest, dataDir: string, merchantId: string) {
  if (!request.isMultipart())
    throw new AppError("bad_request", "Send multipart/form-data with fields kind and file");
  let kind: string | undefined;
  let saved: SavedUpload | undefined;
  let fileName = "upload.csv";
  let truncated = false;
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (part.fieldname !== "file" || saved) {
        part.file.resume();
        continue;
      }
      fileName = part.filename || fileName;
      saved = await saveUploadedFile(dataDir, merchantId, part.file);
      truncated = part.file.truncated;
    } else if (part.fieldname === "kind") {
      kind = String(part.value);
    }
  }
  if (!saved) throw new AppError("validation_failed", 'Attach the CSV as the multipart field "file"');
  const discard = () => fs.promises.rm(saved.filePath, { force: true });
  if (truncated) {
    await discard();
    throw new AppError("payload_too_large", `The file is larger than ${maxUploadBytes / 1024 / 1024} MB`);
  }
  const parsedKind = z.enum(importKinds).safeParse(kind);
  if (!parsedKind.success) {
    await discard();
    throw new AppError("validation_failed", `Field "kind" must be one of ${importKinds.join(", ")}`);
  }
  return { kind: parsedKind.data, fileName, saved };
}
