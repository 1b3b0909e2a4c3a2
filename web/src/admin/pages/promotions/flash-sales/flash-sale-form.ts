// The flash sale form's values and the API's FlashSaleInput, both ways; prices are typed in yuan and
// sent in 分.
import type {
  FlashSale,
  FlashSaleAudience,
  FlashSaleInput,
  FlashSaleStatus,
} from "../../../../shared/api-types";

export type AudienceChoice = "everyone" | FlashSaleAudience["kind"];

export type FlashSaleFormValues = {
  name: string;
  sku: string;
  itemName: string;
  imageUrl?: string;
  originalYuan: number | null;
  priceYuan: number | null;
  stock: number | null;
  perMemberLimit?: number | null;
  audienceKind: AudienceChoice;
  /** The segment or layer chosen. */
  audienceId?: string | null;
  /** The levels chosen. */
  audienceIds?: string[];
  /** [startsAt, endsAt] as ISO instants. */
  window: [string, string] | null;
  paymentMinutes: number;
  status: FlashSaleStatus;
};

export function emptySaleValues(now: Date): FlashSaleFormValues {
  const start = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  return {
    name: "",
    sku: "",
    itemName: "",
    originalYuan: null,
    priceYuan: null,
    stock: 100,
    perMemberLimit: 1,
    audienceKind: "everyone",
    window: [start.toISOString(), new Date(start.getTime() + 2 * 3_600_000).toISOString()],
    paymentMinutes: 15,
    status: "active",
  };
}

/** 12.5 → 1250; never a float of yuan on the wire. */
export const yuanToFen = (yuan: number | null | undefined) => (yuan == null ? 0 : Math.round(yuan * 100));

export function valuesOfSale(sale: FlashSale): FlashSaleFormValues {
  return {
    name: sale.name,
    sku: sale.sku,
    itemName: sale.itemName,
    imageUrl: sale.imageUrl ?? undefined,
    originalYuan: sale.originalPrice / 100,
    priceYuan: sale.price / 100,
    stock: sale.stock,
    perMemberLimit: sale.perMemberLimit,
    audienceKind: sale.audience?.kind ?? "everyone",
    audienceId: sale.audience && sale.audience.kind !== "levels" ? sale.audience.id : null,
    audienceIds: sale.audience?.kind === "levels" ? sale.audience.ids : [],
    window: [sale.startsAt, sale.endsAt],
    paymentMinutes: sale.paymentMinutes,
    status: sale.status,
  };
}

export function inputOfValues(values: FlashSaleFormValues): FlashSaleInput {
  const [startsAt, endsAt] = values.window ?? ["", ""];
  return {
    name: values.name.trim(),
    sku: values.sku.trim(),
    itemName: values.itemName.trim(),
    imageUrl: values.imageUrl?.trim() ? values.imageUrl.trim() : null,
    originalPrice: yuanToFen(values.originalYuan),
    price: yuanToFen(values.priceYuan),
    stock: values.stock ?? 0,
    perMemberLimit: values.perMemberLimit ?? null,
    audience: audienceOf(values),
    startsAt,
    endsAt,
    paymentMinutes: values.paymentMinutes,
    status: values.status,
  };
}

function audienceOf(values: FlashSaleFormValues): FlashSaleAudience | null {
  if (values.audienceKind === "levels")
    return values.audienceIds?.length ? { kind: "levels", ids: values.audienceIds } : null;
  if (values.audienceKind === "everyone" || !values.audienceId) return null;
  return { kind: values.audienceKind, id: values.audienceId };
}

const formName: Record<string, string> = {
  originalPrice: "originalYuan",
  price: "priceYuan",
  startsAt: "window",
  endsAt: "window",
  audience: "audienceId",
};
const audienceField: Record<string, string> = { id: "audienceId", ids: "audienceIds" };

/** The server's validation issues ({path: "body.price"}) as form field errors. */
export function fieldErrorsOf(details: unknown): { name: string; errors: string[] }[] {
  const issues = (details as { issues?: { path?: string; message?: string }[] } | undefined)?.issues ?? [];
  return issues.flatMap((issue) => {
    const [, field, inner] = issue.path?.split(".") ?? [];
    if (!field) return [];
    const name =
      field === "audience" && inner ? (audienceField[inner] ?? "audienceId") : (formName[field] ?? field);
    return [{ name, errors: [issue.message ?? "invalid"] }];
  });
}

/** Share of the stock gone (sold + held), for the console's progress bar. */
export function takenPercent(sale: Pick<FlashSale, "stock" | "sold" | "held">): number {
  if (sale.stock <= 0) return 100;
  return Math.min(100, Math.round(((sale.sold + sale.held) / sale.stock) * 100));
}
