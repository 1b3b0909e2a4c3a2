import type { ImportSession } from "./import-session.js";

/**
 * Converts each distinct value of some staged text columns with a Node function, into a table
 * (raw text, value). A million lines repeat a few thousand prices and a time per order, so the
 * exact JS parsers (dates in the shop's zone, yuan → 分, phones) run once per distinct text
 * instead of once per cell, and never drift from the API's own reading of the same text.
 */
export async function convertDistinct(
  session: ImportSession,
  options: {
    table: string;
    valueType: string;
    /** A select of one text column named raw (null values are left out). */
    source: string;
    convert(raw: string): string | number | null;
  },
): Promise<void> {
  const keys = session.tempName("import_keys");
  await session.query(
    `create temp table ${keys} as select row_number() over () as n, raw
     from (select distinct raw from (${options.source}) s where raw is not null) d`,
  );
  await session.query(`create temp table ${options.table} (raw text not null, value ${options.valueType})`);
  await session.query(`create index on ${keys} (n)`);
  const page = 20_000;
  for (let from = 0; ; from += page) {
    const rows = await session.query<{ raw: string }>(`select raw from ${keys} where n > $1 and n <= $2`, [
      from,
      from + page,
    ]);
    // One COPY per page: the session's connection cannot read while a COPY is open on it.
    const writer = session.copyInto(options.table, ["raw", "value"]);
    for (const { raw } of rows) await writer.write([raw, options.convert(raw)]);
    await writer.finish();
    if (rows.length < page) break;
  }
  await session.query(`drop table ${keys}`);
  await session.query(`analyze ${options.table}`);
}
