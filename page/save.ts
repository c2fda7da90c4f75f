/** A download: the bytes made by a worker handed to the browser as a file, nothing sent anywhere. */
import type { MadeFile } from './protocol';

export function saveFile(file: MadeFile): void {
  const part: BlobPart = typeof file.data === 'string' ? file.data : (file.data as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file by then; the URL is freed later so that a slow save still finds it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
