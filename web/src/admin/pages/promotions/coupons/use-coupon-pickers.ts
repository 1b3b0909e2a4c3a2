import { useMemo } from "react";
import type { Layer, LevelConfig, List, Segment, Store } from "../../../../shared/api-types";
import { useLocale } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";

export type Option = { value: string; label: string };

/**
 * What the editor's pickers choose from: stores, segments, layers and levels through their own APIs.
 * A list the signed-in role may not read stays empty rather than failing the editor.
 */
export function useCouponPickers() {
  const can = useCan();
  const { locale } = useLocale();
  const stores = useGet<List<Store>>("/api/v1/stores");
  const segments = useGet<List<Segment>>(can("customers:read") ? "/api/v1/segments" : null);
  const layers = useGet<List<Layer>>(can("customers:read") ? "/api/v1/layers" : null);
  const levels = useGet<LevelConfig>(can("loyalty:read") ? "/api/v1/loyalty/levels" : null);
  return useMemo(() => {
    const named = (zh: string, en: string) => (locale === "en" && en ? en : zh);
    return {
      stores: (stores.data?.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` })),
      segments: (segments.data?.data ?? []).map((s) => ({
        value: s.id,
        label: s.name,
        count: s.memberCount,
      })),
      layers: (layers.data?.data ?? []).map((l) => ({ value: l.id, label: named(l.name, l.nameEn) })),
      levels: (levels.data?.levels ?? []).map((l) => ({ value: l.id, label: named(l.name, l.nameEn) })),
      storeName: (id: string | null) =>
        id ? (stores.data?.data.find((s) => s.id === id)?.name ?? id.slice(0, 8)) : "—",
    };
  }, [stores.data, segments.data, layers.data, levels.data, locale]);
}
