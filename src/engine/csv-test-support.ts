// Reads back the CSV the exports write, for tests (unit and browser): RFC 4180 records (quoted
// fields, doubled quotes, commas and newlines inside quotes), rows ending in "\n". A header row
// then objects by column name, so a test names the column it checks.

/** Every record of `text` as its fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** The header and the rows as objects keyed by column; throws when a row's width differs. */
export function csvRecords(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...body] = parseCsv(text);
  const rows = body.map((r, i) => {
    if (r.length !== header.length)
      throw new Error(`row ${i + 2}: ${r.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, r[j]!]));
  });
  return { header, rows };
}
