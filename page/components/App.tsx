import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_PALETTE, type Palette } from '../../core/base/status';
import { count, typeset } from '../../core/base/typography';
import { DEFAULT_MAX_UNCOMPRESSED_BYTES } from '../../core/read/xlsx/safety';
import type { TaughtColumns } from '../../core/read/taught-columns';
import type { Picked } from '../gather';
import { type Job, WorkerPool } from '../jobs';
import type { PageReadOptions, WorkerAnswer, WorkerRequest } from '../protocol';
import { saveFile } from '../save';
import { type DownloadKind, type PageFile } from '../state';
import { TOOL_VERSION } from '../version';
import { DropZone } from './DropZone';
import { FileCard } from './FileCard';
import { PalettePanel } from './PalettePanel';

const useStyles = makeStyles({
  root: {
    maxWidth: '980px',
    margin: '0 auto',
    padding: '20px 16px 40px',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
    fontFamily: tokens.fontFamilyBase,
  },
  header: { display: 'flex', flexDirection: 'column', gap: '6px' },
  title: { margin: 0 },
  lead: { margin: 0 },
  files: { display: 'flex', flexDirection: 'column', gap: '14px' },
  synthesis: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '12px 16px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  hint: { margin: 0, color: tokens.colorNeutralForeground2 },
  footer: { color: tokens.colorNeutralForeground2 },
});

/** Files larger than this are refused before they are read, as the command does (core/node/files.ts). */
const MAX_FILE_BYTES = DEFAULT_MAX_UNCOMPRESSED_BYTES;

/** Workers at once: one processor is left to the page, so that it answers while files are read. */
function workerCount(): number {
  return Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
}

/** `?delai=N` (seconds) sets the time limit per file; the command's by default. */
function timeLimit(defaultSeconds: number): number {
  const asked = Number(new URLSearchParams(window.location.search).get('delai'));
  return Number.isInteger(asked) && asked >= 1 && asked <= 3600 ? asked : defaultSeconds;
}

export function App(props: { defaultTimeoutS: number }) {
  const styles = useStyles();
  const pool = useMemo(() => new WorkerPool(workerCount(), timeLimit(props.defaultTimeoutS)), [props.defaultTimeoutS]);
  // A worker started at once: its code is ready when the first file comes.
  useEffect(() => pool.warm(), [pool]);
  const [files, setFiles] = useState<PageFile[]>([]);
  const [palette, setPalette] = useState<Palette | null>(null);
  const [synthesisBusy, setSynthesisBusy] = useState<string | null>(null);
  const [synthesisNotice, setSynthesisNotice] = useState<string | null>(null);
  const nextId = useRef(1);
  /** The files as dropped: each worker reads the file itself, nothing is copied here. */
  const blobs = useRef(new Map<number, File>());
  const reads = useRef(new Map<number, Job>());
  const filesRef = useRef(files);
  filesRef.current = files;
  const paletteRef = useRef(palette);
  paletteRef.current = palette;

  const update = useCallback((id: number, change: (f: PageFile) => PageFile) => {
    setFiles((all) => all.map((f) => (f.id === id ? change(f) : f)));
  }, []);

  /** Reads (again) a file in a worker of its own; a newer reading of the same file replaces it. */
  const read = useCallback(
    (id: number, name: string, options: PageReadOptions, forms: 'doubtful' | 'all') => {
      const file = blobs.current.get(id);
      if (!file) return;
      reads.current.get(id)?.cancel();
      const job = pool.run({ kind: 'read', name, file, options, forms }, name);
      reads.current.set(id, job);
      update(id, (f) => ({ ...f, phase: 'reading', notice: null }));
      void job.promise.then((answer: WorkerAnswer) => {
        if (reads.current.get(id) !== job) return;
        reads.current.delete(id);
        if (answer.ok && answer.kind === 'read') {
          update(id, (f) => ({ ...f, phase: 'read', view: answer.view, error: null }));
        } else if (!answer.ok && answer.code !== 'CANCELLED') {
          update(id, (f) => ({
            ...f,
            phase: f.view ? 'read' : 'failed',
            error: { code: answer.code, message: answer.message },
          }));
        }
      });
    },
    [pool, update],
  );

  const optionsOf = (f: Pick<PageFile, 'columns'>, chosen: Palette | null): PageReadOptions => ({
    ...(chosen ? { palette: chosen } : {}),
    ...(f.columns ? { columns: f.columns } : {}),
  });

  const addFiles = useCallback(
    (picked: Picked[]) => {
      for (const { file, path } of picked) {
        // The same file dropped again is read again, in its place.
        const same = filesRef.current.find((f) => f.path === path);
        const id = same?.id ?? nextId.current++;
        const entry: PageFile = {
          id,
          name: file.name,
          path,
          size: file.size,
          phase: 'reading',
          view: null,
          error: null,
          columns: undefined,
          forms: 'doubtful',
          openChoosers: [],
          making: [],
          notice: null,
        };
        setFiles((all) => (same ? all.map((f) => (f.id === id ? entry : f)) : [...all, entry]));
        if (file.size > MAX_FILE_BYTES) {
          update(id, (f) => ({
            ...f,
            phase: 'failed',
            error: {
              code: 'TOO_LARGE',
              message:
                `« ${file.name} » pèse ${Math.round(file.size / 1048576)} Mo, au-delà de la limite de ${Math.round(MAX_FILE_BYTES / 1048576)} Mo. ` +
                'Un tableau de suivi tient en quelques Mo : enregistrez une copie sans les images ni les feuilles inutiles.',
            },
          }));
          continue;
        }
        blobs.current.set(id, file);
        read(id, file.name, optionsOf({ columns: undefined }, paletteRef.current), 'doubtful');
      }
    },
    [read, update],
  );

  const remove = (id: number) => {
    reads.current.get(id)?.cancel();
    reads.current.delete(id);
    blobs.current.delete(id);
    setFiles((all) => all.filter((f) => f.id !== id));
  };

  const choose = (file: PageFile, sheet: string, taught: TaughtColumns) => {
    const columns = { sheet, taught };
    update(file.id, (f) => ({ ...f, columns, forms: 'all' }));
    read(file.id, file.name, optionsOf({ columns }, palette), 'all');
  };

  const openChooser = (file: PageFile, sheet: string) => {
    update(file.id, (f) => ({ ...f, openChoosers: [...f.openChoosers, sheet], forms: 'all' }));
    const hasForm = file.view?.sheets.some((s) => s.gridName === sheet && s.form !== null);
    if (!hasForm) read(file.id, file.name, optionsOf(file, palette), 'all');
  };

  const applyPalette = (chosen: Palette | null) => {
    setPalette(chosen);
    for (const f of filesRef.current) {
      if (blobs.current.has(f.id)) read(f.id, f.name, optionsOf(f, chosen), f.forms);
    }
  };

  /** Runs a request that makes a file, and hands the file to the browser. */
  const make = async (request: WorkerRequest, shown: string, files = 1) => {
    const answer = await pool.run(request, shown, files).promise;
    if (answer.ok && answer.kind === 'file') {
      saveFile(answer.file);
      return { ok: true as const, name: answer.file.name, notes: answer.file.notes ?? [] };
    }
    return { ok: false as const, message: answer.ok ? 'Réponse inattendue.' : answer.message };
  };

  const download = async (file: PageFile, kind: DownloadKind) => {
    const blob = blobs.current.get(file.id);
    if (!blob) return;
    update(file.id, (f) => ({ ...f, making: [...f.making, kind], notice: null }));
    const options = optionsOf(file, palette);
    const request: WorkerRequest =
      kind === 'sync'
        ? { kind: 'sync', name: file.name, file: blob, options }
        : { kind: 'bilan', name: file.name, file: blob, options, format: kind };
    const made = await make(request, file.name);
    update(file.id, (f) => ({
      ...f,
      making: f.making.filter((k) => k !== kind),
      notice: made.ok
        ? {
            intent: 'success',
            title: kind === 'sync' ? 'Classeur mis à jour' : 'Téléchargement terminé',
            text:
              `« ${made.name} » est dans vos téléchargements.` +
              (made.notes.length > 0 ? ` ${made.notes.join(' ')}` : ''),
          }
        : { intent: 'error', title: 'Téléchargement impossible', text: made.message },
    }));
  };

  const settled = files.filter((f) => f.phase !== 'reading');
  const readFiles = files.filter((f) => f.view !== null && f.phase === 'read');
  const allSettled = files.length > 0 && settled.length === files.length;

  const synthesis = async (format: 'xlsx' | 'html') => {
    // Each file read again for its line, as convert's synthesisOf (cli/synthesis.ts) names it: its path as given.
    const chosen = readFiles.flatMap((f) => {
      const file = blobs.current.get(f.id);
      return file ? [{ path: f.path, name: f.name, file, options: optionsOf(f, palette) }] : [];
    });
    const failures = files
      .filter((f) => f.phase === 'failed')
      .map((f) => ({ file: f.path, code: f.error?.code ?? 'INTERNAL', message: f.error?.message ?? '' }));
    setSynthesisBusy(format);
    setSynthesisNotice(null);
    const made = await make(
      { kind: 'synthesis', files: chosen, failures, format, ...(palette ? { palette } : {}) },
      'synthese-contrats',
      chosen.length,
    );
    setSynthesisBusy(null);
    setSynthesisNotice(
      made.ok ? `« ${made.name} » est dans vos téléchargements : ${made.notes.join(' ')}` : made.message,
    );
  };

  const shownPalette = palette ?? readFiles[0]?.view?.palette ?? DEFAULT_PALETTE;
  const reading = files.length - settled.length;
  const failed = files.filter((f) => f.phase === 'failed').length;
  const progress =
    files.length === 0
      ? ''
      : reading > 0
        ? `Lecture en cours : ${count(settled.length, 'fichier lu', 'fichiers lus')} sur ${files.length}.`
        : `${count(files.length - failed, 'fichier lu', 'fichiers lus')}` +
          (failed > 0 ? `, ${count(failed, 'fichier illisible', 'fichiers illisibles')}.` : '.');

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <Title2 as="h1" className={styles.title}>
          Bilan des contrats locaux de santé
        </Title2>
        <Body1 as="p" className={styles.lead}>
          {typeset(
            'Déposez vos tableaux de suivi : la page montre comment chaque tableau est lu, compte les actions par état, ' +
              'signale ce qui est à vérifier, et prépare les bilans (Excel, Word, page web) et votre classeur mis à jour.',
          )}
        </Body1>
        <MessageBar intent="info" data-testid="privacy">
          <MessageBarBody>
            <MessageBarTitle>Vos fichiers ne quittent pas cet ordinateur</MessageBarTitle>
            {typeset(
              'Tout se fait dans ce navigateur, sans connexion : la page n’envoie rien, nulle part (elle l’interdit elle-même). ' +
                'Vous pouvez l’utiliser hors ligne, et la transmettre à vos collègues comme un simple fichier.',
            )}
          </MessageBarBody>
        </MessageBar>
      </header>
      <DropZone onFiles={addFiles} />
      <Accordion collapsible>
        <AccordionItem value="palette">
          <AccordionHeader>Couleurs des états{palette ? ' (choisies ici)' : ''}</AccordionHeader>
          <AccordionPanel>
            <PalettePanel
              palette={shownPalette}
              chosen={palette !== null}
              onApply={(p) => applyPalette(p)}
              onReset={() => applyPalette(null)}
            />
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <div aria-live="polite" data-testid="progress">
        {progress ? <Body1>{typeset(progress)}</Body1> : null}
      </div>
      {files.length >= 2 ? (
        <section className={styles.synthesis} aria-labelledby="synthesis-title" data-testid="synthesis">
          <Subtitle1 as="h2" id="synthesis-title" style={{ margin: 0 }}>
            Synthèse des contrats
          </Subtitle1>
          <Caption1 as="p" className={styles.hint}>
            {typeset(
              allSettled
                ? 'Une ligne par contrat, comme la synthèse de cls-bilan convert : les fichiers annuels d’un même contrat ' +
                    'sont réunis, une copie n’est comptée qu’une fois' +
                    (failed > 0
                      ? `, et ${count(failed, 'fichier non lu est listé', 'fichiers non lus sont listés')}`
                      : '') +
                    '.'
                : 'Disponible quand tous les fichiers sont lus.',
            )}
          </Caption1>
          <div className={styles.toolbar}>
            {(['xlsx', 'html'] as const).map((format) => (
              <Button
                key={format}
                data-download={`synthesis-${format}`}
                disabled={!allSettled || readFiles.length === 0 || synthesisBusy !== null}
                icon={synthesisBusy === format ? <Spinner size="extra-tiny" /> : undefined}
                onClick={() => void synthesis(format)}
              >
                {format === 'xlsx' ? 'Synthèse Excel (.xlsx)' : 'Synthèse web (.html)'}
              </Button>
            ))}
          </div>
          {synthesisNotice ? (
            <Caption1 as="p" className={styles.hint} data-testid="synthesis-notice">
              {typeset(synthesisNotice)}
            </Caption1>
          ) : null}
        </section>
      ) : null}
      <div className={styles.files}>
        {files.map((f) => (
          <FileCard
            key={f.id}
            file={f}
            onChoose={(sheet, taught) => choose(f, sheet, taught)}
            onOpenChooser={(sheet) => openChooser(f, sheet)}
            onDownload={(kind) => void download(f, kind)}
            onRemove={() => remove(f.id)}
          />
        ))}
      </div>
      <Caption1 as="p" className={styles.footer}>
        {typeset(
          `cls-bilan ${TOOL_VERSION} — page autonome : elle fonctionne sans installation ni connexion, dans Firefox, Chrome ou Edge. ` +
            'Les mêmes lectures, contrôles et bilans que le complément Excel et la commande cls-bilan.',
        )}
      </Caption1>
    </main>
  );
}
