// The content calendar and staff task API's shapes (server/src/modules/content, server/src/modules/tasks).

export type TemplateKind = "topic" | "tip" | "course" | "promotion";
export const templateKinds: TemplateKind[] = ["topic", "tip", "course", "promotion"];
export type CardKind = "coupon_template" | "flash_sale" | "checkin";
export type CardRef = { kind: CardKind; id: string | null };

export type ContentTemplate = {
  id: string;
  kind: TemplateKind;
  title: string;
  body: string;
  imageUrl: string | null;
  linkUrl: string | null;
  card: CardRef | null;
  promotional: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Repeat = "once" | "daily" | "weekly";
export type Schedule = {
  repeat: Repeat;
  startDate: string;
  endDate: string | null;
  localTime: string;
  weekdays: number[];
};

export type ContentPost = {
  id: string;
  communityId: string;
  communityName: string;
  platform: string;
  templateId: string | null;
  title: string;
  body: string;
  imageUrl: string | null;
  linkUrl: string | null;
  shortPath: string | null;
  card: CardRef | null;
  promotional: boolean;
  schedule: Schedule;
  status: "active" | "cancelled" | "finished";
  nextAt: string | null;
  createdAt: string;
};

export type OccurrenceStatus =
  | "scheduled"
  | "held"
  | "posted"
  | "task_open"
  | "task_done"
  | "cancelled"
  | "failed";

export type Occurrence = {
  id: string | null;
  postId: string;
  communityId: string;
  communityName: string;
  platform: string;
  title: string;
  promotional: boolean;
  scheduledAt: string;
  status: OccurrenceStatus;
  holdReason: "quiet_hours" | "community_cap" | null;
  movedTo: string | null;
  failure: string | null;
  postedAt: string | null;
  taskId: string | null;
};

export const statusColors: Record<OccurrenceStatus, string> = {
  scheduled: "blue",
  held: "orange",
  posted: "green",
  task_open: "purple",
  task_done: "cyan",
  cancelled: "default",
  failed: "red",
};

export type StaffTask = {
  id: string;
  kind: "calendar_post" | "qr_expiring" | "group_nearly_full";
  source: string;
  assigneeStaffId: string | null;
  assigneeName: string | null;
  communityId: string | null;
  communityName: string | null;
  title: string;
  body: string;
  imageUrl: string | null;
  linkUrl: string | null;
  status: "open" | "done";
  doneAt: string | null;
  doneByStaffId: string | null;
  doneByName: string | null;
  createdAt: string;
};
