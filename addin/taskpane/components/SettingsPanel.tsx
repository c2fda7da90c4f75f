import { Body1, Button, Caption1, makeStyles } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { LegendOffer } from '../../../core/base/palette-settings';
import { DEFAULT_PALETTE, type Palette, STATUS_IDS, STATUSES } from '../../../core/base/status';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', gap: '8px', margin: '2px 0' },
  swatch: { width: '36px', height: '24px', padding: 0, border: 'none', background: 'none' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '6px', marginTop: '8px' },
});

/** The workbook's palette: one colour per status, the sheet's legend offered, saved with the workbook. */
export function SettingsPanel(props: {
  palette: Palette;
  offer: LegendOffer | null;
  disabled: boolean;
  onSave: (palette: Palette) => void;
}) {
  const styles = useStyles();
  const { palette, offer, disabled, onSave } = props;
  const [draft, setDraft] = useState<Palette>(palette);
  useEffect(() => setDraft(palette), [palette]);
  return (
    <section aria-label="Paramètres">
      <Caption1 as="p">
        Couleurs des états, enregistrées dans le classeur&nbsp;: les collègues qui l’ouvrent voient les mêmes. La
        légende de la feuille, quand elle existe, fait foi pour lire les couleurs.
      </Caption1>
      {STATUS_IDS.map((id) => (
        <label key={id} className={styles.row}>
          <input
            className={styles.swatch}
            type="color"
            value={draft[id].toLowerCase()}
            aria-label={`Couleur de «\u00a0${STATUSES[id].label}\u00a0»`}
            onChange={(e) => setDraft({ ...draft, [id]: e.target.value.toUpperCase() })}
          />
          <Body1>{STATUSES[id].label}</Body1>
        </label>
      ))}
      {offer ? <Caption1 as="p">{offer.description}</Caption1> : null}
      <div className={styles.actions}>
        {offer ? (
          <Button size="small" onClick={() => setDraft({ ...draft, ...offer.colours })}>
            Utiliser les couleurs de la légende
          </Button>
        ) : null}
        <Button size="small" onClick={() => setDraft({ ...DEFAULT_PALETTE })}>
          Palette par défaut
        </Button>
        <Button size="small" appearance="primary" disabled={disabled} onClick={() => onSave(draft)}>
          Enregistrer dans le classeur
        </Button>
      </div>
    </section>
  );
}
