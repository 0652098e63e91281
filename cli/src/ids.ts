// Ids, read one way at the edge: from the command line and the sheet (text), and from Kantata,
// whose answers may carry a foreign key as a number or as a string of digits. Inside the command
// line every id is a number, so `===` compares ids as ids.

/** Kantata's ids are 32-bit: the spec's int32. */
export const maxId = 2_147_483_647;

/** `text` as an id, or what is wrong with it (a phrase that follows the value's name). */
export function parseId(text: string): number | string {
  if (!/^\d+$/.test(text) || /^0+$/.test(text)) return `${JSON.stringify(text)} is not a positive whole number`;
  const id = Number(text);
  return id > maxId ? `${JSON.stringify(text)} is too large: ids are at most ${maxId}` : id;
}

/** An id as Kantata sent it (a number or a string of digits), as a number; NaN when it is neither. */
export const asId = (value: unknown): number =>
  typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
