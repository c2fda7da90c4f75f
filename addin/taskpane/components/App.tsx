/// <reference types="office-js" />
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Divider,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Switch,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { columnForm } from '../../../core/edit/column-choice';
import { type Diagnostic, incompleteNotice } from '../../../core/check/diagnostics';
import type { LabelChange } from '../../../core/edit/label-fixes';
import type { Palette } from '../../../core/base/status';
import { frenchMessage, isOtherWorkbookInFront } from '../../excel/errors';
import { StateCellWatch } from '../../excel/live-events';
import type { LiveEvent } from '../../excel/own-writes';
import {
  type ActiveAnalysis,
  addStatusDropdown,
  analyseActiveSheet,
  applyLabelChanges,
  colourStatuses,
  createBilanSheet,
  restoreFills,
  savePalette,
  saveTaughtColumns,
  selectCell,
  updateLegendCounts,
  watchWorkbook,
  writeLegendAtSelection,
} from '../../excel/operations';
import { ColumnsForm } from './ColumnsForm';
import { DiagnosticList } from './DiagnosticList';
import { FixesDialog } from './FixesDialog';
import { LegendDialog } from './LegendDialog';
import type { Notice } from './notice';
import { SettingsPanel } from './SettingsPanel';
import { StatusSummary } from './StatusSummary';
import { formatTaughtColumns, type TaughtColumns } from '../../../core/read/taught-columns';
import { typeset } from '../../../core/base/typography';

/** Wait after the last change before analysing again. */
const LIVE_DEBOUNCE_MS = 800;

const useStyles = makeStyles({
  root: { padding: '12px', display: 'flex', flexDirection: 'column', gap: '10px', fontFamily: tokens.fontFamilyBase },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: '6px' },
  busy: { display: 'flex', alignItems: 'center', gap: '8px' },
  header: { display: 'flex', flexDirection: 'column', gap: '2px' },
  groupLabel: { margin: '0 0 -4px 0', color: tokens.colorNeutralForeground2 },
  hint: { margin: 0, color: tokens.colorNeutralForeground2 },
  footer: { marginTop: '4px' },
});

export function App() {
  const styles = useStyles();
  const [state, setState] = useState<ActiveAnalysis | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [live, setLive] = useState(true);
  const [fixes, setFixes] = useState<LabelChange[] | null>(null);
  const [legendOpen, setLegendOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const busyRef = useRef(false);

  const stateCells = useRef(new StateCellWatch());

  /**
   * Runs one pane action: a spinner while it runs, a French message when Excel refuses. `live`: a
   * re-analysis nobody clicked for; while another workbook is in front, Excel refuses it (office-js
   * #6365, #5319): it stays quiet, and is done again when the workbook comes back (Workbook.onActivated).
   */
  const act = useCallback(async <T,>(label: string, work: () => Promise<T>, live = false): Promise<T | undefined> => {
    busyRef.current = true;
    setBusy(label);
    try {
      return await work();
    } catch (e) {
      if (!(live && isOtherWorkbookInFront(e))) {
        setNotice({ intent: 'error', title: 'Opération impossible', text: frenchMessage(e) });
      }
      return undefined;
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  }, []);

  const analyse = useCallback(
    async (quiet = false, live = false) => {
      const result = await act('Analyse de la feuille…', () => analyseActiveSheet(), live);
      if (!result) return undefined;
      setState(result);
      if (result.noTable && result.grid.generated) {
        if (!quiet) setNotice({ intent: 'info', title: 'Feuille de bilan générée', text: result.noTable });
      } else if (result.noTable)
        setNotice({ intent: 'warning', title: 'Pas de tableau de suivi', text: result.noTable });
      else if (!quiet) setNotice(null);
      return result;
    },
    [act],
  );

  // The state cells of the analysed sheet, for the dropdown picks Excel on the web does not report.
  useEffect(() => {
    stateCells.current.watch(state?.sheetId ?? '', state?.dropdownRanges ?? []);
  }, [state]);

  // Live re-analysis: debounced, only once a first analysis ran; watchWorkbook leaves out the
  // add-in's own writes (excel/own-writes.ts).
  const analysed = state !== null;
  useEffect(() => {
    if (!live || !analysed) return undefined;
    let unsubscribe: (() => Promise<void>) | null = null;
    let cancelled = false;
    const onChange = (event: LiveEvent) => {
      if (event.kind === 'selectionChanged' && !stateCells.current.leaves(event.worksheetId, event.address)) return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (!busyRef.current) void analyse(true, true);
      }, LIVE_DEBOUNCE_MS);
    };
    watchWorkbook(onChange)
      .then((remove) => {
        if (cancelled) void remove();
        else unsubscribe = remove;
      })
      .catch(() => setLive(false));
    return () => {
      cancelled = true;
      if (timer.current) clearTimeout(timer.current);
      if (unsubscribe) void unsubscribe();
    };
  }, [live, analysed, analyse]);

  const colour = async () => {
    const r = await act('Coloration des états…', () => colourStatuses());
    if (!r) return;
    setState(r.state);
    setNotice({
      intent: 'success',
      title: 'États colorés',
      text:
        `${r.cells} cellule${r.cells > 1 ? 's' : ''} d’état colorée${r.cells > 1 ? 's' : ''} avec la palette. ` +
        (r.saved
          ? 'Leurs couleurs d’origine sont enregistrées dans le classeur : « Restaurer les couleurs d’origine » les remet.'
          : 'Les couleurs d’origine enregistrées à la première coloration sont conservées.'),
    });
  };

  const restore = async () => {
    const r = await act('Restauration des couleurs…', () => restoreFills());
    if (!r) return;
    const n = r.changed.length;
    const changed =
      n === 0
        ? ''
        : ` ${n} cellule${n > 1 ? 's ont' : ' a'} changé depuis la coloration (lignes triées, insérées ou ` +
          `supprimées, couleur changée à la main) : ${n > 1 ? 'elles n’ont' : 'elle n’a'} pas été ` +
          `touchée${n > 1 ? 's' : ''} (${r.changed.slice(0, 8).join(', ')}${n > 8 ? '…' : ''}).`;
    setNotice({
      intent: n === 0 ? 'success' : 'warning',
      title: 'Couleurs d’origine restaurées',
      text: `${r.cells} cellule${r.cells > 1 ? 's ont retrouvé leur' : ' a retrouvé sa'} couleur d’origine.${changed}`,
    });
    await analyse(true);
  };

  const previewFixes = async () => {
    const fresh = await analyse(true);
    if (fresh?.analysis) setFixes(fresh.labelChanges);
  };

  const applyFixes = async () => {
    const changes = fixes ?? [];
    setFixes(null);
    const n = await act('Correction des libellés…', () => applyLabelChanges(changes));
    if (n === undefined) return;
    setNotice({
      intent: 'success',
      title: 'Libellés corrigés',
      text: `${n} cellule${n > 1 ? 's' : ''} modifiée${n > 1 ? 's' : ''}.`,
    });
    await analyse(true);
  };

  const dropdown = async () => {
    const ranges = await act('Ajout de la liste déroulante…', () => addStatusDropdown());
    if (!ranges) return;
    setNotice({
      intent: 'success',
      title: 'Liste déroulante ajoutée',
      text: `Les cellules ${ranges.join(', ')} proposent désormais les états de référence ; une autre saisie est refusée avec un message.`,
    });
  };

  const writeLegend = async () => {
    setLegendOpen(false);
    const r = await act('Écriture de la légende…', () => writeLegendAtSelection());
    if (!r) return;
    setNotice({
      intent: r.readAsLegend ? 'success' : 'warning',
      title: 'Légende écrite',
      text: r.readAsLegend
        ? `Légende écrite en ${r.address}, avec les nombres d’actions par état.`
        : `Légende écrite en ${r.address}. Elle n’est pas au-dessus du tableau : elle ne sera pas lue comme la légende de la feuille.`,
    });
    await analyse(true);
  };

  const updateCounts = async () => {
    setLegendOpen(false);
    const n = await act('Mise à jour de la légende…', () => updateLegendCounts(state?.legendUpdates ?? []));
    if (n === undefined) return;
    setNotice({ intent: 'success', title: 'Légende à jour', text: `${n} nombre${n > 1 ? 's' : ''} mis à jour.` });
    await analyse(true);
  };

  const bilan = async () => {
    const r = await act('Création du bilan…', () => createBilanSheet());
    if (!r) return;
    // Excel now shows the bilan sheet: the pane follows it.
    await analyse(true);
    const where = r.refreshed ? 'La feuille a été mise à jour à sa place' : 'Une nouvelle feuille a été ajoutée';
    setNotice({
      intent: 'success',
      title: r.refreshed ? `Feuille « ${r.sheetName} » mise à jour` : `Feuille « ${r.sheetName} » créée`,
      text:
        `${where} : ` +
        (r.chart
          ? 'le bilan par action et le graphique des états par année.'
          : 'le bilan par action (le graphique par année demande plusieurs feuilles annuelles).') +
        ' Un nouveau clic sur «\u00a0Bilan\u00a0» la met à jour, sans la dupliquer.',
    });
  };

  const select = (d: Diagnostic) => {
    if (d.cell) void act('Sélection…', () => selectCell(d.sheet, d.cell ?? 'A1'));
  };

  const saveSettings = async (palette: Palette) => {
    const done = await act('Enregistrement de la palette…', async () => {
      await savePalette(palette);
      return true;
    });
    if (!done) return;
    setNotice({ intent: 'success', title: 'Palette enregistrée', text: 'Elle est enregistrée dans le classeur.' });
    await analyse(true);
  };

  const saveColumns = async (taught: TaughtColumns) => {
    const r = await act('Enregistrement des colonnes…', () => saveTaughtColumns(taught));
    if (!r) return;
    setState(r.state);
    const saved = `Colonnes enregistrées dans le classeur pour la feuille « ${r.state.sheetName} » (${formatTaughtColumns(taught)})`;
    const still = r.state.analysis ? incompleteNotice(r.state.analysis.diagnostics) : null;
    if (!r.state.analysis) {
      setNotice({
        intent: 'warning',
        title: 'Colonnes enregistrées, aucun tableau lu',
        text: `${saved}, mais la feuille relue avec elles ne donne pas de tableau de suivi. Vérifiez la colonne des états.`,
      });
    } else if (still) {
      setNotice({
        intent: 'warning',
        title: 'Colonnes enregistrées, bilan encore incomplet',
        text: `${saved}. La feuille a été relue avec elles. ${still}`,
      });
    } else {
      setNotice({
        intent: 'success',
        title: 'Colonnes enregistrées',
        text:
          `${saved}. La feuille a été relue avec elles\u00a0; le complément et la commande cls-bilan les reprendront ` +
          'à chaque lecture.',
      });
    }
  };

  const hasTable = Boolean(state?.analysis);
  const generated = state?.grid.generated;
  const year = state?.analysis?.sheet.year ?? generated?.year;
  const disabled = busy !== null;
  const incomplete = state?.analysis ? incompleteNotice(state.analysis.diagnostics) : null;
  const form = useMemo(() => (state && !state.grid.generated ? columnForm(state.grid, state.analysis) : null), [state]);
  const columns = form ? (
    <ColumnsForm
      key={`${state?.sheetId ?? ''}|${state?.grid.taught ?? ''}|${incomplete ?? ''}`}
      form={form}
      incomplete={incomplete}
      disabled={disabled}
      onSave={(taught) => void saveColumns(taught)}
    />
  ) : null;

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <Title3 as="h1" style={{ margin: 0 }}>
          Suivi CLS
        </Title3>
        <Caption1 as="p" style={{ margin: 0 }}>
          «&nbsp;Analyser&nbsp;» lit la feuille active sans rien modifier.
        </Caption1>
      </header>
      <div className={styles.toolbar} role="toolbar" aria-label="Lire la feuille">
        <Button appearance="primary" disabled={disabled} onClick={() => void analyse()}>
          Analyser
        </Button>
      </div>
      <Caption1 as="p" id="write-buttons" className={styles.groupLabel}>
        Ces boutons modifient le classeur&nbsp;:
      </Caption1>
      <div className={styles.toolbar} role="toolbar" aria-labelledby="write-buttons">
        <Button
          disabled={disabled || !hasTable}
          title="Colore chaque cellule d’état de la couleur de son état&#8239;; les couleurs d’origine sont gardées."
          onClick={() => void colour()}
        >
          Colorer les états
        </Button>
        <Button
          disabled={disabled || !state?.hasBackup}
          title="Remet les couleurs qu’avaient les cellules avant la première coloration."
          onClick={() => void restore()}
        >
          Restaurer les couleurs d’origine
        </Button>
        <Button
          disabled={disabled || !hasTable}
          title="Montre les libellés à corriger, puis les corrige si vous le demandez."
          onClick={() => void previewFixes()}
        >
          Corriger les libellés
        </Button>
        <Button
          disabled={disabled || !hasTable}
          title="Ajoute la liste des états de référence aux cellules d’état du tableau."
          onClick={() => void dropdown()}
        >
          Liste déroulante
        </Button>
        <Button
          disabled={disabled || !hasTable}
          title="Écrit la légende des états à la cellule sélectionnée."
          onClick={() => setLegendOpen(true)}
        >
          Légende
        </Button>
        <Button
          disabled={disabled || (!hasTable && !generated)}
          title={`Crée la feuille « Bilan ${year ?? 'AAAA'} », ou la met à jour si elle existe déjà.`}
          onClick={() => void bilan()}
        >
          Bilan {year ?? 'AAAA'}
        </Button>
      </div>
      <Caption1 as="p" className={styles.hint} data-testid="buttons-help">
        «&nbsp;Légende&nbsp;» écrit à la cellule sélectionnée&#8239;; «&nbsp;Bilan&nbsp;» crée sa feuille, ou la met à
        jour si elle existe.
        {state && !state.hasBackup && (hasTable || generated)
          ? ' «\u00a0Restaurer\u00a0» est grisé\u00a0: aucune couleur d’origine n’est enregistrée pour cette feuille (le complément ne l’a pas encore colorée).'
          : ''}
      </Caption1>
      <Switch
        checked={live}
        onChange={(_, data) => setLive(data.checked)}
        label="Analyse automatique quand la feuille change"
      />
      {busy ? (
        <div className={styles.busy} data-testid="busy">
          <Spinner size="tiny" />
          <Body1>{busy}</Body1>
        </div>
      ) : null}
      {notice ? (
        <MessageBar intent={notice.intent} data-testid="notice">
          <MessageBarBody>
            <MessageBarTitle>{typeset(notice.title)}</MessageBarTitle>
            {typeset(notice.text)}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {incomplete ? columns : null}
      {state?.summary ? (
        <>
          <Divider />
          <StatusSummary summary={state.summary} />
          <DiagnosticList summary={state.summary} onSelect={select} />
        </>
      ) : null}
      {incomplete ? null : columns}
      {!state ? <Body1>Ouvrez la feuille du tableau de suivi, puis cliquez sur « Analyser ».</Body1> : null}
      {generated && state?.noTable ? <Body1 data-testid="generated-sheet">{state.noTable}</Body1> : null}
      <Accordion collapsible>
        <AccordionItem value="settings">
          <AccordionHeader size="small">Paramètres</AccordionHeader>
          <AccordionPanel>
            {state ? (
              <SettingsPanel
                palette={state.palette}
                offer={state.legendOffer}
                disabled={disabled}
                onSave={(p) => void saveSettings(p)}
              />
            ) : (
              <Caption1>
                Analysez d’abord la feuille&nbsp;: la palette enregistrée dans le classeur s’affichera ici.
              </Caption1>
            )}
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
      <Caption1 as="p" className={styles.footer}>
        <Link href="aide.html" target="_blank" rel="noopener">
          Aide&nbsp;: ce que fait chaque bouton, et que faire en cas de message
        </Link>
      </Caption1>
      <FixesDialog changes={fixes} onApply={() => void applyFixes()} onClose={() => setFixes(null)} />
      <LegendDialog
        open={legendOpen}
        staleCounts={state?.legendUpdates.length ?? 0}
        onWrite={() => void writeLegend()}
        onUpdateCounts={() => void updateCounts()}
        onClose={() => setLegendOpen(false)}
      />
    </main>
  );
}
