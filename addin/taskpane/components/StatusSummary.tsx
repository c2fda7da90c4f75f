import { Badge, Body1, Caption1, makeStyles, ProgressBar, Subtitle2, tokens } from '@fluentui/react-components';
import type { PaneSummary } from '../../../core/layout/pane-summary';

const useStyles = makeStyles({
  badges: { display: 'flex', flexWrap: 'wrap', gap: '6px', margin: '8px 0' },
  badge: { border: `1px solid ${tokens.colorNeutralStroke1}` },
  done: { display: 'flex', alignItems: 'center', gap: '8px', marginTop: '4px' },
  bar: { flexGrow: 1 },
});

/** Counts per status as coloured badges, the share done and the report's sentence. */
export function StatusSummary({ summary }: { summary: PaneSummary }) {
  const styles = useStyles();
  return (
    <section aria-label="Bilan de la feuille">
      <Subtitle2 as="h2">{summary.heading}</Subtitle2>
      <div className={styles.badges} data-testid="status-badges">
        {summary.badges.map((b) => (
          <Badge
            key={b.key}
            className={styles.badge}
            appearance="filled"
            shape="rounded"
            size="large"
            data-status={b.key}
            data-count={b.count}
            style={{ backgroundColor: b.colour ?? tokens.colorNeutralBackground3, color: b.textColour }}
          >
            {b.label}&nbsp;: {b.count}
          </Badge>
        ))}
      </div>
      <div className={styles.done}>
        <Body1 data-testid="done-percent" style={{ whiteSpace: 'nowrap' }}>
          <strong>{summary.doneLabel}</strong>
        </Body1>
        <ProgressBar className={styles.bar} value={summary.donePercent / 100} thickness="large" />
      </div>
      <Caption1 block>{summary.conclusion}</Caption1>
    </section>
  );
}
