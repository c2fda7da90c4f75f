/**
 * The reader with the host's inflater (Node's zlib, as the CLI's workers install it) reads every
 * workbook as fflate does, and refuses the same ones with the same errors: a part past the byte
 * budget (TOO_LARGE, whatever size the zip declares), a damaged deflate stream (TRUNCATED_ZIP),
 * XML damaged before the damaged stream (XLSX_INVALID), and the fuzz corpus's mutations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readWorkbook } from '../core/read/xlsx/stream-reader';
import { useHostInflate } from '../core/read/xlsx/zip-reader';
import { nodeInflate } from '../core/node/zlib';
import { hostileWorkbooks, mutatedWorkbooks, prng } from '../scripts/fuzz-corpus';

const SAMPLES = join(__dirname, '..', 'samples');

/** What reading gives: the grids, or the error's code. */
async function outcome(bytes: Uint8Array, name: string, host: boolean): Promise<string> {
  useHostInflate(host ? nodeInflate : null);
  try {
    return JSON.stringify(await readWorkbook(bytes, name));
  } catch (e) {
    return `error ${(e as { code?: string }).code ?? String(e)}`;
  } finally {
    useHostInflate(null);
  }
}

async function expectSameWithHost(bytes: Uint8Array, name: string): Promise<string> {
  const plain = await outcome(bytes, name, false);
  expect(await outcome(bytes, name, true)).toBe(plain);
  return plain;
}

const sources = [SAMPLES, join(SAMPLES, 'ods')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx') || f.endsWith('.ods'))
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) })),
);

test('the samples read the same', async () => {
  for (const { name, bytes } of sources) expect(await expectSameWithHost(bytes, name)).not.toMatch(/^error/);
});

test('a part past the budget: TOO_LARGE; a damaged stream: TRUNCATED_ZIP; bad XML first: XLSX_INVALID', async () => {
  const bomb = hostileWorkbooks().find((c) => c.name === 'bombe-sous-declaree.xlsx');
  expect(bomb).toBeDefined();
  if (bomb) expect(await expectSameWithHost(bomb.bytes, bomb.name)).toBe('error TOO_LARGE');
  // A small budget, against a workbook that reads.
  const sample = sources.find((s) => s.name.endsWith('.xlsx'));
  if (sample) {
    useHostInflate(nodeInflate);
    await expect(readWorkbook(sample.bytes, sample.name, { maxInflatedBytes: 5000 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    useHostInflate(null);
  }
  // The sheet's deflate stream cut short, after bytes that are already not well-formed XML, and after good ones.
  // Text that does not compress much, so that the stream is inflated in several steps and the XML
  // before the damage is read first.
  const random = prng(7);
  const rows: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const text = Array.from({ length: 12 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    rows.push(`<row><c t="inlineStr"><is><t>${text}</t></is></c></row>`);
  }
  const sheet = (prefix: string) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${prefix}${rows.join('')}</sheetData></worksheet>`;
  for (const [prefix, code] of [
    ['', 'error TRUNCATED_ZIP'],
    ['<bad', 'error XLSX_INVALID'],
  ]) {
    const bytes = zipSync(
      {
        '[Content_Types].xml': strToU8(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        ),
        '_rels/.rels': strToU8(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        'xl/workbook.xml': strToU8(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        'xl/_rels/workbook.xml.rels': strToU8(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheet1.xml"/></Relationships>',
        ),
        'xl/sheet1.xml': strToU8(sheet(prefix)),
      },
      { level: 0 },
    );
    // Deflate the sheet ourselves and cut its stream in the middle, keeping the zip's structure.
    const damaged = cutSheetStream(bytes, 'xl/sheet1.xml');
    expect(await expectSameWithHost(damaged, 'coupé.xlsx')).toBe(code);
  }
});

test('the fuzz corpus: the same readings and the same errors', async () => {
  for (const c of [...mutatedWorkbooks(sources, Number(process.env.FUZZ_COUNT ?? 200)), ...hostileWorkbooks()]) {
    await expectSameWithHost(c.bytes, c.name);
  }
});

/**
 * The package with `part` stored deflated, its deflate stream cut to half (the sizes in its
 * headers kept consistent): fflate and zlib both see a stream that ends too soon.
 */
function cutSheetStream(stored: Uint8Array, part: string): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  // Re-zip every part, the sheet deflated.
  for (const [name, data] of Object.entries(unzipSync(stored))) files[name] = [data, { level: name === part ? 6 : 0 }];
  const zipped = zipSync(files);
  // Find the sheet's local header, and cut its compressed data by overwriting its second half with
  // bytes that end the stream early: a stored block header claiming more data than there is.
  const view = new DataView(zipped.buffer, zipped.byteOffset, zipped.byteLength);
  const name = strToU8(part);
  for (let at = 0; at + 30 < zipped.length; at++) {
    if (view.getUint32(at, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(at + 26, true);
    const extra = view.getUint16(at + 28, true);
    const candidate = zipped.subarray(at + 30, at + 30 + nameLength);
    if (candidate.length !== name.length || !candidate.every((b, i) => b === name[i])) continue;
    const size = view.getUint32(at + 18, true);
    const start = at + 30 + nameLength + extra;
    const out = zipped.slice();
    out.fill(0xff, start + Math.floor(size / 2), start + size);
    return out;
  }
  throw new Error(`${part} not found`);
}
