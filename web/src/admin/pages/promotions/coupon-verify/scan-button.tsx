import { ScanOutlined } from "@ant-design/icons";
import { Alert, Button, Modal } from "antd";
import { useEffect, useRef, useState } from "react";
import { useT } from "../../../i18n/locale-context";

// The browser's own QR reader (Chrome on Android, Safari 17+ on macOS …); not in TypeScript's DOM lib yet.
type DetectedCode = { rawValue: string };
type QrDetector = { detect(source: HTMLVideoElement): Promise<DetectedCode[]> };
type QrDetectorClass = new (options: { formats: string[] }) => QrDetector;

function qrDetectorClass(): QrDetectorClass | null {
  const candidate = (globalThis as { BarcodeDetector?: QrDetectorClass }).BarcodeDetector;
  return typeof candidate === "function" && typeof navigator.mediaDevices?.getUserMedia === "function"
    ? candidate
    : null;
}

/**
 * 扫码 with the phone's camera where the browser can read QR codes itself (no library is loaded);
 * elsewhere there is no button and the clerk types the code shown under the QR.
 */
export function ScanButton({ onCode }: { onCode(text: string): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const Detector = qrDetectorClass();
  if (!Detector) return null;
  return (
    <>
      <Button
        size="large"
        icon={<ScanOutlined />}
        onClick={() => setOpen(true)}
        data-testid="coupon-verify-scan"
      >
        {t("couponVerify.scan")}
      </Button>
      {open && (
        <ScanModal
          Detector={Detector}
          onClose={() => setOpen(false)}
          onCode={(text) => {
            setOpen(false);
            onCode(text);
          }}
        />
      )}
    </>
  );
}

function ScanModal({
  Detector,
  onClose,
  onCode,
}: {
  Detector: QrDetectorClass;
  onClose(): void;
  onCode(text: string): void;
}) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const found = useRef(onCode);
  found.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let live = true;
    const detector = new Detector({ formats: ["qr_code"] });
    const look = async () => {
      const element = video.current;
      if (!live || !element) return;
      try {
        const [code] = element.readyState >= 2 ? await detector.detect(element) : [];
        if (code && live) {
          found.current(code.rawValue);
          return;
        }
      } catch {
        // a frame that cannot be read yet; try the next one
      }
      timer = window.setTimeout(look, 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (media) => {
        if (!live) {
          for (const track of media.getTracks()) track.stop();
          return;
        }
        stream = media;
        if (video.current) {
          video.current.srcObject = media;
          await video.current.play();
        }
        void look();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [Detector]);

  return (
    <Modal open title={t("couponVerify.scanTitle")} onCancel={onClose} footer={null} destroyOnHidden>
      {failed ? (
        <Alert type="error" showIcon title={t("couponVerify.scanFailed")} />
      ) : (
        <video ref={video} muted playsInline style={{ width: "100%", borderRadius: 8, background: "#000" }} />
      )}
    </Modal>
  );
}
