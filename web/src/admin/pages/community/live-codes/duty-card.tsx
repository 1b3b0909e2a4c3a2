import { UploadOutlined } from "@ant-design/icons";
import { App, Button, Card, DatePicker, Flex, Image, Space, Switch, Typography, Upload } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api } from "../../../../shared/api";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import type { StaffCard } from "./live-codes-api";

const imageTypes = ["image/png", "image/jpeg", "image/webp"];

/** 我的值班: a staff member switches only themself on or off duty and keeps their personal QR fresh. */
export function DutyCard() {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const card = useGet<StaffCard>("/api/v1/channels/me");
  const [expires, setExpires] = useState<Dayjs | null>(null);
  const [version, setVersion] = useState(0);

  async function setDuty(onDuty: boolean) {
    try {
      card.setData(await api.put<StaffCard>("/api/v1/channels/me/duty", { onDuty }));
      message.success(t("common.saved"));
    } catch (cause) {
      notifyError(cause);
    }
  }

  async function upload(file: File) {
    if (!imageTypes.includes(file.type)) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    try {
      card.setData(
        await api.put<StaffCard>("/api/v1/channels/me/qr", {
          contentType: file.type,
          imageBase64: btoa(binary),
          expiresAt: expires ? expires.toISOString() : null,
        }),
      );
      setVersion((v) => v + 1);
      message.success(t("common.saved"));
    } catch (cause) {
      notifyError(cause);
    }
  }

  return (
    <Card title={t("liveCodes.duty.title")} style={{ maxWidth: 560 }} data-testid="duty-card">
      <Space direction="vertical" size="large" style={{ width: "100%" }}>
        <Flex gap={12} align="center">
          <Switch
            checked={card.data?.onDuty ?? true}
            loading={card.loading && !card.data}
            onChange={setDuty}
          />
          <Typography.Text>{t("liveCodes.duty.onDuty")}</Typography.Text>
        </Flex>
        <div>
          <Typography.Title level={5}>{t("liveCodes.duty.qr")}</Typography.Title>
          {card.data?.hasQrImage ? (
            <Image width={160} src={`/api/v1/channels/staff/${card.data.staffId}/qr?v=${version}`} />
          ) : (
            <Typography.Text type="secondary">{t("liveCodes.duty.noQr")}</Typography.Text>
          )}
          {card.data?.qrExpiresAt && (
            <div>
              {t("liveCodes.duty.qrExpires")}: {f.dateTime(card.data.qrExpiresAt)}
            </div>
          )}
        </div>
        <Flex gap={8} wrap align="center">
          <DatePicker
            showTime
            placeholder={t("liveCodes.duty.qrExpires")}
            value={expires}
            onChange={setExpires}
          />
          <Upload
            accept={imageTypes.join(",")}
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t("liveCodes.duty.upload")}</Button>
          </Upload>
        </Flex>
      </Space>
    </Card>
  );
}

/** The duty switch on its own page, for every staff member (clerks have no live-code screen). */
export function DutyPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("liveCodes.duty.title")} />
      <DutyCard />
    </>
  );
}
