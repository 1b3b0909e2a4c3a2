import QRCode from "qrcode";

/** The live code's URL as a PNG QR image. */
export function renderQrPng(url: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 2, width });
}

export function renderQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

/** The QR's dark modules as one SVG path, in module units. */
function qrPath(url: string): { size: number; d: string } {
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  let d = "";
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(x, y)) d += `M${x} ${y}h1v1h-1z`;
    }
  }
  return { size, d };
}

export type PosterInput = { shopName: string; codeName: string; url: string; line: string };

/**
 * A printable A4 poster (210 × 297 units = mm): shop name, the code's name, the QR and a line of
 * text. SVG only: a PNG would need a rasteriser package; browsers print the SVG at A4.
 */
export function renderPosterSvg(input: PosterInput): string {
  const { size, d } = qrPath(input.url);
  const qrWidth = 130;
  const scale = qrWidth / size;
  const x = (210 - qrWidth) / 2;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297">
  <style>text{font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;text-anchor:middle}@page{size:A4;margin:0}</style>
  <rect width="210" height="297" fill="#ffffff"/>
  <rect x="0" y="0" width="210" height="56" fill="#1677ff"/>
  <text x="105" y="34" font-size="14" font-weight="700" fill="#ffffff">${escapeXml(input.shopName)}</text>
  <text x="105" y="80" font-size="11" fill="#1f1f1f">${escapeXml(input.codeName)}</text>
  <rect x="${x - 6}" y="94" width="${qrWidth + 12}" height="${qrWidth + 12}" rx="4" fill="#ffffff" stroke="#d9d9d9" stroke-width="0.6"/>
  <g transform="translate(${x} 100) scale(${scale})"><path d="${d}" fill="#000000"/></g>
  <text x="105" y="254" font-size="8" fill="#434343">${escapeXml(input.line)}</text>
  <text x="105" y="284" font-size="4" fill="#8c8c8c">${escapeXml(input.url)}</text>
</svg>
`;
}
