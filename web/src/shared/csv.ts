// CSV of numbers a screen shows, built in the browser (no server round trip).

function csvCell(value: string | number): string {
  let text = String(value);
  // A name starting with = + - @ would run as a formula in Excel.
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text with a BOM so Excel reads Chinese headers. */
export function toCsvText(header: string[], rows: (string | number)[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export function downloadCsv(fileName: string, header: string[], rows: (string | number)[][]): void {
  const url = URL.createObjectURL(new Blob([toCsvText(header, rows)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
