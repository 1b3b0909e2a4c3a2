/** Escapes LIKE's wildcards so user text matches literally (PostgreSQL's default escape is a backslash). */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
