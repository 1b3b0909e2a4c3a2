import type { Actor } from "../audit/record-audit.js";

/** Who added or removed a tag: a person or key (manual), or the tag's rule. */
export type TagActor = Actor | { kind: "rule"; tagId: string; tagName: string };

export type TagActorColumns = { actorType: string; actorId: string | null; actorName: string | null };

export function tagActorColumns(actor: TagActor): TagActorColumns {
  switch (actor.kind) {
    case "staff":
      return { actorType: "staff", actorId: actor.staffId, actorName: actor.name };
    case "api_key":
      return { actorType: "api_key", actorId: actor.keyId, actorName: actor.name };
    case "member":
      return { actorType: "member", actorId: actor.customerId, actorName: null };
    case "rule":
      return { actorType: "rule", actorId: actor.tagId, actorName: actor.tagName };
    default:
      return { actorType: actor.kind, actorId: null, actorName: actor.name };
  }
}

/** The events table's `source` for a change made by this actor. */
export function eventSourceOf(actor: TagActor): string {
  if (actor.kind === "staff") return "admin";
  if (actor.kind === "api_key") return "api";
  if (actor.kind === "rule") return "system";
  return actor.kind;
}
