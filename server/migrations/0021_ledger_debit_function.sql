-- A debit in drawing order (oldest expiry first, or principal before bonus) as one call, so the
-- hottest wallet mutation is one round trip inside its transaction instead of two, with plans the
-- function keeps. It is the same mutation runMutation + planDraws perform in TypeScript (that
-- pair stays the specification; test/ledger-debit-function.test.ts holds them equal): lock the
-- account, answer a used idempotency key with its entry, take from the released, unexpired lots in
-- order, refuse when the available balance (released lots − debt) is short, write the entry, its
-- lot links and the account. Each statement takes a fresh snapshot (READ COMMITTED, volatile), so
-- the lots are read after the lock is held.
--
-- Returns {status: 'no_account'} (the caller creates the account and calls again),
-- {status: 'insufficient', available}, or {status: 'replayed' | 'written', entry, account, lots}
-- where lots are the wallet's open lots afterwards (for the balance summary).
create function ledger_debit_in_order(
  p_merchant uuid, p_customer uuid, p_wallet text, p_kind text, p_amount bigint, p_order text,
  p_key text, p_request_hash text, p_reason text, p_note text, p_source text, p_source_ref text,
  p_actor_type text, p_actor_id text, p_actor_name text, p_at timestamptz
) returns jsonb
language plpgsql volatile
as $$
declare
  v_account record;
  v_entry jsonb;
  v_lot record;
  v_left bigint := p_amount;
  v_take bigint;
  v_released bigint := 0;
  v_lot_ids uuid[] := '{}';
  v_takes bigint[] := '{}';
  v_lots jsonb := '[]';
  v_entry_id uuid := gen_random_uuid();
begin
  if p_order not in ('expiry_first', 'principal_first') then
    raise exception 'ledger_debit_in_order: unknown draw order %', p_order;
  end if;
  -- The update is the lock; it is given back below when the debit does not happen.
  update wallet_accounts set balance = balance - p_amount, updated_at = now()
   where merchant_id = p_merchant and customer_id = p_customer and wallet = p_wallet
  returning balance + p_amount as balance, debt, lifetime_earned into v_account;
  if not found then
    return jsonb_build_object('status', 'no_account');
  end if;

  select to_jsonb(e) into v_entry from ledger_entries e
   where merchant_id = p_merchant and wallet = p_wallet and idempotency_key = p_key;
  if v_entry is null then
    for v_lot in
      select id, kind, remaining, source_ref, pending_until, expires_at from ledger_lots
       where merchant_id = p_merchant and customer_id = p_customer and wallet = p_wallet
         and remaining > 0 and (expires_at is null or expires_at > p_at)
       order by (p_order = 'principal_first' and kind = 'bonus'), expires_at nulls last, created_at, id
    loop
      v_take := 0;
      if v_lot.pending_until is null or v_lot.pending_until <= p_at then
        v_released := v_released + v_lot.remaining;
        v_take := least(v_lot.remaining, v_left);
        if v_take > 0 then
          v_lot_ids := v_lot_ids || v_lot.id;
          v_takes := v_takes || v_take;
          v_left := v_left - v_take;
        end if;
      end if;
      v_lots := v_lots || jsonb_build_object('id', v_lot.id, 'kind', v_lot.kind, 'remaining',
        v_lot.remaining - v_take, 'source_ref', v_lot.source_ref, 'pending_until', v_lot.pending_until,
        'expires_at', v_lot.expires_at);
    end loop;
  end if;
  if v_entry is not null or v_left > 0 or v_released - v_account.debt < p_amount then
    update wallet_accounts set balance = balance + p_amount
     where merchant_id = p_merchant and customer_id = p_customer and wallet = p_wallet;
    if v_entry is null then
      return jsonb_build_object('status', 'insufficient', 'available', greatest(v_released - v_account.debt, 0));
    end if;
    return jsonb_build_object('status', 'replayed', 'entry', v_entry, 'account', jsonb_build_object(
      'balance', v_account.balance, 'debt', v_account.debt, 'lifetime_earned', v_account.lifetime_earned),
      'lots', (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'kind', kind, 'remaining', remaining,
          'source_ref', source_ref, 'pending_until', pending_until, 'expires_at', expires_at)
          order by expires_at nulls last, created_at, id), '[]')
        from ledger_lots
       where merchant_id = p_merchant and customer_id = p_customer and wallet = p_wallet
         and remaining > 0 and (expires_at is null or expires_at > p_at)));
  end if;

  update ledger_lots l set remaining = l.remaining - t.take
    from unnest(v_lot_ids, v_takes) as t(lot_id, take)
   where l.merchant_id = p_merchant and l.id = any(v_lot_ids) and l.id = t.lot_id;
  insert into ledger_entry_lots (merchant_id, entry_id, lot_id, amount)
    select p_merchant, v_entry_id, t.lot_id, -t.take from unnest(v_lot_ids, v_takes) as t(lot_id, take);
  insert into ledger_entries (merchant_id, id, customer_id, wallet, kind, amount, debt_change, shortfall,
    balance_after, idempotency_key, request_hash, reason_code, note, source, source_ref, actor_type, actor_id,
    actor_name, created_at)
  values (p_merchant, v_entry_id, p_customer, p_wallet, p_kind, -p_amount, 0, 0, v_account.balance - p_amount,
    p_key, p_request_hash, p_reason, p_note, p_source, p_source_ref, p_actor_type, p_actor_id, p_actor_name, p_at)
  returning to_jsonb(ledger_entries.*) into v_entry;
  return jsonb_build_object('status', 'written', 'entry', v_entry, 'account', jsonb_build_object(
    'balance', v_account.balance - p_amount, 'debt', v_account.debt, 'lifetime_earned', v_account.lifetime_earned),
    'lots', v_lots);
end
$$;
