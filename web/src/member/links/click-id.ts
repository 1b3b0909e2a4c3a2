/** The short-link click id (?qz_click=) of a page's query string, when well-formed. */
export function clickIdOf(search: string): string | null {
  const id = new URLSearchParams(search).get("qz_click");
  return id && /^[A-Za-z0-9]{16}$/u.test(id) ? id : null;
}
