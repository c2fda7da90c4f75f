/** Worker thread: converts the files the pool sends, one at a time. */
import { parentPort } from 'node:worker_threads';
import { convertFile, type ConvertTask } from './convert-file';

parentPort?.on('message', (task: ConvertTask) => {
  convertFile(task).then(
    (result) => parentPort?.postMessage(result),
    (e: unknown) =>
      parentPort?.postMessage({
        input: task.input,
        ok: false,
        outputs: [],
        error: { code: 'INTERNAL', message: `Erreur inattendue : ${e instanceof Error ? e.message : String(e)}` },
        sheets: [],
      }),
  );
});
