import { Body1, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { DEFAULT_PALETTE, type Palette, STATUS_IDS, STATUSES } from '../../core/base/status';
import { typeset } from '../../core/base/typography';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '4px 16px' },
  row: { display: 'flex', alignItems: 'center', gap: '8px', margin: '2px 0', cursor: 'pointer' },
  swatch: {
    width: '40px',
    height: '28px',
    padding: 0,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    background: 'none',
    cursor: 'pointer',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '6px', marginTop: '8px' },
  hint: { margin: '0 0 8px 0', color: tokens.colorNeutralForeground2 },
});

/**
 * The colours of the states, as in the pane's settings: chosen here, they are used for every file
 * dropped, as the command's `--palette` (reading by colour, the bilans, the synced workbook).
 */
export function PalettePanel(props: {
  /** The palette in use: the page's, or the first workbook's own. */
  palette: Palette;
  /** The page's palette is in use (not the workbooks' own). */
  chosen: boolean;
  onApply: (palette: Palette) => void;
  onReset: () => void;
}) {
  const styles = useStyles();
  const { palette, chosen, onApply, onReset } = props;
  const [draft, setDraft] = useState<Palette>(palette);
  useEffect(() => setDraft(palette), [palette]);
  const changed = STATUS_IDS.some((id) => draft[id].toUpperCase() !== palette[id].toUpperCase());
  return (
    <section aria-label="Couleurs des états" data-testid="palette">
      <Caption1 as="p" className={styles.hint}>
        {typeset(
          'Sans choix ici, chaque classeur est lu avec sa propre palette (celle du complément, enregistrée dans le classeur), ' +
            'sinon avec la palette par défaut. Les couleurs appliquées servent à lire les états d’après la couleur des cellules, ' +
            'aux bilans et au classeur mis à jour, comme l’option --palette de la commande.',
        )}
      </Caption1>
      <div className={styles.grid}>
        {STATUS_IDS.map((id) => (
          <label key={id} className={styles.row}>
            <input
              className={styles.swatch}
              type="color"
              value={draft[id].toLowerCase()}
              aria-label={`Couleur de «\u00a0${STATUSES[id].label}\u00a0»`}
              data-status={id}
              onChange={(e) => setDraft({ ...draft, [id]: e.target.value.toUpperCase() })}
            />
            <Body1>{STATUSES[id].label}</Body1>
          </label>
        ))}
      </div>
      <div className={styles.actions}>
        <Button size="small" onClick={() => setDraft({ ...DEFAULT_PALETTE })}>
          Palette par défaut
        </Button>
        <Button size="small" appearance="primary" disabled={!changed && chosen} onClick={() => onApply(draft)}>
          Appliquer à tous les fichiers
        </Button>
        {chosen ? (
          <Button size="small" onClick={onReset}>
            Revenir aux couleurs de chaque classeur
          </Button>
        ) : null}
      </div>
    </section>
  );
}
