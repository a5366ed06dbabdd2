/** The status bar's text: the current stage and the spend against the cap, or the run's progress. */
import type { RunActivity } from '../crew-activity';
import type { ProductionView } from '../production-view';
import { money as formatMoney } from '../../core/money';

const money = (n: number, currency: string) => formatMoney(n, currency, 'symbol');

export interface StatusLine {
  text: string;
  tooltip: string;
  /** True when the spend is at or past 90% of the cap. */
  warning: boolean;
}

export function statusLine(view: ProductionView | undefined, run: RunActivity): StatusLine | undefined {
  if (!view) return undefined;
  const { spend } = view;
  const spent = run.running ? Math.max(run.spent, spend.total) : spend.total;
  const budget = spend.cap === undefined ? money(spent, spend.currency) : `${money(spent, spend.currency)} / ${money(spend.cap, spend.currency)}`;
  const warning = spend.cap !== undefined && spend.cap > 0 && spent >= 0.9 * spend.cap;
  if (run.running) {
    return { text: `$(sync~spin) Film Crew ${run.finished}/${run.total} · ${budget}`, tooltip: `${run.message}\nClick for the production's status.`, warning };
  }
  const stage = view.current ? view.current.title : 'All stages done';
  return {
    text: `$(device-camera-video) ${stage} · ${budget}`,
    tooltip: `${view.production.production?.data.title ?? 'Production'}: ${view.current?.why ?? 'every gate has passed.'}\nSpent ${budget}. Click for the status.`,
    warning,
  };
}
