import { AppError } from "../../errors.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PostgreSQL array literal of checked UUIDs, for `= any(…::uuid[])` with one parameter. */
export function uuidArrayLiteral(ids: readonly string[]): string {
  if (!ids.every((id) => uuidPattern.test(id))) throw new AppError("internal", "Id is not a UUID");
  return `{${[...new Set(ids)].join(",")}}`;
}
