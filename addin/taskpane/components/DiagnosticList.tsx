import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Caption1,
  Link,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CATALOGUE, type Diagnostic } from '../../../core/check/diagnostics';
import type { PaneSummary } from '../../../core/layout/pane-summary';

/**
 * Heading colours by severity, each at least 4.5:1 on white (the browser test measures them):
 * Fluent's marigold foreground reads 2.6:1, so warnings take a dark amber (6.8:1).
 */
const COLOURS = {
  error: tokens.colorPaletteRedForeground1,
  warning: '#8A4B00',
  info: tokens.colorNeutralForeground2,
} as const;

const useStyles = makeStyles({
  item: { padding: '4px 0', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
});

/** The checks grouped by severity; clicking a cell address selects it in the sheet. */
export function DiagnosticList(props: { summary: PaneSummary; onSelect: (d: Diagnostic) => void }) {
  const styles = useStyles();
  const { summary, onSelect } = props;
  return (
    <section aria-label="Contrôles" data-testid="diagnostics">
      <Body1 as="p" block>
        <strong>Contrôles&nbsp;:</strong> {summary.diagnosticsLine}
      </Body1>
      <Accordion multiple collapsible defaultOpenItems={summary.groups.map((g) => g.severity).slice(0, 1)}>
        {summary.groups.map((group) => (
          <AccordionItem key={group.severity} value={group.severity}>
            <AccordionHeader size="small" style={{ color: COLOURS[group.severity] }} data-severity={group.severity}>
              {group.title}
            </AccordionHeader>
            <AccordionPanel>
              <ul className={styles.list}>
                {group.items.map((d, i) => (
                  <li key={`${d.code}-${d.cell ?? ''}-${i}`} className={styles.item} data-code={d.code}>
                    <Caption1 as="p" block style={{ margin: 0 }}>
                      {d.cell ? (
                        <Link
                          as="button"
                          data-testid="diagnostic-cell"
                          onClick={() => onSelect(d)}
                          title={`Sélectionner ${d.cell}`}
                        >
                          {d.cell}
                        </Link>
                      ) : null}{' '}
                      <strong>{CATALOGUE[d.code].title}</strong>
                    </Caption1>
                    <Caption1 as="p" block style={{ margin: 0 }}>
                      {d.message}
                    </Caption1>
                  </li>
                ))}
              </ul>
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </section>
  );
}
