/**
 * Which form field a 4xx names, so the message shows beside that field: schema failures carry
 * `issues[].path` ("body.pointsExpiry.months"), service checks carry `field`. Unplaced messages go to `general`.
 */
export function fieldErrorsOf(
  details: unknown,
  message: string,
  fields: readonly string[],
): { byField: Partial<Record<string, string>>; general: string | null } {
  const byField: Partial<Record<string, string>> = {};
  const place = (path: string, text: string) => {
    const parts = path.split(".").filter((p) => p !== "body");
    const field = fields.find((f) => parts[0] === f);
    if (!field || byField[field]) return false;
    byField[field] = text;
    return true;
  };
  let placed = false;
  if (details && typeof details === "object") {
    const { issues, field } = details as { issues?: unknown; field?: unknown };
    if (Array.isArray(issues)) {
      for (const issue of issues) {
        const { path, message: text } = (issue ?? {}) as { path?: unknown; message?: unknown };
        if (typeof path === "string" && place(path, typeof text === "string" ? text : message)) placed = true;
      }
    }
    if (typeof field === "string" && place(field, message)) placed = true;
  }
  return { byField, general: placed ? null : message };
}
