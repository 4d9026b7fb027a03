/** One step of `<timeline>`. */
export interface TimelineStep {
  key: string;
  title: string;
  /** Who acted (masked name and role). */
  who: string;
  /** When, formatted. */
  at: string;
  comment: string;
  /** Lines of the step's declared inputs (`审核意见：情况属实`); absent when none. */
  details?: string[];
}
