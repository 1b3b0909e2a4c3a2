type Query = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/**
 * The shape of a customer batch for upsertCustomerBatch: one row per person, keyed by external
 * id when known ("e:<id>"), else by phone ("p:<phone>"). customer_id and created are filled in.
 */
export async function createCustomerBatchTable(query: Query, table: string): Promise<void> {
  await query(`create temp table ${table} (
    key text primary key, ext text, phone text, name text, gender text, birthday date, email text,
    province text, city text, district text, occupation text, note text, joined_at timestamptz,
    customer_id uuid, created boolean not null default false)`);
}

export type CustomerBatchResult = { created: number; updated: number };

/**
 * Finds or creates the customer of every row of the batch table, set-based: first by external id,
 * then by phone; new customers get both identities (unless another customer already holds one)
 * and a customer.created event. With updateExisting, the given fields overwrite known customers'.
 * Runs in the caller's merchant transaction.
 */
export async function upsertCustomerBatch(
  query: Query,
  merchantId: string,
  table: string,
  options: { updateExisting: boolean; source: string },
): Promise<CustomerBatchResult> {
  let created = 0;
  // People with an external id first, so a phone-only row can then find them by phone.
  for (const withExt of [true, false]) {
    const scope = withExt ? "ext is not null" : "ext is null";
    await resolveByIdentity(query, merchantId, table, "external_id", "ext", scope);
    await resolveByIdentity(query, merchantId, table, "phone", "phone", scope);
    const [inserted] = await query<{ n: number }>(
      `with fresh as (
         update ${table} set customer_id = gen_random_uuid(), created = true
         where customer_id is null and ${scope} returning *)
       , ins as (
         insert into customers (merchant_id, id, name, phone, external_id, email, gender, birthday, province,
           city, district, occupation, note, source_channel, joined_at)
         select $1::uuid, customer_id, name, phone, ext, email, gender, birthday, province, city, district,
           occupation, note, $2, coalesce(joined_at, now()) from fresh returning id, joined_at)
       , ev as (
         insert into events (merchant_id, customer_id, type, properties, occurred_at, source)
         select $1::uuid, id, 'customer.created', jsonb_build_object('source', $2::text), joined_at, $2 from ins)
       select count(*)::int as n from ins`,
      [merchantId, options.source],
    );
    created += inserted?.n ?? 0;
    await query(
      `insert into customer_identities (merchant_id, kind, value, customer_id)
       select $1::uuid, 'external_id', ext, customer_id from ${table} where ext is not null and ${scope}
       union all
       select $1::uuid, 'phone', phone, customer_id from ${table} where phone is not null and ${scope}
       on conflict do nothing`,
      [merchantId],
    );
  }
  const updated = options.updateExisting ? await updateKnownCustomers(query, merchantId, table) : 0;
  return { created, updated };
}

async function resolveByIdentity(
  query: Query,
  merchantId: string,
  table: string,
  kind: "external_id" | "phone",
  column: "ext" | "phone",
  scope: string,
): Promise<void> {
  await query(
    `update ${table} b set customer_id = i.customer_id from customer_identities i
     where b.customer_id is null and ${scope.replace(/^ext/, "b.ext")} and i.merchant_id = $1
       and i.kind = $2 and i.value = b.${column}`,
    [merchantId, kind],
  );
}

async function updateKnownCustomers(query: Query, merchantId: string, table: string): Promise<number> {
  const fields = [
    "name",
    "gender",
    "birthday",
    "email",
    "province",
    "city",
    "district",
    "occupation",
    "note",
  ];
  const next = fields.map((f) => `coalesce(b.${f}, c.${f})`);
  const rows = await query<{ n: number }>(
    `with changed as (
       update customers c set ${fields.map((f, i) => `${f} = ${next[i]}`).join(", ")},
         phone = coalesce(c.phone, b.phone), external_id = coalesce(c.external_id, b.ext), updated_at = now()
       from ${table} b
       where c.merchant_id = $1 and c.id = b.customer_id and not b.created
         and (${fields.map((f) => `c.${f}`).join(", ")}, c.phone, c.external_id) is distinct from
             (${next.join(", ")}, coalesce(c.phone, b.phone), coalesce(c.external_id, b.ext))
       returning 1)
     select count(*)::int as n from changed`,
    [merchantId],
  );
  return rows[0]?.n ?? 0;
}
