import { AppError } from "../errors.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => uuidPattern.test(value);

/** A PostgreSQL array literal of checked UUIDs, for `= any(…::uuid[])` with one parameter. */
export function uuidArrayLiteral(ids: readonly string[]): string {
  if (!ids.every(isUuid)) throw new AppError("internal", "Id is not a UUID");
  return `{${[...new Set(ids)].join(",")}}`;
}
