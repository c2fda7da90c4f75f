import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import {
  CHOICE_ROLE_LABELS,
  CHOICE_ROLES,
  type ChoiceRole,
  type ColumnForm,
  taughtFromChoice,
} from '../../../core/edit/column-choice';
import type { TaughtColumns } from '../../../core/read/taught-columns';
import { typeset } from '../../../core/base/typography';

const NONE = 'aucune';

const useStyles = makeStyles({
  block: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '8px 10px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  heading: { margin: 0 },
  hint: { margin: 0, color: tokens.colorNeutralForeground2 },
  dropdown: { minWidth: '0', width: '100%' },
  year: { maxWidth: '8em' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
});

/**
 * « Indiquer les colonnes du tableau »: one list of the sheet's columns per role, preselected with
 * what the reader used, and the year; saved in the workbook as `cls-bilan sync --colonnes` does.
 * Open with the « Bilan incomplet » notice when the reading is doubtful, behind a link otherwise.
 */
export function ColumnsForm(props: {
  form: ColumnForm;
  /** « Bilan incomplet : … » when the reading is not to be trusted, else null. */
  incomplete: string | null;
  disabled: boolean;
  onSave: (taught: TaughtColumns) => void;
}) {
  const styles = useStyles();
  const { form, incomplete, disabled, onSave } = props;
  const [open, setOpen] = useState(incomplete !== null);
  const [columns, setColumns] = useState<Partial<Record<ChoiceRole, number | null>>>(form.selected);
  const [year, setYear] = useState(form.year !== null ? String(form.year) : '');
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <Caption1 as="p" className={styles.hint}>
        <Link as="button" data-testid="columns-link" onClick={() => setOpen(true)}>
          Les colonnes ne sont pas les bonnes&#8239;?
        </Link>
      </Caption1>
    );
  }

  const labelOf = (col: number | null | undefined) =>
    col === null || col === undefined ? '' : (form.options.find((o) => o.index === col)?.label ?? '');

  const save = () => {
    const result = taughtFromChoice({ columns, year }, form.previous);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    onSave(result.taught);
  };

  return (
    <section className={styles.block} aria-labelledby="columns-title" data-testid="columns-form">
      <Subtitle2 as="h2" id="columns-title" className={styles.heading}>
        Indiquer les colonnes du tableau
      </Subtitle2>
      {incomplete ? (
        <MessageBar intent="warning" data-testid="columns-incomplete">
          <MessageBarBody>{typeset(incomplete)}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Caption1 as="p" className={styles.hint}>
        {typeset(
          `Choisissez la colonne de chaque rôle${form.headerRow ? ` (noms lus en ligne ${form.headerRow})` : ''}. ` +
            'Le choix est enregistré dans le classeur, pour cette feuille : le complément et la commande cls-bilan ' +
            'le reprendront à chaque lecture.',
        )}
      </Caption1>
      {CHOICE_ROLES.map((role) => {
        const required = role === 'status';
        const selected = columns[role];
        return (
          <Field key={role} label={CHOICE_ROLE_LABELS[role]} required={required} size="small">
            <Dropdown
              className={styles.dropdown}
              size="small"
              data-role={role}
              disabled={disabled}
              placeholder={required ? 'Choisir la colonne des états' : 'Aucune'}
              value={labelOf(selected)}
              selectedOptions={selected === null || selected === undefined ? [] : [String(selected)]}
              onOptionSelect={(_, data) => {
                const value = data.optionValue;
                setColumns({ ...columns, [role]: value === undefined || value === NONE ? null : Number(value) });
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
          disabled={disabled}
          onChange={(_, data) => setYear(data.value)}
        />
      </Field>
      {error ? (
        <MessageBar intent="error" data-testid="columns-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" size="small" disabled={disabled} onClick={save}>
          Enregistrer et relire
        </Button>
        {incomplete ? null : (
          <Button size="small" onClick={() => setOpen(false)}>
            Fermer
          </Button>
        )}
      </div>
    </section>
  );
}
