import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import { AppError } from "../../errors.js";
import { detectDelimiter, detectEncoding } from "./csv-source.js";
import { CsvSplitter } from "./csv-splitter.js";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const T = 116;
const F = 102;

/**
 * Whether the UTF-8 text in [start, end) starts with a character String.prototype.trim removes:
 * ASCII blanks, or a lead byte of U+00A0, U+1680, U+2000–U+205F or U+3000 / U+FEFF (checked
 * loosely: a false "maybe" only costs that row an exact trim in SQL).
 */
function startsWithSpace(buffer: Buffer, start: number, end: number): boolean {
  if (start >= end) return false;
  const byte = buffer[start]!;
  if (byte === 32 || (byte >= 9 && byte <= 13)) return true;
  if (byte === 0xc2) return buffer[start + 1] === 0xa0;
  if (byte === 0xe1 || byte === 0xe2) return true;
  if (byte === 0xe3) return buffer[start + 1] === 0x80 && buffer[start + 2] === 0x80;
  if (byte === 0xef) return buffer[start + 1] === 0xbb && buffer[start + 2] === 0xbf;
  return false;
}

/** Whether [start, end) ends with such a character (same loose check on the last bytes). */
function endsWithSpace(buffer: Buffer, start: number, end: number): boolean {
  if (start >= end) return false;
  const byte = buffer[end - 1]!;
  if (byte === 32 || (byte >= 9 && byte <= 13)) return true;
  if (byte < 0x80 || end - start < 2) return false;
  const before = buffer[end - 2]!;
  if (byte === 0xa0 && before === 0xc2) return true;
  if (end - start < 3) return false;
  const lead = buffer[end - 3]!;
  if (lead === 0xe1 || lead === 0xe2) return true;
  if (lead === 0xe3) return before === 0x80 && byte === 0x80;
  if (lead === 0xef) return before === 0xbb && byte === 0xbf;
  return false;
}

/** A record that cannot be loaded as it is: its row, what is wrong, and its fields as far as they go. */
export type MalformedRecord = { rowNo: number; message: string; values: string[] };

export type CsvCopyStream = {
  headers: string[];
  /** The file's delimiter, which the COPY-ready chunks keep. */
  delimiter: string;
  /**
   * The data records as UTF-8 CSV for COPY: each prefixed with its row number (the header is row
   * 1), padded to the header's column count, LF-terminated. Malformed records are left out and
   * handed to onMalformed instead.
   */
  chunks(onMalformed: (record: MalformedRecord) => void): AsyncIterable<Buffer>;
  bytesRead(): number;
  totalBytes: number;
  /** Data records read so far (left-out ones included). */
  rows(): number;
};

/**
 * Streams a CSV file as COPY-ready chunks without building a string per field: records without
 * quotes (nearly all) are found with indexOf and copied as bytes; quoted ones take the same
 * reading as CsvSplitter and are written back quoted the way COPY reads them. Same records as
 * openCsv: RFC 4180 quoting, LF or CRLF, blank lines skipped, a quote inside a field kept.
 */
export async function openCsvForCopy(filePath: string): Promise<CsvCopyStream> {
  const { encoding, bomLength } = await detectEncoding(filePath);
  const totalBytes = (await fs.promises.stat(filePath)).size;
  const source = fs.createReadStream(filePath, { start: bomLength, highWaterMark: 1024 * 1024 });
  const decoder = encoding === "utf-8" ? null : new TextDecoder(encoding);
  let bytes = bomLength;
  let rowNo = 1;
  const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();

  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  // Everything goes on as UTF-8: other encodings are decoded here; invalid UTF-8 is replaced in scan().
  async function fill(): Promise<void> {
    if (ended) return;
    const next = await iterator.next();
    let chunk: Buffer;
    if (next.done) {
      ended = true;
      chunk = decoder ? Buffer.from(decoder.decode()) : Buffer.alloc(0);
    } else {
      bytes += next.value.length;
      chunk = decoder ? Buffer.from(decoder.decode(next.value, { stream: true })) : next.value;
    }
    if (chunk.length) pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  }

  // The header: the first non-blank record.
  let header: { fields: string[]; next: number } | null = null;
  let delimiter = ",";
  while (!header) {
    await fill();
    const firstLineEnd = pending.indexOf(LF);
    const firstLine = pending.toString("utf8", 0, firstLineEnd === -1 ? pending.length : firstLineEnd);
    delimiter = detectDelimiter(firstLine);
    header = readHeader(pending, delimiter, ended);
    if (ended) break;
  }
  if (!header || header.fields.every((h) => h.trim() === "")) {
    source.destroy();
    throw new AppError("invalid_csv", "The file is empty: it needs a header row");
  }
  const headers = header.fields.map((h) => h.trim());
  pending = pending.subarray(header.next);
  const scanner = new RecordScanner(delimiter.charCodeAt(0), headers.length);

  async function* chunks(onMalformed: (record: MalformedRecord) => void): AsyncGenerator<Buffer> {
    try {
      while (true) {
        await fill();
        const { output, consumed } = scanner.scan(pending, ended, () => ++rowNo, onMalformed);
        pending = pending.subarray(consumed);
        if (output.length) yield output;
        if (ended) break;
      }
    } finally {
      source.destroy();
    }
  }
  return { headers, delimiter, chunks, bytesRead: () => bytes, totalBytes, rows: () => rowNo - 1 };
}

function readHeader(buffer: Buffer, delimiter: string, final: boolean) {
  const scanner = new RecordScanner(delimiter.charCodeAt(0), 0);
  let pos = 0;
  while (pos < buffer.length) {
    const record = scanner.findRecord(buffer, pos, final);
    if (!record) return null;
    if (record.contentEnd > pos) {
      const text = buffer.toString("utf8", pos, record.contentEnd);
      return {
        fields: new CsvSplitter(String.fromCharCode(scanner.delimiter)).push(text, true)[0] ?? [],
        next: record.next,
      };
    }
    pos = record.next;
  }
  return null;
}

type RecordBounds = { contentEnd: number; next: number; quoted: boolean; unclosed: boolean };

/** Finds record boundaries in UTF-8 bytes (no multi-byte character contains an ASCII byte). */
export class RecordScanner {
  #nextQuote = -1;
  #edgeSpace = false;
  constructor(
    readonly delimiter: number,
    private readonly columns: number,
  ) {}

  /** The COPY-ready text of the complete records in buffer, and how many bytes they took. */
  scan(
    buffer: Buffer,
    final: boolean,
    nextRowNo: () => number,
    onMalformed: (record: MalformedRecord) => void,
  ): { output: Buffer; consumed: number } {
    const checked = final ? buffer.length : buffer.lastIndexOf(LF) + 1;
    if (!isUtf8(buffer.subarray(0, checked))) {
      // Rare: this part of the file is rebuilt with replacement characters, as TextDecoder reads it.
      const fixed = Buffer.from(buffer.toString("utf8", 0, checked));
      const rest = this.scan(Buffer.concat([fixed, buffer.subarray(checked)]), final, nextRowNo, onMalformed);
      return { output: rest.output, consumed: rest.consumed - fixed.length + checked };
    }
    let pos = 0;
    this.#nextQuote = -1;
    const out = new OutputBuilder(buffer.length + 4096);
    while (pos < buffer.length) {
      const record = this.findRecord(buffer, pos, final);
      if (!record) break;
      const { contentEnd } = record;
      if (contentEnd === pos) {
        pos = record.next;
        continue;
      }
      const rowNo = nextRowNo();
      const fields = record.quoted ? -1 : this.countFields(buffer, pos, contentEnd);
      if (fields > 0 && fields <= this.columns) {
        out.rowStart(rowNo, this.#edgeSpace, this.delimiter);
        out.bytes(buffer, pos, contentEnd);
        out.padding(this.columns - fields, this.delimiter);
      } else {
        const text = buffer.toString("utf8", pos, contentEnd);
        const values = new CsvSplitter(String.fromCharCode(this.delimiter)).push(text, true)[0] ?? [];
        const problem = record.unclosed
          ? "A quote opened in this row is never closed"
          : values.slice(this.columns).some((v) => v !== "")
            ? `The row has ${values.length} columns but the header has ${this.columns}`
            : values.some((v) => v.includes("\0"))
              ? "The row contains a NUL character"
              : null;
        if (problem) onMalformed({ rowNo, message: problem, values });
        else out.fields(rowNo, values.slice(0, this.columns), this.columns, this.delimiter);
      }
      pos = record.next;
    }
    return { output: out.done(), consumed: pos };
  }

  /**
   * Fields of a quote-free record, or -1 when it needs the careful path (a lone CR or a NUL). Also
   * notes whether a field may start or end with whitespace, so SQL trims only those rows' cells.
   */
  countFields(buffer: Buffer, start: number, end: number): number {
    let count = 1;
    const delimiter = this.delimiter;
    let edgeSpace = startsWithSpace(buffer, start, end) || endsWithSpace(buffer, start, end);
    for (let i = start; i < end; i++) {
      const byte = buffer[i]!;
      if (byte === delimiter) {
        count++;
        if (!edgeSpace) edgeSpace = endsWithSpace(buffer, start, i) || startsWithSpace(buffer, i + 1, end);
      } else if (byte === CR || byte === 0) return -1;
    }
    this.#edgeSpace = edgeSpace;
    return count;
  }

  /** Where the record starting at pos ends; null when the buffer ends first (and more is coming). */
  findRecord(buffer: Buffer, pos: number, final: boolean): RecordBounds | null {
    const n = buffer.length;
    const newline = buffer.indexOf(LF, pos);
    if (newline === -1 && !final) return null;
    const end = newline === -1 ? n : newline;
    if (this.#nextQuote < pos) {
      const at = buffer.indexOf(QUOTE, pos);
      this.#nextQuote = at === -1 ? Number.POSITIVE_INFINITY : at;
    }
    if (this.#nextQuote > end) {
      const contentEnd = end > pos && buffer[end - 1] === CR ? end - 1 : end;
      return { contentEnd, next: end + 1, quoted: false, unclosed: false };
    }
    return this.findQuotedRecord(buffer, pos, final);
  }

  private findQuotedRecord(buffer: Buffer, start: number, final: boolean): RecordBounds | null {
    const n = buffer.length;
    let fieldStart = true;
    let inQuotes = false;
    let i = start;
    while (i < n) {
      const byte = buffer[i]!;
      if (inQuotes) {
        const close = buffer.indexOf(QUOTE, i);
        if (close === -1) break;
        if (close + 1 >= n && !final) return null;
        if (buffer[close + 1] === QUOTE) i = close + 2;
        else {
          inQuotes = false;
          i = close + 1;
        }
      } else if (byte === QUOTE && fieldStart) {
        inQuotes = true;
        fieldStart = false;
        i++;
      } else if (byte === this.delimiter) {
        fieldStart = true;
        i++;
      } else if (byte === LF) {
        const contentEnd = i > start && buffer[i - 1] === CR ? i - 1 : i;
        return { contentEnd, next: i + 1, quoted: true, unclosed: false };
      } else {
        fieldStart = false;
        i++;
      }
    }
    if (!final) return null;
    return { contentEnd: n, next: n, quoted: true, unclosed: inQuotes };
  }
}

/** Grows one output buffer of COPY text. */
class OutputBuilder {
  #buffer: Buffer;
  #length = 0;
  constructor(size: number) {
    this.#buffer = Buffer.allocUnsafe(size);
  }

  private ensure(extra: number) {
    if (this.#length + extra <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + extra));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }

  /** The row number and whether any cell may need trimming ("t"/"f"), before the file's fields. */
  rowStart(rowNo: number, edgeSpace: boolean, delimiter: number) {
    this.ensure(16);
    this.#length += this.#buffer.write(String(rowNo), this.#length, "latin1");
    this.#buffer[this.#length++] = delimiter;
    this.#buffer[this.#length++] = edgeSpace ? T : F;
    this.#buffer[this.#length++] = delimiter;
  }

  bytes(source: Buffer, start: number, end: number) {
    this.ensure(end - start);
    this.#length += source.copy(this.#buffer, this.#length, start, end);
  }

  /** Missing trailing columns are empty; then the record ends. */
  padding(missing: number, delimiter: number) {
    this.ensure(missing + 1);
    for (let i = 0; i < missing; i++) this.#buffer[this.#length++] = delimiter;
    this.#buffer[this.#length++] = LF;
  }

  fields(rowNo: number, values: string[], columns: number, delimiter: number) {
    const d = String.fromCharCode(delimiter);
    const quoted = values.map((v) => (/["\r\n]/.test(v) || v.includes(d) ? `"${v.replace(/"/g, '""')}"` : v));
    const edgeSpace = values.some((v) => v !== v.trim()) ? "t" : "f";
    const text = `${rowNo}${d}${edgeSpace}${d}${quoted.join(d)}${d.repeat(columns - values.length)}\n`;
    const encoded = Buffer.from(text);
    this.bytes(encoded, 0, encoded.length);
  }

  done(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }
}
