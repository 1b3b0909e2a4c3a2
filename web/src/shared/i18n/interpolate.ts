/** Fills "{name}" placeholders in a message: interpolate("Hello {name}", {name: "Li"}). */
export function interpolate(message: string, vars?: Record<string, string | number>): string {
  if (!vars) return message;
  return message.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
