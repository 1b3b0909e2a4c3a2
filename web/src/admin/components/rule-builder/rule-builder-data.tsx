import { createContext, type ReactNode, useContext, useMemo } from "react";
import type { ApiError } from "../../../shared/api";
import type { InsightField, List, Store, Tag } from "../../../shared/api-types";
import { useGet } from "../../use-api";

/** What a layer leaf needs of a layer (the layer screens own the full type). */
export type LayerOption = { id: string; name: string; nameEn: string };

export type RuleBuilderData = {
  fields: InsightField[];
  tags: Tag[];
  stores: Store[];
  /** Null when this server offers no layers: the builder then offers no layer leaf. */
  layers: LayerOption[] | null;
  loading: boolean;
  error: ApiError | null;
  reload: () => void;
};

const RuleBuilderDataContext = createContext<RuleBuilderData | null>(null);

/** Loads the field registry and the lists leaves choose from; new server fields appear without web changes. */
export function RuleBuilderDataProvider({
  children,
  manualTagsOnly = false,
}: {
  children: ReactNode;
  /** A rule tag may read only manual tags, so its builder offers only those. */
  manualTagsOnly?: boolean;
}) {
  const fields = useGet<List<InsightField>>("/api/v1/insight/fields");
  const tags = useGet<List<Tag>>("/api/v1/tags");
  const stores = useGet<List<Store>>("/api/v1/stores");
  const layers = useGet<List<LayerOption>>("/api/v1/layers");
  const value = useMemo<RuleBuilderData>(
    () => ({
      fields: fields.data?.data ?? [],
      tags: (tags.data?.data ?? []).filter((tag) => !manualTagsOnly || tag.kind === "manual"),
      stores: stores.data?.data ?? [],
      layers: layers.data?.data ?? null,
      loading: fields.loading || tags.loading,
      error: fields.error ?? tags.error,
      reload: () => {
        fields.reload();
        tags.reload();
        stores.reload();
        layers.reload();
      },
    }),
    [fields, tags, stores, layers, manualTagsOnly],
  );
  return <RuleBuilderDataContext.Provider value={value}>{children}</RuleBuilderDataContext.Provider>;
}

export function useRuleBuilderData(): RuleBuilderData {
  const data = useContext(RuleBuilderDataContext);
  if (!data) throw new Error("useRuleBuilderData outside RuleBuilderDataProvider");
  return data;
}
