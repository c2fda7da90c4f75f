/**
 * The files a drop or a picker gives: files as they are, folders searched through (their
 * workbooks only, Excel's « ~$ » lock files left out), as `convert` searches a folder.
 */
import { isWorkbookName, WORKBOOK_EXTENSIONS } from '../core/base/workbook-files';

/** The picker's filter. */
export const ACCEPT = WORKBOOK_EXTENSIONS.join(',');

export interface Picked {
  file: File;
  /** Where it was found: the folder's path and its name, or the file's name. */
  path: string;
}

/** Files of a picker: those of a folder (their relative path set) are filtered like a folder's. */
export function pickedFiles(list: FileList | null): Picked[] {
  const out: Picked[] = [];
  for (const file of Array.from(list ?? [])) {
    const path = file.webkitRelativePath || file.name;
    if (file.webkitRelativePath && !isWorkbookName(file.name)) continue;
    out.push({ file, path });
  }
  return sorted(out);
}

/** The files of a drop; the entries are taken at once (they expire after the event), then walked. */
export async function droppedFiles(data: DataTransfer): Promise<Picked[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) {
    loose.push(...Array.from(data.files));
  }
  const out: Picked[] = loose.map((file) => ({ file, path: file.name }));
  for (const entry of entries) {
    if (entry.isFile) out.push({ file: await fileOf(entry as FileSystemFileEntry), path: entry.name });
    else if (entry.isDirectory) out.push(...(await folderFiles(entry as FileSystemDirectoryEntry, entry.name)));
  }
  return sorted(out);
}

async function folderFiles(dir: FileSystemDirectoryEntry, path: string): Promise<Picked[]> {
  const out: Picked[] = [];
  for (const entry of await allEntries(dir)) {
    const inner = `${path}/${entry.name}`;
    if (entry.isDirectory) out.push(...(await folderFiles(entry as FileSystemDirectoryEntry, inner)));
    else if (entry.isFile && isWorkbookName(entry.name)) {
      out.push({ file: await fileOf(entry as FileSystemFileEntry), path: inner });
    }
  }
  return out;
}

/** A folder's entries: the reader gives them by batches until an empty one. */
async function allEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

const byPath = new Intl.Collator('fr', { numeric: true });

function sorted(files: Picked[]): Picked[] {
  return files.sort((a, b) => byPath.compare(a.path, b.path));
}
