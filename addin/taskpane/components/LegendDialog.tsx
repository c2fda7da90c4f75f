import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';

/** Where to put the legend: the user selects a cell in the sheet, then writes the block there. */
export function LegendDialog(props: {
  open: boolean;
  staleCounts: number;
  onWrite: () => void;
  onUpdateCounts: () => void;
  onClose: () => void;
}) {
  const { open, staleCounts, onWrite, onUpdateCounts, onClose } = props;
  return (
    <Dialog open={open} onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface aria-label="Légende">
        <DialogBody>
          <DialogTitle>Légende «&nbsp;Avancement des actions&nbsp;»</DialogTitle>
          <DialogContent>
            <Body1 as="p">
              Sélectionnez dans la feuille la cellule où commencera la légende (deux colonnes libres&nbsp;: le nombre
              d’actions, puis la phrase sur la couleur de l’état). Placée au-dessus du tableau, elle est lue comme la
              légende de la feuille et ses nombres sont contrôlés.
            </Body1>
            {staleCounts > 0 ? (
              <Body1 as="p">
                {staleCounts} nombre{staleCounts > 1 ? 's' : ''} de la légende actuelle ne correspond
                {staleCounts > 1 ? 'ent' : ''} plus au tableau.
              </Body1>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Fermer
            </Button>
            {staleCounts > 0 ? <Button onClick={onUpdateCounts}>Mettre à jour les nombres</Button> : null}
            <Button appearance="primary" onClick={onWrite}>
              Écrire la légende ici
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
