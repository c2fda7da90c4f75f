/**
 * Renders bilan layouts into an .xlsx workbook with our own writer (core/write/xlsx): thin, no
 * number is computed here; the tool's version is named in the package's properties.
 */
import type { WorkbookLayout } from '../core/layout/sheet-layout';
import { writeXlsx } from '../core/write/xlsx/package';
import { TOOL_VERSION } from './fingerprint';

export async function renderXlsx(
  layout: WorkbookLayout,
  meta: { title: string; properties?: Readonly<Record<string, string>> },
): Promise<Uint8Array> {
  return writeXlsx(layout, { ...meta, version: TOOL_VERSION });
}
