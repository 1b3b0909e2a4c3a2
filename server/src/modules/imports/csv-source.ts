import fs from "node:fs";
import { AppError } from "../../errors.js";
import { CsvSplitter } from "./csv-splitter.js";

type Encoding = "utf-8" | "gbk" | "utf-16le";

/**
 * Guesses the file's encoding from its first bytes: a BOM says so; otherwise bytes that are not
 * valid UTF-8 mean the GBK that Chinese Excel writes.
 */
export async function detectEncoding(filePath: string): Promise<{ encoding: Encoding; bomLength: number }> {
  const head = await readHead(filePath, 64 * 1024);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bomLength: 2 };
  try {
    // stream: true tolerates a character cut in half at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return { encoding: "utf-8", bomLength: 0 };
  } catch {
    return { encoding: "gbk", bomLength: 0 };
  }
}

async function readHead(filePath: string, size: number): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, "r");
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Comma, tab or semicolon: whichever the header line has most of. */
export function detectDelimiter(firstLine: string): string {
  const counts = [",", "\t", ";"].map((d) => [d, firstLine.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

export type CsvStream = {
  headers: string[];
  /** Data records in file order; rowNo is the spreadsheet row (the header is row 1). */
  records: AsyncIterable<{ rowNo: number; values: string[] }>;
  /** Bytes of the file read so far, for progress. */
  bytesRead(): number;
  totalBytes: number;
  /** Stops reading (also done when `records` is iterated to the end or left early). */
  close(): void;
};

/** Streams a CSV file record by record without reading it whole. */
export async function openCsv(filePath: string): Promise<CsvStream> {
  const { encoding, bomLength } = await detectEncoding(filePath);
  const head = await readHead(filePath, 16 * 1024);
  const firstLine = new TextDecoder(encoding).decode(head.subarray(bomLength)).split(/\r?\n/)[0] ?? "";
  const totalBytes = (await fs.promises.stat(filePath)).size;
  const source = fs.createReadStream(filePath, { start: bomLength, highWaterMark: 64 * 1024 });
  const splitter = new CsvSplitter(detectDelimiter(firstLine));
  const decoder = new TextDecoder(encoding);
  let bytes = bomLength;
  async function* allRecords(): AsyncGenerator<string[]> {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      yield* splitter.push(decoder.decode(chunk, { stream: true }));
    }
    yield* splitter.push(decoder.decode(), true);
  }
  const iterator = allRecords();
  const close = () => {
    source.destroy();
  };
  const first = await iterator.next().catch((error: Error) => {
    throw new AppError("invalid_csv", `The file cannot be read: ${error.message}`);
  });
  if (first.done || first.value.every((h) => h.trim() === "")) {
    close();
    throw new AppError("invalid_csv", "The file is empty: it needs a header row");
  }
  const headers = first.value.map((h) => h.trim());
  async function* records() {
    let rowNo = 1;
    try {
      for await (const values of { [Symbol.asyncIterator]: () => iterator }) {
        rowNo += 1;
        yield { rowNo, values };
      }
    } finally {
      close();
    }
  }
  return { headers, records: records(), bytesRead: () => bytes, totalBytes, close };
}

/** The header and the first rows, for the mapping screen. */
export async function readCsvPreview(
  filePath: string,
  rowCount = 5,
): Promise<{ headers: string[]; rows: string[][] }> {
  const csv = await openCsv(filePath);
  const rows: string[][] = [];
  for await (const record of csv.records) {
    if (rows.length >= rowCount) break;
    rows.push(record.values.map((v) => v.trim()));
  }
  csv.close();
  return { headers: csv.headers, rows };
}
