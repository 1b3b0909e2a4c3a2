// CSV for spreadsheets (RFC 4180 lines ending in CRLF).

/** A text a spreadsheet must not run: a leading = + - @ makes it a formula; a quote keeps it text. */
export const csvText = (value: string | null) =>
  value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? "");

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One CSV line; quote fields that hold a comma, a quote or a line break. */
export const csvLine = (fields: string[]) => `${fields.map(cell).join(",")}\r\n`;
