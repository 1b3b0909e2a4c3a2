import { Tag, Tooltip } from "antd";
import type { Community } from "../../../shared/community-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

const colors = { none: "default", ok: "green", expiring: "orange", expired: "red" } as const;

/** The external group QR's state: missing, valid, expiring within 24 h, expired. */
export function QrStateTag({ community }: { community: Pick<Community, "joinQrState" | "joinQrExpiresAt"> }) {
  const t = useT();
  const f = useFormat();
  const tag = (
    <Tag color={colors[community.joinQrState]} data-testid="qr-state">
      {t(`community.qr.${community.joinQrState}`)}
    </Tag>
  );
  return community.joinQrExpiresAt ? (
    <Tooltip title={t("community.qr.expiresAt", { time: f.dateTime(community.joinQrExpiresAt) })}>
      {tag}
    </Tooltip>
  ) : (
    tag
  );
}
