/**
 * Node-only: files and folders. The rest of core/ never imports this module (the add-in bundles core/).
 */
import { isWorkbookName } from '../base/workbook-files';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { ClsError } from '../base/errors';
import { DEFAULT_MAX_UNCOMPRESSED_BYTES } from '../read/xlsx/safety';

/** A workbook file larger than this is refused before it is read (its unpacked size is checked later too). */
export const MAX_FILE_BYTES = DEFAULT_MAX_UNCOMPRESSED_BYTES;

/** Reads a whole file into memory with a French error when it cannot be. */
export async function readInputFile(path: string): Promise<Uint8Array> {
  const name = basename(path);
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) {
      throw new ClsError({
        code: 'FILE_UNREADABLE',
        file: name,
        message: `« ${path} » est un dossier, pas un classeur.`,
      });
    }
    // A FIFO, a device or a socket named .xlsx would block or never end: only regular files are read.
    if (!s.isFile()) {
      throw new ClsError({
        code: 'FILE_UNREADABLE',
        file: name,
        message:
          `« ${path} » n'est pas un fichier ordinaire (tube, périphérique ou lien vers l'un d'eux) : il n'est pas lu. ` +
          `Donnez le chemin du classeur lui-même.`,
      });
    }
    size = s.size;
  } catch (e) {
    if (e instanceof ClsError) throw e;
    throw new ClsError({
      code: 'FILE_NOT_FOUND',
      file: name,
      message: `Fichier introuvable : « ${path} ». Vérifiez le chemin et le nom du fichier.`,
    });
  }
  if (size > MAX_FILE_BYTES) {
    throw new ClsError({
      code: 'TOO_LARGE',
      file: name,
      message:
        `« ${name} » pèse ${Math.round(size / 1048576)} Mo, au-delà de la limite de ${Math.round(MAX_FILE_BYTES / 1048576)} Mo. ` +
        `Un tableau de suivi tient en quelques Mo : enregistrez une copie sans les images ni les feuilles inutiles.`,
    });
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    throw new ClsError({
      code: 'FILE_UNREADABLE',
      file: name,
      message: `Impossible de lire « ${path} » (droits d'accès ou fichier ouvert ailleurs ?). Fermez-le ou copiez-le, puis relancez.`,
    });
  }
}

export interface InputFile {
  path: string;
  /** Path under the folder it was found in (the file name for a file given directly). */
  relative: string;
  /** Set when the entry could not be looked at (a folder without read permission): reported, not read. */
  error?: ClsError;
}

function unreadableFolder(dir: string): ClsError {
  return new ClsError({
    code: 'FILE_UNREADABLE',
    file: basename(dir),
    message:
      `Le dossier « ${dir} » n'a pas pu être ouvert (droits d'accès ?) : ses classeurs ne sont pas lus. ` +
      `Les autres fichiers sont traités ; donnez-vous le droit de lecture sur ce dossier, puis relancez.`,
  });
}

/** Files and folders → the workbooks (folders searched recursively, Excel's « ~$ » lock files skipped). */
export async function expandInputs(inputs: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = (await stat(input)).isDirectory();
    } catch {
      out.push({ path: input, relative: basename(input) }); // reported as not found when read
      continue;
    }
    if (isDir) {
      for (const found of await workbooksUnder(input)) {
        out.push({ ...found, relative: relative(input, found.path) || basename(found.path) });
      }
    } else out.push({ path: input, relative: basename(input) });
  }
  return out;
}

/** The workbooks under a folder, and the subfolders that could not be opened (reported, not fatal). */
async function workbooksUnder(dir: string): Promise<InputFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [{ path: dir, relative: basename(dir), error: unreadableFolder(dir) }];
  }
  entries.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const out: InputFile[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await workbooksUnder(full)));
    else if (isWorkbookName(entry.name)) {
      out.push({ path: full, relative: full });
    }
  }
  return out;
}
