import type { Community, CommunityInput, CommunityPlatform } from "../../../shared/community-types";

/** The editor's fields as antd Form holds them (yuan for the GMV target). */
export type CommunityFormValues = {
  name: string;
  purpose: Community["purpose"];
  platform: CommunityPlatform;
  audienceKind: "everyone" | "segment" | "layer";
  audienceId?: string;
  capacity?: number | null;
  ownerStaffId?: string | null;
  joinUrl?: string | null;
  rules?: string;
  welcomeMessage?: string;
  welcomePoints?: number | null;
  welcomeCouponTemplateId?: string | null;
  monthlyGmvTargetYuan?: number | null;
};

export function formValuesOf(community: Community | null): CommunityFormValues {
  if (!community)
    return { name: "", purpose: "content", platform: "builtin", audienceKind: "everyone", rules: "" };
  return {
    name: community.name,
    purpose: community.purpose,
    platform: community.platform,
    audienceKind: community.audience?.kind ?? "everyone",
    audienceId: community.audience?.id,
    capacity: community.capacity,
    ownerStaffId: community.ownerStaffId,
    joinUrl: community.joinUrl,
    rules: community.rules,
    welcomeMessage: community.welcomeMessage,
    welcomePoints: community.welcomePoints,
    welcomeCouponTemplateId: community.welcomeCouponTemplateId,
    monthlyGmvTargetYuan: community.monthlyGmvTarget === null ? null : community.monthlyGmvTarget / 100,
  };
}

/** The request body: blanks become null, the target goes back to 分, a built-in community has no join link. */
export function inputOf(values: CommunityFormValues): CommunityInput {
  const blank = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  return {
    name: values.name.trim(),
    purpose: values.purpose,
    platform: values.platform,
    audience:
      values.audienceKind === "everyone" || !values.audienceId
        ? null
        : { kind: values.audienceKind, id: values.audienceId },
    capacity: values.capacity ?? null,
    ownerStaffId: values.ownerStaffId ?? null,
    joinUrl: values.platform === "builtin" ? null : blank(values.joinUrl),
    rules: values.rules ?? "",
    welcomeMessage: values.welcomeMessage ?? "",
    welcomePoints: values.welcomePoints ?? null,
    welcomeCouponTemplateId: values.welcomeCouponTemplateId ?? null,
    monthlyGmvTarget:
      values.monthlyGmvTargetYuan == null ? null : Math.round(values.monthlyGmvTargetYuan * 100),
  };
}

export function fillPercent(community: Pick<Community, "capacity" | "memberCount">): number {
  if (!community.capacity) return 0;
  return Math.min(100, Math.round((community.memberCount / community.capacity) * 100));
}
