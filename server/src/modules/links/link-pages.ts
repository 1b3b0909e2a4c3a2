const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC",sans-serif;margin:0;padding:48px 20px;
background:#f5f5f5;color:#222;text-align:center}main{max-width:360px;margin:auto;background:#fff;
border-radius:12px;padding:28px 20px;box-shadow:0 1px 4px #0001}h1{font-size:20px;margin:0 0 8px}
p{color:#666;font-size:14px;margin:4px 0}input,button{font-size:16px;width:100%;box-sizing:border-box;
padding:10px;margin-top:12px;border-radius:8px;border:1px solid #ccc}button{background:#1677ff;color:#fff;
border:0}.error{color:#d4380d}</style></head><body><main>${body}</main></body></html>`;
}

/** The page of an unknown slug (404) or of an expired or archived link (410). */
export function unavailablePage(kind: "missing" | "expired"): string {
  return kind === "missing"
    ? page("链接不存在 · Link not found", "<h1>链接不存在</h1><p>Link not found</p>")
    : page("链接已失效 · Link expired", "<h1>链接已失效</h1><p>This link has expired</p>");
}

/** The small password form of a protected link; it posts back to the same URL. */
export function passwordPage(action: string, wrong: boolean): string {
  return page(
    "需要密码 · Password required",
    `<h1>需要密码</h1><p>Password required</p>
<form method="post" action="${escapeHtml(action)}">
<input type="password" name="password" autocomplete="off" autofocus required aria-label="password" placeholder="密码 / Password">
${wrong ? '<p class="error" role="alert">密码不正确 · Wrong password</p>' : ""}
<button type="submit">继续 · Continue</button></form>`,
  );
}
