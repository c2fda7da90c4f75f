import {
  Caption1,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle2,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import {
  CHOICE_ROLE_LABELS,
  CHOICE_ROLES,
  type ChoiceRole,
  type ColumnForm,
  taughtFromChoice,
} from '../../core/edit/column-choice';
import { formatTaughtColumns, type TaughtColumns } from '../../core/read/taught-columns';
import { typeset } from '../../core/base/typography';

const NONE = 'aucune';
/** Wait after a change before reading again. */
const DEBOUNCE_MS = 250;

const useStyles = makeStyles({
  block: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '8px 12px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  heading: { margin: 0 },
  hint: { margin: 0, color: tokens.colorNeutralForeground2 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '8px 12px' },
  dropdown: { minWidth: '0', width: '100%' },
  year: { maxWidth: '8em' },
});

/**
 * « Indiquer les colonnes du tableau », as in the pane: one list of the sheet's columns per role,
 * preselected with what the reader used, and the year (core/edit/column-choice.ts). Each valid
 * choice reads the workbook again at once (the same mapping as `--colonnes`), so the counts above
 * change as she chooses. Shown when the reading is doubtful, behind a link otherwise (SheetPanel).
 */
export function ColumnChooser(props: {
  form: ColumnForm;
  sheet: string;
  incomplete: string | null;
  /** The choice in use, as `--colonnes` writes it, or null while the reader's own is used. */
  applied: string | null;
  onChoose: (taught: TaughtColumns) => void;
}) {
  const styles = useStyles();
  const { form, sheet, incomplete, applied, onChoose } = props;
  const [columns, setColumns] = useState<Partial<Record<ChoiceRole, number | null>>>(form.selected);
  const [year, setYear] = useState(form.year !== null ? String(form.year) : '');
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const titleId = useId('columns-title');
  const choose = useRef(onChoose);
  choose.current = onChoose;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  /** A new choice: said wrong at once, read again shortly after when it is valid. */
  const update = (next: Partial<Record<ChoiceRole, number | null>>, nextYear: string) => {
    setColumns(next);
    setYear(nextYear);
    if (timer.current) clearTimeout(timer.current);
    const result = taughtFromChoice({ columns: next, year: nextYear }, form.previous);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    timer.current = setTimeout(() => choose.current(result.taught), DEBOUNCE_MS);
  };

  const labelOf = (col: number | null | undefined) =>
    col === null || col === undefined ? '' : (form.options.find((o) => o.index === col)?.label ?? '');

  return (
    <section className={styles.block} aria-labelledby={titleId} data-testid="columns-form" data-sheet={sheet}>
      <Subtitle2 as="h4" id={titleId} className={styles.heading}>
        Indiquer les colonnes du tableau «&nbsp;{sheet}&nbsp;»
      </Subtitle2>
      {incomplete ? (
        <MessageBar intent="warning" data-testid="columns-incomplete">
          <MessageBarBody>{typeset(incomplete)}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Caption1 as="p" className={styles.hint}>
        {typeset(
          `Choisissez la colonne de chaque rôle${form.headerRow ? ` (noms lus en ligne ${form.headerRow})` : ''} : ` +
            'les nombres se mettent à jour aussitôt. Les bilans téléchargés sont faits avec ce choix, et ' +
            '« Mettre mon classeur à jour » l’enregistre dans le classeur, pour le complément et la commande cls-bilan.',
        )}
      </Caption1>
      <div className={styles.grid}>
        {CHOICE_ROLES.map((role) => {
          const required = role === 'status';
          const selected = columns[role];
          return (
            <Field key={role} label={CHOICE_ROLE_LABELS[role]} required={required} size="small">
              <Dropdown
                className={styles.dropdown}
                size="small"
                data-role={role}
                placeholder={required ? 'Choisir la colonne des états' : 'Aucune'}
                value={labelOf(selected)}
                selectedOptions={selected === null || selected === undefined ? [] : [String(selected)]}
                onOptionSelect={(_, data) => {
                  const value = data.optionValue;
                  update({ ...columns, [role]: value === undefined || value === NONE ? null : Number(value) }, year);
                }}
              >
                {required ? null : (
                  <Option value={NONE} text="Aucune">
                    Aucune
                  </Option>
                )}
                {form.options.map((o) => (
                  <Option key={o.index} value={String(o.index)} text={o.label}>
                    {o.label}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          );
        })}
        <Field label="Année du bilan (facultatif)" hint="Quatre chiffres, si l’outil ne la trouve pas." size="small">
          <Input
            className={styles.year}
            size="small"
            inputMode="numeric"
            maxLength={4}
            value={year}
            onChange={(_, data) => update(columns, data.value)}
          />
        </Field>
      </div>
      {error ? (
        <MessageBar intent="error" data-testid="columns-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      {applied ? (
        <Caption1 as="p" className={styles.hint} data-testid="columns-applied" data-columns={applied}>
          {typeset(
            `Lu avec les colonnes « ${applied} », comme le ferait cls-bilan --colonnes ${applied.replace(/;/g, ',')}.`,
          )}
        </Caption1>
      ) : null}
    </section>
  );
}

export function appliedText(taught: TaughtColumns | undefined): string | null {
  return taught ? formatTaughtColumns(taught) : null;
}
