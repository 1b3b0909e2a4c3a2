import type { Locator, Page } from "playwright-core";

/**
 * Picks `label` in an antd Select (with `partial`, the option whose text contains it) and waits
 * until the select shows it. The option is looked up in
 * this select's own dropdown (the one its input controls), never in another dropdown still closing,
 * and a pick that did not take (a click landing while the list re-rendered) is tried again.
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  label: string,
  { search = false, partial = false }: { search?: boolean; partial?: boolean } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await select.click();
    const input = select.locator("input[aria-controls]");
    await input.waitFor({ state: "attached" });
    const listId = await input.getAttribute("aria-controls");
    if (search) await page.keyboard.type(label);
    const dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`);
    const options = partial
      ? dropdown.locator(".ant-select-item-option", { hasText: label })
      : dropdown.locator(`.ant-select-item-option[title="${label}"]`);
    await options.first().click();
    try {
      await select.filter({ hasText: label }).waitFor({ timeout: 3_000 });
      await dropdown.waitFor({ state: "hidden" });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
    }
  }
}
