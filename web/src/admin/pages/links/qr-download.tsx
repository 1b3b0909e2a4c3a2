import { QrcodeOutlined } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { downloadFile } from "../../../shared/api";
import type { ShortLink } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";

/** Downloads the link's QR code (of its scan URL) as PNG or SVG. */
export function QrDownloadButton({ link, size = "middle" }: { link: ShortLink; size?: "small" | "middle" }) {
  const t = useT();
  const notifyError = useNotifyError();
  const download = (format: "png" | "svg") =>
    downloadFile(
      `/api/v1/short-links/${link.id}/qr?format=${format}&size=1024`,
      `qr-${link.slug}.${format}`,
    ).catch(notifyError);
  return (
    <Dropdown
      menu={{
        items: [
          { key: "png", label: "PNG" },
          { key: "svg", label: "SVG" },
        ],
        onClick: ({ key }) => void download(key as "png" | "svg"),
      }}
    >
      <Button size={size} icon={<QrcodeOutlined />}>
        {t("links.qr")}
      </Button>
    </Dropdown>
  );
}
