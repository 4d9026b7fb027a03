/**
 * `<timeline steps="{{steps}}" next="{{next}}"/>`: a case's history as a vertical list, each step
 * with what happened, who and when, then what happens next and by when.
 */
import type { TimelineStep } from './types';

Component({
  options: { addGlobalClass: true },
  properties: {
    steps: { type: Array, value: [] as TimelineStep[] },
    /** "What happens next" line, e.g. "等待南海镇工作人员受理，2026-12-03 前". */
    next: { type: String, value: '' },
  },
});
