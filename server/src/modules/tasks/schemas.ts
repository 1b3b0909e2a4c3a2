import { z } from "zod";
import { PageQuerySchema } from "../../lib/pagination.js";
import { taskKinds } from "./tables.js";

export const TaskSchema = z.object({
  id: z.string(),
  kind: z.enum(taskKinds),
  source: z.string(),
  assigneeStaffId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  title: z.string(),
  /** The copy to paste into the external group. */
  body: z.string(),
  imageUrl: z.string().nullable(),
  /** The tracked short link (absolute when QUANZI_PUBLIC_URL is set, else /s/<slug>). */
  linkUrl: z.string().nullable(),
  status: z.enum(["open", "done"]),
  doneAt: z.date().nullable(),
  doneByStaffId: z.string().nullable(),
  doneByName: z.string().nullable(),
  createdAt: z.date(),
});

export const TaskListQuerySchema = PageQuerySchema.extend({
  /** mine (default): assigned to me; all: everybody's (owners and managers). */
  scope: z.enum(["mine", "all"]).default("mine"),
  status: z.enum(["open", "done"]).optional(),
});
