import {
  Body1,
  Button,
  Caption1,
  Card,
  Divider,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  tokens,
  useId,
} from '@fluentui/react-components';
import type { TaughtColumns } from '../../core/read/taught-columns';
import { formatTaughtColumns } from '../../core/read/taught-columns';
import { typeset } from '../../core/base/typography';
import { StatusSummary } from '../../addin/taskpane/components/StatusSummary';
import type { SheetView } from '../protocol';
import { type DownloadKind, formatSize, type PageFile } from '../state';
import { CheckList } from './CheckList';
import { ColumnChooser } from './ColumnChooser';

const useStyles = makeStyles({
  card: { padding: '14px 16px', gap: '10px' },
  head: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: '8px', flexWrap: 'wrap' },
  title: { margin: 0, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground2 },
  busy: { display: 'flex', alignItems: 'center', gap: '8px' },
  sheet: { display: 'flex', flexDirection: 'column', gap: '8px' },
  lecture: { margin: 0, color: tokens.colorNeutralForeground2 },
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  groupLabel: { margin: 0, color: tokens.colorNeutralForeground2 },
  hint: { margin: 0, color: tokens.colorNeutralForeground2 },
});

const BILAN_BUTTONS: readonly { kind: DownloadKind; label: string; title: string }[] = [
  {
    kind: 'xlsx',
    label: 'Bilan Excel (.xlsx)',
    title: 'Le bilan en classeur : une feuille par année, la synthèse, les contrôles.',
  },
  {
    kind: 'docx',
    label: 'Bilan Word (.docx)',
    title: 'Le bilan en document Word, pour le rapport annuel et le COPIL.',
  },
  {
    kind: 'html',
    label: 'Bilan web (.html)',
    title: 'Le bilan en page web, à ouvrir dans un navigateur ou à envoyer.',
  },
  { kind: 'json', label: 'Données (.json)', title: 'Les nombres et les contrôles, pour un autre outil.' },
];

/** One dropped file: its reading sheet by sheet, its checks, the column chooser, its downloads. */
export function FileCard(props: {
  file: PageFile;
  onChoose: (sheet: string, taught: TaughtColumns) => void;
  onOpenChooser: (sheet: string) => void;
  onDownload: (kind: DownloadKind) => void;
  onRemove: () => void;
}) {
  const styles = useStyles();
  const { file, onChoose, onOpenChooser, onDownload, onRemove } = props;
  const titleId = useId('file');
  const view = file.view;
  const busy = (kind: DownloadKind) => file.making.includes(kind);
  return (
    <Card className={styles.card} aria-labelledby={titleId} data-testid="file-card" data-file={file.name}>
      <div className={styles.head}>
        <Subtitle1 as="h2" id={titleId} className={styles.title} data-testid="file-title">
          {file.path}
        </Subtitle1>
        <span className={styles.toolbar}>
          <Caption1 className={styles.meta}>{formatSize(file.size)}</Caption1>
          <Button size="small" appearance="subtle" onClick={onRemove} aria-label={`Retirer « ${file.path} »`}>
            Retirer
          </Button>
        </span>
      </div>
      {file.phase === 'reading' ? (
        <div className={styles.busy} role="status" data-testid="reading">
          <Spinner size="tiny" />
          <Body1>{view ? 'Nouvelle lecture…' : 'Lecture du classeur…'}</Body1>
        </div>
      ) : null}
      {file.error ? (
        <MessageBar intent="error" data-testid="file-error" data-code={file.error.code}>
          <MessageBarBody>
            <MessageBarTitle>{view ? 'Nouvelle lecture impossible' : 'Lecture impossible'}</MessageBarTitle>
            <span data-testid="file-error-text">{typeset(file.error.message)}</span>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {view ? (
        <>
          {view.sheets.map((sheet, i) => (
            <SheetPanel
              key={`${i}|${sheet.gridName}|${sheet.summary.year ?? ''}`}
              file={file}
              sheet={sheet}
              onChoose={(taught) => onChoose(sheet.gridName, taught)}
              onOpenChooser={() => onOpenChooser(sheet.gridName)}
            />
          ))}
          {view.workbookDiagnostics.length > 0 ? (
            <CheckList
              line={`Autres feuilles : ${view.workbookDiagnostics.length === 1 ? '1 remarque' : `${view.workbookDiagnostics.length} remarques`}`}
              groups={[
                {
                  severity: 'info',
                  title: `Feuilles sans tableau lu (${view.workbookDiagnostics.length})`,
                  items: view.workbookDiagnostics,
                },
              ]}
            />
          ) : null}
          <Divider />
          <Caption1 as="p" id={`${titleId}-downloads`} className={styles.groupLabel}>
            Télécharger le bilan, fait par le même code que la commande cls-bilan convert&nbsp;:
          </Caption1>
          <div className={styles.toolbar} role="toolbar" aria-labelledby={`${titleId}-downloads`}>
            {BILAN_BUTTONS.map((b) => (
              <Button
                key={b.kind}
                data-download={b.kind}
                title={b.title}
                disabled={busy(b.kind) || file.phase === 'reading'}
                icon={busy(b.kind) ? <Spinner size="extra-tiny" /> : undefined}
                onClick={() => onDownload(b.kind)}
              >
                {b.label}
              </Button>
            ))}
          </div>
          {view.ods ? (
            <Caption1 as="p" className={styles.hint} data-testid="ods-note">
              {typeset(
                'Ce classeur est au format LibreOffice (.ods) : la page le lit et fait ses bilans, mais ne le met pas à jour ' +
                  '(couleurs, liste déroulante, feuille Bilan), car elle n’écrit que des classeurs Excel. Pour cela, enregistrez-en ' +
                  'une copie au format Excel (Fichier > Enregistrer sous > Classeur Excel 2007-365 .xlsx), déposez la copie ici, ' +
                  'et continuez ensuite à travailler sur elle.',
              )}
            </Caption1>
          ) : (
            <div className={styles.toolbar}>
              <Button
                appearance="primary"
                data-download="sync"
                disabled={busy('sync') || file.phase === 'reading'}
                icon={busy('sync') ? <Spinner size="extra-tiny" /> : undefined}
                onClick={() => onDownload('sync')}
                aria-describedby={`${titleId}-sync`}
              >
                Mettre mon classeur à jour
              </Button>
              <Caption1 id={`${titleId}-sync`} className={styles.hint}>
                {typeset(
                  'Télécharge une copie de votre classeur mise à jour comme par cls-bilan sync : états colorés, libellés ' +
                    'corrigés, liste déroulante, nombres de la légende, feuille « Bilan »' +
                    (file.columns ? `, colonnes « ${formatTaughtColumns(file.columns.taught)} » enregistrées` : '') +
                    '. Votre fichier d’origine n’est pas modifié.',
                )}
              </Caption1>
            </div>
          )}
        </>
      ) : null}
      {file.notice ? (
        <MessageBar intent={file.notice.intent} data-testid="download-notice">
          <MessageBarBody>
            <MessageBarTitle>{typeset(file.notice.title)}</MessageBarTitle>
            {typeset(file.notice.text)}
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </Card>
  );
}

function SheetPanel(props: {
  file: PageFile;
  sheet: SheetView;
  onChoose: (taught: TaughtColumns) => void;
  onOpenChooser: () => void;
}) {
  const styles = useStyles();
  const { file, sheet, onChoose, onOpenChooser } = props;
  const applied = file.columns && file.columns.sheet === sheet.gridName ? file.columns.taught : undefined;
  const wanted = sheet.incomplete !== null || applied !== undefined || file.openChoosers.includes(sheet.gridName);
  return (
    <div
      className={styles.sheet}
      data-testid="sheet"
      data-sheet={sheet.summary.sheetName}
      data-year={sheet.summary.year ?? ''}
    >
      <StatusSummary summary={sheet.summary} />
      <Caption1 as="p" className={styles.lecture} data-testid="lecture">
        <strong>Lecture&nbsp;:</strong> <span data-testid="lecture-text">{sheet.lecture}</span>
      </Caption1>
      {sheet.incomplete ? (
        <MessageBar intent="warning" data-testid="incomplete">
          <MessageBarBody>
            <MessageBarTitle>Bilan incomplet</MessageBarTitle>
            <span data-testid="incomplete-text">
              {typeset(sheet.incomplete.replace(/^Bilan incomplet\s*:\s*/, ''))}
            </span>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {wanted && sheet.form ? (
        <ColumnChooser
          form={sheet.form}
          sheet={sheet.gridName}
          incomplete={null}
          applied={applied ? formatTaughtColumns(applied) : null}
          onChoose={onChoose}
        />
      ) : wanted ? null : (
        <Caption1 as="p" className={styles.hint}>
          <Link as="button" data-testid="columns-link" onClick={onOpenChooser}>
            {`Les colonnes de la feuille «\u00a0${sheet.gridName}\u00a0» ne sont pas les bonnes\u202f?`}
          </Link>
        </Caption1>
      )}
      <CheckList line={sheet.summary.diagnosticsLine} groups={sheet.summary.groups} />
    </div>
  );
}
