import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { LabelChange } from '../../../core/edit/label-fixes';

/** The list of label changes, shown before anything is written. */
export function FixesDialog(props: { changes: LabelChange[] | null; onApply: () => void; onClose: () => void }) {
  const { changes, onApply, onClose } = props;
  const open = changes !== null;
  return (
    <Dialog open={open} onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface aria-label="Corrections des libellés">
        <DialogBody>
          <DialogTitle>Corriger les libellés</DialogTitle>
          <DialogContent>
            {changes && changes.length === 0 ? (
              <Body1>Aucun libellé à corriger&nbsp;: les états et les numéros sont déjà écrits comme il faut.</Body1>
            ) : (
              <>
                <Body1 as="p">
                  Ces cellules seront modifiées, et rien d’autre dans la feuille ({changes?.length ?? 0} modification
                  {(changes?.length ?? 0) > 1 ? 's' : ''})&nbsp;:
                </Body1>
                <Table size="extra-small" aria-label="Modifications" data-testid="fix-list">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Cellule</TableHeaderCell>
                      <TableHeaderCell>Avant</TableHeaderCell>
                      <TableHeaderCell>Après</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {(changes ?? []).map((c) => (
                      <TableRow key={c.cell}>
                        <TableCell>{c.cell}</TableCell>
                        <TableCell>{c.before || '(vide)'}</TableCell>
                        <TableCell>{c.after}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Annuler
            </Button>
            {changes && changes.length > 0 ? (
              <Button appearance="primary" onClick={onApply}>
                Appliquer les {changes.length} corrections
              </Button>
            ) : null}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
