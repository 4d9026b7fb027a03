import type { FunctionRuntime } from '../functions/runtime';
import { nextFire, parseCron } from './cron';

/** The event a timer trigger passes to main, as CloudBase builds it. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

/** Build a CloudBase timer event for a trigger at a time. */
export function timerEvent(triggerName: string, at: Date, message = ''): TimerEvent {
  return {
    Type: 'Timer',
    TriggerName: triggerName,
    Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Message: message,
  };
}

/** Fire a function's timer trigger now (its first trigger when no name is given). */
export async function fireTimer(
  runtime: FunctionRuntime,
  functionName: string,
  triggerName?: string,
): Promise<unknown> {
  const spec = runtime.spec(functionName);
  if (!spec) throw new Error(`no function "${functionName}"`);
  const trigger = triggerName ? spec.triggers.find((t) => t.name === triggerName) : spec.triggers[0];
  if (!trigger)
    throw new Error(`function "${functionName}" has no timer trigger${triggerName ? ` "${triggerName}"` : ''}`);
  const out = await runtime.invoke(functionName, timerEvent(trigger.name, new Date()), {
    identity: {},
    source: 'timer',
    trigger: 'timer',
  });
  return out.result;
}

/** Runs every function's timer triggers on their cron schedules until stopped. */
export class TimerScheduler {
  private readonly handles = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly runtime: FunctionRuntime,
    private readonly log: (line: string) => void,
  ) {}

  /** Schedule every trigger of every loaded function. */
  start(): void {
    for (const spec of this.runtime.allSpecs()) {
      for (const trigger of spec.triggers) {
        try {
          this.arm(spec.name, trigger.name, parseCron(trigger.config));
        } catch (err) {
          this.log(`timer ${spec.name}/${trigger.name}: ${(err as Error).message}`);
        }
      }
    }
  }

  private arm(fn: string, trigger: string, schedule: ReturnType<typeof parseCron>): void {
    if (this.stopped) return;
    const at = nextFire(schedule, new Date());
    if (!at) return;
    const delay = Math.min(at.getTime() - Date.now(), 2 ** 31 - 1);
    const handle = setTimeout(
      () => {
        this.handles.delete(handle);
        if (this.stopped) return;
        if (Date.now() + 5 < at.getTime()) return this.arm(fn, trigger, schedule); // long delays are chunked
        this.runtime
          .invoke(fn, timerEvent(trigger, at), { identity: {}, source: 'timer', trigger: 'timer' })
          .catch((err: Error) => this.log(`timer ${fn}/${trigger} failed: ${err.message}`));
        this.arm(fn, trigger, schedule);
      },
      Math.max(delay, 0),
    );
    handle.unref();
    this.handles.add(handle);
  }

  stop(): void {
    this.stopped = true;
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }
}
