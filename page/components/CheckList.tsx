import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Caption1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CATALOGUE, type Diagnostic, type Severity } from '../../core/check/diagnostics';
import type { DiagnosticGroup } from '../../core/layout/pane-summary';

/**
 * Heading colours by severity, each at least 4.5:1 on white, as in the pane (DiagnosticList):
 * Fluent's marigold reads 2.6:1, so warnings take a dark amber (6.8:1).
 */
const COLOURS: Readonly<Record<Severity, string>> = {
  error: tokens.colorPaletteRedForeground1,
  warning: '#8A4B00',
  info: tokens.colorNeutralForeground2,
};

const useStyles = makeStyles({
  item: { padding: '4px 0', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  cell: {
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: '0 4px',
    borderRadius: tokens.borderRadiusSmall,
    marginRight: '6px',
  },
  line: { margin: 0 },
});

/**
 * The checks of a sheet grouped by severity, as the pane lists them; each names its cell (the
 * page has no sheet to select it in: the address is shown, to find in the workbook).
 */
export function CheckList(props: { line: string; groups: readonly DiagnosticGroup[] }) {
  const styles = useStyles();
  const { line, groups } = props;
  return (
    <section aria-label="Contrôles" data-testid="diagnostics">
      <Body1 as="p" block className={styles.line}>
        <strong>Contrôles&nbsp;:</strong> {line}
      </Body1>
      {groups.length > 0 ? (
        <Accordion multiple collapsible defaultOpenItems={groups.map((g) => g.severity).slice(0, 1)}>
          {groups.map((group) => (
            <AccordionItem key={group.severity} value={group.severity}>
              <AccordionHeader size="small" style={{ color: COLOURS[group.severity] }} data-severity={group.severity}>
                {group.title}
              </AccordionHeader>
              <AccordionPanel>
                <ul className={styles.list}>
                  {group.items.map((d, i) => (
                    <CheckItem key={`${d.code}-${d.cell ?? ''}-${i}`} diagnostic={d} />
                  ))}
                </ul>
              </AccordionPanel>
            </AccordionItem>
          ))}
        </Accordion>
      ) : null}
    </section>
  );
}

function CheckItem({ diagnostic: d }: { diagnostic: Diagnostic }) {
  const styles = useStyles();
  return (
    <li className={styles.item} data-code={d.code} data-cell={d.cell ?? ''} data-sheet={d.sheet}>
      <Caption1 as="p" block className={styles.line}>
        {d.cell ? (
          <span className={styles.cell} data-testid="diagnostic-cell" title={`Cellule ${d.cell}`}>
            {d.cell}
          </span>
        ) : null}
        <strong>{CATALOGUE[d.code].title}</strong>
      </Caption1>
      <Caption1 as="p" block className={styles.line}>
        {d.message}
      </Caption1>
    </li>
  );
}
