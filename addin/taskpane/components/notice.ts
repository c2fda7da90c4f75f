/** What the pane tells the user after an action: one message at a time. */
export type NoticeIntent = 'success' | 'error' | 'warning' | 'info';

export interface Notice {
  intent: NoticeIntent;
  title: string;
  text: string;
}
