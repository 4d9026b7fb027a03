/** One step of `<timeline>`. */
export interface TimelineStep {
  key: string;
  title: string;
  /** Who acted (masked name and role). */
  who: string;
  /** When, formatted. */
  at: string;
  comment: string;
}
